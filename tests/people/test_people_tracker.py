"""The tracker workbook: layout, ``ik tracker`` create/update, losses, locks, backups."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from people_helpers import replace_in_process, tracker_rows

from integrakonzept.errors import TrackerError
from integrakonzept.output import BACKUP_DIR, KEEP_BACKUPS
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.schema import COLUMNS
from integrakonzept.people.tracker import make_tracker
from integrakonzept.people.trackerfile import read_tracker
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export


def test_new_tracker_layout(process_file: Path) -> None:
    result = make_tracker(load_process(process_file), process_file)
    assert result.change == "erstellt"
    assert result.path == process_file.parent / "anmeldungen.xlsx"
    wb = load_workbook(result.path)
    assert wb.sheetnames == [
        "Anmeldungen",
        "Übersicht",
        "Veranstaltungen",
        "Handlungsfelder",
        "Listen",
    ]
    assert wb["Listen"].sheet_state == "hidden"
    ws = wb["Anmeldungen"]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    table = ws.tables["tblAnmeldungen"]
    assert table.ref == "A1:Y2"  # Y: „Sprache“, the column added last
    assert ws.freeze_panes == "F2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["X"].hidden  # the checksum column
    # dropdowns come from named lists on the hidden sheet
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {"=ik_Status", "=ik_Teilnahme", "=ik_Rollen", "=ik_Veranstaltungen"} <= lists
    status = next(dv for dv in ws.data_validations.dataValidation if dv.formula1 == "=ik_Status")
    assert str(status.sqref) == "R2:R1048576"
    names = wb.defined_names
    assert names["ik_Status"].attr_text == "Listen!$B$2:$B$5"  # … „ohne Anmeldung“
    assert names["ik_Veranstaltungen"].attr_text == "Listen!$F$2:$F$4"
    listen = wb["Listen"]
    assert [listen.cell(row=r, column=6).value for r in (2, 3, 4)] == [
        "auftakt",
        "workshop-bildung",
        "fachforum-arbeit",
    ]
    # conditional formats: cancelled, waiting list, late, attended, no-show
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert 'LEFT($R2,9)="abgelehnt"' in rules[0] and 'LEFT($R2,5)="warte"' in rules[1]
    assert '$S2="ja"' in rules and '$T2="x"' in rules[3] and 'LEFT($T2,4)="nein"' in rules[4]
    overview = wb["Übersicht"]
    assert overview["A6"].value == "auftakt" and overview["D6"].value == 6
    # registered = the event's rows minus those whose status means cancelled or waiting
    formula = overview["E6"].value
    assert formula.startswith("=COUNTIFS(Anmeldungen!$C$2:$C$1048576,$A6)-SUMPRODUCT(COUNTIFS(")
    assert '"abgelehnt*"' in formula and '"warte*"' in formula
    events = tracker_rows(result.path, "Veranstaltungen")
    assert [e["Kennung"] for e in events] == ["auftakt", "workshop-bildung", "fachforum-arbeit"]
    assert events[0]["Anmeldeschluss"] == "10.03.2025"
    assert events[0]["Dolmetschen"] == "auf Anfrage: Türkisch, Ukrainisch"
    topics = tracker_rows(result.path, "Handlungsfelder")
    assert [t["Titel"] for t in topics] == [
        "Sprache und Bildung",
        "Arbeit und Ausbildung",
        "Begegnung und Zusammenleben",
    ]


def test_tracker_again_is_unchanged(process_file: Path) -> None:
    first = make_tracker(load_process(process_file), process_file)
    before = first.path.read_bytes()
    again = make_tracker(load_process(process_file), process_file)
    assert again.change == "unverändert" and again.backup is None
    assert first.path.read_bytes() == before


def test_tracker_output_option(process_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "listen"
    folder.mkdir()
    assert (
        make_tracker(load_process(process_file), process_file, folder).path
        == folder / "anmeldungen.xlsx"
    )
    assert (
        make_tracker(load_process(process_file), process_file, tmp_path / "x.xlsx").path
        == tmp_path / "x.xlsx"
    )
    with pytest.raises(TrackerError) as err:
        make_tracker(load_process(process_file), process_file, tmp_path / "x.csv")
    assert err.value.message == "x.csv: Die Anmeldeliste muss eine .xlsx-Datei sein."


def test_process_change_updates_only_the_derived_sheets(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = import_registrations(load_process(process_file), [export("msforms-de.xlsx")])
    path = report.tracker
    # the coordinator's own work
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    ws["V2"] = "ruft zurück"
    wb.create_sheet("Meine Auswertung")["A1"] = "eigene Zahlen"
    wb.save(path)
    before = tracker_rows(path)

    replace_in_process(process_file, "kapazitaet: 6", "kapazitaet: 40")
    replace_in_process(
        process_file,
        "  - id: online-befragung",
        "  - id: abschluss\n    art: konferenz\n    titel: Integrationskonferenz\n"
        "    datum: 2025-10-01\n  - id: online-befragung",
    )
    result = make_tracker(load_process(process_file), process_file)
    assert result.change == "aktualisiert"
    assert result.backup is not None and result.backup.parent.name == ".ik-sicherungen"
    assert tracker_rows(path) == before
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Anmeldungen",
        "Übersicht",
        "Veranstaltungen",
        "Handlungsfelder",
        "Listen",
        "Meine Auswertung",
    ]
    assert wb["Meine Auswertung"]["A1"].value == "eigene Zahlen"
    overview = wb["Übersicht"]
    assert overview["D6"].value == 40
    assert overview["A9"].value == "abschluss"
    assert [e["Kennung"] for e in tracker_rows(path, "Veranstaltungen")][-1] == "abschluss"
    assert wb.defined_names["ik_Veranstaltungen"].attr_text == "Listen!$F$2:$F$5"
    assert read_tracker(path).derived_complete


def _add_extension(path: Path) -> None:
    """Put an x14 data validation (which openpyxl drops) into the sheet „Anmeldungen“."""
    ext = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" '
        b'count="1"><x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
        b"<xm:f>Listen!$A$2:$A$9</xm:f></x14:formula1><xm:sqref>Z2:Z100</xm:sqref>"
        b"</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    data: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data[name] = z.read(name)
    sheet = data["xl/worksheets/sheet1.xml"]
    data["xl/worksheets/sheet1.xml"] = sheet.replace(b"</worksheet>", ext + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in data.items():
            z.writestr(name, content)


def test_update_that_would_drop_an_extension_stops_unless_forced(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    _add_extension(path)
    before = path.read_bytes()
    replace_in_process(process_file, "kapazitaet: 6", "kapazitaet: 7")
    with pytest.raises(TrackerError) as err:
        make_tracker(load_process(process_file), process_file)
    assert err.value.message == (
        "Beim Aktualisieren der Blätter Übersicht, Veranstaltungen, Handlungsfelder würde "
        "anmeldungen.xlsx Folgendes verlieren: erweiterte Datenüberprüfungen (Auswahllisten "
        "mit Bezug auf andere Blätter)."
    )
    assert err.value.hint == (
        "Mit --force aktualisiert ik trotzdem (die bisherige Datei kommt in den Ordner "
        ".ik-sicherungen). Oder entfernen Sie diese Elemente vorher in Excel."
    )
    assert path.read_bytes() == before
    result = make_tracker(load_process(process_file), process_file, force=True)
    assert result.change == "aktualisiert"
    assert result.losses == [
        "erweiterte Datenüberprüfungen (Auswahllisten mit Bezug auf andere Blätter)"
    ]


def test_import_keeps_extensions_it_does_not_understand(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    """Imports patch only their cells: nothing openpyxl would drop is lost, no --force needed."""
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    _add_extension(path)
    import_registrations(load_process(process_file), [export("gforms-de.csv")])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"x14:dataValidation" in sheet
    # 4 from MS Forms; Google adds Anna's workshop and Mehmet (Anna's and João's
    # auftakt registrations are already there)
    assert len(tracker_rows(path)) == 6


@pytest.mark.parametrize(
    ("lock", "program"),
    [(".~lock.anmeldungen.xlsx#", "LibreOffice"), ("~$anmeldungen.xlsx", "Excel")],
)
def test_open_tracker_is_never_written(
    process_file: Path, export: Callable[[str], Path], lock: str, program: str
) -> None:
    path = make_tracker(load_process(process_file), process_file).path
    before = path.read_bytes()
    (path.parent / lock).write_text("jemand,rechner,01.03.2025 10:00;", encoding="utf-8")
    with pytest.raises(TrackerError) as err:
        import_registrations(load_process(process_file), [export("msforms-de.xlsx")])
    assert err.value.message == (
        f"anmeldungen.xlsx ist gerade in {program} geöffnet (Sperrdatei {lock})."
    )
    assert err.value.hint == (
        f"Schließen Sie die Datei in {program} und rufen Sie den Befehl erneut auf. Ist "
        f"{program} nicht mehr geöffnet, ist die Sperrdatei von einem Absturz übrig: löschen "
        f"Sie {path.parent / lock}."
    )
    with pytest.raises(TrackerError):
        make_tracker(load_process(process_file), process_file)
    assert path.read_bytes() == before


def test_backups_keep_the_last_five(process_file: Path, workdir: Path) -> None:
    path = make_tracker(load_process(process_file), process_file).path
    for capacity in range(7, 15):
        text = process_file.read_text(encoding="utf-8")
        process_file.write_text(
            re.sub(
                r"kapazitaet: \d+\n    anmeldung:\n      frist: 2025-03-10",
                f"kapazitaet: {capacity}\n    anmeldung:\n      frist: 2025-03-10",
                text,
            ),
            encoding="utf-8",
        )
        assert make_tracker(load_process(process_file), process_file).change == "aktualisiert"
    backups = sorted((workdir / BACKUP_DIR).iterdir())
    assert len(backups) == KEEP_BACKUPS
    assert all(b.name.startswith("anmeldungen_") and b.suffix == ".xlsx" for b in backups)
    newest = max(backups, key=lambda b: b.stat().st_mtime_ns)
    assert load_workbook(newest)["Übersicht"]["D6"].value == 13
    assert load_workbook(path)["Übersicht"]["D6"].value == 14


def test_missing_columns_are_named(process_file: Path) -> None:
    path = make_tracker(load_process(process_file), process_file).path
    wb = load_workbook(path)
    wb["Anmeldungen"]["R1"] = "Stand"
    wb.save(path)
    with pytest.raises(TrackerError) as err:
        read_tracker(path)
    assert err.value.message == (
        "Im Blatt „Anmeldungen“ von anmeldungen.xlsx fehlen Spalten: „Status“."
    )
    assert err.value.hint == (
        "Stellen Sie die Überschriften in Zeile 1 wieder her oder nehmen Sie eine Sicherung "
        "aus dem Ordner .ik-sicherungen."
    )


def test_not_a_tracker(tmp_path: Path) -> None:
    broken = tmp_path / "anmeldungen.xlsx"
    broken.write_text("kein Excel", encoding="utf-8")
    with pytest.raises(TrackerError) as err:
        read_tracker(broken)
    assert err.value.message == "anmeldungen.xlsx ist keine lesbare Excel-Datei (.xlsx)."
    from openpyxl import Workbook

    other = tmp_path / "andere.xlsx"
    Workbook().save(other)
    with pytest.raises(TrackerError) as err:
        read_tracker(other)
    assert err.value.message == "In andere.xlsx fehlt das Blatt „Anmeldungen“."


def test_totals_row_is_refused_with_a_way_out(process_file: Path) -> None:
    path = make_tracker(load_process(process_file), process_file).path
    with zipfile.ZipFile(path) as z:
        data = {n: z.read(n) for n in z.namelist()}
    table = next(n for n in data if n.startswith("xl/tables/"))
    data[table] = data[table].replace(b"<table ", b'<table totalsRowCount="1" ', 1)
    with zipfile.ZipFile(path, "w") as z:
        for name, content in data.items():
            z.writestr(name, content)
    with pytest.raises(TrackerError) as err:
        read_tracker(path)
    assert err.value.message == (
        "Die Tabelle im Blatt „Anmeldungen“ hat eine Ergebniszeile; darunter kann ik keine "
        "Zeilen anhängen."
    )


def test_interpreter_languages_get_their_overview_columns(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    # a new tracker counts the languages of its first import at once (João: Portugiesisch)
    assert read_tracker(path).listed_languages == {
        "Türkisch",
        "Ukrainisch",
        "Arabisch",
        "Portugiesisch",
    }
    late = workdir / "farsi.csv"
    late.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung;Dolmetschen\r\n"
        "Reza;Rahimi;reza@example.de;auftakt;ja, Farsi\r\n",
        encoding="utf-8",
    )
    report = import_registrations(load_process(process_file), [late])
    assert report.notes == [
        "Dolmetsch-Sprache ohne eigene Spalte in der Übersicht: Farsi – „ik tracker“ nimmt "
        "sie auf (die Summe „Dolmetschen“ zählt sie schon)."
    ]
    assert make_tracker(load_process(process_file), process_file).change == "aktualisiert"
    assert "Farsi" in read_tracker(path).listed_languages
    overview = load_workbook(path)["Übersicht"]
    headers = [c.value for row in overview.iter_rows() for c in row if c.value]
    assert "Farsi" in headers
    assert make_tracker(load_process(process_file), process_file).change == "unverändert"
