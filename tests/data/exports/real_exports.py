"""Exports with the real column headings of each form tool, generated (not hand-tuned).

One builder per heading set of ``shared/reference/form-export-headings.md`` (sources there:
the tools' own source code and translation files, or public code reading real exports):
Nextcloud Forms (de, en; CSV and XLSX), pretix (positions, orders, check-in list; de, en;
the combined XLSX), LimeSurvey (the four heading modes), Microsoft Forms (de, en, quiz
columns, a renamed question "Name2"), Google Forms (Sheets download de/en, XLSX, and the
Forms download with "2020/06/08 3:43:15 PM OEZ" times).

Each builder writes the file in the tool's own format (column order, encoding, BOM,
delimiter, quoting, line ends, value formats, formula masks) and returns what a correct
import must give: the people per event (from the same cast the rows were made of) and
the event an import without ``--phase`` must choose (``None``: it must ask).

Events are those of ``tests/people/prozess.yaml``: ``auftakt`` (19.03.2025),
``workshop-bildung`` (09.04.2025), ``fachforum-arbeit`` (05.2025, no registration).
All people are invented; addresses use example.de.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

AUFTAKT = "auftakt"
WORKSHOP = "workshop-bildung"
TITLES = {
    AUFTAKT: "Auftaktveranstaltung Integrationskonzept",
    WORKSHOP: "Workshop Bildung und Sprache",
}
REG, CANC = "angemeldet", "abgesagt"


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    email: str
    organisation: str
    role_de: str
    role_en: str
    role: str  # as the tracker stores it


CAST = (
    Person(
        "Anna",
        "Schmidt",
        "anna.schmidt@example.de",
        "Stadt Musterstadt – Sozialamt",
        "Verwaltung",
        "Administration",
        "Verwaltung",
    ),
    Person(
        "João",
        "da Silva",
        "joao.silva@example.de",
        "Brasil e.V.",
        "Migrantenorganisation",
        "Migrant organisation",
        "Migrantenorganisation",
    ),
    Person(
        "Ayşe",
        "Yılmaz",
        "ayse.yilmaz@example.de",
        '=HYPERLINK("http://example.de")',
        "Ehrenamt",
        "Volunteer",
        "Ehrenamt",
    ),
    Person(
        "Olena",
        "Kovalenko",
        "olena.kovalenko@example.de",
        "Ukrainische Gemeinde",
        "Einwohner*in",
        "Resident",
        "Einwohner*in",
    ),
)
ANNA, JOAO, AYSE, OLENA = CAST


@dataclass(frozen=True)
class Row:
    person: Person
    event: str
    when: datetime
    cancelled: bool = False


@dataclass
class Built:
    """A generated export and what its import must give."""

    path: Path
    tool: str
    #: (event, first name, last name, status) of every tracker row
    people: set[tuple[str, str, str, str]]
    #: the event an import without --phase chooses (None: it must name the events)
    auto_event: str | None
    #: for imports with --phase (files that cannot say their event)
    phase: str | None = None
    #: extra rows that must be rejected: (row number, reason start)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    #: people's consent as the tracker must show it: (first name, privacy)
    privacy: dict[str, str] = field(default_factory=dict)
    #: registration times the tracker must show: first name → datetime
    times: dict[str, datetime] = field(default_factory=dict)
    #: headings no program can read (cut too short): they must be listed as unrecognised
    unrecognised: list[str] = field(default_factory=list)


def _expected(rows: list[Row]) -> set[tuple[str, str, str, str]]:
    return {(r.event, r.person.first, r.person.last, CANC if r.cancelled else REG) for r in rows}


def _csv(
    path: Path,
    rows: list[list[object]],
    *,
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    line_end: str = "\r\n",
    bom: bool = False,
    trailing_line: bool = False,
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=line_end).writerows(
        rows
    )
    text = buffer.getvalue() + (line_end if trailing_line else "")
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    return path


def _xlsx(path: Path, sheets: dict[str, list[list[object]]], date_format: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, datetime):
                    cell.number_format = date_format
    wb.properties.created = datetime(2025, 3, 1)
    wb.save(path)
    return path


def _mask(value: str, starts: str) -> str:
    """The tools' CSV-injection guard: a ``'`` before a cell starting with a formula sign."""
    return "'" + value if value[:1] and value[0] in starts else value


def _t(day: int, month: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, second)


# --- Nextcloud Forms ----------------------------------------------------------------------

NEXTCLOUD = {
    "de": ("Benutzer-ID", "Anzeigename des Nutzers", "Zeitstempel", "Anonymer Benutzer"),
    "en": ("User ID", "User display name", "Timestamp", "Anonymous user"),
}


def nextcloud(folder: Path, lang: str, kind: str = "csv") -> Built:
    uid, display, stamp, anonymous = NEXTCLOUD[lang]
    de = lang == "de"
    head = [
        uid,
        display,
        stamp,
        "Vorname" if de else "First name",
        "Nachname" if de else "Last name",
        "E-Mail-Adresse" if de else "Email address",
        "Organisation",
        "In welcher Rolle nehmen Sie teil?" if de else "In which role are you attending?",
        "Welche Veranstaltung möchten Sie besuchen?" if de else "Which event will you attend?",
        ("Handlungsfeld (Sprache und Bildung)" if de else "Topic (Sprache und Bildung)"),
        ("Handlungsfeld (Arbeit und Ausbildung)" if de else "Topic (Arbeit und Ausbildung)"),
        "Ich bin mit der Verarbeitung meiner Daten einverstanden."
        if de
        else "I agree to the processing of my data.",
    ]
    rows = [
        Row(ANNA, AUFTAKT, _t(1, 3, 10, 0)),
        Row(JOAO, AUFTAKT, _t(2, 3, 18, 40, 55)),
        Row(AYSE, WORKSHOP, _t(3, 3, 8, 1, 10)),
    ]
    body: list[list[object]] = [head]
    for i, r in enumerate(rows):
        p = r.person
        logged_in = i == 0
        body.append(
            [
                "abeispiel" if logged_in else "",
                f"{p.first} {p.last}" if logged_in else anonymous,
                r.when.strftime("%Y-%m-%dT%H:%M:%S+01:00"),
                p.first,
                p.last,
                p.email,
                _mask(p.organisation, "=+-@\t\r"),
                p.role_de if de else p.role_en,
                TITLES[r.event],
                "Ja" if de else "Yes",
                "",
                "Ja" if de else "Yes",
            ]
        )
    name = f"nextcloud-{lang}.{kind}"
    if kind == "xlsx":
        # since v4.1.0: one sheet, the timestamp a text cell
        path = _xlsx(folder / name, {"Sheet1": body}, "")
    else:
        path = _csv(folder / name, body, quoting=csv.QUOTE_ALL, line_end="\n", bom=True)
    return Built(
        path,
        "Nextcloud Forms",
        _expected(rows),
        auto_event=None,  # per row
        privacy={p.first: "ja" for p in (ANNA, JOAO, AYSE)},
        times={"João": _t(2, 3, 18, 40, 55)},
    )


# --- pretix -------------------------------------------------------------------------------

_POS_DE = [
    "Kurzname der Veranstaltung", "Veranstaltungstitel", "Bestellnummer", "Position", "Status",
    "E-Mail", "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Produkt", "Produkt-ID",
    "Variante", "Varianten-ID", "Preis", "Steuersatz", "Steuerregel", "Steuer",
    "Name Teilnehmer*in", "Name Teilnehmer*in: Vorname", "Name Teilnehmer*in: Nachname",
    "E-Mail Teilnehmer*in", "Teilnehmer*innen-Firma", "Adresse", "Postleitzahl", "Stadt",
    "Land", "Bundesstaat", "Gutschein", "Verwendetes Gutscheinbudget", "Gutschein-Tag",
    "Pseudonyme ID", "Ticket-Code", "Sitzplatz-ID", "Sitzbezeichnung", "Sitzbereich",
    "Sitzreihe", "Sitzplatz-Nummer", "Gesperrt", "Gültig ab", "Gültig bis", "Bestellkommentar",
    "Datum zur Wiedervorlage", "Zusatzprodukt zu Position",
    "Benötigen Sie Kinderbetreuung?",
    "Rechnungsadresse: Firma", "Rechnungsadresse: Name", "Rechnungsadresse: Name: Vorname",
    "Rechnungsadresse: Name: Nachname", "Rechnungsadresse: Straße", "Rechnungsadresse: PLZ",
    "Rechnungsadresse: Stadt", "Rechnungsadresse: Land", "Rechnungsadresse: Bundesstaat",
    "USt-ID-Nr.", "Verkaufskanal", "Bestellsprache", "E-Mail-Adresse verifiziert",
    "Externe Kundennummer", "Check-in-Listen", "Zahlungsmethoden", "Link zur Bestellposition",
]  # fmt: skip
_POS_EN = [
    "Event slug", "Event name", "Order code", "Position ID", "Status", "Email", "Phone number",
    "Order date", "Order time", "Product", "Product ID", "Variation", "Variation ID", "Price",
    "Tax rate", "Tax rule", "Tax value", "Attendee name", "Attendee name: Given name",
    "Attendee name: Family name", "Attendee email", "Attendee company", "Address", "ZIP code",
    "City", "Country", "State", "Voucher", "Voucher budget usage", "Voucher tag",
    "Pseudonymization ID", "Ticket secret", "Seat ID", "Seat name", "Seat zone", "Seat row",
    "Seat number", "Blocked", "Valid from", "Valid until", "Order comment", "Follow-up date",
    "Add-on to position ID",
    "Do you need childcare?",
    "Invoice address company", "Invoice address name", "Invoice address name: Given name",
    "Invoice address name: Family name", "Invoice address street", "Invoice address ZIP code",
    "Invoice address city", "Invoice address country", "Invoice address state", "VAT ID",
    "Sales channel", "Order locale", "Email address verified", "External customer ID",
    "Check-in lists", "Payment providers", "Position order link",
]  # fmt: skip
_PRETIX_STATUS = {"de": ("bezahlt", "storniert"), "en": ("paid", "canceled")}


def _pretix_positions(lang: str) -> tuple[list[list[object]], list[Row], list[tuple[int, str]]]:
    de = lang == "de"
    head = _POS_DE if de else _POS_EN
    paid, cancelled = _PRETIX_STATUS[lang]
    rows = [
        Row(ANNA, AUFTAKT, _t(1, 3, 9, 15, 7)),
        Row(JOAO, AUFTAKT, _t(1, 3, 9, 15, 7)),  # same order, second ticket
        Row(OLENA, AUFTAKT, _t(4, 3, 20, 2, 33), cancelled=True),
    ]
    body: list[list[object]] = [head]
    buyer = ANNA
    for i, r in enumerate(rows):
        p = r.person
        values: dict[str, object] = dict.fromkeys(head, "")
        order = "AB12C" if i < 2 else "XY9Z7"
        values.update(
            {
                head[0]: "ik-musterstadt-2025",
                head[1]: TITLES[r.event],
                head[2]: order,
                head[3]: str(i + 1),
                head[4]: cancelled if r.cancelled else paid,
                head[5]: buyer.email if i < 2 else p.email,
                head[6]: "'+4941210000" + str(i),  # defusedcsv masks a leading "+"
                head[7]: r.when.strftime("%Y-%m-%d"),
                head[8]: r.when.strftime("%H:%M:%S"),
                head[9]: "Teilnahme (kostenlos)" if de else "Admission (free)",
                head[10]: "17",
                head[13]: "0,00" if de else "0.00",
                head[17]: f"{p.first} {p.last}",
                head[18]: p.first,
                head[19]: p.last,
                # pretix asks for the attendee e-mail only if configured: João has none
                head[20]: "" if p is JOAO else p.email,
                head[21]: p.organisation if p is not AYSE else "",
                head[43]: ("Nein" if de else "No") if i != 1 else ("Ja" if de else "Yes"),
                head[45]: f"{buyer.first} {buyer.last}",
                head[46]: buyer.first,
                head[47]: buyer.last,
                head[54]: "web",
                head[55]: lang,
                head[56]: "Nein" if de else "No",
                head[59]: "Kostenlos" if de else "Free",
            }
        )
        body.append([values[h] for h in head])
    # a position without attendee name: the buyer's invoice name must not stand in
    values = dict(zip(head, body[1], strict=True))
    values.update({head[3]: "4", head[17]: "", head[18]: "", head[19]: "", head[20]: ""})
    body.append([values[h] for h in head])
    return body, rows, [(5, "kein Name")]


def pretix_positions(folder: Path, lang: str) -> Built:
    body, rows, rejected = _pretix_positions(lang)
    if lang == "de":  # "CSV (mit Semikolon)"
        path = _csv(folder / "pretix-bestellzeilen-de.csv", body, delimiter=";")
    else:  # "CSV (mit Kommata)": QUOTE_NONNUMERIC
        path = _csv(folder / "pretix-positions-en.csv", body, quoting=csv.QUOTE_NONNUMERIC)
    return Built(
        path,
        "pretix",
        _expected(rows),
        auto_event=AUFTAKT,
        rejected=rejected,
        times={"Anna": _t(1, 3, 9, 15, 7)},
    )


_ORD_DE = [
    "Kurzname der Veranstaltung", "Veranstaltungstitel", "Bestellnummer", "Gesamtbetrag",
    "Status", "E-Mail", "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Firma", "Name",
    "Vorname", "Nachname", "Adresse", "Postleitzahl", "Stadt", "Land", "Bundesstaat",
    "Zusätzliches Adressfeld", "USt-ID-Nr.", "Datum der letzten Zahlung", "Gebühren",
    "Bestellsprache", "Brutto 19 %", "Netto 19 %", "Steuer 19 %", "Rechnungsnummern",
    "Verkaufskanal", "Benötigt besondere Behandlung", "Check-in-Hinweis", "Kommentar",
    "Datum zur Wiedervorlage", "Positionen", "E-Mail-Adresse verifiziert",
    "Externe Kundennummer", "Zahlungsmethoden", "Bestell-Link",
]  # fmt: skip
_ORD_EN = [
    "Event slug", "Event name", "Order code", "Order total", "Status", "Email", "Phone number",
    "Order date", "Order time", "Company", "Name", "Given name", "Family name", "Address",
    "ZIP code", "City", "Country", "State", "Custom address field", "VAT ID",
    "Date of last payment", "Fees", "Order locale", "Gross at 19 % tax", "Net at 19 % tax",
    "Tax value at 19 % tax", "Invoice numbers", "Sales channel", "Requires special attention",
    "Check-in text", "Comment", "Follow-up date", "Positions", "Email address verified",
    "External customer ID", "Payment providers", "Order link",
]  # fmt: skip


def _pretix_orders(lang: str) -> tuple[list[list[object]], list[Row]]:
    de = lang == "de"
    head = _ORD_DE if de else _ORD_EN
    paid, _cancelled = _PRETIX_STATUS[lang]
    rows = [Row(ANNA, WORKSHOP, _t(20, 3, 11, 0, 5)), Row(AYSE, WORKSHOP, _t(21, 3, 7, 45, 0))]
    body: list[list[object]] = [head]
    for i, r in enumerate(rows):
        p = r.person
        values: dict[str, object] = dict.fromkeys(head, "")
        values.update(
            {
                head[0]: "ws-bildung",
                head[1]: TITLES[r.event],
                head[2]: f"Q{i}R5T",
                head[3]: "0,00" if de else "0.00",
                head[4]: paid,
                head[5]: p.email,
                head[7]: r.when.strftime("%Y-%m-%d"),
                head[8]: r.when.strftime("%H:%M:%S"),
                head[9]: _mask(p.organisation, "@+-=|%"),
                head[10]: f"{p.first} {p.last}",
                head[11]: p.first,
                head[12]: p.last,
                head[22]: lang,
                head[27]: "web",
                head[28]: "Nein" if de else "No",
                head[32]: "1",
                head[33]: "Ja" if de else "Yes",
            }
        )
        body.append([values[h] for h in head])
    return body, rows


def pretix_orders(folder: Path, lang: str) -> Built:
    body, rows = _pretix_orders(lang)
    name = "pretix-bestellungen-de.csv" if lang == "de" else "pretix-orders-en.csv"
    path = _csv(folder / name, body, delimiter=";" if lang == "de" else ",")
    return Built(path, "pretix (Bestellungen)", _expected(rows), auto_event=WORKSHOP)


def pretix_combined(folder: Path) -> Built:
    """ "Kombiniertes Excel (.xlsx)": Bestellungen, Bestellzeilen, Gebühren."""
    orders, _ = _pretix_orders("de")
    positions, rows, rejected = _pretix_positions("de")
    fees: list[list[object]] = [["Veranstaltungstitel", "Bestellnummer", "Gebührenart", "Preis"]]
    path = _xlsx(
        folder / "pretix-bestelldaten-de.xlsx",
        {"Bestellungen": orders, "Bestellzeilen": positions, "Gebühren": fees},
        "",
    )
    return Built(path, "pretix", _expected(rows), auto_event=AUFTAKT, rejected=rejected)


_CHK_DE = [
    "Bestellnummer", "Name Teilnehmer*in", "Teilnehmer*innenname: Vorname",
    "Teilnehmer*innenname: Nachname", "Produkt", "Preis", "Eingecheckt", "Ausgetreten",
    "Automatisch eingecheckt", "bezahlt", "E-Mail", "Telefonnummer", "Firma", "Gutscheincode",
    "Bestelldatum", "Bestelluhrzeit", "Benötigt besondere Behandlung", "Kommentar",
    "Check-in-Hinweis", "Sitzplatz-ID", "Gesperrt", "Gültig ab", "Gültig bis", "Adresse",
    "Postleitzahl", "Stadt", "Land", "Bundesstaat",
]  # fmt: skip
_CHK_EN = [
    "Order code", "Attendee name", "Attendee name: Given name", "Attendee name: Family name",
    "Product", "Price", "Checked in", "Checked out", "Automatically checked in", "Paid", "Email",
    "Phone number", "Company", "Voucher code", "Order date", "Order time",
    "Requires special attention", "Comment", "Check-in text", "Seat ID", "Blocked",
    "Valid from", "Valid until", "Address", "ZIP code", "City", "Country", "State",
]  # fmt: skip


def pretix_checkin(folder: Path, lang: str) -> Built:
    """The check-in list names no event: without --phase the import must ask."""
    de = lang == "de"
    head = _CHK_DE if de else _CHK_EN
    rows = [Row(JOAO, AUFTAKT, _t(2, 3, 12, 0, 0)), Row(OLENA, AUFTAKT, _t(5, 3, 16, 30, 0))]
    body: list[list[object]] = [head]
    for r in rows:
        p = r.person
        values: dict[str, object] = dict.fromkeys(head, "")
        values.update(
            {
                head[0]: "CHK" + p.first[:2].upper(),
                head[1]: f"{p.first} {p.last}",
                head[2]: p.first,
                head[3]: p.last,
                head[4]: "Teilnahme (kostenlos)" if de else "Admission (free)",
                head[5]: "0,00" if de else "0.00",
                head[6]: "",
                head[9]: "Ja" if de else "Yes",
                head[10]: p.email,
                head[12]: p.organisation if p is not AYSE else "",
                head[14]: r.when.strftime("%Y-%m-%d"),
                head[15]: r.when.strftime("%H:%M:%S"),
            }
        )
        body.append([values[h] for h in head])
    name = "pretix-checkin-liste-de.csv" if de else "pretix-checkin-list-en.csv"
    path = _csv(folder / name, body, delimiter=",")
    return Built(path, "pretix (Check-in-Liste)", _expected(rows), auto_event=None, phase=AUFTAKT)


# --- LimeSurvey ---------------------------------------------------------------------------

# (code, German full text) of the system columns, in createFieldMap order
_LS_SYSTEM = [
    ("id", "Antwort ID"),
    ("submitdate", "Datum Abgeschickt"),
    ("lastpage", "Letzte Seite"),
    ("startlanguage", "Start-Sprache"),
    ("seed", "Zufallsstartwert"),
    ("startdate", "Datum gestartet"),
    ("datestamp", "Datum letzte Aktivität"),
]
# (code, question text) of the coordinator's questions; subquestions as code[SQ]
_LS_QUESTIONS = [
    ("vorname", "Vorname"),
    ("nachname", "Nachname"),
    ("email", "E-Mail-Adresse"),
    ("organisation", "Name Ihrer Organisation oder Einrichtung"),
    ("rolle", "In welcher Rolle nehmen Sie teil?"),
    ("veranstaltung", "Welche Veranstaltung möchten Sie besuchen?"),
    ("kinder", "Benötigen Sie Kinderbetreuung während der Veranstaltung?"),
    ("datenschutz[SQ001]", "Datenschutz [Ich stimme der Verarbeitung meiner Daten zu]"),
]


def _ls_abbreviate(text: str, length: int = 15) -> str:
    """LimeSurvey's abbreviated headings: the text cut to 15 characters plus ".."."""
    return text if len(text) <= length else text[:length] + ".."


