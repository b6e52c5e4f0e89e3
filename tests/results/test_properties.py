"""Property: any tracker written with ik's headers gives the figures counted by hand."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from results_helpers import PROCESS_YAML, Person, build_tracker, person_row

from integrakonzept.people.roster import read_roster as read_tracker
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation

EVENTS = ("auftakt", "fachforum", "workshop", "konferenz")
STATUSES = ("angemeldet", "Warteliste", "abgesagt", "")
ATTENDANCE = ("ja", "nein", "entschuldigt", "")
ROLES = ("Einwohner*in", "Hauptamt", "Ehrenamt", "Politik", "")

row_strategy = st.tuples(
    st.integers(0, 12),  # person
    st.sampled_from(EVENTS),
    st.sampled_from(STATUSES),
    st.sampled_from(ATTENDANCE),
    st.sampled_from(ROLES),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, max_size=30))
def test_figures_equal_a_direct_count(rows: list[tuple[int, str, str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        process_file = base / "prozess.yaml"
        process_file.write_text(textwrap.dedent(PROCESS_YAML).lstrip(), encoding="utf-8")
        tracker = build_tracker(
            base / "t.xlsx",
            [
                person_row(Person(f"P{person}", role), event, status=status, attendance=attendance)
                for person, event, status, attendance, role in rows
            ],
        )
        process = load_process(process_file)
        figures = participation(process, read_tracker(tracker, process))

    for event in EVENTS:
        mine = [r for r in rows if r[1] == event]
        f = figures.event(event)
        registered = [r for r in mine if r[2] in ("angemeldet", "")]
        assert f.registered == len(registered)
        assert f.waitlist == sum(1 for r in mine if r[2] == "Warteliste")
        assert f.cancelled == sum(1 for r in mine if r[2] == "abgesagt")
        recorded = any(r[3] for r in mine)
        assert f.attendance_recorded == recorded
        if recorded:
            assert f.attended == sum(1 for r in mine if r[3] == "ja")
            assert f.absent == sum(1 for r in registered if r[3] == "nein")
            assert f.excused == sum(1 for r in mine if r[3] == "entschuldigt")  # any status
        else:
            assert f.attended is None
    assert figures.persons_registered == len({r[0] for r in rows if r[2] in ("angemeldet", "")})
    if any(r[3] for r in rows):
        assert figures.persons_attended == len({r[0] for r in rows if r[3] == "ja"})
        assert sum(figures.roles_persons.values()) == figures.persons_attended
