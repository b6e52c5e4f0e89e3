"""Building the tracker workbook: a new ``anmeldungen.xlsx`` and its derived sheets.

* **Anmeldungen** – an Excel table, one row per person and event, dropdowns, conditional
  formats for the waiting list, cancellations, late registrations and attendance, frozen
  header, filters, A4 landscape print with the header row on every page.
* **Übersicht** – per event: capacity, registered, waiting list, cancelled, attended,
  no-shows, free places, needs (childcare, accessibility, interpreting) and counts per role
  and per interpreter language, all as COUNTIFS formulas over *Anmeldungen*, so the numbers
  stay right while the coordinator edits rows. The formulas count by the rules of
  :mod:`integrakonzept.people.status`, like every other figure ik prints.
* **Veranstaltungen**, **Handlungsfelder** – from the process file.
* **Listen** (hidden) – the dropdown lists behind defined names, and the fingerprint of
  the process data the derived sheets were built from.

The first four are *derived*: ``ik tracker`` rewrites them (with openpyxl) when the process
file changed. *Anmeldungen* and every other sheet belong to the coordinator.
"""

from __future__ import annotations

import functools
import hashlib
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import TrackerError
from integrakonzept.output import BACKUP_DIR
from integrakonzept.people import status
from integrakonzept.people.events import Catalog
from integrakonzept.people.schema import (
    ATTENDANCE,
    COLUMN_BY_KEY,
    COLUMNS,
    DATETIME_FORMAT,
    DERIVED_SHEETS,
    PHOTO_CHOICES,
    ROLES,
    SHEET_EVENTS,
    SHEET_LISTS,
    SHEET_OVERVIEW,
    SHEET_REGISTRATIONS,
    SHEET_TOPICS,
    STATUSES,
    TABLE_NAME,
    YES_NO,
    Kind,
)
from integrakonzept.people.trackerfile import (
    FINGERPRINT_CELL,
    LIST_COLUMNS,
    TrackerRow,
    read_tracker,
)
from integrakonzept.people.xlsxpatch import MAX_ROW, col_letter, split_ref

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: part of the fingerprint: a new layout (or new formulas) refreshes existing trackers
LAYOUT_VERSION = "2"
HEADER_COLOUR = "1F4E79"
WAITLIST_COLOUR = "FFF2CC"
CANCELLED_COLOUR = "EDEDED"
LATE_COLOUR = "F8CBAD"
ATTENDED_COLOUR = "E2EFDA"
NO_SHOW_COLOUR = "FCE4D6"


def fingerprint(catalog: Catalog) -> str:
    """A short hash of everything the derived sheets show from the process file."""
    parts = [LAYOUT_VERSION, catalog.title, repr(catalog.languages)]
    parts += [repr(astuple(e)) for e in catalog.events]
    parts += [repr(astuple(t)) for t in catalog.topics]
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _strings(ws: Worksheet, row: int, values: Iterable[Any], start: int = 1) -> None:
    """Write values; text stays text even when it starts with ``=`` (no formula injection)."""
    for offset, value in enumerate(values):
        cell = ws.cell(row=row, column=start + offset)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"


