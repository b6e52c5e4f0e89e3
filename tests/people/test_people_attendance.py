"""``ik attendance``: names or e-mails from the signed sheet or a check-in export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from people_helpers import tracker_rows

from integrakonzept.errors import ImportError_, TrackerError, UsageError
from integrakonzept.people.attendance import mark_attendance, read_present
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export


@pytest.fixture
def tracker(process_file: Path, export: Callable[[str], Path]) -> Path:
    # auftakt: Lena, Sami (LimeSurvey full), Günther, Kim (Nextcloud); Anna, João, Olena (MS)
    return import_registrations(
        load_process(process_file),
        [
            export("limesurvey-vollstaendig.csv"),
            export("nextcloud.csv"),
            export("msforms-de.xlsx"),
        ],
    ).tracker


def _attendance(path: Path, event: str = "auftakt") -> dict[str, str | None]:
    return {
        f"{r['Vorname']} {r['Nachname']}": r["Teilnahme"]
        for r in tracker_rows(path)
        if r["Veranstaltung"] == event
    }


def test_names_and_emails_from_a_typed_list(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "Olena":
            row[19].value = "entschuldigt"  # ticked in Excel before
    wb.save(tracker)
    present = workdir / "anwesend.txt"
    present.write_text(
        "# Unterschriftenliste Auftakt\n"
        "Name\n"
        "1. Wagner, Lena\n"
        "sami.haddad@example.de\n"
        "Guenther Weiss\n"  # written without umlauts
        "Jao da Silva\n"  # a typo
        "Kim Beispiel <kim.beispiel@example.de>\n"
        "Paula Passant\n"
        "\n",
        encoding="utf-8",
    )
    report = mark_attendance(load_process(process_file), "auftakt", present)
    assert (report.listed, report.matched, report.already) == (6, 5, 0)
    assert report.approximate == [("Jao da Silva", "João da Silva")]
    assert report.unmatched == ["Paula Passant"]
    assert report.marked_absent == 1  # Anna; Olena keeps "entschuldigt"
    assert _attendance(tracker) == {
        "Lena Wagner": "ja",
        "Sami Haddad": "ja",
        "Günther Weiß": "ja",
        "João da Silva": "ja",
        "Kim Beispiel": "ja",
        "Anna Schmidt": "nein",
        "Olena Kovalenko": "entschuldigt",
    }
    assert _attendance(tracker, "fachforum-arbeit") == {"Kim Beispiel": None, "Sami Haddad": None}
    # again: nothing changes
    again = mark_attendance(load_process(process_file), "auftakt", present)
    assert not again.changed and again.already == 5


def test_walk_ins_are_added_with_their_person_id(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    present = workdir / "anwesend.txt"
    present.write_text("Paula Passant\nmehmet.oezdemir@example.de\n", encoding="utf-8")
    report = mark_attendance(load_process(process_file), "auftakt", present, add_walk_ins=True, only_present=True)
    assert report.walk_ins == 2 and report.marked_absent == 0
    rows = [r for r in tracker_rows(tracker) if r["Veranstaltung"] == "auftakt"]
    paula = next(r for r in rows if r["Vorname"] == "Paula")
    assert (paula["Status"], paula["Teilnahme"], paula["Anmerkungen"]) == (
        "ohne Anmeldung",
        "ja",
        "ohne Anmeldung (vor Ort)",
    )
    assert paula["Quelle"] == "anwesend.txt (Teilnahmeliste)"
    assert paula["ID"] and paula["Personen-ID"]
    walk_in = next(r for r in rows if r["E-Mail"] == "mehmet.oezdemir@example.de")
    assert walk_in["Vorname"] is None


def test_check_in_export_with_columns(process_file: Path, tracker: Path, workdir: Path) -> None:
    present = workdir / "checkin.csv"
    present.write_text(
        "Vorname;Nachname;E-Mail;Check-in\r\nLena;Wagner;;10:02\r\n;;kim.beispiel@example.de;10:05\r\n",
        encoding="utf-8",
    )
    assert [(p.first, p.last, p.email) for p in read_present(present)] == [
        ("Lena", "Wagner", ""),
        ("", "", "kim.beispiel@example.de"),
    ]
    report = mark_attendance(load_process(process_file), "auftakt", present, only_present=True)
    assert report.matched == 2


def test_two_people_with_the_same_name_are_not_guessed(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    row = ws.max_row + 1
    for col, value in ((3, "auftakt"), (4, "Lena"), (5, "Wagner"), (8, "lena2@example.de")):
        ws.cell(row=row, column=col).value = value
    ws.tables["tblAnmeldungen"].ref = f"A1:X{row}"
    wb.save(tracker)
    present = workdir / "anwesend.txt"
    present.write_text("Lena Wagner\n", encoding="utf-8")
    report = mark_attendance(load_process(process_file), "auftakt", present, only_present=True)
    assert report.ambiguous == ["Lena Wagner"] and report.matched == 0


def test_errors(process_file: Path, workdir: Path) -> None:
    present = workdir / "anwesend.txt"
    present.write_text("Lena Wagner\n", encoding="utf-8")
    with pytest.raises(TrackerError) as err:
        mark_attendance(load_process(process_file), "auftakt", present)
    assert (
        err.value.message == f"Die Anmeldeliste {workdir / 'anmeldungen.xlsx'} gibt es noch nicht."
    )
    with pytest.raises(UsageError) as err2:
        mark_attendance(load_process(process_file), "online-befragung", present)
    assert err2.value.message == (
        "Die Phase „online-befragung“ ist keine Veranstaltung; Anmeldungen gibt es nur für "
        "Veranstaltungen: auftakt, workshop-bildung, fachforum-arbeit."
    )
    table = workdir / "liste.csv"
    table.write_text("Uhrzeit;Raum\r\n10:00;A\r\n", encoding="utf-8")
    with pytest.raises(ImportError_) as err3:
        read_present(table)
    assert err3.value.message == "In liste.csv gibt es keine Spalte mit Namen oder E-Mail-Adressen."


def test_walk_ins_count_as_attendance_not_as_registrations(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    """Someone who came without registering is attendance: not in „Anmeldungen“, not
    against the places, never due for a confirmation (people.status: „ohne Anmeldung“)."""
    from integrakonzept.people.maildue import select
    from integrakonzept.people.roster import read_roster
    from integrakonzept.people.status import Status
    from integrakonzept.process.load import load_process
    from integrakonzept.results.participation import participation

    process = load_process(process_file)
    before = participation(process, read_roster(tracker, process)).event("auftakt")
    present = workdir / "anwesend.txt"
    present.write_text("Lena Wagner\nPaula Passant\n", encoding="utf-8")
    report = mark_attendance(load_process(process_file), "auftakt", present, add_walk_ins=True)
    assert report.walk_ins == 1
    roster = read_roster(tracker, process)
    paula = next(r for r in roster.for_event("auftakt") if r.first_name == "Paula")
    assert paula.status is Status.WALK_IN
    after = participation(process, roster).event("auftakt")
    assert after.registered == before.registered
    assert after.attended == 2  # Lena and the walk-in
    assert after.unrecorded == 0
    due = select("bestaetigung", "auftakt", roster.registrations, [], capacity=None)
    assert "Paula" not in {p.first_name for p in due.due}
    assert "Lena" in {p.first_name for p in due.due}
    assert due.registered == before.registered


def test_walk_ins_of_an_older_version_are_named_for_a_status_change(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    """Rows an older ``ik attendance`` added (status „angemeldet“, comment „ohne Anmeldung
    (vor Ort)“) still count as registrations; the roster's notes ask to set the status."""
    from integrakonzept.people.roster import read_roster

    present = workdir / "anwesend.txt"
    present.write_text("Paula Passant\n", encoding="utf-8")
    mark_attendance(load_process(process_file), "auftakt", present, add_walk_ins=True, only_present=True)
    assert not any("als „ohne Anmeldung“ vermerkt" in n for n in read_roster(tracker).notes)
    wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    header = [c.value for c in ws[1]]
    status = header.index("Status")
    number = next(r[0].row for r in ws.iter_rows(min_row=2) if r[3].value == "Paula")
    ws.cell(row=number, column=status + 1).value = "angemeldet"
    wb.save(tracker)
    notes = read_roster(tracker).notes
    [note] = [n for n in notes if "als „ohne Anmeldung“ vermerkt" in n]
    assert f"(Zeile {number})" in note and "„Status“ „ohne Anmeldung“" in note
    assert "Paula" not in note and "Passant" not in note


