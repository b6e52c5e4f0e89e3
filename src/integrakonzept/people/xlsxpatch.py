"""Read one worksheet of an .xlsx package and rewrite only the cells that change.

Why not openpyxl for this: loading a workbook into openpyxl and saving it again rebuilds
every part of the file. That is slow for a 10,000-row tracker (seconds per import) and it
silently drops what openpyxl does not model (charts, images, pivot tables, x14 data
validations and conditional formats, slicers). The coordinator's tracker is their working
file, so an import must change the rows it imports and nothing else.

This module therefore works on the package itself:

* values are read with a tokenizer over the sheet XML (rows and cells cannot nest, and
  ``<`` is always escaped inside text, so splitting on the ``<row``/``<c`` tags is exact);
* changed cells are written as inline strings (``t="inlineStr"``) or numbers, keeping
  each cell's style; untouched rows are copied byte for byte;
* the table's ``ref`` grows with appended rows; the workbook is flagged for a full
  recalculation on load (``fullCalcOnLoad``) so that cached formula results of a file last
  saved by Excel or LibreOffice are not shown stale;
* every other part of the package is copied unchanged.

Only the standard library is used; lxml is not needed.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from integrakonzept.errors import TrackerError

CellData = str | float | bool | datetime | None

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_TABLE = "/table"
REL_SST = "/sharedStrings"
REL_OFFICE = "/officeDocument"
EXCEL_EPOCH = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)
MAX_ROW = 1048576

_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_ESCAPE_X = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#\d+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- small helpers -----------------------------------------------------------------------


def col_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = ["", *(col_letter(i) for i in range(1, 703))]  # A … ZZ


def col_index(letters: str) -> int:
    """A → 1, AA → 27."""
    result = 0
    for ch in letters:
        result = result * 26 + (ord(ch) - 64)
    return result


def split_ref(ref: str) -> tuple[int, int]:
    """``"B7"`` → (row 7, column 2)."""
    m = _REF.match(ref.replace("$", ""))
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


def _attrs(raw: bytes) -> dict[bytes, str]:
    result: dict[bytes, str] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else (m.group(3) or b"")
        result[m.group(1)] = _unescape(value.decode("utf-8"))
    return result


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _ENTITIES[name]


def _unescape(text: str) -> str:
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _decode_ooxml(text: str) -> str:
    """Undo OOXML's ``_xHHHH_`` escapes (Excel writes ``_x000D_`` for CR)."""
    if "_x" not in text:
        return text
    return _ESCAPE_X.sub(lambda m: chr(int(m.group(1), 16)), text)


_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]|_x")


def escape_text(text: str) -> str:
    """Text for a ``<t>`` element: XML escapes, OOXML escapes for control characters."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    if "_x" in text:
        text = _ESCAPE_X.sub(lambda m: "_x005F" + m.group(0), text)
    text = _BAD_XML_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    text = text.replace("\r", "_x000D_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_serial(value: datetime, date1904: bool = False) -> float:
    epoch = EPOCH_1904 if date1904 else EXCEL_EPOCH
    delta = value - epoch
    return round(delta.days + delta.seconds / 86400, 8)


def from_serial(value: float, date1904: bool = False) -> datetime:
    epoch = EPOCH_1904 if date1904 else EXCEL_EPOCH
    return epoch + timedelta(seconds=round(value * 86400))


def _resolve(base_part: str, target: str) -> str:
    """Resolve a relationship target relative to the part that owns the .rels file."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


# --- the package -------------------------------------------------------------------------


@dataclass
class TableInfo:
    part: str
    name: str
    ref: str
    header_rows: int
    totals_rows: int
    #: calculated column formulas by column name (Excel's table column formulas)
    formulas: dict[str, str] = field(default_factory=dict)


@dataclass
class SheetInfo:
    name: str
    part: str
    state: str
    tables: list[TableInfo] = field(default_factory=list)


