"""Sign-in sheets to print: names, organisation, signature; nothing else on paper.

A list that lies on a table at the entrance is read by every attendee, so it
holds only what a German authority needs to document attendance (see
reference/domain.md §4.3): name, organisation, signature and, if asked for, a
photo consent. Never e-mail, phone, address or needs such as interpreting.
Every page repeats the event, the column headings, "Seite X von Y" and a short
data-protection note; the variant for funding programmes adds a confirmation
signature of the responsible person on every page.

Prefilling from the roster (the tracker, read once by the caller) prints only first
name, last name and organisation of registrations for the event that are neither
cancelled nor wait-listed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.documents.common import event_phase, output_dir
from integrakonzept.errors import UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import EventPhase, Process
from integrakonzept.render import locale

if TYPE_CHECKING:
    from integrakonzept.people.roster import Roster

DEFAULT_BLANK_ROWS = 30
DEFAULT_WALK_IN_ROWS = 10
MAX_ROWS = 2000


@dataclass(frozen=True)
class Attendee:
    """A pre-printed row: only what may be on paper."""

    last_name: str
    first_name: str
    organisation: str = ""


@dataclass(frozen=True)
class SheetRow:
    number: int
    last_name: str = ""
    first_name: str = ""
    organisation: str = ""


def _sort_key(value: str) -> str:
    """German phone-book order (DIN 5007-1): umlauts as their base letter, ß as ss, no case."""
    decomposed = unicodedata.normalize("NFKD", value.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_attendees(people: list[Attendee]) -> list[Attendee]:
    """Alphabetical by last name, then first name."""
    return sorted(people, key=lambda p: (_sort_key(p.last_name), _sort_key(p.first_name)))


def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def attendees(roster: Roster, phase: EventPhase) -> list[Attendee]:
    """Registered people of ``phase`` from the roster, sorted (DIN 5007-1).

    Who is registered is decided by :mod:`integrakonzept.people.status`, as everywhere:
    cancelled ("abgesagt", "storniert", "abgelehnt" …) and wait-listed rows get no
    pre-printed row.
    """
    from integrakonzept.people.status import Status

    people: list[Attendee] = []
    for row in roster.for_event(phase.id):
        if row.status is not Status.REGISTERED:
            continue
        last, first = _norm(row.last_name), _norm(row.first_name)
        if last or first:
            people.append(Attendee(last, first, _norm(row.organisation)))
    return sort_attendees(people)


def sheet_rows(people: list[Attendee], blank: int) -> list[SheetRow]:
    """Numbered rows: the people first, then ``blank`` empty rows for walk-ins."""
    rows = [
        SheetRow(i + 1, p.last_name, p.first_name, p.organisation) for i, p in enumerate(people)
    ]
    rows += [SheetRow(len(rows) + i + 1) for i in range(blank)]
    return rows


def groups_of(process: Process, phase: EventPhase) -> list[str]:
    """Titles of the working groups: Handlungsfelder of the groups, else numbered groups."""
    groups = phase.working_groups
    if groups is not None and groups.handlungsfelder:
        return [process.handlungsfeld(i).title for i in groups.handlungsfelder]
    if groups is not None and groups.count:
        return [f"Arbeitsgruppe {n}" for n in range(1, groups.count + 1)]
    if phase.handlungsfelder:
        return [process.handlungsfeld(i).title for i in phase.handlungsfelder]
    raise UsageError(
        f"Für „{phase.title}“ sind keine Arbeitsgruppen eingetragen; --per-group braucht sie.",
        "Tragen Sie bei der Phase „arbeitsgruppen:“ (anzahl oder handlungsfelder) ein.",
    )


def _css_counter(template: str) -> str:
    """``Seite {page} von {pages}`` as a CSS ``content`` value with page counters."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


@dataclass(frozen=True)
class SignupSheet:
    phase: EventPhase
    documents: tuple[str, ...]

    @property
    def file_stem(self) -> str:
        return f"{self.phase.id}-teilnahmeliste"

    @property
    def html(self) -> str:
        return self.documents[0]

    def pdf(self) -> bytes:
        from integrakonzept.render.pdf import merge_html_to_pdf

        return merge_html_to_pdf(list(self.documents))


