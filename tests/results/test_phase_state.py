"""The state of a phase: ``status:`` where given, else dates plus what was recorded.

A past event counts as held only with results or attendance; a council step is done only
with its recorded outcome; the timeline spans the process and marks "heute" only inside it.
"""

from __future__ import annotations

import html
import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from integrakonzept.process.load import load_process, load_with_locator
from integrakonzept.process.model import EventPhase, MilestonePhase, Process
from integrakonzept.results.participation import participation
from integrakonzept.results.report import (
    OUTCOME_MISSING,
    STATE_TEXT,
    build_report,
    phase_state,
    phase_when,
    state_text,
)
from integrakonzept.results.status import collect_status

LONG_AFTER = date(2031, 1, 1)


def _with(process: Process, phase_id: str, **changes: Any) -> Any:
    return process.phase(phase_id).model_copy(update=changes)


@pytest.fixture(scope="module")
def elmshorn() -> Process:
    return load_process(EXAMPLES / "elmshorn-2025" / "prozess.yaml")


STATUS = {
    "geplant": "ahead",
    "läuft": "running",
    "abgeschlossen": "done",
    "abgesagt": "cancelled",
    "verschoben": "postponed",
}


@pytest.mark.parametrize(
    ("status", "today"),
    list(itertools.product(STATUS, [date(2024, 1, 1), date(2025, 3, 19), LONG_AFTER])),
)
def test_status_in_the_file_decides(elmshorn: Process, status: str, today: date) -> None:
    phase = _with(elmshorn, "auftakt", status=status)
    assert phase_state(phase, today) == STATUS[status]
    assert phase_state(phase, today, attendance_taken=True) == STATUS[status]


@pytest.mark.parametrize("attendance_taken", [False, True])
@pytest.mark.parametrize("with_results", [False, True])
def test_a_past_event_is_held_only_with_results_or_attendance(
    elmshorn: Process, attendance_taken: bool, with_results: bool
) -> None:
    phase = elmshorn.phase("auftakt")
    assert isinstance(phase, EventPhase) and phase.results is not None
    phase = _with(elmshorn, "auftakt", results=phase.results if with_results else None)
    state = phase_state(phase, LONG_AFTER, attendance_taken)
    assert state == ("done" if with_results or attendance_taken else "open")
    # before and on the day: planned and running, whatever was recorded
    assert phase_state(phase, date(2025, 3, 18), attendance_taken) == "ahead"
    assert phase_state(phase, date(2025, 3, 19), attendance_taken) == "running"


def test_a_council_step_is_done_only_with_its_outcome(elmshorn: Process) -> None:
    from integrakonzept.process.model import Outcome

    decision = elmshorn.council_decision()
    assert isinstance(decision, MilestonePhase) and decision.outcome is None
    assert phase_state(decision, LONG_AFTER) == "ahead"
    outcome = Outcome.model_validate(
        {"datum": "2025-10-16", "ergebnis": "einstimmig beschlossen", "drucksache": "DS 25/117"}
    )
    assert phase_state(decision.model_copy(update={"outcome": outcome}), LONG_AFTER) == "done"
    # a write-up (Verschriftlichung) needs no outcome: over is over
    writing = next(
        p for p in elmshorn.phases if isinstance(p, MilestonePhase) and not p.needs_outcome
    )
    assert phase_state(writing, LONG_AFTER) == "done"


@pytest.mark.parametrize("example", ["elmshorn-2025", "ostholstein-2025"])
def test_examples_show_planned_council_steps_as_planned(example: str) -> None:
    path = EXAMPLES / example / "prozess.yaml"
    process, locator = load_with_locator(path)
    figures = participation(process, None)
    report = build_report(process, figures, LONG_AFTER)
    council = [p for p in process.phases if isinstance(p, MilestonePhase) and p.needs_outcome]
    assert council
    rows = {r.id: r for r in report.phases}
    svg = report.charts["zeitstrahl"].drawing.svg()
    status = collect_status(process, None, process_file=path, locator=locator, today=LONG_AFTER)
    upcoming = {u.title: u for u in status.upcoming}
    for step in council:
        # still planned (not done), but the date is over: the documents say what is missing
        assert rows[step.id].state == "ahead"
        assert rows[step.id].state_text == OUTCOME_MISSING != STATE_TEXT["ahead"]
        assert f"{step.title}: {phase_when(step)} ({OUTCOME_MISSING})" in html.unescape(svg)
        assert f"{step.title}: {phase_when(step)} (geplant)" not in html.unescape(svg)
        assert upcoming[step.title].state == "ahead"
        assert upcoming[step.title].text == f"{OUTCOME_MISSING} (beschluss:)"
        assert any(step.title in t.text and OUTCOME_MISSING in t.text for t in status.todos)
    assert all(r.state != "done" or r.id not in {c.id for c in council} for r in report.phases)
    assert "heute" not in svg  # 2031 is outside the process
    assert "2031" not in svg and "2030" not in svg  # the axis spans the process only


