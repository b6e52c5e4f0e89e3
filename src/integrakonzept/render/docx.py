"""Word documents: A4, real paragraph styles, links, page numbers, reproducible bytes.

python-docx starts from a US-Letter template with Calibri theme fonts; a press
office in Germany expects A4 (DIN 5008 margins), a German spell-check language
and styles it can change ("Titel", "Untertitel", "Zitat", …). :func:`new_document`
sets all of that up, with the one font family of ik (DejaVu Sans, see
:mod:`integrakonzept.render.fonts`) for every script and style, widow control
and automatic hyphenation; :func:`to_bytes` saves with fixed ZIP timestamps and
core properties so that rendering the same content twice gives the same bytes.
Tables made with :func:`print_table` keep each row on one page, repeat the
header row and have cell margins.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from integrakonzept.render.fonts import FONT_FAMILY as FONT

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

TEXT_COLOUR = "1A1A1A"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class RunLike(Protocol):
    """Anything with ``text``, ``bold`` and ``href`` (see :class:`documents.textdoc.Run`)."""

    @property
    def text(self) -> str: ...

    @property
    def bold(self) -> bool: ...

    @property
    def href(self) -> str | None: ...


def _set_font(element: Any, name: str) -> None:
    """Set every script's font on an rPr-holding element and drop theme-font overrides."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    _name_fonts(fonts, name)


def _name_fonts(fonts: Any, name: str) -> None:
    """One family for every script of a ``w:rFonts``; theme fonts (Calibri/Cambria) dropped."""
    from docx.oxml.ns import qn

    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), name)


