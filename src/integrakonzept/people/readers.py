"""Read exports (CSV in any of the usual encodings and delimiters, XLSX/XLS/ODS) into rows.

The rule for CSV encodings (right on every sample we have, see toolbox.md): a byte-order
mark decides (UTF-8 or UTF-16); otherwise strict UTF-8; otherwise Windows-1252. Guessers
such as charset-normalizer pick cp1250 for German files and break "João".

Every cell comes back as ``str`` except timestamps, which XLSX files deliver as
:class:`datetime.datetime` (calamine's integers-as-floats and midnight-datetimes-as-dates
are normalised here, in one place). Control characters (NUL, vertical tab …) and the
``_x0000_`` escapes spreadsheet programs write for them are removed here, so they never
reach the tracker. A bare carriage return inside a cell is text, never the end of a row.

Limits keep time and memory bounded (:data:`MAX_FILE_BYTES`, :data:`MAX_ROWS`,
:data:`MAX_COLUMNS`); a longer file is refused with a German message, the other files of
a batch are still imported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from integrakonzept.errors import InputFileError, os_reason

CellValue = str | datetime

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
#: an export larger than this is refused (a year of registrations is a few MB)
MAX_FILE_BYTES = 200 * 1024 * 1024
#: data rows per file
MAX_ROWS = 500_000
#: columns per row (LimeSurvey exports with one column per option reach a few hundred)
MAX_COLUMNS = 2_000
#: characters per cell, Excel's own limit: a longer cell cannot be stored in the tracker
MAX_CELL = 32_767
#: the csv module's field limit: bounds the memory one hostile cell can take
_CSV_FIELD_LIMIT = 4 * MAX_CELL

#: control characters other than tab and line breaks (C0, DEL, C1) and non-characters
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: how XLSX writers escape control characters in text: ``_x0000_`` … ``_x001F_``
_XLSX_ESCAPE = re.compile(r"_x00[01][0-9A-Fa-f]_")
#: a carriage return inside a cell while the file's rows end in LF or CRLF
_BARE_CR = re.compile("\r(?!\n)")
_CR_MARK = "\ue000"

ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 mit BOM",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1",
}


@dataclass
class Sheet:
    """The rows of one CSV file or one worksheet, with their spreadsheet row numbers."""

    path: Path
    #: ``None`` for CSV, the worksheet name for spreadsheets
    name: str | None
    rows: list[list[CellValue]]
    #: row number (1-based, as a spreadsheet program shows it) of each entry of ``rows``
    numbers: list[int]
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def label(self) -> str:
        if self.name is None:
            return self.path.name
        from integrakonzept.people.normalize import quote  # normalize imports this module

        return f"{self.path.name} (Blatt {quote(self.name)})"


@dataclass
class Source:
    """A file as read: one sheet for CSV, one per visible worksheet for spreadsheets."""

    path: Path
    kind: str  # "csv" or "xlsx"
    sheets: list[Sheet] = field(default_factory=list)


def clean_text(value: str) -> str:
    """Remove control characters (and their XLSX escapes) from one cell's text."""
    if "_x00" in value:
        value = _XLSX_ESCAPE.sub("", value)
    return _CONTROL.sub("", value)


def _check_limits(path: Path, rows: list[list[CellValue]]) -> None:
    if len(rows) > MAX_ROWS + 1:
        raise InputFileError(
            f"Die Datei {path.name} hat mehr als {MAX_ROWS:,} Zeilen.".replace(",", "."),
            "Teilen Sie den Export auf (z. B. nach Veranstaltung oder Zeitraum) und "
            "importieren Sie die Teile nacheinander.",
        )
    widest = max((len(r) for r in rows), default=0)
    if widest > MAX_COLUMNS:
        raise InputFileError(
            f"Die Datei {path.name} hat {widest:,} Spalten; ik liest höchstens "
            f"{MAX_COLUMNS:,}.".replace(",", "."),
            "Exportieren Sie nur die Fragen, die für die Anmeldung gebraucht werden.",
        )


def read_source(path: Path) -> Source:
    """Read ``path`` (CSV, XLSX, XLS or ODS) into rows of text."""
    if not path.exists():
        raise InputFileError(f"Die Datei {path} gibt es nicht.")
    if path.is_dir():
        raise InputFileError(f"{path} ist ein Ordner, keine Datei.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputFileError(
            f"Die Datei {path} kann nicht gelesen werden: {exc.strerror or exc}."
        ) from exc
    if size > MAX_FILE_BYTES:
        raise InputFileError(
            f"Die Datei {path.name} ist {size // (1024 * 1024)} MB groß; ik liest Exporte bis "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB.",
            "Teilen Sie den Export auf und importieren Sie die Teile nacheinander.",
        )
    if size == 0:
        raise InputFileError(f"Die Datei {path.name} ist leer (0 Byte).")
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return Source(path, "xlsx", read_spreadsheet(path))
    data = _read_bytes(path)
    if data[:4] == b"PK\x03\x04":
        return Source(path, "xlsx", read_spreadsheet(path))
    return Source(path, "csv", [read_csv_bytes(path, data)])


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(
            f"Die Datei {path} kann nicht gelesen werden: {os_reason(exc)}."
        ) from exc


