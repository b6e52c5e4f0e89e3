"""Fuzzing ``import_registrations`` (CSV and XLSX exports) with hypothesis.

Random bytes, truncated real exports, every encoding, NUL and control characters in every
column, formulas, right-to-left marks, emoji, huge cells and headers: each import ends in a
correct tracker or a German message (in the exception or in the file's report), never a
traceback, within the time and memory budget of :func:`fuzz_support.bounded`.
Most examples plan only (``dry_run``); one test writes the tracker and reads it back.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fuzz_support import ENCODINGS, FUZZ, assert_german
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bounded
from integrakonzept.errors import IkError
from integrakonzept.people.import_report import ImportReport
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

ROOT = Path(__file__).resolve().parents[2]
PROCESS = ROOT / "tests" / "people" / "prozess.yaml"
EXPORTS = ROOT / "tests" / "data" / "exports"
SAMPLES = sorted(p for p in EXPORTS.iterdir() if p.suffix in {".csv", ".xlsx"})
HEADER = ["Vorname", "Nachname", "E-Mail", "Telefon", "Veranstaltung", "Dolmetschen", "Anmerkungen"]
EVENTS = ["auftakt", "workshop-bildung", "Auftaktveranstaltung Integrationskonzept", "", "x"]

# characters that break naive readers and writers
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\u202e\u200f\u061c"
    ";,\t\"'\r\n=+-@<>&😀👩🏽‍🚀ÄÖÜßçğ"
)
cell_text = st.text(
    alphabet=st.one_of(st.sampled_from(NASTY), st.characters(codec="utf-8")), max_size=40
)
#: an import takes far longer than a YAML parse: a smaller share of the fixed budget
IMPORT_FUZZ = settings(FUZZ, max_examples=50)
HOSTILE = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "'; DROP TABLE t; --",
    "\u202eevil",
    "Zoë 😀",
    "_x0000_",
    "@SUM(1)",
    "+49 170",
    "-1",
]


@contextmanager
def process_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(PROCESS, Path(folder) / "prozess.yaml")
        yield Path(folder)


def run_import(folder: Path, export: Path, *, dry_run: bool = True) -> ImportReport | None:
    """Import; an ``IkError`` is fine if German. Returns the report (``None`` after an error)."""
    with bounded(seconds=30):
        try:
            report = import_registrations(load_process(folder / "prozess.yaml"), [export], dry_run=dry_run)
        except IkError as exc:
            assert_german(exc)
            return None
    for file in report.files:
        if file.error is not None:
            assert_german(IkError(file.error, file.hint))
            assert len(file.error) < 2_000, "a message must not echo a huge input"
    return report


def csv_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


@IMPORT_FUZZ
@given(st.binary(max_size=3000), st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    with process_folder() as folder:
        export = folder / f"export{suffix}"
        export.write_bytes(data)
        run_import(folder, export)


@IMPORT_FUZZ
@given(st.sampled_from(SAMPLES), st.floats(0, 1), st.sampled_from(["cut", "flip", "zero"]))
def test_truncated_and_damaged_real_exports(sample: Path, where: float, how: str) -> None:
    data = bytearray(sample.read_bytes())
    at = int(len(data) * where)
    if how == "cut":
        del data[at:]
    elif how == "flip" and at < len(data):
        data[at] ^= 0xFF
    else:
        data[at : at + 64] = bytes(min(64, len(data) - at))
    with process_folder() as folder:
        export = folder / sample.name
        export.write_bytes(bytes(data))
        run_import(folder, export)


tables = st.lists(
    st.lists(cell_text, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=8
)


@IMPORT_FUZZ
@given(tables, st.sampled_from([";", ",", "\t"]), st.sampled_from(ENCODINGS))
def test_nasty_cells_in_every_column_and_encoding(
    rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    for row in rows:
        row[4] = EVENTS[len(row[0]) % len(EVENTS)]
    with process_folder() as folder:
        export = folder / "export.csv"
        export.write_bytes(csv_bytes([HEADER, *rows], delimiter, encoding))
        run_import(folder, export)


@settings(FUZZ, max_examples=15)
@given(st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=2), st.integers(0, 4))
def test_hostile_names_arrive_intact_and_as_text(names: list[str], column: int) -> None:
    """Written for real: the tracker holds the names as text, unchanged, never as formulas."""
    first, last = names
    row = [first, last, "zoe@example.org", "0170 1234567", "auftakt", "Arabisch", last]
    row[5 + column % 2] = first  # hostile text in a free-text column too
    with process_folder() as folder:
        export = folder / "export.csv"
        export.write_bytes(csv_bytes([HEADER, row], ";", "utf-8"))
        report = run_import(folder, export, dry_run=False)
        assert report is not None and report.files[0].error is None
        from openpyxl import load_workbook

        sheet = load_workbook(folder / "anmeldungen.xlsx")["Anmeldungen"]
        header = [c.value for c in sheet[1]]
        cells = dict(zip(header, sheet[2], strict=False))
        for key, expected in (("Vorname", first), ("Nachname", last)):
            cell = cells[key]
            if _as_stored(expected):
                assert cell.data_type == "s", (key, cell.value)
                assert cell.value == _as_stored(expected)
            else:
                assert cell.value is None


def _as_stored(text: str) -> str:
    """What the import keeps of a name: "_x0000_" escapes are control characters, dropped."""
    return unicodedata.normalize("NFC", text.replace("_x0000_", "")).strip()


def test_huge_header_is_refused_briefly(tmp_path: Path) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    export = tmp_path / "export.csv"
    export.write_bytes(("Vorname;" + "X" * 1_600_000 + "\r\nAnna;B\r\n").encode())
    report = run_import(tmp_path, export)
    if report is not None:
        for file in report.files:
            text = " ".join([file.error or "", file.hint or "", *file.notes, *file.unrecognised])
            assert len(text) < 2_000


def test_huge_cell(tmp_path: Path) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    export = tmp_path / "export.csv"
    rows = [HEADER, ["Anna", "B", "a@example.org", "", "auftakt", "", "x" * 200_000]]
    export.write_bytes(csv_bytes(rows, ";", "utf-8"))
    run_import(tmp_path, export, dry_run=False)
