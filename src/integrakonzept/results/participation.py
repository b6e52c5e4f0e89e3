"""Participation figures: per event, per role, support needs, people reached.

Definitions (they appear in the document's notes, too):

* **Anmeldungen** – rows with status „angemeldet“ (an empty status counts as
  „angemeldet“: the import writes none); **Warteliste** and **abgesagt** are counted
  apart. A walk-in (status „ohne Anmeldung“) is no registration: it counts only as
  attendance.
* **Teilgenommen** – rows with Teilnahme „ja“, whatever their status (someone who moved
  up from the waiting list and came counts). An event „has attendance“ as soon as one
  of its rows has any Teilnahme entry (it was held).
* **The participant figure** of an event (:attr:`EventFigures.participants`): the
  tracker's count only where attendance is *complete* – every „angemeldet“ row has a
  Teilnahme entry, or the process file says ``teilnahme_vollstaendig: ja`` for the event
  (rows without an entry did not come). Attendance ticked for only part of an event
  never stands in for the event: the process file's ``ergebnisse: teilnehmende`` counts
  then, or no figure at all, and :attr:`Participation.warnings` says so once.
* **Nicht erschienen** – „angemeldet“ and Teilnahme „nein“; **entschuldigt** apart
  (whatever the status).

What „angemeldet“, „ja“, „nein“ … mean (hand-typed values included) is decided in
:mod:`integrakonzept.people.status`; the tracker's own overview counts by the same rules.
* **Personen** – rows with the same Personen-ID are one person (without an ID: the same
  e-mail address, else the same name), so people who came to several events are
  counted once.
* **Ungefähre Zahlen** – the process file may give „über 120“ or „rund 50“; such a figure
  keeps its word in every output, and a sum over it is approximate too
  (:func:`sum_figures`: one rule for every total).
* Support needs (interpreting, childcare, accessibility) and roles count
  registrations with status „angemeldet“; roles at an event with attendance count
  those who came.

Everything here is counts. Names, addresses and notes never leave
:mod:`integrakonzept.people.roster`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from integrakonzept.people.roster import Attendance, Meaning, Roster, Status
from integrakonzept.process.types import Figure
from integrakonzept.render.locale import counted
from integrakonzept.render.typography import quoted

if TYPE_CHECKING:
    from integrakonzept.process.model import EventPhase, Process

NO_ROLE = "ohne Angabe"
LANGUAGE_UNSPECIFIED = "Sprache nicht angegeben"
LANGUAGE_OTHER = "weitere Sprachen"

Basis = Literal["teilgenommen", "angemeldet"]

#: Words for a figure that is at least the number („über 120“: the true value is higher).
LOWER_BOUNDS = frozenset({"über", "weit über", "mehr als", "gut", "mindestens"})
#: Words for a figure that is at most the number („knapp 40“, „unter 20“).
UPPER_BOUNDS = frozenset(
    {"unter", "weniger als", "bis zu", "knapp", "fast", "annähernd", "nahezu", "höchstens"}
)


def bound(qualifier: str) -> Literal["more", "up_to", "about"]:
    """How an approximate figure relates to its number: ``more`` („über“, „mehr als“),
    ``up_to`` („knapp“, „unter“, „bis zu“) or ``about`` („rund“, „etwa“) – for texts in
    other languages, which cannot repeat the German word."""
    if qualifier in LOWER_BOUNDS:
        return "more"
    if qualifier in UPPER_BOUNDS:
        return "up_to"
    return "about"


def sum_figures(values: Iterable[int]) -> Figure:
    """The sum of counts, approximate as soon as one of them is – the one rule for totals.

    Exact counts add up to an exact sum. Where some are approximate („über 120“,
    „rund 50“), the sum says so, as honestly as the words allow:

    * all approximate parts carry the same word → that word („über 120“ + 75 = „über 195“,
      „rund 50“ + „rund 30“ = „rund 80“);
    * otherwise, all are lower bounds („über“, „mehr als“, „gut“) → „mindestens“;
      all upper bounds („knapp“, „unter“, „bis zu“) → „höchstens“;
    * otherwise (mixed directions, „rund“ with „über“) → „rund“.
    """
    figures = [Figure.parse(v) for v in values]
    total = sum(int(f) for f in figures)
    words = {f.qualifier for f in figures if f.qualifier}
    if not words:
        return Figure(total)
    if len(words) == 1:
        return Figure(total, words.pop())
    if words <= LOWER_BOUNDS:
        return Figure(total, "mindestens")
    if words <= UPPER_BOUNDS:
        return Figure(total, "höchstens")
    return Figure(total, "rund")


@dataclass(frozen=True)
class EventFigures:
    """The figures of one event; ``None`` where nothing is known."""

    phase_id: str
    has_tracker_rows: bool
    registered: int
    waitlist: int
    cancelled: int
    attendance_recorded: bool
    attended: int | None
    absent: int | None
    excused: int | None
    #: „angemeldet“ rows without a Teilnahme entry at an event with attendance
    unrecorded: int
    #: participants from the process file (``ergebnisse: teilnehmende``)
    participants_from_file: int | None
    #: whom the role breakdown counts
    role_basis: Basis
    roles: dict[str, int]
    interpreter: dict[str, int]
    interpreter_requests: int
    #: „angemeldet“ rows that ask for interpreting (as the tracker's overview counts them)
    interpreting: int
    childcare: int
    accessibility: int
    organisations: int
    #: places (``kapazitaet``) of the event, if known
    capacity: int | None = None
    #: who came without registering (status „ohne Anmeldung“); part of ``attended``
    walk_ins: int = 0
    #: the process file says attendance is complete (``teilnahme_vollstaendig: ja``)
    marked_complete: bool = False

    @property
    def attendance_complete(self) -> bool:
        """Attendance counts as taken for the event: every „angemeldet“ row has a Teilnahme
        entry, or the process file marks it complete (``teilnahme_vollstaendig: ja``)."""
        if self.attended is None:
            return False
        return self.unrecorded == 0 or self.marked_complete

    @property
    def incomplete(self) -> bool:
        """Attendance was ticked for only part of the event (and not marked complete): the
        tracker's count is not the event's figure."""
        return self.attended is not None and not self.attendance_complete

    @property
    def participants(self) -> Figure | None:
        """THE participant count of the event, wherever it is printed.

        Precedence: the tracker's count where attendance is complete
        (:attr:`attendance_complete`), else the process file's ``ergebnisse:
        teilnehmende``, else ``None``. A figure from the process file keeps its word
        („über 120“); print it with :attr:`Figure.text`.
        """
        if self.attendance_complete:
            assert self.attended is not None
            return Figure(self.attended)
        if self.participants_from_file is None:
            return None
        return Figure.parse(self.participants_from_file)

    @property
    def participants_source(self) -> Literal["tracker", "prozessdatei", ""]:
        if self.attendance_complete:
            return "tracker"
        if self.participants_from_file is not None:
            return "prozessdatei"
        return ""

    @property
    def conflict(self) -> bool:
        """Complete tracker attendance and the process file's count disagree beyond a small
        tolerance (2 people or 10 %, whichever is more)."""
        if not self.attendance_complete or self.participants_from_file is None:
            return False
        assert self.attended is not None
        a, b = self.attended, self.participants_from_file
        return abs(a - b) > max(2, round(0.1 * max(a, b)))


@dataclass(frozen=True)
class Participation:
    """Figures of the whole process."""

    events: list[EventFigures]
    tracker_used: bool
    #: distinct persons with at least one registration („angemeldet“); the figures per
    #: person are ``None`` (roles: empty) for a tracker read without persons (``ik status``)
    persons_registered: int | None
    #: distinct persons with at least one attendance; ``None`` without attendance data
    persons_attended: int | None
    #: distinct persons who came to (or, without attendance, registered for) 2+ events
    persons_repeat: int | None
    #: the role of each distinct person counted in ``persons_basis``
    roles_persons: dict[str, int]
    persons_basis: Basis
    languages: dict[str, int]
    organisations: int | None
    #: interest in Handlungsfelder stated at registration: hf id -> registrations
    topics: dict[str, int]
    notes: list[str] = field(default_factory=list)

    titles: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """Where the figures disagree or are doubtful (German, one line each, no names).

        ``ik check``, ``ik status`` and ``ik build`` print these once; the documents all
        use :attr:`EventFigures.participants` either way.
        """
        return self.warnings_about(None)

    def warnings_about(self, phase_id: str | None) -> list[str]:
        """:attr:`warnings` of one event only (``None``: of every event), for a command
        that makes the documents of one phase."""
        lines: list[str] = []
        for f in self.events:
            if phase_id is not None and f.phase_id != phase_id:
                continue
            title = self.titles.get(f.phase_id, f.phase_id)
            if f.conflict:
                from_file = Figure.parse(f.participants_from_file).text
                lines.append(
                    f"{quoted(title)}: Die Anmeldeliste zählt {f.attended} Teilnehmende, die "
                    f"Prozessdatei nennt {from_file}. Alle Unterlagen verwenden "
                    f"die Anmeldeliste ({f.attended}); ist sie unvollständig, tragen Sie die "
                    "Teilnahme nach oder entfernen Sie die Einträge in der Spalte „Teilnahme“."
                )
            if f.incomplete:
                lines.append(_partial_warning(title, f))
        return lines

    def event(self, phase_id: str) -> EventFigures:
        for figures in self.events:
            if figures.phase_id == phase_id:
                return figures
        raise KeyError(phase_id)

    @property
    def total_participations(self) -> Figure | None:
        """Sum of participants over the events (people counted once per event); approximate
        when one of them is (:func:`sum_figures`)."""
        values = [e.participants for e in self.events if e.participants is not None]
        return sum_figures(values) if values else None


def _partial_warning(title: str, f: EventFigures) -> str:
    """The one line for attendance ticked for only part of an event."""
    if f.participants_from_file is not None:
        used = (
            "Alle Unterlagen nennen deshalb die Zahl der Prozessdatei "
            f"({Figure.parse(f.participants_from_file).text})."
        )
        instead = ""
    else:
        used = "Die Unterlagen nennen deshalb keine Teilnehmendenzahl."
        instead = ", oder tragen Sie die Zahl unter „ergebnisse: teilnehmende“ ein"
    return (
        f"{quoted(title)}: Die Teilnahme ist nur teilweise erfasst ({f.attended} mit „ja“, "
        f"{counted(f.unrecorded, 'Anmeldung', 'Anmeldungen')} ohne Eintrag). {used} Tragen "
        "Sie bei den übrigen „nein“ oder „entschuldigt“ ein (ik attendance ohne "
        "--only-present tut das) oder setzen Sie bei der Veranstaltung "
        "„teilnahme_vollstaendig: ja“, wenn alle ohne Eintrag nicht da waren"
        f"{instead}."
    )


def _role_order() -> list[str]:
    from integrakonzept.people.schema import ROLES

    return [*ROLES, NO_ROLE]


def _ordered(counter: Counter[str], order: list[str]) -> dict[str, int]:
    known = {k: counter[k] for k in order if counter.get(k)}
    rest = {k: v for k, v in sorted(counter.items()) if k not in known and v}
    return known | rest


def _known_languages() -> dict[str, str]:
    """match_text(name) -> display name, for every language babel knows in German."""
    from babel import Locale

    from integrakonzept.people.normalize import match_text
    from integrakonzept.people.schema import COMMON_LANGUAGES

    names: dict[str, str] = {}
    for name in COMMON_LANGUAGES:
        names[match_text(name)] = name
    for code, name in Locale.parse("de").languages.items():
        if len(code) <= 3 and name:
            names.setdefault(match_text(name), name[:1].upper() + name[1:])
    names.setdefault("farsi", "Farsi")
    names.setdefault("persisch", "Persisch")
    names.setdefault("kurdisch", "Kurdisch")
    return names


def languages_of(value: str, known: dict[str, str]) -> list[str]:
    """Language names in an interpreter answer; free text never comes through.

    ``"Arabisch, Türkisch"`` → both; ``"ja"`` → „Sprache nicht angegeben“; words that are
    no language (a name, a remark) → „weitere Sprachen“, so that nothing a person typed
    reaches a report.
    """
    from integrakonzept.people.normalize import match_text

    if not value:
        return []
    if value == "ja":
        return [LANGUAGE_UNSPECIFIED]
    found: list[str] = []
    for part in re.split(r"\s*(?:[,;/+&\n]|\bund\b|\boder\b)\s*", value):
        key = match_text(part)
        if not key:
            continue
        name = known.get(key) or known.get(re.sub(r"^(ins|in|auf|nach)\s+", "", key))
        name = name or LANGUAGE_OTHER
        if name not in found:
            found.append(name)
    return found or [LANGUAGE_UNSPECIFIED]


def topic_ids(value: str, process: Process) -> list[str]:
    """Handlungsfeld ids named in a registration's „Handlungsfeld“ answer (matched as on import)."""
    from integrakonzept.people.events import match_topic_parts

    pairs = ((hf.id, hf.title) for hf in process.handlungsfelder)
    found: list[str] = []
    for _, hf_id in match_topic_parts(value, pairs):
        if hf_id is not None and hf_id not in found:
            found.append(hf_id)
    return found


