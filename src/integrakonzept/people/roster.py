"""The roster: the tracker's registrations, read once per command and never changed.

The rows come from :func:`integrakonzept.people.trackerfile.read_tracker`, the one reader
of the tracker layout (columns found by their headers wherever the coordinator moved
them). Rows without an event are skipped (blank rows of the Excel table). What each
status, attendance and need value means is decided in :mod:`integrakonzept.people.status`
and nowhere else.

Everything that identifies a person stays in :class:`Registration`; the statistics reduce
it to counts and a hashed identity, the sign-up sheet prints names and organisations, the
internal participant list (``--with-personal-data``) prints what a proof of attendance
needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import TrackerError
from integrakonzept.people import schema
from integrakonzept.people.status import (
    Attendance,
    Status,
    attendance_of,
    is_known_status,
    states_need,
    status_of,
    walk_in_marked_only_in_comment,
)

if TYPE_CHECKING:
    from integrakonzept.people.mailrecords import Record
    from integrakonzept.process.model import Process

__all__ = [
    "Attendance",
    "Registration",
    "Roster",
    "Status",
    "read_roster",
    "roster_for",
    "tracker_path",
]


@dataclass(frozen=True, slots=True)
class Registration:
    """One row of the tracker, with its meaning. Holds personal data: never put it in a report."""

    row: int
    event: str  # phase id ("" when the value matched no event)
    event_raw: str
    person_key: str
    status: Status
    attendance: Attendance
    role: str  # one of schema.ROLES, or "" for no answer
    #: the language(s) asked for, "ja" without a language, "" for none
    interpreter: str
    interpreting: bool
    childcare: bool
    accessibility: bool
    topics: str
    organisation: str
    first_name: str
    last_name: str
    email: str
    phone: str
    #: the registration's ID (column „ID“): what the sent e-mails are recorded under
    reg_id: str = ""
    registered_at: datetime | None = None
    #: the privacy consent („Datenschutz“) as ``ja``/``nein``/``""``
    privacy: str = ""
    #: the language the person is written to (column „Sprache“, a German name), "" if none
    language: str = ""


@dataclass(frozen=True)
class Roster:
    """What was read from the tracker, plus notes for the user (never personal data)."""

    path: Path
    registrations: tuple[Registration, ...]
    #: rows whose „Veranstaltung“ matched no event of the process file
    unknown_event_rows: tuple[int, ...] = ()
    #: rows whose „Status“ ik did not understand (they count as „angemeldet“)
    unknown_status_rows: tuple[int, ...] = ()
    #: rows marked as walk-ins only in „Anmerkungen“ (status still „angemeldet“)
    walk_in_comment_rows: tuple[int, ...] = ()
    #: headers ik looked for and did not find (statistics that need them are left out)
    missing_columns: tuple[str, ...] = ()
    #: the tracker is open in a spreadsheet program (unsaved changes are not included)
    open_elsewhere: bool = False
    #: the tracker has the column „Datenschutz“ (privacy consent)
    has_privacy: bool = False
    #: the records of the sheet *Nachrichten* (``ik mail``), read only when asked for
    mail_records: tuple[Record, ...] | None = None

    def for_event(self, event_id: str) -> tuple[Registration, ...]:
        return tuple(r for r in self.registrations if r.event == event_id)

    @property
    def notes(self) -> list[str]:
        """Remarks for the user about what was read (German; row numbers only)."""
        from integrakonzept.render.locale import counted

        notes: list[str] = []
        if self.unknown_event_rows:
            notes.append(
                counted(
                    len(self.unknown_event_rows),
                    "Zeile der Anmeldeliste passt zu keiner Veranstaltung der Prozessdatei und "
                    "wird",
                    "Zeilen der Anmeldeliste passen zu keiner Veranstaltung der Prozessdatei und "
                    "werden",
                )
                + " nicht gezählt "
                f"(Zeile {_rows(self.unknown_event_rows)})."
            )
        if self.unknown_status_rows:
            notes.append(
                counted(
                    len(self.unknown_status_rows),
                    "Zeile der Anmeldeliste hat einen unbekannten Status und zählt",
                    "Zeilen der Anmeldeliste haben einen unbekannten Status und zählen",
                )
                + " als „angemeldet“ "
                f"(Zeile {_rows(self.unknown_status_rows)}); bekannt sind „angemeldet“, "
                "„Warteliste“, „ohne Anmeldung“ und Absagen wie „abgesagt“, „storniert“, „abgelehnt“."
            )
        if self.walk_in_comment_rows:
            notes.append(
                counted(
                    len(self.walk_in_comment_rows),
                    "Zeile der Anmeldeliste ist als „ohne Anmeldung“ vermerkt, hat aber den "
                    "Status „angemeldet“ und zählt",
                    "Zeilen der Anmeldeliste sind als „ohne Anmeldung“ vermerkt, haben aber den "
                    "Status „angemeldet“ und zählen",
                )
                + f" deshalb als Anmeldung (Zeile {_rows(self.walk_in_comment_rows)}); tragen Sie "
                "in der Spalte „Status“ „ohne Anmeldung“ ein, dann "
                + ("zählt sie" if len(self.walk_in_comment_rows) == 1 else "zählen sie")
                + " nur als Teilnahme."
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


def _rows(numbers: tuple[int, ...]) -> str:
    more = " …" if len(numbers) > 10 else ""
    return ", ".join(str(r) for r in numbers[:10]) + more


_HEADERS = {c.key: c.header for c in schema.COLUMNS}
#: columns the statistics need beyond those every tracker has
_STATISTICS_COLUMNS = ("attendance", "role", "interpreter", "childcare")


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


def read_roster(
    path: Path, process: Process | None = None, *, mail_records: bool = False
) -> Roster:
    """Read the sheet „Anmeldungen“ of ``path`` once into a :class:`Roster`.

    With ``process``, the „Veranstaltung“ column is matched tolerantly (id, title or
    date of an event); without it, only the exact phase id is understood. With
    ``mail_records`` the records of the sheet *Nachrichten* come along (same reading).
    """
    from integrakonzept.output import lock_files
    from integrakonzept.people import trackerfile

    if not path.exists():
        raise TrackerError(
            f"Die Anmeldeliste {path} gibt es nicht.",
            "Geben Sie den Pfad mit --tracker an (oder „tracker:“ in der Prozessdatei).",
        )
    if path.is_dir():
        raise TrackerError(f"{path} ist ein Ordner, keine Anmeldeliste.")
    # Streamed: each row becomes its Registration and is dropped (a 100,000-row tracker).
    state = trackerfile.scan_tracker(path, mail_records=mail_records)
    missing = tuple(_HEADERS[k] for k in _STATISTICS_COLUMNS if k not in state.columns)

    catalog = None
    if process is not None:
        from integrakonzept.people.events import Catalog

        catalog = Catalog.from_process(process)

    registrations: list[Registration] = []
    unknown: list[int] = []
    unknown_status: list[int] = []
    walk_in_comment: list[int] = []
    events: dict[str, str | None] = {}  # the few distinct values of the column, matched once
    for row in state.rows:
        event_raw = row.text("event").strip()
        if not event_raw:
            continue
        if event_raw not in events:
            events[event_raw] = _match_event(event_raw, catalog)
        event = events[event_raw]
        if event is None:
            unknown.append(row.number)
            event = ""
        if not is_known_status(row.text("status")):
            unknown_status.append(row.number)
        if walk_in_marked_only_in_comment(row.text("status"), row.text("comments")):
            walk_in_comment.append(row.number)
        registrations.append(
            _registration(row.number, event, event_raw, row.text, row.time("registered_at"))
        )
    return Roster(
        path=path,
        registrations=tuple(registrations),
        unknown_event_rows=tuple(unknown),
        unknown_status_rows=tuple(unknown_status),
        walk_in_comment_rows=tuple(walk_in_comment),
        missing_columns=missing,
        open_elsewhere=bool(lock_files(path)),
        has_privacy="privacy" in state.columns,
        mail_records=tuple(state.mail_records) if state.mail_records is not None else None,
    )


def _registration(
    row: int,
    event: str,
    event_raw: str,
    raw: Callable[[str], str],
    registered_at: datetime | None = None,
) -> Registration:
    from integrakonzept.people.normalize import consent, interpreter, role, text

    def get(key: str) -> str:
        return text(raw(key))

    first, last, email = get("first_name"), get("last_name"), get("email")
    role_value, _ = role(get("role"))
    # the meanings come from people.status, on the raw cell (as the Excel formulas see it)
    interpreting = states_need(raw("interpreter"))
    return Registration(
        row=row,
        event=event,
        event_raw=event_raw,
        person_key=_person_key(get("person_id"), email, first, last, row),
        status=status_of(raw("status")),
        attendance=attendance_of(raw("attendance")),
        role=role_value,
        interpreter=(interpreter(get("interpreter")) or "ja") if interpreting else "",
        interpreting=interpreting,
        childcare=states_need(raw("childcare")),
        accessibility=states_need(raw("accessibility")),
        topics=get("topic"),
        organisation=get("organisation"),
        first_name=first,
        last_name=last,
        email=email,
        phone=get("phone"),
        reg_id=get("reg_id"),
        registered_at=registered_at,
        privacy=consent(get("privacy")),
        language=get("language"),
    )


def _match_event(value: str, catalog: object) -> str | None:
    from integrakonzept.people.events import Catalog

    if isinstance(catalog, Catalog):
        ids = catalog.match_event(value)
        return ids[0] if ids and len(ids) == 1 else None
    return value


def roster_for(
    process: Process, tracker: Path | None = None, *, mail_records: bool = False
) -> Roster | None:
    """The roster of a process: ``tracker`` if given (it must exist), else the process
    file's ``tracker:`` once that file exists, else ``None`` (no registrations yet).

    This is the one rule for "which tracker"; commands call it once and hand the roster on
    (``mail_records``: with the records of ``ik mail``, for ``ik status``).
    """
    if tracker is not None:
        return read_roster(tracker, process, mail_records=mail_records)
    if process.tracker is not None and process.tracker.is_file():
        return read_roster(process.tracker, process, mail_records=mail_records)
    return None


def tracker_path(process: Process, tracker: Path | None = None) -> Path:
    """The tracker a writing command works on: ``tracker`` (``--tracker``), else the
    process file's ``tracker:`` (the loader fills in ``anmeldungen.xlsx`` beside the
    process file when it names none)."""
    path = tracker or process.tracker
    if path is None:
        raise TrackerError(
            "Die Prozessdatei nennt keine Anmeldeliste.",
            "Geben Sie den Pfad mit --tracker an (oder „tracker:“ in der Prozessdatei).",
        )
    return path
