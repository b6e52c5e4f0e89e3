"""The figures computed from a tracker whose truth is known (see conftest.TRUTH)."""

from __future__ import annotations

from pathlib import Path

import pytest
from results_helpers import TRUTH, Case, Person, build_tracker, person_row

from integrakonzept.errors import TrackerError
from integrakonzept.people.roster import Attendance, Status
from integrakonzept.people.roster import read_roster as read_tracker
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import (
    LANGUAGE_OTHER,
    LANGUAGE_UNSPECIFIED,
    languages_of,
    participation,
)

pytest_plugins = ["results_fixtures"]  # fixtures: musterstadt, musterstadt_module


def _figures(case: Case):  # type: ignore[no-untyped-def]
    process = load_process(case.process)
    return process, participation(process, read_tracker(case.tracker, process))


def test_event_figures_match_the_truth(musterstadt: Case) -> None:
    _, figures = _figures(musterstadt)
    for event in ("auftakt", "fachforum"):
        f = figures.event(event)
        truth = TRUTH[event]
        assert (f.registered, f.attended, f.absent, f.excused, f.waitlist, f.cancelled) == (
            truth["registered"],
            truth["attended"],
            truth["absent"],
            truth["excused"],
            truth["waitlist"],
            truth["cancelled"],
        )
    workshop = figures.event("workshop")
    assert workshop.registered == 8
    assert workshop.attended is None and not workshop.attendance_recorded
    assert workshop.participants == 14 and workshop.participants_source == "prozessdatei"
    assert figures.event("konferenz").registered == 40
    assert figures.event("konferenz").participants is None


def test_tracker_attendance_wins_over_the_process_file(musterstadt: Case) -> None:
    _, figures = _figures(musterstadt)
    auftakt = figures.event("auftakt")
    assert auftakt.participants_from_file == 99
    assert auftakt.participants == 21 and auftakt.participants_source == "tracker"
    [warning] = [w for w in figures.warnings if "99" in w]
    assert "Die Anmeldeliste zählt 21 Teilnehmende, die Prozessdatei nennt 99" in warning


def test_unique_persons_roles_and_needs(musterstadt: Case) -> None:
    _, figures = _figures(musterstadt)
    assert figures.persons_attended == TRUTH["persons_attended"]
    assert figures.persons_registered == TRUTH["persons_registered"]
    assert figures.persons_repeat == TRUTH["persons_repeat"]
    assert figures.roles_persons == TRUTH["roles_persons"]
    assert figures.event("auftakt").roles == TRUTH["auftakt_roles"]
    assert figures.event("fachforum").roles == TRUTH["fachforum_roles"]
    assert figures.languages == TRUTH["languages"]
    auftakt = figures.event("auftakt")
    assert auftakt.interpreter_requests == TRUTH["interpreter_requests"]
    assert auftakt.childcare == TRUTH["childcare"]
    assert auftakt.accessibility == TRUTH["accessibility"]
    assert figures.topics == TRUTH["topics"]
    assert figures.organisations == TRUTH["organisations"]
    assert figures.total_participations == TRUTH["participations_total"]


def test_rows_for_unknown_events_are_reported_by_row_number_only(musterstadt: Case) -> None:
    process = load_process(musterstadt.process)
    data = read_tracker(musterstadt.tracker, process)
    assert len(data.unknown_event_rows) == 1
    (note,) = [n for n in data.notes if "keiner Veranstaltung" in n]
    assert "Zeile" in note and "Sommerfest" not in note and "Qx" not in note


def test_columns_are_found_by_header_below_a_title_row(tmp_path: Path, musterstadt: Case) -> None:
    process = load_process(musterstadt.process)
    rows = [person_row(Person("A", "Politik"), "auftakt", attendance="ja")]
    tracker = build_tracker(tmp_path / "t.xlsx", rows, header_row=3)
    (registration,) = read_tracker(tracker, process).registrations
    assert registration.event == "auftakt"
    assert registration.role == "Politik"
    assert registration.status is Status.REGISTERED
    assert registration.attendance is Attendance.ATTENDED
    assert registration.row == 4


def test_attendance_count_for_the_press_release(musterstadt: Case) -> None:
    process = load_process(musterstadt.process)
    bare = participation(process, read_tracker(musterstadt.tracker))
    assert bare.event("auftakt").attended == 21
    assert bare.event("fachforum").attended == 7  # two rows name it by title
    figures = participation(process, read_tracker(musterstadt.tracker, process))
    assert figures.event("fachforum").attended == 9
    assert figures.event("workshop").attended is None


def test_languages_never_pass_free_text_through() -> None:
    from integrakonzept.results.participation import _known_languages

    known = _known_languages()
    assert languages_of("Arabisch, Türkisch", known) == ["Arabisch", "Türkisch"]
    assert languages_of("Dari oder Farsi", known) == ["Dari", "Farsi"]
    assert languages_of("ja", known) == [LANGUAGE_UNSPECIFIED]
    assert languages_of("Frau Qxgeheim anrufen", known) == [LANGUAGE_OTHER]
    assert languages_of("", known) == []


def test_a_missing_tracker_is_a_tracker_error(tmp_path: Path) -> None:
    with pytest.raises(TrackerError) as info:
        read_tracker(tmp_path / "fehlt.xlsx")
    assert info.value.message == f"Die Anmeldeliste {tmp_path / 'fehlt.xlsx'} gibt es nicht."


def _wrong_sheet(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Tabelle1"
    workbook.save(path)


def _no_event_column(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Anmeldungen"
    workbook.active.append(["Vorname", "Nachname"])
    workbook.save(path)


def _not_a_workbook(path: Path) -> None:
    path.write_text("kein Excel", encoding="utf-8")


@pytest.mark.parametrize("make", [_wrong_sheet, _no_event_column, _not_a_workbook])
def test_an_unusable_tracker_is_a_tracker_error(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    # The wording belongs to people.tracker (the one reader of the layout); here it
    # matters that the user gets a TrackerError naming the file, not a traceback.
    path = tmp_path / "liste.xlsx"
    make(path)
    with pytest.raises(TrackerError) as info:
        read_tracker(path)
    assert "liste.xlsx" in info.value.message


def test_without_a_tracker_only_the_process_file_counts(musterstadt: Case) -> None:
    process = load_process(musterstadt.process)
    figures = participation(process, None)
    assert not figures.tracker_used
    assert figures.event("auftakt").participants == 99
    assert figures.event("workshop").participants == 14
    assert figures.persons_attended is None and figures.roles_persons == {}
