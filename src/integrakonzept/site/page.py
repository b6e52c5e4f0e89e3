"""The public process page (``ik build`` → ``<ausgabe>/seite/``).

What is written (``seite/`` is the folder to upload to the town's webspace or CMS file module)::

    seite/index.html                 the page in German
    seite/<code>/index.html          the page in each further language of ``sprachen:``
                                     (``ar``, ``tr`` …; Leichte Sprache in ``leichte-sprache/``)
    seite/einbettung.html            body-only fragment for the CMS (no script, no style,
    seite/<code>/einbettung.html     absolute links with ``veroeffentlichung.basis_url``, ids ``ik-…``)
    seite/iframe.txt                 an iframe snippet with a title
    seite/seite.css                  the one stylesheet (same origin; screen and print)
    seite/termine.ics                all dated steps in one calendar
    seite/dateien/…                  per event: calendar file, QR code of the registration
                                     link; the invitations of this build (PDF, per language)
    seite/barrierefreiheit.html      Erklärung zur Barrierefreiheit (Selbstbewertung), only
                                     when ``veroeffentlichung.barrierefreiheit_url`` is not given

The page makes no request to anyone but its own folder (no fonts, scripts, maps or
trackers; a Content-Security-Policy says so to the browser), stores nothing on the
visitor's device and needs no JavaScript. The state of each phase is the one every
document shows (:func:`integrakonzept.results.report.phase_state`), the figures are the
one count (:mod:`integrakonzept.results.participation`) with small numbers suppressed
like in the documentation. A static page freezes the day it was built: every entry
carries its full date and the page says „Stand: …“.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.process.model import EventPhase, MilestonePhase, OnlinePhase, Process
from integrakonzept.process.translations import Localized
from integrakonzept.render.languages import LEICHTE_SPRACHE

if TYPE_CHECKING:
    from integrakonzept.output import Writer
    from integrakonzept.render.languages import Language
    from integrakonzept.render.pool import RenderPool
    from integrakonzept.results.participation import Participation
    from integrakonzept.results.report import Report

FOLDER = "seite"
FILES = "dateien"
STYLESHEET = "seite.css"
FRAGMENT = "einbettung.html"
IFRAME = "iframe.txt"
STATEMENT = "barrierefreiheit.html"
CALENDAR = "termine.ics"
DOCUMENTATION = "dokumentation.pdf"
#: tag of the registration links on the page (``utm_source``): the import shows where people came from
LINK_SOURCE = "prozessseite"
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'"
_ID_PREFIX = "ik-"
#: "Internetseite der Stadt Elmshorn", "… des Kreises Ostholstein"
_GENITIVE = {
    "Stadt": "der Stadt",
    "Kreis": "des Kreises",
    "Bezirk": "des Bezirks",
    "Gemeinde": "der Gemeinde",
    "Amt": "des Amtes",
}


@dataclass(frozen=True)
class Download:
    """A file offered on the page: what it is, where it is (relative to ``seite/``), format, size."""

    label: str
    path: str
    format: str
    size: int
    hreflang: str | None = None


@dataclass(frozen=True)
class PageFile:
    """One file of ``seite/``, with its content."""

    path: str
    data: bytes


@dataclass
class SiteResult:
    folder: Path
    pages: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    #: German warnings for the coordinator (``ik build`` prints them)
    warnings: list[str] = field(default_factory=list)
    #: stale files of an earlier build, removed
    removed: list[Path] = field(default_factory=list)


# --- languages ---------------------------------------------------------------------------


def page_folder(code: str) -> str:
    """Where the page in ``code`` lives inside ``seite/``: ``""`` (German), ``ar/``, ``leichte-sprache/``."""
    from integrakonzept.render.languages import language

    lang = language(code)
    if lang.code == "de":
        return ""
    return ("leichte-sprache" if lang.is_easy else lang.code) + "/"


def has_wording(code: str) -> bool:
    """Whether ik has the page's fixed words in ``code`` (``locales/<code>/LC_MESSAGES/seite.po``)."""
    from integrakonzept.render.catalogue import SITE_DOMAIN, po_path
    from integrakonzept.render.languages import language

    return po_path(language(code).code, SITE_DOMAIN).is_file()


def page_languages(process: Process) -> list[str]:
    """The page's languages: German first, then every language of ``sprachen:`` ik has wording for."""
    from integrakonzept.documents.invitation import invitation_languages

    codes = invitation_languages(process)
    return ["de", *[c for c in codes if c != "de" and has_wording(c)]]