class Package:
    """An .xlsx file opened for reading its structure and cell values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except PermissionError as exc:
            raise TrackerError(
                f"{path.name} kann nicht gelesen werden: keine Berechtigung.",
                "Prüfen Sie die Zugriffsrechte der Datei (oder ist sie in Excel geöffnet?).",
            ) from exc
        except (zipfile.BadZipFile, OSError) as exc:
            raise TrackerError(
                f"{path.name} ist keine lesbare Excel-Datei (.xlsx).",
                "Stellen Sie eine Sicherung wieder her (Ordner .ik-sicherungen) oder legen Sie "
                "die Anmeldeliste mit „ik tracker“ neu an.",
            ) from exc
        self.names = set(self.zip.namelist())
        try:
            self.workbook_part = self._office_document()
            self.workbook_xml = self.zip.read(self.workbook_part)
        except KeyError as exc:
            raise TrackerError(f"{path.name} ist keine vollständige Excel-Datei.") from exc
        self.workbook_rels = self._rels(self.workbook_part)
        self.date1904 = bool(
            re.search(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(1|true)\"", self.workbook_xml)
        )
        self.sheets = self._sheets()
        self._sst: list[str] | None = None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # structure

    def _office_document(self) -> str:
        rels = self._rels("")
        for target, kind in rels.values():
            if kind.endswith(REL_OFFICE):
                return target
        return "xl/workbook.xml"

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (resolved target, type) of ``part`` (``""`` for the package root)."""
        path = "_rels/.rels" if not part else _rels_path(part)
        if path not in self.names:
            return {}
        data = self.zip.read(path)
        result: dict[str, tuple[str, str]] = {}
        for m in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*?)/?>", data):
            attrs = _attrs(m.group(1))
            rid = attrs.get(b"Id", "")
            target = attrs.get(b"Target", "")
            if attrs.get(b"TargetMode") == "External":
                continue
            result[rid] = (
                _resolve(part or "/", target) if part else target.lstrip("/"),
                attrs.get(b"Type", ""),
            )
        return result

    def _sheets(self) -> list[SheetInfo]:
        sheets: list[SheetInfo] = []
        for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*?)/?>", self.workbook_xml):
            attrs = _attrs(m.group(1))
            rid = next((v for k, v in attrs.items() if k.endswith(b":id")), "")
            target = self.workbook_rels.get(rid, ("", ""))[0]
            if not target:
                continue
            info = SheetInfo(attrs.get(b"name", ""), target, attrs.get(b"state", "visible"))
            for table_target, kind in self._rels(target).values():
                if kind.endswith(REL_TABLE) and table_target in self.names:
                    info.tables.append(self._table(table_target))
            sheets.append(info)
        return sheets

    def _table(self, part: str) -> TableInfo:
        data = self.zip.read(part)
        m = re.search(rb"<(?:\w+:)?table\b([^>]*?)>", data)
        attrs = _attrs(m.group(1)) if m else {}
        formulas: dict[str, str] = {}
        for cm in re.finditer(
            rb"<(?:\w+:)?tableColumn\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?tableColumn>)", data, re.S
        ):
            body = cm.group(2) or b""
            fm = re.search(
                rb"<(?:\w+:)?calculatedColumnFormula\b[^>]*>(.*?)</(?:\w+:)?calculatedColumnFormula>",
                body,
                re.S,
            )
            if fm:
                name = _attrs(cm.group(1)).get(b"name", "")
                formulas[name] = _unescape(fm.group(1).decode("utf-8"))
        return TableInfo(
            part=part,
            name=attrs.get(b"displayName") or attrs.get(b"name", ""),
            ref=attrs.get(b"ref", ""),
            header_rows=int(attrs.get(b"headerRowCount", "1") or 1),
            totals_rows=int(attrs.get(b"totalsRowCount", "0") or 0),
            formulas=formulas,
        )

    def sheet(self, name: str) -> SheetInfo | None:
        for info in self.sheets:
            if info.name == name:
                return info
        folded = name.casefold()
        for info in self.sheets:
            if info.name.casefold() == folded:
                return info
        return None

    def read_head(self, part: str, marker: bytes) -> bytes:
        """The start of ``part`` up to and including the first ``marker`` (all of it if
        there is none), read in chunks."""
        chunks: list[bytes] = []
        with self.zip.open(part) as fh:
            while chunk := fh.read(1 << 18):
                seam = chunks[-1][-len(marker) :] if chunks else b""
                chunks.append(chunk)
                if marker in seam + chunk:
                    break
        return b"".join(chunks)

    def read_part(self, part: str) -> bytes:
        """The bytes of ``part``, inflated into one buffer: ``ZipFile.read`` holds a large
        part twice while it inflates it (100 MB more for a 100,000-row sheet)."""
        info = self.zip.getinfo(part)
        fp = self.zip.fp
        if (
            info.compress_type != zipfile.ZIP_DEFLATED
            or info.flag_bits & 0x1  # encrypted
            or info.file_size < 1 << 20
            or fp is None
        ):
            return self.zip.read(part)
        fp.seek(info.header_offset)
        header = fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return self.zip.read(part)  # let zipfile report the damage
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        fp.seek(info.header_offset + 30 + name_length + extra_length)
        raw = fp.read(info.compress_size)
        try:
            data = zlib.decompress(raw, -15, info.file_size)
        except zlib.error:
            return self.zip.read(part)
        del raw
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return self.zip.read(part)
        return data

    # values

    @property
    def shared_strings(self) -> list[str]:
        if self._sst is None:
            self._sst = self._read_sst()
        return self._sst

    def _read_sst(self) -> list[str]:
        part = next((t for t, kind in self.workbook_rels.values() if kind.endswith(REL_SST)), None)
        if part is None or part not in self.names:
            return []
        data = self.zip.read(part)
        prefix = _prefix(data, b"sst")
        si = re.compile(rb"<" + prefix + rb"si\b[^>]*?(?:/>|>(.*?)</" + prefix + rb"si>)", re.S)
        strings: list[str] = []
        for m in si.finditer(data):
            strings.append(_rich_text(m.group(1) or b"", prefix))
        return strings

    def read_rows(self, sheet: SheetInfo) -> Iterator[tuple[int, dict[int, tuple[CellData, int]]]]:
        """Yield (row number, {column: (value, style)}) for each row with cells."""
        data = self.zip.read(sheet.part)
        tokens = SheetTokens(data)
        sst = self.shared_strings
        for number, _start, _end, body in tokens.rows():
            cells: dict[int, tuple[CellData, int]] = {}
            for col, attrs, inner in tokens.cells(body):
                cells[col] = (tokens.value(attrs, inner, sst), int(attrs.get(b"s", "0") or 0))
            yield number, cells

    def column_styles(self, sheet: SheetInfo) -> dict[int, int]:
        """Default style of each column (``<col style=…>``).

        The ``<cols>`` element comes before ``<sheetData>`` (the schema's order), so only
        the part up to the rows is read (a 100,000-row sheet is 50 MB of XML)."""
        data = self.read_head(sheet.part, b"sheetData")
        prefix = _prefix(data, b"worksheet")
        result: dict[int, int] = {}
        for m in re.finditer(rb"<" + prefix + rb"col\b([^>]*?)/?>", data):
            attrs = _attrs(m.group(1))
            if b"style" not in attrs:
                continue
            for index in range(int(attrs.get(b"min", "1")), int(attrs.get(b"max", "1")) + 1):
                if index > 16384:
                    break
                result[index] = int(attrs[b"style"])
        return result


