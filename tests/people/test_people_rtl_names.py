"""Names and organisations in Arabic, Persian or Hebrew script read from the right in the
tracker: their cells get right-to-left reading order (``readingOrder="2"``), on screen and
in the printed list; Latin names stay left to right. Checked by reading the xlsx back and
in LibreOffice's PDF print (word positions from ``pdftotext -bbox``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from people_helpers import soffice

from integrakonzept.people.imports import import_registrations
from integrakonzept.people.xlsxpatch import RtlStyles
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

ROWS = [
    # first name, last name, organisation, right to left?
    ("أحمد", "الخطيب", "جمعية الجالية العربية e.V.", True),
    ("Erika", "Muster", "Stadtteilverein Nord e.V.", False),
    ("زهرا", "احمدی", "انجمن فرهنگی افغان‌ها", True),
    ("זהבה", "כהן", "קהילה יהודית e.V.", True),
    ("Mahmoud", "Haddad (حداد)", "Verein für Arabisch (جمعية)", False),
    ("Ольга", "Петренко", "Українська громада", False),
]


def _export(folder: Path, rows: list[tuple[str, str, str, bool]], name: str = "export.csv") -> Path:
    lines = ["Zeitstempel;Vorname;Nachname;Organisation;E-Mail;Veranstaltung"]
    for number, (first, last, organisation, _rtl) in enumerate(rows, start=1):
        lines.append(f"05.03.2025 10:{number:02d};{first};{last};{organisation};p{number}@example.de;auftakt")
    path = folder / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _cells(path: Path) -> dict[str, dict[str, object]]:
    ws = load_workbook(path)["Anmeldungen"]
    header = [c.value for c in ws[1]]
    found: dict[str, dict[str, object]] = {}
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        found[str(cells["E-Mail"].value)] = cells
    return found


def _xf_count(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        m = re.search(rb'<cellXfs count="(\d+)"', z.read("xl/styles.xml"))
    assert m is not None
    return int(m.group(1))


def test_right_to_left_names_get_right_to_left_cells(workdir: Path, process_file: Path) -> None:
    tracker = import_registrations(load_process(process_file), [_export(workdir, ROWS)]).tracker
    cells = _cells(tracker)
    for number, (_first, _last, _organisation, rtl) in enumerate(ROWS, start=1):
        row = cells[f"p{number}@example.de"]
        for header in ("Vorname", "Nachname", "Organisation"):
            alignment = row[header].alignment  # type: ignore[attr-defined]
            expected = 2 if rtl else 0
            assert (alignment.readingOrder or 0) == expected, (number, header)
            assert alignment.wrap_text  # the print layout still wraps long names
        assert not row["E-Mail"].alignment.readingOrder  # type: ignore[attr-defined]
    # only what is needed was added: one twin per style used by right-to-left cells
    before = _xf_count(tracker)
    import_registrations(load_process(process_file), [_export(workdir, ROWS)])
    assert _xf_count(tracker) == before
    more = [("سارا", "رضایی", "", True)]
    import_registrations(load_process(process_file), [_export(workdir, more, "neu.csv")])
    assert _xf_count(tracker) == before  # the twin is reused, never added twice
    assert _cells(tracker)["p1@example.de"]["Vorname"].alignment.readingOrder == 2  # type: ignore[attr-defined]


def test_twin_styles_keep_the_rest_of_the_style() -> None:
    styles = (
        b'<styleSheet><cellXfs count="3"><xf numFmtId="0" fontId="0"/>'
        b'<xf numFmtId="0" fontId="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        b'<xf numFmtId="164" fontId="0" applyAlignment="0" xfId="0"/></cellXfs></styleSheet>'
    )
    rtl = RtlStyles(styles)
    assert [rtl.twin(0), rtl.twin(1), rtl.twin(2), rtl.twin(1)] == [3, 4, 5, 4]
    xml = rtl.xml()
    assert b'<cellXfs count="6">' in xml
    assert b'<xf numFmtId="0" fontId="0" applyAlignment="1"><alignment readingOrder="2"/></xf>' in xml
    assert (
        b'<xf numFmtId="0" fontId="1" applyAlignment="1"><alignment vertical="top" wrapText="1" '
        b'readingOrder="2"/></xf>' in xml
    )
    assert b'<xf numFmtId="164" fontId="0" applyAlignment="1" xfId="0"><alignment readingOrder="2"/></xf>' in xml
    again = RtlStyles(xml)
    assert again.twin(4) == 4 and again.twin(1) == 4 and not again.changed


@pytest.mark.slow
def test_libreoffice_prints_right_to_left_names_from_the_right(workdir: Path, process_file: Path) -> None:
    program = soffice()
    if program is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice and pdftotext are needed (installed by .ci/run).")
    rows = [ROWS[0], ROWS[1]]
    tracker = import_registrations(load_process(process_file), [_export(workdir, rows)]).tracker
    subprocess.run(
        [
            program, "--headless", "--norestore",
            f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}",
            "--convert-to", "pdf", "--outdir", str(workdir), str(tracker),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = workdir / "anmeldungen.pdf"
    bbox = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = [
        (float(x0), float(x1), float(y0), text)
        for x0, y0, x1, _y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox
        )
    ]

    def where(word: str) -> tuple[float, float, float]:
        hits = [(x0, x1, y) for x0, x1, y, text in words if text == word or text == word[::-1]]
        assert hits, (word, [w[3] for w in words])
        return hits[0]

    heading = where("Vorname")
    latin = where("Erika")
    arabic = where("أحمد")
    # Latin starts at the left edge of the column, like its heading …
    assert abs(latin[0] - heading[0]) < 6
    # … the Arabic name ends at the right edge of the same column (read from the right)
    assert arabic[0] > latin[0] + 20
    # in the Arabic organisation, "e.V." stands left of the Arabic words (right-to-left order)
    ev = [x0 for x0, _x1, y, text in words if "e.V" in text and abs(y - arabic[2]) < 12]
    association = where("جمعية")
    assert ev and ev[0] < association[0]
