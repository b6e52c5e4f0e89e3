"""CLI commands (process)."""

from __future__ import annotations

from integrakonzept.cli.app import app  # noqa: F401
