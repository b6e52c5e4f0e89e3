"""The attendee tracker: the coordinator's working file (``anmeldungen.xlsx``).

Sheets:

* **Anmeldungen** – an Excel table, one row per person and event (columns in
  :data:`~integrakonzept.people.schema.COLUMNS`), dropdowns, conditional formats for the
  waiting list, cancellations, late registrations and attendance, frozen header, filters,
  A4 landscape print with the header row on every page.
* **Übersicht** – per event: capacity, registered, waiting list, cancelled, attended,
  no-shows, free places, needs (childcare, accessibility, interpreting) and counts per role
  and per interpreter language, all as COUNTIFS formulas over *Anmeldungen*, so the numbers
  stay right while the coordinator edits rows.
* **Veranstaltungen**, **Handlungsfelder** – from the process file.
* **Listen** (hidden) – the dropdown lists behind defined names, and the fingerprint of
  the process data the derived sheets were built from.

The first four are *derived*: ``ik tracker`` rewrites them (with openpyxl) when the process
file changed. *Anmeldungen* and every other sheet belong to the coordinator: imports change
only the cells of the rows they import (:mod:`integrakonzept.people.xlsxpatch`).
"""

from __future__ import annotations

import hashlib
import re
import sys
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import TrackerError
from integrakonzept.people import safety
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
    STATUS_CANCELLED,
    STATUS_REGISTERED,
    STATUS_WAITLIST,
    STATUSES,
    TABLE_NAME,
    YES_NO,
    Kind,
)
from integrakonzept.people.xlsxpatch import (
    MAX_ROW,
    CellWrite,
    Formula,
    Package,
    SheetInfo,
    SheetPatch,
    SheetTokens,
    col_letter,
    from_serial,
    split_ref,
    write_package,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LAYOUT_VERSION = "1"
#: columns the import cannot work without
REQUIRED_KEYS = ("event", "first_name", "last_name", "email", "status")
FINGERPRINT_CELL = (2, 10)  # Listen!J2
#: the defined names of the dropdown lists, in the column order of the sheet *Listen*
LIST_COLUMNS = (
    "ik_Rollen",
    "ik_Status",
    "ik_Teilnahme",
    "ik_JaNein",
    "ik_Fotos",
    "ik_Veranstaltungen",
    "ik_Handlungsfelder",
    "ik_Sprachen",
)

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


# --- reading -----------------------------------------------------------------------------


class TrackerRow:
    """One data row of *Anmeldungen*: our columns' values, by key.

    Values sit in a tuple ordered like :data:`COLUMNS` (a dict per row would double the
    memory of a 100,000-row tracker).
    """

    __slots__ = ("cells", "number")
    _index: dict[str, int] = {c.key: i for i, c in enumerate(COLUMNS)}

    def __init__(self, number: int, values: Mapping[str, str | datetime | None]) -> None:
        self.number = number
        self.cells: tuple[str | datetime | None, ...] = tuple(values.get(c.key) for c in COLUMNS)

    @classmethod
    def from_cells(cls, number: int, cells: tuple[str | datetime | None, ...]) -> TrackerRow:
        row = cls.__new__(cls)
        row.number = number
        row.cells = cells
        return row

    @property
    def values(self) -> dict[str, str | datetime | None]:
        return {c.key: v for c, v in zip(COLUMNS, self.cells, strict=True)}

    def text(self, key: str) -> str:
        value = self.cells[self._index[key]]
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.strftime("%d.%m.%Y %H:%M")
        return value

    def time(self, key: str) -> datetime | None:
        value = self.cells[self._index[key]]
        return value if isinstance(value, datetime) else None


@dataclass
class TrackerState:
    """What an import needs to know about an existing tracker."""

    path: Path
    header_row: int
    #: column key → column index (1-based)
    columns: dict[str, int]
    rows: list[TrackerRow]
    #: last row with content in the table's columns (new rows go below)
    last_row: int
    table_part: str | None
    table_ref: str | None
    #: style of new cells per column (from the last data row or the column default)
    styles: dict[int, int]
    #: formulas of the table's calculated columns, by column index
    formulas: dict[int, str]
    fingerprint: str
    sheet_names: list[str]
    missing_optional: list[str] = field(default_factory=list)
    date1904: bool = False
    #: interpreter languages the overview has columns for (hidden sheet *Listen*)
    listed_languages: set[str] = field(default_factory=set)

    @property
    def derived_complete(self) -> bool:
        return all(name in self.sheet_names for name in DERIVED_SHEETS)


_REPEATED = frozenset(
    {"event", "role", "childcare", "privacy", "photo", "source", "status", "late", "attendance"}
)


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


_DE_DATETIME = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def _cell_time(value: Any, date1904: bool) -> datetime | str | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):  # calamine gives midnight as a date
        return datetime.combine(value, time())
    if isinstance(value, float):
        try:
            return from_serial(value, date1904)
        except OverflowError:
            return None
    if isinstance(value, str):
        m = _DE_DATETIME.match(value)
        if m:
            d, mo, y, h, mi, s = m.groups()
            try:
                return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
            except ValueError:
                return value
        return value or None
    return None