def limesurvey(folder: Path, mode: str) -> Built:
    """One of the four heading modes: code, full, abbreviated, codetext ("code. text")."""
    columns = _LS_SYSTEM + _LS_QUESTIONS

    def heading(code: str, text: str) -> str:
        if mode == "code":
            return code
        if mode == "full":
            return text
        if mode == "abbreviated":
            return _ls_abbreviate(text)
        return f"{code}. {text}"

    head = [heading(c, t) for c, t in columns]
    rows = [
        Row(ANNA, WORKSHOP, _t(20, 3, 9, 12, 44)),
        Row(OLENA, WORKSHOP, _t(21, 3, 10, 5, 0)),
        Row(JOAO, AUFTAKT, _t(8, 3, 17, 0, 0)),
    ]
    body: list[list[object]] = [head]
    for i, r in enumerate(rows):
        p = r.person
        stamp = r.when.strftime("%Y-%m-%d %H:%M:%S")
        body.append(
            [str(i + 1), stamp, "3", "de", str(100001 + i), stamp, stamp, p.first, p.last,
             p.email, _mask(p.organisation, "=+-@"), p.role_de, TITLES[r.event],
             "Ja" if p is OLENA else "Nein", "Ja" if mode != "code" else "Y"]
        )  # fmt: skip
    # a response that was started but never sent: no submitdate
    body.append(["4", "", "1", "de", "100009", "2025-03-22 08:00:00", "2025-03-22 08:01:00",
                 AYSE.first, AYSE.last, AYSE.email, "", "", "", "", ""])  # fmt: skip
    path = _csv(
        folder / f"limesurvey-{mode}.csv",
        body,
        quoting=csv.QUOTE_ALL,
        line_end="\r\n",
        bom=True,
        trailing_line=True,
    )
    return Built(
        path,
        "LimeSurvey",
        _expected(rows),
        auto_event=None,
        rejected=[(5, "Antwort nicht abgeschickt")],
        privacy={p.first: "ja" for p in (ANNA, OLENA, JOAO)},
        times={"Olena": _t(21, 3, 10, 5, 0)},
        # "Benötigen Sie Kinderbetreuung …" cut to "Benötigen Sie K..": only a mapping helps
        unrecognised=[h for h in head if h == "Benötigen Sie K.."],
    )


