"""Shared fixtures: paths to the examples and a helper to write process files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/prozess.yaml"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], Path]:
    """Write dedented YAML text to ``prozess.yaml`` in a temporary folder."""

    def write(text: str, name: str = "prozess.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


MINIMAL = """
titel: Integrationskonzept Musterstadt
kommune:
  name: Musterstadt
  art: Stadt
veranstalter:
  institution: Stadt Musterstadt
kontakt:
  name: Erika Muster
  email: integration@musterstadt.example.de
handlungsfelder:
  - id: sprache
    titel: Sprache
phasen:
  - id: auftakt
    art: auftakt
    titel: Auftakt
    datum: 2030-03-19
    beginn: "16:00"
    ende: "19:00"
"""


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL
