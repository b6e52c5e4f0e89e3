"""Who is due for which e-mail (``ik mail``), from the tracker rows and the sent records.

One rule per kind of message, for the rows of one event:

==============  ==========================================================================
bestaetigung    registered („angemeldet“, or no status yet), no confirmation and no
                "place free" message yet
warteliste      on the waiting list, not told yet (with their place in the queue)
platz-frei      moved up: the first waiting people by registration time, as many as places
                are free (capacity minus registered); their status becomes „angemeldet“
                once their message went out. Also people the coordinator moved up by hand
                (registered now, told about the waiting list before, not yet told this).
erinnerung      registered, not reminded yet; the event is at most
                :data:`REMINDER_DAYS` days ahead
absage          cancelled („abgesagt“), cancellation not confirmed yet
dank            attended („Teilnahme: ja“), not thanked yet; the event is over
==============  ==========================================================================

The rows come from the roster (:mod:`integrakonzept.people.roster`), so what a status or
an attendance value means – hand-typed ones like „storniert“ or „x“ included – is decided
in one place (:mod:`integrakonzept.people.status`). People without an e-mail address,
with an invalid one, or without a registration ID are listed with the reason instead (an
ID is what the records refer to).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from integrakonzept.errors import IkError
from integrakonzept.people.mailrecords import KIND_LABELS, Record
from integrakonzept.people.status import Attendance, Status

if TYPE_CHECKING:
    from integrakonzept.people.roster import Registration

#: reminders go out at most this many days before the event
REMINDER_DAYS = 7


@dataclass(frozen=True)
class Person:
    """One registration that gets (or would get) a message."""

    reg_id: str
    first_name: str
    last_name: str
    email: str
    #: the language(s) asked for, "ja" without a language, "" for none (as in the roster)
    interpreter: str
    childcare: bool
    accessibility: bool
    registered_at: datetime | None
    row: int
    #: place in the waiting list (1 = next), for „warteliste“
    waitlist_position: int | None = None
    #: moved up from the waiting list by this message (status becomes „angemeldet“)
    moves_up: bool = False
    #: the language to write in, as the tracker's „Sprache“ says ("" for none)
    language: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def label(self) -> str:
        """``A17 Erika Muster`` – for the coordinator's own terminal only."""
        return " ".join(p for p in (self.reg_id or f"Zeile {self.row}", self.name) if p)


@dataclass(frozen=True)
class Skip:
    label: str
    reason: str


@dataclass
class Selection:
    """Who gets the message, who cannot, and how many already have it."""

    kind: str
    event: str
    due: list[Person] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    already: int = 0
    capacity: int | None = None
    registered: int = 0
    waitlist: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def moves(self) -> list[Person]:
        return [p for p in self.due if p.moves_up]


def _person(reg: Registration, position: int | None = None, moves_up: bool = False) -> Person:
    return Person(
        reg_id=reg.reg_id.strip(),
        first_name=reg.first_name,
        last_name=reg.last_name,
        email=reg.email.strip(),
        interpreter=reg.interpreter,
        childcare=reg.childcare,
        accessibility=reg.accessibility,
        registered_at=reg.registered_at,
        row=reg.row,
        waitlist_position=position,
        moves_up=moves_up,
        language=reg.language,
    )


def _queue(registrations: Iterable[Registration]) -> list[Registration]:
    """Waiting people in order: registration time, then row (no time: at the end)."""
    waiting = [r for r in registrations if r.status is Status.WAITLIST]
    return sorted(
        waiting,
        key=lambda r: (r.registered_at is None, r.registered_at or datetime.min, r.row),
    )


def check_address(address: str) -> str | None:
    """``None`` if ``address`` can receive mail, else the German reason."""
    if not address.strip():
        return "keine E-Mail-Adresse in der Anmeldeliste"
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError:
        return f"„{address.strip()}“ ist keine gültige E-Mail-Adresse"
    return None


def check_timing(kind: str, first_day: date | None, last_day: date | None, today: date) -> None:
    """Refuse messages that make no sense on ``today`` (German :class:`IkError`)."""
    label = KIND_LABELS[kind]
    if first_day is None or last_day is None:
        if kind in ("erinnerung", "dank"):
            raise IkError(
                f"Für diese Veranstaltung steht erst der Monat fest; „{label}“ braucht den Tag.",
                "Tragen Sie in der Prozessdatei das Datum als JJJJ-MM-TT ein.",
            )
        return
    if kind in ("bestaetigung", "warteliste", "platz-frei", "erinnerung") and last_day < today:
        raise IkError(
            f"Die Veranstaltung ist vorbei ({last_day:%d.%m.%Y}); „{label}“ passt nicht mehr.",
            "Nach der Veranstaltung: --kind dank (an alle, die teilgenommen haben).",
        )
    if kind == "erinnerung" and (first_day - today).days > REMINDER_DAYS:
        raise IkError(
            f"Die Veranstaltung ist erst in {(first_day - today).days} Tagen; Erinnerungen "
            f"gehen höchstens {REMINDER_DAYS} Tage vorher hinaus.",
            "Üblich ist der Tag davor. Mit --today lässt sich das Datum für einen Probelauf "
            "festlegen.",
        )
    if kind == "dank" and last_day >= today:
        raise IkError(
            f"Die Veranstaltung ist noch nicht vorbei ({last_day:%d.%m.%Y}); die Dank-E-Mail "
            "geht danach hinaus.",
            "Tragen Sie vorher die Teilnahme ein (ik attendance).",
        )


def select(
    kind: str,
    event: str,
    registrations: Sequence[Registration],
    records: Iterable[Record],
    *,
    capacity: int | None,
) -> Selection:
    """Who is due for ``kind`` at ``event`` (see the module docstring)."""
    if kind not in KIND_LABELS:
        raise IkError(
            f"„{kind}“ ist keine bekannte Art von Nachricht.",
            "Möglich sind: " + ", ".join(KIND_LABELS) + ".",
        )
    mine = [r for r in registrations if r.event == event]
    done: dict[str, set[str]] = {}
    for record in records:
        done.setdefault(record.reg_id, set()).add(record.kind)
    selection = Selection(kind, event, capacity=capacity)
    registered = [r for r in mine if r.status is Status.REGISTERED]
    queue = _queue(mine)
    selection.registered = len(registered)
    selection.waitlist = len(queue)

    candidates: list[Person] = []
    if kind == "bestaetigung":
        blocking = {"bestaetigung", "platz-frei"}
        candidates = [_person(r) for r in registered]
    elif kind == "warteliste":
        blocking = {"warteliste", "platz-frei"}
        candidates = [_person(r, position) for position, r in enumerate(queue, start=1)]
    elif kind == "platz-frei":
        blocking = {"platz-frei", "bestaetigung"}
        # moved up by hand: registered now, told about the waiting list before
        candidates = [
            _person(r) for r in registered if "warteliste" in done.get(r.reg_id.strip(), set())
        ]
        if capacity is None:
            if queue:
                selection.notes.append(
                    "Für diese Veranstaltung ist keine Kapazität angegeben; ik rückt niemanden "
                    "von selbst nach (Status von Hand auf „angemeldet“ setzen)."
                )
        else:
            free = max(0, capacity - len(registered))
            movable = [r for r in queue if r.reg_id.strip()]
            for r in movable[:free]:
                candidates.append(_person(r, moves_up=True))
            if queue and not free:
                selection.notes.append("Keine freien Plätze: niemand rückt von der Warteliste nach.")
    elif kind == "erinnerung":
        blocking = {"erinnerung"}
        candidates = [_person(r) for r in registered]
    elif kind == "absage":
        blocking = {"absage"}
        candidates = [_person(r) for r in mine if r.status is Status.CANCELLED]
    else:  # dank
        blocking = {"dank"}
        candidates = [_person(r) for r in mine if r.attendance is Attendance.ATTENDED]

    seen: set[str] = set()
    for person in candidates:
        if not person.reg_id:
            selection.skipped.append(
                Skip(person.label, "keine ID (Spalte „ID“ ist leer) – bitte eine eindeutige ID eintragen")
            )
            continue
        if person.reg_id in seen:
            selection.skipped.append(
                Skip(person.label, f"die ID {person.reg_id} steht mehrfach in der Anmeldeliste")
            )
            continue
        seen.add(person.reg_id)
        if done.get(person.reg_id, set()) & blocking:
            selection.already += 1
            continue
        reason = check_address(person.email)
        if reason is not None:
            selection.skipped.append(Skip(person.label, reason))
            continue
        selection.due.append(person)
    return selection


def waiting(
    event: str, registrations: Sequence[Registration], records: Iterable[Record]
) -> dict[str, int]:
    """How many people of ``event`` still wait for a message (for ``ik status``):
    registered without confirmation, waiting without being told, moved up by hand
    without being told. People without a usable address count too (they need a call)."""
    records = list(records)
    people: dict[str, set[str]] = {}
    for kind in ("platz-frei", "warteliste", "bestaetigung"):
        # capacity None: only those moved up by hand, no automatic move-up
        selection = select(kind, event, registrations, records, capacity=None)
        people[kind] = {p.label for p in selection.due} | {s.label for s in selection.skipped}
    # someone moved up by hand is counted once, as waiting for "place free"
    people["bestaetigung"] -= people["platz-frei"]
    return {kind: len(labels) for kind, labels in people.items() if labels}
