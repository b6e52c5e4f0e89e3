"""Hostile names (markup, formulas, SQL, right-to-left marks, emoji) pass through every output
harmless and intact: escaped in HTML, text (never a formula) in spreadsheets, unchanged in
Word, PDF, Markdown and calendar files, and never printed by the terminal commands."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrakonzept.cli import app

ROOT = Path(__file__).resolve().parents[1]
PROCESS = ROOT / "tests" / "people" / "prozess.yaml"

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","klick")'
SQL = "'; DROP TABLE teilnehmende; --"
RTL = "\u202eLanamreG"
EMOJI = "Zoë 🙂"
# the process title gets its own hostile texts, so that the people's never appear by way of it
TITLE = "Vielfalt <img src=x onerror=alert(2)> & '; DELETE FROM t; -- \u202eTXET 😀"
PEOPLE = [(SCRIPT, "Muster"), (FORMULA, "Tilgmann"), (SQL, "Test"), (RTL, EMOJI)]

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("feindlich")
    text = PROCESS.read_text(encoding="utf-8").replace(
        "titel: Integrationskonzept Musterstadt",
        f"titel: {json.dumps('Integrationskonzept ' + TITLE, ensure_ascii=False)}",
        1,
    )
    (folder / "prozess.yaml").write_text(text, encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Vorname", "Nachname", "E-Mail", "Veranstaltung", "Anmerkungen"])
    for n, (first, last) in enumerate(PEOPLE):
        writer.writerow([first, last, f"p{n}@example.org", "auftakt", FORMULA])
    (folder / "export.csv").write_text(buffer.getvalue(), encoding="utf-8")
    invoke("import-registrations", str(folder / "prozess.yaml"), str(folder / "export.csv"))
    return folder


def test_tracker_holds_text_not_formulas(folder: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(folder / "anmeldungen.xlsx")["Anmeldungen"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2)]
    names = {(r["Vorname"].value, r["Nachname"].value) for r in rows if r["Vorname"].value}
    assert names == set(PEOPLE)
    for row in rows:
        for key in ("Vorname", "Nachname", "Anmerkungen"):
            assert row[key].data_type == "s"


def test_internal_list_and_documentation(folder: Path) -> None:
    from openpyxl import load_workbook

    invoke(
        "export-results",
        str(folder / "prozess.yaml"),
        "--with-personal-data",
        "--format",
        "md,xlsx",
        "--today",
        "2025-06-01",
    )
    (internal,) = folder.rglob("*INTERN-Teilnehmende*.xlsx")
    cells = [c for row in load_workbook(internal).active.iter_rows() for c in row]
    values = {c.value for c in cells}
    for first, last in PEOPLE:
        assert first in values and last in values
    assert all(c.data_type != "f" for c in cells if c.value in {FORMULA, SCRIPT, SQL})
    documentation = "\n".join(
        p.read_text(encoding="utf-8") for p in (folder / "ausgabe").rglob("*.md")
    )
    assert TITLE in re.sub(r"\\(.)", r"\1", documentation)  # intact after Markdown escapes
    assert re.search(r"(?<!\\)<img", documentation) is None  # escaped, never raw HTML
    assert "Tilgmann" not in documentation and "p0@example.org" not in documentation
    for path in (folder / "ausgabe").rglob("*.xlsx"):
        if "INTERN" in path.name:
            continue
        with zipfile.ZipFile(path) as archive:
            xml = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        assert "HYPERLINK" not in xml and "p1@example.org" not in xml


def test_press_release_and_calendar(folder: Path) -> None:
    process = str(folder / "prozess.yaml")
    html = invoke(
        "press-release",
        process,
        "--phase",
        "auftakt",
        "--kind",
        "ankuendigung",
        "--date",  # an announcement is dated before its event
        "2025-03-01",
        "--format",
        "html",
        "-o",
        "-",
    )
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt; &amp; " in html
    assert "\u202eTXET 😀" in html
    text = invoke(
        "press-release",
        process,
        "--phase",
        "auftakt",
        "--kind",
        "ankuendigung",
        "--date",  # an announcement is dated before its event
        "2025-03-01",
        "--format",
        "txt",
        "-o",
        "-",
    )
    assert TITLE in text
    invoke("calendar", process, "--phase", "auftakt")
    (ics,) = (folder / "ausgabe").glob("*.ics")
    import icalendar

    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    descriptions = " ".join(str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT"))
    assert TITLE in descriptions or TITLE in " ".join(
        str(e.get("SUMMARY", "")) for e in calendar.walk("VEVENT")
    )


def test_signup_sheet_prints_the_names(folder: Path) -> None:
    process = str(folder / "prozess.yaml")
    invoke(
        "signup-sheet", process, "--phase", "auftakt", "--tracker", str(folder / "anmeldungen.xlsx")
    )
    (pdf,) = (folder / "ausgabe").glob("*teilnahmeliste*.pdf")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) must be installed"
    text = subprocess.run(
        [pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # names wrap inside their narrow column: compare without white space
    flat = "".join(text.split())
    for name in (SCRIPT, FORMULA, SQL):
        assert "".join(name.split()) in flat, text
    assert "p0@example.org" not in text  # no contact data on paper


def test_terminal_commands_never_print_names(folder: Path) -> None:
    process = str(folder / "prozess.yaml")
    output = invoke("status", process, "--today", "2025-03-01")
    output += invoke("check", process, "--today", "2025-03-01")
    for first, _ in PEOPLE:
        assert first not in output
    assert "Tilgmann" not in output and "p1@example.org" not in output
