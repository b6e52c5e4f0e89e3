"""The coordinator edits the tracker by hand; imports keep every edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.table import TableColumn
from people_helpers import tracker_rows

from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export


def _row_of(ws: object, first_name: str) -> int:
    for row in ws.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if row[3].value == first_name:
            return int(row[0].row)
    raise AssertionError(first_name)


def test_every_manual_edit_survives_an_import(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker

    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    anna, joao, olena = _row_of(ws, "Anna"), _row_of(ws, "João"), _row_of(ws, "Olena")
    ws[f"R{anna}"] = "abgesagt"  # status
    ws[f"T{joao}"] = "ja"  # attendance
    ws[f"V{olena}"] = "Rückruf am Freitag"  # note
    ws[f"D{joao}"] = "Joao Carlos"  # a corrected imported value
    ws[f"V{anna}"].comment = Comment("Hat per Telefon abgesagt.", "Koordination")
    ws[f"F{olena}"].fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    # an extra column inside the table (right of the last one, „Sprache“ in Y)
    ws["Z1"] = "Rückruf erledigt"
    ws[f"Z{olena}"] = "nein"
    table = ws.tables["tblAnmeldungen"]
    table.ref = "A1:Z5"
    table.tableColumns.append(TableColumn(id=26, name="Rückruf erledigt"))
    table.autoFilter.ref = "A1:Z5"
    ws.column_dimensions["Z"].width = 20
    # a registration typed in by hand (phone), without ids
    ws["C6"], ws["D6"], ws["E6"], ws["H6"] = "auftakt", "Telefon", "Person", "tp@example.de"
    table.ref = "A1:Z6"
    table.autoFilter.ref = "A1:Z6"
    notes = wb.create_sheet("Notizen")
    notes["A1"] = "Raum bestellt"
    wb.save(path)

    report = import_registrations(
        load_process(process_file),
        [export("msforms-de.xlsx"), export("gforms-de.csv"), export("nextcloud.csv")],
    )
    assert report.files[0].new == 0  # the same file again: nothing new
    assert report.notes == [
        "1 von Hand korrigierte Angabe wurde nicht durch neuere Antworten überschrieben.",
        "1 von Hand eingetragene Zeile hat IDs bzw. den Status „angemeldet“ bekommen.",
    ]

    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    assert ws[f"R{anna}"].value == "abgesagt"
    assert ws[f"T{joao}"].value == "ja"
    assert ws[f"V{olena}"].value == "Rückruf am Freitag"
    assert ws[f"D{joao}"].value == "Joao Carlos"
    assert ws[f"V{anna}"].comment is not None
    assert ws[f"V{anna}"].comment.text == "Hat per Telefon abgesagt."
    assert ws[f"F{olena}"].fill.fgColor.rgb == "00FFFF00"
    assert ws["Z1"].value == "Rückruf erledigt" and ws[f"Z{olena}"].value == "nein"
    assert ws.column_dimensions["Z"].width == 20
    assert wb["Notizen"]["A1"].value == "Raum bestellt"
    assert ws["A6"].value and ws["B6"].value and ws["R6"].value == "angemeldet"
    rows = tracker_rows(path)
    assert len(rows) == 5 + 2 + 3  # 4 imported + 1 by hand, Google +2, Nextcloud +3
    table = ws.tables["tblAnmeldungen"]
    assert table.ref == f"A1:Z{len(rows) + 1}"
    assert ws.max_row == len(rows) + 1
    # new rows got the date format of the column
    assert ws[f"Q{len(rows) + 1}"].number_format == "DD.MM.YYYY HH:MM"


def test_cancelled_by_hand_is_not_counted_as_free_seat_for_the_import(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    """Statuses set by hand decide the capacity the next import sees."""
    path = import_registrations(load_process(process_file), [export("limesurvey-code.csv")]).tracker
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    ws[f"R{_row_of(ws, 'Chen')}"] = "abgesagt"
    ws[f"R{_row_of(ws, 'Olena')}"] = "angemeldet"  # moved up from the waiting list by hand
    wb.save(path)
    late = workdir / "nachzuegler.csv"
    late.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung;Zeitstempel\r\n"
        "Nina;Nord;nina.nord@example.de;workshop-bildung;08.03.2025 10:00\r\n",
        encoding="utf-8",
    )
    report = import_registrations(load_process(process_file), [late])
    nina = next(r for r in tracker_rows(path) if r["Vorname"] == "Nina")
    assert nina["Status"] == "Warteliste"  # Jürgen, Ayse, Olena hold the 3 places
    summary = next(e for e in report.events if e.id == "workshop-bildung")
    assert (summary.registered, summary.waitlist, summary.cancelled) == (3, 1, 1)
