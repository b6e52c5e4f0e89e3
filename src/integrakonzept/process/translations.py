"""Process texts in other languages (``uebersetzungen:``), with German where one is missing.

A coordinator translates what the invitation prints (titles, motto, description,
programme, guiding questions, directions …) under ``uebersetzungen: <code>:``.
Whatever is missing is printed in German, marked as German (``lang="de"``) so
that screen readers and the bidi algorithm treat it as German, and ``ik check``
lists it per language (:func:`untranslated`).
"""

from __future__ import annotations

from dataclasses import dataclass

from integrakonzept.errors import Problem
from integrakonzept.process.load import Locator
from integrakonzept.process.model import EventPhase, PhaseTranslation, Process, Translation
from integrakonzept.render.locale import counted

SOURCE = "de"


@dataclass(frozen=True)
class Localized:
    """A text and the language it is really in (``de`` when the translation is missing)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PhaseTexts:
    process_title: Localized
    motto: Localized | None
    title: Localized
    description: Localized | None
    programme: list[Localized]
    guiding_questions: list[Localized]
    directions: Localized | None
    accessibility_note: Localized | None
    registration_note: Localized | None
    fields: list[Localized]
    """Titles of the working groups' Handlungsfelder."""


def _pick(translated: str | None, german: str, lang: str) -> Localized:
    return Localized(translated, lang) if translated else Localized(german, SOURCE)


def _maybe(translated: str | None, german: str | None, lang: str) -> Localized | None:
    return None if german is None else _pick(translated, german, lang)


def _items(translated: list[str] | None, german: list[str], lang: str) -> list[Localized]:
    # A list of another length cannot be matched item by item; ik check warns about it.
    if translated is not None and len(translated) == len(german):
        return [Localized(t, lang) for t in translated]
    return [Localized(g, SOURCE) for g in german]


def phase_texts(process: Process, phase: EventPhase, lang: str) -> PhaseTexts:
    """The texts of ``phase`` in ``lang`` (German for ``de`` and wherever nothing is translated)."""
    tr = process.translations.get(lang) if lang != SOURCE else None
    tr = tr or Translation()
    pt = tr.phases.get(phase.id) or PhaseTranslation()
    venue = phase.venue
    groups = phase.working_groups
    field_ids = groups.handlungsfelder if groups is not None else []
    return PhaseTexts(
        process_title=_pick(tr.title, process.title, lang),
        motto=_maybe(tr.motto, process.motto, lang),
        title=_pick(pt.title, phase.title, lang),
        description=_maybe(pt.description, phase.description, lang),
        programme=_items(pt.programme, [item.title for item in phase.programme], lang),
        guiding_questions=_items(pt.guiding_questions, list(phase.guiding_questions), lang),
        directions=_maybe(pt.directions, venue.directions if venue else None, lang),
        accessibility_note=_maybe(
            pt.accessibility_note, venue.accessibility_note if venue else None, lang
        ),
        registration_note=_maybe(
            pt.registration_note, phase.registration.note if phase.registration else None, lang
        ),
        fields=[
            _pick(tr.handlungsfelder.get(hf), process.handlungsfeld(hf).title, lang)
            for hf in field_ids
        ],
    )


# German names of the texts, for ik check.
_LABELS = {
    "process_title": "Titel des Prozesses (titel)",
    "motto": "Motto (motto)",
    "title": "Titel (titel)",
    "description": "Beschreibung (beschreibung)",
    "programme": "Programm (programm)",
    "guiding_questions": "Leitfragen (leitfragen)",
    "directions": "Anfahrt (anfahrt)",
    "accessibility_note": "Barrierefreiheit (barrierefreiheit)",
    "registration_note": "Hinweis zur Anmeldung (anmeldehinweis)",
    "fields": "Handlungsfelder (handlungsfelder)",
}


def untranslated(process: Process, lang: str) -> list[str]:
    """What the invitations in ``lang`` print in German, e.g. ``auftakt: Beschreibung (beschreibung)``.

    Only events with a day get an invitation, so only they are listed.
    """
    if lang == SOURCE or lang.startswith(f"{SOURCE}-") and lang != "de-x-ls":
        return []
    missing: list[str] = []
    first = True
    for phase in process.event_phases():
        if not phase.date.is_exact:
            continue
        texts = phase_texts(process, phase, lang)
        for name in ("process_title", "motto"):
            value = getattr(texts, name)
            if first and value is not None and value.lang == SOURCE:
                missing.append(_LABELS[name])
        first = False
        for name, label in _LABELS.items():
            if name in ("process_title", "motto"):
                continue
            value = getattr(texts, name)
            values = value if isinstance(value, list) else [value] if value is not None else []
            if any(v.lang == SOURCE for v in values):
                missing.append(f"{phase.id}: {label}")
    return missing


def translation_warnings(process: Process, loc: Locator) -> list[Problem]:
    """Translations that cannot be used: unknown phases or Handlungsfelder, lists of another length."""
    problems: list[Problem] = []
    phases = {p.id: p for p in process.phases}
    fields = {hf.id for hf in process.handlungsfelder}
    for lang, tr in process.translations.items():
        base: tuple[str | int, ...] = ("uebersetzungen", lang)
        if lang == SOURCE:
            problems.append(
                loc.problem(base, "Deutsch ist die Sprache der Prozessdatei; hier ist nichts zu übersetzen")
            )
        for hf in tr.handlungsfelder:
            if hf not in fields:
                problems.append(
                    loc.problem(base + ("handlungsfelder", hf), f"Handlungsfeld „{hf}“ gibt es nicht")
                )
        for phase_id, pt in tr.phases.items():
            where = base + ("phasen", phase_id)
            phase = phases.get(phase_id)
            if phase is None:
                problems.append(loc.problem(where, f"Phase „{phase_id}“ gibt es nicht"))
                continue
            if not isinstance(phase, EventPhase):
                continue
            for key, translated, german in (
                ("programm", pt.programme, phase.programme),
                ("leitfragen", pt.guiding_questions, phase.guiding_questions),
            ):
                if translated is not None and len(translated) != len(german):
                    problems.append(
                        loc.problem(
                            where + (key,),
                            f"übersetzt: {counted(len(translated), 'Eintrag', 'Einträge')}, "
                            f"auf Deutsch: {counted(len(german), 'Eintrag', 'Einträge')}; "
                            "bis sie übereinstimmen, steht die deutsche Liste in der Einladung",
                        )
                    )
    return problems


def untranslated_report(process: Process) -> list[str]:
    """German lines for ``ik check``: per language of ``sprachen:``, what is still German."""
    from integrakonzept.render.languages import LANGUAGES, normalise, supported

    german = LANGUAGES[SOURCE]
    lines: list[str] = []
    for code in dict.fromkeys(process.languages):
        name = german.language_name(code)
        if not supported(code):
            lines.append(
                f"Sprache {code} ({name}): ik hat dafür noch keine Einladungstexte; "
                "es wird keine Einladung in dieser Sprache erstellt."
            )
            continue
        missing = untranslated(process, normalise(code))
        if missing and normalise(code) == "de-x-ls":
            lines.append(
                f"Noch nicht in Leichter Sprache ({code}; steht in Standarddeutsch in der "
                "Einladung, eine Beschreibung fehlt ganz): " + "; ".join(missing) + "."
            )
        elif missing:
            lines.append(
                f"Noch nicht übersetzt ({code}, {name}; steht auf Deutsch in der Einladung): "
                + "; ".join(missing)
                + "."
            )
    return lines
