"""The ``ik`` command's entry point.

``ik --version`` is answered here without importing the command line (Typer, Rich and every
command module); everything else goes to :func:`integrakonzept.cli.main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run ``ik``."""
    if sys.argv[1:] == ["--version"]:
        from integrakonzept import __version__

        sys.stdout.write(f"ik {__version__}\n")
        return
    from integrakonzept.cli import main as run

    run()
