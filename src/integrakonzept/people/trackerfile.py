"""The tracker file (``anmeldungen.xlsx``): reading its rows and structure, patching rows.

The one reader of the tracker layout: columns are found by their headers wherever the
coordinator moved them; values come from python-calamine (fast), the structure (table,
styles) from the package itself. Writing rows patches only the cells of those rows
(:mod:`integrakonzept.people.xlsxpatch`), so everything else the coordinator did stays.
What the values *mean* is decided in :mod:`integrakonzept.people.status`; the roster that
documents and statistics read is :mod:`integrakonzept.people.roster`.

Sheets (built by :mod:`integrakonzept.people.workbook`):

* **Anmeldungen** – an Excel table, one row per person and event (columns in
  :data:`~integrakonzept.people.schema.COLUMNS`).
* **Übersicht**, **Veranstaltungen**, **Handlungsfelder**, **Listen** (hidden) – derived
  from the process file; ``ik tracker`` rewrites them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import count, islice
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import TrackerError
from integrakonzept.output import BACKUP_DIR
from integrakonzept.people.readahead import let_go, taken
from integrakonzept.people.schema import (
    COLUMN_BY_KEY,
    COLUMNS,
    DERIVED_SHEETS,
    SHEET_LISTS,
    SHEET_REGISTRATIONS,
    TABLE_NAME,
    Kind,
)
from integrakonzept.people.xlsxpatch import (
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
    from integrakonzept.people.mailrecords import Record

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
    #: the records of the sheet *Nachrichten* (``ik mail``), when asked for
    mail_records: list[Record] | None = None

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


@dataclass
class _Layout:
    """Where the data of *Anmeldungen* is: header row, our columns, the table's columns."""

    grid: _Grid
    header_row: int
    headers: dict[int, str]
    columns: dict[str, int]
    table_cols: set[int]
    date1904: bool
    #: last row with content in the table's columns (known once the rows were read)
    last_row: int = 0

    def rows(self) -> Iterator[TrackerRow]:
        """The data rows, one at a time (nothing is kept here)."""
        positions = [self.columns.get(c.key, 0) - 1 for c in COLUMNS]
        times = [c.kind is Kind.DATETIME for c in COLUMNS]
        # few distinct values (event, status, role …): one string object each
        repeated = [c.key in _REPEATED for c in COLUMNS]
        intern = sys.intern
        spans = sorted(c - 1 for c in self.table_cols)
        header_row, date1904 = self.header_row, self.date1904
        self.last_row = header_row
        for index, cells in enumerate(self.grid.rows):
            number = index + 1
            if number <= header_row:
                continue
            width = len(cells)
            if not any(c < width and cells[c] is not None and cells[c] != "" for c in spans):
                continue
            self.last_row = number
            row: list[str | datetime | None] = []
            for position, is_time, is_repeated in zip(positions, times, repeated, strict=True):
                value = cells[position] if 0 <= position < width else None
                if is_time:
                    row.append(_cell_time(value, date1904))
                elif value.__class__ is str:
                    row.append((intern(value) if is_repeated else value) if value else None)
                else:
                    row.append(_cell_text(value))
            yield TrackerRow.from_cells(number, tuple(row))


def _layout(path: Path, package: Package) -> tuple[_Layout, Any]:
    """Locate the data of *Anmeldungen* (German errors for a sheet ik cannot use)."""
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
        grid.close()
        quoted = ", ".join(f"„{h}“" for h in missing)
        raise TrackerError(
            f"Im Blatt „{SHEET_REGISTRATIONS}“ von {path.name} fehlen Spalten: {quoted}.",
            f"Stellen Sie die Überschriften in Zeile {header_row} wieder her oder nehmen "
            f"Sie eine Sicherung aus dem Ordner {BACKUP_DIR}.",
        )
    table_cols: set[int] = set(columns.values())
    if table and table.ref:
        first, _, last = table.ref.partition(":")
        c1 = split_ref(first)[1]
        c2 = split_ref(last or first)[1]
        table_cols |= set(range(c1, c2 + 1))
    layout = _Layout(grid, header_row, headers, columns, table_cols, package.date1904)
    return layout, table


