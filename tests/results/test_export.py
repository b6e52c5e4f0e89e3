"""``export_results`` end to end: the figures in DOCX, PDF, Markdown and XLSX are the truth,
the charts are there, and no planted personal datum reaches any default output."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from results_helpers import SECRETS, TRUTH, Case

from integrakonzept.output import Change, Writer
from integrakonzept.results.export import (
    BASENAME,
    ExportOptions,
    ExportResult,
    export_results,
    parse_formats,
)
from integrakonzept.results.privacy import Count

pytest_plugins = ["results_fixtures"]  # fixtures: musterstadt, musterstadt_module
TODAY = date(2030, 6, 15)


def _export(process_file: Path, writer: Writer, **options: Any) -> ExportResult:
    """What the CLI does: load the process, read its tracker once, export."""
    from integrakonzept.people.roster import roster_for
    from integrakonzept.process.load import load_process

    process = load_process(process_file)
    return export_results(process, writer, roster=roster_for(process), **options)


def squash(text: str) -> str:
    """Text with all white space (incl. no-break spaces) removed, for robust comparisons."""
    return re.sub(r"[\s\u00a0\u202f\u00ad‐]+", "", text)


@pytest.fixture(scope="module")
def exported(musterstadt_module: Case) -> Path:
    writer = Writer()
    result = _export(
        musterstadt_module.process, writer, options=ExportOptions(today=TODAY)
    )
    assert result.folder == musterstadt_module.folder / "ausgabe" / "dokumentation"
    assert result.internal_file is None
    return result.folder


def docx_paragraphs(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs]


def docx_tables(path: Path) -> list[list[list[str]]]:
    import docx

    document = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def zip_text(path: Path) -> str:
    """Every XML/text part of an OOXML package, concatenated (for the privacy check)."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8", errors="replace")
            for name in package.namelist()
            if not name.endswith((".png", ".jpeg", ".jpg"))
        )


# --- what is written ---------------------------------------------------------------------


