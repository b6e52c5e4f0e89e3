"""Sign-in sheets: what is on paper (and what never is), on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_support import (
    AMPERSAND,
    EDGE,
    EXAMPLES,
    example,
    flat,
    needs_poppler,
    pdf_pages_text,
    write_process,
)

from integrakonzept.documents.signup import (
    Attendee,
    attendees,
    signup_sheet,
    sort_attendees,
    write_signup_sheet,
)
from integrakonzept.errors import TrackerError, UsageError
from integrakonzept.output import Writer
from integrakonzept.people.roster import read_roster
from integrakonzept.process.load import load_process

pytestmark = needs_poppler

HEADERS = [
    "ID",
    "Veranstaltung",
    "Vorname",
    "Nachname",
    "Organisation",
    "E-Mail",
    "Telefon",
    "Dolmetschen",
    "Status",
]
ROWS = [
    [
        "A1",
        "auftakt",
        "Zoë",
        "Zander",
        "",
        "zoe@example.de",
        "0151 1111111",
        "Arabisch",
        "angemeldet",
    ],
    [
        "A2",
        "auftakt",
        "Anna",
        "Abel",
        AMPERSAND,
        "anna@example.de",
        "0151 2222222",
        "",
        "angemeldet",
    ],
    ["A3", "auftakt", "Ömer", "Özdemir", "KIESEL", "oemer@example.de", "", "Türkisch", None],
    ["A4", "auftakt", "Olaf", "Ölmann", "", "olaf@example.de", "", "", "angemeldet"],
    ["A5", "auftakt", "Nina", "Nein", "", "nina@example.de", "", "", "abgesagt"],
    ["A6", "auftakt", "Walter", "Warte", "", "walter@example.de", "", "", "Warteliste"],
    ["A7", "fachrunde-hauptamt", "Fritz", "Fach", "", "fritz@example.de", "", "", "angemeldet"],
    [
        "A8",
        "Auftaktveranstaltung „Elmshorn im Dialog“",
        "Tina",
        "Titel",
        "",
        "tina@example.de",
        "",
        "",
        "angemeldet",
    ],
    ["A9", "auftakt", "Max", "müller", "", "max@example.de", "", "", "angemeldet"],
    # typed by hand: people.status decides, as for the statistics and the Excel overview
    ["A10", "auftakt", "Lena", "Lehnert", "", "lena@example.de", "", "", "Abgelehnt"],
    ["A11", "auftakt", "Stefan", "Storno", "", "st@example.de", "", "", "storniert am 3.3."],
    ["A12", "auftakt", "Wanda", "Wartend", "", "wanda@example.de", "", "", "wartet"],
]
SECRETS = [
    "@example.de",
    "0151",
    "Arabisch",
    "Türkisch",
    "Nein",
    "Warte",
    "Fach",
    "Lehnert",
    "Storno",
    "Wartend",
]


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Anmeldungen"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    workbook.create_sheet("Übersicht")
    path = tmp_path / "anmeldungen.xlsx"
    workbook.save(path)
    return path


def test_tracker_names_alphabetical_din_5007(tracker: Path) -> None:
    process = example("elmshorn-2025")
    people = attendees(read_roster(tracker, process), process.phase("auftakt"))  # type: ignore[arg-type]
    assert [(p.last_name, p.first_name) for p in people] == [
        ("Abel", "Anna"),
        ("müller", "Max"),
        ("Ölmann", "Olaf"),
        ("Özdemir", "Ömer"),
        ("Titel", "Tina"),
        ("Zander", "Zoë"),
    ]
    assert people[0].organisation == AMPERSAND


def test_sort_key_ignores_case_and_umlauts() -> None:
    names = ["Zeller", "Äbi", "abt", "Strauß", "Strauss", "Straub"]
    ordered = [p.last_name for p in sort_attendees([Attendee(n, "") for n in names])]
    assert ordered == ["Äbi", "abt", "Straub", "Strauß", "Strauss", "Zeller"]


def test_prefilled_sheet_never_prints_contact_data_or_needs(tracker: Path, tmp_path: Path) -> None:
    sheet = signup_sheet(
        example("elmshorn-2025"), "auftakt", roster=read_roster(tracker, example("elmshorn-2025"))
    )
    pages = pdf_pages_text(sheet.pdf(), tmp_path, layout=True)
    text = flat(" ".join(pages))
    for secret in SECRETS:
        assert secret not in text, secret
    assert "1 Abel Anna Müller & Söhne" in text
    assert "6 Zander Zoë" in text
    # 6 names + 10 rows for walk-ins, filled up to the end of the page (21 rows fit under
    # the short privacy notice of the example's datenschutz: block).
    assert sheet.html.count('<td class="no">') == 21


def test_every_page_has_header_row_event_page_number_and_privacy_note(tmp_path: Path) -> None:
    sheet = signup_sheet(example("elmshorn-2025"), "auftakt")  # capacity 80, filled to 4 full pages
    pages = [flat(p) for p in pdf_pages_text(sheet.pdf(), tmp_path, layout=True)]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Nr. Nachname Vorname Organisation Unterschrift" in page
        assert "Auftaktveranstaltung „Elmshorn im Dialog“" in page
        assert "Mittwoch, 19.03.2025, 16:00 bis 19:00 Uhr" in page
        assert "Rathaus Elmshorn, Kollegiumssaal, Schulstraße 15-17, 25335 Elmshorn" in page
        assert f"Seite {number} von {len(pages)}" in page
        # the short notice from the process file's datenschutz: block
        assert "Datenschutz: Verantwortlich ist die Stadt Elmshorn." in page
        assert "12 Monate nach der Veranstaltung vernichtet." in page
        assert "Datenschutzbeauftragte: datenschutz@elmshorn.example.de" in page
        assert "E-Mail " not in page.replace("integration@elmshorn.example.de", "")
    assert len(pages) == 4 and " 84 " in f" {pages[-1]} " and " 85 " not in f" {pages[-1]} "
    assert sheet.html.count('<td class="no">') == 84


def test_explicit_rows_are_a_minimum_and_fill_the_last_page(tmp_path: Path) -> None:
    # 23 rows: 21 fit on a page; the rows that spill get a whole page of empty rows,
    # never "three rows on a nearly empty second page".
    sheet = signup_sheet(example("elmshorn-2025"), "auftakt", rows=23)
    assert sheet.html.count('<td class="no">') == 42
    pages = [flat(p) for p in pdf_pages_text(sheet.pdf(), tmp_path, layout=True)]
    assert len(pages) == 2 and " 42 " in f" {pages[1]} " and " 23 " in f" {pages[1]} "


@pytest.mark.parametrize(
    ("rows", "options"),
    [(1, {}), (25, {}), (3, {"photo_consent": True}), (60, {"funding_programme": "KIT-Richtlinie SH"})],
)
def test_the_computed_rows_fill_the_last_page_exactly(
    rows: int, options: dict[str, object], tmp_path: Path
) -> None:
    """One more row than ik chose would start a new page: the last page is full."""
    from integrakonzept.render.pdf import anchors_per_page

    sheet = signup_sheet(example("elmshorn-2025"), "auftakt", rows=rows, **options)  # type: ignore[arg-type]
    total = sheet.html.count('<td class="no">')
    assert total >= rows
    pages = len(pdf_pages_text(sheet.pdf(), tmp_path, layout=True))
    one_more = sheet.html.replace(
        "  </tbody>", f'    <tr id="row-{total + 1}"><td class="no">{total + 1}</td><td></td><td></td><td></td>'
        + ("<td></td>" if options.get("photo_consent") else "") + "<td></td></tr>\n  </tbody>", 1
    )
    assert one_more.count('<td class="no">') == total + 1
    assert len(anchors_per_page(one_more)) == pages + 1


def test_funding_variant_confirms_every_page(tmp_path: Path) -> None:
    sheet = signup_sheet(
        example("elmshorn-2025"), "auftakt", rows=60, funding_programme="KIT-Richtlinie SH"
    )
    pages = [flat(p) for p in pdf_pages_text(sheet.pdf(), tmp_path, layout=True)]
    assert len(pages) >= 2
    for page in pages:
        assert "Teilnahmeliste (Nachweis für die Förderung)".upper() in page
        assert "Förderprogramm KIT-Richtlinie SH" in page
        assert "Die Richtigkeit der Angaben auf dieser Seite bestätigt:" in page
        assert "Name, Datum und Unterschrift der verantwortlichen Person" in page
        assert "gegenüber dem Fördermittelgeber (KIT-Richtlinie SH)" in page


def test_photo_consent_column(tmp_path: Path) -> None:
    sheet = signup_sheet(example("elmshorn-2025"), "auftakt", rows=3, photo_consent=True)
    text = flat(" ".join(pdf_pages_text(sheet.pdf(), tmp_path, layout=True)))
    assert "Nr. Nachname Vorname Organisation Fotos Unterschrift" in text
    assert text.count("ja nein") >= 3  # at least the three rows asked for, up to a full page
    assert "Mit „ja“ willigen Sie ein" in text and "jederzeit widerrufen" in text


def test_one_sheet_per_group_with_own_page_numbers(tmp_path: Path) -> None:
    sheet = signup_sheet(example("elmshorn-2025"), "auftakt", per_group=True, rows=5)
    pages = [flat(p) for p in pdf_pages_text(sheet.pdf(), tmp_path, layout=True)]
    assert len(pages) == 5
    groups = [
        "Sprachförderung",
        "Ausbildung und Arbeit",
        "Bildung",
        "Begegnung und Zusammenleben",
        "Interreligiöser Dialog und Antidiskriminierung",
    ]
    for page, group in zip(pages, groups, strict=True):
        assert f"GRUPPE: {group}".upper() in page.upper()
        assert "Seite 1 von 1" in page


def test_groups_from_count_and_errors(tmp_path: Path) -> None:
    process = example("ostholstein-2025")
    sheet = signup_sheet(process, "beteiligung-ehrenamt", per_group=True, rows=2)
    assert len(sheet.documents) == 3 and "Arbeitsgruppe 3" in sheet.documents[2]
    with pytest.raises(UsageError) as no_groups:
        signup_sheet(process, "zukunftskonferenz", per_group=True)
    assert no_groups.value.message.startswith("Für „Zukunftskonferenz – Ostholstein")


def test_month_only_date_leaves_a_line_to_fill_in(tmp_path: Path) -> None:
    sheet = signup_sheet(write_process(tmp_path, EDGE), "monat", rows=2)
    assert '<span class="blank"></span>' in sheet.html
    assert "Datum" in flat(" ".join(pdf_pages_text(sheet.pdf(), tmp_path, layout=True)))


def test_errors(tracker: Path, tmp_path: Path) -> None:
    process = example("elmshorn-2025")
    with pytest.raises(UsageError) as both:
        signup_sheet(process, "auftakt", roster=read_roster(tracker, process), per_group=True)
    assert both.value.message.startswith("--per-group und --tracker passen nicht zusammen")
    with pytest.raises(TrackerError) as missing:
        signup_sheet(process, "auftakt", roster=read_roster(tmp_path / "fehlt.xlsx", process))
    assert missing.value.message == f"Die Anmeldeliste {tmp_path / 'fehlt.xlsx'} gibt es nicht."
    bad = tmp_path / "kaputt.xlsx"
    bad.write_text("kein Excel", encoding="utf-8")
    with pytest.raises(TrackerError) as unreadable:
        signup_sheet(process, "auftakt", roster=read_roster(bad, process))
    assert unreadable.value.message == "kaputt.xlsx ist keine lesbare Excel-Datei (.xlsx)."
    with pytest.raises(UsageError, match="--rows muss zwischen 0 und 2000 liegen"):
        signup_sheet(process, "auftakt", rows=5000)
    with pytest.raises(UsageError, match="ist keine Veranstaltung"):
        signup_sheet(process, "beschluss")


def test_tracker_without_sheet_or_columns(tmp_path: Path) -> None:
    import openpyxl

    process = example("elmshorn-2025")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Tabelle1"  # type: ignore[union-attr]
    workbook.save(tmp_path / "a.xlsx")
    with pytest.raises(TrackerError) as sheet:
        signup_sheet(process, "auftakt", roster=read_roster(tmp_path / "a.xlsx", process))
    assert sheet.value.message == "In a.xlsx fehlt das Blatt „Anmeldungen“."
    workbook.active.title = "Anmeldungen"  # type: ignore[union-attr]
    workbook.active.append(["Name", "Mail"])  # type: ignore[union-attr]
    workbook.save(tmp_path / "b.xlsx")
    with pytest.raises(TrackerError) as columns:
        signup_sheet(process, "auftakt", roster=read_roster(tmp_path / "b.xlsx", process))
    assert columns.value.message == (
        "Im Blatt „Anmeldungen“ von b.xlsx fehlen Spalten: „Veranstaltung“, „Vorname“, „Nachname“, „E-Mail“, „Status“."
    )


def test_file_names(tmp_path: Path) -> None:
    process = example("elmshorn-2025")
    writer = Writer()
    assert (
        write_signup_sheet(process, "auftakt", writer, output=tmp_path, rows=1).name
        == "auftakt-teilnahmeliste.pdf"
    )
    funding = write_signup_sheet(process, "auftakt", writer, output=tmp_path, rows=1, funding=True)
    assert funding.name == "auftakt-teilnahmeliste-foerderung.pdf"
    groups = write_signup_sheet(process, "auftakt", writer, output=tmp_path, rows=1, per_group=True)
    assert groups.name == "auftakt-teilnahmeliste-gruppen.pdf"


def test_prefill_from_a_tracker_made_by_ik(tmp_path: Path) -> None:
    """The real chain: ik tracker → ik import-registrations → sign-up sheet prefilled."""
    import shutil

    from integrakonzept.people.imports import import_registrations
    from integrakonzept.people.tracker import make_tracker

    folder = tmp_path / "p"
    shutil.copytree(
        EXAMPLES / "elmshorn-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    export = tmp_path / "export.csv"
    export.write_text(
        "Vorname;Nachname;E-Mail;Organisation;Veranstaltung\r\n"
        "Zoë;Zander;zoe@example.de;;auftakt\r\n"
        "Ömer;Özdemir;oemer@example.de;KIESEL;auftakt\r\n"
        "Fritz;Fach;fritz@example.de;;fachrunde-hauptamt\r\n",
        encoding="utf-8-sig",
    )
    make_tracker(load_process(process_file), process_file)
    import_registrations(load_process(process_file), [export])
    process = example("elmshorn-2025")
    roster = read_roster(folder / "anmeldungen.xlsx", process)
    people = attendees(roster, process.phase("auftakt"))  # type: ignore[arg-type]
    assert [(p.last_name, p.first_name, p.organisation) for p in people] == [
        ("Özdemir", "Ömer", "KIESEL"),
        ("Zander", "Zoë", ""),
    ]


# --- the privacy line: grammatical, and the process file's own notice where there is one ----


def _privacy_line(html: str) -> str:
    import re

    match = re.search(r'<p class="privacy">(.*?)</p>', html, re.S)
    assert match is not None
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


@pytest.mark.parametrize(
    ("institution", "department", "subject", "of"),
    [
        ("Stadt Musterstadt", None, "Die Stadt Musterstadt erhebt", "vom"),
        ("Kreis Musterkreis", "Fachdienst Integration",
         "Der Kreis Musterkreis (Fachdienst Integration) erhebt", "vom Kreis Musterkreis"),
        ("Kommunales Integrationszentrum", None,
         "Das Kommunale Integrationszentrum erhebt", "vom Kommunalen Integrationszentrum"),
        ("KIESEL e.V.", None, "Der Veranstalter, KIESEL e.V., erhebt", "von KIESEL e.V."),
    ],
)
def test_privacy_line_names_the_organiser_with_an_article(
    institution: str, department: str | None, subject: str, of: str
) -> None:
    process = example("elmshorn-2025")
    organiser = process.organiser.model_copy(
        update={"institution": institution, "department": department}
    )
    process = process.model_copy(update={"organiser": organiser, "privacy": None})
    if institution == "Stadt Musterstadt":
        municipality = process.municipality.model_copy(update={"name": "Musterstadt"})
        process = process.model_copy(update={"municipality": municipality})
        of = "von der Stadt Musterstadt"
    elif institution == "Kreis Musterkreis":
        municipality = process.municipality.model_copy(update={"name": "Musterkreis", "kind": "Kreis"})
        process = process.model_copy(update={"municipality": municipality})
    line = _privacy_line(signup_sheet(process, "auftakt", photo_consent=True).html)
    assert line.startswith(f"Datenschutz: {subject} Ihren Namen und Ihre Organisation")
    assert f"Öffentlichkeitsarbeit {of} zu diesem Prozess" in line
    assert f"Datenschutz: {institution} erhebt" not in line  # no article: not German
    assert "von dem " not in line and "Verantwortlich ist" not in line
    funding = _privacy_line(signup_sheet(process, "auftakt", funding=True).html)
    assert funding.startswith(f"Datenschutz: {subject} Ihren Namen, Ihre Organisation")


def test_privacy_line_uses_the_short_notice_of_the_process_file() -> None:
    process = example("elmshorn-2025")
    assert process.privacy is not None
    line = _privacy_line(signup_sheet(process, "auftakt").html)
    assert line.startswith("Datenschutz: Verantwortlich ist die Stadt Elmshorn.")
    assert "Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO" in line
    assert "Datenschutzbeauftragte: datenschutz@elmshorn.example.de" in line
    assert "Die Eintragung ist freiwillig" in line
    assert "erhebt Ihren Namen" not in line  # not the generic sentence as well
    assert "Datenschutz: Datenschutz" not in line
