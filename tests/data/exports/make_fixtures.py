"""Write the form-export fixtures in this folder (run: ``python make_fixtures.py``).

Each file imitates one tool's real export (see reference/domain.md §5): header names,
encoding, byte-order mark, delimiter, quoting, line ends, timestamp format, multi-answer
joining, formula masking. All people are invented; e-mail addresses use example.de.

Deliberate traps, spread over the files: umlauts and "João" (also in Windows-1252), a
multi-line answer, a cell that looks like a formula, a duplicate registration, an invalid
e-mail address, a row without a name, an unknown event, a late registration, a
cancelled pretix order, more registrations than places (waiting list).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
FORMULA = '=HYPERLINK("http://example.de";"Klick")'


def write_csv(
    name: str,
    rows: list[list[str]],
    *,
    delimiter: str,
    encoding: str,
    quoting: int = csv.QUOTE_MINIMAL,
    line_end: str = "\r\n",
    prefix: str = "",
) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=line_end).writerows(
        rows
    )
    (HERE / name).write_bytes((prefix + buffer.getvalue()).encode(encoding))


def write_xlsx(name: str, sheets: dict[str, list[list[object]]], table: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, also "=…"
                elif isinstance(value, datetime):
                    cell.number_format = "DD.MM.YYYY HH:MM:SS"
        if table and title == next(iter(sheets)):
            last = ws.cell(row=len(rows), column=len(rows[0])).coordinate
            ws.add_table(Table(displayName=table, ref=f"A1:{last}"))
    wb.properties.creator = "ik test fixtures"
    wb.properties.created = datetime(2025, 3, 1)
    wb.save(HERE / name)


def msforms_de() -> None:
    head = [
        "ID",
        "Startzeit",
        "Fertigstellungszeit",
        "E-Mail",
        "Name",
        "Vorname",
        "Nachname",
        "E-Mail-Adresse",
        "Organisation / Einrichtung",
        "Ich nehme teil als …",
        "Zu welcher Veranstaltung melden Sie sich an?",
        "Benötigen Sie eine Dolmetscherin oder einen Dolmetscher? Wenn ja, für welche Sprache?",
        "Benötigen Sie Kinderbetreuung?",
        "Haben Sie besondere Bedarfe (z. B. Barrierefreiheit)?",
        "In welchem Handlungsfeld möchten Sie mitarbeiten?",
        "Ich bin mit der Verarbeitung meiner Daten gemäß Datenschutzhinweis einverstanden.",
        "Fotos: Ich bin einverstanden, dass Fotos von mir veröffentlicht werden.",
        "Anmerkungen",
    ]
    auftakt = "Auftaktveranstaltung Integrationskonzept"

    def t(day: int, h: int, m: int, s: int = 0) -> datetime:
        return datetime(2025, 3, day, h, m, s)

    rows: list[list[object]] = [
        head,
        [
            1,
            t(1, 9, 58, 12),
            t(1, 10, 2, 45),
            "anonymous",
            "",
            "Anna",
            "Schmidt",
            "anna.schmidt@example.de",
            "Stadt Musterstadt – Sozialamt",
            "Verwaltung",
            auftakt,
            "Nein",
            "Nein",
            "",
            "Sprache und Bildung",
            "Ja",
            "Ja",
            "",
        ],
        [
            2,
            t(1, 11, 0),
            t(1, 11, 7, 30),
            "anonymous",
            "",
            "João",
            "da Silva",
            "joao.silva@example.de",
            "Brasil e.V.",
            "Migrantenorganisation",
            auftakt,
            "Ja, Portugiesisch",
            "Ja, 2 Kinder (3 und 5 Jahre)",
            "",
            "Arbeit und Ausbildung",
            "Ja",
            "Nein",
            "Ich komme etwas später.\nBitte einen Platz am Gang.",
        ],
        [
            3,
            t(2, 8, 0),
            t(2, 8, 4),
            "anonymous",
            "",
            "Ayşe",
            "Yılmaz",
            "ayse.yilmaz@example.de",
            FORMULA,
            "Ehrenamt",
            "Workshop Bildung und Sprache",
            "Türkisch",
            "Nein",
            "Rollstuhl – bitte stufenloser Zugang",
            "Sprache und Bildung",
            "Ja",
            "",
            "",
        ],
        [
            4,
            t(3, 19, 0),
            t(3, 19, 2),
            "anonymous",
            "",
            "Anna",
            "Schmidt",
            " Anna.Schmidt@Example.de ",
            "Stadt Musterstadt – Sozialamt",
            "Verwaltung",
            auftakt,
            "Nein",
            "Nein",
            "",
            "Sprache und Bildung",
            "Ja",
            "Ja",
            "Ich bringe eine Kollegin mit.",
        ],
        [
            5,
            t(4, 7, 30),
            t(4, 7, 31),
            "anonymous",
            "",
            "Peter",
            "Pan",
            "peter.pan(at)example.de",
            "",
            "Einwohner*in",
            auftakt,
            "Nein",
            "Nein",
            "",
            "",
            "Ja",
            "Nein",
            "",
        ],
        [
            6,
            t(4, 9, 0),
            t(4, 9, 1),
            "anonymous",
            "",
            "",
            "",
            "ohne.name@example.de",
            "",
            "Sonstige",
            auftakt,
            "",
            "",
            "",
            "",
            "Ja",
            "",
            "",
        ],
        [
            7,
            t(12, 21, 10),
            t(12, 21, 15),
            "anonymous",
            "",
            "Olena",
            "Kovalenko",
            "olena.kovalenko@example.de",
            "Ukrainische Gemeinde",
            "Einwohnerin",
            auftakt,
            "Ja, Ukrainisch",
            "Nein",
            "",
            "Begegnung und Zusammenleben",
            "Ja",
            "Ja",
            "",
        ],
    ]
    write_xlsx("msforms-de.xlsx", {"Form1": rows}, table="OfficeForms.Table")


def msforms_en() -> None:
    head = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "First name",
        "Last name",
        "Email address",
        "Organisation",
        "I am attending as",
        "Which event are you registering for?",
        "Do you need an interpreter? Which language?",
        "Do you need childcare?",
        "Accessibility needs",
        "Which topic would you like to work on?",
        "I agree to the privacy policy",
        "Photo consent",
        "Comments",
    ]
    ws = "Workshop Bildung und Sprache"

    def t(day: int, h: int, m: int) -> datetime:
        return datetime(2025, 3, day, h, m)

    rows: list[list[object]] = [
        head,
        [
            1,
            t(5, 10, 0),
            t(5, 10, 6),
            "fatima.alhassan@example.de",
            "Fatima Al-Hassan",
            "",
            "Fatima",
            "Al-Hassan",
            "fatima.alhassan@example.de",
            "Frauencafé International",
            "Volunteer",
            ws,
            "Arabic",
            "Yes",
            "",
            "Sprache und Bildung",
            "Yes",
            "Yes",
            "",
        ],
        [
            2,
            t(5, 12, 0),
            t(5, 12, 3),
            "juergen.mueller@example.de",
            "Jürgen Müller-Lüdenscheidt",
            "",
            "Jürgen",
            "Müller-Lüdenscheidt",
            "juergen.mueller@example.de",
            "",
            "Resident",
            "Fachforum Arbeit",
            "No",
            "No",
            "",
            "Arbeit und Ausbildung",
            "Yes",
            "No",
            "Looking forward!",
        ],
        [
            3,
            t(6, 9, 0),
            t(6, 9, 4),
            "liam.oconnor@example.de",
            "Liam O'Connor",
            "",
            "Liam",
            "O'Connor",
            "liam.oconnor@example.de",
            "Migrant Network",
            "Other",
            ws,
            "",
            "No",
            "",
            "",
            "Yes",
            "",
            "",
        ],
        [
            4,
            t(6, 9, 30),
            t(6, 9, 33),
            "sam.summer@example.de",
            "Sam Summer",
            "",
            "Sam",
            "Summer",
            "sam.summer@example.de",
            "",
            "Resident",
            "Summer party",
            "",
            "",
            "",
            "",
            "Yes",
            "",
            "",
        ],
        [
            5,
            t(7, 14, 0),
            t(7, 14, 2),
            "chen.wei@example.de",
            "Chen Wei",
            "",
            "",
            "",
            "",
            "",
            "Resident",
            "Fachforum Arbeit",
            "",
            "",
            "",
            "",
            "Yes",
            "",
            "",
        ],
    ]
    write_xlsx("msforms-en.xlsx", {"Sheet1": rows})


def gforms_de() -> None:
    rows = [
        [
            "Zeitstempel",
            "E-Mail-Adresse",
            "Vor- und Nachname",
            "Organisation",
            "Rolle",
            "An welchen Veranstaltungen nehmen Sie teil?",
            "Dolmetschen",
            "Kinderbetreuung",
            "Anmerkungen",
        ],
        [
            "01.03.2025 10:15:03",
            "anna.schmidt@example.de",
            "Anna Schmidt",
            "Stadt Musterstadt – Sozialamt",
            "Verwaltung",
            "Auftaktveranstaltung Integrationskonzept, Workshop Bildung und Sprache",
            "Nein",
            "Nein",
            "",
        ],
        [
            "02.03.2025 18:40:55",
            "joao.silva@example.de",
            "João da Silva",
            "Brasil e.V.",
            "Migrantenorganisation",
            "Auftaktveranstaltung Integrationskonzept",
            "Portugiesisch",
            "Ja",
            "Zeile eins\nZeile zwei",
        ],
        [
            "03.03.2025 08:01:10",
            "mehmet.oezdemir@example.de",
            "Özdemir, Mehmet",
            "",
            "Einwohner*in",
            "Fachforum Arbeit",
            "Türkisch",
            "Nein",
            "+49 171 0000000 bitte zurückrufen",
        ],
        [
            "03.03.2025 08:05:00",
            "MEHMET.OEZDEMIR@example.de",
            "Mehmet Özdemir",
            "",
            "Einwohner*in",
            "Fachforum Arbeit",
            "Türkisch",
            "Nein",
            "Bitte Rückruf am Abend",
        ],
        ["04.03.2025 12:00:00", "", "", "", "", "Fachforum Arbeit", "", "", "Test"],
    ]
    write_csv("gforms-de.csv", rows, delimiter=",", encoding="utf-8")


def gforms_en() -> None:
    rows = [
        [
            "Timestamp",
            "Email address",
            "First name",
            "Last name",
            "Organization",
            "Role",
            "Which events will you attend?",
            "Interpreter language",
            "Childcare",
            "Comments",
        ],
        [
            "3/7/2025 14:03:22",
            "olena.kovalenko@example.de",
            "Olena",
            "Kovalenko",
            "Ukrainian Community",
            "Resident",
            "Auftaktveranstaltung Integrationskonzept",
            "Ukrainian",
            "No",
            "",
        ],
        [
            "3/14/2025 9:15:00",
            "liam.oconnor@example.de",
            "Liam",
            "O'Connor",
            "Migrant Network",
            "Volunteer",
            "Auftaktveranstaltung Integrationskonzept",
            "",
            "Yes",
            "Will bring my son\n(age 4)",
        ],
        [
            "3/2/2025 11:00:00",
            "karl.klein@example",
            "Karl",
            "Klein",
            "",
            "Resident",
            "Fachforum Arbeit",
            "",
            "No",
            "",
        ],
    ]
    write_csv("gforms-en.csv", rows, delimiter=",", encoding="utf-8")


LIME_SYSTEM_CODE = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
]
LIME_SYSTEM_DE = [
    "Antwort ID",
    "Datum Abgeschickt",
    "Letzte Seite",
    "Start-Sprache",
    "Zufallsstartwert",
]


def _lime(name: str, head: list[str], rows: list[list[str]]) -> None:
    write_csv(
        name, [head, *rows], delimiter=";", encoding="utf-8", quoting=csv.QUOTE_ALL, prefix="\ufeff"
    )


def limesurvey_code() -> None:
    head = LIME_SYSTEM_CODE + [
        "vorname",
        "nachname",
        "email",
        "organisation",
        "rolle",
        "veranstaltung",
        "dolmetschen",
        "kinderbetreuung",
        "datenschutz_SQ001",
        "anmerkungen",
    ]

    def sys(i: int, stamp: str) -> list[str]:
        return [str(i), stamp, "3", "de", str(100000 + i), stamp, stamp]

    ws = "Workshop Bildung und Sprache"
    _lime(
        "limesurvey-code.csv",
        head,
        [
            sys(1, "2025-03-05 09:12:44")
            + [
                "Fatima",
                "Al-Hassan",
                "fatima.alhassan@example.de",
                "Frauencafé International",
                "Ehrenamt",
                "Auftaktveranstaltung Integrationskonzept",
                "Arabisch",
                "Ja",
                "Y",
                "Mehrzeilige\r\nAnmerkung",
            ],
            sys(2, "2025-03-06 17:45:00")
            + [
                "Jürgen",
                "Müller-Lüdenscheidt",
                "juergen.mueller@example.de",
                "",
                "Einwohner",
                ws,
                "",
                "Nein",
                "",
                "",
            ],
            sys(3, "2025-03-06 18:00:00")
            + [
                "Chen",
                "Wei",
                "chen.wei@example.de",
                "Asia Verein",
                "Vorstand eines Migrantenvereins",
                "workshop-bildung",
                "Chinesisch",
                "Nein",
                "Y",
                "",
            ],
            sys(4, "2025-03-07 08:00:00")
            + [
                "Ayse",
                "Yilmaz",
                "ayse.yilmaz@example.de",
                "Elternverein",
                "Ehrenamt",
                ws,
                "",
                "Nein",
                "Y",
                "",
            ],
            sys(5, "2025-03-07 09:00:00")
            + [
                "Olena",
                "Kovalenko",
                "olena.kovalenko@example.de",
                "Ukrainische Gemeinde",
                "Einwohner*in",
                ws,
                "Ukrainisch",
                "Nein",
                "Y",
                "",
            ],
        ],
    )


def limesurvey_abbreviated() -> None:
    head = LIME_SYSTEM_DE + [
        "Vorname",
        "Nachname",
        "E-Mail-Adresse",
        "Organisation / E..",
        "In welcher Rolle..",
        "Welche Veranstal..",
        "Dolmetschen: Wen..",
        "Kinderbetreuung..",
        "Datenschutz [Ich..",
        "Anmerkungen und ..",
    ]

    def sys(i: int, stamp: str) -> list[str]:
        return [str(i), stamp, "3", "de", str(200000 + i)]

    _lime(
        "limesurvey-abgekuerzt.csv",
        head,
        [
            sys(1, "2025-04-02 10:00:00")
            + [
                "Mehmet",
                "Özdemir",
                "mehmet.oezdemir@example.de",
                "Türkischer Elternbund",
                "Migrantenorganisation",
                "Fachforum Arbeit",
                "Türkisch",
                "Nein",
                "Ja",
                "",
            ],
            sys(2, "2025-04-02 11:00:00")
            + [
                "Anna",
                "Schmidt",
                "anna.schmidt@example.de",
                "Stadt Musterstadt – Sozialamt",
                "Verwaltung",
                "Fachforum Arbeit",
                "",
                "Nein",
                "Ja",
                "",
            ],
            sys(3, "2025-04-03 12:00:00")
            + [
                "Bernd",
                "Brot",
                "bernd.brot@example.de",
                "",
                "Einwohner",
                "Sommerfest",
                "",
                "",
                "Ja",
                "",
            ],
        ],
    )


def limesurvey_full() -> None:
    head = LIME_SYSTEM_DE + [
        "Vorname",
        "Nachname",
        "E-Mail-Adresse",
        "Name Ihrer Organisation",
        "In welcher Rolle nehmen Sie teil?",
        "Welche Veranstaltung möchten Sie besuchen?",
        "Dolmetschen: Wenn Sie eine Übersetzung benötigen, nennen Sie bitte die Sprache",
        "Kinderbetreuung gewünscht?",
        "Datenschutz [Ich stimme der Verarbeitung meiner Daten zu]",
        "Handlungsfeld [Sprache und Bildung]",
        "Handlungsfeld [Arbeit und Ausbildung]",
        "Handlungsfeld [Begegnung und Zusammenleben]",
        "Anmerkungen",
    ]

    def sys(i: int, stamp: str) -> list[str]:
        return [str(i), stamp, "4", "de", str(300000 + i)]

    auftakt = "Auftaktveranstaltung Integrationskonzept"
    _lime(
        "limesurvey-vollstaendig.csv",
        head,
        [
            sys(1, "2025-03-08 09:00:00")
            + [
                "Lena",
                "Wagner",
                "lena.wagner@example.de",
                "Caritas",
                "Hauptamt",
                auftakt,
                "",
                "Nein",
                "Ja",
                "Ja",
                "Ja",
                "",
                "",
            ],
            sys(2, "2025-03-08 09:30:00")
            + [
                "Sami",
                "Haddad",
                "sami.haddad@example.de",
                "Syrischer Kulturverein",
                "Migrantenorganisation",
                auftakt,
                "Arabisch",
                "Ja",
                "Ja",
                "",
                "",
                "Ja",
                "Wir kommen zu dritt.",
            ],
            sys(3, "2025-03-09 20:00:00")
            + [
                "Günther",
                "Weiß",
                "guenther.weiss@example.de",
                "Stadtrat",
                "Politik",
                auftakt,
                "",
                "Nein",
                "Ja",
                "",
                "Ja",
                "",
                "",
            ],
        ],
    )


def nextcloud() -> None:
    head = [
        "User ID",
        "User display name",
        "Timestamp",
        "Vorname",
        "Nachname",
        "E-Mail",
        "Organisation",
        "Rolle",
        "Welche Veranstaltungen besuchen Sie?",
        "Handlungsfelder",
        "Dolmetschen",
        "Anmerkungen",
    ]
    rows = [
        head,
        [
            "kbeispiel",
            "Kim Beispiel",
            "2025-03-04T10:00:00+01:00",
            "Kim",
            "Beispiel",
            "kim.beispiel@example.de",
            "Stadt Musterstadt",
            "Verwaltung",
            "Auftaktveranstaltung Integrationskonzept; Fachforum Arbeit",
            "Sprache und Bildung; Begegnung und Zusammenleben",
            "",
            "",
        ],
        [
            "",
            "Anonymous user",
            "2025-03-04T11:30:00+01:00",
            "Sami",
            "Haddad",
            "sami.haddad@example.de",
            "Syrischer Kulturverein",
            "Migrantenorganisation",
            "Fachforum Arbeit",
            "Arbeit und Ausbildung",
            "Arabisch",
            "Kommt mit Dolmetscher\n(eigener)",
        ],
        [
            "",
            "Anonymous user",
            "2025-03-04T12:00:00Z",
            "",
            "",
            "",
            "",
            "",
            "Fachforum Arbeit",
            "",
            "",
            "",
        ],
    ]
    write_csv("nextcloud.csv", rows, delimiter=",", encoding="utf-8", prefix="\ufeff")


PRETIX_HEAD = [
    "Event slug",
    "Order code",
    "Position ID",
    "Status",
    "Email",
    "Phone number",
    "Order date",
    "Order time",
    "Product",
    "Variation",
    "Price",
    "Tax rate",
    "Tax rule",
    "Tax value",
    "Attendee name",
    "Attendee name: Given name",
    "Attendee name: Family name",
    "Attendee email",
    "Company",
    "Address",
    "ZIP code",
    "City",
    "Country",
    "State",
    "Voucher",
    "Pseudonymization ID",
    "Seat ID",
    "Seat name",
    "Seat zone",
    "Seat row",
    "Seat number",
    "Order comment",
    "Follow-up date",
    "Dolmetschen (Sprache)",
    "Kinderbetreuung",
    "Handlungsfeld – Sprache und Bildung",
    "Handlungsfeld – Arbeit und Ausbildung",
    "Company",
    "Invoice address name",
    "Invoice address name: Given name",
    "Invoice address name: Family name",
    "Address",
    "ZIP code",
    "City",
    "Country",
    "State",
    "VAT ID",
    "Sales channel",
    "Order locale",
    "E-mail address verified",
    "Payment providers",
]


def _pretix_rows(mask: bool) -> list[list[object]]:
    def pos(
        code: str,
        pid: int,
        status: str,
        email: str,
        day: str,
        clock: str,
        product: str,
        given: str,
        family: str,
        attendee_email: str,
        company: str,
        lang: str,
        child: str,
        hf1: str,
        hf2: str,
    ) -> list[object]:
        company_cell = ("'" + company) if mask and company.startswith("=") else company
        return [
            "musterstadt-2025",
            code,
            pid,
            status,
            email,
            "",
            day,
            clock,
            product,
            "",
            0.0,
            0.0,
            "",
            0.0,
            f"{given} {family}",
            given,
            family,
            attendee_email,
            company_cell,
            "",
            "",
            "",
            "",
            "",
            "",
            f"PSEUDO{code}{pid}",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            lang,
            child,
            hf1,
            hf2,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "web",
            "de",
            "Yes",
            "",
        ]

    ticket = "Ticket Auftaktveranstaltung"
    return [
        PRETIX_HEAD,
        pos(
            "ABC12",
            1,
            "Paid",
            "bestellung.wagner@example.de",
            "2025-03-02",
            "10:11:12",
            ticket,
            "Lena",
            "Wagner",
            "lena.wagner@example.de",
            "Caritas",
            "",
            "No",
            "Yes",
            "No",
        ),
        pos(
            "ABC12",
            2,
            "Paid",
            "bestellung.wagner@example.de",
            "2025-03-02",
            "10:11:12",
            ticket,
            "Tom",
            "Wagner",
            "",
            "Caritas",
            "",
            "No",
            "No",
            "Yes",
        ),
        pos(
            "DEF34",
            1,
            "Canceled",
            "sami.haddad@example.de",
            "2025-03-03",
            "08:00:00",
            ticket,
            "Sami",
            "Haddad",
            "sami.haddad@example.de",
            "Syrischer Kulturverein",
            "Arabisch",
            "Yes",
            "No",
            "Yes",
        ),
        pos(
            "GHI56",
            1,
            "Paid",
            "olena.kovalenko@example.de",
            "2025-03-20",
            "16:45:00",
            "Workshop Bildung",
            "Olena",
            "Kovalenko",
            "olena.kovalenko@example.de",
            FORMULA,
            "Ukrainisch",
            "No",
            "Yes",
            "No",
        ),
    ]


def pretix() -> None:
    positions = _pretix_rows(mask=False)
    orders: list[list[object]] = [
        [
            "Event slug",
            "Order code",
            "Order total",
            "Status",
            "Email",
            "Phone number",
            "Order date",
            "Order time",
            "Company",
            "Name",
        ],
        [
            "musterstadt-2025",
            "ABC12",
            0.0,
            "Paid",
            "bestellung.wagner@example.de",
            "",
            "2025-03-02",
            "10:11:12",
            "Caritas",
            "Lena Wagner",
        ],
    ]
    fees: list[list[object]] = [["Event slug", "Order code", "Status", "Email", "Fee type"]]
    write_xlsx(
        "pretix.xlsx",
        {"Order positions": positions, "Orders": orders, "Order fees": fees},
    )
    text_rows = [[v if isinstance(v, str) else str(v) for v in row] for row in _pretix_rows(True)]
    buffer = io.StringIO(newline="")
    # "CSV (with commas)": QUOTE_NONNUMERIC, numbers unquoted
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    for raw, text in zip(_pretix_rows(True), text_rows, strict=True):
        writer.writerow(
            [v if isinstance(v, int | float) else t for v, t in zip(raw, text, strict=True)]
        )
    (HERE / "pretix.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def plain_list() -> None:
    rows = [
        ["Anmeldungen Auftakt Integrationskonzept (Stand 10.03.2025)"],
        [],
        [
            "Nr.",
            "Name",
            "Vorname",
            "Institution",
            "Funktion",
            "E-Mail",
            "Telefon",
            "Termin",
            "Bemerkung",
        ],
        [
            "1",
            "Müller-Lüdenscheidt",
            "Jürgen",
            "Bürgerverein Süd",
            "Bürger",
            "juergen.mueller@example.de",
            "0171 2345678",
            "19.03.2025",
            "",
        ],
        [
            "2",
            "da Silva",
            "João",
            "Brasil e.V.",
            "Vorstand",
            "joao.silva@example.de",
            "",
            "19.03.2025",
            "kommt mit Kind\nund Kinderwagen",
        ],
        [
            "3",
            "Yilmaz",
            "Ayse",
            "Elternverein",
            "Ehrenamt",
            "",
            "040 123456",
            "19.03.2025",
            "ohne E-Mail, Rückmeldung per Telefon",
        ],
        [
            "4",
            "Weiß",
            "Günther",
            "Stadtrat",
            "Politik",
            "guenther.weiss@example.de",
            "",
            "09.04.2025",
            "",
        ],
        ["", "", "", "", "", "", "", "", ""],
        ["6", "Krämer", "Sophie", "", "Presse", "sophie.kraemer@example.de", "", "12.12.2025", ""],
    ]
    write_csv("liste-cp1252.csv", rows, delimiter=";", encoding="cp1252")


def unknown_layout() -> None:
    """LimeSurvey with question codes nobody can guess: needs a mapping file."""
    head = LIME_SYSTEM_CODE + ["G01Q01", "G01Q02", "G01Q03", "G02Q01"]
    _lime(
        "limesurvey-codes-unbekannt.csv",
        head,
        [
            [
                "1",
                "2025-03-05 09:00:00",
                "2",
                "de",
                "1",
                "2025-03-05 09:00:00",
                "2025-03-05 09:00:00",
                "Lena",
                "Wagner",
                "lena.wagner@example.de",
                "Auftakt",
            ],
            [
                "2",
                "2025-03-05 10:00:00",
                "2",
                "de",
                "2",
                "2025-03-05 10:00:00",
                "2025-03-05 10:00:00",
                "Tom",
                "Wagner",
                "tom.wagner@example.de",
                "Bildungswerkstatt",
            ],
        ],
    )
    (HERE / "limesurvey-zuordnung.yaml").write_text(
        "# Zuordnung für limesurvey-codes-unbekannt.csv\n"
        "spalten:\n"
        "  G01Q01: vorname\n"
        "  G01Q02: nachname\n"
        "  G01Q03: email\n"
        "  G02Q01: veranstaltung\n"
        "veranstaltungen:\n"
        "  Bildungswerkstatt: workshop-bildung\n"
        "werkzeug: LimeSurvey (eigene Codes)\n",
        encoding="utf-8",
    )


def main() -> None:
    msforms_de()
    msforms_en()
    gforms_de()
    gforms_en()
    limesurvey_code()
    limesurvey_abbreviated()
    limesurvey_full()
    nextcloud()
    pretix()
    plain_list()
    unknown_layout()


if __name__ == "__main__":
    main()
