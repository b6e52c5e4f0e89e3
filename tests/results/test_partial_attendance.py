"""Attendance ticked for only part of an event never stands in for the event.

The one rule (:mod:`integrakonzept.results.participation`): the tracker's count is an
event's participant figure only where every „angemeldet“ row has a Teilnahme entry, or
the process file says ``teilnahme_vollstaendig: ja``; otherwise the process file's
``ergebnisse: teilnehmende`` counts (or there is no figure). Generated trackers, and every
document that prints the figure – documentation (Markdown, Excel, Word), ``ik status``,
the report press release – must show the same number for each event.
"""

from __future__ import annotations

import tempfile
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from results_helpers import PROCESS_YAML, Person, build_tracker, person_row

from integrakonzept.output import Writer
from integrakonzept.people.roster import read_roster
from integrakonzept.process.load import load_with_locator
from integrakonzept.render.locale import round_for_press
from integrakonzept.results.export import ExportOptions, export_results
from integrakonzept.results.participation import participation
from integrakonzept.results.status import collect_status

TODAY = date(2031, 1, 15)
#: the events the rows go to, with ``ergebnisse: teilnehmende`` of the process file
FILE_FIGURE = {"auftakt": 99, "fachforum": None}
TITLES = {"auftakt": "Auftaktveranstaltung", "fachforum": "Fachforum Arbeit"}
CAPACITY_LINE = {"auftakt": "    kapazitaet: 30\n", "fachforum": "    kapazitaet: 12\n"}
STATUSES = ("angemeldet", "", "Warteliste", "abgesagt", "ohne Anmeldung")
ATTENDANCE = ("ja", "nein", "entschuldigt", "", "", "")  # blank often: partial lists

rows_of_event = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.sampled_from(ATTENDANCE)), max_size=10
)


def expected_figure(rows: list[tuple[str, str]], marked: bool, from_file: int | None) -> int | None:
    """The rule, counted by hand from the generated rows."""
    registered = [a for s, a in rows if s in ("angemeldet", "")]
    recorded = any(a for _, a in rows)
    complete = recorded and (marked or all(registered))
    if complete:
        return sum(1 for _, a in rows if a == "ja")
    return from_file


#: how the press release writes small counts (numbers up to twelve as words)
WORDS = ("null", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
         "zehn", "elf", "zwölf")


def press_count(n: int) -> str:
    """A counted figure as the report press release writes it."""
    return WORDS[n] if n <= 12 else round_for_press(n).casefold()


def _md_participants(md: str) -> dict[str, str]:
    lines = md.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("| Veranstaltung | Datum"))
    columns = [c.strip() for c in lines[top].strip("|").split("|")]
    found: dict[str, str] = {}
    for line in lines[top + 2 :]:
        if not line.startswith("|"):
            break
        row = dict(zip(columns, [c.strip() for c in line.strip("|").split("|")], strict=False))
        found[row["Veranstaltung"]] = row["Teilgenommen"].rstrip("¹")
    return found


def _xlsx_participants(path: Path) -> dict[str, Any]:
    ws = load_workbook(path)["Veranstaltungen"]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(table) if r[0] == "Veranstaltung")
    rows = [dict(zip(table[top], r, strict=False)) for r in table[top + 1 :] if r[0]]
    return {str(r["Veranstaltung"]): r["Teilgenommen"] for r in rows}


def _docx_participants(path: Path) -> dict[str, str]:
    import docx

    document = docx.Document(str(path))

    def cells(row: Any) -> list[str]:
        return [c.text.replace("\xad", "") for c in row.cells]

    table = next(t for t in document.tables if "Anmeldungen" in cells(t.rows[0]))
    head = cells(table.rows[0])
    rows = [dict(zip(head, cells(r), strict=False)) for r in table.rows[1:]]
    return {r["Veranstaltung"]: r["Teilgenommen"].rstrip("¹") for r in rows}


def _row_for(table: dict[str, Any], title: str) -> Any:
    [value] = [v for k, v in table.items() if k.startswith(title)]
    return value


