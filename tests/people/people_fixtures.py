"""Fixtures of the people tests, loaded with ``pytest_plugins = ["people_fixtures"]``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from people_helpers import EXPORTS, PROCESS


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with the test process file (its tracker goes beside it)."""
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    return tmp_path


@pytest.fixture
def process_file(workdir: Path) -> Path:
    return workdir / "prozess.yaml"


@pytest.fixture
def export(workdir: Path) -> Callable[[str], Path]:
    """Copy a fixture export into the work folder (rejects files are written beside it)."""

    def copy(name: str) -> Path:
        target = workdir / name
        shutil.copy(EXPORTS / name, target)
        return target

    return copy
