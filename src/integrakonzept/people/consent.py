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


def missing_privacy_consent(roster: Roster) -> dict[str, int]:
    """Per event id: registrations with personal data but without privacy consent."""
    if not roster.has_privacy:
        return {}
    counts: dict[str, int] = {}
    for r in roster.registrations:
        if not r.event or r.status is Status.CANCELLED:
            continue
        if not (r.first_name or r.last_name or r.email or r.phone):
            continue
        if r.privacy != "ja":
            counts[r.event] = counts.get(r.event, 0) + 1
    return counts


def consent_warnings(process: Process, roster: Roster | None) -> list[str]:
    """German warnings (counts only, no names) for the roster of ``process``."""
    if roster is None:
        return []
    counts = missing_privacy_consent(roster)
    titles = {p.id: p.title for p in process.event_phases()}
    return [
        f"„{titles.get(event, event)}“: {n} Anmeldung{'en' if n != 1 else ''} ohne "
        "Datenschutz-Einwilligung (Spalte „Datenschutz“ nicht „ja“) – Einwilligung nachholen "
        "oder die Daten löschen."
        for event, n in sorted(counts.items())
    ]
