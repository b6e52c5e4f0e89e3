"""Command-line interface: ``ik``. Commands live in the modules of this package; each
module is imported when its command is used (see :data:`integrakonzept.cli.app.COMMANDS`)."""

from integrakonzept.cli.app import app, main

__all__ = ["app", "main"]
