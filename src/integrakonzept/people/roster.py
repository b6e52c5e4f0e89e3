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

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import TrackerError
from integrakonzept.people import schema
from integrakonzept.people.status import (
    WALK_IN_WORDS,
    Attendance,
    Status,
    attendance_of,
    is_known_status,
    states_need,
    status_of,
    walk_in_marked_only_in_comment,
)

if TYPE_CHECKING:
    from integrakonzept.people.events import Catalog
    from integrakonzept.people.mailrecords import Record
    from integrakonzept.people.trackerfile import TrackerRow
    from integrakonzept.process.model import Process

__all__ = [
    "Attendance",
    "Meaning",
    "Registration",
    "Roster",
    "Status",
    "Tally",
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


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a row says, without who it is: the figures count rows by these (a tracker of
    100,000 rows has a few hundred distinct meanings)."""

    event: str
    status: Status
    attendance: Attendance
    role: str
    interpreter: str
    interpreting: bool
    childcare: bool
    accessibility: bool
    topics: str
    organisation: str
    privacy: str

    @classmethod
    def of(cls, r: Registration) -> Meaning:
        return cls(
            r.event,
            r.status,
            r.attendance,
            r.role,
            r.interpreter,
            r.interpreting,
            r.childcare,
            r.accessibility,
            r.topics,
            r.organisation,
            r.privacy,
        )


@dataclass(frozen=True)
class Tally:
    """The registrations reduced to what the figures need (no names, no addresses).

    :attr:`rows` keeps the tracker's order: one ``(meaning index, person key)`` per
    registration; :attr:`counts` and :attr:`personal` are per meaning.
    """

    meanings: tuple[Meaning, ...]
    #: per registration, in row order: index into :attr:`meanings`, person key (empty
    #: without :attr:`persons`)
    rows: tuple[tuple[int, str], ...]
    #: per meaning: how many registrations have it
    counts: tuple[int, ...]
    #: per meaning: how many of those still hold personal data (name, e-mail or phone)
    personal: tuple[int, ...]
    #: whether :attr:`rows` are there: without them, the figures per person are left out
    #: (``ik status`` shows none)
    persons: bool = True

    @classmethod
    def of(cls, registrations: Iterable[Registration]) -> Tally:
        builder = TallyBuilder()
        for r in registrations:
            builder.add(
                builder.index(Meaning.of(r)),
                r.person_key,
                bool(r.first_name or r.last_name or r.email or r.phone),
            )
        return builder.tally()

    def of_event(self, event: str) -> list[tuple[Meaning, int]]:
        """The meanings of the registrations for ``event`` with their counts."""
        return [(m, c) for m, c in zip(self.meanings, self.counts, strict=True) if m.event == event and c]


class TallyBuilder:
    """Collects a :class:`Tally` row by row."""

    def __init__(self) -> None:
        self._index: dict[Meaning, int] = {}
        self.meanings: list[Meaning] = []
        self.rows: list[tuple[int, str]] = []
        self.counts: list[int] = []
        self.personal: list[int] = []

    def index(self, meaning: Meaning) -> int:
        index = self._index.get(meaning)
        if index is None:
            index = self._index[meaning] = len(self.meanings)
            self.meanings.append(meaning)
            self.counts.append(0)
            self.personal.append(0)
        return index

    def add(self, index: int, person_key: str, personal: bool) -> None:
        self.rows.append((index, person_key))
        self.counts[index] += 1
        if personal:
            self.personal[index] += 1

    def tally(self) -> Tally:
        return Tally(
            tuple(self.meanings), tuple(self.rows), tuple(self.counts), tuple(self.personal)
        )


@dataclass(frozen=True)
class Roster:
    """What was read from the tracker, plus notes for the user (never personal data)."""

    path: Path
    #: the registrations row by row; ``None`` when the tracker was read for counting only
    #: (:func:`read_roster` with ``rows=False``): then there is only :attr:`tally`
    rows: tuple[Registration, ...] | None
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
    #: the tally of a counting reading (else made from :attr:`rows` when first asked for)
    counted: Tally | None = None

    @property
    def registrations(self) -> tuple[Registration, ...]:
        """Every registration, row by row (not there after a counting reading)."""
        if self.rows is None:
            raise RuntimeError("roster read for counting only: read_roster(..., rows=True)")
        return self.rows

    @cached_property
    def tally(self) -> Tally:
        """What the figures count (:mod:`integrakonzept.results.participation`)."""
        if self.counted is not None:
            return self.counted
        return Tally.of(self.registrations)

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
    path: Path,
    process: Process | None = None,
    *,
    mail_records: bool = False,
    rows: bool = True,
    persons: bool = True,
) -> Roster:
    """Read the sheet „Anmeldungen“ of ``path`` once into a :class:`Roster`.

    With ``process``, the „Veranstaltung“ column is matched tolerantly (id, title or
    date of an event); without it, only the exact phase id is understood. With
    ``mail_records`` the records of the sheet *Nachrichten* come along (same reading).

    ``rows=False`` reads for counting only (``ik status``, ``ik export-results``): only
    the columns the figures need, each distinct value understood once, no
    :class:`Registration` per row; the roster then has :attr:`Roster.tally` and the notes
    but no :attr:`Roster.registrations` – unless ``mail_records`` finds records of
    ``ik mail``: who still waits for a message is decided person by person, so the rows
    are read then. ``persons=False`` (with ``rows=False``) leaves out who each row is:
    the figures per person (people reached, repeat visitors, roles of people) are left
    out then (``ik status`` shows none of them).
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

    catalog = None
    if process is not None:
        from integrakonzept.people.events import Catalog

        catalog = Catalog.from_process(process)

    found = _Found()
    counted: Tally | None = None
    registrations: tuple[Registration, ...] | None = None
    if not rows:
        scan = trackerfile.scan_columns(path, _COUNTED_KEYS, mail_records=mail_records)
        columns, records = scan.columns, scan.mail_records
        if mail_records and _mail_in_use(path, records):  # every column, same reading
            registrations = _registrations(scan.tracker_rows(), catalog, found)
        else:
            counted = _count(scan.rows, catalog, found, persons=persons)
    else:
        # Streamed: each row becomes its Registration and is dropped (a 100,000-row tracker).
        state = trackerfile.scan_tracker(path, mail_records=mail_records)
        columns, records = state.columns, state.mail_records
        registrations = _registrations(state.rows, catalog, found)
    return Roster(
        path=path,
        rows=registrations,
        unknown_event_rows=tuple(found.unknown_event),
        unknown_status_rows=tuple(found.unknown_status),
        walk_in_comment_rows=tuple(found.walk_in_comment),
        missing_columns=tuple(_HEADERS[k] for k in _STATISTICS_COLUMNS if k not in columns),
        open_elsewhere=bool(lock_files(path)),
        has_privacy="privacy" in columns,
        mail_records=tuple(records) if records is not None else None,
        counted=counted,
    )


@dataclass
class _Found:
    """Rows worth a note (row numbers only)."""

    unknown_event: list[int] = field(default_factory=list)
    unknown_status: list[int] = field(default_factory=list)
    walk_in_comment: list[int] = field(default_factory=list)


def _mail_in_use(path: Path, records: Sequence[Record] | None) -> bool:
    from integrakonzept.people.mailrecords import journal_path

    return bool(records) or journal_path(path).exists()


def _registrations(
    tracker_rows: Iterable[TrackerRow], catalog: Catalog | None, found: _Found
) -> tuple[Registration, ...]:
    registrations: list[Registration] = []
    events: dict[str, str | None] = {}  # the few distinct values of the column, matched once
    for row in tracker_rows:
        event_raw = row.text("event").strip()
        if not event_raw:
            continue
        if event_raw not in events:
            events[event_raw] = _match_event(event_raw, catalog)
        event = events[event_raw]
        if event is None:
            found.unknown_event.append(row.number)
            event = ""
        if not is_known_status(row.text("status")):
            found.unknown_status.append(row.number)
        if walk_in_marked_only_in_comment(row.text("status"), row.text("comments")):
            found.walk_in_comment.append(row.number)
        registrations.append(
            _registration(row.number, event, event_raw, row.text, row.time("registered_at"))
        )
    return tuple(registrations)


#: the columns a counting reading takes: first those of a row's :class:`Meaning` (in
#: :data:`_MEANING_KEYS` order), then who it is, then the remark
_MEANING_KEYS = (
    "event",
    "status",
    "attendance",
    "role",
    "interpreter",
    "childcare",
    "accessibility",
    "topic",
    "organisation",
    "privacy",
)
_PERSON_KEYS = ("person_id", "email", "first_name", "last_name", "phone")
_COUNTED_KEYS = (*_MEANING_KEYS, *_PERSON_KEYS, "comments")


def _count(
    scanned: Iterable[tuple[int, tuple[Any, ...]]],
    catalog: Catalog | None,
    found: _Found,
    *,
    persons: bool = True,
) -> Tally:
    """The tally of the raw rows of :func:`~integrakonzept.people.trackerfile.scan_columns`:
    exactly what :meth:`Tally.of` gives for the rows :func:`_registrations` makes (the same
    functions decide), but each distinct combination of values is understood once."""
    from integrakonzept.people.normalize import text
    from integrakonzept.people.trackerfile import cell_text

    builder = TallyBuilder()
    meaning_width = len(_MEANING_KEYS)
    # raw values of a row's meaning -> (index into the builder or -1 for no event,
    # unknown event, unknown status, status „angemeldet“)
    known: dict[tuple[Any, ...], tuple[int, bool, bool, bool]] = {}
    events: dict[str, str | None] = {}

    def understand(raw: tuple[Any, ...]) -> tuple[int, bool, bool, bool]:
        texts = dict(zip(_MEANING_KEYS, map(cell_text, raw), strict=True))
        event_raw = texts["event"].strip()
        if not event_raw:
            return -1, False, False, False
        if event_raw not in events:
            events[event_raw] = _match_event(event_raw, catalog)
        event = events[event_raw]
        meaning = _meaning(event or "", texts.__getitem__)
        return (
            builder.index(meaning),
            event is None,
            not is_known_status(texts["status"]),
            status_of(texts["status"]) is Status.REGISTERED,
        )

    def clean(value: Any) -> str:
        """A cell's text as :class:`Registration` holds it."""
        return "" if value is None or value == "" else text(cell_text(value))

    # per row only what cannot be worked out once per combination of values
    indexes: list[int] = []  # the meaning of each row (for the counts)
    with_data: list[int] = []  # the meaning of each row that holds personal data
    keyed: list[tuple[int, str]] = []  # (meaning, person key) of each row, with persons
    add_index, add_data, add_keyed = indexes.append, with_data.append, keyed.append
    person_key = _person_key
    for number, values in scanned:
        raw = values[:meaning_width]
        seen = known.get(raw)
        if seen is None:
            seen = known[raw] = understand(raw)
        index, unknown_event, unknown_status, registered = seen
        if index < 0:
            continue
        if unknown_event:
            found.unknown_event.append(number)
        if unknown_status:
            found.unknown_status.append(number)
        comment = values[-1]
        if registered and comment is not None and comment != "":
            if WALK_IN_WORDS.matches(cell_text(comment).strip()):
                found.walk_in_comment.append(number)
        person_id, email, first, last, phone = values[meaning_width:-1]
        email = clean(email)
        add_index(index)
        if email or clean(first) or clean(last) or clean(phone):
            add_data(index)
        if persons:
            person_id = clean(person_id)
            if person_id or email:  # the names are not looked at (the usual case)
                add_keyed((index, person_key(person_id, email, "", "", number)))
            else:
                key = person_key(person_id, email, clean(first), clean(last), number)
                add_keyed((index, key))
    counts, data = Counter(indexes), Counter(with_data)
    size = len(builder.meanings)
    return Tally(
        tuple(builder.meanings),
        tuple(keyed),
        tuple(counts[i] for i in range(size)),
        tuple(data[i] for i in range(size)),
        persons,
    )


def _meaning(event: str, raw: Callable[[str], str]) -> Meaning:
    """What a row means, from its cells' text (the one place for both readings)."""
    from integrakonzept.people.normalize import consent, interpreter, role, text

    def get(key: str) -> str:
        return text(raw(key))

    role_value, _ = role(get("role"))
    # the meanings come from people.status, on the raw cell (as the Excel formulas see it)
    interpreting = states_need(raw("interpreter"))
    return Meaning(
        event=event,
        status=status_of(raw("status")),
        attendance=attendance_of(raw("attendance")),
        role=role_value,
        interpreter=(interpreter(get("interpreter")) or "ja") if interpreting else "",
        interpreting=interpreting,
        childcare=states_need(raw("childcare")),
        accessibility=states_need(raw("accessibility")),
        topics=get("topic"),
        organisation=get("organisation"),
        privacy=consent(get("privacy")),
    )


def _registration(
    row: int,
    event: str,
    event_raw: str,
    raw: Callable[[str], str],
    registered_at: datetime | None = None,
) -> Registration:
    from integrakonzept.people.normalize import text

    def get(key: str) -> str:
        return text(raw(key))

    first, last, email = get("first_name"), get("last_name"), get("email")
    m = _meaning(event, raw)
    return Registration(
        row=row,
        event=event,
        event_raw=event_raw,
        person_key=_person_key(get("person_id"), email, first, last, row),
        status=m.status,
        attendance=m.attendance,
        role=m.role,
        interpreter=m.interpreter,
        interpreting=m.interpreting,
        childcare=m.childcare,
        accessibility=m.accessibility,
        topics=m.topics,
        organisation=m.organisation,
        first_name=first,
        last_name=last,
        email=email,
        phone=get("phone"),
        reg_id=get("reg_id"),
        registered_at=registered_at,
        privacy=m.privacy,
        language=get("language"),
    )


def _match_event(value: str, catalog: object) -> str | None:
    from integrakonzept.people.events import Catalog

    if isinstance(catalog, Catalog):
        ids = catalog.match_event(value)
        return ids[0] if ids and len(ids) == 1 else None
    return value


def roster_for(
    process: Process,
    tracker: Path | None = None,
    *,
    mail_records: bool = False,
    rows: bool = True,
    persons: bool = True,
) -> Roster | None:
    """The roster of a process: ``tracker`` if given (it must exist), else the process
    file's ``tracker:`` once that file exists, else ``None`` (no registrations yet).

    This is the one rule for "which tracker"; commands call it once and hand the roster on
    (``mail_records``: with the records of ``ik mail``, for ``ik status``; ``rows=False``,
    ``persons=False``: for counting only, see :func:`read_roster`).
    """
    if tracker is not None:
        return read_roster(tracker, process, mail_records=mail_records, rows=rows, persons=persons)
    if process.tracker is not None and process.tracker.is_file():
        return read_roster(
            process.tracker, process, mail_records=mail_records, rows=rows, persons=persons
        )
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