# --- Microsoft Forms ----------------------------------------------------------------------


def msforms(folder: Path, lang: str) -> Built:
    """A quiz-enabled form (points and feedback columns) whose question "Name" became
    "Name2"; the form's title is in the file name; consent is a question of its own."""
    de = lang == "de"
    system = (
        ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Gesamtpunktzahl",
         "Prüfungsfeedback", "Uhrzeit der Notenveröffentlichung"]
        if de
        else ["ID", "Start time", "Completion time", "Email", "Name", "Total points",
              "Quiz feedback", "Grade posted time"]
    )  # fmt: skip
    questions = (
        ["Name2", "E-Mail-Adresse", "Organisation", "In welcher Rolle nehmen Sie teil?",
         "Ich bin mit der Verarbeitung meiner Daten einverstanden."]
        if de
        else ["Name2", "Email address", "Organisation", "In which role are you attending?",
              "I agree to the processing of my data."]
    )  # fmt: skip
    points, feedback = ("Punkte - ", "Feedback - ") if de else ("Points - ", "Feedback - ")
    head = list(system)
    for q in questions:
        head += [q, points + q, feedback + q]
    rows = [
        Row(ANNA, AUFTAKT, _t(1, 3, 10, 2, 45)),
        Row(JOAO, AUFTAKT, _t(1, 3, 11, 7, 30)),
        Row(OLENA, AUFTAKT, _t(6, 3, 21, 15, 0)),
    ]
    body: list[list[object]] = [head]
    for i, r in enumerate(rows):
        p = r.person
        answers = [
            f"{p.first} {p.last}",
            p.email,
            p.organisation,
            p.role_de if de else p.role_en,
            "Ja" if de else "Yes",
        ]
        row: list[object] = [
            i + 1, r.when.replace(minute=max(0, r.when.minute - 3)), r.when, "anonymous", "",
            "", "", "",
        ]  # fmt: skip
        for answer in answers:
            row += [answer, "", ""]
        body.append(row)
    title = (
        "Anmeldung Auftaktveranstaltung Integrationskonzept(1-3).xlsx"
        if de
        else "Registration Auftaktveranstaltung Integrationskonzept(1-3).xlsx"
    )
    path = _xlsx(folder / title, {"Sheet1": body}, "m/d/yy h:mm:ss")
    return Built(
        path,
        "Microsoft Forms",
        _expected(rows),
        auto_event=AUFTAKT,
        privacy={p.first: "ja" for p in (ANNA, JOAO, OLENA)},
        times={"João": _t(1, 3, 11, 7, 30)},
    )


