"""Consent in the tracker: registrations without a privacy consent (``ik check``, ``ik status``).

The tracker has a column „Datenschutz“ (ja/nein, from the form's consent question, see
:mod:`integrakonzept.people.recognition`) and „Fotos“ (ja/nein/unbekannt). A registration
that still holds personal data and has no „ja“ in „Datenschutz“ is worth a warning: either
the form did not ask, or the person did not agree. Rows ``ik purge`` has anonymised and
cancelled registrations are not counted.
"""

from __future__ import annotations

from integrakonzept.people.roster import Roster
from integrakonzept.people.status import Status
from integrakonzept.process.model import Process
from integrakonzept.render.typography import quoted


def missing_privacy_consent(roster: Roster) -> dict[str, tuple[int, int]]:
    """Per event id: (registrations, walk-ins) with personal data but without privacy
    consent. A walk-in (status „ohne Anmeldung“, e.g. added by ``ik attendance``) is no
    registration and is counted apart."""
    if not roster.has_privacy:
        return {}
    counts: dict[str, tuple[int, int]] = {}
    tally = roster.tally
    for m, personal in zip(tally.meanings, tally.personal, strict=True):
        if not m.event or m.status is Status.CANCELLED:
            continue
        if personal and m.privacy != "ja":  # rows with personal data only
            registered, walk_ins = counts.get(m.event, (0, 0))
            if m.status is Status.WALK_IN:
                walk_ins += personal
            else:
                registered += personal
            counts[m.event] = (registered, walk_ins)
    return counts


def consent_warnings(process: Process, roster: Roster | None) -> list[str]:
    """German warnings (counts only, no names) for the roster of ``process``."""
    from integrakonzept.render.locale import counted

    if roster is None:
        return []
    titles = {p.id: p.title for p in process.event_phases()}
    warnings: list[str] = []
    for event, (registered, walk_ins) in sorted(missing_privacy_consent(roster).items()):
        parts = []
        if registered:
            parts.append(counted(registered, "Anmeldung", "Anmeldungen"))
        if walk_ins:
            parts.append(counted(walk_ins, "Person ohne Anmeldung", "Personen ohne Anmeldung"))
        warnings.append(
            f"{quoted(titles.get(event, event))}: Datenschutz-Einwilligung fehlt bei "
            + " und ".join(parts)
            + " (Spalte „Datenschutz“ nicht „ja“) – Einwilligung nachholen oder die Daten "
            "löschen."
        )
    return warnings
