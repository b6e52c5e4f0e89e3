"""One import per tool fixture: the right people, the right rejections, numbers that add up."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from people_helpers import people, tracker_rows

from integrakonzept.people.imports import ImportReport, import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

A = "auftakt"
W = "workshop-bildung"
F = "fachforum-arbeit"
REG, WAIT, CANC = "angemeldet", "Warteliste", "abgesagt"

#: fixture → (tool, people as (event, first, last, status), rejections as (row, reason))
EXPECTED: dict[str, tuple[str, set[tuple[str, str, str, str]], list[tuple[int, str]], int]] = {
    "msforms-de.xlsx": (
        "Microsoft Forms",
        {
            (A, "Anna", "Schmidt", REG),
            (A, "João", "da Silva", REG),
            (W, "Ayşe", "Yılmaz", REG),
            (A, "Olena", "Kovalenko", REG),
        },
        [(6, "ungültige E-Mail-Adresse"), (7, "kein Name")],
        1,
    ),
    "msforms-en.xlsx": (
        "Microsoft Forms",
        {
            (W, "Fatima", "Al-Hassan", REG),
            (F, "Jürgen", "Müller-Lüdenscheidt", REG),
            (W, "Liam", "O'Connor", REG),
            (F, "Chen", "Wei", REG),
        },
        [(5, "unbekannte Veranstaltung „Summer party“")],
        0,
    ),
    "gforms-de.csv": (
        "Google Forms",
        {
            (A, "Anna", "Schmidt", REG),
            (W, "Anna", "Schmidt", REG),
            (A, "João", "da Silva", REG),
            (F, "Mehmet", "Özdemir", REG),
        },
        [(6, "kein Name")],
        1,
    ),
    "gforms-en.csv": (
        "Google Forms",
        {(A, "Olena", "Kovalenko", REG), (A, "Liam", "O'Connor", REG)},
        [(4, "ungültige E-Mail-Adresse")],
        0,
    ),
    "limesurvey-code.csv": (
        "LimeSurvey",
        {
            (A, "Fatima", "Al-Hassan", REG),
            (W, "Jürgen", "Müller-Lüdenscheidt", REG),
            (W, "Chen", "Wei", REG),
            (W, "Ayse", "Yilmaz", REG),
            (W, "Olena", "Kovalenko", WAIT),  # capacity 3: the fourth waits
        },
        [],
        0,
    ),
    "limesurvey-abgekuerzt.csv": (
        "LimeSurvey",
        {(F, "Mehmet", "Özdemir", REG), (F, "Anna", "Schmidt", REG)},
        [(4, "unbekannte Veranstaltung „Sommerfest“")],
        0,
    ),
    "limesurvey-vollstaendig.csv": (
        "LimeSurvey",
        {(A, "Lena", "Wagner", REG), (A, "Sami", "Haddad", REG), (A, "Günther", "Weiß", REG)},
        [],
        0,
    ),
    "nextcloud.csv": (
        "Nextcloud Forms",
        {(A, "Kim", "Beispiel", REG), (F, "Kim", "Beispiel", REG), (F, "Sami", "Haddad", REG)},
        [(4, "kein Name")],
        0,
    ),
    "pretix.xlsx": (
        "pretix",
        {
            (A, "Lena", "Wagner", REG),
            (A, "Tom", "Wagner", REG),
            (A, "Sami", "Haddad", CANC),
            (W, "Olena", "Kovalenko", REG),
        },
        [],
        0,
    ),
    "pretix.csv": (
        "pretix",
        {
            (A, "Lena", "Wagner", REG),
            (A, "Tom", "Wagner", REG),
            (A, "Sami", "Haddad", CANC),
            (W, "Olena", "Kovalenko", REG),
        },
        [],
        0,
    ),
    "liste-cp1252.csv": (
        "Liste",
        {
            (A, "Jürgen", "Müller-Lüdenscheidt", REG),
            (A, "João", "da Silva", REG),
            (A, "Ayse", "Yilmaz", REG),
            (W, "Günther", "Weiß", REG),
        },
        [(9, "unbekannte Veranstaltung „12.12.2025“")],
        0,
    ),
}


def _run(process_file: Path, *exports: Path, **options: object) -> ImportReport:
    return import_registrations(load_process(process_file), list(exports), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_tool_imports_the_right_people(
    name: str, process_file: Path, export: Callable[[str], Path]
) -> None:
    tool, expected, rejections, merged = EXPECTED[name]
    report = _run(process_file, export(name))
    [file] = report.files
    assert file.tool == tool
    assert people(report.tracker) == expected
    assert [(r.row, r.reason) for r in file.rejected] == rejections
    assert file.merged == merged
    assert file.new == len(expected)
    assert file.balanced, "read = new + updated + unchanged + merged + rejected"
    assert file.unrecognised == []


def test_values_are_normalised(process_file: Path, export: Callable[[str], Path]) -> None:
    report = _run(process_file, export("msforms-de.xlsx"))
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    anna, joao, ayse, olena = rows["Anna"], rows["João"], rows["Ayşe"], rows["Olena"]
    # the duplicate: first registration time, newest answers
    assert anna["Angemeldet am"] == datetime(2025, 3, 1, 10, 2, 45)
    assert anna["Stand der Angaben"] == datetime(2025, 3, 3, 19, 2)
    assert anna["Anmerkungen"] == "Ich bringe eine Kollegin mit."
    assert anna["Rolle"] == "Verwaltung"
    assert anna["Datenschutz"] == "ja" and anna["Fotos"] == "ja"
    assert anna["Quelle"] == "msforms-de.xlsx (Microsoft Forms)"
    assert anna["E-Mail"] == "anna.schmidt@example.de" or anna["E-Mail"].lower() == (
        "anna.schmidt@example.de"
    )
    assert joao["Dolmetschen"] == "Portugiesisch"
    assert joao["Kinderbetreuung"] == "Ja, 2 Kinder (3 und 5 Jahre)"
    assert joao["Anmerkungen"] == "Ich komme etwas später.\nBitte einen Platz am Gang."
    assert joao["Handlungsfeld"] == "Arbeit und Ausbildung"
    assert ayse["Barrierefreiheit"] == "Rollstuhl – bitte stufenloser Zugang"
    assert ayse["Fotos"] == "unbekannt"
    assert ayse["Organisation"] == '=HYPERLINK("http://example.de";"Klick")'
    assert olena["Nach Anmeldeschluss"] == "ja"  # 12.03. after the deadline 10.03.
    assert olena["Rolle"] == "Einwohner*in"
    assert anna["Nach Anmeldeschluss"] is None
    assert {r["ID"] for r in rows.values()} == {"A00001", "A00002", "A00003", "A00004"}


def test_google_checkbox_answer_gives_one_row_per_event_and_one_person_id(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = _run(process_file, export("gforms-de.csv"))
    [file] = report.files
    assert (file.rows, file.read) == (5, 6)  # row 2 names two events
    annas = [r for r in tracker_rows(report.tracker) if r["Vorname"] == "Anna"]
    assert {r["Veranstaltung"] for r in annas} == {A, W}
    assert len({r["Personen-ID"] for r in annas}) == 1
    mehmet = next(r for r in tracker_rows(report.tracker) if r["Vorname"] == "Mehmet")
    assert mehmet["Nachname"] == "Özdemir"  # "Özdemir, Mehmet" was split
    assert mehmet["Anmerkungen"] == "Bitte Rückruf am Abend"  # the newer answer


def test_us_timestamps_are_month_first_when_the_column_says_so(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = _run(process_file, export("gforms-en.csv"))
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    assert rows["Olena"]["Angemeldet am"] == datetime(2025, 3, 7, 14, 3, 22)
    assert rows["Liam"]["Angemeldet am"] == datetime(2025, 3, 14, 9, 15)
    assert rows["Liam"]["Nach Anmeldeschluss"] == "ja"


def test_pretix_combines_order_date_and_time_and_cancels(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = _run(process_file, export("pretix.csv"))
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    assert rows["Lena"]["Angemeldet am"] == datetime(2025, 3, 2, 10, 11, 12)
    assert rows["Lena"]["E-Mail"] == "lena.wagner@example.de"  # attendee e-mail first
    assert rows["Tom"]["E-Mail"] == "bestellung.wagner@example.de"  # order e-mail as fallback
    assert rows["Sami"]["Status"] == CANC
    assert rows["Sami"]["Kinderbetreuung"] == "ja"
    assert rows["Lena"]["Handlungsfeld"] == "Sprache und Bildung"
    # pretix masks formulas with a quote in CSV; the tracker keeps the text as text
    assert rows["Olena"]["Organisation"] == '=HYPERLINK("http://example.de";"Klick")'
    summary = {e.id: e for e in report.events}
    assert (summary[A].registered, summary[A].cancelled, summary[A].free) == (2, 1, 4)


def test_nextcloud_multi_answers_and_iso_timestamps(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = _run(process_file, export("nextcloud.csv"))
    rows = tracker_rows(report.tracker)
    kim = [r for r in rows if r["Vorname"] == "Kim"]
    assert len({r["Personen-ID"] for r in kim}) == 1
    assert kim[0]["Handlungsfeld"] == "Sprache und Bildung; Begegnung und Zusammenleben"
    assert kim[0]["Angemeldet am"] == datetime(2025, 3, 4, 10, 0)
    sami = next(r for r in rows if r["Vorname"] == "Sami")
    assert sami["Anmerkungen"] == "Kommt mit Dolmetscher\n(eigener)"


def test_plain_list_in_windows_1252(process_file: Path, export: Callable[[str], Path]) -> None:
    report = _run(process_file, export("liste-cp1252.csv"))
    [file] = report.files
    assert (file.encoding, file.delimiter) == ("cp1252", ";")
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    assert rows["João"]["Nachname"] == "da Silva"
    assert rows["João"]["Rolle"] == "Sonstige"
    assert (
        rows["João"]["Anmerkungen"] == "kommt mit Kind\nund Kinderwagen\nRolle (Angabe): Vorstand"
    )
    assert rows["Jürgen"]["Rolle"] == "Einwohner*in"
    assert rows["Jürgen"]["Telefon"] == "0171 2345678"
    assert rows["Ayse"]["E-Mail"] is None
    assert rows["Günther"]["Veranstaltung"] == W  # matched by the date 09.04.2025
    assert rows["Jürgen"]["Angemeldet am"] is None  # the list has no timestamps


def test_limesurvey_multiple_choice_columns(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    report = _run(process_file, export("limesurvey-vollstaendig.csv"))
    rows = {r["Vorname"]: r for r in tracker_rows(report.tracker)}
    assert rows["Lena"]["Handlungsfeld"] == "Sprache und Bildung; Arbeit und Ausbildung"
    assert rows["Sami"]["Handlungsfeld"] == "Begegnung und Zusammenleben"
    assert rows["Lena"]["Datenschutz"] == "ja"
    assert rows["Sami"]["Dolmetschen"] == "Arabisch"


def test_all_fixtures_together_link_people_across_events(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    names = sorted(EXPECTED)
    report = _run(process_file, *[export(n) for n in names])
    for file in report.files:
        assert file.balanced, file.label
    rows = tracker_rows(report.tracker)
    by_person: dict[str, set[str]] = {}
    for r in rows:
        by_person.setdefault(r["Personen-ID"], set()).add(f"{r['Vorname']} {r['Nachname']}")
    # one id never covers two different people
    assert all(len(n) == 1 for n in by_person.values()), by_person
    ids = {r["Personen-ID"] for r in rows if r["E-Mail"] == "sami.haddad@example.de"}
    assert len(ids) == 1  # Sami: auftakt (cancelled, pretix), fachforum (Nextcloud) …
    assert len({r["ID"] for r in rows}) == len(rows)
    # one row per person and event
    keys = [(r["Veranstaltung"], (r["E-Mail"] or "").lower() or r["Vorname"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_waiting_list_in_order_of_registration_time_across_files(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    # workshop (3 places): msforms-en brings Fatima (05.03.) and Liam (06.03.), LimeSurvey
    # Jürgen (06.03. 17:45), Chen (06.03. 18:00), Ayse, Olena (07.03.), msforms-de Ayşe
    # Yılmaz (02.03.) – the first three by time get the places.
    report = _run(
        process_file,
        export("limesurvey-code.csv"),
        export("msforms-en.xlsx"),
        export("msforms-de.xlsx"),
    )
    rows = [r for r in tracker_rows(report.tracker) if r["Veranstaltung"] == W]
    by_time = sorted(rows, key=lambda r: r["Angemeldet am"])
    assert [r["Status"] for r in by_time] == [REG, REG, REG] + [WAIT] * (len(rows) - 3)
    # Ayşe Yılmaz registered in MS Forms (02.03.) and again in LimeSurvey (07.03., same
    # address): one row, her first time keeps her place, the newer answers win
    first = by_time[0]
    assert first["E-Mail"] == "ayse.yilmaz@example.de"
    assert first["Angemeldet am"] == datetime(2025, 3, 2, 8, 4)
    assert first["Organisation"] == "Elternverein"
    assert report.total("merged") == 2  # Ayşe here, Anna's double entry in msforms-de


def test_rejects_file_has_the_export_layout_and_can_be_fixed_and_reimported(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    source = export("gforms-en.csv")
    report = _run(process_file, source)
    rejects = source.with_name("gforms-en-abgelehnt.csv")
    assert report.files[0].rejects_path == rejects
    raw = rejects.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with rejects.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    with source.open(encoding="utf-8", newline="") as fh:
        original = list(csv.reader(fh))
    assert rows[0] == [*original[0], "ik: Grund"]
    assert rows[1] == [*original[3], "ungültige E-Mail-Adresse"]
    # the coordinator fixes the address and imports the rejects file again
    rows[1][1] = "karl.klein@example.de"
    with rejects.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    again = _run(process_file, rejects)
    assert again.files[0].new == 1 and not again.files[0].rejected
    assert (F, "Karl", "Klein", REG) in people(report.tracker)


def test_rejects_file_for_xlsx_is_xlsx(process_file: Path, export: Callable[[str], Path]) -> None:
    source = export("msforms-de.xlsx")
    _run(process_file, source)
    rejects = source.with_name("msforms-de-abgelehnt.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(rejects).active
    assert ws is not None
    values = list(ws.iter_rows(values_only=True))
    assert values[0][-1] == "ik: Grund"
    assert [v[-1] for v in values[1:]] == ["ungültige E-Mail-Adresse", "kein Name"]
    assert values[1][7] == "peter.pan(at)example.de"


def test_importing_twice_changes_nothing_and_says_so(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    files = [export("msforms-de.xlsx"), export("gforms-de.csv"), export("pretix.xlsx")]
    first = _run(process_file, *files)
    before = first.tracker.read_bytes()
    second = _run(process_file, *files)
    assert not second.changed and second.backup is None
    assert first.tracker.read_bytes() == before
    for f in second.files:
        assert f.new == 0 and f.updated == 0 and f.balanced
    assert second.total("unchanged") == first.total("new") + first.total("updated")


def test_newer_answers_update_the_row(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    first = _run(process_file, export("gforms-de.csv"))
    later = workdir / "gforms-de-neu.csv"
    later.write_text(
        "Zeitstempel,E-Mail-Adresse,Vor- und Nachname,Organisation,Rolle,"
        "An welchen Veranstaltungen nehmen Sie teil?,Dolmetschen,Kinderbetreuung,Anmerkungen\r\n"
        "05.03.2025 09:00:00,joao.silva@example.de,João da Silva,Brasil e.V.,"
        "Migrantenorganisation,Auftaktveranstaltung Integrationskonzept,Portugiesisch,Nein,"
        "Ich komme doch ohne Kind.\r\n",
        encoding="utf-8",
    )
    report = _run(process_file, later)
    assert (report.files[0].updated, report.files[0].new) == (1, 0)
    joao = next(r for r in tracker_rows(first.tracker) if r["Vorname"] == "João")
    assert joao["Anmerkungen"] == "Ich komme doch ohne Kind."
    assert joao["Angemeldet am"] == datetime(2025, 3, 2, 18, 40, 55)  # place in the queue kept
    assert joao["Stand der Angaben"] == datetime(2025, 3, 5, 9, 0)
    # the later, explicit "Nein" replaces the earlier "ja" (issue 10: latest answer wins)
    assert joao["Kinderbetreuung"] == "nein"


def test_older_export_does_not_overwrite_newer_answers(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    _run(process_file, export("gforms-de.csv"))
    older = workdir / "alt.csv"
    older.write_text(
        "Zeitstempel;E-Mail;Vorname;Nachname;Veranstaltung;Anmerkungen\r\n"
        "01.02.2025 09:00;joao.silva@example.de;João;da Silva;auftakt;alte Angabe\r\n",
        encoding="utf-8",
    )
    report = _run(process_file, older)
    assert (report.files[0].unchanged, report.files[0].updated) == (1, 0)


def test_phase_option(process_file: Path, workdir: Path, export: Callable[[str], Path]) -> None:
    plain = workdir / "ohne-veranstaltung.csv"
    plain.write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung\r\n"
        "Lea;Lang;lea.lang@example.de;\r\n"
        "Max;Mohn;max.mohn@example.de;Fachforum Arbeit\r\n"
        "Ida;Igel;ida.igel@example.de;Workshop Bildung und Sprache\r\n",
        encoding="utf-8",
    )
    report = _run(process_file, plain, phase=F)
    assert people(report.tracker) == {(F, "Lea", "Lang", REG), (F, "Max", "Mohn", REG)}
    assert [(r.row, r.reason) for r in report.files[0].rejected] == [
        (
            4,
            "gehört laut Spalte Veranstaltung zu „workshop-bildung“, nicht zu --phase fachforum-arbeit",
        )
    ]


def test_dry_run_writes_nothing(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    source = export("msforms-de.xlsx")
    report = _run(process_file, source, dry_run=True)
    assert report.dry_run and report.files[0].new == 4
    assert not (workdir / "anmeldungen.xlsx").exists()
    assert not source.with_name("msforms-de-abgelehnt.xlsx").exists()
    assert report.files[0].rejects_path == source.with_name("msforms-de-abgelehnt.xlsx")


def test_mapping_file_for_unknown_question_codes(
    process_file: Path, export: Callable[[str], Path]
) -> None:
    source = export("limesurvey-codes-unbekannt.csv")
    mapping = export("limesurvey-zuordnung.yaml")
    report = _run(process_file, source, mapping=mapping)
    assert report.files[0].tool == "LimeSurvey (eigene Codes)"
    assert people(report.tracker) == {(A, "Lena", "Wagner", REG), (W, "Tom", "Wagner", REG)}


def test_unfinished_limesurvey_responses_are_rejected(process_file: Path, workdir: Path) -> None:
    export = workdir / "results-survey123.csv"
    export.write_text(
        '\ufeff"id";"submitdate";"lastpage";"startlanguage";"vorname";"nachname";"veranstaltung"\r\n'
        '"1";"2025-03-01 10:00:00";"2";"de";"Lea";"Lang";"auftakt"\r\n'
        '"2";"";"1";"de";"Max";"Mohn";"auftakt"\r\n',
        encoding="utf-8",
    )
    report = _run(process_file, export)
    assert people(report.tracker) == {(A, "Lea", "Lang", REG)}
    assert [(r.row, r.reason) for r in report.files[0].rejected] == [
        (3, "Antwort nicht abgeschickt (LimeSurvey: Abschickdatum leer)")
    ]
