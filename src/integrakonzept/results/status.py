"""``ik status``: where the process stands, at a glance, for the coordinator's terminal.

:func:`collect_status` gathers everything (a :class:`Status`); the status knows how
to show itself with Rich (``console.print(status)``), so the CLI stays one call.
The dashboard is for the coordinator, who keeps the tracker anyway: it shows exact
counts (no small-number suppression), but never a name.

What needs doing is derived from the process file, the tracker and the files in the
output folder:

* the registration deadline is at most :data:`DEADLINE_WARNING_DAYS` days away and no
  invitation for the event has been built yet;
* an event is over, it has registrations, and no attendance has been recorded;
* people are on the waiting list while places are free, or an event is overbooked;
* the retention period of the registration data has passed (delete them);
* every event is over, the council decision is ahead and no documentation exists yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.render.locale import counted
from integrakonzept.render.typography import quoted
from integrakonzept.results.charts import PhaseState
from integrakonzept.results.participation import EventFigures

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.text import Text

    from integrakonzept.people.roster import Roster
    from integrakonzept.process.load import Locator
    from integrakonzept.process.model import EventPhase, Process
    from integrakonzept.process.types import Figure

DEADLINE_WARNING_DAYS = 3
#: ``ik status`` announces the deletion of registration data this many days ahead
DELETION_NOTICE_DAYS = 30
#: states of a phase that is over (held, results missing, or called off)
PAST = ("done", "open", "cancelled")
UPCOMING_LIMIT = 6


@dataclass(frozen=True)
class Upcoming:
    title: str
    kind: str
    when: str
    state: PhaseState
    #: days until the first day (0 = today); ``None`` while it runs
    days: int | None
    text: str


@dataclass(frozen=True)
class EventLoad:
    id: str
    title: str
    when: str
    state: PhaseState
    deadline: date | None
    deadline_text: str
    capacity: int | None
    registered: int | None
    waitlist: int | None
    attended: int | None
    #: THE participant count (complete tracker attendance, else ``ergebnisse: teilnehmende``,
    #: which may be approximate: print :attr:`Figure.text`)
    participants: Figure | None
    #: where it comes from: "tracker", "prozessdatei" or ""
    participants_source: str
    #: of ``attended``: who came without registering
    walk_ins: int
    interpreter: dict[str, int]
    childcare: int
    accessibility: int
    #: attendance ticked for only part of the event (its count is not the figure)
    attendance_partial: bool = False


@dataclass(frozen=True)
class Todo:
    text: str
    urgent: bool = False


@dataclass
class Status:
    title: str
    municipality: str
    today: date
    upcoming: list[Upcoming]
    events: list[EventLoad]
    todos: list[Todo]
    warnings: list[str]
    tracker: Path | None
    tracker_found: bool
    notes: list[str] = field(default_factory=list)
    #: the next deadlines of ``ik plan`` (date, what, rule) when the file has bodies
    plan_deadlines: list[tuple[date, str, str]] = field(default_factory=list)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _render(self)


def days_text(days: int) -> str:
    if days == 0:
        return "heute"
    if days == 1:
        return "morgen"
    if days == -1:
        return "gestern"
    if days < 0:
        return f"vor {-days} Tagen"
    return f"in {days} Tagen"


def _upcoming(process: Process, today: date) -> list[Upcoming]:
    from integrakonzept.process.model import MilestonePhase
    from integrakonzept.results.report import (
        OUTCOME_MISSING,
        phase_dates,
        phase_state,
        phase_when,
    )

    items: list[Upcoming] = []
    for phase in sorted(process.phases, key=lambda p: phase_dates(p)[0]):
        state = phase_state(phase, today)
        if state in ("done", "open", "cancelled"):
            continue  # open ones (over, results missing) are in the to-do list
        first, last, exact_dates = phase_dates(phase)
        if state == "postponed":
            days, text = None, "verschoben, neuer Termin offen"
        elif state == "ahead" and last < today:
            # a council step whose outcome is not recorded yet stays planned
            days, text = None, (
                f"{OUTCOME_MISSING} (beschluss:)"
                if isinstance(phase, MilestonePhase) and phase.outcome_missing(today)
                else "Termin vorbei – Stand eintragen (ergebnisse: oder status:)"
            )
        elif state == "running":
            left = (last - today).days
            text = (
                f"läuft, noch {counted(left + 1, 'Tag', 'Tage')}"
                if exact_dates
                else "in diesem Monat (noch kein genaues Datum)"
            )
            days = None
        else:
            days = (first - today).days
            text = days_text(days) if exact_dates else "genaues Datum noch offen"
            if exact_dates and days > 14:
                text += f" ({_weeks(days)})"
        items.append(Upcoming(phase.title, phase.kind_label, phase_when(phase), state, days, text))
    return items[:UPCOMING_LIMIT]


def _weeks(days: int) -> str:
    weeks = days // 7
    return f"gut {weeks} Wochen" if days % 7 else f"{weeks} Wochen"


def _invitation_built(process: Process, phase: EventPhase) -> bool:
    """Whether an invitation for ``phase`` exists in the output folder.

    ``ik build`` names its files after the document and the phase; any file under the
    output folder whose path mentions both „einladung“ and the phase id counts.
    """
    folder = process.output
    if folder is None or not folder.is_dir():
        return False
    phase_id = phase.id.casefold()
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        relative = str(path.relative_to(folder)).casefold()
        if "einladung" in relative and phase_id in relative:
            return True
    return False


def _documentation_built(process: Process) -> bool:
    from integrakonzept.results.export import BASENAME

    folder = process.output
    return folder is not None and folder.is_dir() and any(folder.rglob(f"{BASENAME}*"))


def _add_months(day: date, months: int) -> date:
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def prepare() -> None:
    """Import what :func:`collect_status` and drawing the status need: the CLI calls this
    while the tracker is parsed in the background
    (:func:`~integrakonzept.people.readahead.read_ahead`), when this process would only
    wait for the rows."""
    import rich.panel
    import rich.table  # noqa: F401

    import integrakonzept.people.consent
    import integrakonzept.people.maildue
    import integrakonzept.process.checks
    import integrakonzept.results.report  # noqa: F401


def collect_status(
    process: Process,
    roster: Roster | None,
    *,
    process_file: Path,
    locator: Locator,
    today: date | None = None,
    plan_deadlines: Sequence[tuple[date, str, str]] = (),
    plan_note: str | None = None,
) -> Status:
    """Everything ``ik status`` shows, for ``today`` (default: the real today).

    ``roster`` is the tracker as read by the caller (``None``: no tracker yet);
    ``process_file`` only names the file in suggested commands; ``locator`` places the
    plausibility warnings in the file; ``plan_deadlines`` (day, what, rule) and
    ``plan_note`` come from ``ik plan`` (:func:`integrakonzept.plan.deadline_rows`).
    """
    from integrakonzept.process.checks import plausibility_warnings
    from integrakonzept.process.model import MilestonePhase
    from integrakonzept.process.model import today as real_today
    from integrakonzept.render.locale import format_day
    from integrakonzept.results.participation import participation
    from integrakonzept.results.report import (
        OUTCOME_MISSING,
        phase_dates,
        phase_state,
        phase_when,
    )

    day = today or real_today()
    data = roster
    tracker_path = roster.path if roster is not None else process.tracker
    figures = participation(process, data)

    events: list[EventLoad] = []
    todos: list[Todo] = []
    for phase in process.event_phases():
        f = figures.event(phase.id)
        state = phase_state(phase, day, f.attendance_recorded)
        deadline = phase.registration.deadline if phase.registration else None
        deadline_text = ""
        if deadline is not None:
            delta = (deadline - day).days
            deadline_text = format_day(deadline) + (
                " (abgelaufen)" if delta < 0 else f" ({days_text(delta)})"
            )
        events.append(
            EventLoad(
                id=phase.id,
                title=phase.title,
                when=phase_when(phase),
                state=state,
                deadline=deadline,
                deadline_text=deadline_text,
                capacity=phase.capacity,
                registered=f.registered if data is not None else None,
                waitlist=f.waitlist if data is not None else None,
                attended=f.attended,
                participants=f.participants,
                participants_source=f.participants_source,
                walk_ins=f.walk_ins,
                attendance_partial=f.incomplete,
                interpreter=f.interpreter,
                childcare=f.childcare,
                accessibility=f.accessibility,
            )
        )
        todos += _event_todos(process, phase, state, deadline, day, f, data is not None)

    if data is not None and any(data.tally.counts):
        tally = data.tally
        for phase in process.event_phases():
            last = phase_dates(phase)[1]
            delete_after = _add_months(last, process.retention_months)
            # rows ik purge has anonymised keep their counts but hold no personal data
            personal = any(
                n for m, n in zip(tally.meanings, tally.personal, strict=True) if m.event == phase.id
            )
            if delete_after < day and personal:
                todos.append(
                    Todo(
                        f"Aufbewahrungsfrist abgelaufen ({format_day(delete_after)}): "
                        f"Anmeldedaten zu {quoted(phase.title)} löschen (ik purge).",
                        urgent=True,
                    )
                )
            elif personal and (delete_after - day).days <= DELETION_NOTICE_DAYS:
                todos.append(
                    Todo(
                        f"Anmeldedaten zu {quoted(phase.title)} sind ab {format_day(delete_after)} "
                        "zu löschen (ik purge)."
                    )
                )
    council = process.council_decision()
    all_done = all(
        phase_state(p, day, figures.event(p.id).attendance_recorded) in PAST
        for p in process.event_phases()
    )
    for step in process.phases:
        if isinstance(step, MilestonePhase) and step.outcome_missing(day):
            todos.append(
                Todo(
                    f"{quoted(step.title)} ({phase_when(step)}): {OUTCOME_MISSING} – „beschluss:“ mit "
                    "datum, ergebnis und drucksache eintragen"
                    + ("; bis dahin gilt der Schritt als geplant." if step.status is None else ".")
                )
            )
    if (
        council is not None
        and phase_state(council, day) != "done"
        and all_done
        and process.event_phases()
        and not _documentation_built(process)
    ):
        todos.append(
            Todo(
                f"Alle Veranstaltungen sind vorbei; vor dem Beschluss ({phase_when(council)}) "
                f"die Dokumentation für die Gremien erstellen: ik export-results {process_file}"
            )
        )
    if data is not None:
        todos += _mail_todos(process, process_file, data, day)
    todos.sort(key=lambda t: not t.urgent)
    warnings = [str(w) for w in plausibility_warnings(process, locator, day)]
    warnings += figures.warnings
    if plan_note:
        warnings.append(plan_note)
    if data is not None:
        from integrakonzept.people.consent import consent_warnings

        warnings += consent_warnings(process, data)
    municipality = f"{process.municipality.kind} {process.municipality.name}"
    return Status(
        title=process.title,
        municipality=municipality,
        today=day,
        upcoming=_upcoming(process, day),
        events=events,
        todos=todos,
        warnings=warnings,
        tracker=tracker_path if data is not None else None,
        tracker_found=data is not None,
        notes=data.notes if data is not None else [],
        plan_deadlines=list(plan_deadlines),
    )


def _event_todos(
    process: Process,
    phase: EventPhase,
    state: PhaseState,
    deadline: date | None,
    today: date,
    f: EventFigures,
    tracked: bool,
) -> list[Todo]:
    todos: list[Todo] = []
    title = quoted(phase.title)
    if state == "ahead" and deadline is not None:
        delta = (deadline - today).days
        if 0 <= delta <= DEADLINE_WARNING_DAYS and not _invitation_built(process, phase):
            todos.append(
                Todo(
                    f"Anmeldeschluss für {title} ist {days_text(delta)}, aber es gibt noch keine "
                    f"Einladung im Ausgabeordner.",
                    urgent=True,
                )
            )
    if state in ("done", "open") and tracked and f.has_tracker_rows and not f.attendance_recorded:
        todos.append(
            Todo(
                f"{title} ist vorbei: Teilnahme in der Anmeldeliste eintragen "
                "(Spalte „Teilnahme“: ja, nein oder entschuldigt)."
            )
        )
    elif state == "open":
        todos.append(
            Todo(
                f"{title} ist vorbei, aber es fehlen Ergebnisse: „ergebnisse:“ in der "
                "Prozessdatei eintragen (oder „status: abgesagt“ bzw. „verschoben“)."
            )
        )
    if state not in PAST and tracked and phase.capacity:
        free = phase.capacity - f.registered
        if f.waitlist and free > 0:
            todos.append(
                Todo(
                    f"{title}: {f.waitlist} auf der Warteliste, aber "
                    f"{counted(free, 'Platz', 'Plätze')} frei – "
                    "Personen nachrücken lassen.",
                    urgent=True,
                )
            )
        if free < 0:
            todos.append(
                Todo(
                    f"{title} ist überbucht: {counted(f.registered, 'Anmeldung', 'Anmeldungen')} "
                    f"für {counted(phase.capacity, 'Platz', 'Plätze')}.",
                    urgent=True,
                )
            )
    return todos


def _mail_todos(process: Process, process_file: Path, roster: Roster, today: date) -> list[Todo]:
    """Who still waits for a message from ``ik mail`` (only once it is in use, i.e. the
    tracker has records in its sheet *Nachrichten*): counts, never names."""
    from integrakonzept.people.maildue import waiting
    from integrakonzept.people.mailrecords import read_journal, read_records
    from integrakonzept.results.report import phase_state

    # the records come with the roster (one reading of the tracker); read_records only
    # for a roster made without them
    stored = roster.mail_records if roster.mail_records is not None else read_records(roster.path)
    records = [*stored, *read_journal(roster.path)]
    if not records:
        return []
    todos: list[Todo] = []
    for phase in process.event_phases():
        if phase_state(phase, today) in PAST:
            continue
        for kind, count in waiting(phase.id, roster.registrations, records).items():
            todos.append(
                Todo(
                    f"{quoted(phase.title)}: {count} {_WAITING[kind]} – "
                    f"ik mail {process_file} --phase {phase.id} --kind {kind}"
                )
            )
    return todos


_WAITING = {
    "bestaetigung": "Angemeldete warten auf eine Bestätigung",
    "warteliste": "auf der Warteliste haben noch keine Nachricht",
    "platz-frei": "Nachgerückte wissen noch nicht, dass sie einen Platz haben",
}


# --- Rich rendering ------------------------------------------------------------------------


def _render(status: Status) -> RenderResult:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from integrakonzept.render.locale import format_date_full

    yield Panel(
        Text.assemble(
            (status.title, "bold"),
            f" · {status.municipality}\n",
            ("Stand: ", "dim"),
            format_date_full(status.today),
        ),
        title="ik status",
        title_align="left",
        expand=False,
    )

    upcoming = Table(title="Als Nächstes", title_justify="left", title_style="bold", expand=False)
    upcoming.add_column("Phase")
    upcoming.add_column("Wann")
    upcoming.add_column("")
    for item in status.upcoming:
        style = (
            "yellow"
            if item.state == "running"
            else ("bold" if item.days is not None and item.days <= 7 else "")
        )
        upcoming.add_row(escape(item.title), item.when, Text(item.text, style=style))
    if not status.upcoming:
        upcoming.add_row("Alle Phasen sind abgeschlossen.", "", "")
    yield upcoming

    if status.plan_deadlines:
        from integrakonzept.render.locale import format_day

        plan = Table(
            title="Nächste Fristen (ik plan)", title_justify="left", title_style="bold", expand=False
        )
        plan.add_column("Bis")
        plan.add_column("Was")
        plan.add_column("")
        for when, what, _rule in status.plan_deadlines:
            days = (when - status.today).days
            plan.add_row(format_day(when), escape(what), Text(days_text(days), style="bold" if days <= 7 else ""))
        yield plan

    if status.events:
        table = Table(
            title="Veranstaltungen und Anmeldungen", title_justify="left", title_style="bold"
        )
        table.add_column("Veranstaltung")
        table.add_column("Anmeldeschluss")
        table.add_column("Anmeldungen / Plätze")
        table.add_column("Warte-\nliste", justify="right")
        for e in status.events:
            done = e.state in PAST
            title = Text(e.title + "\n", style="dim" if done else "")
            title.append(e.when, style="dim")
            table.add_row(
                title,
                "" if done else (e.deadline_text or "–"),
                _load(e),
                str(e.waitlist) if e.waitlist else "–",
            )
        yield table
        needs = Table(
            title="Bedarf laut Anmeldung",
            title_justify="left",
            title_style="bold",
            show_header=False,
            box=None,
        )
        needs.add_column("", style="bold")
        needs.add_column("")
        for e in status.events:
            if e.state not in PAST and _needs(e):
                needs.add_row(escape(e.title), escape(" · ".join(_needs(e))))
        if needs.row_count:
            yield needs

    todo = Table(
        title="Zu tun", title_justify="left", title_style="bold", show_header=False, box=None
    )
    todo.add_column("")
    todo.add_column("")
    for task in status.todos:
        todo.add_row(Text("!", style="bold red") if task.urgent else Text("•"), Text(task.text))
    if not status.todos:
        todo.add_row(Text("✓", style="green"), Text("Nichts Dringendes."))
    yield todo

    if status.warnings or status.notes:
        hints = Table(
            title="Hinweise", title_justify="left", title_style="bold", show_header=False, box=None
        )
        hints.add_column("")
        for warning in [*status.warnings, *status.notes]:
            hints.add_row(Text(warning, style="yellow"))
        yield hints


BAR_WIDTH = 14


def _load(e: EventLoad) -> Text:
    """A bar ``██████░░░░░░░░`` and ``40 von 100`` below it; for a past event, who came."""
    from rich.text import Text

    if e.state in PAST:
        # the same figure as the documentation (results.participation: participants)
        if e.participants_source == "tracker" and e.participants is not None:
            came = f"{e.participants - e.walk_ins} von {e.registered} da"
            if e.walk_ins:
                came += f", dazu {e.walk_ins} ohne Anmeldung"
            return Text(came, style="dim")
        if e.participants is not None:
            came = f"{e.participants.text} Teilnehmende (laut Prozessdatei)"
            if e.registered:
                came += f", {e.registered} angemeldet"
            return Text(came, style="dim")
        if e.registered is not None:
            taken = "Teilnahme teilweise erfasst" if e.attendance_partial else "Teilnahme offen"
            return Text(f"{e.registered} angemeldet, {taken}", style="yellow")
    if e.registered is None:
        return Text("–", style="dim")
    if not e.capacity:
        return Text(f"{e.registered} (ohne Platzzahl)")
    ratio = e.registered / e.capacity
    colour = "red" if ratio > 1 else "yellow" if ratio >= 0.8 else "green"
    filled = min(BAR_WIDTH, round(ratio * BAR_WIDTH))
    bar = Text("█" * filled, style=colour)
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f"\n{e.registered} von {e.capacity}")
    return bar


def _needs(e: EventLoad) -> list[str]:
    needs = []
    if e.interpreter:
        needs.append("Dolmetschen: " + ", ".join(f"{k} {v}" for k, v in e.interpreter.items()))
    if e.childcare:
        needs.append(f"Kinderbetreuung: {e.childcare}")
    if e.accessibility:
        needs.append(f"Barrierefreiheit: {e.accessibility}")
    return needs
