"""Amtsblatt rhythms (planning.md §2.4) and their German validation errors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrakonzept.errors import ProcessFileError
from integrakonzept.process.council import WEEKDAYS, Amtsblatt
from integrakonzept.process.load import load_process

days = st.dates(date(2024, 1, 1), date(2030, 12, 31))


@given(first=days, span=st.integers(0, 120), weekday=st.sampled_from(WEEKDAYS))
def test_weekly_issues_fall_on_the_weekday_seven_days_apart(
    first: date, span: int, weekday: str
) -> None:
    amtsblatt = Amtsblatt.model_validate({"rhythmus": "woechentlich", "wochentag": weekday})
    issues = amtsblatt.issues_between(first, first + timedelta(days=span))
    assert all(d.weekday() == WEEKDAYS.index(weekday) for d in issues)
    assert all((b - a).days == 7 for a, b in zip(issues, issues[1:], strict=False))
    # None is missed: every matching day in the range is an issue.
    expected = [
        first + timedelta(days=i)
        for i in range(span + 1)
        if (first + timedelta(days=i)).weekday() == WEEKDAYS.index(weekday)
    ]
    assert issues == expected


@given(first=days, span=st.integers(0, 400))
def test_fortnightly_counts_from_the_first_issue(first: date, span: int) -> None:
    anchor = date(2025, 1, 8)
    amtsblatt = Amtsblatt.model_validate(
        {"rhythmus": "vierzehntaegig", "erste_ausgabe": anchor.isoformat()}
    )
    issues = amtsblatt.issues_between(first, first + timedelta(days=span))
    assert all((d - anchor).days % 14 == 0 for d in issues)
    assert all(first <= d <= first + timedelta(days=span) for d in issues)
    assert len(issues) in (span // 14, span // 14 + 1)


def test_monthly_by_day_or_first_weekday_and_explicit_issues() -> None:
    fifteenth = Amtsblatt.model_validate({"rhythmus": "monatlich", "tag_im_monat": 15})
    assert fifteenth.issues_between(date(2025, 11, 16), date(2026, 2, 15)) == [
        date(2025, 12, 15),
        date(2026, 1, 15),
        date(2026, 2, 15),
    ]
    first_friday = Amtsblatt.model_validate({"rhythmus": "monatlich", "wochentag": "fr"})
    assert first_friday.issues_between(date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 2),
        date(2026, 2, 6),
        date(2026, 3, 6),
    ]
    listed = Amtsblatt.model_validate({"ausgaben": ["2026-03-04", "2026-01-07"]})
    assert listed.issues_between(date(2026, 1, 1), date(2026, 2, 28)) == [date(2026, 1, 7)]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("    redaktionsschluss_tage: 7\n", "Amtsblatt braucht ausgaben oder einen rhythmus"),
        ("    rhythmus: woechentlich\n", "rhythmus woechentlich braucht einen wochentag"),
        ("    rhythmus: vierzehntaegig\n", "rhythmus vierzehntaegig braucht erste_ausgabe"),
        (
            "    rhythmus: monatlich\n    wochentag: fr\n    tag_im_monat: 15\n",
            "rhythmus monatlich braucht genau eines von wochentag oder tag_im_monat",
        ),
    ],
)
def test_incomplete_amtsblatt_is_a_located_german_error(
    write_yaml: Any, minimal_yaml: str, block: str, message: str
) -> None:
    path = write_yaml(minimal_yaml + "planung:\n  amtsblatt:\n" + block)
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    text = str(info.value)
    assert message in text and "planung.amtsblatt" in text