# --- CSV ---------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """BOM → UTF-8/UTF-16; strict UTF-8; else Windows-1252 (Latin-1 for its undefined bytes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII characters leave every second byte zero
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        return "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1"
        return "cp1252"
    return "utf-8"


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode CSV bytes; returns ``(text, encoding)``."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"Die Datei {path.name} hat eine unbekannte Zeichenkodierung "
            f"(Byte {exc.start + 1} passt nicht zu {ENCODING_NAMES.get(encoding, encoding)}).",
            "Speichern Sie die Datei als „CSV UTF-8“ und importieren Sie sie erneut.",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, as ``io.StringIO(text, newline="")`` gives
    them (a line ends in LF, CR or CRLF), one at a time: a StringIO would first copy the
    whole text at four bytes per character (300 MB for a 75 MB export)."""
    return (m.group() for m in _LINE.finditer(text))


def sniff_delimiter(text: str) -> str:
    """Pick ``;``, ``,`` or tab: the one that splits the first records most consistently."""
    best = ";"
    best_score: tuple[float, int] = (-1.0, 0)
    for delimiter in DELIMITERS:
        widths: list[int] = []
        reader = csv.reader(lines(text), delimiter=delimiter, strict=False)
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    widths.append(len(record))
                if len(widths) >= 30:
                    break
        except csv.Error:
            continue
        if not widths:
            continue
        header = max(widths[:5])
        if header <= 1:
            score: tuple[float, int] = (0.0, 1)
        else:
            consistent = sum(1 for w in widths if w == header) / len(widths)
            score = (consistent, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_bytes(path: Path, data: bytes) -> Sheet:
    """Parse CSV bytes: encoding, an optional ``sep=`` line, the delimiter, quoted line breaks."""
    if not data.strip():
        raise InputFileError(f"Die Datei {path.name} ist leer.")
    text, encoding = decode(data, path)
    first_line, _, rest = text.partition("\n")
    explicit: str | None = None
    skipped = 0
    stripped = first_line.strip().strip('"').lower()
    if stripped.startswith("sep=") and len(stripped) == 5:  # Excel's "sep=;" hint line
        explicit = first_line.strip().strip('"')[4]
        text = rest
        skipped = 1
    if "\n" in text and "\r" in text:
        # rows end in LF or CRLF: a lone CR is part of a cell, even an unquoted one
        text = _BARE_CR.sub(_CR_MARK, text)
    delimiter = explicit or sniff_delimiter(text)
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(lines(text), delimiter=delimiter, strict=False)
    rows: list[list[CellValue]] = []
    numbers: list[int] = []
    number = skipped
    # a file without control characters, XLSX escapes or marked CRs (the usual export):
    # every cell is clean as it is, checked once for the whole text instead of per cell
    plain = _CR_MARK not in text and "_x00" not in text and _CONTROL.search(text) is None
    try:
        for record in reader:
            number += 1
            if not "".join(record).strip():  # no cell with more than space
                continue
            if plain:
                rows.append(record)  # type: ignore[arg-type]  # list[str] is list[CellValue]
            else:
                rows.append([clean_text(cell.replace(_CR_MARK, "\r")) for cell in record])
            numbers.append(number)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputFileError(
                f"Die Datei {path.name} hat in Zeile {number + 1} eine Zelle mit mehr als "
                f"{_CSV_FIELD_LIMIT:,} Zeichen.".replace(",", "."),
                "Ist es wirklich ein Formular-Export? Prüfen Sie die Datei in einem "
                "Tabellenprogramm.",
            ) from None
        raise InputFileError(  # the csv module's own (English) wording stays out
            f"Die Datei {path.name} ist keine lesbare CSV-Datei (Zeile {number + 1} lässt "
            "sich nicht in Spalten zerlegen)."
        ) from None
    _check_limits(path, rows)
    return Sheet(path, None, rows, numbers, encoding=encoding, delimiter=delimiter)


# --- spreadsheets ------------------------------------------------------------------------


def read_spreadsheet(path: Path) -> list[Sheet]:
    """Read every visible worksheet with python-calamine (fast, also XLS and ODS)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own exception types for broken files
        raise InputFileError(
            f"Die Datei {path.name} kann nicht als Tabelle gelesen werden ({type(exc).__name__}).",
            "Ist sie beschädigt oder mit einem Kennwort geschützt? Öffnen Sie sie in "
            "Excel oder LibreOffice und speichern Sie sie erneut als .xlsx oder CSV.",
        ) from None
    sheets: list[Sheet] = []
    try:
        for meta in workbook.sheets_metadata:
            if "Visible" not in str(meta.visible) or "Work" not in str(meta.typ):
                continue
            raw = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            rows: list[list[CellValue]] = []
            numbers: list[int] = []
            for index, record in enumerate(raw, start=1):
                values = [_cell(value) for value in record]
                if any(isinstance(v, datetime) or v.strip() for v in values):
                    rows.append(values)
                    numbers.append(index)
                    if len(rows) > MAX_ROWS + 1:
                        break
            _check_limits(path, rows)
            sheets.append(Sheet(path, meta.name, rows, numbers))
    except InputFileError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable package (calamine's types)
        raise InputFileError(
            f"Die Datei {path.name} kann nicht als Tabelle gelesen werden ({type(exc).__name__}).",
            "Ist sie beschädigt? Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie "
            "erneut als .xlsx oder CSV.",
        ) from None
    finally:
        workbook.close()
    if not any(sheet.rows for sheet in sheets):
        raise InputFileError(f"Die Datei {path.name} ist leer.")
    return sheets


def _cell(value: object) -> CellValue:
    """Normalise one calamine value: text, or a datetime for date/time cells."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
