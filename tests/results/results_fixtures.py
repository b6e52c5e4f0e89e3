"""Fixtures of the results tests, loaded with ``pytest_plugins = ["results_fixtures"]``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from results_helpers import PROCESS_YAML, Case, build_tracker, truth_rows


@pytest.fixture
def musterstadt(tmp_path: Path) -> Case:
    folder = tmp_path / "musterstadt"
    folder.mkdir()
    process = folder / "prozess.yaml"
    process.write_text(textwrap.dedent(PROCESS_YAML).lstrip(), encoding="utf-8")
    tracker = build_tracker(folder / "anmeldungen.xlsx", truth_rows())
    return Case(process, tracker, folder)


@pytest.fixture(scope="module")
def musterstadt_module(tmp_path_factory: pytest.TempPathFactory) -> Case:
    folder = tmp_path_factory.mktemp("musterstadt")
    process = folder / "prozess.yaml"
    process.write_text(textwrap.dedent(PROCESS_YAML).lstrip(), encoding="utf-8")
    tracker = build_tracker(folder / "anmeldungen.xlsx", truth_rows())
    return Case(process, tracker, folder)