def _prefix(data: bytes, root: bytes) -> bytes:
    """The namespace prefix (``b""`` or ``b"x:"``) used for the main namespace."""
    m = re.search(rb"<(\w+:)?" + root + rb"\b", data[:4096])
    return (m.group(1) or b"") if m else b""


def _rich_text(body: bytes, prefix: bytes) -> str:
    if b"<" + prefix + b"rPh" in body:  # phonetic runs (Japanese) are not part of the value
        body = re.sub(rb"<" + prefix + rb"rPh\b.*?</" + prefix + rb"rPh>", b"", body, flags=re.S)
    parts = re.findall(rb"<" + prefix + rb"t\b[^>]*?(?:/>|>(.*?)</" + prefix + rb"t>)", body, re.S)
    return _decode_ooxml(_unescape(b"".join(parts).decode("utf-8")))


class SheetTokens:
    """Splits a worksheet XML into head, rows and tail without building a tree."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        p = _prefix(data, b"worksheet")
        self.prefix = p
        m = re.search(rb"<" + p + rb"sheetData\b[^>]*?(/?)>", data)
        if not m:
            raise TrackerError("Das Tabellenblatt hat keinen Datenbereich (sheetData).")
        if m.group(1):  # <sheetData/>
            self.head = data[: m.start()] + b"<" + p + b"sheetData>"
            self.body_start = self.body_end = m.end()
            self.tail = b"</" + p + b"sheetData>" + data[m.end() :]
        else:
            end = data.find(b"</" + p + b"sheetData>", m.end())
            self.head = data[: m.end()]
            self.body_start, self.body_end = m.end(), end
            self.tail = data[end:]
        self._row = re.compile(rb"<" + p + rb"row\b([^>]*?)(?:/>|>(.*?)</" + p + rb"row>)", re.S)
        self._cell = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        self._v = re.compile(rb"<" + p + rb"v>(.*?)</" + p + rb"v>", re.S)
        self._is = re.compile(rb"<" + p + rb"is>(.*?)</" + p + rb"is>", re.S)

    def rows(self) -> Iterator[tuple[int, int, int, bytes]]:
        """(row number, start offset, end offset, inner bytes) for each row.

        Plain ``bytes.find`` instead of a regular expression: rows cannot nest and ``<``
        never appears unescaped in text, so the next ``<row`` and ``</row>`` are exact.
        """
        data, end_of_body = self.data, self.body_end
        open_tag = b"<" + self.prefix + b"row"
        close_tag = b"</" + self.prefix + b"row>"
        number = 0
        pos = self.body_start
        while True:
            start = data.find(open_tag, pos, end_of_body)
            if start < 0:
                return
            after = data[start + len(open_tag) : start + len(open_tag) + 1]
            if after not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                pos = start + len(open_tag)  # e.g. <rowBreaks> (not inside sheetData)
                continue
            tag_end = data.find(b">", start, end_of_body)
            attrs = data[start + len(open_tag) : tag_end]
            r = attrs.find(b'r="')
            if r >= 0 and (r == 0 or attrs[r - 1 : r] in (b" ", b"\t", b"\n", b"\r")):
                number = int(attrs[r + 3 : attrs.find(b'"', r + 3)])
            else:
                number += 1
            if attrs.endswith(b"/"):
                yield number, start, tag_end + 1, b""
                pos = tag_end + 1
                continue
            close = data.find(close_tag, tag_end, end_of_body)
            yield number, start, close + len(close_tag), data[tag_end + 1 : close]
            pos = close + len(close_tag)

    def last_row_number(self) -> int | None:
        """Number of the last row, if its tag says it (``None``: unknown or no rows)."""
        open_tag = b"<" + self.prefix + b'row r="'
        start = self.data.rfind(open_tag, self.body_start, self.body_end)
        if start < 0:
            return None if b"<" + self.prefix + b"row" in self.body() else 0
        value_start = start + len(open_tag)
        return int(self.data[value_start : self.data.find(b'"', value_start)])

    def body(self) -> bytes:
        return self.data[self.body_start : self.body_end]

    def row_attrs(self, raw_row: bytes) -> bytes:
        m = self._row.match(raw_row)
        return m.group(1) if m else b""

    @staticmethod
    def prefix_of(data: bytes) -> bytes:
        """The namespace prefix of a piece of sheet XML (from its row tags)."""
        m = re.search(rb"<(\w+:)?row\b", data)
        return (m.group(1) or b"") if m else b""

    @staticmethod
    def cells_of(body: bytes, prefix: bytes) -> Iterator[tuple[int, dict[bytes, str], bytes]]:
        pattern = re.compile(
            rb"<" + prefix + rb"c\b([^>]*?)(?:/>|>(.*?)</" + prefix + rb"c>)", re.S
        )
        col = 0
        for m in pattern.finditer(body):
            attrs = _attrs(m.group(1))
            ref = attrs.get(b"r")
            if ref:
                m2 = _REF.match(ref)
                col = col_index(m2.group(1)) if m2 else col + 1
            else:
                col += 1
            yield col, attrs, m.group(2) or b""

    def cells(self, body: bytes) -> Iterator[tuple[int, dict[bytes, str], bytes]]:
        col = 0
        for m in self._cell.finditer(body):
            attrs = _attrs(m.group(1))
            ref = attrs.get(b"r")
            if ref:
                m2 = _REF.match(ref)
                col = col_index(m2.group(1)) if m2 else col + 1
            else:
                col += 1
            yield col, attrs, m.group(2) or b""

    def raw_cells(self, body: bytes) -> Iterator[tuple[int, bytes]]:
        col = 0
        for m in self._cell.finditer(body):
            r = re.search(rb"\br=\"([A-Z]+)\d+\"", m.group(1))
            col = col_index(r.group(1).decode()) if r else col + 1
            yield col, m.group(0)

    def value(self, attrs: Mapping[bytes, str], inner: bytes, sst: list[str]) -> CellData:
        kind = attrs.get(b"t", "n")
        if kind == "inlineStr":
            m = self._is.search(inner)
            return _rich_text(m.group(1), self.prefix) if m else ""
        m = self._v.search(inner)
        if m is None:
            return None
        raw = m.group(1).decode("utf-8")
        if kind == "s":
            try:
                return sst[int(raw)]
            except (ValueError, IndexError):
                return ""
        if kind in ("str", "e"):
            return _decode_ooxml(_unescape(raw))
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        try:
            return float(raw)
        except ValueError:
            return _unescape(raw)


# --- writing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A formula to write into a cell (used for table calculated columns)."""

    text: str


