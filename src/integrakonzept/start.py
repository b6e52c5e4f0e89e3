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


def entry() -> None:
    """The installed ``ik`` command (and ``python -m integrakonzept``): :func:`main`, then
    leave without tearing the interpreter down.

    After a build, freeing every object one by one (the process model, the templates,
    WeasyPrint's tables) takes 0.15–0.2 s, when all output is already written. The exit
    handlers still run and the output is flushed, then the process ends with the same
    status. An error or a stream that cannot be flushed (a closed pipe) takes Python's
    usual way out, so nothing the user sees changes.
    """
    try:
        main()
    except SystemExit as exit:
        code = exit.code
    else:
        code = None
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)  # a message: Python prints it
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code or 0)

