"""One meaning for every status, attendance and need value (people.status).

The statistics, the sign-up sheet, the import and the formulas of the sheet *Übersicht*
follow the same rules. The Excel formulas are checked by LibreOffice: it recalculates a
tracker full of hand-typed values, and every number must equal the Python figures for
the same rows.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from people_helpers import recalculate

from integrakonzept.people import status
from integrakonzept.people.roster import read_roster
from integrakonzept.people.schema import COLUMNS
from integrakonzept.people.status import Attendance, Status, attendance_of, states_need, status_of
from integrakonzept.people.tracker import make_tracker
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

STATUS_VALUES = {
    "": Status.REGISTERED,
    "angemeldet": Status.REGISTERED,
    "Angemeldet": Status.REGISTERED,
    "bestätigt": Status.REGISTERED,  # unknown: counts as registered (and is reported)
    "abgesagt": Status.CANCELLED,
    "Abgesagt": Status.CANCELLED,
    "ABGESAGT ": Status.CANCELLED,
    "storniert": Status.CANCELLED,
    "Storniert am 3.3.": Status.CANCELLED,
    "abgelehnt": Status.CANCELLED,
    "Abgemeldet": Status.CANCELLED,
    "zurückgezogen": Status.CANCELLED,
    "cancelled": Status.CANCELLED,
    "Warteliste": Status.WAITLIST,
    "warteliste": Status.WAITLIST,
    "wartet": Status.WAITLIST,
    "Nachrücker": Status.WAITLIST,
    "ohne Anmeldung": Status.WALK_IN,
    "Ohne Anmeldung (vor Ort)": Status.WALK_IN,
    "spontan": Status.WALK_IN,
    " abgesagt": Status.REGISTERED,  # a leading space: COUNTIFS cannot see past it either
}
ATTENDANCE_VALUES = {
    "": Attendance.UNKNOWN,
    "ja": Attendance.ATTENDED,
    "Ja": Attendance.ATTENDED,
    "JA, pünktlich": Attendance.ATTENDED,
    "x": Attendance.ATTENDED,
    "X": Attendance.ATTENDED,
    "teilgenommen": Attendance.ATTENDED,
    "Teilgenommen": Attendance.ATTENDED,
    "anwesend": Attendance.ATTENDED,
    "da": Attendance.ATTENDED,
    "✓": Attendance.ATTENDED,
    "nein": Attendance.ABSENT,
    "Nein": Attendance.ABSENT,
    "nicht erschienen": Attendance.ABSENT,
    "nicht da": Attendance.ABSENT,
    "abwesend": Attendance.ABSENT,
    "fehlt": Attendance.ABSENT,
    "-": Attendance.ABSENT,
    "entschuldigt": Attendance.EXCUSED,
    "Entschuldigt (krank)": Attendance.EXCUSED,
    "vielleicht": Attendance.UNKNOWN,
    "dabei gewesen": Attendance.UNKNOWN,  # "da" is an exact word, not a prefix
}
NEED_VALUES = {
    "": False,
    "ja": True,
    "2 Kinder": True,
    "Rollstuhl": True,
    "Arabisch": True,
    "nein": False,
    "Nein danke": False,
    "keine": False,
    "Kein Bedarf": False,
    "nicht nötig": False,
    "-": False,
    "no": False,
}


@pytest.mark.parametrize(("value", "meaning"), STATUS_VALUES.items())
def test_status_words(value: str, meaning: Status) -> None:
    assert status_of(value) is meaning


@pytest.mark.parametrize(("value", "meaning"), ATTENDANCE_VALUES.items())
def test_attendance_words(value: str, meaning: Attendance) -> None:
    assert attendance_of(value) is meaning


@pytest.mark.parametrize(("value", "meaning"), NEED_VALUES.items())
def test_need_words(value: str, meaning: bool) -> None:
    assert states_need(value) is meaning


def _countifs_match(criterion: str, value: str) -> bool:
    """How a spreadsheet program reads one COUNTIFS criterion (wildcards, no case)."""
    pattern = "".join(".*" if c == "*" else re.escape(c) for c in criterion.lower())
    return re.fullmatch(pattern, value.lower(), re.DOTALL) is not None


WORD_GROUPS = {
    "cancelled": status.CANCELLED_WORDS,
    "waitlist": status.WAITLIST_WORDS,
    "walk-in": status.WALK_IN_WORDS,
    "attended": status.ATTENDED_WORDS,
    "absent": status.ABSENT_WORDS,
    "excused": status.EXCUSED_WORDS,
    "no need": status.NO_NEED_WORDS,
}
_vocabulary = [w for g in WORD_GROUPS.values() for w in (*g.prefixes, *g.exact)]


@given(
    word=st.sampled_from(["", *_vocabulary]),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    before=st.sampled_from(["", " ", "x"]),
    after=st.text(alphabet="ab .,-0", max_size=4),
)
def test_python_rule_equals_the_excel_criteria(
    word: str, case: object, before: str, after: str
) -> None:
    """For every group, a value matches the Python rule exactly when one COUNTIFS criterion
    matches it – never two (the overview adds the criteria up)."""
    value = before + case(word) + after  # type: ignore[operator]
    for words in WORD_GROUPS.values():
        hits = sum(_countifs_match(c, value) for c in words.criteria)
        assert hits <= 1, (value, words)
        assert words.matches(value) == (hits == 1), (value, words)


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    column = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    for number, values in enumerate(rows, start=2):
        for key, value in values.items():
            if value:
                ws.cell(row=number, column=column[key]).value = value
                ws.cell(row=number, column=column[key]).data_type = "s"
    wb.save(path)


def _hand_typed_rows() -> list[dict[str, str]]:
    """Every status with every attendance value, spread over the events, needs mixed in."""
    rng = random.Random(8)
    events = ["auftakt", "workshop-bildung", "fachforum-arbeit"]
    needs = list(NEED_VALUES)
    rows = []
    for n, (state, came) in enumerate(itertools.product(STATUS_VALUES, ATTENDANCE_VALUES)):
        rows.append(
            {
                "event": events[n % len(events)],
                "first_name": f"Vorname{n}",
                "last_name": f"Nachname{n}",
                "email": f"p{n}@example.de",
                "status": state,
                "attendance": came,
                "childcare": rng.choice(needs),
                "accessibility": rng.choice(needs),
                "interpreter": rng.choice(needs),
            }
        )
    # an event where attendance was not taken: only registrations
    for n, state in enumerate(STATUS_VALUES):
        rows.append(
            {
                "event": "fachforum-arbeit" if n % 2 else "auftakt",
                "first_name": f"Ohne{n}",
                "last_name": "Teilnahme",
                "status": state,
            }
        )
    return rows


OVERVIEW = {
    "Angemeldet": "registered",
    "Warteliste": "waitlist",
    "Abgesagt": "cancelled",
    "Teilgenommen": "attended",
    "Nicht erschienen": "absent",
    "Entschuldigt": "excused",
    "Kinderbetreuung": "childcare",
    "Barrierefreiheit": "accessibility",
    "Dolmetschen": "interpreting",
}


@pytest.mark.slow
def test_excel_overview_after_libreoffice_equals_the_python_figures(
    process_file: Path, workdir: Path
) -> None:
    process = load_process(process_file)
    path = make_tracker(process, process_file).path
    rows = _hand_typed_rows()
    _write_rows(path, rows)
    figures = participation(process, read_roster(path, process))
    assert figures.event("auftakt").cancelled > 0 and figures.event("auftakt").waitlist > 0
    walk_ins = [r for r in rows if status_of(r.get("status")) is Status.WALK_IN]
    assert walk_ins and all(r["event"] for r in walk_ins)  # in the recalculated overview

    ws = load_workbook(recalculate(path, workdir), data_only=True)["Übersicht"]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(table) if r[0] == "Kennung")
    header = [str(h) for h in table[top] if h]
    checked = 0
    for line in table[top + 1 :]:
        if line[0] == "Gesamt":
            break
        cells = dict(zip(header, line, strict=False))
        f = figures.event(str(line[0]))
        for column, attribute in OVERVIEW.items():
            expected = getattr(f, attribute) or 0  # None: no attendance taken -> 0 in Excel
            assert cells[column] == expected, (line[0], column, cells[column], expected)
            checked += 1
    assert checked == 3 * len(OVERVIEW)
