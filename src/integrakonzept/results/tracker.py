"""Read the tracker (``anmeldungen.xlsx``) for statistics: read-only, by header name.

The rows come from :func:`integrakonzept.people.tracker.read_tracker`, the one reader of
the tracker layout (columns found by their headers wherever the coordinator moved
them). Rows without an event are skipped (blank rows of the Excel table).

The values are normalised once, here: status, attendance, role, yes/no answers.
Everything that identifies a person stays in :class:`Registration` and only two
consumers ever see it: the statistics (which reduce it to counts and a hashed
identity) and the internal participant list (``--with-personal-data``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import TrackerError
from integrakonzept.people import schema

if TYPE_CHECKING:
    from integrakonzept.process.model import Process


class Status(Enum):
    REGISTERED = "angemeldet"
    WAITLIST = "Warteliste"
    CANCELLED = "abgesagt"


class Attendance(Enum):
    ATTENDED = "ja"
    ABSENT = "nein"
    EXCUSED = "entschuldigt"
    UNKNOWN = ""


@dataclass(frozen=True)
class Registration:
    """One row of the tracker, normalised. Holds personal data: never put it in a report."""

    row: int
    event: str  # phase id ("" when the value matched no event)
    event_raw: str
    person_key: str
    status: Status
    attendance: Attendance
    role: str  # one of schema.ROLES, or "" for no answer
    interpreter: str  # the language(s) asked for, "ja" without a language, "" for none
    childcare: bool
    accessibility: bool
    topics: str
    organisation: str
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass
class TrackerData:
    """What was read from the tracker, plus notes for the user (never personal data)."""

    path: Path
    registrations: list[Registration]
    #: rows whose „Veranstaltung“ matched no event of the process file
    unknown_event_rows: list[int] = field(default_factory=list)
    #: headers ik looked for and did not find (statistics that need them are left out)
    missing_columns: list[str] = field(default_factory=list)
    #: the tracker is open in a spreadsheet program (unsaved changes are not included)
    open_elsewhere: bool = False

    def for_event(self, event_id: str) -> list[Registration]:
        return [r for r in self.registrations if r.event == event_id]

    @property
    def notes(self) -> list[str]:
        """Remarks for the user about what was read (German; row numbers only)."""
        notes: list[str] = []
        if self.unknown_event_rows:
            rows = ", ".join(str(r) for r in self.unknown_event_rows[:10])
            more = " …" if len(self.unknown_event_rows) > 10 else ""
            notes.append(
                f"{len(self.unknown_event_rows)} Zeile(n) der Anmeldeliste passen zu keiner "
                f"Veranstaltung der Prozessdatei und werden nicht gezählt (Zeile {rows}{more})."
            )
        if self.missing_columns:
            notes.append(
                "In der Anmeldeliste fehlen die Spalten "
                + ", ".join(f"„{c}“" for c in self.missing_columns)
                + "; die zugehörigen Auswertungen entfallen."
            )
        if self.open_elsewhere:
            notes.append(
                f"{self.path.name} ist gerade in einem Tabellenprogramm geöffnet; "
                "nicht gespeicherte Änderungen sind nicht berücksichtigt."
            )
        return notes


_HEADERS = {c.key: c.header for c in schema.COLUMNS}
#: columns the statistics need beyond those every tracker has
_STATISTICS_COLUMNS = ("attendance", "role", "interpreter", "childcare")
_CANCELLED_WORDS = ("abgesagt", "storniert", "abgemeldet", "abgelehnt", "zurückgezogen")


def _status(value: str) -> Status:
    v = value.strip().casefold()
    if v.startswith("warte"):
        return Status.WAITLIST
    if v.startswith(_CANCELLED_WORDS):
        return Status.CANCELLED
    # Empty or anything else: the row is a registration (the import writes no status
    # for rows typed in by hand; people.imports treats them the same way).
    return Status.REGISTERED


def _attendance(value: str) -> Attendance:
    from integrakonzept.people.normalize import yes_no

    v = value.strip().casefold()
    if not v:
        return Attendance.UNKNOWN
    if v.startswith("entschuldigt"):
        return Attendance.EXCUSED
    answer = yes_no(v)
    if answer is True or v in {"teilgenommen", "anwesend", "da"}:
        return Attendance.ATTENDED
    if answer is False or v in {"nicht erschienen", "abwesend", "gefehlt", "fehlt"}:
        return Attendance.ABSENT
    return Attendance.UNKNOWN


def _person_key(person_id: str, email: str, first: str, last: str, row: int) -> str:
    from integrakonzept.people.normalize import email_key, match_text

    if person_id:
        return "id:" + person_id.strip().casefold()
    if email:
        return "mail:" + email_key(email)
    name = match_text(f"{first} {last}")
    if name:
        return "name:" + name
    return f"row:{row}"


def read_tracker(path: Path, process: Process | None = None) -> TrackerData:
    """Read the sheet „Anmeldungen“ of ``path`` (with :func:`people.tracker.read_tracker`).

    With ``process``, the „Veranstaltung“ column is matched tolerantly (id, title or
    date of an event); without it, only the exact phase id is understood.
    """
    from integrakonzept.people import tracker as people_tracker
    from integrakonzept.people.safety import lock_files

    if not path.exists():
        raise TrackerError(
            f"Die Anmeldeliste {path} gibt es nicht.",
            "Geben Sie den Pfad mit --tracker an (oder „tracker:“ in der Prozessdatei).",
        )
    if path.is_dir():
        raise TrackerError(f"{path} ist ein Ordner, keine Anmeldeliste.")
    state = people_tracker.read_tracker(path)
    missing = [_HEADERS[k] for k in _STATISTICS_COLUMNS if k not in state.columns]

    catalog = None
    if process is not None:
        from integrakonzept.people.events import Catalog

        catalog = Catalog.from_process(process)

    registrations: list[Registration] = []
    unknown: list[int] = []
    for row in state.rows:
        event_raw = row.text("event").strip()
        if not event_raw:
            continue
        event = _match_event(event_raw, catalog)
        if event is None:
            unknown.append(row.number)
            event = ""
        registrations.append(_registration(row.number, event, event_raw, row.text))
    return TrackerData(
        path=path,
        registrations=registrations,
        unknown_event_rows=unknown,
        missing_columns=missing,
        open_elsewhere=bool(lock_files(path)),
    )


def _registration(
    row: int, event: str, event_raw: str, raw: Callable[[str], str]
) -> Registration:
    from integrakonzept.people.normalize import childcare, interpreter, need, role, text

    def get(key: str) -> str:
        return text(raw(key))

    first, last, email = get("first_name"), get("last_name"), get("email")
    role_value, _ = role(get("role"))
    # normalize.interpreter reads an empty answer as "ja" (a ticked box without text).
    interpreting = get("interpreter")
    return Registration(
        row=row,
        event=event,
        event_raw=event_raw,
        person_key=_person_key(get("person_id"), email, first, last, row),
        status=_status(get("status")),
        attendance=_attendance(get("attendance")),
        role=role_value,
        interpreter=interpreter(interpreting) if interpreting else "",
        childcare=bool(childcare(get("childcare"))),
        accessibility=bool(need(get("accessibility"))),
        topics=get("topic"),
        organisation=get("organisation"),
        first_name=first,
        last_name=last,
        email=email,
        phone=get("phone"),
    )


def _match_event(value: str, catalog: object) -> str | None:
    from integrakonzept.people.events import Catalog

    if isinstance(catalog, Catalog):
        ids = catalog.match_event(value)
        return ids[0] if ids and len(ids) == 1 else None
    return value
