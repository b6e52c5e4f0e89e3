"""Reading exports and recognising their columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from people_helpers import EXPORTS

from integrakonzept.errors import ImportError_, InputFileError
from integrakonzept.people.mapping import load_mapping
from integrakonzept.people.normalize import split_full_name
from integrakonzept.people.readers import (
    detect_encoding,
    read_csv_bytes,
    read_source,
    sniff_delimiter,
)
from integrakonzept.people.recognition import match_field, recognise
from integrakonzept.people.schema import Field

# --- readers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfName;Ort\r\n", "utf-8-sig"),
        ("Name;Ort\r\nJoão;Köln\r\n".encode("utf-16"), "utf-16"),
        ("Name;Ort\r\nJoão;Köln\r\n".encode("utf-16-le"), "utf-16-le"),
        ("Name;Ort\r\nJoão;Köln\r\n".encode("utf-16-be"), "utf-16-be"),
        ("Name;Ort\r\nJoão;Köln\r\n".encode(), "utf-8"),
        ("Name;Ort\r\nJoão;Köln – „Süd“\r\n".encode("cp1252"), "cp1252"),
        (b"Name\r\n\x81\x8d\r\n", "latin-1"),
    ],
)
def test_encoding_rule(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected


def test_windows_1252_keeps_joao() -> None:
    sheet = read_csv_bytes(Path("x.csv"), "Vorname;Ort\r\nJoão;Köln\r\n".encode("cp1252"))
    assert sheet.rows == [["Vorname", "Ort"], ["João", "Köln"]]
    assert sheet.encoding == "cp1252"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('"a";"b";"c"\r\n"1";"2";"3"\r\n', ";"),
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        # CRLF and a quoted semicolon inside a comma file (csv.Sniffer gets this wrong)
        ('Name,Anmerkung,Ort\r\nAnna,"ja; gern",Köln\r\nBen,"a, b",Bonn\r\n', ","),
        # multi-line quoted cells
        ('Name;Anmerkung\r\nAnna;"Zeile 1\r\nZeile 2; mit Semikolon"\r\nBen;x\r\n', ";"),
    ],
)
def test_delimiter_sniffing(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_excel_sep_line_and_row_numbers() -> None:
    data = 'sep=,\r\nName,Ort\r\n\r\nAnna,"K\r\nöln"\r\nBen,Bonn\r\n'.encode()
    sheet = read_csv_bytes(Path("x.csv"), data)
    assert sheet.delimiter == ","
    assert sheet.rows == [["Name", "Ort"], ["Anna", "K\r\nöln"], ["Ben", "Bonn"]]
    # row numbers as a spreadsheet shows them (the sep line is row 1, the blank row 3)
    assert sheet.numbers == [2, 4, 5]


def test_xlsx_values_are_normalised(tmp_path: Path) -> None:
    from datetime import date, datetime, time

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Telefon", "Datum", "Zeit", "Zahl", "Bool", "Leer"])
    ws.append([4917112345678, date(2025, 3, 1), time(14, 30), 2.5, True, None])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    [sheet] = read_source(path).sheets
    assert sheet.rows[1] == ["4917112345678", datetime(2025, 3, 1), "14:30:00", "2.5", "ja", ""]


def test_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        read_source(tmp_path / "fehlt.csv")
    assert err.value.message == f"Die Datei {tmp_path / 'fehlt.csv'} gibt es nicht."
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(InputFileError) as err:
        read_source(empty)
    assert err.value.message == "Die Datei leer.csv ist leer."
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"PK\x03\x04 nicht wirklich")
    with pytest.raises(InputFileError) as err:
        read_source(broken)
    assert err.value.message.startswith(
        "Die Datei kaputt.xlsx kann nicht als Tabelle gelesen werden ("
    )
    assert err.value.hint == (
        "Ist sie beschädigt oder mit einem Kennwort geschützt? Öffnen Sie sie in Excel oder "
        "LibreOffice und speichern Sie sie erneut als .xlsx oder CSV."
    )
    with pytest.raises(InputFileError) as err:
        read_source(tmp_path)
    assert err.value.message == f"{tmp_path} ist ein Ordner, keine Datei."


# --- columns -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Vorname", Field.FIRST_NAME),
        ("First name", Field.FIRST_NAME),
        ("Nachname", Field.LAST_NAME),
        ("Vor- und Nachname", Field.FULL_NAME),
        ("Name Ihrer Organisation", Field.ORGANISATION),
        ("Ihre E-Mail-Adresse", Field.EMAIL),
        ("Email address", Field.EMAIL),
        ("Telefonnummer (für Rückfragen)", Field.PHONE),
        ("In welcher Rolle nehmen Sie teil?", Field.ROLE),
        ("I am attending as", Field.ROLE),
        ("Benötigen Sie Kinderbetreuung?", Field.CHILDCARE),
        ("Benötigen Sie eine Dolmetscherin?", Field.INTERPRETER),
        ("Unterstützungsbedarf (z. B. Gebärdensprache)", Field.ACCESSIBILITY),
        ("Welche Veranstal..", Field.EVENT),
        ("Zu welchem Termin kommen Sie?", Field.EVENT),
        ("In welchem Handlungsfeld möchten Sie mitarbeiten?", Field.TOPIC),
        (
            "Ich bin mit der Verarbeitung meiner Daten gemäß Datenschutzhinweis einverstanden.",
            Field.PRIVACY,
        ),
        ("Fotos: Ich bin einverstanden, dass Fotos veröffentlicht werden", Field.PHOTO),
        ("Anmerkungen und Fragen", Field.COMMENTS),
        ("Nr.", Field.IGNORE),
        ("Lieblingsfarbe", None),
    ],
)
def test_question_headers(header: str, field: Field | None) -> None:
    assert match_field(header) is field


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("msforms-de.xlsx", "msforms-de"),
        ("msforms-en.xlsx", "msforms-en"),
        ("gforms-de.csv", "gforms-de"),
        ("gforms-en.csv", "gforms-en"),
        ("limesurvey-code.csv", "limesurvey"),
        ("limesurvey-abgekuerzt.csv", "limesurvey"),
        ("limesurvey-vollstaendig.csv", "limesurvey"),
        ("nextcloud.csv", "nextcloud"),
        ("pretix.xlsx", "pretix"),
        ("pretix.csv", "pretix"),
        ("liste-cp1252.csv", None),
    ],
)
def test_tool_profiles(name: str, profile: str | None) -> None:
    source = read_source(EXPORTS / name)
    sheet = source.sheets[0]
    layout = recognise(sheet)
    assert layout.profile == profile
    assert layout.has_name and layout.has(Field.EVENT)


def test_plain_list_header_below_a_title_and_name_means_surname() -> None:
    [sheet] = read_source(EXPORTS / "liste-cp1252.csv").sheets
    layout = recognise(sheet)
    assert sheet.numbers[layout.header_index] == 3
    assert layout.columns[Field.LAST_NAME] == [1] and layout.columns[Field.FIRST_NAME] == [2]
    assert Field.FULL_NAME not in layout.columns


def test_weak_system_columns_come_last() -> None:
    [sheet] = read_source(EXPORTS / "msforms-de.xlsx").sheets
    layout = recognise(sheet)
    assert layout.columns[Field.EMAIL] == [7, 3]  # the question first, the account second
    assert 3 in layout.weak


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Anna Schmidt", ("Anna", "Schmidt")),
        ("Schmidt, Anna", ("Anna", "Schmidt")),
        ("João da Silva", ("João", "da Silva")),
        ("Anna Maria Schmidt", ("Anna Maria", "Schmidt")),
        ("Ludwig van Beethoven", ("Ludwig", "van Beethoven")),
        ("Dr. Anna Schmidt", ("Dr. Anna", "Schmidt")),
        ("Fatima  Al-Hassan ", ("Fatima", "Al-Hassan")),
        ("Mehmet", ("", "Mehmet")),
        ("", ("", "")),
    ],
)
def test_full_name_splitting(full: str, parts: tuple[str, str]) -> None:
    assert split_full_name(full) == parts


def test_unknown_layout_names_unrecognised_columns(tmp_path: Path) -> None:
    [sheet] = read_source(EXPORTS / "limesurvey-codes-unbekannt.csv").sheets
    from integrakonzept.people.recognition import missing_name_message

    error = missing_name_message(sheet, recognise(sheet))
    assert error.message == (
        "limesurvey-codes-unbekannt.csv: keine Spalte für den Namen gefunden (Name (name) "
        "oder Vorname (vorname) und Nachname (nachname)).\n"
        "Nicht erkannte Spalten: „G01Q01“, „G01Q02“, „G01Q03“, „G02Q01“"
    )
    assert error.hint is not None and "--write-mapping" in error.hint
    # recognised columns are never blamed
    assert "Antwort ID" not in error.message and "submitdate" not in error.message


def test_mapping_file_errors(tmp_path: Path) -> None:
    def mapping(text: str) -> Path:
        path = tmp_path / "zuordnung.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    with pytest.raises(InputFileError) as err:
        load_mapping(mapping("spalten:\n  Q1: geburtstag\n"))
    assert (
        err.value.message
        == f"{tmp_path / 'zuordnung.yaml'}: spalten: „Q1“: unbekanntes Feld „geburtstag“."
    )
    assert err.value.hint is not None and err.value.hint.startswith(
        "Erlaubte Felder: angemeldet_am, "
    )
    with pytest.raises(InputFileError) as err:
        load_mapping(mapping("spalte:\n  Q1: vorname\n"))
    assert err.value.message == f"{tmp_path / 'zuordnung.yaml'}: unbekannter Schlüssel „spalte“."
    with pytest.raises(InputFileError) as err:
        load_mapping(mapping("spalten: [\n"))
    assert err.value.message.startswith(
        f"{tmp_path / 'zuordnung.yaml'}:2:1: Die Zuordnungsdatei ist kein gültiges YAML"
    )
    with pytest.raises(InputFileError) as err:
        load_mapping(tmp_path / "fehlt.yaml")
    assert err.value.message == f"Die Zuordnungsdatei {tmp_path / 'fehlt.yaml'} gibt es nicht."
    # YAML 1.1 traps stay strings: a column called "no", a phase id "on"
    loaded = load_mapping(mapping("spalten:\n  no: vorname\n  Q2: Nachname\nkopfzeile: 2\n"))
    assert loaded.columns == {"no": Field.FIRST_NAME, "q2": Field.LAST_NAME}
    assert loaded.header_row == 2


def test_mapping_header_row(tmp_path: Path) -> None:
    csv_path = tmp_path / "x.csv"
    csv_path.write_text("Titel\r\nQ1;Q2;Q3\r\nAnna;Schmidt;auftakt\r\n", encoding="utf-8")
    map_path = tmp_path / "m.yaml"
    map_path.write_text("kopfzeile: 2\nspalten: {Q1: vorname, Q2: nachname, Q3: veranstaltung}\n")
    [sheet] = read_source(csv_path).sheets
    layout = recognise(sheet, load_mapping(map_path))
    assert layout.header_index == 1 and layout.has_name and layout.has(Field.EVENT)
    map_path.write_text("kopfzeile: 9\n")
    with pytest.raises(ImportError_) as err:
        recognise(sheet, load_mapping(map_path))
    assert err.value.message == "x.csv: Zeile 9 (kopfzeile) ist leer oder fehlt."
