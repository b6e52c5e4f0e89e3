"""Helpers for the people tests (fixtures: :mod:`people_fixtures`).

Modules with unique names instead of a ``conftest.py``: the test folders have no
``__init__.py``, so a second ``conftest`` module would shadow ``tests/conftest.py`` for
``from conftest import …`` in other test modules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
EXPORTS = HERE.parent / "data" / "exports"
PROCESS = HERE / "prozess.yaml"


def tracker_rows(path: Path, sheet: str = "Anmeldungen") -> list[dict[str, Any]]:
    """Rows of a sheet as dicts by header (openpyxl, values as stored)."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Data Validation extension", UserWarning)
        wb = load_workbook(path)
    ws = wb[sheet]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) if h is not None else "" for h in rows[0]]
    result = []
    for row in rows[1:]:
        if all(v is None for v in row):
            continue
        result.append(dict(zip(header, row, strict=False)))
    wb.close()
    return result


def people(path: Path) -> set[tuple[str, str, str, str]]:
    """(event, first name, last name, status) of every row."""
    return {
        (r["Veranstaltung"], r["Vorname"] or "", r["Nachname"] or "", r["Status"])
        for r in tracker_rows(path)
    }


def replace_in_process(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(path: Path, workdir: Path) -> Path:
    """Let LibreOffice open, recalculate and save ``path`` (its own profile per call)."""
    program = soffice()
    if program is None:
        pytest.fail("LibreOffice (soffice) is not installed; the recalculation test needs it.")
    stamp = f"{os.getpid()}-{datetime.now().timestamp()}"
    profile = workdir / f"lo-profile-{stamp}"
    outdir = workdir / f"lo-out-{path.stem}-{stamp}"
    outdir.mkdir()
    subprocess.run(
        [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = outdir / path.name
    assert result.exists(), "LibreOffice did not write the converted file"
    return result