class Wording:
    """The page's fixed words in one language: ``seite.po`` of the language, else the invitation's
    catalogue (dates, access, registration are worded there already)."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def __call__(self, key: str, /, **values: object) -> str:
        from integrakonzept.render.catalogue import SITE_DOMAIN, domain_text, text

        for lang in dict.fromkeys((self.language.code, self.language.catalogue)):
            found = domain_text(key, lang, SITE_DOMAIN, **values)
            if found is not None:
                return found
        return text(key, self.language.catalogue, **values)


# --- the page as data ----------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """A date as printed (``Mittwoch, 19. März 2025`` or ``April 2025``) and as ``datetime=``."""

    text: str
    iso: str


@dataclass(frozen=True)
class Step:
    id: str
    title: Localized
    kind: str
    start: Day
    end: Day | None
    until_only: bool
    state: str
    state_text: str
    current: bool
    milestone: bool
    body: str
    outcome: str
    facts: list[str]
    summary: Localized | None


@dataclass(frozen=True)
class Event:
    id: str
    title: Localized
    kind: str
    description: Localized | None
    start: Day
    end: Day | None
    time_text: str
    doors: str
    venue_lines: list[str]
    audience: list[str]
    access_lines: list[str]
    registration_lines: list[str]
    registration_url: str | None
    registration_shown_url: str | None
    registration_email: str | None
    registration_phone: str | None
    qr: Download | None
    calendar: Download | None
    invitation_only: bool
    online_url: str | None


@dataclass(frozen=True)
class PastEvent:
    title: Localized
    start: Day
    end: Day | None
    state_text: str
    participants: str


@dataclass(frozen=True)
class Measure:
    title: str
    details: list[str]
    source: Localized


@dataclass(frozen=True)
class FieldResults:
    id: str
    title: Localized
    description: str
    goals: list[tuple[str, Localized]]
    measures: list[Measure]
    ideas: list[tuple[str, Localized]]


@dataclass(frozen=True)
class LegalLink:
    text: str
    href: str
    hreflang: str | None
    #: a file of ``seite/`` (linked like every other file of the page), not an address
    local: bool = False


@dataclass(frozen=True)
class Switch:
    name: str
    lang: str
    dir: str
    folder: str
    current: bool


@dataclass
class Page:
    lang: str
    html_lang: str
    dir: str
    folder: str
    title: Localized
    motto: Localized | None
    background: Localized | None
    municipality: str
    hosts: list[str]
    organiser: str
    organised_by: str
    partners: list[tuple[str, str]]
    steps: list[Step]
    events: list[Event]
    past: list[PastEvent]
    figures: list[PastEvent]
    fields: list[FieldResults]
    downloads: list[Download]
    calendar: Download | None
    contact_lines: list[str]
    contact_phone: str | None
    contact_email: str | None
    legal: list[LegalLink]
    legal_notes: list[str]
    stand: Day
    switches: list[Switch]
    logo: str | None


def _day(language: Language, value: date, exact: bool) -> Day:
    from babel.dates import format_skeleton

    if exact:
        return Day(language.date_full(value), value.isoformat())
    return Day(format_skeleton("yMMMM", value, locale=language.locale), value.strftime("%Y-%m"))


def _localized(process: Process, lang: str) -> Callable[[str, str | None], Localized]:
    """``pick(phase_id, german_title)``: the phase title in ``lang`` where translated."""
    from integrakonzept.process.translations import SOURCE

    tr = process.translations.get(lang) if lang != SOURCE else None

    def pick(phase_id: str, german: str | None) -> Localized:
        translated = None
        if tr is not None and phase_id in tr.phases:
            translated = tr.phases[phase_id].title
        return Localized(translated, lang) if translated else Localized(german or "", SOURCE)

    return pick


def _size_text(language: Language, size: int) -> str:
    from babel.numbers import format_decimal

    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)), locale=language.locale)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=language.locale)} MB"


def build_page(
    process: Process,
    code: str,
    today: date,
    figures: Participation,
    *,
    downloads: list[Download],
    event_files: dict[str, dict[str, Download]],
    calendar: Download | None,
    statement: bool,
    logo: str | None,
    report: Report | None = None,
) -> Page:
    """The page in language ``code`` as data (every text already in its language).

    ``report`` is the documentation as data (:func:`results.report.build_report` of the same
    process, figures and day); computed here when not given."""
    from integrakonzept.documents.invitation import event_facts
    from integrakonzept.documents.qr import with_source
    from integrakonzept.process.translations import SOURCE, phase_texts
    from integrakonzept.render.languages import language
    from integrakonzept.results.participation import bound
    from integrakonzept.results.privacy import suppress_one
    from integrakonzept.results.report import build_report, outcome_missing, phase_state

    lang = language(code)
    w = Wording(lang)
    tr = process.translations.get(lang.code) if lang.code != SOURCE else None
    title_of = _localized(process, lang.code)
    report = report or build_report(process, figures, today)

    def number(value: int) -> str:
        return lang.number(value)

    def dates(phase: EventPhase | OnlinePhase | MilestonePhase) -> tuple[Day, Day | None, bool]:
        if isinstance(phase, OnlinePhase):
            if phase.start_date is None:
                return _day(lang, phase.end_date, True), None, True
            end = _day(lang, phase.end_date, True) if phase.end_date != phase.start_date else None
            return _day(lang, phase.start_date, True), end, False
        exact = phase.date.is_exact
        first = phase.first_day()
        start = _day(lang, first, exact)
        if isinstance(phase, EventPhase) and phase.end_date and phase.end_date != first:
            return start, _day(lang, phase.end_date, True), False
        return start, None, False

    def participants_of(phase: EventPhase | OnlinePhase | MilestonePhase) -> int | None:
        # an approximate figure („über 120“) stays a Figure: shown() keeps its word
        if isinstance(phase, EventPhase):
            return figures.event(phase.id).participants
        results = phase.results
        if results is not None and results.participants is not None:
            return results.participants
        return None

    def shown(value: int) -> str:
        count = suppress_one(int(value), 3)
        if count.is_hidden:
            return w("fewer_than", count=number(count.threshold))
        qualifier = getattr(value, "qualifier", None)
        if not qualifier:
            return number(int(value))
        if lang.code == "de":
            return f"{qualifier} {number(int(value))}"  # as the process file says it
        return w(f"approx_{bound(qualifier)}", count=number(int(value)))

    # --- timeline
    steps: list[Step] = []
    current_marked = False
    for phase in process.phases:
        taken = isinstance(phase, EventPhase) and figures.event(phase.id).attendance_recorded
        state = phase_state(phase, today, taken)
        if outcome_missing(phase, today):
            state = "open"  # the sitting is over, its outcome not yet recorded
        start, end, until_only = dates(phase)
        facts: list[str] = []
        count = participants_of(phase)
        if count is not None and state in ("done", "open", "running"):
            facts.append(w("participants", count=shown(count)))
        results = phase.results
        if results is not None and results.contributions is not None:
            facts.append(w("contributions", count=shown(results.contributions)))
        outcome = ""
        if isinstance(phase, MilestonePhase) and phase.outcome is not None:
            outcome = w("outcome", decision=phase.outcome.decision)
            if phase.outcome.document:
                outcome += " " + w("document", document=phase.outcome.document)
        summary = None
        if results is not None and results.summary and state in ("done", "open", "running"):
            summary = Localized(results.summary, SOURCE)
        current = state == "running" and not current_marked
        current_marked = current_marked or current
        body = ""
        if isinstance(phase, MilestonePhase) and phase.body:
            body = phase.body
        steps.append(
            Step(
                id=_ID_PREFIX + "phase-" + phase.id,
                title=title_of(phase.id, phase.title),
                kind=w(f"kind_{phase.kind}"),
                start=start,
                end=end,
                until_only=until_only,
                state=state,
                state_text=w(f"state_{state}"),
                current=current,
                milestone=phase.is_milestone,
                body=body,
                outcome=outcome,
                facts=facts,
                summary=summary,
            )
        )

    if not current_marked:
        # nothing runs today: the current step of the process is the next one ahead
        for index, step in enumerate(steps):
            if step.state == "ahead":
                steps[index] = replace(step, current=True)
                break

    # --- events: upcoming (public, with a day) and online phases still open; past ones apart
    events: list[Event] = []
    past: list[PastEvent] = []
    for phase in process.phases:
        if isinstance(phase, MilestonePhase):
            continue
        start, end, _ = dates(phase)
        if phase.last_day() < today or (
            isinstance(phase, EventPhase | OnlinePhase) and phase.status in ("abgeschlossen",)
        ):
            taken = isinstance(phase, EventPhase) and figures.event(phase.id).attendance_recorded
            state = phase_state(phase, today, taken)
            count = participants_of(phase)
            past.append(
                PastEvent(
                    title=title_of(phase.id, phase.title),
                    start=start,
                    end=end,
                    state_text=w(f"state_{state}"),
                    participants=shown(count) if count is not None else "",
                )
            )
            continue
        if phase.status in ("abgesagt", "verschoben"):
            # The timeline says so; a cancelled or postponed date invites no registration.
            continue
        if isinstance(phase, OnlinePhase):
            texts_title = title_of(phase.id, phase.title)
            description = _description(process, phase.id, phase.description, lang.code)
            events.append(
                Event(
                    id=_ID_PREFIX + "termin-" + phase.id,
                    title=texts_title,
                    kind=w(f"kind_{phase.kind}"),
                    description=description,
                    start=start,
                    end=end,
                    time_text="",
                    doors="",
                    venue_lines=[],
                    audience=[],
                    access_lines=[],
                    registration_lines=[],
                    registration_url=None,
                    registration_shown_url=None,
                    registration_email=None,
                    registration_phone=None,
                    qr=event_files.get(phase.id, {}).get("qr"),
                    calendar=event_files.get(phase.id, {}).get("ics"),
                    invitation_only=False,
                    online_url=with_source(phase.url, LINK_SOURCE) if phase.url else None,
                )
            )
            continue
        if not phase.date.is_exact:
            continue
        texts = phase_texts(process, phase, lang.code)
        ev_facts = event_facts(process, phase, lang.code)
        access: list[str] = []
        venue = phase.venue
        if venue is not None and venue.step_free is not None:
            access.append(w("step_free_yes" if venue.step_free else "step_free_no"))
        if texts.accessibility_note is not None:
            access.append(w("accessibility", note=texts.accessibility_note.text))
        interpreting = phase.interpreting
        if interpreting is not None:
            langs = ev_facts["interpreting_languages"]
            if interpreting.on_request:
                access.append(
                    w("interpreting_on_request_languages", languages=langs)
                    if langs
                    else w("interpreting_on_request")
                )
            else:
                access.append(
                    w("interpreting_languages", languages=langs)
                    if langs
                    else w("interpreting_offered")
                )
            if interpreting.request_by is not None:
                access.append(
                    w("interpreting_request_by", date=lang.date_long(interpreting.request_by))
                )
        childcare = phase.childcare
        if childcare is not None:
            if childcare.offered:
                access.append(
                    w("childcare_by", provider=childcare.provider)
                    if childcare.provider
                    else w("childcare_offered")
                )
            else:
                access.append(w("childcare_none"))
        if phase.free_of_charge:
            access.append(w("free_of_charge"))
        if texts.directions is not None:
            access.append(w("directions", text=texts.directions.text))
        registration = phase.registration
        reg_lines: list[str] = []
        reg_url = reg_shown = reg_mail = reg_phone = None
        invitation_only = phase.access == "einladung"
        if invitation_only:
            reg_lines.append(w("invitation_only"))
        elif registration is not None and registration.required:
            closed = registration.deadline is not None and registration.deadline < today
            if registration.deadline is not None and closed:
                reg_lines.append(
                    w("registration_closed", date=lang.date_long(registration.deadline))
                )
            elif registration.deadline is not None:
                reg_lines.append(w("register_by", date=lang.date_long(registration.deadline)))
            else:
                reg_lines.append(w("register_required"))
            if phase.capacity:
                reg_lines.append(w("capacity_limited"))
            if texts.registration_note is not None:
                reg_lines.append(texts.registration_note.text)
            if registration.url and not closed:
                reg_url = with_source(registration.url, LINK_SOURCE)
                reg_shown = registration.url
            reg_mail = registration.email
            reg_phone = registration.phone.national if registration.phone else None
        elif registration is not None or phase.access == "oeffentlich":
            reg_lines.append(w("register_not_required"))
        files = event_files.get(phase.id, {})
        events.append(
            Event(
                id=_ID_PREFIX + "termin-" + phase.id,
                title=texts.title,
                kind=w(f"kind_{phase.kind}"),
                description=texts.description,
                start=start,
                end=end,
                time_text=ev_facts["time_text"],
                doors=w("doors", time=ev_facts["doors"]) if ev_facts["doors"] else "",
                venue_lines=ev_facts["venue_lines"],
                audience=ev_facts["audience"],
                access_lines=access,
                registration_lines=reg_lines,
                registration_url=reg_url,
                registration_shown_url=reg_shown,
                registration_email=reg_mail,
                registration_phone=reg_phone,
                qr=files.get("qr") if reg_url else None,
                calendar=files.get("ics"),
                invitation_only=invitation_only,
                online_url=None,
            )
        )

    # --- results per Handlungsfeld (only fields with something in them)
    fields: list[FieldResults] = []
    for section in report.fields:
        if section.empty:
            continue
        translated = tr.handlungsfelder.get(section.id) if tr is not None else None
        fields.append(
            FieldResults(
                id=_ID_PREFIX + "feld-" + section.id,
                title=Localized(translated, lang.code)
                if translated
                else Localized(section.title, SOURCE),
                description=section.description,
                goals=[(g.text, title_of(g.source_id, g.source)) for g in section.goals],
                measures=[
                    Measure(
                        title=m.title,
                        details=[
                            d
                            for d in (
                                w("measure_responsible", who=m.responsible)
                                if m.responsible
                                else "",
                                w("measure_priority", priority=w(f"priority_{m.priority}"))
                                if m.priority
                                else "",
                                w("measure_timeframe", timeframe=m.timeframe)
                                if m.timeframe
                                else "",
                            )
                            if d
                        ],
                        source=title_of(m.source_id, m.source),
                    )
                    for m in section.measures
                ],
                ideas=[(i.text, title_of(i.source_id, i.source)) for i in section.ideas],
            )
        )
    figures_rows = [p for p in past if p.participants]

    # --- contact, legal
    contact = process.contact
    contact_lines = [
        line
        for line in (
            contact.display_name,
            contact.role,
            contact.organisation or process.organiser.department or process.organiser.institution,
            contact.address,
        )
        if line
    ]
    publication = process.publication
    legal: list[LegalLink] = []
    notes: list[str] = []
    if publication.privacy_url:
        legal.append(
            LegalLink(w("privacy_link"), publication.privacy_url, "de" if code != "de" else None)
        )
    if publication.imprint_url:
        legal.append(
            LegalLink(w("imprint_link"), publication.imprint_url, "de" if code != "de" else None)
        )
    if publication.accessibility_url:
        legal.append(
            LegalLink(
                w("accessibility_link"),
                publication.accessibility_url,
                "de" if code != "de" else None,
            )
        )
    elif statement:
        legal.append(
            LegalLink(
                w("accessibility_link"), STATEMENT, "de" if code != "de" else None, local=True
            )
        )
    if not (publication.privacy_url and publication.imprint_url):
        website = process.municipality.website
        m = process.municipality
        # German wording takes the genitive („der Internetseite des Kreises Ostholstein“).
        named = f"{_GENITIVE[m.kind]} {m.name}" if lang.catalogue == "de" else f"{m.kind} {m.name}"
        if website:
            notes.append(w("legal_on_website", municipality=named))
            legal.append(LegalLink(w("website_link", municipality=named), website, None))
        else:
            notes.append(w("legal_missing"))

    others = page_languages(process)
    switches = [
        Switch(
            name=language(c).language_name(c) if c != "de" else language("de").language_name("de"),
            lang=language(c).html_lang,
            dir=language(c).direction,
            folder=page_folder(c),
            current=c == code,
        )
        for c in others
    ]
    organiser = process.organiser.institution
    if process.organiser.department:
        organiser += ", " + process.organiser.department
    if lang.code == LEICHTE_SPRACHE:
        # Leichte Sprache: a German text nobody wrote in Leichte Sprache stays out (as in the
        # invitation); titles stay, they name what a reader looks for.
        def easy(text: Localized | None) -> Localized | None:
            return None if text is not None and text.lang == SOURCE else text

        events = [replace(e, description=easy(e.description)) for e in events]
        steps = [replace(st, summary=easy(st.summary)) for st in steps]
    background = Localized(process.background, SOURCE) if process.background else None
    return Page(
        lang=lang.code,
        html_lang=lang.html_lang,
        dir=lang.direction,
        folder=page_folder(code),
        title=Localized(tr.title, lang.code)
        if tr is not None and tr.title
        else Localized(process.title, SOURCE),
        motto=(
            None
            if process.motto is None
            else Localized(tr.motto, lang.code)
            if tr is not None and tr.motto
            else Localized(process.motto, SOURCE)
        ),
        background=None if lang.code == LEICHTE_SPRACHE else background,
        municipality=f"{process.municipality.kind} {process.municipality.name}",
        hosts=[h.name for h in process.hosts_of()],
        organiser=organiser,
        organised_by=process.organiser_of() or "",
        partners=[(p.long_name or p.name, p.role or "") for p in process.partners],
        steps=steps,
        events=events,
        past=past,
        figures=figures_rows,
        fields=fields,
        downloads=downloads,
        calendar=calendar,
        contact_lines=contact_lines,
        contact_phone=contact.phone.national if contact.phone else None,
        contact_email=contact.email,
        legal=legal,
        legal_notes=notes,
        stand=_day(lang, today, True),
        switches=switches if len(switches) > 1 else [],
        logo=logo,
    )


def _description(
    process: Process, phase_id: str, german: str | None, lang: str
) -> Localized | None:
    from integrakonzept.process.translations import SOURCE

    if german is None:
        return None
    tr = process.translations.get(lang) if lang != SOURCE else None
    translated = (
        tr.phases[phase_id].description if tr is not None and phase_id in tr.phases else None
    )
    return Localized(translated, lang) if translated else Localized(german, SOURCE)


def folder_depth(folder: str) -> int:
    return folder.count("/")


# --- rendering -------------------------------------------------------------------------------


def render_page(
    page: Page,
    *,
    fragment: bool,
    base_url: str | None,
    templates: Path | None,
    colour: str,
) -> str:
    """The page (``fragment=False``) or the CMS fragment (body only, ids ``ik-…``, from ``h2``)."""
    from integrakonzept.documents.invitation import readable_colour
    from integrakonzept.render.languages import language
    from integrakonzept.render.templating import render_template

    up = "../" * folder_depth(page.folder)

    def href(path: str) -> str:
        """A file of ``seite/`` as this page links it: relative, or absolute in the fragment."""
        if fragment and base_url:
            return base_url + path
        return up + path

    context: dict[str, Any] = {
        "page": page,
        "t": Wording(language(page.lang)),
        "href": href,
        "fragment": fragment,
        "h": 2 if fragment else 1,
        "csp": CSP,
        "stylesheet": href(STYLESHEET),
        "size": lambda d: _size_text(language(page.lang), d.size),
        "join": language(page.lang).join,
        "accent": readable_colour(colour, "#FFFFFF", 4.5),
        "lang": language(page.lang).catalogue,
        "gender_style": "stern",
    }
    name = "site/einbettung.html.j2" if fragment else "site/seite.html.j2"
    return render_template(name, context, templates)


def stylesheet(colour: str, templates: Path | None) -> str:
    """``seite.css``: system fonts, the house colour where it reads (else a darker shade), print rules."""
    from integrakonzept.documents.invitation import readable_colour
    from integrakonzept.render.templating import render_template

    return render_template(
        "site/seite.css.j2",
        {
            "accent": readable_colour(colour, "#FFFFFF", 4.5),
            "accent_on_tint": readable_colour(colour, "#F3F5F8", 4.5),
            "frame": colour,
        },
        templates,
    )


def accessibility_statement(process: Process, today: date, templates: Path | None) -> str:
    """The generated Erklärung zur Barrierefreiheit (self-assessment, never a claim of conformity)."""
    from integrakonzept.render.languages import language
    from integrakonzept.render.templating import render_template

    contact = process.contact
    return render_template(
        "site/barrierefreiheit.html.j2",
        {
            "process": process,
            "publication": process.publication,
            "stand": _day(language("de"), today, True),
            "contact": contact,
            "phone": contact.phone.national if contact.phone else None,
            "csp": CSP,
            "stylesheet": STYLESHEET,
            "lang": "de",
            "gender_style": process.gender_style,
        },
        templates,
    )


def iframe_snippet(process: Process) -> str:
    """The iframe to paste into a CMS page (``title`` for screen readers; generous height)."""
    from markupsafe import escape

    base = process.publication.base_url
    src = base + "index.html" if base else "https://www.example.de/PFAD/ZU/seite/index.html"
    title = escape(f"{process.title} – {process.municipality.kind} {process.municipality.name}")
    lines = [
        f'<iframe src="{escape(src)}" title="{title}" width="100%" height="2400" loading="lazy"></iframe>',
    ]
    if not base:
        lines.append("")
        lines.append(
            "Hinweis: In der Prozessdatei fehlt veroeffentlichung.basis_url; ersetzen Sie die "
            "Adresse hinter src= durch die Adresse, unter der der Ordner seite/ hochgeladen ist."
        )
    return "\n".join(lines) + "\n"


# --- writing --------------------------------------------------------------------------------


def publishing_gaps(process: Process) -> list[str]:
    """What the page still lacks for publishing (German, one line per key of
    ``veroeffentlichung:``); ``ik build`` prints them as one warning."""
    publication = process.publication
    missing: list[str] = []
    if publication.base_url is None:
        missing.append(
            "veroeffentlichung.basis_url (die Adresse, unter der seite/ hochgeladen wird): bis "
            "dahin hat das CMS-Fragment seite/einbettung.html relative Links, die nur neben den "
            "Dateien von seite/ funktionieren"
        )
    if not (publication.privacy_url and publication.imprint_url):
        missing.append(
            "veroeffentlichung.datenschutz_url und veroeffentlichung.impressum_url: die Seite "
            "verweist stattdessen auf die Internetseite der Kommune"
        )
    if publication.accessibility_url is None:
        missing.append(
            "veroeffentlichung.barrierefreiheit_url: ik hat eine Erklärung zur Barrierefreiheit "
            "(Selbstbewertung) nach seite/barrierefreiheit.html geschrieben; lassen Sie sie von "
            "der zuständigen Stelle prüfen"
        )
        if publication.arbitration_url is None:
            missing.append(
                "veroeffentlichung.schlichtungsstelle_url: die Schlichtungsstelle Ihres Landes "
                "für diese Erklärung"
            )
    return missing


def _offered_invitations(
    process: Process, root: Path, today: date, made: dict[Path, bytes]
) -> list[tuple[str, str, Path, bytes]]:
    """The invitations the page offers: to the coming public events, in every language, as
    this build made them (or, where the build left a file unchanged, as it is on disk):
    ``(phase id, language, source path, PDF)``."""
    from integrakonzept.documents.invitation import invitation_languages
    from integrakonzept.render.languages import language

    found: list[tuple[str, str, Path, bytes]] = []
    for phase in process.event_phases():
        if phase.access != "oeffentlich" or not phase.date.is_exact or phase.last_day() < today:
            continue
        for code in invitation_languages(process):
            source = root / phase.id / f"{phase.id}-einladung{language(code).file_suffix}.pdf"
            pdf = made.get(source)
            if pdf is None and source.is_file():
                pdf = source.read_bytes()
            if pdf is not None:
                found.append((phase.id, code, source, pdf))
    return found


def site_environment(process: Process, today: date, templates: Path | None) -> str:
    """What every file of ``seite/`` is made from besides the process's phases and the
    figures: ik's code, templates (built-in and the user's), translations, the rendering
    libraries, the logo, the day – as for the documents of ``ik build``."""
    from integrakonzept.documents.kit import kit_inputs

    return kit_inputs(process, templates=templates, release_date=today, combined=False, languages=[])


def site_inputs(
    process: Process,
    *,
    environment: str,
    today: date,
    figures: Participation,
    invitations: list[tuple[str, str, Path, bytes]],
    documentation: bool,
) -> str:
    """The fingerprint of everything ``seite/`` is made from: the ``environment``
    (:func:`site_environment`: code, templates, translations, libraries, logo), the whole
    process, the day (states, „Stand:“), the figures, the invitations offered (their
    content: the page lists their sizes) and whether the documentation is offered. Not the
    hour: a calendar file keeps its stamps while its content stays the same."""
    import hashlib

    from integrakonzept.output import fingerprint

    return fingerprint(
        "seite",
        environment,
        today.isoformat(),
        process.model_dump(mode="json"),
        repr(figures),
        [
            (phase_id, code, source.name, hashlib.sha256(pdf).hexdigest())
            for phase_id, code, source, pdf in invitations
        ],
        documentation,
    )


def _documentation_stamp(
    process: Process,
    figures: Participation,
    today: date,
    environment: str | None,
    documentation: bool,
) -> str | None:
    """The inputs of the page's documentation PDF, or ``None`` when the page offers none
    (``documentation`` as in :func:`build_site`, not yet a phase done)."""
    from integrakonzept.output import fingerprint
    from integrakonzept.results.phases import phase_state

    if not documentation or not any(
        phase_state(p, today, isinstance(p, EventPhase) and figures.event(p.id).attendance_recorded)
        == "done"
        for p in process.phases
    ):
        return None
    # The PDF is the slow part of the page: made again only when its inputs changed
    # (not when only the page's own inputs did, such as the invitations offered).
    return fingerprint(
        "dokumentation",
        environment,
        process.model_dump(mode="json"),
        repr(figures),
        today.isoformat(),
    )


def announce_documentation(
    process: Process,
    writer: Writer,
    root: Path,
    renders: RenderPool,
    *,
    today: date,
    figures: Participation,
    templates: Path | None = None,
) -> None:
    """Ask ``renders`` for the documentation PDF that :func:`build_site` (same arguments,
    a writer that keeps the stamps of ``root``) will make, unless its file is current: it
    is then laid out on another core while the rest of the build goes on. (Its inputs are
    among the page's: when the PDF is current it is not made, and when it is not current,
    the page is not either.)"""
    templates = templates or process.templates
    environment = site_environment(process, today, templates)
    stamp = _documentation_stamp(
        process, figures, today, environment, process.publication.documentation
    )
    if stamp is None or writer.is_current([root / FOLDER / FILES / DOCUMENTATION], stamp):
        return

    def job() -> bytes:
        from integrakonzept.results.html import render_pdf
        from integrakonzept.results.report import build_report

        return render_pdf(build_report(process, figures, today), templates)

    renders.ask(DOCUMENTATION, job)


def build_site(
    process: Process,
    writer: Writer,
    root: Path,
    *,
    today: date,
    figures: Participation,
    invitations: dict[Path, bytes] | None = None,
    documentation: bool = True,
    now: datetime | None = None,
    templates: Path | None = None,
    renders: RenderPool | None = None,
) -> SiteResult:
    """Write ``root/seite/`` (see the module docstring) and return what was written.

    ``invitations`` are the invitation PDFs of this build (path → bytes): the page offers
    them for download, copied into ``seite/dateien/`` so that the folder stands on its own.
    ``documentation``: offer the documentation (the PDF of ``ik export-results``, as of
    ``today``) once a phase is done – unless ``veroeffentlichung.dokumentation`` is false.
    ``today`` is the day of the build: it decides the state of each phase and is printed as
    „Stand: …“.

    When the writer keeps stamps (``ik build``) and nothing :func:`site_inputs` names has
    changed since the last build, and every file of ``seite/`` is still as ik wrote it,
    nothing is made again: the files are reported as unchanged. ``renders``: the build's
    render pool, where :func:`announce_documentation` may have started the documentation.
    """
    templates = templates or process.templates
    documentation = documentation and process.publication.documentation
    folder = root / FOLDER
    result = SiteResult(folder)
    offered = _offered_invitations(process, root, today, invitations or {})
    missing = publishing_gaps(process)
    if missing:
        result.warnings.append(
            "Prozessseite: Zum Veröffentlichen fehlen noch Angaben in der Prozessdatei:\n"
            + "\n".join(f"  – {line}" for line in missing)
        )
    # Stamps only where the writer keeps them (ik build): else everything is made.
    environment = stamp = None
    if writer.stamps is not None and not writer.dry_run:
        environment = site_environment(process, today, templates)
        stamp = site_inputs(
            process,
            environment=environment,
            today=today,
            figures=figures,
            invitations=offered,
            documentation=documentation,
        )
    kept = writer.current_group(FOLDER, stamp) if stamp is not None else None
    if kept is not None:
        result.files = kept
        result.pages = [folder / (page_folder(c) + "index.html") for c in page_languages(process)]
    else:
        _write_site(
            process,
            writer,
            result,
            today=today,
            figures=figures,
            offered=offered,
            documentation=documentation,
            now=now,
            templates=templates,
            stamp=stamp,
            environment=environment,
            renders=renders,
        )
        if stamp is not None:
            writer.keep_group(FOLDER, stamp, result.files)
    writer.save_stamps()
    # Files of an earlier build that this one did not write (a language dropped from
    # sprachen:, an event no longer offered) would be uploaded with outdated content.
    # Only files ik names itself go; anything the coordinator put into seite/ stays.
    written = set(result.files)
    for path in _managed_files(folder):
        if path not in written and writer.remove(path) is not None:
            result.removed.append(path)
            if not writer.dry_run and path.parent != folder and not any(path.parent.iterdir()):
                path.parent.rmdir()
    return result


def _write_site(
    process: Process,
    writer: Writer,
    result: SiteResult,
    *,
    today: date,
    figures: Participation,
    offered: list[tuple[str, str, Path, bytes]],
    documentation: bool,
    now: datetime | None,
    templates: Path | None,
    stamp: str | None,
    environment: str | None,
    renders: RenderPool | None = None,
) -> None:
    """Render and write every file of ``seite/`` (``stamp``: the :func:`site_inputs` each
    file is recorded with; ``environment``: :func:`site_environment`, ``None`` without
    stamps)."""
    from integrakonzept.documents.calendar import is_datable, render_calendar
    from integrakonzept.documents.invitation import logo_data_uri
    from integrakonzept.documents.qr import qr_png, with_source
    from integrakonzept.render.languages import language
    from integrakonzept.results.report import build_report

    report = build_report(process, figures, today)
    folder = result.folder
    base = process.publication.base_url

    def put(rel: str, data: str | bytes) -> int:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path = folder / rel
        writer.write(path, payload, inputs=stamp)
        result.files.append(path)
        return len(payload)

    def previous(rel: str) -> bytes | None:
        path = folder / rel
        return path.read_bytes() if path.is_file() else None

    page_url = base + "index.html" if base else None
    # calendars and QR codes
    event_files: dict[str, dict[str, Download]] = {}
    for phase in process.phases:
        # Only what is still to come gets its own calendar file and QR code (the page
        # lists past events without them); termine.ics keeps every date.
        if isinstance(phase, MilestonePhase) or phase.last_day() < today:
            continue
        files: dict[str, Download] = {}
        if is_datable(phase):
            rel = f"{FILES}/{phase.id}-termin.ics"
            data = render_calendar(
                process, phase_id=phase.id, previous=previous(rel), now=now, page_url=page_url
            )
            files["ics"] = Download(phase.title, rel, "ICS", put(rel, data))
        url = None
        if isinstance(phase, EventPhase) and phase.registration and phase.registration.url:
            if phase.access == "oeffentlich" and phase.date.is_exact:
                url = phase.registration.url
        elif isinstance(phase, OnlinePhase) and phase.url:
            url = phase.url
        if url is not None:
            rel = f"{FILES}/{phase.id}-qr.png"
            files["qr"] = Download(url, rel, "PNG", put(rel, qr_png(with_source(url, LINK_SOURCE))))
        event_files[phase.id] = files
    calendar = None
    if any(is_datable(p) for p in process.phases):
        data = render_calendar(process, previous=previous(CALENDAR), now=now, page_url=page_url)
        calendar = Download("", CALENDAR, "ICS", put(CALENDAR, data))

    # downloads: the invitations to the coming public events, in every language
    downloads: list[Download] = []
    for phase_id, code, source, pdf in offered:
        rel = f"{FILES}/{source.name}"
        put(rel, pdf)
        downloads.append(Download(phase_id, rel, "PDF", len(pdf), code))
    doc_stamp = _documentation_stamp(process, figures, today, environment, documentation)
    if doc_stamp is not None:
        from integrakonzept.results.html import render_pdf

        rel = f"{FILES}/{DOCUMENTATION}"
        if environment is not None and writer.current([folder / rel], doc_stamp):
            size = (folder / rel).stat().st_size
            result.files.append(folder / rel)
        else:
            data = (
                renders.get(DOCUMENTATION, lambda: render_pdf(report, templates))
                if renders is not None
                else render_pdf(report, templates)
            )
            writer.write(folder / rel, data, inputs=doc_stamp)
            result.files.append(folder / rel)
            size = len(data)
        downloads.insert(0, Download("", rel, "PDF", size, "de"))

    statement = process.publication.accessibility_url is None
    if statement:
        put(STATEMENT, accessibility_statement(process, today, templates))

    logo = None
    if process.logo is not None:
        logo = logo_data_uri(process)

    colour = process.colour or "#1F3A5F"
    put(STYLESHEET, stylesheet(colour, templates))
    for code in page_languages(process):
        lang = language(code)
        page = build_page(
            process,
            code,
            today,
            figures,
            downloads=[_named_download(process, d, lang) for d in downloads],
            event_files=event_files,
            calendar=calendar,
            statement=statement,
            logo=logo,
            report=report,
        )
        html = render_page(page, fragment=False, base_url=base, templates=templates, colour=colour)
        put(page.folder + "index.html", html)
        result.pages.append(folder / (page.folder + "index.html"))
        fragment = render_page(
            page, fragment=True, base_url=base, templates=templates, colour=colour
        )
        put(page.folder + FRAGMENT, fragment)
    put(IFRAME, iframe_snippet(process))


_MANAGED_FILE = re.compile(r".+-(termin\.ics|qr\.png|einladung(-[a-z-]+)?\.pdf)|dokumentation\.pdf")


def _managed_files(folder: Path) -> list[Path]:
    """The files of ``seite/`` that ik writes (and may therefore remove when stale)."""
    from integrakonzept.render.languages import LANGUAGES

    found = [folder / STATEMENT]
    for code in LANGUAGES:
        sub = folder / page_folder(code)
        if sub != folder:
            found += [sub / "index.html", sub / FRAGMENT]
    files = folder / FILES
    if files.is_dir():
        found += sorted(p for p in files.iterdir() if _MANAGED_FILE.fullmatch(p.name))
    return [p for p in found if p.is_file()]


def _named_download(process: Process, item: Download, language: Language) -> Download:
    """The invitation download with its link text in the page's language."""
    from integrakonzept.render.languages import language as language_of

    w = Wording(language)
    code = item.hreflang or "de"
    name = language.language_name(code)
    if not item.label:
        label = w("download_documentation", language=name)
    else:
        phase = process.phase(item.label)
        title = _localized(process, language.code)(phase.id, phase.title).text
        label = w("download_invitation", title=title, language=name)
    return Download(
        label,
        item.path,
        item.format,
        item.size,
        language_of(code).html_lang,
    )
