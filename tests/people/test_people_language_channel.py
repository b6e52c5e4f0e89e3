"""The person's language („Sprache“) and the channel of a registration („Quelle“) on import.

Older trackers without the column „Sprache“ keep working and get it on their next import,
right of their table, with every manual edit kept.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.table import TableColumn
from people_helpers import tracker_rows

from integrakonzept.people import normalize as norm
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.recognition import match_field
from integrakonzept.people.schema import Field
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

LANGUAGE_HEADINGS = [
    "Sprache",
    "Language",
    "Bevorzugte Sprache",
    "Ihre Sprache",
    "In welcher Sprache möchten Sie Nachrichten erhalten?",
    "Sprache für E-Mails",
    "Preferred language",
    "Dil",
    "Tercih edilen dil",
    "Język",
    "Язык",
    "Мова",
    "اللغة",
    "زبان",
]
CHANNEL_HEADINGS = [
    "utm_source",
    "UTM Source",
    "Quelle",
    "Kanal",
    "Wie haben Sie von der Veranstaltung erfahren?",
    "Wie sind Sie auf die Veranstaltung aufmerksam geworden?",
    "How did you hear about the event?",
]
#: headings that must keep their old meaning
OTHER_HEADINGS = {
    "Dolmetschen (Sprache)": Field.INTERPRETER,
    "Benötigen Sie Dolmetschen? In welche Sprache?": Field.INTERPRETER,
    "Welche Sprache sprechen Sie?": Field.INTERPRETER,
    "Veranstaltung": Field.EVENT,
    "E-Mail": Field.EMAIL,
    "Herkunft": None,  # country of origin: never read as a channel
}
ARABIC = ["ar", "AR", "Arabic", "Arabisch", "العربية", "arabe"]
LANGUAGE_VALUES = {
    "tr": "Türkisch", "Türkçe": "Türkisch", "Turkish": "Türkisch",
    "uk": "Ukrainisch", "українська": "Ukrainisch", "Ukrainian": "Ukrainisch",
    "de": "Deutsch", "de-informal": "Deutsch", "German": "Deutsch",
    "pl": "Polnisch", "polski": "Polnisch", "ru": "Russisch", "русский": "Russisch",
    "en": "Englisch", "English": "Englisch", "fa": "Persisch", "prs": "Dari",
    "de-x-ls": "Leichte Sprache", "": "", "nein": "",
}  # fmt: skip


@pytest.mark.parametrize("heading", LANGUAGE_HEADINGS)
def test_language_headings(heading: str) -> None:
    assert match_field(heading) is Field.LANGUAGE


@pytest.mark.parametrize("heading", CHANNEL_HEADINGS)
def test_channel_headings(heading: str) -> None:
    assert match_field(heading) is Field.CHANNEL


@pytest.mark.parametrize(("heading", "field"), OTHER_HEADINGS.items())
def test_other_headings_keep_their_meaning(heading: str, field: Field | None) -> None:
    assert match_field(heading) is field


@pytest.mark.parametrize(
    ("value", "german"), [*((v, "Arabisch") for v in ARABIC), *LANGUAGE_VALUES.items()]
)
def test_language_values_become_german_names(value: str, german: str) -> None:
    assert norm.language(value) == german


def _export(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> Path:
    path = folder / name
    lines = [";".join(header), *(";".join(r) for r in rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


HEADER = [
    "Zeitstempel",
    "Vorname",
    "Nachname",
    "E-Mail",
    "Veranstaltung",
    "Dolmetschen",
    "Lieblingsfarbe",
]


@pytest.mark.parametrize(
    ("language_heading", "channel_heading"),
    list(itertools.islice(itertools.product(LANGUAGE_HEADINGS, CHANNEL_HEADINGS), 0, None, 9)),
)
def test_import_fills_sprache_and_quelle(
    workdir: Path, process_file: Path, language_heading: str, channel_heading: str
) -> None:
    export = _export(
        workdir,
        "anmeldungen.csv",
        [*HEADER, language_heading, channel_heading],
        [
            ["05.03.2025 10:00", "Amal", "Haddad", "amal@example.de", "auftakt", "Arabisch", "blau", "العربية", "einladung-ar"],
            ["05.03.2025 11:00", "Oksana", "Bondar", "oksana@example.de", "auftakt", "", "rot", "uk", ""],
            ["05.03.2025 12:00", "Erika", "Muster", "erika@example.de", "auftakt", "", "grün", "", "Zeitung"],
        ],
    )  # fmt: skip
    report = import_registrations(load_process(process_file), [export])
    readings = {r.header: r.field for r in report.files[0].readings}
    assert readings[language_heading] is Field.LANGUAGE
    assert readings[channel_heading] is Field.CHANNEL
    assert report.files[0].unrecognised == ["Lieblingsfarbe"]  # unknown columns: reported as before
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    assert rows["Amal"]["Sprache"] == "Arabisch"
    assert rows["Amal"]["Dolmetschen"] == "Arabisch"  # interpreting stays its own column
    assert rows["Oksana"]["Sprache"] == "Ukrainisch"
    assert rows["Oksana"]["Dolmetschen"] is None
    assert rows["Erika"]["Sprache"] is None
    tool = report.files[0].tool  # „Zeitstempel“: Google Forms
    assert rows["Amal"]["Quelle"] == f"einladung-ar (anmeldungen.csv, {tool})"
    assert rows["Erika"]["Quelle"] == f"Zeitung (anmeldungen.csv, {tool})"
    assert (
        rows["Oksana"]["Quelle"] == f"anmeldungen.csv ({tool})"
    )  # no channel: the file, as before
    assert not any("Sprache" in note or "Quelle" in note for note in report.notes)


def _old_tracker(process_file: Path, workdir: Path) -> Path:
    """A tracker as ik wrote it before „Sprache“ existed (table A:X), edited by hand."""
    export = _export(
        workdir,
        "alt.csv",
        HEADER,
        [
            ["01.03.2025 10:00", "Amal", "Haddad", "amal@example.de", "auftakt", "", "blau"],
            ["01.03.2025 11:00", "Oksana", "Bondar", "oksana@example.de", "auftakt", "", "rot"],
        ],
    )
    path = import_registrations(load_process(process_file), [export]).tracker
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    assert ws["Y1"].value == "Sprache"
    for row in ws.iter_rows(min_row=1, min_col=25, max_col=25):
        row[0].value = None
    table = ws.tables["tblAnmeldungen"]
    table.tableColumns = [c for c in table.tableColumns if c.name != "Sprache"]
    table.ref = table.autoFilter.ref = f"A1:X{ws.max_row}"
    # stamps as ik wrote them before: one hash per answer field, none for the language
    # (an import without a language writes them so, too)
    assert all(len(str(r[23].value).partition(":")[2]) == 13 * 6 for r in ws.iter_rows(min_row=2))
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "Amal":
            row[17].value = "Warteliste"  # status set by hand
            row[21].value = "ruft zurück"  # note
    wb.save(path)
    return path


def test_an_older_tracker_gets_the_column_on_the_next_import(
    workdir: Path, process_file: Path
) -> None:
    path = _old_tracker(process_file, workdir)
    export = _export(
        workdir,
        "neu.csv",
        [*HEADER, "Sprache", "utm_source"],
        [
            ["02.03.2025 10:00", "Amal", "Haddad", "amal@example.de", "auftakt", "", "blau", "Arabic", "einladung-ar"],
            ["02.03.2025 11:00", "Neu", "Person", "neu@example.de", "auftakt", "", "gelb", "tr", "flyer"],
        ],
    )  # fmt: skip
    dry = import_registrations(load_process(process_file), [export], dry_run=True)
    assert "Die Spalte „Sprache“ würde rechts an die Tabelle angefügt." in dry.notes
    assert tracker_rows(path)[0].get("Sprache", "absent") == "absent"  # dry run: unchanged

    report = import_registrations(load_process(process_file), [export])
    assert "Die Spalte „Sprache“ wurde rechts an die Tabelle angefügt." in report.notes
    assert not any("keine Spalte" in n for n in report.notes)
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    assert ws["Y1"].value == "Sprache"
    table = ws.tables["tblAnmeldungen"]
    assert table.ref == f"A1:Y{ws.max_row}"
    assert [c.name for c in table.tableColumns][-2:] == ["ik-Prüfsumme", "Sprache"]
    rows = {r["Vorname"]: r for r in tracker_rows(path)}
    assert rows["Amal"]["Sprache"] == "Arabisch"
    assert rows["Amal"]["Status"] == "Warteliste" and rows["Amal"]["Notizen"] == "ruft zurück"
    assert rows["Amal"]["Quelle"] == "einladung-ar (neu.csv, Google Forms)"
    assert rows["Oksana"]["Sprache"] is None
    assert rows["Neu"]["Sprache"] == "Türkisch"
    assert rows["Neu"]["Quelle"] == "flyer (neu.csv, Google Forms)"

    # a third import: nothing changes, the column stays where it is
    again = import_registrations(load_process(process_file), [export])
    assert again.files[0].new == 0 and again.files[0].updated == 0
    assert not any("Sprache" in n for n in again.notes)


def test_a_language_typed_by_hand_is_kept(workdir: Path, process_file: Path) -> None:
    path = _old_tracker(process_file, workdir)
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    ws["Y1"] = "Sprache"  # the coordinator added the column herself …
    table = ws.tables["tblAnmeldungen"]
    table.tableColumns.append(TableColumn(id=25, name="Sprache"))
    table.ref = table.autoFilter.ref = f"A1:Y{ws.max_row}"
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "Oksana":
            row[24].value = "Russisch"  # … and typed a language
    wb.save(path)
    export = _export(
        workdir,
        "neu.csv",
        [*HEADER, "Sprache"],
        [
            ["02.03.2025 10:00", "Amal", "Haddad", "amal@example.de", "auftakt", "", "blau", "ar"],
            [
                "02.03.2025 11:00",
                "Oksana",
                "Bondar",
                "oksana@example.de",
                "auftakt",
                "",
                "rot",
                "uk",
            ],
        ],
    )
    report = import_registrations(load_process(process_file), [export])
    rows = {r["Vorname"]: r for r in tracker_rows(path)}
    assert rows["Amal"]["Sprache"] == "Arabisch"  # empty before: filled
    assert rows["Oksana"]["Sprache"] == "Russisch"  # typed by hand: kept
    assert (
        report.notes[0]
        == "1 von Hand korrigierte Angabe wurde nicht durch neuere Antworten überschrieben."
    )
    assert load_workbook(path)["Anmeldungen"].max_column == 25  # nothing added twice


def test_no_column_is_added_over_the_coordinators_own_data(
    workdir: Path, process_file: Path
) -> None:
    path = _old_tracker(process_file, workdir)
    wb = load_workbook(path)
    wb["Anmeldungen"]["Y3"] = "eigene Notiz neben der Tabelle"
    wb.save(path)
    export = _export(
        workdir, "neu.csv", [*HEADER, "Sprache"],
        [["02.03.2025 10:00", "Amal", "Haddad", "amal@example.de", "auftakt", "", "blau", "ar"]],
    )  # fmt: skip
    report = import_registrations(load_process(process_file), [export])
    assert any(
        n.startswith("Die Spalte „Sprache“ fehlt in der Anmeldeliste und wurde nicht ergänzt.")
        and "Rechts neben der Tabelle stehen schon Daten" in n
        for n in report.notes
    )
    ws = load_workbook(path)["Anmeldungen"]
    assert ws["Y3"].value == "eigene Notiz neben der Tabelle" and ws["Y1"].value is None


def test_a_mapping_file_names_language_and_channel_columns(workdir: Path, process_file: Path) -> None:
    export = _export(
        workdir,
        "anmeldungen.csv",
        ["Vorname", "Nachname", "E-Mail", "Veranstaltung", "Q7", "ref_kampagne"],
        [["Amal", "Haddad", "amal@example.de", "auftakt", "ar", "plakat-bahnhof"]],
    )
    mapping = workdir / "zuordnung.yaml"
    mapping.write_text("spalten:\n  Q7: sprache\n  ref_kampagne: quelle\n", encoding="utf-8")
    report = import_registrations(load_process(process_file), [export], mapping=mapping)
    readings = {r.header: (r.field, r.how) for r in report.files[0].readings}
    assert readings["Q7"] == (Field.LANGUAGE, "Zuordnungsdatei")
    assert readings["ref_kampagne"] == (Field.CHANNEL, "Zuordnungsdatei")
    (row,) = tracker_rows(report.tracker)
    assert row["Sprache"] == "Arabisch"
    assert row["Quelle"] == "plakat-bahnhof (anmeldungen.csv, Liste)"


def test_ik_tracker_adds_the_column_to_an_older_tracker(workdir: Path, process_file: Path) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli.app import app

    path = _old_tracker(process_file, workdir)
    before = {r["Vorname"]: r for r in tracker_rows(path)}
    result = CliRunner().invoke(app, ["tracker", str(process_file)])
    assert result.exit_code == 0, result.output
    assert "Spalte „Sprache“ rechts an die Tabelle „Anmeldungen“ angefügt" in result.output
    ws = load_workbook(path)["Anmeldungen"]
    assert ws["Y1"].value == "Sprache" and ws.tables["tblAnmeldungen"].ref == f"A1:Y{ws.max_row}"
    after = {r["Vorname"]: r for r in tracker_rows(path)}
    assert after["Amal"]["Status"] == "Warteliste" and after["Amal"]["Notizen"] == "ruft zurück"
    def kept(rows: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        return {k: {h: v for h, v in r.items() if h not in ("", "Sprache")} for k, r in rows.items()}

    assert kept(after) == kept(before)  # every value as it was
    again = CliRunner().invoke(app, ["tracker", str(process_file)])
    assert again.exit_code == 0 and "unverändert" in again.output and "angefügt" not in again.output
