"""A checkbox answer naming several events ("A, B" from Google Forms, "A;B" from Nextcloud
Forms and MS Forms) gives one registration per event; a part naming none is reported,
never taken for the whole answer (review: a person registered for two events was lost)."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from people_helpers import EXPORTS, PROCESS, people, replace_in_process, tracker_rows

from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

AUFTAKT = "Auftaktveranstaltung Integrationskonzept"
WORKSHOP = "Workshop Bildung und Sprache"
FORUM = "Fachforum Arbeit"
UNKNOWN = "Stadtfest im Sommer"
TITLES = {"auftakt": AUFTAKT, "workshop-bildung": WORKSHOP, "fachforum-arbeit": FORUM}


def _csv_export(source: str, folder: Path, header: str, answer: str) -> Path:
    """The fixture ``source`` with only its first data row, whose event answer is ``answer``."""
    with (EXPORTS / source).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index(header)
    rows[1][column] = answer
    target = folder / source
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows[:2])
    return target


def _msforms_export(folder: Path, answer: str) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(EXPORTS / "msforms-de.xlsx")
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Zu welcher Veranstaltung melden Sie sich an?") + 1).value = (
        answer
    )
    ws.delete_rows(3, ws.max_row)
    target = folder / "msforms-de.xlsx"
    wb.save(target)
    return target


def _export(tool: str, folder: Path, answer: str) -> Path:
    if tool == "Google Forms":
        return _csv_export(
            "gforms-de.csv", folder, "An welchen Veranstaltungen nehmen Sie teil?", answer
        )
    if tool == "Nextcloud Forms":
        return _csv_export("nextcloud.csv", folder, "Welche Veranstaltungen besuchen Sie?", answer)
    return _msforms_export(folder, answer)


#: how each tool joins the options ticked in a checkbox question
JOINERS = [("Google Forms", ", "), ("Nextcloud Forms", ";"), ("Microsoft Forms", ";")]


@pytest.mark.parametrize(("tool", "joiner"), JOINERS)
def test_each_tool_s_joined_answer_gives_one_registration_per_event(
    tool: str, joiner: str, tmp_path: Path
) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    answer = joiner.join([AUFTAKT, UNKNOWN, FORUM])
    if tool == "Microsoft Forms":
        answer += ";"  # MS Forms ends the list with its joiner
    source = _export(tool, tmp_path, answer)
    report = import_registrations(load_process(tmp_path / "prozess.yaml"), [source])
    [file] = report.files
    assert file.error is None and file.tool == tool
    events = {r["Veranstaltung"] for r in tracker_rows(report.tracker)}
    assert events == {"auftakt", "fachforum-arbeit"}
    assert file.new == 2 and file.balanced
    # the unknown part is reported (and kept for the rejects file), the valid ones are not
    [rejection] = file.rejected
    assert rejection.row == 2
    assert rejection.reason.startswith(f"unbekannte Veranstaltung „{UNKNOWN}“ – ")
    assert "die anderen Veranstaltungen dieser Antwort wurden übernommen" in rejection.reason
    assert AUFTAKT not in rejection.reason and "@" not in rejection.reason
    assert file.rejects_path is not None and file.rejects_path.exists()


def test_review_case_elmshorn_keeps_the_auftakt_registration(tmp_path: Path) -> None:
    """The review's rows: the Elmshorn process has no "Workshop Bildung" nor "Fachforum"."""
    folder = Path(__file__).parents[2] / "examples" / "elmshorn-2025"
    shutil.copytree(folder, tmp_path / "e")
    for name in ("gforms-de.csv", "nextcloud.csv"):
        shutil.copy(EXPORTS / name, tmp_path / name)
    process = tmp_path / "e" / "prozess.yaml"
    report = import_registrations(load_process(process), [tmp_path / "gforms-de.csv", tmp_path / "nextcloud.csv"])
    names = {(first, last) for event, first, last, _ in people(report.tracker) if event == "auftakt"}
    assert ("Anna", "Schmidt") in names and ("Kim", "Beispiel") in names
    reasons = {(r.file, r.row): r.reason for r in report.rejections}
    assert reasons[("gforms-de.csv", 2)] == (
        "unbekannte Veranstaltung „Workshop Bildung und Sprache“ – die andere Veranstaltung "
        "dieser Antwort wurde übernommen (auftakt)"
    )
    assert reasons[("nextcloud.csv", 2)].startswith("unbekannte Veranstaltung „Fachforum Arbeit“")


def test_a_title_with_a_comma_stays_one_event(tmp_path: Path) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    comma = "Workshop Bildung, Sprache und Arbeit"
    replace_in_process(tmp_path / "prozess.yaml", f"titel: {WORKSHOP}", f"titel: {comma}")
    source = _export("Google Forms", tmp_path, f"{AUFTAKT}, {comma}, {FORUM}")
    report = import_registrations(load_process(tmp_path / "prozess.yaml"), [source])
    [file] = report.files
    assert not file.rejected
    assert {r["Veranstaltung"] for r in tracker_rows(report.tracker)} == {
        "auftakt",
        "workshop-bildung",
        "fachforum-arbeit",
    }


def test_an_answer_naming_no_event_at_all_names_each_part(tmp_path: Path) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    source = _export("Nextcloud Forms", tmp_path, f"{UNKNOWN};Tag der offenen Tür")
    report = import_registrations(load_process(tmp_path / "prozess.yaml"), [source], dry_run=True)
    [file] = report.files
    assert file.new == 0
    [rejection] = file.rejected
    assert rejection.reason == (
        f"unbekannte Veranstaltung „{UNKNOWN}“; unbekannte Veranstaltung „Tag der offenen Tür“"
    )


@settings(max_examples=25, deadline=None)
@given(
    chosen=st.lists(st.sampled_from(sorted(TITLES)), min_size=1, max_size=3, unique=True),
    joiner=st.sampled_from([", ", ";", "; ", "\n"]),
    unknown=st.booleans(),
)
def test_a_multi_event_row_gives_exactly_one_registration_per_named_event(
    chosen: list[str], joiner: str, unknown: bool
) -> None:
    parts = [TITLES[i] for i in chosen]
    if unknown:
        parts.insert(len(parts) // 2, UNKNOWN)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copy(PROCESS, folder / "prozess.yaml")
        source = folder / "export.csv"
        source.write_text(
            "Vorname,Nachname,E-Mail,Veranstaltung\n"
            f'Eva,Ernst,eva@example.de,"{joiner.join(parts)}"\n',
            encoding="utf-8",
        )
        report = import_registrations(load_process(folder / "prozess.yaml"), [source])
        [file] = report.files
        rows = tracker_rows(report.tracker)
        assert sorted(r["Veranstaltung"] for r in rows) == sorted(chosen)
        assert file.new == len(chosen) and file.balanced
        assert len(file.rejected) == (1 if unknown else 0)
        if unknown:
            assert UNKNOWN in file.rejected[0].reason
            assert not any(TITLES[i] in file.rejected[0].reason for i in chosen)


def test_the_cli_does_not_call_a_file_with_an_imported_part_a_failure(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    source = _export("Nextcloud Forms", tmp_path, f"{AUFTAKT};{UNKNOWN}")
    result = CliRunner().invoke(app, ["import-registrations", str(tmp_path / "prozess.yaml"), str(source)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert f"unbekannte Veranstaltung „{UNKNOWN}“ – die andere Veranstaltung dieser Antwort wurde übernommen (auftakt)" in flat
    assert "keine Zeile übernommen" not in flat and "nicht importiert" not in flat
