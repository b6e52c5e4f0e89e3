"""The ``ik`` command's entry point.

``ik --version`` is answered here without importing the command line (Typer, Rich and every
command module); everything else goes to :func:`integrakonzept.cli.main`, without pydantic's
search for plugins.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run ``ik``."""
    if sys.argv[1:] == ["--version"]:
        from integrakonzept import __version__

        sys.stdout.write(f"ik {__version__}\n")
        return
    # Pydantic looks for plugins (observability tools announced by installed packages) when
    # the first model is made, reading every installed package's entry points – at every
    # start. ik's models check ik's own files; nothing there to watch (Typer, too, turns the
    # search off for its options). A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from integrakonzept.cli import main as run

    run()
