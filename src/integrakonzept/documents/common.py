"""Shared pieces of the document commands: finding phases, output paths, the release stamp."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from integrakonzept.documents.textdoc import TextDoc
from integrakonzept.errors import IkError, UsageError
from integrakonzept.process.model import (
    KIND_LABELS,
    AnyPhase,
    EventPhase,
    OnlinePhase,
    Process,
)

if TYPE_CHECKING:
    from integrakonzept.output import Writer


def find_phase(process: Process, phase_id: str) -> AnyPhase:
    """The phase ``phase_id``, or a usage error listing the ids that exist."""
    try:
        return process.phase(phase_id)
    except KeyError:
        known = ", ".join(p.id for p in process.phases)
        raise UsageError(
            f"Die Phase „{phase_id}“ gibt es in der Prozessdatei nicht.",
            f"Vorhandene Phasen: {known}.",
        ) from None


def _ids(phases: list[EventPhase] | list[OnlinePhase]) -> str:
    return ", ".join(p.id for p in phases) or "keine"


def event_phase(process: Process, phase_id: str) -> EventPhase:
    """The event ``phase_id``; a usage error if it is an online phase or a milestone."""
    phase = find_phase(process, phase_id)
    if not isinstance(phase, EventPhase):
        raise UsageError(
            f"Die Phase „{phase_id}“ ist keine Veranstaltung ({KIND_LABELS[phase.kind]}).",
            f"Veranstaltungen: {_ids(process.event_phases())}.",
        )
    return phase


def online_phase(process: Process, phase_id: str) -> OnlinePhase:
    """The online phase ``phase_id``; a usage error otherwise."""
    phase = find_phase(process, phase_id)
    if not isinstance(phase, OnlinePhase):
        raise UsageError(
            f"Die Phase „{phase_id}“ ist keine Online-Phase ({KIND_LABELS[phase.kind]}).",
            f"Online-Phasen: {_ids(process.online_phases())}.",
        )
    return phase


def require_exact_date(phase: EventPhase, document: str) -> date:
    """The day of ``phase``; an error naming ``document`` if only the month is known."""
    from integrakonzept.errors import IkError
    from integrakonzept.render.locale import format_partial

    if not phase.date.is_exact:
        raise IkError(
            f"Für „{phase.title}“ steht erst der Monat fest ({format_partial(phase.date)}); "
            f"{document} braucht den genauen Tag.",
            f"Tragen Sie in der Prozessdatei bei der Phase „{phase.id}“ das Datum als JJJJ-MM-TT ein.",
        )
    return phase.date.as_date()


def output_dir(process: Process, output: Path | None) -> Path:
    """The folder to write into: ``output`` if given, else the process's ``ausgabe``."""
    if output is not None:
        return output
    if process.output is None:  # pragma: no cover - the loader always sets it
        return Path.cwd() / "ausgabe"
    return process.output


def target_file(process: Process, output: Path | None, default_name: str) -> Path:
    """``output`` if it names a file; ``output/default_name`` if it is a folder (or absent)."""
    if output is not None and (output.suffix and not output.is_dir()):
        return output
    return output_dir(process, output) / default_name


class TextDocument(Protocol):
    """A document written in one or more formats (a press release, an invitation letter)."""

    @property
    def file_stem(self) -> str: ...

    def render(self, fmt: Any) -> bytes: ...


def chosen_formats(
    formats: Sequence[str], output: Path | None, allowed: Sequence[str]
) -> tuple[list[str], bool]:
    """The formats to write and whether ``-o -`` asks for the text on stdout.

    Without ``formats`` the format is the suffix of ``output`` (``pm.md``), else DOCX (on
    stdout: txt). An unknown format, or on stdout anything but exactly one text format,
    is a usage error."""
    to_stdout = output is not None and str(output) == "-"
    suffix = output.suffix.lstrip(".").lower() if output is not None and not to_stdout else ""
    if not formats:
        formats = [suffix] if suffix in allowed else ["txt" if to_stdout else "docx"]
    unknown = [f for f in formats if f not in allowed]
    if unknown:
        raise UsageError(
            f"Das Format „{unknown[0]}“ gibt es nicht.", f"Möglich sind: {', '.join(allowed)}."
        )
    chosen = list(dict.fromkeys(formats))
    if to_stdout and (len(chosen) != 1 or chosen[0] == "docx"):
        texts = [f for f in allowed if f != "docx"]
        listed = ", ".join(texts[:-1]) + f" oder {texts[-1]}" if len(texts) > 1 else texts[0]
        raise UsageError(
            f"Mit -o - lässt sich genau ein Textformat ausgeben ({listed}), kein DOCX."
        )
    return chosen, to_stdout


