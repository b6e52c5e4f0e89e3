"""Value types: dates with or without a day, DIN 5008 phone numbers, ids."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from integrakonzept.process.presets import PRESETS, slug
from integrakonzept.process.types import PartialDate, parse_phone


@pytest.mark.parametrize(
    ("text", "national", "international"),
    [
        ("04121 231-475", "04121 231-475", "+49 4121 231-475"),
        ("+49 (0) 4121 / 231 – 475", "04121 231-475", "+49 4121 231-475"),
        ("030 3432622-113", "030 3432622-113", "+49 30 3432622-113"),
        ("0151 12345678", "0151 12345678", "+49 151 12345678"),
        ("04121231475", "04121 231475", "+49 4121 231475"),
        ("0049 4521 788123", "04521 788123", "+49 4521 788123"),
    ],
)
def test_phone_numbers_follow_din_5008(text: str, national: str, international: str) -> None:
    phone = parse_phone(text)
    assert (phone.national, phone.international) == (national, international)


@pytest.mark.parametrize("text", ["12", "abc", "0000"])
def test_invalid_phone_numbers(text: str) -> None:
    with pytest.raises(PydanticCustomError):
        parse_phone(text)


def test_partial_dates_order_and_bounds() -> None:
    april = PartialDate.parse("2025-04")
    day = PartialDate.parse("2025-04-10")
    assert not april.is_exact and day.is_exact
    assert april.first_day() == date(2025, 4, 1) and april.last_day() == date(2025, 4, 30)
    assert PartialDate.parse("2024-02").last_day() == date(2024, 2, 29)
    assert PartialDate.parse("2025-04-01") < april < day < PartialDate.parse("2025-05-01")
    assert str(april) == "2025-04" and str(day) == "2025-04-10"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_partial_date_round_trip(value: date) -> None:
    assert PartialDate.parse(value.isoformat()).as_date() == value
    month = PartialDate.parse(value.isoformat()[:7])
    assert month.first_day() <= value <= month.last_day()


def test_slugs_are_valid_unique_ids() -> None:
    taken: set[str] = set()
    assert slug("Arbeit und Ausbildung", taken) == "arbeit-ausbildung"
    assert slug("Frühkindliche Förderung", taken) == "fruehkindliche-foerderung"
    assert slug("Arbeit und Ausbildung", taken) == "arbeit-ausbildung-2"
    for preset in PRESETS.values():
        ids: set[str] = set()
        for title in preset.fields:
            slug(title, ids)
        assert len(ids) == len(preset.fields)
