"""Plausibility warnings for a valid process file (``ik check``).

Errors make a file unusable; these warnings point at things that are probably
wrong or forgotten but may be intended. Each carries file, line and column.
"""

from __future__ import annotations

from datetime import date

from integrakonzept.errors import Problem
from integrakonzept.process.load import Locator
from integrakonzept.process.model import AnyPhase, MilestonePhase, OnlinePhase, Process
from integrakonzept.process.placeholders import find_placeholders
from integrakonzept.process.types import PartialDate
from integrakonzept.render.typography import quoted


def _first_last(phase: AnyPhase) -> tuple[date, date]:
    return phase.first_day(), phase.last_day()


def _date_key(phase: AnyPhase) -> tuple[str]:
    """The key that holds a phase's (first) date."""
    return ("von",) if isinstance(phase, OnlinePhase) else ("datum",)


def _fmt(value: PartialDate | date) -> str:
    from integrakonzept.render.locale import format_day

    if isinstance(value, PartialDate):
        return format_day(value.as_date()) if value.is_exact else value.label
    return format_day(value)


def plausibility_warnings(process: Process, loc: Locator, today: date) -> list[Problem]:
    """All warnings for ``process``; ``today`` decides what lies in the past."""
    warnings: list[Problem] = []
    index = {p.id: i for i, p in enumerate(process.phases)}

    def warn(phase_id: str, rest: tuple[str | int, ...], message: str) -> None:
        warnings.append(loc.problem(("phasen", index[phase_id]) + rest, message))

    for phase in process.event_phases():
        reg = phase.registration
        if reg and reg.deadline and reg.deadline > phase.date.last_day():
            warn(
                phase.id,
                ("anmeldung", "frist"),
                f"Anmeldeschluss {_fmt(reg.deadline)} liegt nach der Veranstaltung ({_fmt(phase.date)})",
            )
        if phase.end_date is None:  # one day: the programme lies between beginn and ende
            for number, entry in enumerate(phase.programme):
                if entry.at is None:
                    continue
                at = entry.at.strftime("%H:%M")
                if phase.start and entry.at < phase.start:
                    warn(
                        phase.id,
                        ("programm", number, "zeit"),
                        f"der Programmpunkt {quoted(entry.title)} um {at} Uhr liegt vor dem "
                        f"Beginn ({phase.start.strftime('%H:%M')} Uhr); passen Sie beginn oder "
                        "die Zeit des Programmpunkts an",
                    )
                elif phase.end and entry.at >= phase.end:
                    warn(
                        phase.id,
                        ("programm", number, "zeit"),
                        f"der Programmpunkt {quoted(entry.title)} um {at} Uhr liegt nicht vor "
                        f"dem Ende ({phase.end.strftime('%H:%M')} Uhr); passen Sie ende oder "
                        "die Zeit des Programmpunkts an",
                    )
        if (
            reg
            and reg.required
            and reg.deadline
            and reg.deadline < today < phase.date.first_day()
        ):
            warn(
                phase.id,
                ("anmeldung", "frist"),
                f"der Anmeldeschluss {_fmt(reg.deadline)} ist vorbei, die Veranstaltung noch "
                f"nicht ({_fmt(phase.date)}); Einladung und Ankündigung sagen jetzt, dass die "
                "Frist abgelaufen ist, und nennen einen Kontakt für freie Plätze; verlängern "
                "Sie die Anmeldung, tragen Sie die neue Frist unter „anmeldung: frist“ ein",
            )
        if reg and reg.required and not reg.has_channel:
            warn(
                phase.id,
                ("anmeldung",),
                "Anmeldung erforderlich, aber kein Weg angegeben (url, email oder telefon)",
            )
        if reg and reg.required and phase.capacity is None:
            warn(
                phase.id,
                ("anmeldung",),
                "Anmeldung erforderlich, aber keine kapazitaet angegeben (Warteliste nicht möglich)",
            )
        if phase.date.last_day() < today and phase.results is None:
            warn(
                phase.id,
                ("datum",),
                f"die Veranstaltung liegt in der Vergangenheit ({_fmt(phase.date)}); "
                "tragen Sie die Ergebnisse unter „ergebnisse:“ ein",
            )
        if reg and reg.required and not phase.date.is_exact:
            warn(phase.id, ("datum",), "Anmeldung erforderlich, aber noch kein genaues Datum")

    collecting = [
        p
        for p in process.event_phases()
        if p.registration is not None and (p.registration.required or p.registration.has_channel)
    ]
    if collecting and process.privacy is None:
        warn(
            collecting[0].id,
            ("anmeldung",),
            "Anmeldungen werden erhoben, aber der Abschnitt „datenschutz:“ fehlt – ohne ihn "
            "schreibt ik privacy-notice keine Datenschutzinformation (Art. 13 DSGVO); ergänzen "
            "Sie mindestens datenschutzbeauftragte und aufsichtsbehoerde",
        )

    for step in process.phases:
        if isinstance(step, MilestonePhase) and step.outcome_missing(today):
            warn(
                step.id,
                ("datum",),
                f"der Termin ist vorbei ({_fmt(step.date)}), aber kein Ergebnis eingetragen; "
                "tragen Sie bei der Phase „beschluss:“ ein mit datum (JJJJ-MM-TT), ergebnis "
                "(z. B. einstimmig beschlossen) und drucksache – oder „status: verschoben“",
            )

    for item in process.phases:
        if item.results is not None and item.first_day() > today:
            warn(
                item.id,
                ("ergebnisse",),
                f"es sind schon Ergebnisse eingetragen, die Phase beginnt aber erst am "
                f"{_fmt(item.first_day())}; Dokumentation und Prozessseite zeigen sie erst ab "
                "diesem Tag",
            )

    for online in process.online_phases():
        if online.url is None:
            warn(online.id, (), "Online-Phase ohne url: wohin sollen die Menschen gehen?")

    previous: AnyPhase | None = None
    for item in process.phases:
        _, last = _first_last(item)
        if previous is not None and last < _first_last(previous)[0]:
            warn(
                item.id,
                _date_key(item),
                f"liegt zeitlich vor der vorherigen Phase „{previous.id}“; "
                "Phasen bitte in zeitlicher Reihenfolge angeben",
            )
        previous = item

    council = process.council_decision()
    if council is not None:
        council_last = _first_last(council)[1]
        for item in process.phases:
            if item is not council and _first_last(item)[0] > council_last:
                warn(
                    item.id,
                    _date_key(item),
                    f"liegt nach dem Ratsbeschluss „{council.id}“ ({_fmt(council.date)})",
                )
    for found in find_placeholders(loc.data):
        warnings.append(
            loc.problem(
                found.path,
                f"noch ein Platzhalter aus ik new-process ({found.what}) – ersetzen Sie ihn "
                "durch Ihre Angabe; solange schreibt ik build nichts, was hinausgeht "
                "(Einladungen, Pressemitteilungen, Listen, QR-Codes, Kalender)",
            )
        )
    warnings.sort(key=lambda w: (w.line, w.column))
    return warnings