def read_tracker(path: Path) -> TrackerState:
    """Read the rows of *Anmeldungen*: values with python-calamine (fast), the structure
    (table, styles) from the package itself."""
    with Package(path) as package:
        sheet = package.sheet(SHEET_REGISTRATIONS)
        if sheet is None:
            raise TrackerError(
                f"In {path.name} fehlt das Blatt „{SHEET_REGISTRATIONS}“.",
                "Ist das die richtige Datei? Eine neue Anmeldeliste legt „ik tracker“ an.",
            )
        table = next(
            (t for t in sheet.tables if t.name.casefold() == TABLE_NAME.casefold()),
            sheet.tables[0] if sheet.tables else None,
        )
        grid = _values(path, sheet.name)
        header_row = _header_row(grid.head, table.ref if table else None)
        header_cells = grid.head[header_row - 1] if header_row <= len(grid.head) else []
        headers = {
            col: str(value).strip()
            for col, value in enumerate(header_cells, start=1)
            if value not in (None, "")
        }
        by_header = {h.casefold(): col for col, h in headers.items()}
        columns: dict[str, int] = {}
        for column in COLUMNS:
            col = by_header.get(column.header.casefold())
            if col is not None:
                columns[column.key] = col
        missing = [COLUMN_BY_KEY[k].header for k in REQUIRED_KEYS if k not in columns]
        if missing:
            quoted = ", ".join(f"„{h}“" for h in missing)
            raise TrackerError(
                f"Im Blatt „{SHEET_REGISTRATIONS}“ von {path.name} fehlen Spalten: {quoted}.",
                f"Stellen Sie die Überschriften in Zeile {header_row} wieder her oder nehmen "
                f"Sie eine Sicherung aus dem Ordner {safety.BACKUP_DIR}.",
            )
        if table is not None and table.totals_rows:
            raise TrackerError(
                f"Die Tabelle im Blatt „{SHEET_REGISTRATIONS}“ hat eine Ergebniszeile; "
                "darunter kann ik keine Zeilen anhängen.",
                "Schalten Sie die Ergebniszeile aus (Tabellenentwurf → Ergebniszeile) und "
                "rufen Sie den Befehl erneut auf.",
            )
        table_cols: set[int] = set(columns.values())
        if table and table.ref:
            first, _, last = table.ref.partition(":")
            c1 = split_ref(first)[1]
            c2 = split_ref(last or first)[1]
            table_cols |= set(range(c1, c2 + 1))
        positions = [columns.get(c.key, 0) - 1 for c in COLUMNS]
        times = [c.kind is Kind.DATETIME for c in COLUMNS]
        # few distinct values (event, status, role …): one string object each
        repeated = [c.key in _REPEATED for c in COLUMNS]
        intern = sys.intern
        spans = sorted(c - 1 for c in table_cols)
        data_rows: list[TrackerRow] = []
        last_row = header_row
        date1904 = package.date1904
        for index, cells in enumerate(grid.rows):
            number = index + 1
            if number <= header_row:
                continue
            width = len(cells)
            if not any(c < width and cells[c] is not None and cells[c] != "" for c in spans):
                continue
            last_row = number
            row: list[str | datetime | None] = []
            for position, is_time, is_repeated in zip(positions, times, repeated, strict=True):
                value = cells[position] if 0 <= position < width else None
                if is_time:
                    row.append(_cell_time(value, date1904))
                elif value.__class__ is str:
                    row.append((intern(value) if is_repeated else value) if value else None)
                else:
                    row.append(_cell_text(value))
            data_rows.append(TrackerRow.from_cells(number, tuple(row)))
        styles = _styles_of_row(package, sheet, last_row if last_row > header_row else 0)
        column_styles = package.column_styles(sheet)
        for col in table_cols:
            if col not in styles and col in column_styles:
                styles[col] = column_styles[col]
        formulas: dict[int, str] = {}
        if table is not None:
            for col, header in headers.items():
                if header in table.formulas:
                    formulas[col] = table.formulas[header]
        return TrackerState(
            path=path,
            header_row=header_row,
            columns=columns,
            rows=data_rows,
            last_row=last_row,
            table_part=table.part if table else None,
            table_ref=table.ref if table else None,
            styles=styles,
            formulas=formulas,
            fingerprint=_stored_fingerprint(path, package),
            listed_languages=_listed_languages(path, package),
            sheet_names=[s.name for s in package.sheets],
            missing_optional=[c.header for c in COLUMNS if c.key not in columns],
            date1904=package.date1904,
        )