@settings(max_examples=8, print_blob=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    auftakt=rows_of_event,
    fachforum=rows_of_event,
    marked=st.fixed_dictionaries({"auftakt": st.booleans(), "fachforum": st.booleans()}),
)
def test_every_document_shows_the_same_figure_per_event(
    auftakt: list[tuple[str, str]],
    fachforum: list[tuple[str, str]],
    marked: dict[str, bool],
) -> None:
    generated = {"auftakt": auftakt, "fachforum": fachforum}
    text = textwrap.dedent(PROCESS_YAML).lstrip()
    for event, line in CAPACITY_LINE.items():
        assert line in text
        if marked[event]:
            text = text.replace(line, line + "    teilnahme_vollstaendig: ja\n")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        process_file = base / "prozess.yaml"
        process_file.write_text(text, encoding="utf-8")
        tracker = build_tracker(
            base / "anmeldungen.xlsx",
            [
                person_row(Person(f"{event[0]}{i}", "Hauptamt"), event, status, attendance)
                for event, rows in generated.items()
                for i, (status, attendance) in enumerate(rows)
            ],
        )
        process, locator = load_with_locator(process_file)
        roster = read_roster(tracker, process)
        figures = participation(process, roster)
        status = collect_status(
            process, roster, process_file=process_file, locator=locator, today=TODAY
        )
        out = base / "doku"
        export_results(
            process,
            Writer(),
            roster=roster,
            output=out,
            options=ExportOptions(formats=("md", "xlsx", "docx"), today=TODAY),
        )
        md = next(out.glob("*.md")).read_text(encoding="utf-8")
        markdown = _md_participants(md)
        excel = _xlsx_participants(next(out.glob("*.xlsx")))
        word = _docx_participants(next(out.glob("*.docx")))
        from integrakonzept.documents.press import press_release

        press = press_release(
            process, "auftakt", "nachbericht", release_date=TODAY, figures=figures
        ).render("md").decode("utf-8")

    for event, rows in generated.items():
        expected = expected_figure(rows, marked[event], FILE_FIGURE[event])
        shown = "–" if expected is None else str(expected)
        assert figures.event(event).participants == expected, event
        [load] = [e for e in status.events if e.id == event]
        assert load.participants == expected, event
        assert _row_for(markdown, TITLES[event]) == shown, event
        assert _row_for(word, TITLES[event]) == shown, event
        assert _row_for(excel, TITLES[event]) == expected, event
        partial = figures.event(event).incomplete
        warned = [w for w in figures.warnings if w.startswith(f"„{TITLES[event]}")]
        assert partial is (any(a for _, a in rows) and expected_figure(rows, marked[event], -1) == -1)
        assert len([w for w in warned if "nur teilweise erfasst" in w]) == (1 if partial else 0)

    # the report press release uses the same figure (a counted one rounded as a press office
    # would), never a partial count
    f = figures.event("auftakt")
    flat = " ".join(press.split()).casefold()
    if f.participants_source == "prozessdatei":
        assert "99 " in flat
    else:
        assert "99" not in flat
        if f.participants is not None and f.participants >= 2:
            assert press_count(int(f.participants)) + " " in flat
    if f.incomplete and f.attended and f.attended >= 2:
        lead = flat.split("# ", 1)[-1][:60]
        assert not lead.startswith(press_count(f.attended) + " ")
    # the key figure sums exactly the figures the table shows
    numbers = [int(v) for v in markdown.values() if v.isdigit()]
    if numbers:
        assert f"| Teilnahmen | {sum(numbers)} |" in md


def test_the_participations_tile_says_where_its_parts_come_from(tmp_path: Path) -> None:
    """„Teilnahmen“ adds tracker counts and process-file figures: the tile says how many
    events each source gave, in every format (and nothing of the kind when one source)."""
    import subprocess

    import docx

    process_file = tmp_path / "prozess.yaml"
    process_file.write_text(textwrap.dedent(PROCESS_YAML).lstrip(), encoding="utf-8")
    process, _ = load_with_locator(process_file)
    # auftakt: all five came (complete) -> 5 from the tracker; workshop: 14 from the file
    rows = [person_row(Person(f"a{i}", "Hauptamt"), "auftakt", "angemeldet", "ja") for i in range(5)]
    tracker = build_tracker(tmp_path / "anmeldungen.xlsx", rows)
    roster = read_roster(tracker, process)
    out = tmp_path / "doku"
    export_results(
        process,
        Writer(),
        roster=roster,
        output=out,
        options=ExportOptions(formats=("md", "xlsx", "docx", "pdf"), today=TODAY),
    )
    note = "davon 1 Veranstaltung laut Anmeldeliste, 1 laut Prozessdatei (¹)"
    md = " ".join(next(out.glob("*.md")).read_text(encoding="utf-8").split())
    assert f"| Teilnahmen | 19 | Summe über die Veranstaltungen; {note};" in md
    document = docx.Document(str(next(out.glob("*.docx"))))
    tiles = [
        [c.text.replace("\xad", "") for c in row.cells]
        for table in document.tables
        for row in table.rows
    ]
    [tile] = [t for t in tiles if t[0] == "Teilnahmen"]
    assert tile[1] == "19" and note in " ".join(tile[2].split())
    ws = load_workbook(next(out.glob("*.xlsx"))).worksheets[0]
    [row] = [r for r in ws.iter_rows(values_only=True) if "Teilnahmen" in r]
    assert note in " ".join(str(v) for v in row if v)
    pdf = subprocess.run(
        ["pdftotext", str(next(out.glob("*.pdf"))), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert note.replace(" ", "") in pdf.replace("\xad", "").replace("-\n", "").replace("\n", "").replace(" ", "")

    # one source only: no „davon“
    one = export_results(
        process,
        Writer(),
        roster=None,
        output=tmp_path / "ohne",
        options=ExportOptions(formats=("md",), today=TODAY),
    )
    assert one.folder.exists()
    md_file = " ".join(next((tmp_path / "ohne").glob("*.md")).read_text(encoding="utf-8").split())
    assert "| Teilnahmen |" in md_file and "laut Anmeldeliste" not in md_file
