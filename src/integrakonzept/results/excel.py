"""The statistics as an Excel workbook with native charts.

One sheet per table of the documentation. Counts are numbers, so the coordinator can
calculate with them; a hidden small count is the text „< 3“ (or „x“), never the
number, so that nobody can read it out of the cell. Sums and the utilisation of the
places are formulas (openpyxl stores no results; Excel and LibreOffice compute them
on opening). The charts are Excel bar charts over the cells, not pictures: they
change when the coordinator corrects a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from integrakonzept.process.types import Figure
from integrakonzept.render.sheets import (
    workbook_bytes as workbook_bytes,  # moved: also for reject files
)
from integrakonzept.results.participation import sum_figures
from integrakonzept.results.privacy import Count
from integrakonzept.results.report import Report

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_OVERVIEW = "Übersicht"
SHEET_EVENTS = "Veranstaltungen"
SHEET_ROLES = "Rollen"
SHEET_SUPPORT = "Unterstützung"
SHEET_ONLINE = "Online"
SHEET_FIELDS = "Handlungsfelder"
SHEET_PHASES = "Ablauf"
SHEET_NOTES = "Hinweise"


def _cell_value(count: Count | None) -> int | str | None:
    if count is None:
        return None
    return count.value if not count.is_hidden else count.shown


def approximate_format(qualifier: str | None) -> str | None:
    """The number format that shows an approximate figure with its word: the cell holds
    120 (sums and charts use it), the sheet shows „über 120“."""
    if not qualifier:
        return None
    return '"' + qualifier.replace('"', "") + ' "#,##0'


def _mark_approximate(cell: object, value: object) -> None:
    """Give ``cell`` the format of an approximate ``value`` (a Count or a Figure)."""
    fmt = approximate_format(getattr(value, "qualifier", None))
    if fmt is not None:
        cell.number_format = fmt  # type: ignore[attr-defined]


APPROXIMATE_NOTE = (
    "„über 120“, „rund 50“: ungefähre Zahlen, wie sie die Prozessdatei nennt; "
    "eine Summe über ungefähre Zahlen ist ebenfalls ungefähr."
)


class _Styler:
    def __init__(self, accent: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        colour = accent.lstrip("#")
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=colour)
        self.title_font = Font(bold=True, size=14, color=colour)
        self.bold = Font(bold=True)
        self.muted = Font(color="5F6B77", size=9)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.right = Alignment(horizontal="right", vertical="top")
        self.total_border = Border(top=Side(style="thin", color="1A1A1A"))

    def header(self, ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = ws.cell(row=row, column=index, value=text)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.wrap
            ws.column_dimensions[get_column_letter(index)].width = width


def _page_setup(ws: Worksheet, header_row: int, landscape: bool = True) -> None:
    """Widths and heights from content, A4 at 100 %, header row on every page."""
    from integrakonzept.render.sheets import fit_for_print

    fit_for_print(ws, header_row=header_row, landscape=landscape)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def _title(ws: Worksheet, style: _Styler, text: str, sub: str) -> None:
    ws["A1"] = text
    ws["A1"].font = style.title_font
    ws["A2"] = sub
    ws["A2"].font = style.muted


def _bar_chart(
    title: str,
    ws: Worksheet,
    categories: tuple[int, int, int],
    series: Sequence[tuple[int, int, int]],
    *,
    horizontal: bool = True,
    y_title: str = "Anzahl",
    accent: str = "#1F3A5F",
    names: Sequence[str] | None = None,
) -> object:
    """A clustered bar chart; ranges as (column, first row, last row), series incl. header.

    ``names`` replaces the category labels of the cells (the full event titles) with
    short ones (``kurzname``) that fit the axis; the table keeps the full titles.
    """
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrData, StrVal

    from integrakonzept.render.sheets import style_chart

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    for column, first, last in series:
        data = Reference(ws, min_col=column, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=True)
    column, first, last = categories
    chart.set_categories(Reference(ws, min_col=column, min_row=first, max_row=last))
    if names is not None:
        literal = StrData(ptCount=len(names), pt=[StrVal(idx=i, v=n) for i, n in enumerate(names)])
        for item in chart.series:
            item.cat = AxDataSource(strLit=literal)
    chart.height = max(7.5, 1.6 * (last - first + 1) + 3)
    chart.width = 22
    style_chart(chart, accent)
    return chart


def render_xlsx(report: Report, stamp: datetime) -> bytes:
    """The statistics workbook as bytes (reproducible for the same ``stamp``)."""
    from openpyxl import Workbook

    workbook = Workbook()
    style = _Styler(report.accent)
    sub = f"{report.process_title} · {report.organiser} · Stand {report.stand_text}"
    _overview(workbook.active, report, style, sub)
    _events(workbook.create_sheet(SHEET_EVENTS), report, style, sub)
    if report.tracker_used and report.role_columns:
        _roles(workbook.create_sheet(SHEET_ROLES), report, style, sub)
    if report.has_registrations:
        _support(workbook.create_sheet(SHEET_SUPPORT), report, style, sub)
    if report.online:
        _online(workbook.create_sheet(SHEET_ONLINE), report, style, sub)
    _fields(workbook.create_sheet(SHEET_FIELDS), report, style, sub)
    _phases(workbook.create_sheet(SHEET_PHASES), report, style, sub)
    _notes(workbook.create_sheet(SHEET_NOTES), report, style, sub)
    _properties(workbook, report, stamp)
    from integrakonzept.render.fonts import use_in_workbook

    use_in_workbook(workbook)
    return workbook_bytes(workbook, stamp)


def _properties(workbook: Workbook, report: Report, stamp: datetime) -> None:
    props = workbook.properties
    props.title = f"{report.title}: {report.process_title} (Statistik)"
    props.creator = report.organiser
    props.lastModifiedBy = report.organiser
    props.created = stamp
    props.modified = stamp
    props.language = "de-DE"


def _overview(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    ws.title = SHEET_OVERVIEW
    _title(ws, style, f"{report.title}: Kennzahlen", sub)
    style.header(ws, 4, ["Kennzahl", "Wert", "Erläuterung"], [28, 12, 60])
    for offset, figure in enumerate(report.key_figures, start=5):
        ws.cell(row=offset, column=1, value=figure.label)
        value: int | str = int(figure.number) if figure.number is not None else figure.value
        cell = ws.cell(row=offset, column=2, value=value)
        cell.alignment = style.right
        _mark_approximate(cell, figure.number)
        ws.cell(row=offset, column=3, value=figure.note).alignment = style.wrap
    _page_setup(ws, 4, landscape=False)


EVENT_HEADERS = (
    ("Veranstaltung", 40),
    ("Datum", 22),
    ("Zielgruppen", 26),
    ("Zugang", 14),
    ("Plätze", 9),
    ("Anmeldungen", 13),
    ("Teilgenommen", 14),
    ("Quelle Teilnahme", 16),
    ("Nicht erschienen", 12),
    ("Entschuldigt", 12),
    ("Warteliste", 11),
    ("Abgesagt", 10),
    ("Auslastung", 11),
)


def _events(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Anmeldungen und Teilnahme je Veranstaltung", sub)
    header = 4
    style.header(ws, header, [h for h, _ in EVENT_HEADERS], [w for _, w in EVENT_HEADERS])
    first = header + 1
    sources = {"tracker": "Anmeldeliste", "prozessdatei": "Prozessdatei", "": ""}
    for row, e in enumerate(report.events, start=first):
        values: list[object] = [
            e.title,
            e.when,
            e.audience,
            e.access,
            e.capacity,
            _cell_value(e.registered),
            _cell_value(e.attended),
            sources[e.attended_source],
            _cell_value(e.absent),
            _cell_value(e.excused),
            _cell_value(e.waitlist),
            _cell_value(e.cancelled),
        ]
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a title like "=…" from the process file stays text
        _mark_approximate(ws.cell(row=row, column=7), e.attended)
        ws.cell(row=row, column=1).alignment = style.wrap
        util = ws.cell(row=row, column=13, value=f'=IF(AND(ISNUMBER(E{row}),E{row}>0,ISNUMBER(F{row})),F{row}/E{row},"")')
        util.number_format = "0%"
    last = first + len(report.events) - 1
    total = last + 1
    ws.cell(row=total, column=1, value="Summe (Anmeldungen bzw. Teilnahmen, nicht Personen)").font = style.bold
    for column in (5, 6, 7, 9, 10, 11, 12):
        letter = ws.cell(row=total, column=column).column_letter
        cell = ws.cell(row=total, column=column, value=f"=SUM({letter}{first}:{letter}{last})")
        cell.font = style.bold
        cell.border = style.total_border
    # The sum of the participants is approximate where one of them is (the one rule).
    attended = [e.attended for e in report.events if e.attended is not None]
    approximate = any(c.qualifier for c in attended)
    if approximate:
        summed = sum_figures(Figure(c.value, c.qualifier) for c in attended)
        _mark_approximate(ws.cell(row=total, column=7), summed)
    util = ws.cell(
        row=total,
        column=13,
        # Only events with places and registrations: an event whose registration has not
        # started would otherwise pull the figure down.
        value=f'=IF(SUMIFS(E{first}:E{last},E{first}:E{last},">0",F{first}:F{last},">0")>0,'
        f'SUMIFS(F{first}:F{last},E{first}:E{last},">0",F{first}:F{last},">0")'
        f'/SUMIFS(E{first}:E{last},E{first}:E{last},">0",F{first}:F{last},">0"),"")',
    )
    util.number_format = "0%"
    util.font = style.bold
    note_row = total + 2
    ws.cell(row=note_row, column=1, value="Auslastung: Anmeldungen je Platz (nur Veranstaltungen mit Platzzahl und Anmeldungen).").font = style.muted
    if approximate:
        note_row += 1
        ws.cell(row=note_row, column=1, value=APPROXIMATE_NOTE).font = style.muted
    _page_setup(ws, header)
    if report.events:
        series = [(6, header, last), (7, header, last)]
        if any(e.waitlist is not None and e.waitlist.value for e in report.events):
            series.append((11, header, last))
        chart = _bar_chart(
            "Anmeldungen und Teilnahme je Veranstaltung", ws, (1, first, last), series,
            accent=report.accent,
            # Short names on the axis only where a title is too long for it.
            names=[e.short_title for e in report.events]
            if any(e.short_title != e.title for e in report.events)
            else None,
        )
        # The chart starts a page of its own: cut by a page break it would print half on
        # one page and half under the repeated header row of the next.
        from openpyxl.worksheet.pagebreak import Break

        ws.row_breaks.append(Break(id=note_row + 1))
        ws.add_chart(chart, f"A{note_row + 2}")


def _roles(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Beteiligung nach Rolle", sub)
    header = 4
    columns = report.role_columns
    style.header(ws, header, ["Veranstaltung", "gezählt", *columns], [40, 14, *[14] * len(columns)])
    row = header
    for e in report.events:
        if not e.roles:
            continue
        row += 1
        ws.cell(row=row, column=1, value=e.title).alignment = style.wrap
        ws.cell(row=row, column=2, value=e.role_basis)
        for index, label in enumerate(columns, start=3):
            count = e.roles.get(label)
            ws.cell(row=row, column=index, value=_cell_value(count) if count else 0).alignment = style.right
    if not report.roles_overall:
        _page_setup(ws, header)
        return
    start = row + 3
    style.header(ws, start, ["Rolle", f"{report.roles_overall_basis} (ohne Doppelzählung)"], [40, 14])
    first = start + 1
    for offset, (label, count) in enumerate(report.roles_overall.items()):
        ws.cell(row=first + offset, column=1, value=label)
        ws.cell(row=first + offset, column=2, value=_cell_value(count)).alignment = style.right
    last = first + len(report.roles_overall) - 1
    if report.roles_overall_total is not None:
        ws.cell(row=last + 1, column=1, value="Zusammen").font = style.bold
        total = ws.cell(row=last + 1, column=2, value=report.roles_overall_total.value)
        total.font = style.bold
        total.border = style.total_border
    ws.cell(row=last + 3, column=1, value="„< 3“ und „x“: zum Schutz kleiner Zahlen nicht ausgewiesen (siehe Hinweise).").font = style.muted
    _page_setup(ws, header)
    if report.roles_chart_note:
        ws.cell(row=last + 4, column=1, value=report.roles_chart_note).font = style.muted
        return
    chart = _bar_chart(
        f"{report.roles_overall_basis} nach Rolle", ws, (1, first, last), [(2, start, last)],
        accent=report.accent,
    )
    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=last + 4))
    ws.add_chart(chart, f"A{last + 5}")


def _support(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Dolmetschen, Kinderbetreuung und Barrierefreiheit", sub)
    header = 4
    style.header(ws, header, ["Veranstaltung", "Dolmetschen", "Kinderbetreuung", "Barrierefreiheit"], [40, 14, 16, 16])
    row = header
    for e in report.events:
        if not e.has_tracker_rows:
            continue
        row += 1
        ws.cell(row=row, column=1, value=e.title).alignment = style.wrap
        for column, count in enumerate((e.interpreter, e.childcare, e.accessibility), start=2):
            ws.cell(row=row, column=column, value=_cell_value(count)).alignment = style.right
    row += 1
    ws.cell(row=row, column=1, value="Zusammen").font = style.bold
    for column, key in enumerate(("interpreter", "childcare", "accessibility"), start=2):
        cell = ws.cell(row=row, column=column, value=_cell_value(report.support_totals[key]))
        cell.font = style.bold
        cell.border = style.total_border
        cell.alignment = style.right
    if report.languages:
        start = row + 3
        style.header(ws, start, ["Gewünschte Sprache beim Dolmetschen", "Anfragen"], [40, 14])
        for offset, (language, count) in enumerate(report.languages.items(), start=start + 1):
            ws.cell(row=offset, column=1, value=language)
            ws.cell(row=offset, column=2, value=_cell_value(count)).alignment = style.right
    _page_setup(ws, header)


def _online(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Online-Beteiligung", sub)
    header = 4
    style.header(ws, header, ["Online-Phase", "Art", "Zeitraum", "Stand", "Teilnehmende", "Beiträge"], [40, 22, 22, 14, 14, 12])
    approximate = False
    row = header
    for row, o in enumerate(report.online, start=header + 1):
        numbers = (o.participants_number, o.contributions_number)
        values: list[object] = [
            o.title, o.kind, o.when, o.state_text, *(None if n is None else int(n) for n in numbers)
        ]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        for column, number in enumerate(numbers, start=5):
            _mark_approximate(ws.cell(row=row, column=column), number)
            approximate = approximate or bool(getattr(number, "qualifier", None))
    if approximate:
        ws.cell(row=row + 2, column=1, value=APPROXIMATE_NOTE).font = style.muted
    _page_setup(ws, header)


def _fields(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Ergebnisse nach Handlungsfeldern", sub)
    header = 4
    style.header(
        ws,
        header,
        ["Handlungsfeld", "Art", "Text", "Verantwortlich", "Priorität", "Zeitraum", "aus Phase"],
        [26, 12, 60, 22, 10, 14, 30],
    )
    row = header
    for f in report.fields:
        entries: list[tuple[str, str, str, str, str, str]] = []
        entries += [("Ziel", g.text, "", "", "", g.source) for g in f.goals]
        entries += [("Maßnahme", m.title, m.responsible, m.priority, m.timeframe, m.source) for m in f.measures]
        entries += [("Idee", i.text, "", "", "", i.source) for i in f.ideas]
        if not entries:
            entries.append(("", "noch keine Ergebnisse eingetragen", "", "", "", ""))
        for kind, text, responsible, priority, timeframe, source in entries:
            row += 1
            for column, value in enumerate((f.title, kind, text, responsible, priority, timeframe, source), start=1):
                ws.cell(row=row, column=column, value=value or None).alignment = style.wrap
    ws.auto_filter.ref = f"A{header}:G{max(row, header + 1)}"
    _page_setup(ws, header)


def _phases(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Ablauf des Prozesses", sub)
    header = 4
    style.header(ws, header, ["Phase", "Art", "Zeitraum", "Stand", "Zusammenfassung"], [40, 24, 22, 14, 70])
    for row, p in enumerate(report.phases, start=header + 1):
        for column, value in enumerate((p.title, p.kind, p.when, p.state_text, p.summary or None), start=1):
            ws.cell(row=row, column=column, value=value).alignment = style.wrap
    _page_setup(ws, header)


def _notes(ws: Worksheet, report: Report, style: _Styler, sub: str) -> None:
    _title(ws, style, "Hinweise zu den Zahlen", sub)
    for row, note in enumerate(report.notes, start=4):
        ws.cell(row=row, column=1, value=note).alignment = style.wrap
    # Spreadsheet programs do not grow wrapped rows on their own when printing: the
    # heights come from the text (fit_for_print).
    _page_setup(ws, 3, landscape=False)