def test_every_format_is_written(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(
        [
            f"{BASENAME}.docx",
            f"{BASENAME}.pdf",
            f"{BASENAME}.md",
            f"{BASENAME}-Statistik.xlsx",
            f"{BASENAME}-zeitstrahl.svg",
            f"{BASENAME}-teilnahme.svg",
            f"{BASENAME}-rollen.svg",
        ]
    )


def test_a_second_run_changes_nothing(musterstadt: Case) -> None:
    options = ExportOptions(today=TODAY, formats=("docx", "xlsx", "md"))
    _export(musterstadt.process, Writer(), options=options)
    writer = Writer()
    _export(musterstadt.process, writer, options=options)
    assert {w.change for w in writer.written} == {Change.UNCHANGED}


# --- DOCX ------------------------------------------------------------------------------


def _row(tables: list[list[list[str]]], first_cell_start: str, header: str) -> list[str]:
    for table in tables:
        if table[0][0] == header:
            for row in table[1:]:
                if row[0].startswith(first_cell_start):
                    return [squash(c) for c in row]
    raise AssertionError(f"no row {first_cell_start!r} in a table headed {header!r}")


def test_docx_figures_are_the_truth(exported: Path) -> None:
    tables = docx_tables(exported / f"{BASENAME}.docx")
    auftakt = _row(tables, "Auftaktveranstaltung", "Veranstaltung")
    t = TRUTH["auftakt"]
    # Veranstaltung, Plätze, Anmeldungen, Auslastung, Teilgenommen, Nicht erschienen, Warteliste, Abgesagt
    assert auftakt[1:] == ["30", str(t["registered"]), "80%", str(t["attended"]), str(t["absent"]),
                           str(t["waitlist"]), str(t["cancelled"])]
    fachforum = _row(tables, "Fachforum Arbeit", "Veranstaltung")
    assert fachforum[1:] == ["12", "10", "83%", "9", "1", "0", "0"]
    workshop = _row(tables, "Workshop Wohnen", "Veranstaltung")
    assert workshop[2] == "8" and workshop[4] == "14¹"
    figures = {row[0]: squash(row[1]) for table in tables if table[0][0] == "Kennzahl" for row in table[1:]}
    assert figures["Anmeldungen"] == str(TRUTH["registrations_total"])
    assert figures["Teilnahmen"] == str(TRUTH["participations_total"])
    # Workshop Wohnen counts from the process file: the tile says whom it covers
    assert figures["In der Anmeldeliste erfasst"] == str(TRUTH["persons_attended"])
    assert figures["Mehrfach dabei"] == "<3"
    assert figures["Organisationen"] == str(TRUTH["organisations"])
    assert figures["Online-Beiträge"] == "340"


def test_docx_suppresses_small_numbers_in_breakdowns(exported: Path) -> None:
    tables = docx_tables(exported / f"{BASENAME}.docx")
    roles = next(t for t in tables if t[0][:2] == ["Veranstaltung", "gezählt"])
    header = [squash(h) for h in roles[0]]
    auftakt = dict(zip(header, [squash(c) for c in roles[1]], strict=True))
    assert auftakt["Einwohner:innen"] == "15"
    assert auftakt["Politik"] == "<3"  # 2 people: primary suppression
    assert auftakt["Ehrenamtliche"] == "x"  # 4, hidden so that 21 − 15 does not give Politik away
    overall = next(t for t in tables if t[0][0] == "Rolle")
    values = {r[0]: squash(r[1]) for r in overall[1:]}
    assert values == {"Einwohner:innen": "15", "Hauptamtliche": "5", "Ehrenamtliche": "4",
                      "Politik": "<3", "Verwaltung": "<3", "Zusammen": "28"}
    languages = next(t for t in tables if t[0][0] == "Gewünschte Sprache beim Dolmetschen")
    assert {r[0]: squash(r[1]) for r in languages[1:]} == {
        "Arabisch": "6", "Türkisch": "<3", "weitere Sprachen": "<3"
    }
    support = next(t for t in tables if t[0][:2] == ["Veranstaltung", "Dolmetschen"])
    assert [squash(c) for c in support[1]] == ["Auftaktveranstaltung", "7", "4", "<3"]


def test_docx_has_the_charts_as_pictures_and_results_per_field(exported: Path) -> None:
    import docx

    document = docx.Document(str(exported / f"{BASENAME}.docx"))
    assert len(document.inline_shapes) == 3  # timeline, participation, roles
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(docx_paragraphs(exported / f"{BASENAME}.docx"))
    assert "Abbildung 1: Zeitstrahl" in text
    assert "4.1 Sprache und Bildung" in text and "4.3 Wohnen" in text
    assert "Sprachkurse sind wohnortnah erreichbar. (Auftaktveranstaltung)" in text
    assert "Für dieses Handlungsfeld sind noch keine Ergebnisse eingetragen." in text
    measures = [t for t in docx_tables(exported / f"{BASENAME}.docx") if t[0][0] == "Maßnahme"]
    assert measures[0][1] == ["Sprachcafé in jedem Stadtteil\naus: Auftaktveranstaltung",
                              "Volkshochschule", "hoch", "ab 2031"]
    assert measures[1][1][1:3] == ["Jobcenter", "mittel"]


# --- PDF --------------------------------------------------------------------------------


def test_pdf_figures_charts_and_page_numbers(exported: Path) -> None:
    text = pdf_text(exported / f"{BASENAME}.pdf")
    lines = [squash(line) for line in text.splitlines()]
    # Date, audience and access stand under the event's full title (seven columns fit A4).
    assert "Auftaktveranstaltung302421322" in lines
    # The residents follow the process's gender style (doppelpunkt), as everywhere in the text.
    # (the longer word wraps the cell; the next column's "80 %" then sits on the same line)
    import re

    assert re.search(r"19\.03\.2030·(\d+%)?Einwohner:innen·", "".join(lines))
    assert "FachforumArbeit12109100" in lines
    assert any(line.startswith("WorkshopWohnen–814¹") for line in lines)
    assert "Auftaktveranstaltungteilgenommen150x<30" in lines
    assert "InderAnmeldelisteerfasst" in "".join(lines)
    assert "ErreichtePersonen" not in "".join(lines)
    # charts are vector drawings: their labels are text in the PDF
    assert "Abbildung2:AnmeldungenundTeilnahmejeVeranstaltung" in "".join(lines)
    assert "heute" in text and "abgeschlossen" in text
    assert "Seite 1 von" in text
    from pypdf import PdfReader

    reader = PdfReader(str(exported / f"{BASENAME}.pdf"))
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in text


def test_pdf_pages_render(exported: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(exported / f"{BASENAME}.pdf"), str(tmp_path / "page")],
        check=True,
    )
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    first = Image.open(pages[0]).convert("L")
    # the timeline on page 1 is drawn (not blank): plenty of dark pixels
    assert first.histogram()[0:128].count(0) < 128 and sum(first.histogram()[:128]) > 500


