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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integrakonzept.documents.common import event_phase, output_dir, require_exact_date
from integrakonzept.documents.qr import qr_svg, with_source
from integrakonzept.errors import IkError
from integrakonzept.output import Writer
from integrakonzept.process.model import EventPhase, Process
from integrakonzept.render import locale

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
            f"Die Logo-Datei {logo} kann nicht gelesen werden: {exc.strerror or exc}.",
            "Prüfen Sie „logo:“ in der Prozessdatei (relativ zur Prozessdatei).",
        ) from None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def event_facts(process: Process, phase: EventPhase, lang: str = "de") -> dict[str, Any]:
    """The facts of an event, formatted for printing (dates, times, venue lines, audience)."""
    from integrakonzept.render.catalogue import text

    day = phase.date.as_date()
    if phase.end_date is not None and phase.end_date != day:
        date_text = text(
            "date_range", lang,
            start=locale.format_date_full(day), end=locale.format_date_full(phase.end_date),
        )
    else:
        date_text = locale.format_date_full(day)
    time_text = ""
    if phase.start and phase.end:
        time_text = text("time_range", lang, start=locale.format_time(phase.start), end=locale.format_time(phase.end))
    elif phase.start:
        time_text = text("time_from", lang, start=locale.format_time(phase.start))
    if time_text and phase.end_date is not None:
        time_text = f"{text('daily', lang)} {time_text}"
    time_text = time_text.replace(" Uhr", "\u00a0Uhr")
    venue_lines: list[str] = []
    if phase.venue is not None:
        venue = phase.venue
        venue_lines.append(", ".join(p for p in (venue.name, venue.room) if p))
        if venue.address:
            venue_lines.append(venue.address)
    style = process.gender_style
    audience_words = {
        "einwohnende": text("audience_einwohnende", lang, einwohner=locale.gendered("einwohner", style)),
        "hauptamt": text("audience_hauptamt", lang),
        "ehrenamt": text("audience_ehrenamt", lang),
        "migrantenorganisationen": text("audience_migrantenorganisationen", lang),
        "politik": text("audience_politik", lang),
        "verwaltung": text("audience_verwaltung", lang),
    }
    audience = [audience_words[a] for a in phase.audience]
    languages = [locale.language_name(code) for code in phase.interpreting.languages] if phase.interpreting else []
    return {
        "date_text": date_text,
        "date_numeric": locale.format_day(day),
        "time_text": time_text,
        "doors": locale.format_time(phase.doors) if phase.doors else None,
        "venue_lines": venue_lines,
        "audience": audience,
        "interpreting_languages": locale.join(languages),
    }


@dataclass(frozen=True)
class Invitation:
    phase: EventPhase
    html: str

    @property
    def file_stem(self) -> str:
        return f"{self.phase.id}-einladung"

    def pdf(self) -> bytes:
        from integrakonzept.render.pdf import html_to_pdf

        return html_to_pdf(self.html)


def invitation(
    process: Process,
    phase_id: str,
    *,
    templates: Path | None = None,
    source: str | None = None,
    lang: str = "de",
) -> Invitation:
    """Render the invitation to event ``phase_id`` (needs the exact day).

    ``source`` tags the registration link in the QR code (see :func:`documents.qr.with_source`).
    """
    from markupsafe import Markup

    from integrakonzept.documents.phrases import PhraseBook
    from integrakonzept.render.templating import render_template

    phase = event_phase(process, phase_id)
    require_exact_date(phase, "eine Einladung")
    registration = phase.registration
    qr = None
    url = registration.url if registration is not None and registration.url else None
    if url is not None:
        qr = Markup(qr_svg(with_source(url, source), title=url))
    w = PhraseBook(process, phase.date.as_date())
    context = {
        "process": process,
        "phase": phase,
        "facts": event_facts(process, phase, lang),
        "registration": registration,
        "registration_url": url,
        "qr_svg": qr,
        "logo": logo_data_uri(process),
        "colour": process.colour or "#1F3A5F",
        "contact": process.contact,
        "partners": process.partners,
        "w": w,
        "lang": lang,
        "gender_style": process.gender_style,
    }
    html = render_template("invitation.html.j2", context, templates or process.templates)
    return Invitation(phase, html)


def write_invitation(
    process: Process,
    phase_id: str,
    writer: Writer,
    *,
    output: Path | None = None,
    templates: Path | None = None,
    source: str | None = None,
) -> list[Path]:
    """Write ``<phase>-einladung.pdf`` and ``.html`` (``output``: a folder, or the PDF/HTML path)."""
    result = invitation(process, phase_id, templates=templates, source=source)
    if output is not None and output.suffix.lower() in {".pdf", ".html"}:
        pdf, html = output.with_suffix(".pdf"), output.with_suffix(".html")
    else:
        folder = output_dir(process, output)
        pdf, html = folder / f"{result.file_stem}.pdf", folder / f"{result.file_stem}.html"
    writer.write(pdf, result.pdf())
    writer.write(html, result.html)
    return [pdf, html]
