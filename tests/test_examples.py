"""Every shipped example is valid, and the editor schema beside them is current."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_FILES, EXAMPLES
from integrakonzept.process.checks import plausibility_warnings
from integrakonzept.process.load import load_with_locator
from integrakonzept.process.model import MilestonePhase
from integrakonzept.process.schema import schema_text


def test_there_are_at_least_two_examples() -> None:
    assert {p.parent.name for p in EXAMPLE_FILES} >= {"elmshorn-2025", "ostholstein-2025"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.parent.name)
def test_example_is_valid_and_plausible_before_it_starts(path: Path) -> None:
    process, locator = load_with_locator(path)
    first = min(p.sort_date.first_day() for p in process.phases)
    warnings = plausibility_warnings(process, locator, first)
    # The examples show the finished process, results included. Looked at on its first day,
    # results of later phases are entered early: exactly those are named, nothing else.
    early = {
        f"phasen[{p.id}].ergebnisse"
        for p in process.phases
        if p.results is not None and p.first_day() > first
    }
    assert {w.path for w in warnings} == early
    assert all("erst am" in w.message for w in warnings)


def test_elmshorn_facts() -> None:
    process, _ = load_with_locator(EXAMPLES / "elmshorn-2025" / "prozess.yaml")
    kickoff = process.phase("auftakt")
    assert kickoff.is_event
    assert str(process.contact.phone) == "04121 231-475"
    assert process.press_contact.phone is not None
    assert process.press_contact.phone.international == "+49 4121 231-100"
    assert process.partners[0].name == "KIESEL"
    assert process.council_decision() is not None


def test_schema_file_is_current() -> None:
    committed = (EXAMPLES / "ik-schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate with: ik schema > examples/ik-schema.json"


def test_today_is_not_needed_for_loading() -> None:
    for path in EXAMPLE_FILES:
        process, locator = load_with_locator(path)
        # Far in the future every event is past; only events without results and council
        # steps without their outcome warn.
        warned = {
            w.path.split(".")[0] for w in plausibility_warnings(process, locator, date(2099, 1, 1))
        }
        without_results = {f"phasen[{p.id}]" for p in process.event_phases() if p.results is None}
        without_outcome = {
            f"phasen[{p.id}]"
            for p in process.phases
            if isinstance(p, MilestonePhase) and p.needs_outcome and p.outcome is None
        }
        assert without_outcome
        assert warned == without_results | without_outcome
