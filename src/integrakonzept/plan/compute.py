"""The backward pass: from the council's decision to every deadline of the process.

Pure: a :class:`~integrakonzept.process.model.Process` and a :class:`LandCalendar` in,
a :class:`Plan` out. Nothing here reads or writes files.

Rules (see ``shared/reference/planning.md`` §6.2):

* a latest date („spätestens“) that falls on a weekend or a public holiday of the Land
  moves to the working day BEFORE it;
* a window (online commenting) is anchored at its latest end; its start moves earlier
  when it falls on a non-working day, so the window is never shorter than configured;
* a step the process file already dates gets its slack (latest − planned, in days;
  negative = too late);
* for the deciding body the next sitting after the target one is the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from integrakonzept.errors import IkError
from integrakonzept.plan.days import LandCalendar, latest_send
from integrakonzept.process.council import (
    DAY_COUNTING_LABELS,
    DEFAULT_NOTICE_DAYS,
    DEFAULT_PAPER_WORKING_DAYS,
    LAND_NAMES,
    STATUTORY_NOTICE,
    Body,
    LeadTimes,
    Planning,
)
from integrakonzept.process.model import EventPhase, MilestonePhase, OnlinePhase, Process
from integrakonzept.render.locale import counted
from integrakonzept.render.typography import quoted

#: frist (deadline), fenster (a window the plan sets: online commenting), sitting,
#: event, zeitraum (an online phase the process file dates: a survey, a second commenting)
StepKind = Literal["frist", "fenster", "sitzung", "veranstaltung", "zeitraum"]

#: Where each default lead time comes from (planning.md); "Annahme" = no source, confirm.
#: Every label says "Standardwert" or "Annahme": a default is never this process's own fact
#: (a value the process file sets is labelled "Prozessdatei").
LEAD_SOURCES: dict[str, str] = {
    "invitation_days": "Annahme",
    "registration_days": "Standardwert nach Praxisbeispielen",
    "press_days": "Standardwert nach Pressepraxis",
    "amtsblatt_days": "Annahme",
    "commenting_days": "Standardwert nach Praxisbeispielen",
    "announcement_days": "Standardwert nach BauGB-Analogie",
    "evaluation_working_days": "Annahme",
    "cosigning_working_days": "Annahme",
    "writing_working_days": "Annahme",
}
#: Commenting windows shorter than this get a warning (planning.md §3.2).
MIN_COMMENTING_DAYS = 14
#: Two bodies of the Beratungsfolge closer than this (in days) get a warning: the minutes of
#: the first are not ready for the second (Billerbeck: committee Wednesday, council Thursday).
MIN_BODY_GAP_DAYS = 3
GROUP_BODIES = "Gremien"
GROUP_CONCEPT = "Konzept"


@dataclass(frozen=True)
class Step:
    """One row of the plan: a deadline, a window, a sitting or an event."""

    key: str
    day: date
    title: str
    rule: str
    kind: StepKind
    group: str
    end: date | None = None
    planned: date | None = None
    notes: tuple[str, ...] = ()
    #: the sitting a body's deadline belongs to
    sitting: date | None = None
    #: the latest date the rule allows, where the step shows the file's own dates
    #: (a window the process file dates: shown as planned, judged against this)
    latest: date | None = None

    @property
    def latest_day(self) -> date:
        """The latest date by the rule (a window: its latest end)."""
        return self.latest or self.end or self.day

    @property
    def slack(self) -> int | None:
        """Days between the planned date and the latest date (negative: too late)."""
        if self.planned is None or self.kind not in ("frist", "fenster"):
            return None
        # A window is judged by its end: it may start earlier and last longer.
        return (self.latest_day - self.planned).days

    @property
    def is_deadline(self) -> bool:
        return self.kind in ("frist", "fenster")


@dataclass(frozen=True)
class Fallback:
    body: str
    sitting: date
    #: the day the final version must be ready for co-signing by the offices
    draft: date


@dataclass
class Plan:
    title: str
    municipality: str
    land: str
    decision: date
    decision_body: str
    steps: list[Step]
    warnings: list[str]
    horizon: date
    fallback: Fallback | None = None
    assumptions: list[str] = field(default_factory=list)

    @property
    def land_name(self) -> str:
        return LAND_NAMES[self.land]

    @property
    def first_day(self) -> date:
        return min(s.day for s in self.steps)

    @property
    def last_day(self) -> date:
        return max(s.end or s.day for s in self.steps)

    def deadlines(self) -> list[Step]:
        return [s for s in self.steps if s.is_deadline]

    def upcoming(self, today: date, limit: int = 5) -> list[Step]:
        """The next deadlines from ``today`` on."""
        return [s for s in self.deadlines() if (s.end or s.day) >= today][:limit]


def _lead(lead: LeadTimes, name: str, unit: str) -> str:
    value = getattr(lead, name)
    source = "Prozessdatei" if name in lead.model_fields_set else LEAD_SOURCES[name]
    return f"{value} {unit} ({source})"


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


class _Builder:
    def __init__(self, process: Process, cal: LandCalendar) -> None:
        self.process = process
        self.cal = cal
        self.land = process.municipality.land or ""
        # § 34 GO SH binds municipalities; a Kreistag follows the Kreisordnung (no number
        # in the sources), so a Kreis gets no statutory default.
        self.statute_land = self.land if process.municipality.kind != "Kreis" else ""
        self.planning = process.planning or Planning()
        self.lead = self.planning.lead_times
        self.steps: list[Step] = []
        self.warnings: list[str] = []
        self.assumptions: list[str] = []

    # --- helpers ---------------------------------------------------------------------

    def _notes(self, raw: date, moved: date) -> list[str]:
        notes: list[str] = []
        if moved != raw:
            notes.append(f"vorverlegt ({self.cal.why_not_working(raw)} {_fmt(raw)})")
        return notes

    def add(
        self,
        key: str,
        raw: date,
        title: str,
        rule: str,
        kind: StepKind,
        group: str,
        *,
        moved: date | None = None,
        end: date | None = None,
        planned: date | None = None,
        notes: list[str] | None = None,
        sitting: date | None = None,
        latest: date | None = None,
    ) -> Step:
        day = moved if moved is not None else raw
        all_notes = list(notes or [])
        if kind in ("frist", "fenster"):
            all_notes = self._notes(raw, day) + all_notes
            holiday = self.cal.public_holiday(raw)
            if holiday and moved is not None and moved != raw:
                self.warnings.append(
                    f"{title}: fiele auf den Feiertag {holiday} ({_fmt(raw)}), "
                    f"vorverlegt auf {_fmt(day)}."
                )
        school = self.cal.school_holiday(day)
        if school and kind not in ("fenster", "zeitraum"):
            all_notes.append(school)
            if kind == "frist":
                self.warnings.append(f"{title} am {_fmt(day)} liegt in den {school}.")
        step = Step(
            key, day, title, rule, kind, group, end, planned, tuple(all_notes), sitting, latest
        )
        if step.slack is not None and step.slack < 0:
            self.warnings.append(
                f"{title}: geplant am {_fmt(step.planned or day)}, nach der Regel „{rule}“ "
                f"spätestens am {_fmt(step.latest_day)} ({counted(-step.slack, 'Tag', 'Tage')} "
                "zu spät)."
            )
        if planned is not None and kind == "frist":
            why = self.cal.why_not_working(planned)
            if why and why not in ("Samstag", "Sonntag"):
                self.warnings.append(f"{title}: geplantes Datum {_fmt(planned)} ist ein Feiertag ({why}).")
        self.steps.append(step)
        return step

    def minus_days(self, day: date, days: int) -> tuple[date, date]:
        raw = day - timedelta(days=days)
        return raw, self.cal.on_or_before(raw)

    # --- bodies ------------------------------------------------------------------------

    def sequence(self) -> list[Body]:
        bodies = {b.id: b for b in self.process.bodies}
        ids = self.planning.sequence or [b.id for b in self.process.bodies]
        return [bodies[i] for i in ids]

    def notice_rule(self, body: Body) -> str:
        statute = STATUTORY_NOTICE.get(self.statute_land)
        if body.notice_days is not None and not (statute and statute[0] == body.notice_days):
            text = f"{body.notice_days} {DAY_COUNTING_LABELS[body.day_counting]} (Geschäftsordnung)"
        elif self.statute_land in STATUTORY_NOTICE:
            days, source = STATUTORY_NOTICE[self.statute_land]
            text = f"{days} {DAY_COUNTING_LABELS[body.day_counting]} ({source})"
        else:
            text = f"{DEFAULT_NOTICE_DAYS} {DAY_COUNTING_LABELS[body.day_counting]} (Annahme)"
            self.assumptions.append(
                f"Ladungsfrist {body.name}: {DEFAULT_NOTICE_DAYS} Tage angenommen – "
                "bitte ladungsfrist_tage aus der Geschäftsordnung eintragen."
            )
        if body.delivery_days:
            text += f" + {body.delivery_days} Tage bis zum Zugang"
        return f"Sitzung − {text}"

    def bodies(self, decision: date) -> tuple[date, str]:
        """Steps for every body of the Beratungsfolge; returns the earliest Vorlagenschluss."""
        sequence = self.sequence()
        deciding = sequence[-1]
        if deciding.sittings and decision not in deciding.sittings:
            self.warnings.append(
                f"{_fmt(decision)} steht nicht im Sitzungskalender von {deciding.name}."
            )
        school = self.cal.school_holiday(decision)
        if school == "Sommerferien":
            self.warnings.append(
                f"Die Sitzung von {deciding.name} am {_fmt(decision)} liegt in den Sommerferien "
                "(übliche Sommerpause) – Termin prüfen."
            )
        sitting: date | None = decision
        next_send: date | None = None
        next_sitting: date | None = None
        next_name = ""
        papers: list[tuple[date, str]] = []
        for index in range(len(sequence) - 1, -1, -1):
            body = sequence[index]
            if index < len(sequence) - 1:
                assert next_send is not None
                before_send = [d for d in body.sittings if d < next_send]
                if before_send:
                    sitting = max(before_send)
                else:
                    late = [d for d in body.sittings if d < (sitting or decision)]
                    if late:
                        sitting = max(late)
                        self.warnings.append(
                            f"{body.name} tagt am {_fmt(sitting)}, nach dem Versand der Ladung "
                            f"für {next_name} ({_fmt(next_send)}): die Vorlage käme zu spät."
                        )
                    else:
                        self.warnings.append(
                            f"Für {body.name} ist keine Sitzung vor {_fmt(next_send)} eingetragen; "
                            "die Beratungsfolge ist hier unterbrochen."
                        )
                        break
            assert sitting is not None
            # Stable keys (calendar UIDs): the body, numbered if it advises twice (Köln).
            seen = sum(1 for b in sequence[index + 1 :] if b.id == body.id)
            key = body.id if not seen else f"{body.id}-{seen + 1}"
            decides = index == len(sequence) - 1
            self.add(
                f"sitzung-{key}",
                sitting,
                f"{'Beschluss: ' if decides else ''}Sitzung {body.name}",
                "Sitzungskalender" if not decides else "angestrebter Beschluss",
                "sitzung",
                GROUP_BODIES,
                sitting=sitting,
            )
            raw, send = latest_send(body, sitting, self.statute_land, self.cal)
            self.add(
                f"ladung-{key}",
                raw,
                f"Ladung {body.name} versenden",
                self.notice_rule(body),
                "frist",
                GROUP_BODIES,
                moved=send,
                sitting=sitting,
            )
            paper_days = body.paper_working_days
            if paper_days is None:
                paper_days = DEFAULT_PAPER_WORKING_DAYS
                label = f"{paper_days} Arbeitstage (Annahme)"
                self.assumptions.append(
                    f"Vorlagenschluss {body.name}: {paper_days} Arbeitstage vor der Ladung "
                    "angenommen – bitte beim Sitzungsdienst erfragen (vorlagenschluss_arbeitstage)."
                )
            else:
                label = f"{paper_days} Arbeitstage (Sitzungsdienst)"
            paper = self.cal.working_days_before(send, paper_days)
            self.add(
                f"vorlagenschluss-{key}",
                paper,
                f"Vorlagenschluss {body.name}",
                f"Ladung − {label}",
                "frist",
                GROUP_BODIES,
                sitting=sitting,
            )
            papers.append((paper, body.name))
            if next_sitting is not None and 0 <= (next_sitting - sitting).days < MIN_BODY_GAP_DAYS:
                self.warnings.append(
                    f"{body.name} ({_fmt(sitting)}) und {next_name} ({_fmt(next_sitting)}) tagen "
                    "kurz nacheinander – das Protokoll liegt dann noch nicht vor."
                )
            next_send, next_name, next_sitting = send, body.name, sitting
        return min(papers)

    # --- concept -------------------------------------------------------------------------

    def concept(self, paper: date, paper_body: str) -> date:
        """Writing, draft, commenting, evaluation, cosigning; returns the latest start of writing.

        In time order: the draft is written, finished before the public commenting opens,
        commented on, the comments are evaluated into the final version, and that version
        goes to the offices for co-signing before the Vorlagenschluss. A commenting window the
        process file dates is shown with the file's dates; the rule only judges it (slack).
        """
        lead = self.lead
        cosigning = self.cal.working_days_before(paper, lead.cosigning_working_days)
        cosigning_rule = (
            f"Vorlagenschluss {paper_body} − {_lead(lead, 'cosigning_working_days', 'Arbeitstage')}"
        )
        commenting = next(
            (p for p in self.process.online_phases() if p.kind == "online_kommentierung"), None
        )
        # A commenting window comes from the process file's online_kommentierung phase, or
        # from "vorlauf: kommentierung_tage" written there; the plan never invents one.
        asked = "commenting_days" in lead.model_fields_set and lead.commenting_days > 0
        if commenting is None and not asked:
            # No public commenting: the draft goes straight to the offices.
            self.add(
                "entwurf",
                cosigning,
                "Entwurf fertig, Mitzeichnung der Ämter beginnt",
                cosigning_rule,
                "frist",
                GROUP_CONCEPT,
            )
            return self.writing(cosigning)
        self.add(
            "mitzeichnung",
            cosigning,
            "Endfassung fertig, Mitzeichnung der Ämter beginnt",
            cosigning_rule,
            "frist",
            GROUP_CONCEPT,
        )
        latest_end = self.cal.working_days_before(cosigning, lead.evaluation_working_days)
        end_rule = (
            f"endet {_lead(lead, 'evaluation_working_days', 'Arbeitstage')} für die Auswertung "
            "vor „Endfassung fertig“"
        )
        if commenting is not None:
            end = commenting.end_date
            # Only the last day known ("bis 31. Oktober"): plan with the usual window length.
            start = commenting.start_date or self.cal.on_or_before(
                end - timedelta(days=lead.commenting_days - 1)
            )
            self.add(
                "kommentierung",
                start,
                commenting.title,
                f"Prozessdatei; {end_rule}: spätestens {_fmt(latest_end)}",
                "fenster",
                GROUP_CONCEPT,
                end=end,
                planned=end,
                latest=latest_end,
                notes=self._school_notes(start, end),
            )
            self._check_planned_window(commenting)
        else:
            end = latest_end
            raw_start = end - timedelta(days=lead.commenting_days - 1)
            start = self.cal.on_or_before(raw_start)
            notes = self._school_notes(start, end)
            if notes and self._school_days(start, end) * 2 >= (end - start).days + 1:
                self.warnings.append(
                    f"Die Online-Kommentierung ({_fmt(start)}–{_fmt(end)}) liegt zu "
                    f"{self._school_days(start, end)} von {(end - start).days + 1} Tagen in den "
                    "Schulferien – verlängern oder verschieben."
                )
            if lead.commenting_days < MIN_COMMENTING_DAYS:
                self.warnings.append(
                    "Die Online-Kommentierung dauert nur "
                    f"{counted(lead.commenting_days, 'Tag', 'Tage')} "
                    f"(empfohlen mindestens {MIN_COMMENTING_DAYS})."
                )
            self.add(
                "kommentierung",
                start,
                "Online-Kommentierung des Entwurfs",
                f"{_lead(lead, 'commenting_days', 'Tage')}, {end_rule}",
                "fenster",
                GROUP_CONCEPT,
                moved=start,
                end=end,
                notes=notes + self._notes(raw_start, start),
            )
        raw, announce = self.minus_days(start, lead.announcement_days)
        self.add(
            "ankuendigung-kommentierung",
            raw,
            "Ankündigung der Online-Kommentierung (Pressemitteilung, Website)",
            f"Beginn − {_lead(lead, 'announcement_days', 'Tage')}",
            "frist",
            GROUP_CONCEPT,
            moved=announce,
        )
        self.amtsblatt("kommentierung", "Online-Kommentierung", start, lead.announcement_days, GROUP_CONCEPT)
        # The draft is what the public comments on: finished before the window opens.
        draft = self.cal.working_days_before(start, 1)
        self.add(
            "entwurf",
            draft,
            "Entwurf fertig (für die Online-Kommentierung)",
            "Beginn der Kommentierung − 1 Arbeitstag (Annahme)",
            "frist",
            GROUP_CONCEPT,
        )
        return self.writing(draft)

    def _school_days(self, start: date, end: date) -> int:
        return sum(
            1
            for i in range((end - start).days + 1)
            if self.cal.school_holiday(start + timedelta(days=i))
        )

    def _school_notes(self, start: date, end: date) -> list[str]:
        school_days = self._school_days(start, end)
        if not school_days:
            return []
        return [f"{school_days} von {(end - start).days + 1} Tagen in Schulferien"]

    def writing(self, draft: date) -> date:
        """The latest start of writing the draft, from the day it must be finished."""
        lead = self.lead
        writing = self.cal.working_days_before(draft, lead.writing_working_days)
        planned_writing = None
        for phase in self.process.phases:
            if isinstance(phase, MilestonePhase) and phase.kind == "verschriftlichung":
                if phase.date.is_exact:
                    planned_writing = phase.date.as_date()
                elif phase.date.first_day() > writing:
                    # Only the month is known: it conflicts when it starts after the latest day.
                    self.warnings.append(
                        f"{quoted(phase.title)} ist in der Prozessdatei für {phase.date.label} "
                        f"geplant; damit der Entwurf rechtzeitig fertig wird, muss sie "
                        f"spätestens am {_fmt(writing)} beginnen – passen Sie das Datum an "
                        "oder rechnen Sie mit einem späteren Beschluss."
                    )
        self.add(
            "verschriftlichung",
            writing,
            "Verschriftlichung beginnt spätestens",
            f"Entwurf fertig − {_lead(lead, 'writing_working_days', 'Arbeitstage')}",
            "frist",
            GROUP_CONCEPT,
            planned=planned_writing,
        )
        return writing

    def _check_planned_window(self, phase: OnlinePhase) -> None:
        start = phase.start_date
        if start is None:  # only the last day is known ("bis 31. Oktober"): nothing to judge
            return
        length = (phase.end_date - start).days + 1
        if length < MIN_COMMENTING_DAYS:
            self.warnings.append(
                f"{phase.title}: nur {counted(length, 'Tag', 'Tage')} "
                f"({_fmt(start)}–{_fmt(phase.end_date)}), "
                f"empfohlen mindestens {MIN_COMMENTING_DAYS}."
            )
        school = sum(
            1
            for i in range(length)
            if self.cal.school_holiday(start + timedelta(days=i))
        )
        if school * 2 >= length:
            self.warnings.append(
                f"{phase.title} liegt zu {school} von {length} Tagen in den Schulferien."
            )

    def amtsblatt(self, key: str, what: str, day: date, days: int, group: str) -> None:
        amtsblatt = self.planning.amtsblatt
        if amtsblatt is None:
            return
        latest = day - timedelta(days=days)
        issues = amtsblatt.issues_between(latest - timedelta(days=120), latest)
        if not issues:
            self.warnings.append(
                f"Kein Amtsblatt erscheint bis {_fmt(latest)} – {what} kann dort nicht angekündigt werden."
            )
            return
        issue = issues[-1]
        self.add(
            f"amtsblatt-{key}",
            issue,
            f"Amtsblatt: {what} ankündigen (Ausgabe)",
            f"letzte Ausgabe bis {_fmt(day)} − {days} Tage",
            "veranstaltung",
            group,
        )
        raw, closing = self.minus_days(issue, amtsblatt.editorial_days)
        self.add(
            f"redaktionsschluss-{key}",
            raw,
            f"Redaktionsschluss Amtsblatt ({what})",
            f"Ausgabe {_fmt(issue)} − {amtsblatt.editorial_days} Tage",
            "frist",
            group,
            moved=closing,
        )

    # --- events ------------------------------------------------------------------------

    def events(self, writing: date) -> None:
        lead = self.lead
        for phase in self.process.event_phases():
            self.event(phase, lead, writing)
        self.online_periods()

    def online_periods(self) -> None:
        """Online phases the process file dates (a survey; commenting other than the one
        the plan sets as its window): a bar from the first to the last day."""
        commenting = next(
            (p for p in self.process.online_phases() if p.kind == "online_kommentierung"), None
        )
        for phase in self.process.online_phases():
            if phase is commenting:
                continue
            start = phase.start_date or phase.end_date
            self.add(
                f"online-{phase.id}",
                start,
                phase.title,
                "Prozessdatei",
                "zeitraum",
                phase.title,
                end=phase.end_date,
                notes=[] if phase.start_date else ["Beginn noch offen"],
            )

    def event(self, phase: EventPhase, lead: LeadTimes, writing: date) -> None:
        day = phase.date.first_day()
        group = phase.title
        notes = [] if phase.date.is_exact else ["nur Monat bekannt: vom Monatsersten gerechnet"]
        holiday = self.cal.public_holiday(day) if phase.date.is_exact else None
        if holiday:
            self.warnings.append(f"{phase.title} am {_fmt(day)} fällt auf den Feiertag {holiday}.")
            notes.append(holiday)
        if phase.date.is_exact and self.cal.school_holiday(day) == "Sommerferien":
            self.warnings.append(f"{phase.title} am {_fmt(day)} liegt in den Sommerferien.")
        self.add(f"veranstaltung-{phase.id}", day, phase.title, "Prozessdatei", "veranstaltung", group, notes=notes)
        if phase.date.last_day() >= writing:
            self.warnings.append(
                f"{phase.title} ({phase.date}) liegt nach dem spätesten Beginn der "
                f"Verschriftlichung ({_fmt(writing)})."
            )
        raw, moved = self.minus_days(day, lead.invitation_days)
        self.add(
            f"einladung-{phase.id}",
            raw,
            f"{phase.title}: Einladung versenden",
            f"Veranstaltung − {_lead(lead, 'invitation_days', 'Tage')}",
            "frist",
            group,
            moved=moved,
        )
        if phase.registration is not None and phase.registration.required:
            raw, moved = self.minus_days(day, lead.registration_days)
            self.add(
                f"anmeldeschluss-{phase.id}",
                raw,
                f"{phase.title}: Anmeldeschluss",
                f"Veranstaltung − {_lead(lead, 'registration_days', 'Tage')}",
                "frist",
                group,
                moved=moved,
                planned=phase.registration.deadline,
            )
        if phase.access == "oeffentlich":
            raw, moved = self.minus_days(day, lead.press_days)
            self.add(
                f"pressemitteilung-{phase.id}",
                raw,
                f"{phase.title}: Pressemitteilung",
                f"Veranstaltung − {_lead(lead, 'press_days', 'Tage')}",
                "frist",
                group,
                moved=moved,
            )
            self.amtsblatt(phase.id, phase.title, day, lead.amtsblatt_days, group)

    # --- the whole plan ----------------------------------------------------------------

    def build(self, decision: date) -> tuple[list[Step], date]:
        paper, paper_body = self.bodies(decision)
        writing = self.concept(paper, paper_body)
        self.events(writing)
        order = {"sitzung": 3, "veranstaltung": 2, "fenster": 1, "zeitraum": 1, "frist": 0}
        self.steps.sort(key=lambda s: (s.day, order[s.kind], s.key))
        draft = next(s.day for s in self.steps if s.key == "entwurf")
        return self.steps, draft


def decision_date(process: Process, decision: date | None) -> date:
    """The target sitting: the option, else ``planung.beschluss``, else the decision phase."""
    if decision is not None:
        return decision
    if process.planning is not None and process.planning.decision is not None:
        return process.planning.decision
    phase = process.council_decision()
    if phase is not None and phase.date.is_exact:
        return phase.date.as_date()
    raise IkError(
        "Kein Datum für den Beschluss bekannt.",
        "Geben Sie --decision JJJJ-MM-TT an oder tragen Sie planung.beschluss bzw. das genaue "
        "Datum der Phase ratsbeschluss ein.",
    )


def _require(process: Process) -> str:
    land = process.municipality.land
    if land is None:
        raise IkError(
            "Für die Planung fehlt das Bundesland (kommune.land).",
            "Tragen Sie z. B. „land: SH“ unter kommune ein; es bestimmt Feiertage und Schulferien.",
        )
    if not process.bodies:
        raise IkError(
            "Für die Planung fehlen die Gremien (gremien:).",
            "Tragen Sie mindestens das beschließende Gremium mit seinen Sitzungsterminen ein "
            "(Beispiel: examples/elmshorn-2025/prozess.yaml).",
        )
    return land


#: the note on a past sitting whose council step has no recorded outcome (as in the documents)
OUTCOME_MISSING = "Termin vorbei – Ergebnis noch nicht eingetragen (beschluss:)"


def _outcomes_missing(process: Process, steps: list[Step], today: date) -> list[Step]:
    """Note on each past sitting that the outcome of its council step is not recorded: the
    deciding sitting belongs to the Ratsbeschluss, the others to the Gremienberatung."""
    council = [p for p in process.phases if isinstance(p, MilestonePhase) and p.needs_outcome]
    # The sitting may be past while the phase's month is not over yet: no outcome is enough.
    missing = {
        kind: any(
            p.outcome is None and p.status not in ("abgesagt", "verschoben")
            for p in council
            if p.kind == kind
        )
        for kind in ("ratsbeschluss", "gremienberatung")
    }
    out = []
    for step in steps:
        kind = "ratsbeschluss" if step.title.startswith("Beschluss: ") else "gremienberatung"
        if step.kind == "sitzung" and step.day < today and missing[kind]:
            step = replace(step, notes=(*step.notes, OUTCOME_MISSING))
        out.append(step)
    return out


def build_plan(
    process: Process,
    *,
    decision: date | None = None,
    today: date | None = None,
    calendar: LandCalendar | None = None,
    with_fallback: bool = True,
) -> Plan:
    """Plan every deadline backwards from the decision (see the module docstring)."""
    land = _require(process)
    cal = calendar or LandCalendar(land)
    target = decision_date(process, decision)
    builder = _Builder(process, cal)
    steps, _draft = builder.build(target)
    deciding = builder.sequence()[-1]
    warnings = builder.warnings
    horizon = cal.horizon
    last = max(s.end or s.day for s in steps)
    if last > horizon:
        warnings.append(
            f"Die Schulferien in {LAND_NAMES[land]} sind nur bis {_fmt(horizon)} bekannt; "
            "spätere Termine sind nicht auf Ferien geprüft."
        )
    if today is not None:
        missed = [s for s in steps if s.is_deadline and s.day < today and s.planned is None]
        if missed:
            latest = missed[-1]
            warnings.append(
                f"{counted(len(missed), 'Frist liegt', 'Fristen liegen')} vor dem "
                f"{_fmt(today)}, zuletzt {quoted(latest.title)} am {_fmt(latest.day)} – prüfen Sie, ob "
                + ("sie eingehalten wurde." if len(missed) == 1 else "sie eingehalten wurden.")
            )
    fallback = None
    if with_fallback:
        later = sorted(d for d in deciding.sittings if d > target)
        if later:
            try:
                alt = build_plan(
                    process, decision=later[0], calendar=cal, with_fallback=False
                )
            except IkError:  # pragma: no cover - same inputs as the main plan
                alt = None
            if alt is not None:
                # The final version for the offices: the rule moves it with the sitting,
                # while a commenting window the file dates stays where it is.
                keys = {s.key: s.day for s in alt.steps}
                final = keys.get("mitzeichnung", keys["entwurf"])
                fallback = Fallback(deciding.name, later[0], final)
    if today is not None:
        steps = _outcomes_missing(process, steps, today)
    # Keep the order, drop repeats (a holiday can be reported by two steps).
    unique = list(dict.fromkeys(warnings))
    return Plan(
        title=process.title,
        municipality=process.municipality.name,
        land=land,
        decision=target,
        decision_body=deciding.name,
        steps=steps,
        warnings=unique,
        horizon=horizon,
        fallback=fallback,
        assumptions=list(dict.fromkeys(builder.assumptions)),
    )