def _organisation_key(value: str) -> str:
    from integrakonzept.people.normalize import match_text

    key = match_text(value)
    return "" if key in {"", "keine", "privat", "ohne", "k a", "na", "n a"} else key


def _event_figures(
    phase: EventPhase,
    rows: Sequence[tuple[Meaning, int]],
    known_languages: dict[str, str],
) -> EventFigures:
    """The figures of one event from its registrations' meanings (with how many rows
    have each)."""

    def count(test: Callable[[Meaning], bool], among: Sequence[tuple[Meaning, int]]) -> int:
        return sum(c for m, c in among if test(m))

    registered = [(m, c) for m, c in rows if m.status is Status.REGISTERED]
    recorded = any(m.attendance is not Attendance.UNKNOWN for m, _ in rows)
    attended_rows = [(m, c) for m, c in rows if m.attendance is Attendance.ATTENDED]
    unrecorded = count(lambda m: m.attendance is Attendance.UNKNOWN, registered)
    marked = bool(phase.attendance_complete)
    # roles and organisations of those who came only where the count is the event's figure
    complete = recorded and (unrecorded == 0 or marked)
    basis_rows = attended_rows if complete else registered
    roles: Counter[str] = Counter()
    for m, c in basis_rows:
        roles[m.role or NO_ROLE] += c
    languages: Counter[str] = Counter()
    requests = 0
    for m, c in registered:
        names = languages_of(m.interpreter, known_languages)
        if names:
            requests += c
        for name in names:
            languages[name] += c
    organisations = {_organisation_key(m.organisation) for m, _ in basis_rows} - {""}
    file_participants = phase.results.participants if phase.results else None
    return EventFigures(
        phase_id=phase.id,
        has_tracker_rows=bool(rows),
        registered=count(lambda m: True, registered),
        waitlist=count(lambda m: m.status is Status.WAITLIST, rows),
        cancelled=count(lambda m: m.status is Status.CANCELLED, rows),
        attendance_recorded=recorded,
        attended=count(lambda m: True, attended_rows) if recorded else None,
        absent=count(lambda m: m.attendance is Attendance.ABSENT, registered)
        if recorded
        else None,
        excused=count(lambda m: m.attendance is Attendance.EXCUSED, rows) if recorded else None,
        unrecorded=unrecorded if recorded else 0,
        participants_from_file=file_participants,
        role_basis="teilgenommen" if complete else "angemeldet",
        roles=_ordered(roles, _role_order()),
        interpreter=_ordered(languages, [LANGUAGE_UNSPECIFIED]),
        interpreter_requests=requests,
        childcare=count(lambda m: m.childcare, registered),
        interpreting=count(lambda m: m.interpreting, registered),
        accessibility=count(lambda m: m.accessibility, registered),
        organisations=len(organisations),
        capacity=phase.capacity,
        walk_ins=count(lambda m: m.status is Status.WALK_IN, attended_rows),
        marked_complete=marked,
    )


