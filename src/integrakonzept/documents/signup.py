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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    #: The PDF, when :func:`signup_sheet` already laid it out to count the rows per page.
    rendered: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def file_stem(self) -> str:
        return f"{self.phase.id}-teilnahmeliste"

    @property
    def html(self) -> str:
        return self.documents[0]

    def pdf(self) -> bytes:
        if self.rendered is not None:
            return self.rendered
        from integrakonzept.render.pdf import merge_html_to_pdf

        return merge_html_to_pdf(list(self.documents))


# --- rows per page, from the font's metrics (no trial rendering) ---------------------------
# These mirror templates/styles/signup-sheet.css. They only make the first layout right:
# signup_sheet() checks the laid-out pages and corrects the count if a user's own style
# sheet differs.
_MM = 72 / 25.4
_PAGE_BODY = (297 - 12 - 14) * _MM
_PAGE_WIDTH = (210 - 16 - 14) * _MM
_ROW = 9.5 * _MM + 0.3 * _MM
_LINE = 1.164  # line-height: normal of DejaVu Sans
_FOOT_LINE = 1.25  # line-height of the page foot (tfoot)
_CELL_PAD = 4 * _MM


def _plain(fragment: str) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _block(html_text: str, pattern: str) -> str:
    match = re.search(pattern, html_text, re.S)
    return _plain(match.group(1)) if match else ""


def _repeated_height(html_text: str) -> float:
    """Height in points of what repeats on every page: page head, column headings, foot."""
    from integrakonzept.render.fonts import line_count

    head = 3 * _MM  # padding below the page head
    head += 9 * _LINE  # kicker
    event = _block(html_text, r'<p class="event">(.*?)</p>')
    head += line_count(event, _PAGE_WIDTH, 14, bold=True) * 14 * 1.2 + 2 * _MM
    meta_width = _PAGE_WIDTH - 26 * _MM
    for row in re.findall(r"<tr><th scope=\"row\">.*?</th><td>(.*?)</td></tr>", html_text, re.S):
        head += line_count(_plain(row), meta_width, 9) * 9 * _LINE + 1 * _MM
    head += 0.6 * _MM  # the meta table's bottom line
    # Collapsed borders (0.3 mm) are shared: half of the column headings' top border
    # belongs to the page head, half of the last row's bottom border to the page foot.
    head += 0.15 * _MM
    columns = 9 * _LINE + 3 * _MM + 0.3 * _MM
    foot = 0.15 * _MM + 3 * _MM
    privacy = _block(html_text, r'<p class="privacy">(.*?)</p>')
    foot += line_count(privacy, _PAGE_WIDTH, 8) * 8 * _FOOT_LINE
    if 'class="confirm"' in html_text:
        # the confirmation inherits the foot's line height; its line is 8 mm plus border
        confirm = _block(html_text, r'<div class="confirm">\s*<p>(.*?)</p>')
        foot += line_count(confirm, _PAGE_WIDTH, 8.5) * 8.5 * _FOOT_LINE + 8.3 * _MM
        foot += 8 * _FOOT_LINE + 2.5 * _MM
    return head + columns + foot


def _row_height(row: SheetRow) -> float:
    """A pre-printed row grows when a long name or organisation wraps."""
    from integrakonzept.render.fonts import line_count

    if not (row.last_name or row.first_name or row.organisation):
        return _ROW
    organisation = 44 * _MM - _CELL_PAD
    lines = max(
        line_count(row.last_name, 38 * _MM - _CELL_PAD, 10) * 10 * _LINE,
        line_count(row.first_name, 32 * _MM - _CELL_PAD, 10) * 10 * _LINE,
        line_count(row.organisation, organisation, 9) * 9 * _LINE,
    )
    return max(_ROW, lines + 0.3 * _MM)


def _pages(heights: list[float], room: float) -> list[int]:
    """How many rows go on each page when rows of ``heights`` fill pages ``room`` high."""
    pages: list[int] = []
    used = 0.0
    count = 0
    for height in heights:
        if count and used + height > room:
            pages.append(count)
            used, count = 0.0, 0
        used += height
        count += 1
    if count or not pages:
        pages.append(count)
    return pages


