"""Who got which e-mail: the sheet *Nachrichten* of the tracker and the send journal.

Every message ``ik mail`` sends or drafts is recorded once per registration and kind
(confirmation, waiting list, place free, reminder, cancellation, thanks), so that nothing
goes out twice and ``ik status`` can tell who still waits for an answer.

Where the records live
    A sheet of its own, *Nachrichten* (ID of the registration, event, message, way,
    time), added to the tracker the first time and afterwards only appended to, through
    the same lossless patching as the import (:mod:`integrakonzept.people.xlsxpatch`).
    Imports never touch it and ``ik tracker`` keeps it, so records survive re-imports
    and manual edits of *Anmeldungen*. Deleting a line there makes the message due again.

Why a journal as well
    A message that left the building must never be sent again, even if the program is
    interrupted before the tracker is written (or the tracker is open in Excel at the
    end). Each success is first appended to a small journal file beside the tracker
    (one JSON line, flushed to disk, no personal data: only the registration ID, event,
    kind, way and time); the records are moved into the tracker afterwards and the
    journal is removed. A later run reads a left-over journal first.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from integrakonzept.errors import TrackerError
from integrakonzept.output import ensure_closed
from integrakonzept.people import safety
from integrakonzept.people.schema import SHEET_REGISTRATIONS, STATUS_REGISTERED
from integrakonzept.people.xlsxpatch import (
    CellWrite,
    Package,
    SheetPatch,
    add_sheet,
    from_serial,
    write_package,
)

SHEET_MESSAGES = "Nachrichten"
HEADERS = ["ID", "Veranstaltung", "Nachricht", "Weg", "Zeitpunkt"]
WIDTHS = [10.0, 22.0, 24.0, 12.0, 18.0]

#: kind key (command line) → what the sheet says
KIND_LABELS: dict[str, str] = {
    "bestaetigung": "Bestätigung",
    "warteliste": "Warteliste",
    "platz-frei": "Platz frei",
    "erinnerung": "Erinnerung",
    "absage": "Absage bestätigt",
    "dank": "Dank",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)
WAY_SENT = "gesendet"
WAY_DRAFT = "Entwurf"
WAYS = (WAY_SENT, WAY_DRAFT)

_BY_LABEL = {label.casefold(): key for key, label in KIND_LABELS.items()}
_DE_TIME = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?\s*$")


@dataclass(frozen=True)
class Record:
    """One message sent or drafted for one registration."""

    reg_id: str
    event: str
    kind: str
    way: str
    at: datetime | None

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.reg_id,
                "event": self.event,
                "kind": self.kind,
                "way": self.way,
                "at": self.at.isoformat(timespec="seconds") if self.at else None,
            },
            ensure_ascii=False,
        )


def kind_of(label: str) -> str | None:
    """``"Bestätigung"`` (as in the sheet) or ``"bestaetigung"`` → ``"bestaetigung"``."""
    text = label.strip().casefold()
    if text in KIND_LABELS:
        return text
    return _BY_LABEL.get(text)


def _time(value: object, date1904: bool) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        with contextlib.suppress(OverflowError, ValueError):
            return from_serial(float(value), date1904)
        return None
    if isinstance(value, str):
        m = _DE_TIME.match(value)
        if m:
            d, mo, y, h, mi = m.groups()
            with contextlib.suppress(ValueError):
                return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    return None


def read_records(path: Path) -> list[Record]:
    """The records of the sheet *Nachrichten* (none if the sheet does not exist yet).

    Columns are found by their headers, wherever the coordinator moved them; lines
    without an ID or with an unknown message kind are ignored.
    """
    if not path.exists():
        return []
    with Package(path) as package:
        return records_in(package)


def records_in(package: Package) -> list[Record]:
    """The records of the sheet *Nachrichten* of an open tracker (see :func:`read_records`);
    the roster reads them here while the tracker is open anyway."""
    sheet = package.sheet(SHEET_MESSAGES)
    if sheet is None:
        return []
    records: list[Record] = []
    columns: dict[str, int] = {}
    for number, cells in package.read_rows(sheet):
        if not columns:
            found = {
                str(value).strip().casefold(): col
                for col, (value, _style) in cells.items()
                if value is not None
            }
            columns = {h: found[h.casefold()] for h in HEADERS if h.casefold() in found}
            if "ID" not in columns or "Nachricht" not in columns:
                columns = {}
                if number >= 5:
                    break
            continue

        def cell(
            header: str,
            cells: Mapping[int, tuple[object, int]] = cells,
            columns: Mapping[str, int] = columns,
        ) -> object:
            col = columns.get(header)
            return cells.get(col, (None, 0))[0] if col is not None else None

        reg_id = _text(cell("ID"))
        kind = kind_of(_text(cell("Nachricht")))
        if not reg_id or kind is None:
            continue
        way = _text(cell("Weg")) or WAY_SENT
        records.append(
            Record(
                reg_id,
                _text(cell("Veranstaltung")),
                kind,
                way,
                _time(cell("Zeitpunkt"), package.date1904),
            )
        )
    return records


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- the journal -------------------------------------------------------------------------


def journal_path(tracker: Path) -> Path:
    """``.anmeldungen.xlsx.ik-versand.jsonl`` beside the tracker."""
    return tracker.parent / f".{tracker.name}.ik-versand.jsonl"


def append_journal(tracker: Path, record: Record) -> None:
    """Append one record and flush it to disk before returning."""
    path = journal_path(tracker)
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(record.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise TrackerError(
            f"Das Versandprotokoll {path.name} kann nicht geschrieben werden: "
            f"{exc.strerror or exc}.",
            "Der Versand wurde angehalten, damit keine E-Mail doppelt verschickt wird. "
            "Prüfen Sie, ob der Ordner der Anmeldeliste beschreibbar ist.",
        ) from exc


def read_journal(tracker: Path) -> list[Record]:
    """Records of an earlier run that are not in the tracker yet (a broken last line,
    from an interruption while writing, is ignored)."""
    path = journal_path(tracker)
    if not path.exists():
        return []
    records: list[Record] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
            at = datetime.fromisoformat(data["at"]) if data.get("at") else None
            record = Record(str(data["id"]), str(data["event"]), str(data["kind"]), str(data["way"]), at)
        except (ValueError, KeyError, TypeError):
            continue
        if record.kind in KIND_LABELS and record.way in WAYS:
            records.append(record)
    return records


def clear_journal(tracker: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        journal_path(tracker).unlink()


# --- one run at a time ---------------------------------------------------------------------

#: a lock older than this is left over from a crash (Windows cannot ask whether a process lives)
STALE_LOCK_SECONDS = 6 * 3600


def lock_path(tracker: Path) -> Path:
    return tracker.parent / f".{tracker.name}.ik-versand.lock"


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, it belongs to someone else
        return True
    return True


@contextlib.contextmanager
def sending_lock(tracker: Path) -> Iterator[None]:
    """Let only one ``ik mail`` work on ``tracker`` at a time (two at once would both
    find the same people due and send twice). The lock file holds the process id and
    disappears at the end; one left by a crashed run is taken over."""
    path = lock_path(tracker)
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                pid = int(path.read_text(encoding="ascii").strip() or "0")
                age = datetime.now().timestamp() - path.stat().st_mtime
            except (OSError, ValueError):
                pid, age = 0, 0.0
            if pid and _alive(pid) and age < STALE_LOCK_SECONDS:
                raise TrackerError(
                    f"Für {tracker.name} läuft gerade ein anderer Versand (ik mail).",
                    "Warten Sie, bis er fertig ist. Läuft keiner mehr, löschen Sie die Datei "
                    f"{path}.",
                ) from None
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        break
    else:  # pragma: no cover - another run took the stale lock in between
        raise TrackerError(f"Für {tracker.name} läuft gerade ein anderer Versand (ik mail).")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


# --- writing into the tracker ------------------------------------------------------------


def store_records(
    tracker: Path,
    records: Iterable[Record],
    *,
    registered: Iterable[str] = (),
) -> Path | None:
    """Append ``records`` to *Nachrichten* and set the registrations in ``registered``
    (IDs of people moved up from the waiting list) from „Warteliste“ to „angemeldet“;
    returns the backup.

    Writes through a temporary file and the usual backup and rename; on failure the
    tracker is unchanged and :class:`TrackerError` says why (the journal keeps the
    records for the next run). One writer at a time (:func:`safety.tracker_lock`).
    """
    with safety.tracker_lock(tracker):
        return _store_records(tracker, records, registered=registered)


def _store_records(
    tracker: Path,
    records: Iterable[Record],
    *,
    registered: Iterable[str] = (),
) -> Path | None:
    from integrakonzept.people.status import Status, status_of
    from integrakonzept.people.trackerfile import read_tracker

    records = list(records)
    moved = set(registered)
    if not records and not moved:
        return None
    ensure_closed(tracker, TrackerError)
    from integrakonzept.output import Writer

    with safety.rewriting(tracker) as new_temp:
        source = tracker
        with Package(tracker) as package:
            missing = package.sheet(SHEET_MESSAGES) is None
            if missing:
                with_sheet = new_temp()
                with with_sheet.open("wb") as fh:
                    add_sheet(package, fh, SHEET_MESSAGES, HEADERS, WIDTHS)
                source = with_sheet
        state = read_tracker(source)
        patches: list[SheetPatch] = []
        if moved:
            status_col = state.columns.get("status")
            id_col = state.columns.get("reg_id")
            if status_col is not None and id_col is not None:
                patch = SheetPatch(SHEET_REGISTRATIONS, styles=dict(state.styles))
                for row in state.rows:
                    if (
                        row.text("reg_id") in moved
                        and status_of(row.text("status")) is Status.WAITLIST
                    ):
                        patch.cells[row.number] = {status_col: STATUS_REGISTERED}
                if patch.cells:
                    patches.append(patch)
        with Package(source) as package:
            sheet = package.sheet(SHEET_MESSAGES)
            assert sheet is not None
            last = 0
            columns: dict[str, int] = {}
            for number, cells in package.read_rows(sheet):
                if not columns:
                    found = {
                        str(v).strip().casefold(): c for c, (v, _s) in cells.items() if v is not None
                    }
                    columns = {h: found[h.casefold()] for h in HEADERS if h.casefold() in found}
                if any(v not in (None, "") for v, _s in cells.values()):
                    last = number
            if "ID" not in columns or "Nachricht" not in columns:
                raise TrackerError(
                    f"Im Blatt „{SHEET_MESSAGES}“ von {tracker.name} fehlen die Überschriften "
                    "„ID“ und „Nachricht“.",
                    "Stellen Sie die Überschriften in Zeile 1 wieder her (ID, Veranstaltung, "
                    "Nachricht, Weg, Zeitpunkt) oder benennen Sie das Blatt um; ik legt dann "
                    "ein neues an.",
                )
            # times as text in German notation: readable without a date format in the sheet
            messages = SheetPatch(SHEET_MESSAGES)
            for offset, record in enumerate(records, start=1):
                values: dict[str, CellWrite] = {
                    "ID": record.reg_id,
                    "Veranstaltung": record.event,
                    "Nachricht": KIND_LABELS[record.kind],
                    "Weg": record.way,
                    "Zeitpunkt": record.at.strftime("%d.%m.%Y %H:%M") if record.at else None,
                }
                messages.cells[last + offset] = {
                    columns[h]: v for h, v in values.items() if h in columns
                }
            if messages.cells:
                patches.append(messages)
            final = new_temp()
            with final.open("wb") as fh:
                write_package(package, fh, patches)
        return Writer().commit(final, tracker).backup