class _Grid:
    """The cell values of a sheet, row by row from A1 (python-calamine)."""

    HEAD = 30

    def __init__(self, path: Path, sheet: str) -> None:
        from python_calamine import CalamineWorkbook

        try:
            self._workbook = CalamineWorkbook.from_path(str(path))
            self._sheet = self._workbook.get_sheet_by_name(sheet)
        except Exception as exc:  # calamine's own error types
            raise TrackerError(
                f"{path.name} ist keine lesbare Excel-Datei (.xlsx) ({type(exc).__name__})."
            ) from None
        start = self._sheet.start or (0, 0)
        self._stream = tuple(start) == (0, 0)
        if self._stream:
            # the usual case (something in A1): stream the rows, never the whole grid
            self._iter = self._sheet.iter_rows()
            self.head: list[list[Any]] = []
            for row in self._iter:
                self.head.append(row)
                if len(self.head) >= self.HEAD:
                    break
        else:  # calamine's iterator starts at the first used column: take the padded grid
            self.head = self._sheet.to_python(skip_empty_area=False)

    def close(self) -> None:
        self._workbook.close()

    @property
    def rows(self) -> Iterator[list[Any]]:
        try:
            yield from self.head
            if self._stream:
                yield from self._iter
        finally:
            self._workbook.close()


def _values(path: Path, sheet: str) -> _Grid:
    """All cell values of a sheet from A1 (python-calamine; date cells as datetime)."""
    return _Grid(path, sheet)


def _styles_of_row(package: Package, sheet: SheetInfo, number: int) -> dict[int, int]:
    """Cell styles (``s``) of row ``number``: new rows take the look of the last row.

    The last row sits at the end of the sheet XML, so only the tail is kept while the
    part is decompressed (a 100,000-row sheet is ~190 MB of XML).
    """
    if not number:
        return {}
    tail = b""
    with package.zip.open(sheet.part) as fh:
        while chunk := fh.read(1 << 20):
            tail = tail[-(1 << 20) :] + chunk
    p = SheetTokens.prefix_of(tail) if b"<worksheet" not in tail[:4096] else b""
    marker = b"<" + p + b'row r="' + str(number).encode() + b'"'
    start = tail.rfind(marker)
    if start < 0:  # unusual layout: read the whole part
        tail = package.zip.read(sheet.part)
        p = SheetTokens(tail).prefix
        start = tail.rfind(b"<" + p + b'row r="' + str(number).encode() + b'"')
        if start < 0:
            return {}
    end = tail.find(b"</" + p + b"row>", start)
    head, _, body = tail[start : end if end >= 0 else len(tail)].partition(b">")
    if head.endswith(b"/"):
        return {}
    return {
        col: int(attrs.get(b"s", "0") or 0) for col, attrs, _inner in SheetTokens.cells_of(body, p)
    }


def _header_row(grid: list[list[Any]], table_ref: str | None) -> int:
    if table_ref:
        return split_ref(table_ref.partition(":")[0])[0]
    wanted = {c.header.casefold() for c in COLUMNS}
    best, best_hits = 1, 0
    for index, cells in enumerate(grid[:20]):
        hits = sum(1 for v in cells if isinstance(v, str) and v.strip().casefold() in wanted)
        if hits > best_hits:
            best, best_hits = index + 1, hits
    return best


def _listed_languages(path: Path, package: Package) -> set[str]:
    if package.sheet(SHEET_LISTS) is None:
        return set()
    column = LIST_COLUMNS.index("ik_Sprachen")
    found: set[str] = set()
    for index, cells in enumerate(_values(path, SHEET_LISTS).rows):
        if index and column < len(cells) and cells[column] not in (None, "", "(keine)"):
            found.add(str(cells[column]))
    return found


