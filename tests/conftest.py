"""Shared fixtures: paths to the examples and a helper to write process files."""

from __future__ import annotations

import re
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/prozess.yaml"))

# Words of English library messages (PyYAML, pydantic, Python); none may reach the user.
ENGLISH = re.compile(
    r"\b(found|expected|while|scanning|parsing|constructor|could not|not allowed|character|"
    r"stream|mapping|anchor|alias|Input should|Traceback|object|Errno|invalid|Value error)\b"
)


@contextmanager
def bounded(seconds: float = 10.0, megabytes: float = 200.0) -> Iterator[None]:
    """Assert a time and a Python-heap memory budget for the block (hostile input)."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 1_000_000, f"peak {peak / 1e6:.0f} MB"


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