def _set_language(element: Any, language: str) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def _set_document_defaults(document: Document, language: str) -> None:
    """The font in the document defaults (``w:docDefaults``) and German hyphenation on.

    Styles that python-docx's template defines outside of ``new_document`` (table
    styles, list styles) inherit from the defaults; without this they ask for the
    theme's Calibri. ``w:autoHyphenation`` lets Word and LibreOffice hyphenate with
    the document language (de-DE) instead of breaking words anywhere.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles_element = document.styles.element
    # Every style of the template (headings 3–9, list and table styles, …), not only
    # the ones ik configures: a user who picks "Überschrift 3" in Word gets DejaVu Sans too.
    for fonts in styles_element.iter(qn("w:rFonts")):
        _name_fonts(fonts, FONT)
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                fonts = rpr.find(qn("w:rFonts"))
                if fonts is None:
                    fonts = OxmlElement("w:rFonts")
                    rpr.insert(0, fonts)
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(key), FONT)
                lang = rpr.find(qn("w:lang"))
                if lang is not None:
                    lang.set(qn("w:val"), language)
                    lang.set(qn("w:eastAsia"), language)
    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphenation = OxmlElement("w:autoHyphenation")
        # Schema order (CT_Settings): autoHyphenation follows w:defaultTabStop.
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)


def _clear_borders(style: Any) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def new_document(
    *,
    title: str,
    author: str,
    subject: str | None = None,
    keywords: str | None = None,
    language: str = "de-DE",
    accent: str | None = None,
) -> Document:
    """An empty A4 document with German language and the paragraph styles ik uses.

    Styles: Normal, Title, Subtitle, Heading 1, Heading 2, Quote, List Bullet,
    plus "Dachzeile" (kicker), "Ortsmarke" and "Kleingedrucktes".
    """
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # DIN 5008 margins: left 25 mm, right 20 mm.
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    colour = RGBColor.from_string((accent or "#1F3A5F").lstrip("#").upper())
    text_colour = RGBColor.from_string(TEXT_COLOUR)
    styles = document.styles

    normal = styles["Normal"]
    _set_font(normal.element, FONT)
    _set_language(normal.element, language)
    normal.font.size = Pt(11)
    normal.font.color.rgb = text_colour
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True
    _set_document_defaults(document, language)

    def configure(name: str, size: float, *, bold: bool = False, italic: bool = False,
                  accent_colour: bool = False, before: float = 0, after: float = 8) -> None:
        style = styles[name]
        _set_font(style.element, FONT)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = colour if accent_colour else text_colour
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = name.startswith(("Heading", "Title", "Subtitle"))

    configure("Title", 20, bold=True, after=6)
    _clear_borders(styles["Title"])
    configure("Subtitle", 12.5, bold=True, accent_colour=True, after=14)
    configure("Heading 1", 13, bold=True, before=14, after=6)
    configure("Heading 2", 11, bold=True, accent_colour=True, before=10, after=4)
    configure("Quote", 11, italic=True, after=8)
    styles["Quote"].paragraph_format.left_indent = Mm(8)
    configure("List Bullet", 11, after=3)
    for name in ("Table Grid", "Normal Table"):
        if name in [s.name for s in styles]:
            _set_font(styles[name].element, FONT)
    for name in ("Header", "Footer"):
        _set_font(styles[name].element, FONT)
        styles[name].font.size = Pt(8.5)
        styles[name].font.color.rgb = RGBColor.from_string("555555")

    kicker = styles.add_style("Dachzeile", WD_STYLE_TYPE.PARAGRAPH)
    kicker.base_style = normal
    kicker.font.bold = True
    kicker.font.size = Pt(10)
    kicker.font.all_caps = True
    kicker.font.color.rgb = colour
    kicker.paragraph_format.space_after = Pt(2)
    dateline = styles.add_style("Ortsmarke", WD_STYLE_TYPE.PARAGRAPH)
    dateline.base_style = normal
    dateline.font.size = Pt(10)
    dateline.paragraph_format.space_after = Pt(18)
    small = styles.add_style("Kleingedrucktes", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(8.5)
    small.font.color.rgb = RGBColor.from_string("555555")

    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.subject = subject or ""
    core.keywords = keywords or ""
    core.language = language
    core.comments = ""
    core.category = ""
    return document


def add_text(paragraph: Paragraph, text: str, *, bold: bool | None = None) -> Any:
    """Append ``text`` as one run; phone numbers, dates and "z. B." do not break.

    No-break hyphens become ``w:noBreakHyphen`` (Word's own element: the text reads
    "788-123" when copied or searched); no-break spaces stay U+00A0.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from integrakonzept.render.typography import NB_HYPHEN, nobreak

    run = paragraph.add_run()
    for index, piece in enumerate(nobreak(text).split(NB_HYPHEN)):
        if index:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            node = OxmlElement("w:t")
            node.text = piece
            node.set(qn("xml:space"), "preserve")
            run._r.append(node)
    run.bold = bold
    return run


def add_runs(paragraph: Paragraph, runs: Iterable[RunLike]) -> None:
    """Append runs to ``paragraph``; runs with ``href`` become clickable links."""
    for run in runs:
        if run.href:
            add_hyperlink(paragraph, run.text, run.href, bold=run.bold)
        else:
            add_text(paragraph, run.text, bold=run.bold or None)


def add_lines(paragraph: Paragraph, lines: Iterable[Iterable[RunLike]]) -> None:
    """Append several lines of runs with line breaks between them."""
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        add_runs(paragraph, line)