def _header(ws: Worksheet, row: int, headers: list[str], start: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", start_color=HEADER_COLOUR, end_color=HEADER_COLOUR)
    font = Font(bold=True, color="FFFFFF")
    _strings(ws, row, headers, start)
    for offset in range(len(headers)):
        cell = ws.cell(row=row, column=start + offset)
        cell.fill = fill
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _print_setup(ws: Worksheet, title_rows: str | None, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "Seite &P von &N"
    ws.oddFooter.right.text = "&A"


def _setup_registrations(ws: Worksheet) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    _header(ws, 1, [c.header for c in COLUMNS])
    ws.row_dimensions[1].height = 32
    letters = {c.key: col_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    for column in COLUMNS:
        letter = letters[column.key]
        dim = ws.column_dimensions[letter]
        dim.width = column.width
        if column.hidden:
            dim.hidden = True
        if column.kind is Kind.DATETIME:
            dim.number_format = DATETIME_FORMAT
        if column.key in ("comments", "notes", "accessibility", *WRAPPED_FOR_PRINT):
            dim.alignment = Alignment(wrap_text=True, vertical="top")
    last = col_letter(len(COLUMNS))
    table = Table(displayName=TABLE_NAME, ref=f"A1:{last}2")
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
    for column in COLUMNS:
        if column.choices is None:
            continue
        letter = letters[column.key]
        validation = DataValidation(
            type="list",
            formula1=f"={column.choices}",
            allow_blank=True,
            showErrorMessage=column.strict,
            errorTitle="Ungültiger Wert",
            error="Bitte wählen Sie einen Wert aus der Liste.",
        )
        validation.add(f"{letter}2:{letter}{MAX_ROW}")
        ws.add_data_validation(validation)
    area = f"A2:{last}{MAX_ROW}"
    state, late, came = letters["status"], letters["late"], letters["attendance"]

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)

    ws.conditional_formatting.add(
        area,
        FormulaRule(
            formula=[status.CANCELLED_WORDS.excel_test(f"${state}2")],
            fill=fill(CANCELLED_COLOUR),
            font=Font(color="808080", strike=True),
            stopIfTrue=False,
        ),
    )
    ws.conditional_formatting.add(
        area,
        FormulaRule(
            formula=[status.WAITLIST_WORDS.excel_test(f"${state}2")], fill=fill(WAITLIST_COLOUR)
        ),
    )
    ws.conditional_formatting.add(
        f"{late}2:{late}{MAX_ROW}", FormulaRule(formula=[f'${late}2="ja"'], fill=fill(LATE_COLOUR))
    )
    ws.conditional_formatting.add(
        f"{came}2:{came}{MAX_ROW}",
        FormulaRule(
            formula=[status.ATTENDED_WORDS.excel_test(f"${came}2")], fill=fill(ATTENDED_COLOUR)
        ),
    )
    ws.conditional_formatting.add(
        f"{came}2:{came}{MAX_ROW}",
        FormulaRule(
            formula=[status.ABSENT_WORDS.excel_test(f"${came}2")], fill=fill(NO_SHOW_COLOUR)
        ),
    )
    ws.freeze_panes = "F2"
    _print_setup(ws, "1:1")
    ws.oddHeader.center.text = "Anmeldungen – vertraulich, personenbezogene Daten"
    _print_key_columns(ws, letters)


#: What a printed registration list shows: a door and phone list. On screen the sheet keeps
#: all its columns; the print area holds these (contiguous) ones.
PRINT_COLUMNS = ("event", "first_name", "last_name", "organisation", "role", "email", "phone")
#: Last row of the print area (the most rows an import reads, see people.readers).
PRINT_ROWS = 500_000
#: Smallest print scale: the sheet's 10 pt text prints at 9 pt or more.
MIN_PRINT_SCALE = 0.9
#: Printed columns whose long values wrap (the row grows) instead of being cut off.
WRAPPED_FOR_PRINT = ("first_name", "last_name", "organisation", "role")


def print_row_height(values: Mapping[str, object]) -> float | None:
    """Height (pt) a registration row needs so that its wrapped names print whole.

    Spreadsheet programs do not grow a row for wrapped text written by another program;
    ik sets the height of a row whose name or organisation needs more than one line.
    ``None``: one line is enough (the row keeps the default height).
    """
    lines = 1
    for key, inner in _WRAPPED_INNER:
        value = values.get(key)
        if not isinstance(value, str) or not value:
            continue
        lines = max(lines, _print_lines(value, inner))
    if lines == 1:
        return None
    from integrakonzept.render.fonts import NORMAL_LINE_HEIGHT

    return round(lines * 10 * NORMAL_LINE_HEIGHT + 3, 1)


#: (key, inner width in pt) of the wrapped print columns
_WRAPPED_INNER = tuple(
    (key, (COLUMN_BY_KEY[key].width * 8 + 5) * 0.75 - 5) for key in WRAPPED_FOR_PRINT
)


@functools.lru_cache(maxsize=65536)
def _print_lines(value: str, inner: float) -> int:
    """Lines ``value`` takes at 10 pt in a box ``inner`` pt wide (organisations, roles
    and first names repeat: each is measured once)."""
    from integrakonzept.render.fonts import line_count, text_width

    # one line shorter than the box (with room for rounding) stays one line: the greedy
    # wrap never breaks it and no word in it is wider than the box
    if "\n" not in value and text_width(value, 10) < inner * (1 - 1e-9):
        return 1
    return line_count(value, inner, 10)


def _print_key_columns(ws: Worksheet, letters: Mapping[str, str]) -> None:
    """Print area: the key columns, landscape, header row on every page, at least 9 pt."""
    from integrakonzept.render.sheets import printable_width, width_units

    keys = [c.key for c in COLUMNS]
    first, last = keys.index(PRINT_COLUMNS[0]), keys.index(PRINT_COLUMNS[-1])
    assert keys[first : last + 1] == list(PRINT_COLUMNS), "print columns must be contiguous"
    # Down to the last row an import accepts (not whole columns: LibreOffice would save
    # "$C:$I", which openpyxl cannot read back); empty pages are not printed.
    ws.print_area = f"{letters[PRINT_COLUMNS[0]]}1:{letters[PRINT_COLUMNS[-1]]}{PRINT_ROWS}"
    ws.page_margins.left = ws.page_margins.right = 0.3
    # Make sure the columns fit the page at no less than MIN_PRINT_SCALE.
    room = width_units(printable_width(landscape=True) / MIN_PRINT_SCALE) - len(PRINT_COLUMNS)
    total = sum(ws.column_dimensions[letters[k]].width for k in PRINT_COLUMNS)
    if total > room:
        for key in PRINT_COLUMNS:
            dim = ws.column_dimensions[letters[key]]
            dim.width = round(dim.width * room / total, 1)


def new_workbook(catalog: Catalog, languages: Iterable[str] = ()) -> Workbook:
    """A tracker without registrations (``languages``: interpreter languages to count)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_REGISTRATIONS
    _setup_registrations(ws)
    columns = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    write_derived(wb, catalog, columns, header_row=1, data_languages=languages)
    wb.active = 0
    return wb


def write_derived(
    wb: Workbook,
    catalog: Catalog,
    columns: Mapping[str, int],
    header_row: int,
    data_languages: Iterable[str],
) -> None:
    """(Re)write Übersicht, Veranstaltungen, Handlungsfelder and Listen; nothing else."""
    positions = {
        name: wb.sheetnames.index(name) for name in DERIVED_SHEETS if name in wb.sheetnames
    }
    for name in positions:
        wb.remove(wb[name])
    defaults = {SHEET_OVERVIEW: 1, SHEET_EVENTS: 2, SHEET_TOPICS: 3, SHEET_LISTS: 4}
    order = sorted(DERIVED_SHEETS, key=lambda n: positions.get(n, defaults[n]))
    languages = list(catalog.languages)
    for name in sorted(set(data_languages) - set(languages)):
        languages.append(name)
    created: dict[str, Worksheet] = {}
    for name in order:
        index = min(positions.get(name, defaults[name]), len(wb.sheetnames))
        created[name] = wb.create_sheet(name, index)
    _write_lists(wb, created[SHEET_LISTS], catalog, languages)
    _write_events(created[SHEET_EVENTS], catalog)
    _write_topics(created[SHEET_TOPICS], catalog)
    _write_overview(created[SHEET_OVERVIEW], catalog, columns, header_row, languages)
    from integrakonzept.render.fonts import use_in_workbook

    use_in_workbook(wb)


def _write_lists(wb: Workbook, ws: Worksheet, catalog: Catalog, languages: list[str]) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    lists: list[tuple[str, str, list[str]]] = [  # order = LIST_COLUMNS
        ("ik_Rollen", "Rollen", list(ROLES)),
        ("ik_Status", "Status", list(STATUSES)),
        ("ik_Teilnahme", "Teilnahme", list(ATTENDANCE)),
        ("ik_JaNein", "Ja/Nein", list(YES_NO)),
        ("ik_Fotos", "Fotos", list(PHOTO_CHOICES)),
        ("ik_Veranstaltungen", "Veranstaltungen", catalog.ids or ["(keine)"]),
        ("ik_Handlungsfelder", "Handlungsfelder", [t.title for t in catalog.topics] or ["(keine)"]),
        ("ik_Sprachen", "Sprachen", languages or ["(keine)"]),
    ]
    assert tuple(name for name, _header, _values in lists) == LIST_COLUMNS
    for index, (name, header, values) in enumerate(lists, start=1):
        letter = col_letter(index)
        _strings(ws, 1, [header], index)
        for row, value in enumerate(values, start=2):
            _strings(ws, row, [value], index)
        if name in wb.defined_names:
            del wb.defined_names[name]
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"{SHEET_LISTS}!${letter}$2:${letter}${len(values) + 1}"
        )
    row, col = FINGERPRINT_CELL
    _strings(ws, row - 1, ["ik-Prozessstand", "Hinweis"], col)
    _strings(
        ws,
        row,
        [fingerprint(catalog), "Dieses Blatt schreibt ik (Auswahllisten); bitte nicht ändern."],
        col,
    )
    ws.sheet_state = "hidden"


def _write_events(ws: Worksheet, catalog: Catalog) -> None:
    headers = [
        "Kennung",
        "Titel",
        "Art",
        "Datum",
        "Beginn",
        "Ende",
        "Ort",
        "Zugang",
        "Kapazität",
        "Anmeldung nötig",
        "Anmeldeschluss",
        "Anmelde-Link",
        "Dolmetschen",
        "Kinderbetreuung",
        "Zielgruppen",
    ]
    widths = [18, 40, 22, 12, 8, 8, 36, 14, 10, 10, 14, 36, 24, 22, 30]
    _header(ws, 1, headers)
    for row, e in enumerate(catalog.events, start=2):
        _strings(
            ws,
            row,
            [
                e.id,
                e.title,
                e.kind,
                e.date_text,
                e.start.strftime("%H:%M") if e.start else "",
                e.end.strftime("%H:%M") if e.end else "",
                e.venue,
                e.access,
                e.capacity if e.capacity is not None else "",
                "ja" if e.registration_required else "nein",
                e.deadline.strftime("%d.%m.%Y") if e.deadline else "",
                e.url,
                e.interpreting,
                e.childcare,
                e.audience,
            ],
        )
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[col_letter(index)].width = width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{col_letter(len(headers))}{max(2, len(catalog.events) + 1)}"
    _print_setup(ws, "1:1")
    _fit(ws, landscape=True)


def _fit(ws: Worksheet, *, landscape: bool) -> None:
    """Widths and row heights from content so that the sheet prints on A4 at full size."""
    from integrakonzept.render.sheets import fit_for_print

    fit_for_print(ws, header_row=1, landscape=landscape)
    ws.oddFooter.center.text = "Seite &P von &N"
    ws.oddFooter.right.text = "&A"


def _write_topics(ws: Worksheet, catalog: Catalog) -> None:
    from openpyxl.styles import Alignment

    _header(ws, 1, ["Kennung", "Titel", "Beschreibung"])
    for row, t in enumerate(catalog.topics, start=2):
        _strings(ws, row, [t.id, t.title, t.description])
        ws.cell(row=row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABC", (20, 40, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1", landscape=False)
    _fit(ws, landscape=False)


def _write_overview(
    ws: Worksheet,
    catalog: Catalog,
    columns: Mapping[str, int],
    header_row: int,
    languages: list[str],
) -> None:
    from openpyxl.styles import Font

    def rng(key: str) -> str:
        letter = col_letter(columns[key])
        return f"{SHEET_REGISTRATIONS}!${letter}${header_row + 1}:${letter}${MAX_ROW}"

    # The formulas count by the rules of people.status (the same words the statistics,
    # the sign-up sheet and the import use): a prefix word is the criterion "word*", an
    # exact word the criterion "word"; COUNTIFS ignores case like status.Words does.
    not_registered = (
        *status.CANCELLED_WORDS.criteria,
        *status.WAITLIST_WORDS.criteria,
        *status.WALK_IN_WORDS.criteria,
    )
    no_need = ("<>", *(f"<>{c}" for c in status.NO_NEED_WORDS.criteria))

    def countifs(row: int, *criteria: tuple[str, str], **words: tuple[str, ...]) -> str:
        """COUNTIFS over the event's rows; ``words``: column key -> any of these criteria.

        Two word lists become a column and a row vector, so COUNTIFS returns a matrix of
        counts (one per combination) that SUMPRODUCT adds up.
        """
        parts = [f"{rng('event')},$A{row}"]
        for key, criterion in criteria:
            if key not in columns:
                return '""'
            parts.append(f"{rng(key)},{criterion}")
        separators = iter((";", ","))
        for key, options in words.items():
            if key not in columns:
                return '""'
            separator = next(separators)
            parts.append(f"{rng(key)},{{{separator.join(_quote(o) for o in options)}}}")
        formula = f"COUNTIFS({','.join(parts)})"
        return f"SUMPRODUCT({formula})" if words else formula

    def registered(row: int, *criteria: tuple[str, str], **words: tuple[str, ...]) -> str:
        """Rows of the event that are neither cancelled, nor on the waiting list, nor walk-ins."""
        if "status" not in columns:
            return countifs(row, *criteria, **words)
        everyone = countifs(row, *criteria, **words)
        if everyone == '""':
            return everyone
        return f"{everyone}-{countifs(row, *criteria, **words, status=not_registered)}"

    def need(row: int, key: str) -> str:
        if key not in columns:
            return '""'
        return registered(row, *((key, _quote(c)) for c in no_need))

    ws["A1"] = "Übersicht der Anmeldungen"
    ws["A1"].font = Font(bold=True, size=14)
    _strings(ws, 2, [catalog.title])
    _strings(
        ws,
        3,
        [
            "Alle Zahlen sind Formeln über das Blatt „Anmeldungen“ und stimmen auch nach "
            "Änderungen von Hand. Bedarfe zählen angemeldete Personen. ik schreibt dieses Blatt "
            "bei „ik tracker“ neu – eigene Auswertungen bitte auf einem eigenen Blatt."
        ],
    )
    ws["A3"].font = Font(italic=True, color="595959")
    headers = [
        "Kennung",
        "Veranstaltung",
        "Datum",
        "Kapazität",
        "Angemeldet",
        "Warteliste",
        "Abgesagt",
        "Teilgenommen",
        "Nicht erschienen",
        "Entschuldigt",
        "Freie Plätze",
        "Nach Anmeldeschluss",
        "Kinderbetreuung",
        "Barrierefreiheit",
        "Dolmetschen",
    ]
    top = 5
    _header(ws, top, headers)
    first = top + 1
    for offset, e in enumerate(catalog.events):
        r = first + offset
        _strings(ws, r, [e.id, e.title, e.date_text])
        if e.capacity is not None:
            ws.cell(row=r, column=4, value=e.capacity)
        formulas = [
            registered(r),
            countifs(r, status=status.WAITLIST_WORDS.criteria),
            countifs(r, status=status.CANCELLED_WORDS.criteria),
            countifs(r, attendance=status.ATTENDED_WORDS.criteria),
            registered(r, attendance=status.ABSENT_WORDS.criteria),
            countifs(r, attendance=status.EXCUSED_WORDS.criteria),
            f'IF(ISNUMBER($D{r}),MAX(0,$D{r}-$E{r}),"")',
            countifs(r, ("late", '"ja"')),
            need(r, "childcare"),
            need(r, "accessibility"),
            need(r, "interpreter"),
        ]
        for index, formula in enumerate(formulas, start=5):
            ws.cell(row=r, column=index, value=f"={formula}")
    last = first + len(catalog.events) - 1
    total = last + 1
    _strings(ws, total, ["Gesamt"])
    ws.cell(row=total, column=1).font = Font(bold=True)
    if catalog.events:
        for index in range(4, len(headers) + 1):
            letter = col_letter(index)
            ws.cell(row=total, column=index, value=f"=SUM({letter}{first}:{letter}{last})")
            ws.cell(row=total, column=index).font = Font(bold=True)

    # per role
    top2 = total + 3
    _strings(ws, top2 - 1, ["Angemeldete nach Rolle"])
    ws.cell(row=top2 - 1, column=1).font = Font(bold=True, size=12)
    _header(ws, top2, ["Kennung", "Veranstaltung", *ROLES, "ohne/andere Angabe"])
    for offset, e in enumerate(catalog.events):
        r = top2 + 1 + offset
        _strings(ws, r, [e.id, e.title])
        for index, role in enumerate(ROLES, start=3):
            ws.cell(row=r, column=index, value=f"={registered(r, ('role', _quote(role)))}")
        end = col_letter(2 + len(ROLES))
        ws.cell(
            row=r,
            column=3 + len(ROLES),
            value=f"={registered(r)}-SUM(C{r}:{end}{r})",
        )

    # per interpreter language
    top3 = top2 + len(catalog.events) + 4
    _strings(ws, top3 - 1, ["Dolmetschen nach Sprache (angemeldet)"])
    ws.cell(row=top3 - 1, column=1).font = Font(bold=True, size=12)
    if languages:
        _header(ws, top3, ["Kennung", "Veranstaltung", *languages])
        for offset, e in enumerate(catalog.events):
            r = top3 + 1 + offset
            _strings(ws, r, [e.id, e.title])
            for index, language in enumerate(languages, start=3):
                criterion = _quote(f"*{_wildcard_escape(language)}*")
                ws.cell(
                    row=r,
                    column=index,
                    value=f"={registered(r, ('interpreter', criterion))}",
                )
    else:
        _strings(ws, top3, ["Noch keine Sprachen bekannt (Prozessdatei: dolmetschen.sprachen)."])

    _overview_print_layout(ws, (top, top2, top3))
    ws.freeze_panes = f"C{first}"
    _print_setup(ws, f"{top}:{top}")


def _overview_print_layout(ws: Worksheet, header_rows: tuple[int, ...]) -> None:
    """Narrow number columns with upright headers that wrap between words, on one A4 page.

    Fifteen headers side by side ("Nach Anmeldeschluss", "Kinderbetreuung", …) are wider
    than a landscape page even with every word on a line of its own, so the headers of
    the number columns are turned by 90° and wrap between words within two lines; the
    columns are then as narrow as their numbers and the sheet prints at 100 %.
    """
    from openpyxl.styles import Alignment

    from integrakonzept.render.fonts import NORMAL_LINE_HEIGHT, line_count, text_width
    from integrakonzept.render.sheets import width_units

    size = 10.0
    two_lines = 2 * size * NORMAL_LINE_HEIGHT + 6
    widths = {1: 18.0, 2: 34.0}
    for row in header_rows:
        height = 2 * size * NORMAL_LINE_HEIGHT + 8
        for cell in ws[row]:
            if cell.value is None:
                continue
            if cell.column <= 2:
                cell.alignment = Alignment(wrap_text=True, vertical="bottom")
                continue
            label = str(cell.value)
            # The best break into at most two lines: the shorter of the longer line.
            words = label.split()
            options = [label] + [
                " ".join(words[:i]) + "\n" + " ".join(words[i:]) for i in range(1, len(words))
            ]
            best = min(options, key=lambda o: max(text_width(x, size, bold=True) for x in o.split("\n")))
            longest = max(text_width(x, size, bold=True) for x in best.split("\n"))
            lines = len(best.split("\n"))
            cell.value = best.replace("\n", " ")  # the program wraps it at the same space
            cell.alignment = Alignment(wrap_text=True, text_rotation=90, vertical="bottom",
                                       horizontal="center")
            height = max(height, longest * 1.15 + 12)
            need = width_units(lines * size * NORMAL_LINE_HEIGHT + 6)
            widths[cell.column] = max(widths.get(cell.column, 0.0), need, width_units(two_lines))
        ws.row_dimensions[row].height = round(height, 1)
    # Number and date columns as wide as their values (formulas: up to four digits).
    for row in ws.iter_rows(min_row=header_rows[0] + 1, min_col=3):
        for cell in row:
            if cell.value is None or cell.row in header_rows:
                continue
            text = "0000" if str(cell.value).startswith("=") else str(cell.value)
            widths[cell.column] = max(widths.get(cell.column, 0.0),
                                      width_units(text_width(text, size) + 6))
    # The explanation above the table wraps across the table's width instead of running
    # past it (a spreadsheet program prints text that overflows, and shrinks the page).
    last = max(widths)
    for row in (2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        note = ws.cell(row=row, column=1)
        note.alignment = Alignment(wrap_text=True, vertical="top")
    # Kennung as wide as the longest id; event titles wrap in their column, rows grow.
    ids = [str(c.value) for c in ws["A"][header_rows[0]:] if c.value and c.row not in header_rows]
    widths[1] = max([width_units(text_width(i, size, bold=True) + 6) for i in ids] + [10.0])
    title_width = (widths[2] * 8 + 5) * 0.75 - 6
    for row in ws.iter_rows(min_row=header_rows[0] + 1, max_col=2):
        title = row[1]
        if title.value is None or title.row in header_rows or not isinstance(title.value, str):
            continue
        if title.value.startswith("="):
            continue
        lines = line_count(title.value, title_width, size, bold=bool(title.font and title.font.b))
        title.alignment = Alignment(wrap_text=True, vertical="top")
        if lines > 1:
            ws.row_dimensions[title.row].height = round(lines * size * NORMAL_LINE_HEIGHT + 4, 1)
    for column, width in widths.items():
        ws.column_dimensions[col_letter(column)].width = round(width, 1)
    table_width = sum((w * 8 + 5) * 0.75 for w in widths.values()) - 6
    for row in (2, 3):
        note = ws.cell(row=row, column=1)
        font = note.font
        note_size = float(font.sz) if font is not None and font.sz else size
        lines = line_count(str(note.value or ""), table_width, note_size)
        ws.row_dimensions[row].height = round(lines * note_size * NORMAL_LINE_HEIGHT + 4, 1)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _wildcard_escape(text: str) -> str:
    return re.sub(r"([*?~])", r"~\1", text)


# --- the openpyxl round trip and its losses ----------------------------------------------

_LOSS_NAMES = (
    (
        "Data Validation",
        "erweiterte Datenüberprüfungen (Auswahllisten mit Bezug auf andere Blätter)",
    ),
    ("Conditional Formatting", "erweiterte bedingte Formatierungen (Datenbalken, Symbolsätze)"),
    ("Sparkline", "Sparklines"),
    ("Slicer", "Datenschnitte"),
    ("Timeline", "Zeitachsen"),
)


def roundtrip_losses(path: Path) -> list[str]:
    """What openpyxl would drop when it loads and saves ``path`` (German descriptions)."""
    from openpyxl import load_workbook

    losses: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        drawings = [n for n in names if re.match(r"xl/drawings/drawing\d+\.xml$", n)]
        for name in drawings:
            data = z.read(name)
            if b":sp>" in data or b":sp " in data or b":cxnSp" in data:
                _add(losses, "Formen und Textfelder")
            if b"graphicFrame" in data:
                _add(losses, "Formatierung von Diagrammen")
        if any(n.startswith(("xl/slicers/", "xl/slicerCaches/")) for n in names):
            _add(losses, "Datenschnitte")
        if any(n.startswith("xl/timelines/") for n in names):
            _add(losses, "Zeitachsen")
        if any(n.startswith("xl/threadedComments/") for n in names):
            _add(losses, "Kommentar-Unterhaltungen (werden zu einfachen Notizen)")
        if "xl/vbaProject.bin" in names:
            _add(losses, "Makros")
        if any(n.startswith("xl/ctrlProps/") for n in names):
            _add(losses, "Formularsteuerelemente (z. B. Kontrollkästchen)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_workbook(path).close()
    for warning in caught:
        text = str(warning.message)
        for needle, label in _LOSS_NAMES:
            if needle.casefold() in text.casefold():
                _add(losses, label)
                break
        else:
            if "will be removed" in text or "not supported" in text:
                _add(losses, f"nicht unterstützte Erweiterungen ({text})")
    return losses


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def load_for_refresh(path: Path) -> Workbook:
    """Load with openpyxl, silencing the warnings :func:`roundtrip_losses` already reported."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


def data_languages(rows: Iterable[TrackerRow]) -> set[str]:
    """Interpreter languages named in the rows (for the overview's language columns)."""
    return languages_in(row.text("interpreter") for row in rows)


def languages_in(values: Iterable[str]) -> set[str]:
    """``"Arabisch, Farsi"`` … → {"Arabisch", "Farsi"} (not "ja"/"nein")."""
    found: set[str] = set()
    for value in values:
        for part in re.split(r"\s*[;,/\n]\s*|\s+und\s+", value):
            part = part.strip()
            if part and part.casefold() not in ("ja", "nein") and len(part) <= 40:
                found.add(part[0].upper() + part[1:])
    return found


def refresh_file(source: Path, target: Path, catalog: Catalog, *, force: bool) -> list[str]:
    """Rewrite the derived sheets of ``source`` into ``target``; returns what was dropped.

    Raises :class:`TrackerError` if openpyxl would drop something and ``force`` is false.
    """
    losses = roundtrip_losses(source)
    if losses and not force:
        raise TrackerError(
            f"Beim Aktualisieren der Blätter {', '.join(DERIVED_SHEETS[:3])} würde "
            f"{source.name} Folgendes verlieren: {'; '.join(losses)}.",
            "Mit --force aktualisiert ik trotzdem (die bisherige Datei kommt in den Ordner "
            f"{BACKUP_DIR}). Oder entfernen Sie diese Elemente vorher in Excel.",
        )
    state = read_tracker(source)
    wb = load_for_refresh(source)
    write_derived(wb, catalog, state.columns, state.header_row, data_languages(state.rows))
    wb.save(target)
    return losses


def add_columns(source: Path, target: Path, keys: Iterable[str]) -> list[str]:
    """Add the columns ``keys`` (see :data:`~integrakonzept.people.schema.ADDED_COLUMNS`)
    to an older tracker, right of its table, and write it to ``target``.

    The table grows by these columns (header styled like its neighbour, width as in a new
    tracker); rows, formulas and the coordinator's edits stay. Returns the headers added;
    an empty list when something already stands right of the table (nothing is moved).
    The caller checks :func:`roundtrip_losses` first (this goes through openpyxl).
    """
    from copy import copy

    from openpyxl.worksheet.table import TableColumn

    state = read_tracker(source)
    wanted = [COLUMN_BY_KEY[k] for k in keys if k not in state.columns]
    if not wanted:
        return []
    wb = load_for_refresh(source)
    ws = wb[SHEET_REGISTRATIONS]
    table = next(
        (t for t in ws.tables.values() if t.displayName.casefold() == TABLE_NAME.casefold()),
        next(iter(ws.tables.values()), None),
    )
    if table is not None:
        first, _, last = table.ref.partition(":")
        end_row, end_col = split_ref(last or first)
    else:
        end_row, end_col = ws.max_row, max(state.columns.values())
    header_row = state.header_row
    free = all(
        ws.cell(row=row, column=end_col + offset).value in (None, "")
        for offset in range(1, len(wanted) + 1)
        for row in range(header_row, ws.max_row + 1)
    )
    if not free:
        wb.close()
        return []
    neighbour = ws.cell(row=header_row, column=end_col)
    added: list[str] = []
    for column in wanted:
        end_col += 1
        cell = ws.cell(row=header_row, column=end_col)
        cell.value = column.header
        cell.data_type = "s"
        if neighbour.has_style:
            cell._style = copy(neighbour._style)
        ws.column_dimensions[col_letter(end_col)].width = column.width
        if table is not None:
            next_id = max((c.id for c in table.tableColumns), default=0) + 1
            table.tableColumns.append(TableColumn(id=next_id, name=column.header))
        added.append(column.header)
    if table is not None:
        table.ref = f"{first}:{col_letter(end_col)}{max(end_row, header_row + 1)}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    wb.save(target)
    return added


def save_new(catalog: Catalog, target: Path, languages: Iterable[str] = ()) -> None:
    new_workbook(catalog, languages).save(target)
