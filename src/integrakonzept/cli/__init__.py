"""Command-line interface: ``ik``. Commands live in the modules of this package."""

from integrakonzept.cli import documents, mail, people, plan, privacy, process, results  # noqa: F401  (register)
from integrakonzept.cli.app import app, main, use_german_help

use_german_help(app)

__all__ = ["app", "main"]