# --- Google Forms -------------------------------------------------------------------------


def gforms_sheets(folder: Path, lang: str, kind: str = "csv") -> Built:
    """The responses spreadsheet, downloaded as CSV or XLSX (times in the sheet's locale)."""
    de = lang == "de"
    head = (
        ["Zeitstempel", "E-Mail-Adresse", "Punkte", "Vor- und Nachname", "Organisation",
         "Rolle", "An welchen Veranstaltungen nehmen Sie teil?", "Kinderbetreuung",
         "Ich stimme der Speicherung meiner Daten zu"]
        if de
        else ["Timestamp", "Email Address", "Score", "Full name", "Organization", "Role",
              "Which events will you attend?", "Childcare", "I agree to the privacy policy"]
    )  # fmt: skip
    rows = [
        Row(ANNA, AUFTAKT, _t(1, 3, 10, 15, 3)),
        Row(ANNA, WORKSHOP, _t(1, 3, 10, 15, 3)),
        Row(AYSE, WORKSHOP, _t(13, 3, 15, 35, 10)),
    ]
    body: list[list[object]] = [head]
    both = f"{TITLES[AUFTAKT]}, {TITLES[WORKSHOP]}"
    for person, events, when in (
        (ANNA, both, rows[0].when),
        (AYSE, TITLES[WORKSHOP], rows[2].when),
    ):
        if kind == "xlsx":
            stamp: object = when
        elif de:
            stamp = when.strftime("%d.%m.%Y %H:%M:%S")
        else:
            stamp = f"{when.month}/{when.day}/{when.year} {when.strftime('%H:%M:%S')}"
        body.append(
            [stamp, person.email, "1 / 1", f"{person.first} {person.last}", person.organisation,
             person.role_de if de else person.role_en, events, "Nein" if de else "No",
             "Ja" if de else "Yes"]
        )  # fmt: skip
    name = (
        "Anmeldung Musterstadt (Antworten) - Formularantworten 1"
        if de
        else "Registration Musterstadt (Responses) - Form Responses 1"
    )
    if kind == "xlsx":
        path = _xlsx(folder / f"{name}.xlsx", {"Formularantworten 1": body}, "dd.mm.yyyy hh:mm:ss")
    else:
        path = _csv(folder / f"{name}.csv", body, line_end="\r\n")
    return Built(
        path,
        "Google Forms",
        _expected(rows),
        auto_event=None,
        privacy={"Anna": "ja", "Ayşe": "ja"},
        times={"Ayşe": _t(13, 3, 15, 35, 10)},
    )


