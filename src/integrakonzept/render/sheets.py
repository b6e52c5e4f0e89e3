"""Spreadsheets that print: column widths and row heights from content, A4 page set-up.

A spreadsheet program does not grow a row for wrapped text that openpyxl wrote, and
"fit to page width" shrinks a sheet whose columns are too wide until its text is
3 pt high. :func:`fit_for_print` therefore measures every cell with the one font of
ik (:mod:`integrakonzept.render.fonts`): the columns share the printable width of an
A4 page (widths from content, every word whole), each row is as high as its
wrapped text, and the sheet prints at 100 % with the header row on every page.
:func:`style_chart` gives a chart the process's colour and the same font.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from integrakonzept.render.fonts import (
    FONT_FAMILY,
    NORMAL_LINE_HEIGHT,
    column_widths,
    line_count,
    max_width,
    min_width,
    text_width,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

#: Printable width of A4 in points with the margins below (portrait, landscape).
_MARGIN_IN = 0.5
_A4_PT = {False: 595.3, True: 841.9}
#: Width of a digit of DejaVu Sans 10 pt in pixels (Excel's "maximum digit width").
_DIGIT_PX = 8.0
_CELL_PADDING_PT = 5.0
DEFAULT_SIZE = 10.0


def width_units(points: float) -> float:
    """Excel column width (digits of the default font) for a column ``points`` wide."""
    return max(1.0, (points / 0.75 - 5) / _DIGIT_PX)


def printable_width(landscape: bool) -> float:
    return _A4_PT[landscape] - 2 * _MARGIN_IN * 72


def _font_of(cell: Any) -> tuple[float, bool]:
    font = cell.font
    size = float(font.sz) if font is not None and font.sz else DEFAULT_SIZE
    return size, bool(font is not None and font.b)


def fit_for_print(
    ws: Any,
    *,
    header_row: int,
    landscape: bool,
    last_column: int | None = None,
    skip_rows: Sequence[int] = (),
) -> list[float]:
    """Column widths, row heights and page set-up so that ``ws`` prints whole on A4.

    Rows above ``header_row`` (title lines) and ``skip_rows`` do not take part in the
    column widths: they may run across empty neighbours. Returns the widths in points.
    """
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    columns = last_column or ws.max_column
    skip = set(skip_rows)
    for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row, max_col=columns):
        filled = [c for c in row if c.value is not None]
        # A note below a table (one small-print cell) runs across the empty cells beside it.
        if len(filled) == 1 and filled[0].column == 1 and _font_of(filled[0])[0] < DEFAULT_SIZE:
            skip.add(filled[0].row)
    texts: list[list[tuple[str, float, bool]]] = [[] for _ in range(columns)]
    for row in ws.iter_rows(min_row=header_row, max_row=ws.max_row, max_col=columns):
        for cell in row:
            if cell.value is None or cell.row in skip:
                continue
            value = cell.value
            if isinstance(value, str) and value.startswith("="):
                value = "100 %"  # a formula's result: a number or a percentage
            if str(cell.number_format).startswith('"'):
                # an approximate figure shows its word („über 120“): measure what is shown
                value = str(cell.number_format).split('"')[1] + str(value)
            size, bold = _font_of(cell)
            texts[cell.column - 1].append((str(value), size, bold))
    available = printable_width(landscape) * 0.97  # programs measure a little differently
    minimum = sum(
        max((min_width(t, z, bold=b) for t, z, b in column), default=0.0) + _CELL_PADDING_PT
        for column in texts
    )
    turned: list[Any] = []
    if minimum > available:
        # Too many headers side by side: the headers of number columns are turned by 90°
        # (words whole, upright in print), the columns become as narrow as their numbers.
        for cell in ws[header_row][:columns]:
            column = texts[cell.column - 1]
            body = list(column[1:])
            if cell.value is not None and body and all(_numeric(t) for t, _z, _b in body):
                turned.append(cell)
                texts[cell.column - 1] = body
    widths = column_widths(texts, available, _CELL_PADDING_PT)
    minimum = sum(
        max((min_width(t, z, bold=b) for t, z, b in column), default=0.0) + _CELL_PADDING_PT
        for column in texts
    )
    if minimum > available:
        # Still too wide (long web addresses, many text columns): numbers, dates and
        # times keep their width (they cannot wrap), text columns share the rest and
        # wrap, inside words where they must.
        fixed = {
            i: max((max_width(t, z, bold=b) if n else min_width(t, z, bold=b)
                    for n, (t, z, b) in enumerate(column)), default=0.0) + _CELL_PADDING_PT
            for i, column in enumerate(texts)
            if column[1:] and all(len(t) <= 12 for t, _z, _b in column[1:])
        }
        rest = max(available - sum(fixed.values()), 40.0 * (len(texts) - len(fixed)))
        wishes = {
            i: max((max_width(t, z, bold=b) for t, z, b in column), default=0.0) + _CELL_PADDING_PT
            for i, column in enumerate(texts) if i not in fixed
        }
        total_wish = sum(wishes.values()) or 1.0
        widths = [
            fixed[i] if i in fixed else max(40.0, rest * wishes[i] / total_wish)
            for i in range(len(texts))
        ]
    for cell in turned:
        cell.alignment = Alignment(text_rotation=90, wrap_text=True, vertical="bottom",
                                   horizontal="center")
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width_units(width), 2)
    for row in ws.iter_rows(min_row=header_row, max_row=ws.max_row, max_col=columns):
        height = 0.0
        for cell in row:
            if cell.value is None or cell.row in skip:
                continue
            size, bold = _font_of(cell)
            if cell in turned:
                height = max(height, text_width(str(cell.value), size, bold=bold) * 1.15 + 12)
                continue
            # 10 % to spare: the spreadsheet program's column is a little narrower than ours.
            inner = (widths[cell.column - 1] - _CELL_PADDING_PT) * 0.9
            lines = line_count(str(cell.value), inner, size, bold=bold)
            height = max(height, lines * size * NORMAL_LINE_HEIGHT * 1.08 + 4)
            if lines > 1 or "\n" in str(cell.value):
                old = cell.alignment
                cell.alignment = Alignment(
                    horizontal=old.horizontal, vertical=old.vertical or "top", wrap_text=True
                )
        if height:
            ws.row_dimensions[row[0].row].height = round(max(height, 13.0), 1)
    # Title lines above the table wrap across the table's width instead of running past
    # it (a spreadsheet program prints overflowing text and shrinks the page for it).
    table_width = sum(widths)
    for number in range(1, header_row):
        first = ws.cell(row=number, column=1)
        if first.value is None:
            continue
        if len(widths) > 1:
            ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(widths))
        size, bold = _font_of(first)
        first.alignment = Alignment(wrap_text=True, vertical="top")
        lines = line_count(str(first.value), table_width * 0.9, size, bold=bold)
        ws.row_dimensions[number].height = round(lines * size * NORMAL_LINE_HEIGHT * 1.08 + 4, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left = margins.right = _MARGIN_IN
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.right.text = "Seite &P von &N"
    ws.oddFooter.right.size = 10
    ws.oddFooter.right.font = f"{FONT_FAMILY},Regular"
    return widths


def _numeric(text: str) -> bool:
    cleaned = text.replace("%", "").replace(" ", "").replace(".", "").replace(",", "")
    return cleaned.isdigit() or text in {"–", "-", "x", "< 3", "<3"} or cleaned.lstrip("<").isdigit()


def lighter(colour: str, share: float) -> str:
    """``colour`` (#RRGGBB) mixed with white; ``share`` is the part of white (0–1)."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * share) for c in channels]
    return "".join(f"{c:02X}" for c in mixed)


def style_chart(chart: Any, accent: str, size_pt: float = 9) -> None:
    """The process's colour for the bars (lighter shades for further series), DejaVu Sans."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Font,
        Paragraph,
        ParagraphProperties,
    )

    shades = [accent.lstrip("#").upper(), lighter(accent, 0.55), lighter(accent, 0.8)]
    for index, series in enumerate(chart.series):
        colour = shades[index % len(shades)]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour

    def text(size: float, bold: bool = False) -> RichText:
        properties = CharacterProperties(
            latin=Font(typeface=FONT_FAMILY), cs=Font(typeface=FONT_FAMILY),
            sz=int(size * 100), b=bold,
        )
        return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])

    chart.txPr = text(size_pt)
    chart.x_axis.txPr = text(size_pt)
    chart.y_axis.txPr = text(size_pt)
    if chart.legend is not None:
        chart.legend.txPr = text(size_pt)


def workbook_bytes(workbook: Workbook, stamp: datetime) -> bytes:
    """Save reproducibly (the same cells give the same bytes): openpyxl stamps "modified"
    with the clock, so it is set after, and the zip entries get fixed times."""
    import io
    import re
    import zipfile

    from integrakonzept.render.docx import normalise_zip

    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rf"\g<1>{stamp:%Y-%m-%dT%H:%M:%SZ}\g<2>",
                    data.decode("utf-8"),
                )
                data = text.encode("utf-8")
            target.writestr(info.filename, data)
    return normalise_zip(out.getvalue())