def test_walk_ins_without_consent_are_not_called_registrations(
    process_file: Path, tracker: Path, workdir: Path
) -> None:
    """Walk-ins come from a list of those present, not from a form: no consent answer.
    The warning counts them apart, never as „Anmeldungen“."""
    from integrakonzept.people.consent import consent_warnings
    from integrakonzept.people.roster import read_roster

    process = load_process(process_file)
    tail = " (Spalte „Datenschutz“ nicht „ja“) – Einwilligung nachholen oder die Daten löschen."
    auftakt = "„Auftaktveranstaltung Integrationskonzept“: Datenschutz-Einwilligung fehlt bei "
    forum = "„Fachforum Arbeit“: Datenschutz-Einwilligung fehlt bei 2 Anmeldungen" + tail
    assert consent_warnings(process, read_roster(tracker, process)) == [
        auftakt + "1 Anmeldung" + tail,
        forum,
    ]
    present = workdir / "anwesend.txt"
    present.write_text("Paula Passant\nPeter Plötzlich\n", encoding="utf-8")
    mark_attendance(process, "auftakt", present, add_walk_ins=True, only_present=True)
    after = consent_warnings(process, read_roster(tracker, process))
    assert after == [auftakt + "1 Anmeldung und 2 Personen ohne Anmeldung" + tail, forum]
    assert not any(w in " ".join(after) for w in ("Paula", "Plötzlich", "3 Anmeldungen"))