def gforms_download(folder: Path, lang: str) -> Built:
    """The Forms UI's "Antworten herunterladen (.csv)": yyyy/MM/dd h:mm:ss AM/PM and a zone;
    the file is named after the form, which names the event."""
    de = lang == "de"
    head = (
        ["Zeitstempel", "E-Mail-Adresse", "Vorname", "Nachname", "Organisation", "Rolle"]
        if de
        else ["Timestamp", "Email Address", "First name", "Last name", "Organization", "Role"]
    )
    rows = [Row(JOAO, WORKSHOP, _t(14, 3, 15, 43, 15)), Row(OLENA, WORKSHOP, _t(15, 3, 9, 5, 0))]
    body: list[list[object]] = [head]
    for r in rows:
        p = r.person
        hour = r.when.hour % 12 or 12
        # the account's zone: OEZ (UTC+2) for one answer, i.e. one hour later than MEZ
        zone, shift = ("OEZ", 1) if p is JOAO else (("MEZ" if de else "CET"), 0)
        shown = r.when.replace(hour=r.when.hour + shift)
        hour = shown.hour % 12 or 12
        ampm = "PM" if shown.hour >= 12 else "AM"
        stamp = f"{shown:%Y/%m/%d} {hour}:{shown:%M:%S} {ampm} {zone}"
        body.append(
            [stamp, p.email, p.first, p.last, p.organisation, p.role_de if de else p.role_en]
        )
    name = f"Anmeldung {TITLES[WORKSHOP]}.csv" if de else f"{TITLES[WORKSHOP]} registration.csv"
    path = _csv(folder / name, body, quoting=csv.QUOTE_ALL, line_end="\n")
    return Built(
        path,
        "Google Forms",
        _expected(rows),
        auto_event=WORKSHOP,
        times={"João": _t(14, 3, 15, 43, 15), "Olena": _t(15, 3, 9, 5, 0)},
    )


