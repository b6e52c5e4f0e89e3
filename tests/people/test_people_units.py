"""Small pieces: value normalisation, event matching, the xlsx patcher, formula injection."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from people_helpers import PROCESS, tracker_rows

from integrakonzept.people import normalize as norm
from integrakonzept.people.events import Catalog
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.trackerfile import read_tracker, write_rows
from integrakonzept.people.workbook import save_new
from integrakonzept.people.xlsxpatch import (
    Package,
    SheetPatch,
    cell_xml,
    drop_cached_results,
    force_full_calc,
    from_serial,
    rewrite_sheet,
    to_serial,
)
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

# --- normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("07.02.2025 00:13:31", "mdy", datetime(2025, 2, 7, 0, 13, 31)),
        ("7.2.25 9:05", "mdy", datetime(2025, 2, 7, 9, 5)),
        ("2025-03-04T10:00:00+01:00", "mdy", datetime(2025, 3, 4, 10, 0)),
        ("2025-03-04T09:00:00Z", "mdy", datetime(2025, 3, 4, 10, 0)),  # UTC → Berlin
        ("2025-07-04T08:00:00Z", "mdy", datetime(2025, 7, 4, 10, 0)),  # summer time
        ("2025-03-05 09:12:44", "mdy", datetime(2025, 3, 5, 9, 12, 44)),
        ("3/7/2025 14:03:22", "mdy", datetime(2025, 3, 7, 14, 3, 22)),
        ("3/7/2025 2:03:22 PM", "mdy", datetime(2025, 3, 7, 14, 3, 22)),
        ("3/7/2025 14:03:22", "dmy", datetime(2025, 7, 3, 14, 3, 22)),
        ("45721.5", "mdy", datetime(2025, 3, 5, 12, 0)),
        ("gestern", "mdy", None),
        ("31.02.2025", "mdy", None),
        ("", "mdy", None),
    ],
)
def test_timestamps(value: str, order: str, expected: datetime | None) -> None:
    assert norm.timestamp(value, order) == expected


def test_slash_order_is_decided_by_the_column() -> None:
    assert norm.slash_order(["3/7/2025 1:00:00", "14/3/2025 9:00:00"]) == "dmy"
    assert norm.slash_order(["3/7/2025 1:00:00", "3/14/2025 9:00:00"]) == "mdy"
    assert norm.slash_order(["3/7/2025"]) == "mdy"


@pytest.mark.parametrize(
    ("value", "role", "understood"),
    [
        ("Einwohnerin", "Einwohner*in", True),
        ("Bürger:in", "Einwohner*in", True),
        ("Hauptamtlich", "Hauptamt", True),
        ("Volunteer", "Ehrenamt", True),
        ("Vorstand eines Migrantenvereins", "Migrantenorganisation", True),
        ("Mitglied im Stadtrat", "Politik", True),
        ("Ausländerbehörde", "Verwaltung", True),
        ("Lokalzeitung", "Presse", True),
        ("Other", "Sonstige", True),
        ("Vorstand", "Sonstige", False),
        ("", "", True),
    ],
)
def test_roles(value: str, role: str, understood: bool) -> None:
    assert norm.role(value) == (role, understood)


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (norm.consent, "Ja", "ja"),
        (norm.consent, "Ich stimme der Verarbeitung meiner Daten zu.", "ja"),
        (norm.consent, "Ich stimme nicht zu", "nein"),
        (norm.consent, "Y", "ja"),
        (norm.consent, "", ""),
        (norm.photo, "", "unbekannt"),
        (norm.photo, "No", "nein"),
        (norm.childcare, "Nein", ""),
        (norm.childcare, "ja", "ja"),
        (norm.childcare, "Ja, 2 Kinder (3 und 5)", "Ja, 2 Kinder (3 und 5)"),
        (norm.interpreter, "Ja, Arabisch", "Arabisch"),
        (norm.interpreter, "ja: auf Farsi", "Farsi"),
        (norm.interpreter, "nein danke", ""),
        (norm.interpreter, "Ja", "ja"),
        (norm.interpreter, "türkisch", "Türkisch"),
        (norm.need, "keine", ""),
        (norm.text, "'=1+2", "=1+2"),
        (norm.text, "  Zeile 1\r\nZeile 2 ", "Zeile 1\nZeile 2"),
    ],
)
def test_answers(function: Callable[[str], str], value: str, expected: str) -> None:
    assert function(value) == expected


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("anna.schmidt@example.de", ("anna.schmidt@example.de", True)),
        (" <Anna.Schmidt@Example.DE> ", ("Anna.Schmidt@example.de", True)),
        ("mailto:kim@example.de", ("kim@example.de", True)),
        ("peter.pan(at)example.de", ("peter.pan(at)example.de", False)),
        ("karl@example", ("karl@example", False)),
        ("a@b@example.de", ("a@b@example.de", False)),
        ("", ("", True)),
    ],
)
def test_email(value: str, result: tuple[str, bool]) -> None:
    assert norm.email(value) == result


def test_match_text() -> None:
    assert norm.match_text("Müller-Lüdenscheidt") == norm.match_text("mueller lüdenscheidt")
    assert norm.match_text("João") == norm.match_text("Joao")
    assert norm.match_text("Weiß") == "weiss"
    assert norm.email_key(" Anna.Schmidt@Example.de ") == "anna.schmidt@example.de"


# --- events ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    from integrakonzept.process.load import load_process

    return Catalog.from_process(load_process(PROCESS))


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("auftakt", ["auftakt"]),
        ("  AUFTAKTVERANSTALTUNG   integrationskonzept ", ["auftakt"]),
        ("Workshop-Bildung", ["workshop-bildung"]),
        ("Ticket Auftaktveranstaltung", ["auftakt"]),
        ("19.03.2025", ["auftakt"]),
        ("2025-04-09", ["workshop-bildung"]),
        (
            "Auftaktveranstaltung Integrationskonzept; Fachforum Arbeit",
            ["auftakt", "fachforum-arbeit"],
        ),
        ("auftakt, workshop-bildung", ["auftakt", "workshop-bildung"]),
        ("", []),
        ("Sommerfest", None),
        ("online-befragung", None),  # not an event
    ],
)
def test_event_matching(catalog: Catalog, value: str, ids: list[str] | None) -> None:
    assert catalog.match_event(value) == ids


def test_topic_matching(catalog: Catalog) -> None:
    assert catalog.match_topics("sprache") == "Sprache und Bildung"
    assert (
        catalog.match_topics("Arbeit; Begegnung")
        == "Arbeit und Ausbildung; Begegnung und Zusammenleben"
    )
    assert catalog.match_topics("Gesundheit") == "Gesundheit"


# --- the patcher -------------------------------------------------------------------------


def test_serial_dates() -> None:
    when = datetime(2025, 3, 19, 17, 30, 15)
    assert from_serial(to_serial(when)) == when
    assert from_serial(to_serial(when, True), True) == when
    assert to_serial(datetime(1900, 3, 1)) == 61.0


def test_cell_xml_is_text_never_a_formula() -> None:
    xml = cell_xml("B7", '=HYPERLINK("x";"y") & <b>', 3, False)
    assert xml == (
        b'<c r="B7" s="3" t="inlineStr"><is><t>=HYPERLINK("x";"y") &amp; &lt;b&gt;</t></is></c>'
    )
    assert b"<f>" not in xml
    assert cell_xml("A1", " x\x01_x0041_", 0, False) == (
        b'<c r="A1" t="inlineStr"><is><t xml:space="preserve"> x_x0001__x005F_x0041_</t></is></c>'
    )


def test_rewrite_keeps_unknown_rows_and_handles_prefixes() -> None:
    sheet = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><x:dimension ref="A1:B2"/><x:sheetData>'
        b'<x:row r="1" spans="1:2"><x:c r="A1" t="inlineStr"><x:is><x:t>Kopf</x:t></x:is></x:c></x:row>'
        b'<x:row r="3"><x:c r="B3" s="2"><x:v>1</x:v></x:c></x:row>'
        b"</x:sheetData><x:extLst><x:ext uri='{X}'/></x:extLst></x:worksheet>"
    )
    patch = SheetPatch("S", {2: {1: "neu"}, 3: {1: "links"}, 5: {2: 7}}, styles={1: 4})
    out = b"".join(rewrite_sheet(sheet, patch, False))
    assert b'<x:dimension ref="A1:B5"/>' in out
    assert b'<x:row r="1" spans="1:2"><x:c r="A1" t="inlineStr">' in out  # untouched row
    assert (
        b'<x:row r="2"><x:c r="A2" s="4" t="inlineStr"><x:is><x:t>neu</x:t></x:is></x:c></x:row>'
        in out
    )
    assert (
        b'<x:row r="3"><x:c r="A3" s="4" t="inlineStr"><x:is><x:t>links</x:t></x:is></x:c>'
        b'<x:c r="B3" s="2"><x:v>1</x:v></x:c></x:row>'
    ) in out
    assert b'<x:row r="5"><x:c r="B5"><x:v>7</x:v></x:c></x:row></x:sheetData>' in out
    assert out.endswith(b"<x:extLst><x:ext uri='{X}'/></x:extLst></x:worksheet>")


def test_calculation_on_load() -> None:
    assert force_full_calc(b'<workbook><sheets/><calcPr calcId="191029"/></workbook>') == (
        b'<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
    )
    assert force_full_calc(
        b"<workbook><sheets></sheets><definedNames></definedNames></workbook>"
    ) == (
        b'<workbook><sheets></sheets><definedNames></definedNames><calcPr fullCalcOnLoad="1"/></workbook>'
    )
    cached = b'<c r="E6"><f>COUNTIFS(A:A,"x")</f><v>3</v></c><c r="F6"><v>4</v></c>'
    assert (
        drop_cached_results(cached)
        == b'<c r="E6"><f>COUNTIFS(A:A,"x")</f></c><c r="F6"><v>4</v></c>'
    )


def test_reading_shared_strings_rich_text_and_numbers(tmp_path: Path) -> None:
    """A workbook as Excel writes it: shared strings (also rich text), numbers, booleans."""
    path = tmp_path / "excel.xlsx"
    from integrakonzept.process.load import load_process

    catalog = Catalog.from_process(load_process(PROCESS))
    save_new(catalog, path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sst = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>auftakt</t></si><si><r><t>Jo</t></r><r><rPr><b/></rPr><t>&#227;o</t></r>"
        b'<rPh><t>x</t></rPh></si><si><t xml:space="preserve">A &amp; B_x000D_</t></si></sst>'
    )
    parts["xl/sharedStrings.xml"] = sst
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = parts["xl/worksheets/sheet1.xml"]
    row = (
        b'<row r="2"><c r="C2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c>'
        b'<c r="F2" t="s"><v>2</v></c><c r="I2"><v>4917112345</v></c><c r="Q2" s="2"><v>45735.5</v></c>'
        b'<c r="R2" t="str"><f>"angemeldet"</f><v>angemeldet</v></c></row>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", row + b"</sheetData>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    [r] = read_tracker(path).rows
    assert r.text("event") == "auftakt"
    assert r.text("first_name") == "João"
    assert r.text("organisation") == "A & B\r"
    assert r.text("phone") == "4917112345"
    assert r.time("registered_at") == datetime(2025, 3, 19, 12, 0)
    assert r.text("status") == "angemeldet"
    with Package(path) as package:
        assert package.shared_strings == ["auftakt", "João", "A & B\r"]


# --- formula injection -------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_imported_text_never_becomes_a_formula(
    start: str, process_file: Path, workdir: Path
) -> None:
    dangerous = f"{start}cmd|' /C calc'!A0"
    export = workdir / "boese.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(
            [
                ["Vorname", "Nachname", "E-Mail", "Organisation", "Veranstaltung", "Anmerkungen"],
                ["Eve", f"{start}SUMME(A1:A9)", "eve@example.de", dangerous, "auftakt", dangerous],
            ]
        )
    tracker = import_registrations(load_process(process_file), [export]).tracker
    with zipfile.ZipFile(tracker) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    from openpyxl import load_workbook

    ws = load_workbook(tracker)["Anmeldungen"]
    for column in ("E", "F", "U"):
        assert ws[f"{column}2"].data_type == "s"
    [row] = tracker_rows(tracker)
    expected = norm.text(dangerous)
    assert row["Organisation"] == expected and row["Anmerkungen"] == expected


def test_rejects_csv_masks_formulas(process_file: Path, workdir: Path) -> None:
    export = workdir / "boese.csv"
    export.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung\r\n=1+2;X;kaputt;auftakt\r\n", encoding="utf-8"
    )
    import_registrations(load_process(process_file), [export])
    text = (workdir / "boese-abgelehnt.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == "'=1+2;X;kaputt;auftakt;ungültige E-Mail-Adresse"
    # imported again (after fixing the address), the mask is gone again
    fixed = workdir / "boese-abgelehnt.csv"
    fixed.write_text(text.replace("kaputt", "eve@example.de"), encoding="utf-8-sig")
    import_registrations(load_process(process_file), [fixed])
    assert tracker_rows(workdir / "anmeldungen.xlsx")[0]["Vorname"] == "=1+2"


def test_write_rows_without_table(tmp_path: Path) -> None:
    """A coordinator converted the table to a plain range: rows are still appended."""
    from openpyxl import load_workbook

    from integrakonzept.process.load import load_process

    path = tmp_path / "t.xlsx"
    save_new(Catalog.from_process(load_process(PROCESS)), path)
    wb = load_workbook(path)
    del wb["Anmeldungen"].tables["tblAnmeldungen"]
    wb.save(path)
    target = tmp_path / "u.xlsx"
    write_rows(read_tracker(path), {}, [{"event": "auftakt", "last_name": "Ohne Tabelle"}], target)
    assert [r.text("last_name") for r in read_tracker(target).rows] == ["Ohne Tabelle"]


def _backups_of(folder: Path, stem: str) -> list[Path]:
    from integrakonzept.output import BACKUP_DIR

    return sorted((folder / BACKUP_DIR).glob(f"{stem}_*"))


def test_a_corrected_reject_file_is_never_overwritten_silently(
    process_file: Path, workdir: Path
) -> None:
    """The coordinator corrects ``…-abgelehnt.csv`` by hand, but imports the original export
    again: the new reject file replaces it only after a backup, and the report says where."""
    export = workdir / "formular.csv"
    export.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung\r\nEva;Ernst;kaputt;auftakt\r\n", encoding="utf-8"
    )
    process = load_process(process_file)
    first = import_registrations(process, [export])
    rejects = workdir / "formular-abgelehnt.csv"
    assert first.files[0].rejects_path == rejects and first.files[0].rejects_backup is None
    assert rejects.stat().st_mode & 0o077 == 0  # personal data: only for the owner
    # imported again unchanged: the same reject file, no backup
    again = import_registrations(process, [export])
    assert again.files[0].rejects_backup is None and not _backups_of(workdir, "formular-abgelehnt")
    corrected = rejects.read_text(encoding="utf-8-sig").replace("kaputt", "eva@beispiel")
    rejects.write_text(corrected, encoding="utf-8-sig")  # still wrong, but the user's work
    third = import_registrations(process, [export])
    [saved] = _backups_of(workdir, "formular-abgelehnt")
    assert third.files[0].rejects_backup == saved
    assert saved.read_text(encoding="utf-8-sig") == corrected
    assert "kaputt" in rejects.read_text(encoding="utf-8-sig")


def test_a_stale_reject_file_is_removed_when_nothing_is_rejected(
    process_file: Path, workdir: Path
) -> None:
    export = workdir / "formular.csv"
    bad = "Vorname;Nachname;E-Mail;Veranstaltung\r\nEva;Ernst;kaputt;auftakt\r\n"
    export.write_text(bad, encoding="utf-8")
    process = load_process(process_file)
    import_registrations(process, [export])
    rejects = workdir / "formular-abgelehnt.csv"
    assert rejects.exists()
    # the export was fixed at the source and downloaded again: nothing is rejected now
    export.write_text(bad.replace("kaputt", "eva@example.de"), encoding="utf-8")
    dry = import_registrations(process, [export], dry_run=True)
    assert dry.files[0].rejects_removed == rejects and rejects.exists()  # a dry run only says
    report = import_registrations(process, [export])
    assert report.files[0].rejects_removed == rejects and not rejects.exists()
    [saved] = _backups_of(workdir, "formular-abgelehnt")  # a copy stays, just in case
    assert report.files[0].rejects_backup == saved and "kaputt" in saved.read_text(
        encoding="utf-8-sig"
    )


def test_an_imported_reject_file_with_nothing_left_stays(process_file: Path, workdir: Path) -> None:
    """The corrected reject file itself imported: it is the input, so it is not removed;
    the report says it is no longer needed."""
    export = workdir / "formular.csv"
    export.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung\r\nEva;Ernst;kaputt;auftakt\r\n", encoding="utf-8"
    )
    process = load_process(process_file)
    import_registrations(process, [export])
    rejects = workdir / "formular-abgelehnt.csv"
    rejects.write_text(
        rejects.read_text(encoding="utf-8-sig").replace("kaputt", "eva@example.de"),
        encoding="utf-8-sig",
    )
    report = import_registrations(process, [rejects])
    [file] = report.files
    assert file.rejected == [] and file.rejects_removed is None and rejects.exists()
    assert any("brauchen sie nicht mehr" in note for note in file.notes)