def write_formats(
    process: Process,
    document: TextDocument,
    formats: Sequence[str],
    output: Path | None,
    writer: Writer,
) -> None:
    """Write ``document`` in each format: beside ``output`` if it names a file (its suffix
    replaced), else as ``<file_stem>.<format>`` in the output folder."""
    named = output is not None and bool(output.suffix)
    for fmt in formats:
        if output is not None and named:
            path = output.with_suffix(f".{fmt}")
        else:
            path = output_dir(process, output) / f"{document.file_stem}.{fmt}"
        writer.write(path, document.render(fmt))


def stamp(day: date) -> datetime:
    """A fixed moment for metadata (DOCX core properties) derived from a document's date."""
    return datetime.combine(day, time(9, 0))


# The Word style of each kind of text block (see documents.textdoc).
BLOCK_STYLES: dict[str, str] = {
    "kicker": "Dachzeile",
    "dateline": "Ortsmarke",
    "title": "Title",
    "subtitle": "Subtitle",
    "heading": "Heading 2",
    "paragraph": "Normal",
    "quote": "Quote",
    "item": "List Bullet",
    "note": "Kleingedrucktes",
}


def office_document(
    process: Process, title: str, subject: str, keywords: str, *, logo: bool = True
) -> Any:
    """A new A4 Word document with the organiser's letterhead (and logo) and page numbers."""
    from integrakonzept.render import docx as word

    document = word.new_document(
        title=title,
        author=process.organiser.institution,
        subject=subject,
        keywords=keywords,
        accent=process.colour,
    )
    sender = [process.organiser.institution]
    if process.organiser.department:
        sender.append(process.organiser.department)
    # Word cannot take an SVG picture through python-docx; the letterhead then has text only.
    picture = (
        process.logo
        if logo and process.logo is not None and process.logo.suffix.lower() != ".svg"
        else None
    )
    if picture is not None and not picture.is_file():
        raise IkError(
            f"Die Logo-Datei {picture} gibt es nicht.", "Prüfen Sie „logo:“ in der Prozessdatei."
        )
    word.add_letterhead(document, sender, picture)
    word.add_page_numbers(document)
    return document


def add_blocks(document: Any, doc: TextDoc, styles: dict[str, str] = BLOCK_STYLES) -> None:
    """The text blocks of ``doc`` as Word paragraphs (a rule as a horizontal line)."""
    from integrakonzept.render import docx as word

    for block in doc.blocks:
        if block.kind == "rule":
            word.add_rule(document)
            continue
        paragraph = document.add_paragraph(style=styles[block.kind])
        word.add_lines(paragraph, block.lines)


def late_contact(process: Process, phase: EventPhase) -> str:
    """Where to ask for remaining places once the registration deadline has passed: the
    registration telephone, else the contact's telephone, else an e-mail address."""
    return _late_contact(process, phase)[1]


def late_contact_phrase(process: Process, phase: EventPhase) -> str:
    """The same as a German phrase: „telefonisch unter 04121 231-475“ / „per E-Mail an …“."""
    kind, value = _late_contact(process, phase)
    return f"telefonisch unter {value}" if kind == "phone" else f"per E-Mail an {value}"


def _late_contact(process: Process, phase: EventPhase) -> tuple[str, str]:
    reg = phase.registration
    for phone in (reg.phone if reg else None, process.contact.phone):
        if phone is not None:
            return "phone", str(phone.national)
    return "email", str((reg.email if reg else None) or process.contact.email)


def deadline_passed(phase: EventPhase, day: date | None) -> bool:
    """Whether documents dated ``day`` come after the registration deadline but before the
    event (then they no longer ask people to register by the deadline)."""
    reg = phase.registration
    return bool(
        day is not None
        and reg is not None
        and reg.required
        and reg.deadline is not None
        and reg.deadline < day <= phase.date.last_day()
    )


def deadline_warnings(process: Process, day: date, phase_id: str | None = None) -> list[str]:
    """Warnings (German, for the screen) for events whose registration deadline lies before
    ``day``: invitation and announcement now say so and where to ask for remaining places."""
    from integrakonzept.render.locale import format_day
    from integrakonzept.render.typography import quoted

    warnings = []
    for phase in process.event_phases():
        if phase_id is not None and phase.id != phase_id:
            continue
        reg = phase.registration
        if reg is None or reg.deadline is None or not deadline_passed(phase, day):
            continue
        warnings.append(
            f"Der Anmeldeschluss für {quoted(phase.title)} war am {format_day(reg.deadline)}; "
            f"Einladung und Ankündigung mit Datum {format_day(day)} sagen, dass die Frist "
            "abgelaufen ist und wo man nach freien Plätzen fragen kann "
            f"({late_contact(process, phase)}). Gibt es eine neue Frist, tragen Sie sie unter "
            "„anmeldung: frist“ ein."
        )
    return warnings
