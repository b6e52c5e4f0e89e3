"""Print-readiness that can be checked without rendering a page: fonts, DOCX XML, XLSX styles.

One font family everywhere (DejaVu Sans), table rows that never split and have cell
margins, a page number on one footer line, no line break inside a phone number or date.
The page-by-page check of real PDFs is in ``test_layout.py``.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrakonzept.documents.press import press_release
from integrakonzept.output import Writer
from integrakonzept.process.load import load_process
from integrakonzept.render import fonts
from integrakonzept.render.typography import NB_HYPHEN, NBSP, nobreak, nobreak_html
from integrakonzept.results.export import ExportOptions, export_results

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- one font family -----------------------------------------------------------------------


def test_every_style_sheet_names_only_dejavu_sans() -> None:
    # Printed documents (PDF, DOCX, XLSX) embed DejaVu Sans. The public web page (templates/site)
    # is read in the visitor's browser and must not load a font (no request of any kind): it
    # names the system fonts, checked below.
    site = ROOT / "templates" / "site"
    sources = [
        path
        for path in [*ROOT.joinpath("templates").rglob("*.css"), *ROOT.joinpath("templates").rglob("*.j2")]
        if not path.is_relative_to(site)
    ]
    families = []
    for path in sources:
        families += re.findall(r"font-family\s*:\s*([^;}]+)", path.read_text(encoding="utf-8"))
    assert families, "no font-family found in the templates"
    for value in families:
        names = [n.strip().strip("'\"") for n in value.split(",")]
        assert names[0] == "DejaVu Sans", value
        assert set(names) <= {"DejaVu Sans", "sans-serif"}, value


def test_the_public_page_uses_system_fonts_and_loads_none() -> None:
    sheets = [p.read_text(encoding="utf-8") for p in (ROOT / "templates" / "site").rglob("*.j2")]
    families = [f for sheet in sheets for f in re.findall(r"font-family\s*:\s*([^;}]+)", sheet)]
    assert families, "the page's style sheet names no font"
    for value in families:
        assert value.rstrip().endswith("sans-serif"), value
    for sheet in sheets:
        assert "@font-face" not in sheet and "@import" not in sheet
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", sheet)


def test_the_font_is_installed_and_measures_like_dejavu() -> None:
    # CI installs fonts-dejavu-core; without it measurements would be estimates.
    assert fonts.font_file() is not None and fonts.font_file(bold=True) is not None
    assert fonts.text_width("M", 10) == pytest.approx(8.63, abs=0.01)
    assert fonts.text_width("i", 10) < fonts.text_width("m", 10)
    assert fonts.text_width("Teil", 8, bold=True) > fonts.text_width("Teil", 8)


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("print") / "elmshorn"
    shutil.copytree(ROOT / "examples" / "elmshorn-2025", folder)
    process = load_process(folder / "prozess.yaml")
    press = press_release(process, "auftakt", "ankuendigung", release_date=date(2025, 2, 18))
    from integrakonzept.people.roster import roster_for

    process = load_process(folder / "prozess.yaml")
    result = export_results(
        process,
        Writer(),
        roster=roster_for(process),
        options=ExportOptions(today=date(2025, 6, 1), formats=("docx", "xlsx")),
    )
    docx = next(result.folder.glob("*.docx")).read_bytes()
    xlsx = next(result.folder.glob("*.xlsx")).read_bytes()
    return {"press": press.render("docx"), "documentation": docx, "statistics": xlsx}


def _xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


@pytest.mark.parametrize("kind", ["press", "documentation"])
def test_docx_names_dejavu_sans_for_every_script(example_docx: dict[str, bytes], kind: str) -> None:
    from lxml import etree

    for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml"):
        try:
            root = etree.fromstring(_xml(example_docx[kind], part).encode())
        except KeyError:
            continue
        for element in root.iter(f"{W}rFonts"):
            values = {k.split("}")[1]: v for k, v in element.attrib.items()}
            assert not any(k.lower().endswith("theme") for k in values), (part, values)
            assert set(values.values()) <= {"DejaVu Sans"}, (part, values)
    styles = etree.fromstring(_xml(example_docx[kind], "word/styles.xml").encode())
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults is not None
    assert {defaults.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {"DejaVu Sans"}
    assert "Calibri" not in _xml(example_docx[kind], "word/styles.xml").split("<w:latentStyles")[0]


def test_docx_tables_keep_rows_together_and_have_cell_margins(example_docx: dict[str, bytes]) -> None:
    from lxml import etree

    root = etree.fromstring(_xml(example_docx["documentation"], "word/document.xml").encode())
    tables = root.findall(f".//{W}body/{W}tbl")
    assert len(tables) >= 4
    for table in tables:
        margins = table.find(f"{W}tblPr/{W}tblCellMar")
        assert margins is not None
        for side in ("top", "left", "bottom", "right"):
            value = margins.find(f"{W}{side}")
            assert value is not None and int(value.get(f"{W}w")) >= 40  # twips, ≥ 0.7 mm
        rows = table.findall(f"{W}tr")
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        # Fixed widths that add up to the text width (165 mm = 9355 twips).
        grid = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
        assert abs(sum(grid) - 9355) < 30, grid


def test_docx_page_number_is_one_footer_line(example_docx: dict[str, bytes]) -> None:
    from lxml import etree

    for kind in ("press", "documentation"):
        footer = etree.fromstring(_xml(example_docx[kind], "word/footer1.xml").encode())
        holders = [
            p for p in footer.iter(f"{W}p")
            if "PAGE" in "".join(t.text or "" for t in p.iter(f"{W}instrText"))
        ]
        assert len(holders) == 1
        instructions = "".join(t.text or "" for t in holders[0].iter(f"{W}instrText"))
        assert "NUMPAGES" in instructions
        text = "".join(t.text or "" for t in holders[0].iter(f"{W}t"))
        assert text.replace(NBSP, " ") == "Seite 1 von 1"
        assert " " not in text  # no-break spaces: "Seite 3 von 12" never breaks


def test_press_docx_keeps_the_contact_block_in_one_piece(example_docx: dict[str, bytes]) -> None:
    import docx

    document = docx.Document(io.BytesIO(example_docx["press"]))
    paragraphs = document.paragraphs
    rule = next(i for i, p in enumerate(paragraphs) if p._p.find(f"{W}pPr/{W}pBdr") is not None)
    appendix = paragraphs[rule:]
    assert len(appendix) >= 2
    assert all(p.paragraph_format.keep_together for p in appendix)
    assert all(p.paragraph_format.keep_with_next for p in appendix[:-1])
    assert not appendix[-1].paragraph_format.keep_with_next
    assert paragraphs[rule - 1].paragraph_format.keep_with_next
    # The contact's phone number has no breakable space or hyphen.
    xml = document.element.xml
    assert "<w:noBreakHyphen/>" in xml
    contact = " ".join(p.text for p in appendix)
    phone = re.search(r"04121\S*", contact)
    assert phone is not None and NBSP in contact


def test_workbooks_use_dejavu_sans_only(example_docx: dict[str, bytes]) -> None:
    styles = _xml(example_docx["statistics"], "xl/styles.xml")
    names = re.findall(r'<name val="([^"]+)"', styles)
    assert names and set(names) == {"DejaVu Sans"}
    assert "<scheme" not in styles


# --- typography -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("Telefon 04521 788-123, Fax 04521 788-124", ["04521 788-123", "04521 788-124"]),
        ("+49 4121 231-475 oder 0151 23456789", ["+49 4121 231-475", "0151 23456789"]),
        ("am Samstag, 24. Mai 2025, um 10:00 Uhr", ["24. Mai 2025", "10:00 Uhr"]),
        ("Ideen, z. B. mehr Kurse, d. h. auch abends", ["z. B.", "d. h."]),
        ("Es spricht Frau Dr. Yılmaz.", ["Frau Dr. Yılmaz"]),
    ],
)
def test_nobreak_protects_phones_dates_and_abbreviations(text: str, protected: list[str]) -> None:
    out = nobreak(text)
    for piece in protected:
        assert piece.replace(" ", NBSP).replace("-", NB_HYPHEN) in out
    assert out.replace(NBSP, " ").replace(NB_HYPHEN, "-") == text
    html = nobreak_html(text)
    assert html.count('class="nowrap"') == len(protected)


def test_nobreak_leaves_ordinary_text_alone() -> None:
    text = "Die Stadt lädt 50 Personen zur Auftaktveranstaltung ein - alle sind willkommen."
    assert nobreak(text) == text
    assert nobreak_html("<b> & 1 2") == "&lt;b&gt; &amp; 1 2"


@given(st.text(alphabet=st.sampled_from("abc 0123-.+Mai"), max_size=40))
def test_nobreak_only_swaps_spaces_and_hyphens(text: str) -> None:
    assert nobreak(text).replace(NBSP, " ").replace(NB_HYPHEN, "-") == text


# --- column widths ----------------------------------------------------------------------------

WORDS = st.text(alphabet=st.sampled_from("aeimnrstuwÄöü"), min_size=1, max_size=18)
CELLS = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)


@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=8))
def test_column_widths_fill_the_table_and_hold_every_word(columns: list[list[str]]) -> None:
    texts = [[(t, 8.5, False) for t in column] for column in columns]
    available, padding = 470.0, 8.0
    widths = fonts.column_widths(texts, available, padding)
    assert len(widths) == len(columns)
    assert sum(widths) == pytest.approx(available)
    minimum = [max(fonts.min_width(t, 8.5) for t in column) + padding for column in columns]
    if sum(minimum) <= available:
        for width, low in zip(widths, minimum, strict=True):
            assert width >= low - 1e-6
    for column, width in zip(columns, widths, strict=True):
        wanted = max(fonts.max_width(t, 8.5) for t in column) + padding
        if sum(max(fonts.max_width(t, 8.5) for t in c) + padding for c in columns) <= available:
            assert width >= wanted - 1e-6


def test_hyphenate_to_fit_breaks_only_words_that_do_not_fit() -> None:
    assert fonts.hyphenate_to_fit("Teilgenommen", 200, 8) == "Teilgenommen"
    narrow = fonts.hyphenate_to_fit("Nicht erschienen", fonts.text_width("Nicht", 8), 8)
    assert narrow.startswith("Nicht ") and "\u00ad" in narrow
    assert narrow.replace("\u00ad", "") == "Nicht erschienen"
    assert "Teil\u00adge" in fonts.hyphenate("Teilgenommen")