@dataclass
class TrackerScan:
    """The rows of *Anmeldungen* for reading only (``ik status``, ``ik export-results``, the
    documents): :attr:`rows` yields them one at a time, so a caller that keeps only what it
    needs reads a tracker of any size in little memory."""

    path: Path
    columns: dict[str, int]
    rows: Iterator[TrackerRow]
    mail_records: list[Record] | None = None


def scan_tracker(path: Path, *, mail_records: bool = False) -> TrackerScan:
    """Stream the rows of *Anmeldungen* (one opening of the file, none of the structure a
    writer needs: styles, formulas, fingerprint); with ``mail_records`` also the records of
    the sheet *Nachrichten*."""
    with _opened(path) as package:
        layout, _ = _layout(path, package)
        records = _mail_records(package) if mail_records else None
    return TrackerScan(path, layout.columns, layout.rows(), records)


def cell_text(value: Any) -> str:
    """The text :meth:`TrackerRow.text` gives for a raw value of a column that holds no
    date (what :func:`scan_columns` yields), as the rows of :func:`scan_tracker` have it."""
    if value.__class__ is str:
        return value
    return _cell_text(value) or ""


@dataclass
class ColumnScan:
    """Some columns of *Anmeldungen*, raw, for a counting pass (``ik status``,
    ``ik export-results``): :attr:`rows` yields ``(row number, values)`` one at a time,
    ``values`` in the order of the keys asked for (``None`` where the tracker lacks the
    column). Values are python-calamine's: convert with :func:`cell_text` (only for
    columns that hold no date). Blank rows below the header come too; a counting pass
    skips them by their empty „Veranstaltung“, as the roster does."""

    path: Path
    columns: dict[str, int]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    mail_records: list[Record] | None = None
    _layout: _Layout | None = None

    def tracker_rows(self) -> Iterator[TrackerRow]:
        """Instead of :attr:`rows` (not read yet): every column of each row, as
        :func:`scan_tracker` gives them, from the same reading of the file."""
        assert self._layout is not None
        return self._layout.rows()


def scan_columns(
    path: Path, keys: Sequence[str], *, mail_records: bool = False
) -> ColumnScan:
    """Stream the raw values of the columns ``keys`` of *Anmeldungen* (no
    :class:`TrackerRow` per row, no conversion): a pass that only counts needs no more.
    Same reading as :func:`scan_tracker` (same errors, same header and columns)."""
    with _opened(path) as package:
        layout, _ = _layout(path, package)
        records = _mail_records(package) if mail_records else None
    for key in keys:
        if key not in COLUMN_BY_KEY or COLUMN_BY_KEY[key].kind is Kind.DATETIME:
            layout.grid.close()
            raise ValueError(f"no text column: {key}")
    return ColumnScan(path, layout.columns, _raw_rows(layout, keys), records, layout)


