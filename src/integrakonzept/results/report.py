"""The documentation of the participation process as one model, ready to print.

:func:`build_report` turns the process file and the participation figures into a
:class:`Report`: every number already suppressed where it must be
(:mod:`integrakonzept.results.privacy`), every date formatted, every chart drawn.
The writers (HTML/PDF, Markdown, Word, Excel) only lay it out, so the four formats
cannot disagree about a figure, and none of them ever sees a registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from integrakonzept.results.charts import (
    ACCENT,
    LIGHT,
    WARM,
    Drawing,
    PhaseState,
    Series,
    TimelineItem,
    bar_chart,
    timeline,
)
from integrakonzept.results.participation import (
    LANGUAGE_OTHER,
    LANGUAGE_UNSPECIFIED,
    NO_ROLE,
    EventFigures,
    Participation,
    sum_figures,
)
from integrakonzept.results.phases import outcome_missing as outcome_missing  # re-exported
from integrakonzept.results.phases import phase_state as phase_state  # re-exported
from integrakonzept.results.privacy import Count, exact, suppress, suppress_one

if TYPE_CHECKING:
    from integrakonzept.process.model import AnyPhase, EventPhase, Process

DOCUMENT_TITLE = "Dokumentation des Beteiligungsprozesses"
STATE_TEXT: dict[PhaseState, str] = {
    "done": "abgeschlossen",
    "running": "läuft",
    "ahead": "geplant",
    "open": "vorbei, Ergebnisse fehlen",
    "cancelled": "abgesagt",
    "postponed": "verschoben",
}
#: ``status:`` in the process file -> the state every document shows
PRIORITY_TEXT = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}
#: a council step whose date has passed without a recorded outcome (``beschluss:``)
OUTCOME_MISSING = "Termin vorbei – Ergebnis noch nicht eingetragen"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    #: as printed: ``1.200``, ``über 120``, ``< 3``
    value: str
    note: str = ""
    #: the number behind ``value`` for spreadsheets (an approximate figure keeps its
    #: ``qualifier``); ``None`` where the value must stay text (a hidden count)
    number: int | None = None


@dataclass(frozen=True)
class PhaseRow:
    id: str
    title: str
    kind: str
    when: str
    state: PhaseState
    state_text: str
    body: str
    summary: str
    facts: list[str]


@dataclass(frozen=True)
class EventRow:
    id: str
    title: str
    short_title: str
    when: str
    audience: str
    access: str
    state: PhaseState
    capacity: int | None
    has_tracker_rows: bool
    registered: Count | None
    waitlist: Count | None
    cancelled: Count | None
    attended: Count | None
    #: "tracker", "prozessdatei" or "" (unknown)
    attended_source: str
    absent: Count | None
    excused: Count | None
    unrecorded: int
    utilisation: str
    role_basis: str
    roles: dict[str, Count]
    interpreter: Count | None
    childcare: Count | None
    accessibility: Count | None
    organisations: Count | None

    @property
    def attended_shown(self) -> str:
        if self.attended is None:
            return "–"
        return self.attended.shown + ("¹" if self.attended_source == "prozessdatei" else "")


@dataclass(frozen=True)
class OnlineRow:
    title: str
    kind: str
    when: str
    state: PhaseState
    state_text: str
    subject: str
    participants: str
    contributions: str
    #: the figures behind ``participants``/``contributions`` for spreadsheets (approximate
    #: ones keep their ``qualifier``)
    participants_number: int | None = None
    contributions_number: int | None = None


@dataclass(frozen=True)
class MeasureRow:
    title: str
    responsible: str
    priority: str
    timeframe: str
    source: str
    #: the id of the phase ``source`` names (its title in other languages)
    source_id: str = ""


@dataclass(frozen=True)
class Sourced:
    text: str
    source: str
    source_id: str = ""


@dataclass(frozen=True)
class FieldSection:
    id: str
    title: str
    description: str
    worked_on_in: list[str]
    interest: Count | None
    goals: list[Sourced]
    measures: list[MeasureRow]
    ideas: list[Sourced]

    @property
    def empty(self) -> bool:
        return not (self.goals or self.measures or self.ideas)

    @property
    def interest_text(self) -> str:
        """The sentence on how often the field was named at registration („“ when never);
        a suppressed small count reads as words, never as „< 3-mal“."""
        from integrakonzept.render.locale import format_number

        count = self.interest
        if not count:
            return ""
        if count.hidden == "primary":
            return f"In weniger als {format_number(count.threshold)} Anmeldungen als Interesse genannt."
        if count.hidden == "secondary":
            return (
                "In einigen Anmeldungen als Interesse genannt (die Zahl ist ausgeblendet, damit "
                "sich keine kleine Zahl errechnen lässt)."
            )
        if count.value == 1:
            return "In einer Anmeldung als Interesse genannt."
        return f"In {format_number(count.value)} Anmeldungen als Interesse genannt."


@dataclass(frozen=True)
class Chart:
    """A chart with the names it is written under (``slug``) and its caption."""

    slug: str
    caption: str
    drawing: Drawing


@dataclass
class Report:
    title: str
    process_title: str
    motto: str
    municipality: str
    organiser: str
    department: str
    stand: date
    stand_text: str
    accent: str
    threshold: int
    tracker_used: bool
    tracker_name: str
    gender_style: str
    intro: list[str]
    key_figures: list[KeyFigure]
    phases: list[PhaseRow]
    events: list[EventRow]
    online: list[OnlineRow]
    role_columns: list[str]
    roles_overall: dict[str, Count]
    roles_overall_total: Count | None
    roles_overall_basis: str
    languages: dict[str, Count]
    support_totals: dict[str, Count]
    fields: list[FieldSection]
    notes: list[str]
    contact_lines: list[str]
    charts: dict[str, Chart] = field(default_factory=dict)

    @property
    def has_registrations(self) -> bool:
        return any(e.has_tracker_rows for e in self.events)

    @property
    def any_from_file(self) -> bool:
        return any(e.attended_source == "prozessdatei" for e in self.events)

    @property
    def roles_chart_note(self) -> str | None:
        """Said instead of the role chart when every count in it is suppressed: a chart of
        nothing but „< 3“ labels shows nothing."""
        counts = list(self.roles_overall.values())
        if not counts or any(c.public_value is not None for c in counts):
            return None
        return (
            f"Ohne Diagramm: Die Zahlen nach Rolle sind alle zu klein, um sie zu zeigen "
            f"(unter {self.threshold} oder daraus errechenbar) – zum Schutz der Personen."
        )

    @property
    def any_suppressed(self) -> bool:
        counts: list[Count] = list(self.roles_overall.values()) + list(self.languages.values())
        counts += list(self.support_totals.values())
        for e in self.events:
            counts += list(e.roles.values())
            counts += [c for c in (e.interpreter, e.childcare, e.accessibility) if c is not None]
        counts += [f.interest for f in self.fields if f.interest is not None]
        return any(c.is_hidden for c in counts)

    @property
    def measures_count(self) -> int:
        return sum(len(f.measures) for f in self.fields)


# --- helpers --------------------------------------------------------------------------------


def _span(first: date, last: date) -> str:
    from integrakonzept.render.locale import format_day

    if first == last:
        return format_day(first)
    if first.year == last.year:
        return f"{first:%d.%m.}–{format_day(last)}"
    return f"{format_day(first)}–{format_day(last)}"


def phase_dates(phase: AnyPhase) -> tuple[date, date, bool]:
    """First day, last day and whether the dates are exact (the model's own methods)."""
    return phase.first_day(), phase.last_day(), phase.dates_exact


def phase_when(phase: AnyPhase) -> str:
    from integrakonzept.render.locale import format_month

    first, last, exact_dates = phase_dates(phase)
    if not exact_dates:
        return format_month(first)
    return _span(first, last)


def state_text(phase: AnyPhase, state: PhaseState, today: date) -> str:
    """The state as the documents write it: :data:`STATE_TEXT`, except that a past council
    step without its outcome says so instead of „geplant“ or „abgeschlossen“."""
    if outcome_missing(phase, today):
        return OUTCOME_MISSING if state != "done" else "abgeschlossen – Ergebnis nicht eingetragen"
    return STATE_TEXT[state]


def role_label(role: str, style: str) -> str:
    """Plural label of a tracker role in the process's gender style."""
    from integrakonzept.render.locale import gendered

    labels = {
        "Einwohner*in": gendered("einwohner", style),  # type: ignore[arg-type]
        "Hauptamt": "Hauptamtliche",
        "Ehrenamt": "Ehrenamtliche",
        "Migrantenorganisation": "Migrantenorganisationen",
        "Politik": "Politik",
        "Verwaltung": "Verwaltung",
        "Presse": "Presse",
        "Sonstige": "Sonstige",
        NO_ROLE: "ohne Angabe",
    }
    return labels.get(role, role)


def _short(title: str, limit: int = 48) -> str:
    if len(title) <= limit:
        return title
    return title[: limit - 1].rsplit(" ", 1)[0] + " …"


def _percent(part: int, whole: int) -> str:
    from babel.numbers import format_percent

    return format_percent(part / whole, locale="de_DE")


# --- building ------------------------------------------------------------------------------


def _event_row(
    phase: EventPhase,
    figures: EventFigures,
    today: date,
    threshold: int,
    style: str,
    support: dict[str, dict[str, Count]],
    role_keys: list[str],
) -> EventRow:
    from integrakonzept.process.model import AUDIENCE_LABELS

    tracked = figures.has_tracker_rows
    attended = figures.participants
    if figures.role_basis == "teilgenommen":
        role_total = figures.attended or 0
    else:
        role_total = figures.registered
    values = {role: figures.roles.get(role, 0) for role in role_keys} if figures.roles else {}
    roles = suppress(values, threshold, total_published=role_total > 0)
    utilisation = ""
    if phase.capacity and tracked:
        utilisation = _percent(figures.registered, phase.capacity)
    return EventRow(
        id=phase.id,
        title=phase.title,
        short_title=phase.short_name or _short(phase.title),
        when=phase_when(phase),
        # One gender style per text: the residents' label follows the process's style.
        audience=", ".join(
            role_label("Einwohner*in", style) if a == "einwohnende" else AUDIENCE_LABELS[a]
            for a in phase.audience
        ),
        access="öffentlich" if phase.access == "oeffentlich" else "auf Einladung",
        state=phase_state(phase, today, figures.attendance_recorded),
        capacity=phase.capacity,
        has_tracker_rows=tracked,
        registered=exact(figures.registered) if tracked else None,
        waitlist=exact(figures.waitlist) if tracked else None,
        cancelled=exact(figures.cancelled) if tracked else None,
        attended=exact(attended) if attended is not None else None,
        attended_source=figures.participants_source,
        absent=exact(figures.absent) if figures.absent is not None else None,
        excused=exact(figures.excused) if figures.excused is not None else None,
        unrecorded=figures.unrecorded,
        utilisation=utilisation,
        role_basis=figures.role_basis,
        roles={role_label(k, style): v for k, v in roles.items()},
        interpreter=support["interpreter"].get(phase.id) if tracked else None,
        childcare=support["childcare"].get(phase.id) if tracked else None,
        accessibility=support["accessibility"].get(phase.id) if tracked else None,
        organisations=exact(figures.organisations) if tracked else None,
    )


def _support(
    participation: Participation, threshold: int
) -> tuple[dict[str, dict[str, Count]], dict[str, Count]]:
    """Per-event support counts (a breakdown of the process total) and the totals."""
    per_event: dict[str, dict[str, Count]] = {}
    totals: dict[str, Count] = {}
    getters: dict[str, Callable[[EventFigures], int]] = {
        "interpreter": lambda f: f.interpreter_requests,
        "childcare": lambda f: f.childcare,
        "accessibility": lambda f: f.accessibility,
    }
    for key, get in getters.items():
        values = {f.phase_id: get(f) for f in participation.events if f.has_tracker_rows}
        total = suppress_one(sum(values.values()), threshold)
        totals[key] = total
        per_event[key] = suppress(values, threshold, total_published=not total.is_hidden)
    return per_event, totals


def _fields(
    process: Process, participation: Participation, threshold: int, today: date
) -> list[FieldSection]:
    """Results per Handlungsfeld. Results recorded for a phase that has not begun by ``today``
    are left out (``ik check`` names them): a document of that day cannot report them."""
    interest = suppress(participation.topics, threshold, total_published=False)
    sections: list[FieldSection] = []
    for hf in process.handlungsfelder:
        worked: list[str] = []
        goals: list[Sourced] = []
        measures: list[MeasureRow] = []
        ideas: list[Sourced] = []
        for phase in process.phases:
            groups = getattr(phase, "working_groups", None)
            listed = hf.id in phase.handlungsfelder or (
                groups is not None and hf.id in groups.handlungsfelder
            )
            results = [
                r
                for r in (phase.results.fields if phase.results else [])
                if r.handlungsfeld == hf.id and phase.first_day() <= today
            ]
            if (listed or results) and phase.title not in worked:
                worked.append(phase.title)
            for result in results:
                goals += [Sourced(g, phase.title, phase.id) for g in result.goals]
                ideas += [Sourced(i, phase.title, phase.id) for i in result.ideas]
                measures += [
                    MeasureRow(
                        title=m.title,
                        responsible=m.responsible or "",
                        priority=PRIORITY_TEXT.get(m.priority or "", ""),
                        timeframe=m.timeframe or "",
                        source=phase.title,
                        source_id=phase.id,
                    )
                    for m in result.measures
                ]
        order = {"hoch": 0, "mittel": 1, "niedrig": 2, "": 3}
        measures.sort(key=lambda m: order.get(m.priority, 3))
        sections.append(
            FieldSection(
                id=hf.id,
                title=hf.title,
                description=hf.description or "",
                worked_on_in=worked,
                interest=interest.get(hf.id),
                goals=goals,
                measures=measures,
                ideas=ideas,
            )
        )
    return sections


def _phase_rows(process: Process, participation: Participation, today: date) -> list[PhaseRow]:
    from integrakonzept.process.model import EventPhase, MilestonePhase, OnlinePhase
    from integrakonzept.render.locale import format_number, gendered

    who = gendered("teilnehmer", process.gender_style)
    rows: list[PhaseRow] = []
    for phase in process.phases:
        facts: list[str] = []
        results = phase.results
        if isinstance(phase, EventPhase):
            figures = participation.event(phase.id)
            if figures.participants is not None:
                facts.append(f"{who}: {format_number(figures.participants)}")
        elif results and results.participants is not None:
            facts.append(f"{who}: {results.participants.text}")
        if results and results.organisations is not None:
            facts.append(f"beteiligte Organisationen: {format_number(results.organisations)}")
        if results and results.contributions is not None:
            facts.append(f"Beiträge: {format_number(results.contributions)}")
        if results and results.working_groups is not None:
            facts.append(f"Arbeitsgruppen: {format_number(results.working_groups)}")
        body = (phase.body or "") if isinstance(phase, MilestonePhase) else ""
        subject = (phase.subject or "") if isinstance(phase, OnlinePhase) else ""
        taken = isinstance(phase, EventPhase) and participation.event(phase.id).attendance_recorded
        state = phase_state(phase, today, taken)
        rows.append(
            PhaseRow(
                id=phase.id,
                title=phase.title,
                kind=phase.kind_label,
                when=phase_when(phase),
                state=state,
                state_text=state_text(phase, state, today),
                body=body or subject,
                summary=(results.summary or "") if results else "",
                facts=facts,
            )
        )
    return rows


def _online_rows(process: Process, today: date) -> list[OnlineRow]:
    from integrakonzept.render.locale import format_number

    rows = []
    for phase in process.online_phases():
        results = phase.results
        participants = results.participants if results else None
        contributions = results.contributions if results else None
        rows.append(
            OnlineRow(
                title=phase.title,
                kind=phase.kind_label,
                when=phase_when(phase),
                state=phase_state(phase, today),
                state_text=STATE_TEXT[phase_state(phase, today)],
                subject=phase.subject or "",
                participants=format_number(participants) if participants is not None else "–",
                contributions=format_number(contributions) if contributions is not None else "–",
                participants_number=participants,
                contributions_number=contributions,
            )
        )
    return rows


def _persons_partly_outside(participation: Participation) -> bool:
    """Whether the participant figures cover people the tracker does not list.

    Distinct persons can only be counted in the tracker; where an event's figure comes
    from the process file, or attendance was taken for only part of it, the tile of
    distinct persons must not read as „everyone reached“.
    """
    return any(
        e.participants_source == "prozessdatei" or e.incomplete for e in participation.events
    )


def _sources_note(participation: Participation, events: list[EventRow]) -> str:
    """Where the summed participant figures come from, when not all from one place: the
    tile must not read as one count („davon 3 Veranstaltungen laut Anmeldeliste, 2 laut
    Prozessdatei“); past events without a figure are named as left out."""
    from integrakonzept.render.locale import counted

    sources = [e.participants_source for e in participation.events]
    counted_events, from_file = sources.count("tracker"), sources.count("prozessdatei")
    note = ""
    if counted_events and from_file:
        note = (
            f"; davon {counted(counted_events, 'Veranstaltung', 'Veranstaltungen')} laut "
            f"Anmeldeliste, {from_file} laut Prozessdatei (¹)"
        )
    elif from_file and participation.tracker_used:
        note = "; alle laut Prozessdatei (¹)" if from_file > 1 else "; laut Prozessdatei (¹)"
    # held, but without a figure (e.g. attendance ticked for part of it, no file figure)
    without = sum(1 for e in events if e.state == "done" and e.attended is None)
    if without:
        note += f"; ohne Zahl: {counted(without, 'durchgeführte Veranstaltung', 'durchgeführte Veranstaltungen')}"
    return note


def _key_figures(
    process: Process, participation: Participation, events: list[EventRow], threshold: int
) -> list[KeyFigure]:
    from integrakonzept.render.locale import format_number

    figures: list[KeyFigure] = []
    # held: the phase state (results or attendance); results missing: a past event without
    # ``ergebnisse:`` (held with attendance only, or not known to be held) – as ``ik check``
    without_results = {p.id for p in process.event_phases() if p.results is None}
    done = sum(1 for e in events if e.state == "done")
    missing = sum(1 for e in events if e.state in ("done", "open") and e.id in without_results)
    note = (
        f"davon {format_number(done)} durchgeführt" if done != len(events) else "alle durchgeführt"
    )
    if missing:
        note += (
            "; bei einer vergangenen fehlen die Ergebnisse"
            if missing == 1
            else f"; bei {format_number(missing)} vergangenen fehlen die Ergebnisse"
        )
    figures.append(KeyFigure("Veranstaltungen", format_number(len(events)), note, len(events)))
    online = len(process.online_phases())
    if online:
        figures.append(KeyFigure("Online-Phasen", format_number(online), "", online))
    if participation.tracker_used:
        registered = sum(e.registered.value for e in events if e.registered is not None)
        figures.append(
            KeyFigure(
                "Anmeldungen", format_number(registered), "über alle Veranstaltungen", registered
            )
        )
    total = participation.total_participations
    if total is not None:
        note = "Summe über die Veranstaltungen" + _sources_note(participation, events)
        if participation.persons_attended is not None:
            note += "; wer mehrfach kam, zählt mehrfach"
        if total.qualifier:
            note += "; ungefähr, weil einzelne Zahlen ungefähr angegeben sind"
        figures.append(KeyFigure("Teilnahmen", format_number(total), note, total))
    partly_outside = _persons_partly_outside(participation)
    if participation.persons_attended is not None and not partly_outside:
        figures.append(
            KeyFigure(
                "Erreichte Personen",
                format_number(participation.persons_attended),
                "ohne Doppelzählung",
                participation.persons_attended,
            )
        )
    elif participation.persons_attended is not None:
        figures.append(
            KeyFigure(
                "In der Anmeldeliste erfasst",
                format_number(participation.persons_attended),
                "Personen mit erfasster Teilnahme, ohne Doppelzählung; die Teilnahmen "
                "umfassen auch Personen, die nicht in der Anmeldeliste stehen",
                participation.persons_attended,
            )
        )
    elif participation.persons_registered is not None:
        figures.append(
            KeyFigure(
                "Angemeldete Personen",
                format_number(participation.persons_registered),
                "ohne Doppelzählung; Anwesenheit noch nicht erfasst",
                participation.persons_registered,
            )
        )
    if participation.persons_repeat is not None and participation.persons_repeat > 0:
        repeat = suppress_one(participation.persons_repeat, threshold)
        figures.append(
            KeyFigure(
                "Mehrfach dabei",
                repeat.shown,
                "Personen bei zwei oder mehr Veranstaltungen",
                repeat.public_value,
            )
        )
    if participation.organisations:
        figures.append(
            KeyFigure(
                "Organisationen",
                format_number(participation.organisations),
                "beteiligt",
                participation.organisations,
            )
        )
    contributions = [
        p.results.contributions
        for p in process.online_phases()
        if p.results and p.results.contributions is not None
    ]
    if contributions:
        summed = sum_figures(contributions)
        figures.append(
            KeyFigure(
                "Online-Beiträge",
                format_number(summed),
                "Summe über die Online-Phasen; ungefähr, weil einzelne Zahlen ungefähr "
                "angegeben sind"
                if summed.qualifier and len(contributions) > 1
                else "",
                summed,
            )
        )
    return figures


def _intro(process: Process, report_events: int, today: date) -> list[str]:
    from integrakonzept.render.locale import counted_words, format_date_long, join

    paragraphs: list[str] = []
    if process.background:
        paragraphs.append(process.background)
    # running text: numbers up to twelve in words, dative after „mit“
    parts = [counted_words(report_events, "Veranstaltung", "Veranstaltungen", one="einer")]
    online = len(process.online_phases())
    if online:
        parts.append(counted_words(online, "Online-Phase", "Online-Phasen", one="einer"))
    council = process.council_decision()
    text = (
        f"Diese Dokumentation fasst den Beteiligungsprozess zum {process.title} zusammen: "
        f"den Ablauf mit {join(parts)}, die Beteiligung und die Ergebnisse nach "
        f"Handlungsfeldern. Sie gibt den Stand vom {format_date_long(today)} wieder."
    )
    if council is not None and phase_state(council, today) != "done":
        body = f" ({council.body})" if council.body else ""
        if outcome_missing(council, today):  # the date is past, the outcome not recorded
            text += (
                f" Der Beschluss{body} war für {phase_when(council)} vorgesehen; "
                "sein Ergebnis ist noch nicht eingetragen."
            )
        else:
            text += f" Der Beschluss{body} ist für {phase_when(council)} vorgesehen."
    paragraphs.append(text)
    return paragraphs


def _notes(
    process: Process,
    participation: Participation,
    events: list[EventRow],
    threshold: int,
    tracker_name: str,
) -> list[str]:
    from integrakonzept.render.locale import counted, gendered

    teilnehmende = gendered("teilnehmer", process.gender_style)
    notes: list[str] = []
    if participation.tracker_used:
        notes.append(
            f"Grundlage der Zahlen ist die Anmeldeliste ({tracker_name}). „Anmeldungen“ sind "
            "Anmeldungen mit dem Status „angemeldet“ (oder ohne Status); Warteliste und Absagen "
            "(auch „storniert“, „abgelehnt“) sind getrennt gezählt. „Teilgenommen“ zählt alle, "
            "deren Teilnahme mit „ja“ (oder „x“, „teilgenommen“) eingetragen ist; „nicht "
            "erschienen“ sind Angemeldete mit Teilnahme „nein“. Wer ohne Anmeldung kam (Status "
            "„ohne Anmeldung“), zählt bei „Teilgenommen“, nicht bei den Anmeldungen. Wo die Teilnahme "
            "einer Veranstaltung in der Anmeldeliste vollständig erfasst ist (jede Anmeldung hat "
            "einen Eintrag, oder die Prozessdatei sagt „teilnahme_vollstaendig: ja“), gilt sie; "
            "sonst die Zahl aus der Prozessdatei. Die Übersicht der Anmeldeliste zählt nach "
            "denselben Regeln."
        )
        persons = (
            "„In der Anmeldeliste erfasst“"
            if _persons_partly_outside(participation)
            else "„Erreichte Personen“"
        )
        notes.append(
            f"{persons} zählt jede Person einmal, auch wenn sie an mehreren "
            "Veranstaltungen teilgenommen hat (erkannt an der Personen-ID der Anmeldeliste). "
            "Rollen, Dolmetsch- und Unterstützungsbedarf stammen aus den Angaben bei der "
            "Anmeldung."
        )
        if any(e.attended_source == "prozessdatei" for e in events):
            notes.append(
                "¹ Für diese Veranstaltung ist die Teilnahme in der Anmeldeliste nicht oder nur "
                "teilweise erfasst; die Zahl stammt aus den Ergebnissen in der Prozessdatei."
            )
        unrecorded = sum(e.unrecorded for e in events)
        if unrecorded:
            notes.append(
                f"Bei {counted(unrecorded, 'Anmeldung', 'Anmeldungen')} zu Veranstaltungen mit "
                "erfasster Teilnahme fehlt der Eintrag, ob die Person gekommen ist."
            )
    else:
        notes.append(
            "Für diese Dokumentation lag keine Anmeldeliste vor. Die Zahlen der "
            f"{teilnehmende} stammen aus den Ergebnissen in der Prozessdatei; wer an mehreren "
            "Veranstaltungen teilnahm, ist dort mehrfach gezählt. Aufschlüsselungen nach Rolle "
            "und Unterstützungsbedarf liegen deshalb nicht vor."
        )
    if not participation.tracker_used:
        notes.append("Datenschutz: Die Dokumentation enthält keine personenbezogenen Daten.")
    elif threshold > 1:
        notes.append(
            f"Datenschutz: Die Dokumentation enthält keine personenbezogenen Daten. In "
            f"Aufschlüsselungen werden Zahlen unter {threshold} als „< {threshold}“ ausgewiesen, "
            "damit niemand erkennbar ist; „x“ steht für einen Wert, der zusätzlich ausgeblendet "
            "ist, weil er sich sonst aus der Summe errechnen ließe."
        )
    else:
        notes.append(
            "Datenschutz: Die Dokumentation enthält keine Namen oder Kontaktdaten. Kleine Zahlen "
            "sind auf Wunsch nicht ausgeblendet; vor einer Veröffentlichung prüfen."
        )
    return notes


def _contact(process: Process) -> list[str]:
    contact = process.contact
    lines = [process.organiser.institution]
    if process.organiser.department:
        lines.append(process.organiser.department)
    lines.append(contact.display_name + (f", {contact.role}" if contact.role else ""))
    if contact.phone:
        lines.append(f"Telefon {contact.phone.national}")
    if contact.email:
        lines.append(f"E-Mail {contact.email}")
    return lines


def _charts(report: Report, process: Process, today: date) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    items = []
    states = {row.id: row.state for row in report.phases}
    texts = {row.id: row.state_text for row in report.phases}
    for phase in process.phases:
        first, last, exact_dates = phase_dates(phase)
        shape: Literal["event", "online", "milestone"] = (
            "event" if phase.is_event else "online" if phase.is_online else "milestone"
        )
        items.append(
            TimelineItem(
                phase.title,
                phase_when(phase),
                shape,
                first,
                last,
                exact_dates,
                states[phase.id],
                texts[phase.id] if outcome_missing(phase, today) else None,
            )
        )
    charts["zeitstrahl"] = Chart(
        "zeitstrahl",
        "Zeitstrahl: alle Phasen des Prozesses, abgeschlossen, laufend und geplant",
        timeline(items, today, accent=report.accent),
    )
    shown = [e for e in report.events if e.has_tracker_rows or e.attended is not None]
    if shown:
        series: list[Series] = []
        if any(e.registered is not None for e in shown):
            series.append(
                Series(
                    "Anmeldungen",
                    [e.registered.value if e.registered else None for e in shown],
                    [e.registered.shown if e.registered else "" for e in shown],
                    LIGHT,
                )
            )
        series.append(
            Series(
                "Teilgenommen",
                [e.attended.value if e.attended else None for e in shown],
                [
                    e.attended_shown
                    if e.attended
                    else ("nicht erfasst" if e.state in ("done", "open") else "noch offen")
                    for e in shown
                ],
                report.accent,
            )
        )
        if any(e.waitlist is not None and e.waitlist.value for e in shown):
            series.append(
                Series(
                    "Warteliste",
                    [e.waitlist.value if e.waitlist else None for e in shown],
                    [e.waitlist.shown if e.waitlist else "" for e in shown],
                    WARM,
                )
            )
        markers = [e.capacity for e in shown] if any(e.capacity for e in shown) else None
        charts["teilnahme"] = Chart(
            "teilnahme",
            "Anmeldungen und Teilnahme je Veranstaltung"
            + (" (gestrichelt: Zahl der Plätze)" if markers else ""),
            bar_chart(
                "Anmeldungen und Teilnahme je Veranstaltung",
                [e.short_title for e in shown],
                series,
                markers=markers,
            ),
        )
    if report.roles_overall and report.roles_chart_note is None:
        labels = list(report.roles_overall)
        counts = list(report.roles_overall.values())
        basis = report.roles_overall_basis
        charts["rollen"] = Chart(
            "rollen",
            f"{basis} nach Rolle (jede Person einmal gezählt)",
            bar_chart(
                f"{basis} nach Rolle",
                labels,
                [
                    Series(
                        basis,
                        [c.public_value for c in counts],
                        [c.shown for c in counts],
                        report.accent,
                    )
                ],
            ),
        )
    return charts


def build_report(
    process: Process,
    participation: Participation,
    today: date,
    *,
    threshold: int = 3,
    tracker_name: str = "",
) -> Report:
    """The whole documentation as data; see the module docstring."""
    from integrakonzept.render.locale import format_date_long

    style = process.gender_style
    per_event_support, support_totals = _support(participation, threshold)
    # Each event's role breakdown runs over every role seen anywhere (zeros included), so
    # that suppression also covers "everyone else was zero".
    role_keys: list[str] = []
    for f in participation.events:
        role_keys += [k for k in f.roles if k not in role_keys]
    order = {role: i for i, role in enumerate(participation.roles_persons)}
    role_keys.sort(key=lambda k: order.get(k, len(order)))
    events = [
        _event_row(
            p, participation.event(p.id), today, threshold, style, per_event_support, role_keys
        )
        for p in process.event_phases()
    ]
    role_columns = [role_label(k, style) for k in role_keys]
    persons_total = (
        participation.persons_attended
        if participation.persons_basis == "teilgenommen"
        else participation.persons_registered
    )
    roles_overall = suppress(
        participation.roles_persons, threshold, total_published=bool(persons_total)
    )
    languages = suppress(
        participation.languages,
        threshold,
        total_published=not support_totals.get("interpreter", exact(0)).is_hidden,
    )
    # Keep „nicht angegeben“ and „weitere“ at the end of the language list.
    languages = {
        k: v for k, v in languages.items() if k not in (LANGUAGE_UNSPECIFIED, LANGUAGE_OTHER)
    } | {k: v for k, v in languages.items() if k in (LANGUAGE_OTHER, LANGUAGE_UNSPECIFIED)}
    accent = process.colour or ACCENT
    report = Report(
        title=DOCUMENT_TITLE,
        process_title=process.title,
        motto=process.motto or "",
        municipality=f"{process.municipality.kind} {process.municipality.name}",
        organiser=process.organiser.institution,
        department=process.organiser.department or "",
        stand=today,
        stand_text=format_date_long(today),
        accent=accent,
        threshold=threshold,
        tracker_used=participation.tracker_used,
        tracker_name=tracker_name,
        gender_style=style,
        intro=_intro(process, len(events), today),
        key_figures=_key_figures(process, participation, events, threshold),
        phases=_phase_rows(process, participation, today),
        events=events,
        online=_online_rows(process, today),
        role_columns=role_columns,
        roles_overall={role_label(k, style): v for k, v in roles_overall.items()},
        roles_overall_total=exact(persons_total) if persons_total else None,
        roles_overall_basis=(
            "Teilnehmende Personen"
            if participation.persons_basis == "teilgenommen"
            else "Angemeldete Personen"
        ),
        languages=languages,
        support_totals=support_totals,
        fields=_fields(process, participation, threshold, today),
        notes=_notes(process, participation, events, threshold, tracker_name),
        contact_lines=_contact(process),
    )
    report.charts = _charts(report, process, today)
    return report
