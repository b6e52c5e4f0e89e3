"""Press releases: announcement of an event, call to an online phase, report after an event.

Each kind has one template (``press-release/<kind>.md.j2``) that writes ik-Text
(see :mod:`integrakonzept.documents.textdoc`); the same parsed text becomes
DOCX (A4, Word styles the press office can edit), Markdown, plain text for an
e-mail, and HTML. Every fact comes from the process file; a sentence whose fact
is missing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

from integrakonzept.documents.common import (
    BLOCK_STYLES,
    chosen_formats,
    deadline_passed,
    event_phase,
    find_phase,
    late_contact_phrase,
    office_document,
    online_phase,
    stamp,
    write_formats,
)
from integrakonzept.documents.phrases import PhraseBook
from integrakonzept.documents.textdoc import TextDoc, parse, to_markdown, to_text
from integrakonzept.documents.wording import inner_quotes
from integrakonzept.errors import IkError, UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import AnyPhase, EventPhase, OnlinePhase, Process
from integrakonzept.render import locale

if TYPE_CHECKING:
    from integrakonzept.results.participation import Participation

PressKind = Literal["ankuendigung", "aufruf", "nachbericht"]
PressFormat = Literal["docx", "md", "txt", "html"]
PRESS_KINDS: tuple[PressKind, ...] = get_args(PressKind)
PRESS_FORMATS: tuple[PressFormat, ...] = get_args(PressFormat)
KIND_NAMES: dict[str, str] = {
    "ankuendigung": "Ankündigung",
    "aufruf": "Aufruf zur Beteiligung",
    "nachbericht": "Nachbericht",
}


@dataclass(frozen=True)
class PressRelease:
    """A rendered press release, ready to be written in any format."""

    process: Process
    phase: AnyPhase
    kind: PressKind
    release_date: date
    doc: TextDoc
    templates: Path | None = None

    @property
    def file_stem(self) -> str:
        """``auftakt-pressemitteilung-ankuendigung``."""
        return f"{self.phase.id}-pressemitteilung-{self.kind}"

    def render(self, fmt: PressFormat) -> bytes:
        """The release as file content in ``fmt`` (UTF-8 for the text formats)."""
        if fmt == "md":
            return to_markdown(self.doc).encode("utf-8")
        if fmt == "txt":
            return to_text(self.doc).encode("utf-8")
        if fmt == "html":
            return self._html().encode("utf-8")
        if fmt == "docx":
            return self._docx()
        raise ValueError(fmt)

    def _html(self) -> str:
        from integrakonzept.render.templating import render_template

        context = {
            "doc": self.doc,
            "process": self.process,
            "phase": self.phase,
            "kind_name": KIND_NAMES[self.kind],
            "release_date": self.release_date,
            "lang": "de",
            "gender_style": self.process.gender_style,
        }
        return render_template("press-release/page.html.j2", context, self.templates)

    def _docx(self) -> bytes:
        from integrakonzept.render import docx as word

        process = self.process
        document = office_document(
            process,
            self.doc.title,
            f"Pressemitteilung – {KIND_NAMES[self.kind]}",
            ", ".join(k for k in (process.title, self.phase.title) if k),
        )
        appendix: list[Any] = []
        body_end: Any = None
        for block in self.doc.blocks:
            if block.kind == "rule":
                appendix.append(word.add_rule(document))
                continue
            paragraph = document.add_paragraph(style=BLOCK_STYLES[block.kind])
            word.add_lines(paragraph, block.lines)
            if appendix:
                appendix.append(paragraph)
            else:
                body_end = paragraph
        # The appendix (contacts below the rule) stays in one piece on one page, and takes
        # the end of the text along: never a page with only a contact block.
        if appendix:
            word.keep_with_next(appendix)
            if body_end is not None:
                # Widow control then brings at least two lines of the text along.
                body_end.paragraph_format.keep_with_next = True
        return word.to_bytes(document, stamp(self.release_date))


def _what(phase: AnyPhase) -> str:
    """``eine Veranstaltung (Fachforum)``: what a phase is, with a safe article."""
    if isinstance(phase, EventPhase):
        return f"eine Veranstaltung ({phase.kind_label})"
    if isinstance(phase, OnlinePhase):
        return f"eine Online-Phase ({phase.kind_label})"
    return f"ein Meilenstein ({phase.kind_label})"


def _kinds_for(phase: AnyPhase) -> str:
    """The hint which kinds of release ``phase`` does have (only the ones that apply)."""
    if isinstance(phase, EventPhase):
        return "Für Veranstaltungen gibt es --kind ankuendigung und --kind nachbericht."
    if isinstance(phase, OnlinePhase):
        return "Für Online-Phasen gibt es --kind aufruf."
    return (
        "Zu Meilensteinen wie Gremiensitzungen schreibt ik keine eigene Pressemitteilung; die "
        "Mitteilungen zu Veranstaltungen und Online-Phasen nennen die nächsten Schritte unter "
        "„Wie es weitergeht“."
    )


def _check_kind(process: Process, phase_id: str, kind: str) -> AnyPhase:
    if kind not in PRESS_KINDS:
        raise UsageError(
            f"„{kind}“ ist keine Art von Pressemitteilung.",
            "Möglich sind: ankuendigung, aufruf, nachbericht.",
        )
    phase = find_phase(process, phase_id)
    if kind == "aufruf":
        if not isinstance(phase, OnlinePhase):
            raise UsageError(
                f"Ein Aufruf gehört zu einer Online-Phase; „{phase_id}“ ist {_what(phase)}.",
                _kinds_for(phase),
            )
        return online_phase(process, phase_id)
    if not isinstance(phase, EventPhase):
        raise UsageError(
            f"{'Ein Nachbericht' if kind == 'nachbericht' else 'Eine Ankündigung'} gehört zu einer "
            f"Veranstaltung; „{phase_id}“ ist {_what(phase)}.",
            _kinds_for(phase),
        )
    return event_phase(process, phase_id)


def announceable(phase: AnyPhase) -> str | None:
    """Why ``phase`` gets no public announcement (``None``: it may be announced)."""
    if not isinstance(phase, EventPhase):
        return None
    if phase.access == "einladung":
        return (
            f"„{inner_quotes(phase.title)}“ ist nur für Eingeladene (zugang: einladung); eine öffentliche "
            "Ankündigung lädt Menschen ein, die nicht kommen können."
        )
    if not phase.date.is_exact:
        return (
            f"Für „{inner_quotes(phase.title)}“ steht der Tag noch nicht fest ({phase.date.label}); "
            "eine Ankündigung braucht Tag, Ort und Uhrzeit."
        )
    return None


def _check_timing(phase: AnyPhase, kind: str, release_date: date) -> None:
    from integrakonzept.render.locale import format_day

    if kind == "ankuendigung":
        reason = announceable(phase)
        if reason is not None:
            hint = (
                "Für geladene Gäste gibt es den persönlichen Einladungsbrief: ik letter."
                if isinstance(phase, EventPhase) and phase.access == "einladung"
                else "Tragen Sie das genaue Datum ein (datum: JJJJ-MM-TT), sobald es feststeht."
            )
            raise UsageError(reason, hint)
        if _last_day(phase) < release_date:
            raise UsageError(
                f"„{inner_quotes(phase.title)}“ ist vorbei; eine Ankündigung mit Datum {format_day(release_date)} "
                "käme zu spät.",
                "Nach der Veranstaltung: --kind nachbericht. Mit --date JJJJ-MM-TT legen Sie das "
                "Datum der Pressemitteilung fest.",
            )
    if kind == "aufruf" and isinstance(phase, OnlinePhase) and phase.end_date < release_date:
        raise UsageError(
            f"„{inner_quotes(phase.title)}“ ist seit dem {format_day(phase.end_date)} beendet; ein Aufruf "
            f"mit Datum {format_day(release_date)} käme zu spät.",
            "Mit --date JJJJ-MM-TT legen Sie das Datum der Pressemitteilung fest.",
        )


def _last_day(phase: AnyPhase) -> date:
    if isinstance(phase, OnlinePhase):
        return phase.end_date
    if isinstance(phase, EventPhase) and phase.end_date is not None:
        return phase.end_date
    return phase.date.last_day()


#: A report dated more days than this after its event is no news to a newsroom.
STALE_REPORT_DAYS = 14
#: A call dated more days than this before its online phase starts comes too early.
EARLY_CALL_DAYS = 14


def timing_warnings(process: Process, phase_id: str, kind: str, release_date: date) -> list[str]:
    """Warnings (German, for the screen) about when a release is dated; the date line of the
    release itself stays the date given.

    A report (``nachbericht``) dated more than :data:`STALE_REPORT_DAYS` days after the event
    reads as stale to a journalist; a call (``aufruf``) dated more than :data:`EARLY_CALL_DAYS`
    days before its online phase starts comes too early (its text announces the phase).
    """
    from integrakonzept.render.locale import counted, format_date_long
    from integrakonzept.render.typography import quoted

    if kind == "aufruf":
        online = process.phase(phase_id)
        if not isinstance(online, OnlinePhase) or online.start_date is None:
            return []
        ahead = (online.start_date - release_date).days
        if ahead <= EARLY_CALL_DAYS:
            return []
        return [
            f"Der Aufruf zu {quoted(online.title)} ist auf den {format_date_long(release_date)} "
            f"datiert, {counted(ahead, 'Tag', 'Tage')} vor dem Beginn "
            f"({format_date_long(online.start_date)}); er kündigt die Phase daher in der "
            "Zukunft an. Zum Mitmachen ruft eine Pressemitteilung am besten in der Woche vor "
            "dem Beginn auf: Erzeugen Sie den Aufruf dann mit dem neuen Datum noch einmal."
        ]

    phase = process.phase(phase_id) if kind == "nachbericht" else None
    if phase is None or not phase.dates_exact:
        return []
    last = _last_day(phase)
    days = (release_date - last).days
    if days <= STALE_REPORT_DAYS:
        return []
    return [
        f"Der Nachbericht zu {quoted(phase.title)} ist auf den "
        f"{format_date_long(release_date)} datiert, {counted(days, 'Tag', 'Tage')} nach der "
        f"Veranstaltung ({format_date_long(last)}). Für eine Redaktion ist das keine Nachricht "
        "mehr: Senden Sie einen Nachbericht in den ersten Tagen nach der Veranstaltung, oder "
        "nennen Sie die Ergebnisse in der nächsten Ankündigung."
    ]


def press_release(
    process: Process,
    phase_id: str,
    kind: str,
    *,
    release_date: date,
    participants: int | None = None,
    participants_counted: bool = False,
    figures: Participation | None = None,
    templates: Path | None = None,
) -> PressRelease:
    """Render the press release of ``kind`` for phase ``phase_id``.

    ``figures`` (:func:`integrakonzept.results.participation.participation`) give every
    participant count, this phase's and those of earlier phases the text recalls, so the
    release says what the documentation says; without them the process file's results
    count. ``participants`` overrides this phase's count (``--participants``).
    ``participants_counted`` says the number was counted from the tracker: the text then
    rounds it as a press office would ("rund 50"). A report (``nachbericht``) needs a
    count or a summary; without either there is nothing to report.
    """
    from integrakonzept.render.templating import render_template

    phase = _check_kind(process, phase_id, kind)
    results = phase.results
    counts: dict[str, int] | None = None
    if figures is not None:
        counts = {f.phase_id: f.participants for f in figures.events if f.participants}
        if participants is None and kind == "nachbericht" and phase_id in figures.titles:
            participants = figures.event(phase_id).participants
            participants_counted = figures.event(phase_id).participants_source == "tracker"
    count = (
        participants if participants is not None else (results.participants if results else None)
    )
    if kind == "nachbericht" and count is None and (results is None or results.summary is None):
        raise IkError(
            f"Für „{phase.title}“ sind noch keine Ergebnisse eingetragen.",
            f"Tragen Sie bei der Phase „{phase.id}“ unter „ergebnisse:“ mindestens "
            "„teilnehmende:“ oder „zusammenfassung:“ ein.",
        )
    if kind == "nachbericht" and phase.first_day() > release_date:
        from integrakonzept.render.locale import format_day

        raise UsageError(
            f"Ein Nachbericht zu „{phase.title}“ kann nicht vor der Veranstaltung erscheinen "
            f"(Datum der Mitteilung: {format_day(release_date)}).",
            "Mit --date JJJJ-MM-TT legen Sie das Datum der Pressemitteilung fest.",
        )
    _check_timing(phase, kind, release_date)
    templates = templates or process.templates
    w = PhraseBook(process, release_date, counts)
    context = {
        "process": process,
        "phase": phase,
        "kind": kind,
        "w": w,
        "pw": w.phase(phase),
        "hosts": w.hosts(phase),
        "venue": w.venue(phase.venue) if isinstance(phase, EventPhase) and phase.venue else None,
        "results": results,
        "participants": count,
        "participants_text": (
            (
                locale.round_for_press(count)
                if participants_counted and count > 12
                else w.count(count)
            )
            if count is not None
            else None
        ),
        "release_date": release_date,
        "deadline_passed": isinstance(phase, EventPhase) and deadline_passed(phase, release_date),
        "late_contact": (
            late_contact_phrase(process, phase) if isinstance(phase, EventPhase) else None
        ),
        "lang": "de",
        "gender_style": process.gender_style,
    }
    source = render_template(f"press-release/{kind}.md.j2", context, templates)
    doc = parse(source)
    if not doc.title:
        raise IkError(
            f"Die Vorlage press-release/{kind}.md.j2 ergibt keine Überschrift (Zeile mit „# “).",
            "Eine Pressemitteilung braucht eine Überschrift.",
        )
    characters, words = doc.length()
    doc = doc.with_note(
        f"Umfang: {locale.format_number(characters)} Zeichen mit Leerzeichen, "
        f"{locale.counted(words, 'Wort', 'Wörter')}"
    )
    return PressRelease(process, phase, cast(PressKind, kind), release_date, doc, templates)


def write_press_release(
    process: Process,
    phase_id: str,
    kind: str,
    writer: Writer,
    *,
    formats: list[str],
    output: Path | None = None,
    release_date: date,
    participants: int | None = None,
    participants_counted: bool = False,
    figures: Participation | None = None,
    templates: Path | None = None,
) -> str | None:
    """Write the release in each of ``formats``; with ``output`` ``-`` return the text instead.

    Without ``formats`` the format is the suffix of ``output`` (``pm.md``), else DOCX.
    File names: ``<phase>-pressemitteilung-<kind>.<format>`` in the output folder.
    """
    chosen, to_stdout = chosen_formats(formats, output, PRESS_FORMATS)
    release = press_release(
        process,
        phase_id,
        kind,
        release_date=release_date,
        participants=participants,
        participants_counted=participants_counted,
        figures=figures,
        templates=templates,
    )
    if to_stdout:
        return release.render(cast(PressFormat, chosen[0])).decode("utf-8")
    write_formats(process, release, chosen, output, writer)
    return None
