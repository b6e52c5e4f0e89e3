"""Kennungen end up in file names: none can leave the output folder or break on Windows."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.errors import ProcessFileError
from integrakonzept.process.load import load_process

HOSTILE_IDS = [
    "../auftakt",
    "..",
    "/etc/passwd",
    "C:\\Windows\\x",
    "auf/takt",
    "auftakt.",
    "con",
    "nul",
    "lpt1",
    "com9",
    "Auftakt",
    "a" * 41,
    "auf\x00takt",
    "‮auftakt",
    "auftakt😀",
]
# the endings ik appends to a phase id to name its files
SUFFIXES = [
    "-einladung.pdf",
    "-pressemitteilung-ankuendigung.docx",
    "-teilnahmeliste.pdf",
    "-qr-anmeldung.png",
    "-termin.ics",
]
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)


def with_id(minimal: str, ident: str) -> str:
    return minimal.replace(
        "  - id: auftakt\n", f"  - id: {json.dumps(ident, ensure_ascii=False)}\n"
    )


def assert_safe_name(name: str) -> None:
    folder = Path("/ausgabe")
    assert (folder / name).resolve().parent == folder
    for pure in (PurePosixPath(name), PureWindowsPath(name)):
        assert len(pure.parts) == 1 and not pure.is_absolute()
    assert not name.endswith((".", " ")) and len(name.encode()) <= 255
    assert not WINDOWS_RESERVED.match(name)
    assert not set(name) & set('<>:"/\\|?*') and all(ord(c) >= 32 for c in name)


@pytest.mark.parametrize("ident", HOSTILE_IDS)
def test_hostile_ids_are_refused(tmp_path: Path, minimal_yaml: str, ident: str) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text(with_id(minimal_yaml.lstrip(), ident), encoding="utf-8")
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    (problem,) = info.value.problems
    assert problem.path == "phasen[1].id" or problem.path.startswith("phasen")
    assert "Kennung" in problem.message


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("az09-_./\\: .\x00Ä😀‮CONulpt1"), min_size=1, max_size=50))
def test_every_accepted_id_makes_safe_file_names(ident: str) -> None:
    from conftest import MINIMAL

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prozess.yaml"
        path.write_text(with_id(MINIMAL.lstrip(), ident), encoding="utf-8")
        try:
            process = load_process(path)
        except ProcessFileError:
            return
    phase_id = process.phases[0].id
    for suffix in SUFFIXES:
        assert_safe_name(phase_id + suffix)


def test_an_edge_id_writes_inside_the_output_folder(tmp_path: Path, minimal_yaml: str) -> None:
    ident = "a" * 40
    path = tmp_path / "prozess.yaml"
    path.write_text(with_id(minimal_yaml.lstrip(), ident), encoding="utf-8")
    result = CliRunner().invoke(app, ["calendar", str(path), "--phase", ident])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "prozess.yaml"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "ausgabe/.ik-kalender.json",  # ik's record of the entries issued (SEQUENCE)
        f"ausgabe/{ident}-termin.ics",
    ]