CellWrite = str | float | int | datetime | Formula | None


@dataclass
class SheetPatch:
    """Cells to set in one sheet: {row: {column: value}}; ``None`` clears a cell."""

    sheet: str
    cells: dict[int, dict[int, CellWrite]] = field(default_factory=dict)
    #: style for new cells by column (existing cells keep their own style)
    styles: dict[int, int] = field(default_factory=dict)
    #: new ``ref`` for each table part touched
    table_refs: dict[str, str] = field(default_factory=dict)
    #: row heights in points for rows whose wrapped text needs more than one line (print)
    row_heights: dict[int, float] = field(default_factory=dict)
    #: cells whose text reads right to left (Arabic, Persian, Hebrew names): their style
    #: gets ``readingOrder="2"`` (right-to-left) on top of what it had, {row: {column}}
    rtl: dict[int, set[int]] = field(default_factory=dict)
    #: set by :func:`write_package`: style index → its right-to-left twin
    twin: Callable[[int], int] | None = None
    #: (column, style) → the pieces of a plain text cell's XML around its row number and
    #: text (made once per column, not per cell)
    text_cells: dict[tuple[int, int], tuple[str, str, str]] = field(default_factory=dict)

    def style_for(self, row: int, col: int, style: int) -> int:
        if self.twin is not None and col in self.rtl.get(row, ()):
            return self.twin(style)
        return style