def _raw_rows(layout: _Layout, keys: Sequence[str]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    positions = [layout.columns.get(key, 0) - 1 for key in keys]
    first = layout.header_row + 1
    rows = islice(layout.grid.rows, layout.header_row, None)
    # calamine's rows all have the sheet's width
    width = len(layout.grid.head[0]) if layout.grid.head else 0
    if len(positions) > 1 and all(0 <= p < width for p in positions):
        # the usual case: one C call per row picks the columns, no Python code per row
        return zip(count(first), map(itemgetter(*positions), rows))
    return _padded_rows(rows, first, positions)


def _padded_rows(
    rows: Iterator[list[Any]], first: int, positions: Sequence[int]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in enumerate(rows, start=first):
        width = len(cells)
        yield number, tuple(cells[p] if 0 <= p < width else None for p in positions)


def read_tracker(path: Path, *, mail_records: bool = False) -> TrackerState:
    """Read the rows of *Anmeldungen*: values with python-calamine (fast), the structure
    (table, styles) from the package itself; with ``mail_records`` also the records of
    the sheet *Nachrichten*, in the same reading."""
    with _opened(path) as package:
        sheet = package.sheet(SHEET_REGISTRATIONS)
        layout, table = _layout(path, package)
        assert sheet is not None
        if table is not None and table.totals_rows:
            layout.grid.close()
            raise TrackerError(
                f"Die Tabelle im Blatt „{SHEET_REGISTRATIONS}“ hat eine Ergebniszeile; "
                "darunter kann ik keine Zeilen anhängen.",
                "Schalten Sie die Ergebniszeile aus (Tabellenentwurf → Ergebniszeile) und "
                "rufen Sie den Befehl erneut auf.",
            )
        data_rows = list(layout.rows())
        header_row, last_row, headers = layout.header_row, layout.last_row, layout.headers
        styles = _styles_of_row(package, sheet, last_row if last_row > header_row else 0)
        column_styles = package.column_styles(sheet)
        for col in layout.table_cols:
            if col not in styles and col in column_styles:
                styles[col] = column_styles[col]
        formulas: dict[int, str] = {}
        if table is not None:
            for col, header in headers.items():
                if header in table.formulas:
                    formulas[col] = table.formulas[header]
        columns = layout.columns
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
            mail_records=_mail_records(package) if mail_records else None,
        )


def _mail_records(package: Package) -> list[Record]:
    from integrakonzept.people.mailrecords import records_in

    return records_in(package)


@contextmanager
def _opened(path: Path) -> Iterator[Package]:
    """The tracker's package for a reading; a read-ahead of ``path`` the reading did not
    take (it failed before) is let go."""
    try:
        with Package(path) as package:
            yield package
    except BaseException:
        let_go(path)
        raise


class _Grid:
    """The cell values of a sheet, row by row from A1 (python-calamine)."""

    HEAD = 30

    def __init__(self, path: Path, sheet: str) -> None:
        from python_calamine import CalamineWorkbook

        ahead = taken(path, sheet)
        if ahead is not None:
            self._workbook, self._sheet = ahead
        else:
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
    from integrakonzept.people.workbook import print_row_height

    patch = SheetPatch(SHEET_REGISTRATIONS, styles=dict(state.styles))
    for number, values in updates.items():
        cells = patch.cells.setdefault(number, {})
        for key, value in values.items():
            col = state.columns.get(key)
            if col is not None:
                cells[col] = value
                _mark_direction(patch, number, col, key, value)
    numbers = plan_rows(state, len(appends))
    columns = state.columns
    formulas = [(col, Formula(formula)) for col, formula in state.formulas.items()]
    for index, number in enumerate(numbers):
        values = appends[index]
        if release:
            appends[index] = {}  # type: ignore[index]
        cells = patch.cells.setdefault(number, {})
        for key, value in values.items():
            col = columns.get(key)
            if col is not None:
                cells[col] = value
                if key in DIRECTED:
                    _mark_direction(patch, number, col, key, value)
        for col, formula_cell in formulas:
            cells.setdefault(col, formula_cell)
        height = print_row_height(values)
        if height is not None:
            patch.row_heights[number] = height
    for number, values in updates.items():
        height = print_row_height(values)
        if height is not None:
            patch.row_heights[number] = height
    if state.table_part and state.table_ref and numbers:
        first, _, last = state.table_ref.partition(":")
        end_row, end_col = split_ref(last or first)
        if numbers[-1] > end_row:
            patch.table_refs[state.table_part] = f"{first}:{col_letter(end_col)}{numbers[-1]}"
    with Package(state.path) as package, target.open("wb") as fh:
        write_package(package, fh, [patch])


#: columns whose text is set in its own direction in the sheet and its print
DIRECTED = frozenset({"first_name", "last_name", "organisation"})


def _mark_direction(patch: SheetPatch, row: int, col: int, key: str, value: object) -> None:
    """Names and organisations in Arabic, Persian or Hebrew script read from the right:
    their cell gets right-to-left reading order (``readingOrder="2"``)."""
    # (ASCII text has no right-to-left letter: its first strong character, if any, is L)
    if key in DIRECTED and isinstance(value, str) and value and not value.isascii():
        from integrakonzept.render.languages import text_direction

        if text_direction(value) == "rtl":
            patch.rtl.setdefault(row, set()).add(col)
