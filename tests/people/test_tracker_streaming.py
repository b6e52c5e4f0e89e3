"""Reading commands (``ik status``, ``ik export-results``, the documents) stream the tracker:
rows come one at a time and nothing below the roster keeps them."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from integrakonzept.people.events import Catalog
from integrakonzept.people.roster import read_roster
from integrakonzept.people.trackerfile import read_tracker, scan_tracker, write_rows
from integrakonzept.people.workbook import save_new
from integrakonzept.process.load import load_process

PROCESS = Path(__file__).parent / "prozess.yaml"
EVENTS = ("auftakt", "workshop-bildung", "Auftaktveranstaltung Integrationskonzept", "x")
STATUS = ("angemeldet", "Warteliste", "storniert", "", "abgesagt")


def _tracker(folder: Path, rows: int) -> Path:
    catalog = Catalog.from_process(load_process(PROCESS))
    blank, target = folder / "leer.xlsx", folder / f"anmeldungen-{rows}.xlsx"
    save_new(catalog, blank)
    appends = [
        {
            "event": EVENTS[i % len(EVENTS)],
            "first_name": f"Vorname{i}",
            "last_name": f"Nachname Ö{i}",
            "email": f"person{i}@beispiel.de" if i % 3 else "",
            "status": STATUS[i % len(STATUS)],
            "organisation": "Verein" if i % 2 else "",
            "interpreter": "Arabisch" if i % 7 == 0 else "",
        }
        for i in range(rows)
    ]
    write_rows(read_tracker(blank), {}, appends, target)
    return target


@pytest.fixture(scope="module")
def trackers(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("streaming")
    return {rows: _tracker(folder, rows) for rows in (1000, 4000)}


def test_scan_gives_the_rows_the_writer_reads(trackers: dict[int, Path]) -> None:
    path = trackers[1000]
    scan = scan_tracker(path)
    assert isinstance(scan.rows, Iterator)  # a stream, not a list
    streamed = [(r.number, r.cells) for r in scan.rows]
    full = read_tracker(path)
    assert streamed == [(r.number, r.cells) for r in full.rows]
    assert scan.columns == full.columns
    assert len(streamed) == 1000


def _peak_while_streaming(path: Path) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for _ in scan_tracker(path).rows)
        return tracemalloc.get_traced_memory()[1] if count else 0
    finally:
        tracemalloc.stop()


def test_streaming_memory_does_not_grow_with_the_rows(trackers: dict[int, Path]) -> None:
    """Four times the rows, about the same Python memory: nothing is kept per row."""
    small, big = _peak_while_streaming(trackers[1000]), _peak_while_streaming(trackers[4000])
    assert big < small * 1.5 + 200_000, (small, big)
    # reading everything into a list (what the writer needs) does grow: the check can fail
    tracemalloc.start()
    try:
        kept = read_tracker(trackers[4000]).rows
        listed = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(kept) == 4000 and listed > big * 2, (listed, big)


def test_roster_from_the_stream_matches_every_row(trackers: dict[int, Path]) -> None:
    process = load_process(PROCESS)
    roster = read_roster(trackers[1000], process)
    rows = read_tracker(trackers[1000]).rows
    # the unknown event "x" is reported by row, the others are matched (id or title)
    assert [r.row for r in roster.registrations] == [r.number for r in rows]
    assert roster.unknown_event_rows == tuple(r.number for r in rows if r.text("event") == "x")
    assert {r.event for r in roster.registrations} == {"auftakt", "workshop-bildung", ""}
    assert sum(1 for r in roster.registrations if r.interpreter == "Arabisch") == len(
        [i for i in range(1000) if i % 7 == 0]
    )


def _reading(path: Path, ahead: bool) -> tuple[object, ...]:
    """What a counting reading gives (or the error it raises), with or without the read-ahead."""
    from integrakonzept.errors import TrackerError
    from integrakonzept.people import readahead
    from integrakonzept.people.readahead import read_ahead

    if ahead:
        read_ahead(path)
    try:
        roster = read_roster(path, load_process(PROCESS), rows=False)
    except TrackerError as error:
        outcome: tuple[object, ...] = ("error", error.message, error.hint)
    else:
        outcome = ("roster", roster.tally, roster.notes)
    assert not readahead._READ_AHEAD  # taken (or dropped), never left for a later reading
    return outcome


def test_read_ahead_gives_what_the_reading_gives(trackers: dict[int, Path], tmp_path: Path) -> None:
    """The sheet parsed in the background is the same reading: same rows, same errors; a file
    changed after the read-ahead started is read again."""
    import os
    import shutil

    from openpyxl import Workbook

    path = tmp_path / "anmeldungen.xlsx"
    shutil.copy(trackers[1000], path)
    plain = _reading(path, ahead=False)
    assert plain[0] == "roster" and _reading(path, ahead=True) == plain
    # changed after the read-ahead: the reading takes the new file
    from integrakonzept.people.readahead import read_ahead

    read_ahead(path)
    shutil.copy(trackers[4000], path)
    os.utime(path, ns=(1, 1))  # another modification time, whatever the clock
    changed = read_roster(path, load_process(PROCESS), rows=False)
    assert sum(changed.tally.counts) > sum(plain[1].counts)  # type: ignore[attr-defined]
    assert changed.tally == read_roster(path, load_process(PROCESS)).tally
    # no xlsx at all, and an xlsx without the sheet: the same errors
    broken = tmp_path / "kaputt.xlsx"
    broken.write_text("keine Tabelle", encoding="utf-8")
    assert _reading(broken, ahead=True) == _reading(broken, ahead=False)
    assert "keine lesbare Excel-Datei" in str(_reading(broken, ahead=True)[1])
    other = tmp_path / "andere.xlsx"
    book = Workbook()
    book.active.title = "Tabelle1"
    book.save(other)
    assert _reading(other, ahead=True) == _reading(other, ahead=False)
    assert "fehlt das Blatt" in str(_reading(other, ahead=True)[1])


def test_a_command_that_fails_before_reading_lets_the_read_ahead_go(
    trackers: dict[int, Path],
) -> None:
    from integrakonzept.people import readahead

    with pytest.raises(ValueError), readahead.reading_ahead() as read_ahead:
        read_ahead(trackers[1000])
        read_ahead(None)  # no tracker: nothing to read
        assert list(readahead._READ_AHEAD) == [trackers[1000].resolve()]
        raise ValueError("Prozessdatei fehlerhaft")
    assert not readahead._READ_AHEAD