_CELL_XFS = re.compile(rb"(<(?:\w+:)?cellXfs\b[^>]*>)(.*?)(</(?:\w+:)?cellXfs>)", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b(?:[^>]*/>|[^>]*>.*?</(?:\w+:)?xf>)", re.S)


class RtlStyles:
    """Right-to-left twins of cell styles, added to ``styles.xml`` only when needed.

    A twin is the same ``<xf>`` with ``readingOrder="2"`` in its alignment, so an Arabic
    name keeps the font, wrapping and number format of its column and reads from the right
    (Excel and LibreOffice). An existing identical twin is reused, never added twice.
    """

    def __init__(self, styles_xml: bytes) -> None:
        self.data = styles_xml
        m = _CELL_XFS.search(styles_xml)
        self.xfs: list[bytes] = _XF.findall(m.group(2)) if m else []
        self.count = len(self.xfs)
        self.cache: dict[int, int] = {}

    def twin(self, style: int) -> int:
        if style in self.cache:
            return self.cache[style]
        if not self.xfs or style >= len(self.xfs):
            return style
        xf = self.xfs[style]
        if b'readingOrder="2"' in xf:
            self.cache[style] = style
            return style
        rtl = _with_reading_order(xf)
        index = self.xfs.index(rtl) if rtl in self.xfs else -1
        if index < 0:
            self.xfs.append(rtl)
            index = len(self.xfs) - 1
        self.cache[style] = index
        return index

    @property
    def changed(self) -> bool:
        return len(self.xfs) != self.count

    def xml(self) -> bytes:
        m = _CELL_XFS.search(self.data)
        if m is None or not self.changed:
            return self.data
        head = re.sub(rb'\bcount="\d+"', f'count="{len(self.xfs)}"'.encode(), m.group(1))
        return self.data[: m.start()] + head + b"".join(self.xfs) + m.group(3) + self.data[m.end() :]


def _with_reading_order(xf: bytes) -> bytes:
    """``xf`` with right-to-left reading order (and ``applyAlignment="1"``)."""
    start = re.match(rb"<((?:\w+:)?)xf\b[^>]*?(/?)>", xf)
    assert start is not None
    prefix, closed = start.group(1), start.group(2) == b"/"
    tag = start.group(0)
    if b"applyAlignment=" in tag:
        tag = re.sub(rb'applyAlignment="[^"]*"', b'applyAlignment="1"', tag)
    else:
        tag = tag[: -2 if closed else -1].rstrip() + b' applyAlignment="1"' + (b"/>" if closed else b">")
    if closed:
        return tag[:-2] + b"><" + prefix + b'alignment readingOrder="2"/></' + prefix + b"xf>"
    rest = xf[start.end() :]
    align = re.search(rb"<(?:\w+:)?alignment\b([^>]*?)(/?)>", rest)
    if align is not None:
        attrs = re.sub(rb'\s*readingOrder="[^"]*"', b"", align.group(1))
        new = b"<" + prefix + b"alignment" + attrs + b' readingOrder="2"' + align.group(2) + b">"
        return tag + rest[: align.start()] + new + rest[align.end() :]
    return tag + b"<" + prefix + b'alignment readingOrder="2"/>' + rest


def cell_xml(ref: str, value: CellWrite, style: int, date1904: bool, prefix: bytes = b"") -> bytes:
    """One ``<c>`` element. Text is always an inline string, never a formula."""
    return _cell(ref, value, style, date1904, prefix.decode()).encode("utf-8")


def _cell(ref: str, value: CellWrite, style: int, date1904: bool, p: str) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<{p}c r="{ref}"{s}/>'
    if isinstance(value, str):
        text = escape_text(value)
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{text}</{p}t></{p}is></{p}c>'
    if isinstance(value, Formula):
        return f'<{p}c r="{ref}"{s}><{p}f>{escape_text(value.text.lstrip("="))}</{p}f></{p}c>'
    if isinstance(value, datetime):
        return f'<{p}c r="{ref}"{s}><{p}v>{to_serial(value, date1904)!r}</{p}v></{p}c>'
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    return f'<{p}c r="{ref}"{s}><{p}v>{value!r}</{p}v></{p}c>'


def rewrite_sheet(data: bytes, patch: SheetPatch, date1904: bool) -> Iterator[bytes]:
    """Yield the new sheet XML in chunks: untouched rows verbatim, patched rows rebuilt."""
    tokens = SheetTokens(data)
    p = tokens.prefix
    pending = sorted(patch.cells)
    max_row = 0
    max_col = 0
    for row, cells in patch.cells.items():
        max_row = max(max_row, row)
        if cells:
            max_col = max(max_col, max(cells))
    head = _update_dimension(tokens.head, p, max_row, max_col)
    yield head
    cursor = tokens.body_start
    i = 0
    chunk: list[bytes] = []
    size = 0
    last = tokens.last_row_number()
    # only new rows below the last one (the usual import): copy the body as it is
    rows = iter(()) if last is not None and pending and pending[0] > last else tokens.rows()
    for number, start, end, body in rows:
        if i >= len(pending):
            break  # the rest is copied below
        while i < len(pending) and pending[i] < number:
            chunk.append(_new_row(pending[i], patch, date1904, p))
            i += 1
        if i < len(pending) and pending[i] == number:
            chunk.append(data[cursor:start])
            chunk.append(_merge_row(data[start:end], body, number, patch, date1904, tokens))
            i += 1
        else:
            chunk.append(data[cursor:end])
        cursor = end
        size += end - start
        if size > 1 << 20:
            yield b"".join(chunk)
            chunk, size = [], 0
    yield b"".join(chunk)
    for offset in range(cursor, tokens.body_end, 1 << 22):
        yield data[offset : min(offset + (1 << 22), tokens.body_end)]
    chunk, size = [], 0
    while i < len(pending):
        xml = _new_row(pending[i], patch, date1904, p)
        del patch.cells[pending[i]]  # written: free it (100,000 rows are a lot of dicts)
        chunk.append(xml)
        size += len(xml)
        i += 1
        if size > 1 << 20:
            yield b"".join(chunk)
            chunk, size = [], 0
    yield b"".join(chunk)
    yield tokens.tail


def _update_dimension(head: bytes, p: bytes, max_row: int, max_col: int) -> bytes:
    m = re.search(rb"<" + p + rb"dimension\b[^>]*?\bref=\"([^\"]*)\"", head)
    if not m or not max_row:
        return head
    ref = m.group(1).decode()
    first, _, last = ref.partition(":")
    try:
        r1, c1 = split_ref(first)
        r2, c2 = split_ref(last or first)
    except ValueError:
        return head
    new = f"{col_letter(c1)}{r1}:{col_letter(max(c2, max_col))}{max(r2, max_row)}".encode()
    return head[: m.start(1)] + new + head[m.end(1) :]


def _new_row(number: int, patch: SheetPatch, date1904: bool, p: bytes) -> bytes:
    cells = patch.cells[number]
    prefix = p.decode()
    styles = patch.styles
    height = patch.row_heights.get(number)
    tall = f' ht="{height:g}" customHeight="1"' if height else ""
    parts = [f'<{prefix}row r="{number}"{tall}>']
    # right-to-left cells of this row (see SheetPatch.style_for)
    rtl = patch.rtl.get(number) if patch.twin is not None else None
    letters = _LETTERS
    text_cells = patch.text_cells
    for col in sorted(cells):
        style = styles.get(col, 0)
        if rtl is not None and col in rtl:
            style = patch.style_for(number, col, style)
        value = cells[col]
        if value.__class__ is str and value and not _NEEDS_ESCAPE.search(value):
            # the usual cell, plain text: what _cell writes, without its checks
            text: str = value
            pieces = text_cells.get((col, style))
            if pieces is None:
                letter = letters[col] if col < len(letters) else col_letter(col)
                s = f' s="{style}"' if style else ""
                pieces = text_cells[(col, style)] = (
                    f'<{prefix}c r="{letter}',
                    f'"{s} t="inlineStr"><{prefix}is><{prefix}t',
                    f"</{prefix}t></{prefix}is></{prefix}c>",
                )
            if text[0].isspace() or text[-1].isspace() or "\n" in text:
                parts.append(f'{pieces[0]}{number}{pieces[1]} xml:space="preserve">{text}{pieces[2]}')
            else:
                parts.append(f"{pieces[0]}{number}{pieces[1]}>{text}{pieces[2]}")
        else:
            ref = f"{letters[col] if col < len(letters) else col_letter(col)}{number}"
            parts.append(_cell(ref, value, style, date1904, prefix))
    parts.append(f"</{prefix}row>")
    return "".join(parts).encode("utf-8")


def _merge_row(
    raw: bytes, body: bytes, number: int, patch: SheetPatch, date1904: bool, tokens: SheetTokens
) -> bytes:
    p = tokens.prefix
    changes = patch.cells[number]
    attrs = tokens.row_attrs(raw)
    attrs = re.sub(rb"\s+spans=\"[^\"]*\"", b"", attrs)
    height = patch.row_heights.get(number)
    if height:
        attrs = re.sub(rb"\s+(?:ht|customHeight)=\"[^\"]*\"", b"", attrs.rstrip(b"/"))
        attrs += f' ht="{height:g}" customHeight="1"'.encode()
    existing = dict(tokens.raw_cells(body))
    # the row element may also hold an extLst after the cells
    ext = b""
    m = re.search(rb"<" + p + rb"extLst\b.*", body, re.S)
    if m:
        ext = m.group(0)
    out = [b"<" + p + b"row" + attrs.rstrip(b"/") + b">"]
    for col in sorted(set(existing) | set(changes)):
        if col in changes:
            style = patch.styles.get(col, 0)
            if col in existing:
                start_tag = existing[col].split(b">", 1)[0]
                sm = re.search(rb"\bs=\"(\d+)\"", start_tag)
                style = int(sm.group(1)) if sm else 0
            style = patch.style_for(number, col, style)
            out.append(cell_xml(f"{col_letter(col)}{number}", changes[col], style, date1904, p))
        else:
            out.append(existing[col])
    out.append(ext)
    out.append(b"</" + p + b"row>")
    return b"".join(out)


def set_table_ref(data: bytes, ref: str) -> bytes:
    """Set the ``ref`` of a table part and of its autoFilter."""
    data = re.sub(
        rb"(<(?:\w+:)?table\b[^>]*?\bref=\")[^\"]*(\")",
        lambda m: m.group(1) + ref.encode() + m.group(2),
        data,
        count=1,
    )
    return re.sub(
        rb"(<(?:\w+:)?autoFilter\b[^>]*?\bref=\")[^\"]*(\")",
        lambda m: m.group(1) + ref.encode() + m.group(2),
        data,
        count=1,
    )


def force_full_calc(workbook_xml: bytes) -> bytes:
    """Ask Excel and LibreOffice to recalculate every formula when the file is opened."""
    m = re.search(rb"<(\w+:)?calcPr\b([^>]*?)(/?)>", workbook_xml)
    if m:
        attrs = re.sub(rb"\s+fullCalcOnLoad=\"[^\"]*\"", b"", m.group(2))
        new = (
            b"<"
            + (m.group(1) or b"")
            + b"calcPr"
            + attrs
            + b' fullCalcOnLoad="1"'
            + m.group(3)
            + b">"
        )
        return workbook_xml[: m.start()] + new + workbook_xml[m.end() :]
    prefix = _prefix(workbook_xml, b"workbook")
    for anchor in (b"definedNames", b"externalReferences", b"functionGroups", b"sheets"):
        close = b"</" + prefix + anchor + b">"
        pos = workbook_xml.find(close)
        if pos >= 0:
            pos += len(close)
            break
        empty = re.search(rb"<" + prefix + anchor + rb"\s*/>", workbook_xml)
        if empty:
            pos = empty.end()
            break
    else:
        return workbook_xml
    return workbook_xml[:pos] + b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>' + workbook_xml[pos:]


_CACHED_RESULT = re.compile(
    rb"(</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*<(?:\w+:)?v>[^<]*</(?:\w+:)?v>"
)


def drop_cached_results(data: bytes) -> bytes:
    """Remove the cached results of formula cells (the formulas stay).

    A file last saved by LibreOffice carries the results it computed; LibreOffice shows
    them as they are when it opens the file again (it ignores ``fullCalcOnLoad`` for its
    own files), so after new rows arrive the overview would show old numbers. Without a
    cached result both LibreOffice and Excel must compute the formula.
    """
    # a formula ends in "f>" (</f>, </x:f>) or is a shared one (<f t="shared" … />)
    if b"f>" not in data and b"<f " not in data and b":f " not in data:
        return data
    return _CACHED_RESULT.sub(rb"\1", data)


def write_package(source: Package, target: IO[bytes], patches: list[SheetPatch]) -> None:
    """Copy ``source`` to ``target`` with ``patches`` applied.

    Worksheets lose their cached formula results (see :func:`drop_cached_results`) and
    the workbook asks for a full recalculation; every other part is copied unchanged.
    """
    by_part: dict[str, SheetPatch] = {}
    tables: dict[str, str] = {}
    for patch in patches:
        info = source.sheet(patch.sheet)
        if info is None:
            raise TrackerError(f"Das Blatt „{patch.sheet}“ fehlt in {source.path.name}.")
        by_part[info.part] = patch
        tables.update(patch.table_refs)
    worksheets = {info.part for info in source.sheets}
    styles_part = next((n for n in source.names if n.endswith("/styles.xml")), None)
    rtl_styles: RtlStyles | None = None
    if styles_part is not None and any(patch.rtl for patch in patches):
        rtl_styles = RtlStyles(source.zip.read(styles_part))
        for patch in patches:
            patch.twin = rtl_styles.twin
    styles_entry: zipfile.ZipInfo | None = None
    # level 3: a third of the time of the default 6 for ~12 % more bytes
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as out:
        for item in source.zip.infolist():
            name = item.filename
            entry = zipfile.ZipInfo(name, date_time=item.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            for attribute in ("compress_level", "_compresslevel"):  # 3.13+, up to 3.12
                if hasattr(entry, attribute):
                    setattr(entry, attribute, 3)
                    break
            if name in by_part:
                data = drop_cached_results(source.read_part(name))
                with out.open(entry, "w", force_zip64=len(data) > (1 << 30)) as fh:
                    for chunk in rewrite_sheet(data, by_part[name], source.date1904):
                        fh.write(chunk)
            elif name in tables:
                out.writestr(entry, set_table_ref(source.zip.read(name), tables[name]))
            elif name == source.workbook_part:
                out.writestr(entry, force_full_calc(source.workbook_xml))
            elif name in worksheets:
                out.writestr(entry, drop_cached_results(source.zip.read(name)))
            elif name == styles_part and rtl_styles is not None:
                styles_entry = entry  # written last: the sheets may still need twins
            else:
                out.writestr(entry, source.zip.read(name), compress_type=item.compress_type)
        if rtl_styles is not None and styles_entry is not None:
            out.writestr(styles_entry, rtl_styles.xml())


# --- adding a sheet ------------------------------------------------------------------------

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET_TYPE = REL_NS + "/worksheet"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _new_sheet_xml(headers: list[str], widths: list[float]) -> bytes:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    cells = "".join(
        _cell(f"{col_letter(i)}1", h, 0, False, "") for i, h in enumerate(headers, start=1)
    )
    last = f"{col_letter(max(1, len(headers)))}1"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS.decode()}" xmlns:r="{REL_NS}">'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f'<sheetData><row r="1">{cells}</row></sheetData>'
        f'<autoFilter ref="A1:{last}"/>'
        "</worksheet>"
    ).encode()


