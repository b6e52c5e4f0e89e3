"""A call to an online phase dated before the phase starts announces it in the future tense
with the start date (never „veröffentlicht … zur Kommentierung“ months ahead); more than two
weeks ahead, ik press-release and ik build warn."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from documents_support import example

from integrakonzept.documents.kit import build_kit
from integrakonzept.documents.press import EARLY_CALL_DAYS, press_release, timing_warnings
from integrakonzept.output import Writer

START = date(2025, 11, 3)  # Ostholstein: commenting 3 to 28 November 2025
DAYS = [date(2025, 5, 10), date(2025, 10, 19), date(2025, 10, 20), date(2025, 11, 2),
        START, date(2025, 11, 10), date(2025, 11, 28)]


def _text(day: date) -> str:
    release = press_release(example("ostholstein-2025"), "kommentierung", "aufruf", release_date=day)
    return " ".join(release.render("txt").decode("utf-8").split())


@pytest.mark.parametrize("day", DAYS)
def test_tense_follows_the_start_of_the_period(day: date) -> None:
    text = _text(day)
    future = day < START
    assert ("wird den Entwurf des Integrationskonzepts am 3. November 2025 zur Kommentierung "
            "veröffentlichen" in text) is future
    assert ("Mitmachen ist ab dem 3. November 2025 unter" in text) is future
    assert ("Der Kreis Ostholstein veröffentlicht den Entwurf" in text) is not future
    assert "Vom 3. bis 28. November 2025 können alle Interessierten" in text


@pytest.mark.parametrize("day", DAYS)
def test_warning_when_more_than_two_weeks_ahead(day: date, tmp_path: Path) -> None:
    process = example("ostholstein-2025")
    found = timing_warnings(process, "kommentierung", "aufruf", day)
    early = (START - day) > timedelta(days=EARLY_CALL_DAYS)
    assert len(found) == early
    if early:
        assert f"{(START - day).days} Tage vor dem Beginn (3. November 2025)" in found[0]
    result = build_kit(process, Writer(dry_run=True), output=tmp_path, phase_id="kommentierung",
                       release_date=day)
    assert result.warnings == found
