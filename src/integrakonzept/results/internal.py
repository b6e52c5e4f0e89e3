"""The internal participant list (``--with-personal-data``): for the files or a funding body.

Only what a proof of participation needs (domain.md §4.2/4.3: name, first name,
organisation, event; no address): Veranstaltung, Datum, Nachname, Vorname,
Organisation, Rolle, Status, Teilnahme. No e-mail, phone, interpreter language,
accessibility needs or notes: those are for organising an event, not for the files,
and language and health needs are special categories (Art. 9 DSGVO).

The file says on every sheet and in its name that it is internal, and when it must
be deleted (``aufbewahrung_monate`` after the last event).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from integrakonzept.people.roster import Attendance, Roster, Status

if TYPE_CHECKING:
    from integrakonzept.process.model import Process

INTERNAL_SUFFIX = "INTERN-Teilnehmende"
HEADERS = (
    ("Veranstaltung", 36),
    ("Datum", 14),
    ("Nachname", 20),
    ("Vorname", 18),
    ("Organisation", 28),
    ("Rolle", 18),
    ("Status", 13),
    ("Teilnahme", 12),
)


def delete_by(process: Process) -> date | None:
    """The day the registration data must be deleted: months after the last event."""
    from integrakonzept.results.report import phase_dates

    events = process.event_phases()
    if not events:
        return None
    last = max(phase_dates(p)[1] for p in events)
    month = last.month - 1 + process.retention_months
    year, month = last.year + month // 12, month % 12 + 1
    import calendar

    day = min(last.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def render_internal_list(
    process: Process, tracker: Roster, stamp: datetime, *, attended_only: bool = False
) -> bytes:
    """The list as XLSX bytes: one row per registration (not cancelled), sorted by event."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from integrakonzept.render.locale import format_day
    from integrakonzept.results.excel import workbook_bytes
    from integrakonzept.results.report import phase_when

    deadline = delete_by(process)
    warning = (
        "INTERN – enthält personenbezogene Daten. Nicht weitergeben, nicht veröffentlichen. "
        + (f"Löschen bis spätestens {format_day(deadline)}." if deadline else "")
    )
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Teilnehmende"
    ws["A1"] = f"Teilnehmende – {process.title}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = warning
    ws["A2"].font = Font(bold=True, color="B3261E")
    header = 4
    fill = PatternFill("solid", fgColor="B3261E")
    for column, (text, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header, column=column, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        ws.column_dimensions[get_column_letter(column)].width = width
    order = {p.id: i for i, p in enumerate(process.event_phases())}
    rows = [
        r
        for r in tracker.registrations
        if r.event in order
        and r.status is not Status.CANCELLED
        and (not attended_only or r.attendance is Attendance.ATTENDED)
    ]
    rows.sort(key=lambda r: (order[r.event], r.last_name.casefold(), r.first_name.casefold()))
    for index, r in enumerate(rows, start=header + 1):
        phase = process.phase(r.event)
        values = (
            phase.title,
            phase_when(phase),
            r.last_name,
            r.first_name,
            r.organisation,
            r.role,
            r.status.value,
            r.attendance.value or "",
        )
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=index, column=column, value=value or None)
            cell.alignment = Alignment(vertical="top")
            if value:
                cell.data_type = "s"  # a name like "=HYPERLINK(…)" stays text, never a formula
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.auto_filter.ref = f"A{header}:H{max(header + 1, header + len(rows))}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = "INTERN – personenbezogene Daten"
    ws.oddFooter.left.text = warning
    ws.oddFooter.right.text = "Seite &P von &N"
    props = workbook.properties
    props.title = f"INTERN: Teilnehmende – {process.title}"
    props.creator = process.organiser.institution
    props.created = stamp
    props.modified = stamp
    props.keywords = "INTERN, personenbezogene Daten"
    return workbook_bytes(workbook, stamp)
