"""Reject files: the rows that were not imported, in the export's own layout plus a reason.

The coordinator fixes them there and imports the file again (a rejects file of a rejects
file replaces itself instead of growing a second suffix).
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import OutputError, os_reason
from integrakonzept.people import normalize as norm
from integrakonzept.people.readers import CellValue, Sheet

if TYPE_CHECKING:
    from integrakonzept.output import Writer, Written

REJECT_SUFFIX = "-abgelehnt"
REASON_HEADER = "ik: Grund"
INDEX_HEADER = (
    "# Von ik import-registrations geschriebene Dateien mit abgelehnten Zeilen "
    "(ik purge löscht sie nach der Aufbewahrungsfrist)."
)


def index_path(tracker: Path) -> Path:
    """Where the import records its reject files: ``.NAME.abgelehnt.txt`` beside the
    tracker. It holds file paths only (no row contents), so ``ik purge`` finds reject
    files written beside exports anywhere on the disk."""
    return tracker.parent / f".{tracker.name}.abgelehnt.txt"


def is_reject_file(path: Path) -> bool:
    """Only files named like a reject file are ever taken from the index (a hand-edited
    index must not make ``ik purge`` delete anything else)."""
    return path.stem.endswith(REJECT_SUFFIX) and path.suffix.lower() in {
        ".csv", ".xlsx", ".txt", ".tsv"
    }


def is_reject_backup(path: Path) -> bool:
    """A copy of a reject file the import kept before replacing or removing it
    (``.ik-sicherungen/NAME-abgelehnt_JJJJ-MM-TT_hh-mm-ss.csv``): it holds the same
    personal data, so ``ik purge`` deletes it with the reject files."""
    import re

    from integrakonzept.output import BACKUP_DIR

    return (
        path.parent.name == BACKUP_DIR
        and path.suffix.lower() in {".csv", ".xlsx", ".txt", ".tsv"}
        and re.fullmatch(
            rf".+{REJECT_SUFFIX}_\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d(_\d+)?", path.stem
        )
        is not None
    )


def recorded_rejects(tracker: Path) -> list[Path]:
    """The reject files the index names (existing or not), in the order recorded."""
    try:
        text = index_path(tracker).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found: list[Path] = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            path = Path(line)
            if path.is_absolute() and is_reject_file(path) and path not in found:
                found.append(path)
    return found


def store_index(tracker: Path, files: list[Path]) -> None:
    """Write the index with ``files`` (deleted when empty)."""
    from integrakonzept.output import Writer

    target = index_path(tracker)
    if not files:
        Writer().remove(target)
        return
    Writer().write(target, "\n".join([INDEX_HEADER, *(str(f) for f in files)]) + "\n")


def record_rejects(tracker: Path, files: list[Path]) -> None:
    """Add reject files just written to the index beside ``tracker``."""
    known = recorded_rejects(tracker)
    new = [f.resolve() for f in files]
    merged = known + [f for f in new if f not in known]
    if merged != known:
        try:
            store_index(tracker, merged)
        except OSError as exc:
            raise OutputError(
                f"Das Verzeichnis der abgelehnten Dateien ({index_path(tracker)}) kann nicht "
                f"geschrieben werden: {os_reason(exc)}."
            ) from exc


def rejects_path(sheet: Sheet) -> Path:
    """Where the rejected rows of ``sheet`` go: ``NAME-abgelehnt`` beside the export."""
    path = sheet.path
    kind = "csv" if sheet.name is None else "xlsx"
    stem = path.stem
    suffix = ".xlsx" if kind == "xlsx" else path.suffix or ".csv"
    if stem.endswith(REJECT_SUFFIX):
        return path.with_suffix(suffix)
    return path.with_name(f"{stem}{REJECT_SUFFIX}{suffix}")


def _mask(value: str) -> str:
    """Keep CSV cells from becoming formulas when the rejects file is opened in Excel."""
    return "'" + value if value.startswith(norm.FORMULA_STARTS[:4]) else value


def render_rejects(
    sheet: Sheet, header_index: int, rejected_rows: list[tuple[int, str]], width: int
) -> bytes:
    """The rejected rows in the export's own layout plus a reason column, as file content
    (CSV in the export's delimiter, or XLSX; the same rows give the same bytes).

    ``rejected_rows`` are (index into ``sheet.rows``, reason); the rows above
    ``header_index`` (titles) and the header row are copied as they are.
    """
    head = sheet.rows[: header_index + 1]
    header = list(sheet.rows[header_index]) + [""] * (width - len(sheet.rows[header_index]))
    header.append(REASON_HEADER)
    out_rows: list[list[CellValue]] = [list(r) for r in head[:-1]] + [header]
    for index, reason in rejected_rows:
        row = list(sheet.rows[index]) + [""] * (width - len(sheet.rows[index]))
        row.append(reason)
        out_rows.append(row)
    if sheet.name is None:
        return _csv_bytes(out_rows, sheet.delimiter or ";")
    return _xlsx_bytes(out_rows, sheet.name or "Abgelehnt")


def write_rejects(
    sheet: Sheet,
    header_index: int,
    rejected_rows: list[tuple[int, str]],
    width: int,
    writer: Writer,
) -> Written | None:
    """Write the reject file of ``sheet`` through ``writer`` (the one writer), or remove a
    stale one when nothing was rejected this time.

    The coordinator may have corrected the previous reject file by hand: whenever its
    content changes, the previous version is kept in ``.ik-sicherungen/`` beside it
    (:attr:`Written.backup`, reported). A stale reject file (this import of the export
    rejected nothing) is removed, also with a backup; the file being imported is never
    removed (a corrected reject file imported again stays where it is).
    """
    target = rejects_path(sheet)
    if not rejected_rows:
        if target.resolve() == sheet.path.resolve():
            return None
        return writer.remove(target, backup=True)
    data = render_rejects(sheet, header_index, rejected_rows, width)
    return writer.write(target, data, backup=True, private=True)  # personal data: 0600


def _csv_bytes(rows: list[list[CellValue]], delimiter: str) -> bytes:
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    for row in rows:
        writer.writerow(
            [_mask(v) if isinstance(v, str) else v.strftime("%d.%m.%Y %H:%M:%S") for v in row]
        )
    return buffer.getvalue().encode("utf-8-sig")


#: the "modified" time of every XLSX reject file: the same rows give the same bytes, so an
#: unchanged reject file is reported unchanged and not backed up again
_STAMP = datetime(2000, 1, 1)


def _xlsx_bytes(rows: list[list[CellValue]], title: str) -> bytes:
    from openpyxl import Workbook

    from integrakonzept.render.sheets import workbook_bytes

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            else:
                cell.number_format = "DD.MM.YYYY HH:MM:SS"
    return workbook_bytes(wb, _STAMP)