def _stored_fingerprint(path: Path, package: Package) -> str:
    if package.sheet(SHEET_LISTS) is None:
        return ""
    values = _values(path, SHEET_LISTS)
    grid = values.head
    values.close()
    row, col = FINGERPRINT_CELL
    if len(grid) >= row and len(grid[row - 1]) >= col:
        value = grid[row - 1][col - 1]
        return str(value) if value not in (None, "") else ""
    return ""


# --- writing rows ------------------------------------------------------------------------


RowValues = Mapping[str, CellWrite]


def plan_rows(state: TrackerState, appends: int) -> list[int]:
    """Row numbers new rows will take."""
    return list(range(state.last_row + 1, state.last_row + 1 + appends))


def write_rows(
    state: TrackerState,
    updates: Mapping[int, RowValues],
    appends: Sequence[RowValues],
    target: Path,
    *,
    release: bool = False,
) -> None:
    """Write ``updates`` (row → values by key) and ``appends`` into a copy of the tracker.

    With ``release`` the caller hands ``appends`` (a list) over: each entry is dropped once
    converted, so a 100,000-row import does not hold every new row twice.
    """
    patch = SheetPatch(SHEET_REGISTRATIONS, styles=dict(state.styles))
    for number, values in updates.items():
        cells = patch.cells.setdefault(number, {})
        for key, value in values.items():
            col = state.columns.get(key)
            if col is not None:
                cells[col] = value
    numbers = plan_rows(state, len(appends))
    for index, number in enumerate(numbers):
        values = appends[index]
        if release:
            appends[index] = {}  # type: ignore[index]
        cells = patch.cells.setdefault(number, {})
        for key, value in values.items():
            col = state.columns.get(key)
            if col is not None:
                cells[col] = value
        for col, formula in state.formulas.items():
            cells.setdefault(col, Formula(formula))
    if state.table_part and state.table_ref and numbers:
        first, _, last = state.table_ref.partition(":")
        end_row, end_col = split_ref(last or first)
        if numbers[-1] > end_row:
            patch.table_refs[state.table_part] = f"{first}:{col_letter(end_col)}{numbers[-1]}"
    with Package(state.path) as package, target.open("wb") as fh:
        write_package(package, fh, [patch])


# --- creating and refreshing the workbook (openpyxl) -----------------------------------


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
        if column.key in ("comments", "notes", "accessibility"):
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
    status, late, attendance = letters["status"], letters["late"], letters["attendance"]

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)

    ws.conditional_formatting.add(
        area,
        FormulaRule(
            formula=[f'${status}2="{STATUS_CANCELLED}"'],
            fill=fill(CANCELLED_COLOUR),
            font=Font(color="808080", strike=True),
            stopIfTrue=False,
        ),
    )
    ws.conditional_formatting.add(
        area, FormulaRule(formula=[f'${status}2="{STATUS_WAITLIST}"'], fill=fill(WAITLIST_COLOUR))
    )
    ws.conditional_formatting.add(
        f"{late}2:{late}{MAX_ROW}", FormulaRule(formula=[f'${late}2="ja"'], fill=fill(LATE_COLOUR))
    )
    ws.conditional_formatting.add(
        f"{attendance}2:{attendance}{MAX_ROW}",
        FormulaRule(formula=[f'${attendance}2="ja"'], fill=fill(ATTENDED_COLOUR)),
    )
    ws.conditional_formatting.add(
        f"{attendance}2:{attendance}{MAX_ROW}",
        FormulaRule(formula=[f'${attendance}2="nein"'], fill=fill(NO_SHOW_COLOUR)),
    )
    ws.freeze_panes = "F2"
    _print_setup(ws, "1:1")
    ws.oddHeader.center.text = "Anmeldungen – vertraulich, personenbezogene Daten"


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


