"""The printable invitation to an event: A4 PDF and the same page as HTML.

One template (``invitation.html.j2``) makes both: the HTML for the website or an
e-mail attachment, the PDF (WeasyPrint, tagged for screen readers) for the
print shop. Fixed wording comes from :mod:`integrakonzept.render.catalogue`;
facts come from the process file, and a block whose facts are missing is left
out. The QR code of the registration link is drawn as vector graphics with the
link printed beside it, for those who cannot scan.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from integrakonzept.documents.common import (
    deadline_passed,
    event_phase,
    late_contact,
    output_dir,
    require_exact_date,
)
from integrakonzept.documents.qr import qr_svg, with_source
from integrakonzept.errors import IkError, os_reason
from integrakonzept.output import Writer
from integrakonzept.process.model import EventPhase, Process
from integrakonzept.render import locale

ACCESSIBLE_PDF = "pdf/ua-1"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def logo_data_uri(process: Process) -> str | None:
    """The logo as a ``data:`` URI, so that the HTML file works wherever it is copied."""
    logo = process.logo
    if logo is None:
        return None
    mime = _IMAGE_TYPES.get(logo.suffix.lower())
    if mime is None:
        raise IkError(
            f"Das Logo {logo.name} hat ein unbekanntes Format.", "Möglich sind PNG, JPG und SVG."
        )
    try:
        data = logo.read_bytes()
    except OSError as exc:
        raise IkError(
            f"Die Logo-Datei {logo} kann nicht gelesen werden: {os_reason(exc)}.",
            "Prüfen Sie „logo:“ in der Prozessdatei (relativ zur Prozessdatei).",
        ) from None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_colour(colour: str, background: str = "#F1F3F6", ratio: float = 4.5) -> str:
    """``colour``, darkened just enough for text in it to reach ``ratio`` on ``background``.

    The house colour (``farbe:``) stays as it is for bars and frames; headings and
    labels printed in it must stay readable (WCAG 2 AA: 4.5:1), whatever colour a
    town's design manual prescribes.
    """
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    for step in range(101):
        factor = 1 - step / 100
        candidate = f"#{round(red * factor):02X}{round(green * factor):02X}{round(blue * factor):02X}"
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return "#000000"


def event_facts(process: Process, phase: EventPhase, lang: str = "de") -> dict[str, Any]:
    """The facts of an event, formatted for printing in ``lang`` (dates, times, venue lines, audience)."""
    from integrakonzept.documents.wording import number_word
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.languages import language

    language_ = language(lang)
    cat = language_.catalogue
    day = phase.date.as_date()
    if phase.end_date is not None and phase.end_date != day:
        date_text = text(
            "date_range", cat,
            start=language_.date_full(day), end=language_.date_full(phase.end_date),
        )
    else:
        date_text = language_.date_full(day)
    time_text = ""
    if phase.start and phase.end:
        time_text = text("time_range", cat, start=language_.time(phase.start), end=language_.time(phase.end))
    elif phase.start:
        time_text = text("time_from", cat, start=language_.time(phase.start))
    if time_text and phase.end_date is not None:
        time_text = f"{text('daily', cat)} {time_text}"
    time_text = time_text.replace(" Uhr", "\u00a0Uhr")
    venue_lines: list[str] = []
    if phase.venue is not None:
        venue = phase.venue
        venue_lines.append(", ".join(p for p in (venue.name, venue.room) if p))
        if venue.address:
            venue_lines.append(venue.address)
    style = process.gender_style
    audience_words = {
        "einwohnende": text("audience_einwohnende", cat, einwohner=locale.gendered("einwohner", style)),
        "hauptamt": text("audience_hauptamt", cat),
        "ehrenamt": text("audience_ehrenamt", cat),
        "migrantenorganisationen": text("audience_migrantenorganisationen", cat),
        "politik": text("audience_politik", cat),
        "verwaltung": text("audience_verwaltung", cat),
    }
    audience = [audience_words[a] for a in phase.audience]
    languages = (
        [language_.language_name(code) for code in phase.interpreting.languages]
        if phase.interpreting
        else []
    )
    groups = phase.working_groups.count if phase.working_groups else None
    doors = None
    if phase.doors:
        doors = language_.time(phase.doors) + ("\u00a0Uhr" if cat == "de" else "")
    return {
        "date_text": date_text,
        "date_numeric": locale.format_day(day),
        "time_text": time_text,
        "doors": doors,
        "venue_lines": venue_lines,
        "audience": audience,
        "interpreting_languages": language_.join(languages),
        "working_groups": (
            None if groups is None else number_word(groups) if cat == "de" else language_.number(groups)
        ),
    }


@dataclass(frozen=True)
class Invitation:
    phase: EventPhase
    html: str
    lang: str = "de"

    @property
    def file_stem(self) -> str:
        from integrakonzept.render.languages import language

        return f"{self.phase.id}-einladung{language(self.lang).file_suffix}"

    def pdf(self) -> bytes:
        """The tagged PDF/UA-1 file (language, structure, title; WeasyPrint)."""
        from integrakonzept.render.pdf import html_to_pdf

        return html_to_pdf(self.html, variant=ACCESSIBLE_PDF)


def language_source(source: str | None, lang: str) -> str | None:
    """The ``--source`` tag of an invitation's QR code in ``lang``.

    ``{sprache}`` in ``source`` becomes the language code; without ``source``,
    invitations in other languages than German are tagged ``einladung-<code>``
    so that the tracker shows which language's invitation brought a registration.
    """
    from integrakonzept.render.languages import language

    code = language(lang).code
    if source:
        return source.replace("{sprache}", code)
    if code == "de":
        return None
    return "einladung-" + ("leichte-sprache" if language(lang).is_easy else code)


def invitation(
    process: Process,
    phase_id: str,
    *,
    templates: Path | None = None,
    source: str | None = None,
    lang: str = "de",
    languages: list[str] | None = None,
    today: date | None = None,
) -> Invitation:
    """Render the invitation to event ``phase_id`` in ``lang`` (needs the exact day).

    ``source`` tags the registration link in the QR code (see :func:`documents.qr.with_source`);
    pass it through :func:`language_source` for the per-language default.
    ``languages`` are the other languages the invitation exists in (named at its foot).
    ``today``: the day of the build; after the registration deadline the invitation says the
    deadline has passed and where to ask for remaining places.
    """
    from markupsafe import Markup

    from integrakonzept.documents.phrases import PhraseBook
    from integrakonzept.process.translations import phase_texts
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.languages import language, ltr_isolate
    from integrakonzept.render.templating import render_template

    language_ = language(lang)
    phase = event_phase(process, phase_id)
    contact = late_contact(process, phase)
    require_exact_date(phase, "eine Einladung")
    registration = phase.registration
    passed = deadline_passed(phase, today)
    qr = None
    # after the deadline the form is no way in any more (as on the public page): no link, no QR
    url = registration.url if registration is not None and registration.url and not passed else None
    if url is not None:
        alt = text("qr_alt", language_.catalogue, url=url)
        qr = Markup(qr_svg(with_source(url, source), title=alt))
    others = [
        language(code) for code in (languages or []) if language(code).code != language_.code
    ]
    context = {
        "process": process,
        "phase": phase,
        "texts": phase_texts(process, phase, language_.code),
        "facts": event_facts(process, phase, language_.code),
        "registration": registration,
        "registration_url": url,
        "qr_svg": qr,
        "logo": logo_data_uri(process),
        "colour": process.colour or "#1F3A5F",
        "accent_text": readable_colour(process.colour or "#1F3A5F"),
        "contact": process.contact,
        "partners": process.partners,
        "w": PhraseBook(process, phase.date.as_date()),
        "lang": language_.catalogue,
        "html_lang": language_.html_lang,
        "dir": language_.direction,
        "language": language_,
        "other_languages": language_.join(language_.language_name(o.code) for o in others),
        "gender_style": process.gender_style,
        # "Sie sind herzlich eingeladen." only where the description does not invite itself
        "invite": not (language_.code == "de" and _invites(phase.description)),
        "deadline_passed": passed,
        # a phone number keeps its digit groups in order inside a right-to-left sentence
        "late_contact": ltr_isolate(contact) if language_.rtl else contact,
    }
    name = "invitation-leichte-sprache.html.j2" if language_.is_easy else "invitation.html.j2"
    html = render_template(name, context, templates or process.templates)
    return Invitation(phase, html, language_.code)


def _invites(description: str | None) -> bool:
    """Whether a German description already says that people are invited."""
    pattern = r"(?i)\bein(?:ge)?laden\b|\b(?:lädt|laden)\b[^.!?]*\bein\b"
    return re.search(pattern, description or "") is not None


def invitation_languages(process: Process, requested: list[str] | None = None) -> list[str]:
    """The languages to write: ``requested`` (checked), else the process's ``sprachen`` (German first).

    Languages of the process file without a catalogue are left out here; ``ik build``
    lists them as not made.
    """
    from integrakonzept.render.languages import language, supported

    if requested:
        codes = [language(code).code for code in requested]
    else:
        codes = [language(code).code for code in process.languages if supported(code)]
    ordered = list(dict.fromkeys(codes))
    return ordered or ["de"]


def combined_pdf(invitations: list[Invitation]) -> bytes:
    """One PDF with the invitation in every language, each complete on its own pages."""
    from integrakonzept.render.pdf import merge_html_to_pdf

    return merge_html_to_pdf([inv.html for inv in invitations], variant=ACCESSIBLE_PDF)


def write_invitation(
    process: Process,
    phase_id: str,
    writer: Writer,
    *,
    output: Path | None = None,
    templates: Path | None = None,
    source: str | None = None,
    languages: list[str] | None = None,
    combined: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Write ``<phase>-einladung[-<sprache>].pdf`` and ``.html`` per language.

    ``languages`` defaults to the process's ``sprachen``; ``combined`` adds
    ``<phase>-einladung-mehrsprachig.pdf`` with every language. ``output`` is a
    folder, or (for one language) the PDF/HTML path. ``today``: the day the invitation
    is made (after the registration deadline it says so, as in ``ik build``).
    """
    codes = invitation_languages(process, languages)
    results = [
        invitation(
            process,
            phase_id,
            templates=templates,
            source=language_source(source, code),
            lang=code,
            languages=codes,
            today=today,
        )
        for code in codes
    ]
    if output is not None and output.suffix.lower() in {".pdf", ".html"} and len(results) == 1:
        targets = [(results[0], output.with_suffix(".pdf"), output.with_suffix(".html"))]
        folder = output.parent
    else:
        folder = output_dir(process, output)
        targets = [
            (r, folder / f"{r.file_stem}.pdf", folder / f"{r.file_stem}.html") for r in results
        ]
    paths: list[Path] = []
    for result, pdf, html in targets:
        writer.write(pdf, result.pdf())
        writer.write(html, result.html)
        paths += [pdf, html]
    if combined and len(results) > 1:
        path = folder / f"{phase_id}-einladung-mehrsprachig.pdf"
        writer.write(path, combined_pdf(results))
        paths.append(path)
    return paths