#: every heading set of the reference file: name → builder
BUILDERS: dict[str, Callable[[Path], Built]] = {
    "nextcloud-de-csv": lambda d: nextcloud(d, "de"),
    "nextcloud-en-csv": lambda d: nextcloud(d, "en"),
    "nextcloud-de-xlsx": lambda d: nextcloud(d, "de", "xlsx"),
    "pretix-positions-de": lambda d: pretix_positions(d, "de"),
    "pretix-positions-en": lambda d: pretix_positions(d, "en"),
    "pretix-combined-xlsx-de": pretix_combined,
    "pretix-orders-de": lambda d: pretix_orders(d, "de"),
    "pretix-orders-en": lambda d: pretix_orders(d, "en"),
    "pretix-checkin-de": lambda d: pretix_checkin(d, "de"),
    "pretix-checkin-en": lambda d: pretix_checkin(d, "en"),
    "limesurvey-code": lambda d: limesurvey(d, "code"),
    "limesurvey-full": lambda d: limesurvey(d, "full"),
    "limesurvey-abbreviated": lambda d: limesurvey(d, "abbreviated"),
    "limesurvey-codetext": lambda d: limesurvey(d, "codetext"),
    "msforms-de": lambda d: msforms(d, "de"),
    "msforms-en": lambda d: msforms(d, "en"),
    "gforms-sheets-de-csv": lambda d: gforms_sheets(d, "de"),
    "gforms-sheets-en-csv": lambda d: gforms_sheets(d, "en"),
    "gforms-sheets-de-xlsx": lambda d: gforms_sheets(d, "de", "xlsx"),
    "gforms-download-de": lambda d: gforms_download(d, "de"),
    "gforms-download-en": lambda d: gforms_download(d, "en"),
}