def _file_only(phase: EventPhase) -> EventFigures:
    return EventFigures(
        phase_id=phase.id,
        has_tracker_rows=False,
        registered=0,
        waitlist=0,
        cancelled=0,
        attendance_recorded=False,
        attended=None,
        absent=None,
        excused=None,
        unrecorded=0,
        participants_from_file=phase.results.participants if phase.results else None,
        role_basis="angemeldet",
        roles={},
        interpreter={},
        interpreter_requests=0,
        interpreting=0,
        childcare=0,
        accessibility=0,
        organisations=0,
        capacity=phase.capacity,
    )


def participation(process: Process, tracker: Roster | None) -> Participation:
    """Compute every figure of the process from the tracker (or the process file only)."""
    events = process.event_phases()
    if tracker is None:
        return Participation(
            events=[_file_only(p) for p in events],
            tracker_used=False,
            persons_registered=None,
            persons_attended=None,
            persons_repeat=None,
            roles_persons={},
            persons_basis="angemeldet",
            languages={},
            organisations=None,
            topics={},
            titles={p.id: p.title for p in events},
        )
    known = _known_languages()
    tally = tracker.tally
    figures = [_event_figures(p, tally.of_event(p.id), known) for p in events]
    event_ids = {p.id for p in events}
    meanings = tally.meanings
    # per meaning: a registration of one of the events / registered / came
    registered = [m.event in event_ids and m.status is Status.REGISTERED for m in meanings]
    attended = [m.event in event_ids and m.attendance is Attendance.ATTENDED for m in meanings]
    any_attendance = any(f.attendance_recorded for f in figures)
    basis = attended if any_attendance else registered

    events_per_person: dict[str, set[str]] = {}
    role_of: dict[str, str] = {}
    rows = tally.rows
    registered_persons = {key for index, key in rows if registered[index]}
    attended_persons = {key for index, key in rows if attended[index]}
    for index, key in rows:  # row order: a person's first stated role counts
        if basis[index]:
            m = meanings[index]
            events_per_person.setdefault(key, set()).add(m.event)
            if m.role and not role_of.get(key):
                role_of[key] = m.role
    roles = Counter(role_of.get(key) or NO_ROLE for key in events_per_person)
    languages: Counter[str] = Counter()
    for f in figures:
        languages.update(f.interpreter)
    topics: Counter[str] = Counter()
    named: dict[str, list[str]] = {}  # the few distinct answers, matched once
    for m, c, is_registered in zip(meanings, tally.counts, registered, strict=True):
        if is_registered and c:
            if m.topics not in named:
                named[m.topics] = topic_ids(m.topics, process)
            for hf_id in named[m.topics]:
                topics[hf_id] += c
    organisations = {
        _organisation_key(m.organisation)
        for m, c, b in zip(meanings, tally.counts, basis, strict=True)
        if b and c
    } - {""}
    notes = list(tracker.notes)
    return Participation(
        events=figures,
        tracker_used=True,
        persons_registered=len(registered_persons) if tally.persons else None,
        persons_attended=len(attended_persons) if any_attendance and tally.persons else None,
        persons_repeat=sum(1 for e in events_per_person.values() if len(e) >= 2)
        if tally.persons
        else None,
        roles_persons=_ordered(roles, _role_order()) if tally.persons else {},
        persons_basis="teilgenommen" if any_attendance else "angemeldet",
        languages=_ordered(languages, [LANGUAGE_UNSPECIFIED]),
        organisations=len(organisations),
        topics={hf.id: topics[hf.id] for hf in process.handlungsfelder if topics.get(hf.id)},
        notes=notes,
        titles={p.id: p.title for p in events},
    )
