"""The personal invitation letter for an event by invitation only (``zugang: einladung``).

A closed event gets no public announcement; its guests get a letter instead: sender, date,
subject, a salutation, plain sentences addressed to the reader ("Sie sind herzlich
eingeladen"), what, when, where, how to reply, a closing with the contact person's name.
The letter names no invitee: it is written once and sent to every guest (ik keeps no
addresses for it). Template: ``letter/einladungsbrief.md.j2`` (ik-Text, like the press
releases); formats DOCX, Markdown and text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, cast, get_args

from integrakonzept.documents.common import (
    BLOCK_STYLES,
    add_blocks,
    chosen_formats,
    event_phase,
    office_document,
    require_exact_date,
    stamp,
    write_formats,
)
from integrakonzept.documents.phrases import PhraseBook
from integrakonzept.documents.textdoc import TextDoc, parse, to_markdown, to_text
from integrakonzept.documents.wording import inner_quotes
from integrakonzept.errors import UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import EventPhase, Process

LetterFormat = Literal["docx", "md", "txt"]
LETTER_FORMATS: tuple[LetterFormat, ...] = get_args(LetterFormat)


@dataclass(frozen=True)
class Letter:
    """A rendered invitation letter, ready to be written in any format."""

    process: Process
    phase: EventPhase
    letter_date: date
    doc: TextDoc

    @property
    def file_stem(self) -> str:
        """``fachtag-einladungsbrief``."""
        return f"{self.phase.id}-einladungsbrief"

    def render(self, fmt: LetterFormat) -> bytes:
        if fmt == "md":
            return to_markdown(self.doc).encode("utf-8")
        if fmt == "txt":
            return to_text(self.doc).encode("utf-8")
        if fmt == "docx":
            return self._docx()
        raise ValueError(fmt)

    def _docx(self) -> bytes:
        from integrakonzept.render import docx as word

        process = self.process
        document = office_document(
            process,
            self.doc.title,
            f"Einladung – {self.phase.title}",
            ", ".join(k for k in (process.title, self.phase.title) if k),
        )
        add_blocks(document, self.doc, {**BLOCK_STYLES, "title": "Heading 2"})
        return word.to_bytes(document, stamp(self.letter_date))


def invitation_letter(
    process: Process,
    phase_id: str,
    *,
    letter_date: date,
    salutation: str | None = None,
    templates: Path | None = None,
) -> Letter:
    """Render the personal invitation letter to event ``phase_id``.

    Only for events by invitation (a public event has the public invitation and the press
    release); the day must be known, and the letter must be dated before the event.
    """
    from integrakonzept.render.locale import format_day
    from integrakonzept.render.templating import render_template

    phase = event_phase(process, phase_id)
    if phase.access != "einladung":
        raise UsageError(
            f"„{inner_quotes(phase.title)}“ ist öffentlich; der persönliche Einladungsbrief ist "
            "für Veranstaltungen nur mit Einladung (zugang: einladung).",
            "Für öffentliche Veranstaltungen: ik invitation und ik press-release --kind ankuendigung.",
        )
    day = require_exact_date(phase, "ein Einladungsbrief")
    if day < letter_date:
        raise UsageError(
            f"„{inner_quotes(phase.title)}“ war am {format_day(day)}; ein Einladungsbrief mit "
            f"Datum {format_day(letter_date)} käme zu spät.",
            "Mit --date JJJJ-MM-TT legen Sie das Datum des Briefs fest.",
        )
    w = PhraseBook(process, letter_date)
    context = {
        "process": process,
        "phase": phase,
        "w": w,
        "pw": w.phase(phase),
        "hosts": w.hosts(phase),
        "venue": w.venue(phase.venue) if phase.venue else None,
        "salutation": salutation or "Sehr geehrte Damen und Herren",
        "letter_date": letter_date,
        "lang": "de",
        "gender_style": process.gender_style,
    }
    source = render_template(
        "letter/einladungsbrief.md.j2", context, templates or process.templates
    )
    return Letter(process, phase, letter_date, parse(source))


def write_invitation_letter(
    process: Process,
    phase_id: str,
    writer: Writer,
    *,
    formats: list[str],
    output: Path | None = None,
    letter_date: date,
    salutation: str | None = None,
    templates: Path | None = None,
) -> str | None:
    """Write the letter in each of ``formats`` (default DOCX); ``-o -`` returns the text."""
    chosen, to_stdout = chosen_formats(formats, output, LETTER_FORMATS)
    letter = invitation_letter(
        process, phase_id, letter_date=letter_date, salutation=salutation, templates=templates
    )
    if to_stdout:
        return letter.render(cast(LetterFormat, chosen[0])).decode("utf-8")
    write_formats(process, letter, chosen, output, writer)
    return None