def fill_to_page(people: list[Attendee], blank: int, html_text: str) -> int:
    """How many empty rows fill the last page, at least ``blank`` (computed, not rendered)."""
    room = _PAGE_BODY - _repeated_height(html_text)
    filled = [_row_height(SheetRow(0, p.last_name, p.first_name, p.organisation)) for p in people]
    heights = filled + [_ROW] * blank
    pages = _pages(heights, room)
    last_used = sum(heights[len(heights) - pages[-1]:])
    extra = max(0, int((room - last_used) // _ROW))
    return blank + extra


def _privacy_texts(process: Process, lang: str) -> tuple[str, str, str | None]:
    """The organiser as the subject of the privacy sentence („Die Stadt Elmshorn (Amt für
    Soziales) erhebt …“), with „von“ („vom Kreis Ostholstein“), and the short notice from the
    process file's ``datenschutz:`` block (German sheets), if there is one."""
    from integrakonzept.documents.privacy import (
        controller_of,
        controller_with_article,
        privacy_notice,
    )
    from integrakonzept.process.model import today

    institution = process.organiser.institution
    department = f" ({process.organiser.department})" if process.organiser.department else ""
    if lang != "de":
        return institution + department, f"von {institution}", None
    day = today()
    nominative = controller_with_article(process, institution, day)
    subject = (
        nominative[:1].upper() + nominative[1:] + department
        if nominative is not None
        # no article known: name the role, and the name in apposition
        else f"Der Veranstalter, {institution}{department},"
    )
    of = controller_of(process, institution, day)
    short = None
    if process.privacy is not None:
        text = privacy_notice(process, issued=day, delete_by=None).short
        short = " ".join(text.split()).removeprefix("Datenschutz:").strip()
    return subject, of, short


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

    ``rows`` blank rows at least (default: the capacity, else 30, with a tracker 10
    for walk-ins); more empty rows fill the last page to its end; ``roster`` prefills
    registered names; ``per_group`` makes one
    sheet per working group; ``funding`` (or ``funding_programme``) the variant
    for funding programmes; ``photo_consent`` adds a yes/no photo column.
    """
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.pdf import render_documents, write_documents
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
    controller, controller_of, short_notice = _privacy_texts(process, lang)
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
        "organiser": process.organiser.institution
        + (f" ({process.organiser.department})" if process.organiser.department else ""),
        "controller": controller,
        "controller_of": controller_of,
        "privacy_short": short_notice,
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

    # Fill the last page with empty rows: the count comes from the font's metrics; the
    # one layout that is needed anyway then shows whether it is right. Only if it is not
    # (a user's own style sheet) is the count corrected from the real pages and laid out
    # once more.
    wanted = len(people) + rows
    blank = fill_to_page(people, rows, render(groups[0], rows))
    documents = tuple(render(group, blank) for group in groups)
    laid_out = render_documents(documents)
    per_page = _rows_per_page(laid_out[0])
    if not _fills_pages(per_page, len(people) + blank, wanted):
        full = list(per_page[:-1]) or per_page
        size = max(full) if full else 0
        if size > 0:
            blank = max(rows, -(-wanted // size) * size - len(people))
            documents = tuple(render(group, blank) for group in groups)
            laid_out = render_documents(documents)
    return SignupSheet(phase, documents, write_documents(laid_out))


def _rows_per_page(document: Any) -> list[int]:
    return [sum(1 for a in page.anchors if a.startswith("row-")) for page in document.pages]


def _fills_pages(per_page: list[int], total: int, wanted: int) -> bool:
    """All rows printed, at least ``wanted``, and the last page holds as many as a full one."""
    if sum(per_page) != total or total < wanted:
        return False
    if len(per_page) == 1:
        return True
    # Page 1 may hold fewer when a pre-printed row is tall; compare with the fullest page.
    return per_page[-1] >= max(per_page[:-1]) - 1 and total - wanted < max(per_page)


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