def add_sheet(
    source: Package, target: IO[bytes], name: str, headers: list[str], widths: list[float]
) -> None:
    """Copy ``source`` to ``target`` with one new worksheet ``name`` (a header row only).

    Only the workbook, its relationships and the content types change; every other part
    is copied byte for byte (the same promise as :func:`write_package`).
    """
    if source.sheet(name) is not None:
        raise TrackerError(f"Das Blatt „{name}“ gibt es in {source.path.name} schon.")
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in source.names:
        number += 1
    part = f"xl/worksheets/sheet{number}.xml"
    rels_part = _rels_path(source.workbook_part)
    rels = source.zip.read(rels_part).decode("utf-8")
    taken = set(re.findall(r'\bId="([^"]+)"', rels))
    index = 1
    while f"rIdIk{index}" in taken:
        index += 1
    rid = f"rIdIk{index}"
    relative = posixpath.relpath(part, posixpath.dirname(source.workbook_part))
    close = rels.rfind("</")
    rels = (
        rels[:close]
        + f'<Relationship Id="{rid}" Type="{_WORKSHEET_TYPE}" Target="{relative}"/>'
        + rels[close:]
    )
    workbook = source.workbook_xml.decode("utf-8")
    ids = [int(x) for x in re.findall(r"<(?:\w+:)?sheet\b[^>]*?\bsheetId=\"(\d+)\"", workbook)]
    # declared on the element itself (as openpyxl does): valid whatever the root declares
    rel_attr = f'xmlns:r="{REL_NS}" r:id="{rid}"'
    p = _prefix(source.workbook_xml, b"workbook").decode()
    sheets_end = workbook.find(f"</{p}sheets>")
    if sheets_end < 0:
        raise TrackerError(f"{source.path.name}: die Liste der Blätter ist nicht lesbar.")
    entry = f'<{p}sheet name="{escape_text(name)}" sheetId="{max(ids, default=0) + 1}" {rel_attr}/>'
    workbook = workbook[:sheets_end] + entry + workbook[sheets_end:]
    types = source.zip.read("[Content_Types].xml").decode("utf-8")
    close = types.rfind("</")
    types = (
        types[:close]
        + f'<Override PartName="/{part}" ContentType="{_WORKSHEET_CONTENT}"/>'
        + types[close:]
    )
    replaced = {
        rels_part: rels.encode("utf-8"),
        source.workbook_part: workbook.encode("utf-8"),
        "[Content_Types].xml": types.encode("utf-8"),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as out:
        for item in source.zip.infolist():
            entry_info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            entry_info.compress_type = zipfile.ZIP_DEFLATED
            entry_info.external_attr = item.external_attr
            if item.filename in replaced:
                out.writestr(entry_info, replaced[item.filename])
            else:
                out.writestr(
                    entry_info, source.zip.read(item.filename), compress_type=item.compress_type
                )
        out.writestr(part, _new_sheet_xml(headers, widths))