def _write_overview(
    ws: Worksheet,
    catalog: Catalog,
    columns: Mapping[str, int],
    header_row: int,
    languages: list[str],
) -> None:
    from openpyxl.styles import Alignment, Font

    def rng(key: str) -> str:
        letter = col_letter(columns[key])
        return f"{SHEET_REGISTRATIONS}!${letter}${header_row + 1}:${letter}${MAX_ROW}"

    def countifs(row: int, *criteria: tuple[str, str]) -> str:
        parts = [f"{rng('event')},$A{row}"]
        for key, criterion in criteria:
            if key not in columns:
                return '""'
            parts.append(f"{rng(key)},{criterion}")
        return f"COUNTIFS({','.join(parts)})"

    registered = ("status", f'"{STATUS_REGISTERED}"')
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
            countifs(r, registered),
            countifs(r, ("status", f'"{STATUS_WAITLIST}"')),
            countifs(r, ("status", f'"{STATUS_CANCELLED}"')),
            countifs(r, ("attendance", '"ja"')),
            countifs(r, registered, ("attendance", '"nein"')),
            countifs(r, ("attendance", '"entschuldigt"')),
            f'IF(ISNUMBER($D{r}),MAX(0,$D{r}-$E{r}),"")',
            countifs(r, ("late", '"ja"')),
            countifs(r, registered, ("childcare", '"<>"'), ("childcare", '"<>nein"')),
            countifs(r, registered, ("accessibility", '"<>"'), ("accessibility", '"<>nein"')),
            countifs(r, registered, ("interpreter", '"<>"'), ("interpreter", '"<>nein"')),
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
            ws.cell(
                row=r, column=index, value=f"={countifs(r, registered, ('role', _quote(role)))}"
            )
        end = col_letter(2 + len(ROLES))
        ws.cell(
            row=r,
            column=3 + len(ROLES),
            value=f"={countifs(r, registered)}-SUM(C{r}:{end}{r})",
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
                    value=f"={countifs(r, registered, ('interpreter', criterion))}",
                )
    else:
        _strings(ws, top3, ["Noch keine Sprachen bekannt (Prozessdatei: dolmetschen.sprachen)."])

    widths = [18, 40, 12, 10, 11, 11, 10, 12, 12, 12, 10, 14, 14, 14, 12]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[col_letter(index)].width = width
    for r in (top, top2, top3):
        ws.row_dimensions[r].height = 32
        for cell in ws[r]:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = f"C{first}"
    _print_setup(ws, f"{top}:{top}")


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
            f"{safety.BACKUP_DIR}). Oder entfernen Sie diese Elemente vorher in Excel.",
        )
    state = read_tracker(source)
    wb = load_for_refresh(source)
    write_derived(wb, catalog, state.columns, state.header_row, data_languages(state.rows))
    wb.save(target)
    return losses


def save_new(catalog: Catalog, target: Path, languages: Iterable[str] = ()) -> None:
    new_workbook(catalog, languages).save(target)


# --- ik tracker --------------------------------------------------------------------------


@dataclass
class TrackerResult:
    """What ``ik tracker`` did."""

    path: Path
    #: "erstellt", "aktualisiert" or "unverändert"
    change: str
    backup: Path | None = None
    losses: list[str] = field(default_factory=list)
    events: int = 0
    topics: int = 0


def tracker_path(default: Path | None, output: Path | None, process_file: Path) -> Path:
    """``-o`` (a file or a folder), else the process file's ``tracker``, else beside it."""
    if output is not None:
        if output.is_dir() or (not output.suffix and not output.exists()):
            return output / "anmeldungen.xlsx"
        if output.suffix.lower() != ".xlsx":
            raise TrackerError(
                f"{output.name}: Die Anmeldeliste muss eine .xlsx-Datei sein.",
                "Geben Sie z. B. -o anmeldungen.xlsx an.",
            )
        return output
    return default or process_file.parent / "anmeldungen.xlsx"


def make_tracker(
    process_file: Path, output: Path | None = None, *, force: bool = False
) -> TrackerResult:
    """Create the tracker, or bring its derived sheets up to date with the process file.

    Only *Übersicht*, *Veranstaltungen*, *Handlungsfelder* and the hidden *Listen* are
    rewritten; *Anmeldungen* and the coordinator's own sheets stay as they are.
    """
    from integrakonzept.process.load import load_process

    process = load_process(process_file)
    catalog = Catalog.from_process(process)
    path = tracker_path(process.tracker, output, process_file)
    result = TrackerResult(
        path, "unverändert", events=len(catalog.events), topics=len(catalog.topics)
    )
    if path.exists():
        safety.ensure_unlocked(path)
        state = read_tracker(path)
        new_languages = data_languages(state.rows) - state.listed_languages
        if (
            state.fingerprint == fingerprint(catalog)
            and state.derived_complete
            and not new_languages
        ):
            return result
    safety.remove_stale_temps(path)
    temp = safety.temp_file(path)
    try:
        if path.exists():
            result.losses = refresh_file(path, temp, catalog, force=force)
            result.change = "aktualisiert"
        else:
            save_new(catalog, temp)
            result.change = "erstellt"
        result.backup = safety.commit(temp, path)
    except OSError as exc:
        raise TrackerError(
            f"{path.name} kann nicht geschrieben werden: {exc.strerror or exc}."
        ) from exc
    finally:
        if temp.exists():
            temp.unlink()
    return result