def signup_sheet(
    process: Process,
    phase_id: str,
    *,
    rows: int | None = None,
    roster: Roster | None = None,
    per_group: bool = False,
    funding: bool = False,
    funding_programme: str | None = None,
    photo_consent: bool = False,
    templates: Path | None = None,
    lang: str = "de",
) -> SignupSheet:
    """Render the sign-in sheet(s) of event ``phase_id``.

    ``rows`` blank rows (default: the capacity, else 30, with a tracker 10 for
    walk-ins; a default is rounded up to fill the last page); ``roster`` prefills
    registered names; ``per_group`` makes one
    sheet per working group; ``funding`` (or ``funding_programme``) the variant
    for funding programmes; ``photo_consent`` adds a yes/no photo column.
    """
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.pdf import anchors_per_page
    from integrakonzept.render.templating import render_template

    phase = event_phase(process, phase_id)
    if rows is not None and not 0 <= rows <= MAX_ROWS:
        raise UsageError(f"--rows muss zwischen 0 und {MAX_ROWS} liegen, nicht {rows}.")
    if per_group and roster is not None:
        raise UsageError(
            "--per-group und --tracker passen nicht zusammen: die Anmeldeliste ordnet Personen "
            "keiner Arbeitsgruppe zu.",
            "Drucken Sie die Gesamtliste mit --tracker und die Gruppenlisten mit --per-group.",
        )
    funding = funding or bool(funding_programme)
    people = attendees(roster, phase) if roster is not None else []
    fill_last_page = rows is None
    if rows is None:
        if roster is not None:
            rows = DEFAULT_WALK_IN_ROWS
        elif per_group:
            rows = 15
        else:
            rows = min(phase.capacity or DEFAULT_BLANK_ROWS, MAX_ROWS)
    if not people and rows == 0:
        raise UsageError(
            "Eine Liste ohne Zeilen gibt es nicht: --rows 0 braucht --tracker mit Anmeldungen."
        )
    controller = process.organiser.institution + (
        f" ({process.organiser.department})" if process.organiser.department else ""
    )
    contact = process.contact
    contact_text = ", ".join(
        p
        for p in (
            contact.display_name,
            contact.email,
            contact.phone.national if contact.phone else None,
        )
        if p
    )
    if phase.date.is_exact:
        day = phase.date.as_date()
        date_text = f"{locale.format_weekday(day)}, {locale.format_day(day)}"
        if phase.end_date is not None and phase.end_date != day:
            date_text = text(
                "date_range",
                lang,
                start=date_text,
                end=f"{locale.format_weekday(phase.end_date)}, {locale.format_day(phase.end_date)}",
            )
    else:
        date_text = None
    time_text = ""
    if phase.start and phase.end:
        time_text = text(
            "time_range",
            lang,
            start=locale.format_time(phase.start),
            end=locale.format_time(phase.end),
        )
    elif phase.start:
        time_text = text("time_from", lang, start=locale.format_time(phase.start))
    venue = None
    if phase.venue is not None:
        venue = ", ".join(p for p in (phase.venue.name, phase.venue.room, phase.venue.address) if p)
    base = {
        "process": process,
        "phase": phase,
        "date_text": date_text,
        "time_text": time_text.replace(" Uhr", "\u00a0Uhr"),
        "venue": venue,
        "funding": funding,
        "funding_programme": funding_programme,
        "photo": photo_consent,
        "controller": controller,
        "contact_text": contact_text,
        "page_counter": _css_counter(text("page_of", lang)),
        "colour": process.colour or "#1F3A5F",
        "lang": lang,
        "gender_style": process.gender_style,
    }
    templates = templates or process.templates
    groups: list[str | None] = list(groups_of(process, phase)) if per_group else [None]
    blank = rows

    def render(group: str | None, blank_rows: int) -> str:
        context = {**base, "group": group, "rows": sheet_rows(people, blank_rows)}
        return render_template("signup-sheet.html.j2", context, templates)

    if fill_last_page:
        # Measure how many rows fit on a page (header and footer repeat on every page,
        # so every page holds the same number), then fill the last page.
        probe = anchors_per_page(render(groups[0], len(people) + rows + 60))
        per_page = sum(1 for anchor in probe[0] if anchor.startswith("row-"))
        if per_page > 0:
            total = len(people) + rows
            blank = -(-total // per_page) * per_page - len(people)
    documents = tuple(render(group, blank) for group in groups)
    return SignupSheet(phase, documents)


def write_signup_sheet(
    process: Process,
    phase_id: str,
    writer: Writer,
    *,
    output: Path | None = None,
    rows: int | None = None,
    roster: Roster | None = None,
    per_group: bool = False,
    funding: bool = False,
    funding_programme: str | None = None,
    photo_consent: bool = False,
    templates: Path | None = None,
) -> Path:
    """Write ``<phase>-teilnahmeliste.pdf`` (``-foerderung`` / ``-gruppen`` for the variants).

    ``output`` is a folder or the PDF's path; the other options as in :func:`signup_sheet`.
    """
    sheet = signup_sheet(
        process,
        phase_id,
        rows=rows,
        roster=roster,
        per_group=per_group,
        funding=funding,
        funding_programme=funding_programme,
        photo_consent=photo_consent,
        templates=templates,
    )
    stem = sheet.file_stem
    if funding or funding_programme:
        stem += "-foerderung"
    if per_group:
        stem += "-gruppen"
    if output is not None and output.suffix.lower() == ".pdf":
        path = output
    else:
        path = output_dir(process, output) / f"{stem}.pdf"
    writer.write(path, sheet.pdf())
    return path