def test_today_is_marked_inside_the_process(elmshorn: Process) -> None:
    report = build_report(elmshorn, participation(elmshorn, None), date(2025, 4, 20))
    assert "heute" in report.charts["zeitstrahl"].drawing.svg()


def test_schema_and_reference_know_the_new_keys() -> None:
    text = (Path(__file__).parents[2] / "examples" / "ik-schema.json").read_text(encoding="utf-8")
    for key in ('"status"', '"beschluss"', '"drucksache"', '"verschoben"'):
        assert key in text


@pytest.mark.parametrize(
    ("attended", "from_file", "conflict"),
    [
        (33, 75, True),
        (48, 50, False),
        (50, 48, False),
        (90, 100, False),
        (89, 100, True),
        (6, 50, True),
        (None, 50, False),
        (6, None, False),
    ],
)
def test_conflict_beyond_a_small_tolerance(
    elmshorn: Process, attended: int | None, from_file: int | None, conflict: bool
) -> None:
    import dataclasses

    f = dataclasses.replace(
        participation(elmshorn, None).event("auftakt"),
        attended=attended,
        participants_from_file=from_file,
    )
    assert f.conflict is conflict
    assert f.participants == (attended if attended is not None else from_file)


@pytest.mark.parametrize(
    ("attended", "registered", "unrecorded", "marked", "from_file", "figure", "source"),
    [
        # every registration has an entry: the tracker's count, however small
        (6, 10, 0, False, 50, 6, "tracker"),
        (6, 10, 0, False, None, 6, "tracker"),
        # ticked for part of the event: the process file's figure, or none
        (6, 10, 4, False, 50, 50, "prozessdatei"),
        (3, 10, 6, False, None, None, ""),
        (20, 25, 1, False, 21, 21, "prozessdatei"),
        # marked complete in the process file: those without an entry did not come
        (6, 10, 4, True, 50, 6, "tracker"),
        (3, 10, 6, True, None, 3, "tracker"),
    ],
)
def test_attendance_for_part_of_an_event_never_stands_in_for_it(
    elmshorn: Process, attended: int, registered: int, unrecorded: int, marked: bool,
    from_file: int | None, figure: int | None, source: str,
) -> None:
    import dataclasses

    base = participation(elmshorn, None)
    f = dataclasses.replace(
        base.event("auftakt"),
        attended=attended,
        registered=registered,
        unrecorded=unrecorded,
        attendance_recorded=True,
        marked_complete=marked,
        participants_from_file=from_file,
    )
    partial = unrecorded > 0 and not marked
    assert f.incomplete is partial and f.attendance_complete is not partial
    assert f.participants == figure
    assert f.participants_source == source
    figures = dataclasses.replace(base, events=[f])
    lines = [w for w in figures.warnings if "nur teilweise erfasst" in w]
    assert len(lines) == (1 if partial else 0)
    if partial:
        [line] = lines
        assert f"({attended} mit „ja“, {unrecorded} Anmeldung" in line
        if from_file is None:
            assert "Die Unterlagen nennen deshalb keine Teilnehmendenzahl." in line
        else:
            assert f"Alle Unterlagen nennen deshalb die Zahl der Prozessdatei ({from_file})." in line
        assert not f.conflict  # the partial count is not compared with the file's figure


@pytest.mark.parametrize("status", [None, "geplant", "abgeschlossen", "verschoben", "abgesagt"])
@pytest.mark.parametrize("with_outcome", [False, True])
def test_a_past_council_step_says_its_outcome_is_missing(
    elmshorn: Process, status: str | None, with_outcome: bool
) -> None:
    from integrakonzept.process.model import Outcome

    outcome = Outcome.model_validate(
        {"datum": "2025-10-16", "ergebnis": "einstimmig beschlossen", "drucksache": "DS 25/117"}
    )
    decision = elmshorn.council_decision()
    assert decision is not None
    step = decision.model_copy(
        update={"status": status, "outcome": outcome if with_outcome else None}
    )
    day_before, after = date(2025, 9, 30), date(2025, 11, 1)  # decision in October 2025
    state = phase_state(step, after)
    text = state_text(step, state, after)
    if with_outcome or status in ("verschoben", "abgesagt"):
        assert text == STATE_TEXT[state] and "Ergebnis" not in text
    elif status == "abgeschlossen":
        assert text == "abgeschlossen – Ergebnis nicht eingetragen"
    else:
        assert text == OUTCOME_MISSING
    # before the date nothing is missing yet
    assert "Ergebnis" not in state_text(step, phase_state(step, day_before), day_before)
    assert step.outcome_missing(after) is (
        not with_outcome and status not in ("verschoben", "abgesagt")
    )
