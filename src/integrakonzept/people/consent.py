"""Consent in the tracker: registrations without a privacy consent (``ik check``, ``ik status``).

The tracker has a column „Datenschutz“ (ja/nein, from the form's consent question, see
:mod:`integrakonzept.people.recognition`) and „Fotos“ (ja/nein/unbekannt). A registration
that still holds personal data and has no „ja“ in „Datenschutz“ is worth a warning: either
the form did not ask, or the person did not agree. Rows ``ik purge`` has anonymised and
cancelled registrations are not counted.
"""

from __future__ import annotations

from pathlib import Path

from integrakonzept.people import normalize as norm
from integrakonzept.people.events import Catalog
from integrakonzept.people.status import Status, status_of
from integrakonzept.people.trackerfile import read_tracker
from integrakonzept.process.model import Process

_PERSONAL = ("first_name", "last_name", "email", "phone")


def missing_privacy_consent(process: Process, tracker: Path) -> dict[str, int]:
    """Per event id: registrations with personal data but without privacy consent."""
    state = read_tracker(tracker)
    if "privacy" not in state.columns:
        return {}
    catalog = Catalog.from_process(process)
    counts: dict[str, int] = {}
    for row in state.rows:
        value = row.text("event").strip()
        ids = catalog.match_event(value) if value else None
        if not ids or len(ids) != 1:
            continue
        if status_of(row.text("status")) is Status.CANCELLED:
            continue
        if not any(row.text(k).strip() for k in _PERSONAL):
            continue
        if norm.consent(row.text("privacy")) != "ja":
            counts[ids[0]] = counts.get(ids[0], 0) + 1
    return counts


def consent_warnings(process: Process, tracker: Path | None = None) -> list[str]:
    """German warnings (counts only, no names) for the tracker of ``process``."""
    path = tracker or process.tracker
    if path is None or not path.is_file():
        return []
    counts = missing_privacy_consent(process, path)
    titles = {p.id: p.title for p in process.event_phases()}
    return [
        f"„{titles.get(event, event)}“: {n} Anmeldung{'en' if n != 1 else ''} ohne "
        "Datenschutz-Einwilligung (Spalte „Datenschutz“ nicht „ja“) – Einwilligung nachholen "
        "oder die Daten löschen."
        for event, n in sorted(counts.items())
    ]