# --- Markdown and SVG -----------------------------------------------------------------------


def test_markdown_figures_and_images(exported: Path) -> None:
    text = (exported / f"{BASENAME}.md").read_text(encoding="utf-8")
    assert text.startswith("# Dokumentation des Beteiligungsprozesses: Integrationskonzept Musterstadt\n")
    assert "| Auftaktveranstaltung | 19.03.2030 | Einwohner:innen | 30 | 24 | 80\u00a0% | 21 | 3 | 2 | 2 |" in text
    assert "| Politik | < 3 |" in text and "| **Zusammen** | **28** |" in text
    assert "| Arabisch | 6 |" in text
    for slug in ("zeitstrahl", "teilnahme", "rollen"):
        name = f"{BASENAME}-{slug}.svg"
        assert f"]({name})" in text
        assert (exported / name).exists()
    assert "\n\n\n" not in text


def test_svg_charts_are_valid_and_labelled(exported: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    for slug in ("zeitstrahl", "teilnahme", "rollen"):
        root = ET.parse(exported / f"{BASENAME}-{slug}.svg").getroot()
        assert root.tag == f"{ns}svg"
        assert root.find(f"{ns}title") is not None
    roles = ET.parse(exported / f"{BASENAME}-rollen.svg").getroot()
    labels = [t.text for t in roles.iter(f"{ns}text")]
    assert "Politik" in labels and "< 3" in labels
    # a hidden count gets a label but no bar: one bar per visible role only
    bars = [r for r in roles.iter(f"{ns}rect") if r.get("fill") not in ("#FFFFFF", None)]
    assert len(bars) == 3  # Einwohner:innen, Hauptamtliche, Ehrenamtliche


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_values_and_native_charts(exported: Path) -> None:
    from openpyxl import load_workbook

    path = exported / f"{BASENAME}-Statistik.xlsx"
    workbook = load_workbook(path)
    events = workbook["Veranstaltungen"]
    rows = {r[0]: r for r in events.iter_rows(min_row=5, values_only=True) if r[0]}
    auftakt = rows["Auftaktveranstaltung"]
    assert auftakt[4:12] == (30, 24, 21, "Anmeldeliste", 3, 1, 2, 2)
    assert rows["Workshop Wohnen"][6:8] == (14, "Prozessdatei")
    roles = workbook["Rollen"]
    cells = [r for r in roles.iter_rows(values_only=True) if r[0] == "Auftaktveranstaltung"][0]
    assert cells[2:] == (15, 0, "x", "< 3", 0)
    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = package.read(charts[0]).decode()
        assert "<barChart>" in xml and "<barDir val=\"bar\"/>" in xml
        # series over the cells: Anmeldungen (F), Teilgenommen (G), Warteliste (K) of 4 events
        for column in "FGK":
            assert f"<f>'Veranstaltungen'!${column}$5:${column}$8</f>" in xml
        assert "<f>'Veranstaltungen'!$A$5:$A$8</f>" in xml


@pytest.mark.slow
def test_xlsx_formulas_after_libreoffice_recalculation(exported: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = exported / f"{BASENAME}-Statistik.xlsx"
    out = tmp_path / "out"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    workbook = load_workbook(out / source.name, data_only=True)
    events = workbook["Veranstaltungen"]
    rows = {r[0]: r for r in events.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Auftaktveranstaltung"][12] == pytest.approx(24 / 30)
    assert rows["Workshop Wohnen"][12] in ("", None)
    total = next(r for name, r in rows.items() if name.startswith("Summe"))
    assert total[4:7] == (142, TRUTH["registrations_total"], TRUTH["participations_total"])
    assert total[8:12] == (4, 1, 2, 2)
    assert total[12] == pytest.approx((24 + 10 + 40) / 142)  # events with places only


# --- privacy ------------------------------------------------------------------------------------


def test_no_personal_data_in_any_default_output(exported: Path) -> None:
    texts: dict[str, str] = {}
    for path in exported.iterdir():
        if path.suffix in {".docx", ".xlsx"}:
            texts[path.name] = zip_text(path)
            if path.suffix == ".docx":
                texts[path.name + " (Text)"] = "\n".join(docx_paragraphs(path)) + "\n".join(
                    c for t in docx_tables(path) for r in t for c in r
                )
        elif path.suffix == ".pdf":
            from pypdf import PdfReader

            texts[path.name] = pdf_text(path) + str(PdfReader(str(path)).metadata)
        else:
            texts[path.name] = path.read_text(encoding="utf-8")
    assert len(texts) == 8  # 7 files, plus the DOCX read as text
    for name, text in texts.items():
        for secret in SECRETS:
            assert secret.casefold() not in text.casefold(), f"{secret!r} found in {name}"


def test_parse_formats() -> None:
    assert parse_formats(None) == ("docx", "pdf", "md", "xlsx", "svg")
    assert parse_formats("PDF, word,markdown") == ("pdf", "docx", "md")
    from integrakonzept.errors import UsageError

    with pytest.raises(UsageError) as info:
        parse_formats("pdf,odt")
    assert info.value.message == "Das Format „odt“ gibt es nicht."
    assert info.value.exit_code == 2


def test_hostile_text_from_the_process_file_is_escaped(tmp_path: Path) -> None:
    import textwrap

    from results_helpers import PROCESS_YAML

    from integrakonzept.process.load import load_process
    from integrakonzept.results.html import render_html, render_markdown
    from integrakonzept.results.participation import participation
    from integrakonzept.results.report import build_report

    hostile = "Sprachcafé | <script>alert(1)</script> & *mehr*"
    text = textwrap.dedent(PROCESS_YAML).lstrip().replace(
        "titel: Sprachcafé in jedem Stadtteil", f'titel: "{hostile}"'
    )
    path = tmp_path / "prozess.yaml"
    path.write_text(text, encoding="utf-8")
    process = load_process(path)
    report = build_report(process, participation(process, None), TODAY)
    html = render_html(report)
    assert "<script>" not in html
    assert "Sprachcafé | &lt;script&gt;alert(1)&lt;/script&gt; &amp; *mehr*" in html
    markdown = render_markdown(report, {slug: f"{slug}.svg" for slug in report.charts})
    assert "| Sprachcafé \\| \\<script\\>alert(1)\\</script\\> & \\*mehr\\* |" in markdown
    svg = report.charts["zeitstrahl"].drawing.svg()
    assert "<script>" not in svg


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (Count(12), "In 12 Anmeldungen als Interesse genannt."),
        (Count(1), "In einer Anmeldung als Interesse genannt."),
        (Count(2, "primary"), "In weniger als 3 Anmeldungen als Interesse genannt."),
        (Count(4, "secondary"), "In einigen Anmeldungen als Interesse genannt"),
    ],
)
def test_interest_in_a_field_reads_as_a_sentence(count: Count, text: str) -> None:
    from integrakonzept.results.report import FieldSection

    section = FieldSection("hf", "Wohnen", "", [], count, [], [], [])
    assert section.interest_text.startswith(text)
    assert "-mal" not in section.interest_text and "< " not in section.interest_text
    assert "4" not in section.interest_text  # a hidden count stays hidden


def test_markdown_phrases_small_interest_counts_in_words(exported: Path) -> None:
    text = (exported / f"{BASENAME}.md").read_text(encoding="utf-8")
    assert "als Interesse genannt." in text
    assert "-mal" not in text and "Interesse genannt: " not in text


@pytest.mark.parametrize("threshold", [3, 10_000])
def test_a_role_chart_of_nothing_but_hidden_counts_is_not_drawn(
    musterstadt: Case, threshold: int
) -> None:
    """With every count by role suppressed („< N“) there is no chart with empty bars: the
    text says the figures are too small to show – in every format."""
    from openpyxl import load_workbook

    from integrakonzept.results.excel import SHEET_ROLES

    options = ExportOptions(today=TODAY, threshold=threshold, formats=("docx", "md", "xlsx", "svg"))
    folder = _export(musterstadt.process, Writer(), options=options).folder
    note = "Ohne Diagramm: Die Zahlen nach Rolle sind alle zu klein, um sie zu zeigen"
    markdown = (folder / f"{BASENAME}.md").read_text(encoding="utf-8")
    paragraphs = "\n".join(docx_paragraphs(folder / f"{BASENAME}.docx"))
    sheet = load_workbook(folder / f"{BASENAME}-Statistik.xlsx")[SHEET_ROLES]
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    hidden = threshold > 1_000
    assert (folder / f"{BASENAME}-rollen.svg").exists() is not hidden
    assert (f"{BASENAME}-rollen.svg" in markdown) is not hidden
    assert (note in markdown) is hidden and (note in paragraphs) is hidden
    assert (note in texts) is hidden and (len(sheet._charts) == 0) is hidden
    assert ("nach Rolle (jede Person einmal gezählt)" in paragraphs) is not hidden