def add_hyperlink(paragraph: Paragraph, text: str, url: str, *, bold: bool = False) -> None:
    """A clickable external link (python-docx has no API for this)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B5CAD")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    if bold:
        rpr.append(OxmlElement("w:b"))
    rpr.append(colour)
    rpr.append(underline)
    run.append(rpr)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def add_page_numbers(
    document: Document, before: str = "Seite ", middle: str = " von ", left: str | None = None
) -> None:
    """Footer "Seite X von Y" (Word fields PAGE and NUMPAGES), right-aligned, on one line.

    ``left`` (e.g. the document's title) goes into the same footer line on the left.
    The footer is a borderless two-column table: a long ``left`` wraps inside its own
    column, and the page number never falls onto a line of its own.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    if left is not None:
        from docx.shared import Emu

        section: Any = document.sections[0]
        width = int(section.page_width - section.left_margin - section.right_margin)
        number_width = int(width * 0.22)
        table = footer.add_table(rows=1, cols=2, width=Emu(width))
        _fixed_widths(table, [width - number_width, number_width])
        left_cell, right_cell = table.rows[0].cells
        left_cell.paragraphs[0].style = document.styles["Footer"]
        left_cell.paragraphs[0].add_run(left)
        paragraph._p.getparent().remove(paragraph._p)
        paragraph = right_cell.paragraphs[0]
        paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(before.replace(" ", "\u00a0"))
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(middle.replace(" ", "\u00a0"))
    _field(paragraph, "NUMPAGES", "1")


def _fixed_widths(table: Any, widths: list[int]) -> None:
    """Fixed column widths (EMU) for Word (cell widths) and LibreOffice (grid columns)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for column, size in zip(table.columns, widths, strict=True):
        column.width = size
        for cell in column.cells:
            cell.width = size


def set_cell_margins(table: Any, *, top_mm: float = 0.8, bottom_mm: float = 0.8,
                     left_mm: float = 1.5, right_mm: float = 1.5) -> None:
    """Inner cell margins of the whole table (``w:tblCellMar``), in millimetres."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("top", top_mm), ("left", left_mm), ("bottom", bottom_mm), ("right", right_mm)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # Schema order of tblPr: … tblLayout, tblCellMar, tblLook …
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def keep_rows_together(table: Any, header_rows: int = 1) -> None:
    """No row split across pages (``w:cantSplit``); the header rows repeat on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if index < header_rows and tr_pr.find(qn("w:tblHeader")) is None:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)


def fit_columns(table: Any, texts: list[list[tuple[str, float, bool]]], width_mm: float,
                padding_mm: float = 3.0) -> list[float]:
    """Column widths from the content (see :func:`render.fonts.column_widths`), set fixed.

    Returns the widths in millimetres.
    """
    from docx.shared import Mm

    from integrakonzept.render.fonts import column_widths

    points = column_widths(texts, width_mm / 25.4 * 72, padding_mm / 25.4 * 72)
    widths_mm = [p * 25.4 / 72 for p in points]
    _fixed_widths(table, [int(Mm(w)) for w in widths_mm])
    return widths_mm


def keep_with_next(paragraphs: Iterable[Paragraph]) -> None:
    """Keep each paragraph on the page of the next one and whole (a block that never splits)."""
    items = list(paragraphs)
    for index, paragraph in enumerate(items):
        paragraph.paragraph_format.keep_together = True
        if index < len(items) - 1:
            paragraph.paragraph_format.keep_with_next = True


def add_letterhead(document: Document, lines: list[str], logo: Path | None = None) -> None:
    """Page header: sender lines on the left, the logo (if any) on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    header = document.sections[0].header

    def sender(paragraph: Paragraph) -> None:
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(line).bold = index == 0 or None

    if logo is None:
        sender(header.paragraphs[0])
        return
    width = Mm(165)  # A4 minus the DIN 5008 margins set in new_document
    table = header.add_table(rows=1, cols=2, width=width)
    _fixed_widths(table, [Mm(115), Mm(50)])
    keep_rows_together(table, header_rows=0)
    left, right = table.rows[0].cells
    left.paragraphs[0].style = document.styles["Header"]
    sender(left.paragraphs[0])
    picture = right.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    picture.add_run().add_picture(str(logo), height=Mm(14))
    # python-docx leaves an empty paragraph above the table; keep it small.
    header.paragraphs[0].paragraph_format.space_after = 0


def add_rule(document: Document) -> Paragraph:
    """An empty paragraph with a thin line above: separates the text from the appendix."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(0)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "999999")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)
    return paragraph


def to_bytes(document: Document, stamp: datetime) -> bytes:
    """Save reproducibly: core properties dated ``stamp``, ZIP entries with a fixed timestamp."""
    core = document.core_properties
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP (DOCX/XLSX) with fixed entry timestamps, keeping order and content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
