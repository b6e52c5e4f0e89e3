"""Small-number suppression: primary „< 3“, secondary „x“, never recoverable from a total."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from integrakonzept.results.privacy import suppress, suppress_one


def test_small_counts_are_hidden_and_the_complement_too() -> None:
    counts = suppress({"Einwohner": 15, "Ehrenamt": 4, "Politik": 2}, 3)
    assert [c.shown for c in counts.values()] == ["15", "x", "< 3"]
    assert counts["Politik"].public_value is None
    assert counts["Ehrenamt"].public_value is None
    assert counts["Einwohner"].public_value == 15


def test_two_small_counts_protect_each_other() -> None:
    counts = suppress({"Hauptamt": 5, "Verwaltung": 2, "Ehrenamt": 1}, 3)
    assert [c.shown for c in counts.values()] == ["5", "< 3", "< 3"]


def test_zero_is_shown_and_needs_no_protection() -> None:
    counts = suppress({"a": 0, "b": 7}, 3)
    assert [c.shown for c in counts.values()] == ["0", "7"]


def test_a_lone_small_cell_next_to_zeros_hides_the_zeros_too() -> None:
    # total 1 and „Einwohner 0“ would give „Politik = 1“ away
    counts = suppress({"Einwohner": 0, "Politik": 1}, 3)
    assert [c.shown for c in counts.values()] == ["x", "< 3"]


def test_without_a_published_total_no_secondary_suppression() -> None:
    counts = suppress({"a": 1, "b": 9}, 3, total_published=False)
    assert [c.shown for c in counts.values()] == ["< 3", "9"]


def test_threshold_is_configurable_and_one_switches_it_off() -> None:
    assert [c.shown for c in suppress({"a": 4, "b": 5, "c": 20}, 5).values()] == ["< 5", "x", "20"]
    assert [c.shown for c in suppress({"a": 1, "b": 2}, 1).values()] == ["1", "2"]
    assert suppress_one(2, 3).shown == "< 3"
    assert suppress_one(1200, 3).shown == "1.200"


@given(
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), min_size=1, max_size=8),
    st.integers(2, 6),
)
def test_no_small_count_can_be_recovered_from_the_total(values: dict[str, int], threshold: int) -> None:
    counts = suppress(values, threshold)
    total = sum(values.values())
    hidden = [k for k, c in counts.items() if c.is_hidden]
    # every small non-zero count is hidden ...
    assert all(counts[k].is_hidden for k, v in values.items() if 0 < v < threshold)
    # ... and what is visible never pins down a single hidden cell
    if hidden and len(values) > 1:
        assert len(hidden) >= 2
        visible = sum(c.value for c in counts.values() if not c.is_hidden)
        assert total - visible == sum(values[k] for k in hidden)
    # a hidden cell never shows its number
    for key in hidden:
        assert counts[key].shown in {f"< {threshold}", "x"}
