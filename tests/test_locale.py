"""German formatting: dates, times, numbers, gender style, language names."""

from __future__ import annotations

from datetime import date, time

import pytest

from integrakonzept.process.types import PartialDate
from integrakonzept.render import locale as de


def test_dates() -> None:
    day = date(2025, 3, 19)
    assert de.format_date_full(day) == "Mittwoch, 19. März 2025"
    assert de.format_date_long(date(2025, 3, 5)) == "5. März 2025"
    assert de.format_day(date(2025, 3, 5)) == "05.03.2025"
    assert de.format_when(PartialDate(2025, 4)) == "im April 2025"
    assert de.format_when(PartialDate(2025, 3, 19)) == "am Mittwoch, 19. März 2025"
    assert de.format_period(date(2025, 3, 3), date(2025, 3, 28)) == "vom 3. bis 28. März 2025"
    assert (
        de.format_period(date(2025, 1, 15), date(2025, 2, 11))
        == "vom 15. Januar bis 11. Februar 2025"
    )
    assert (
        de.format_period(date(2025, 12, 15), date(2026, 1, 9))
        == "vom 15. Dezember 2025 bis 9. Januar 2026"
    )


def test_times() -> None:
    assert de.format_time_range(time(16), time(19)) == "16:00 bis 19:00\u00a0Uhr"
    assert de.format_time_range(time(9, 30), None) == "ab 09:30\u00a0Uhr"
    assert de.format_time_range(None, None) == ""
    assert de.format_clock(time(15, 30)) == "15:30\u00a0Uhr"


def test_numbers_and_press_rounding() -> None:
    assert de.format_number(10082) == "10.082"
    counts = (12, 47, 50, 73, 75, 123, 487, 1234, 1250)
    assert [de.round_for_press(n) for n in counts] == [
        "12",
        "rund 50",
        "50",
        "rund 70",
        "75",
        "rund 120",
        "rund 490",
        "rund 1.200",
        "1.250",
    ]
    assert de.format_euro(12500) == "12.500,00\u00a0€"


@pytest.mark.parametrize(
    ("style", "nominative", "dative"),
    [
        ("stern", "Einwohner*innen", "Einwohner*innen"),
        ("doppelpunkt", "Einwohner:innen", "Einwohner:innen"),
        ("paarform", "Einwohnerinnen und Einwohner", "Einwohnerinnen und Einwohnern"),
        ("neutral", "Einwohnende", "Einwohnenden"),
    ],
)
def test_gender_styles(style: de.GenderStyle, nominative: str, dative: str) -> None:
    assert de.gendered("einwohner", style) == nominative
    assert de.gendered("einwohner", style, "dat") == dative


def test_every_lexicon_word_has_every_style() -> None:
    for word in de.GENDER_WORDS:
        for style in ("stern", "doppelpunkt", "paarform", "neutral"):
            assert de.gendered(word, style)  # type: ignore[arg-type]
    assert de.gendered("teilnehmer", "neutral") == "Teilnehmende"
    assert de.gendered("migranten", "doppelpunkt") == "Migrant:innen"


def test_language_names_and_join() -> None:
    assert [de.language_name(c) for c in ("ar", "tr", "uk", "fa", "de-x-ls")] == [
        "Arabisch",
        "Türkisch",
        "Ukrainisch",
        "Persisch",
        "Leichte Sprache",
    ]
    assert de.join(["Sprache", "Arbeit", "Begegnung"]) == "Sprache, Arbeit und Begegnung"
    assert de.join(["Sprache"]) == "Sprache"
