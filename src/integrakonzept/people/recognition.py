"""Recognise a form tool's export: which tool made it and which column holds what.

Two layers:

* a *profile* per tool (Microsoft Forms, Google Forms, LimeSurvey, Nextcloud Forms, pretix)
  knows the tool's own system columns (``Startzeit``, ``submitdate``, ``Order code`` …),
  recognised by a signature of header names (German and English);
* keyword patterns recognise the question columns the coordinator wrote
  (``Vorname``, ``Ihre E-Mail-Adresse``, ``Benötigen Sie Kinderbetreuung?`` …), also in
  LimeSurvey's abbreviated headings (``Benötigen Sie K..``) and in one-column-per-option
  layouts (``Handlungsfeld [Bildung]``, ``Handlungsfeld – Bildung``).

A mapping file (:mod:`integrakonzept.people.mapping`) overrides both. Header texts are
not personal data, so messages may quote them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from integrakonzept.errors import ImportError_
from integrakonzept.people.mapping import MappingFile, norm_header
from integrakonzept.people.readers import CellValue, Sheet
from integrakonzept.people.schema import FIELD_LABELS, Field

PLAIN_LIST = "Liste"

#: values a tool writes into its name/e-mail column for anonymous answers
ANONYMOUS = frozenset(
    {
        "anonymous",
        "anonym",
        "anonymous user",
        "anonymer benutzer",
        "anonyme person",
        "anonymer nutzer",
    }
)


@dataclass(frozen=True)
class Profile:
    """System columns of one tool."""

    key: str
    name: str
    #: every group must have one member among the headers for the profile to match
    signature: tuple[frozenset[str], ...]
    #: system columns: normalised header → field (``Field.IGNORE`` for bookkeeping columns)
    system: Mapping[str, Field]
    #: system columns that only count when no question column gives the field
    weak: frozenset[str] = frozenset()
    #: prefixes of system columns to ignore (LimeSurvey timings …)
    ignore_prefixes: tuple[str, ...] = ()
    #: prefixes of name-part columns ("Attendee name: Given name")
    name_parts: tuple[str, ...] = ()
    #: LimeSurvey's "code and text" headings: ``submitdate. Datum Abgeschickt``
    codetext: bool = False
    #: Microsoft Forms renames a question that repeats a system heading: ``Name2``
    renamed_questions: bool = False
    #: Nextcloud's grid and ranking columns: ``Frage (Zeile)``
    paren_options: bool = False
    #: which profile wins when several sheets of one file match (pretix: the positions)
    priority: int = 0


def _fs(*items: str) -> frozenset[str]:
    return frozenset(items)


def _pairs(*items: tuple[str, Field]) -> dict[str, Field]:
    return dict(items)


_I = Field.IGNORE

# pretix, all three exports (positions, orders, check-in list), German and English, as
# pretix's own source and translation files write them (reference/form-export-headings.md).
_PRETIX_SYSTEM: dict[str, Field] = {
    **dict.fromkeys(
        (
            "order code",
            "bestellnummer",
            "bestellcode",
            "position id",
            "position",
            "positions-id",
            "positionsnummer",
            "product id",
            "produkt-id",
            "variation",
            "variante",
            "variation id",
            "varianten-id",
            "price",
            "preis",
            "tax rate",
            "steuersatz",
            "tax rule",
            "steuerregel",
            "tax value",
            "steuer",
            "steuerbetrag",
            "address",
            "adresse",
            "zip code",
            "postleitzahl",
            "city",
            "stadt",
            "ort",
            "country",
            "land",
            "state",
            "bundesstaat",
            "bundesland",
            "voucher",
            "gutschein",
            "voucher budget usage",
            "verwendetes gutscheinbudget",
            "voucher tag",
            "gutschein-tag",
            "voucher code",
            "gutscheincode",
            "pseudonymization id",
            "pseudonyme id",
            "pseudonymisierungs-id",
            "ticket secret",
            "ticket-code",
            "secret",
            "blocked",
            "gesperrt",
            "valid from",
            "gültig ab",
            "valid until",
            "gültig bis",
            "end date",
            "ende",
            "follow-up date",
            "datum zur wiedervorlage",
            "add-on to position id",
            "zusatzprodukt zu position",
            "vat id",
            "ust-id-nr",
            "ust-id",
            "ust-idnr",
            "sales channel",
            "verkaufskanal",
            "email address verified",
            "e-mail address verified",
            "e-mail-adresse verifiziert",
            "external customer id",
            "externe kundennummer",
            "check-in lists",
            "check-in-listen",
            "payment providers",
            "zahlungsmethoden",
            "zahlungsarten",
            "position order link",
            "link zur bestellposition",
            "order link",
            "bestell-link",
            "order total",
            "gesamtbetrag",
            "custom address field",
            "zusätzliches adressfeld",
            "date of last payment",
            "datum der letzten zahlung",
            "fees",
            "gebühren",
            "invoice numbers",
            "rechnungsnummern",
            "requires special attention",
            "benötigt besondere behandlung",
            "check-in text",
            "check-in-hinweis",
            "positions",
            "positionen",
            "checked in",
            "eingecheckt",
            "checked out",
            "ausgetreten",
            "automatically checked in",
            "automatisch eingecheckt",
            "paid",
            "bezahlt",
        ),
        _I,
    ),
    # the event: its title first, then the product, the date of a series, the slug
    "event name": Field.EVENT,
    "veranstaltungstitel": Field.EVENT,
    "product": Field.EVENT,
    "produkt": Field.EVENT,
    "date": Field.EVENT,
    "termin": Field.EVENT,
    "start date": Field.EVENT,
    "beginn": Field.EVENT,
    "event slug": Field.EVENT,
    "kurzname der veranstaltung": Field.EVENT,
    "veranstaltungs-kurzform": Field.EVENT,
    "status": Field.SOURCE_STATUS,
    "email": Field.EMAIL,
    "e-mail": Field.EMAIL,
    "phone number": Field.PHONE,
    "telefonnummer": Field.PHONE,
    "order date": Field.REGISTERED_AT,
    "bestelldatum": Field.REGISTERED_AT,
    "order time": Field.REGISTERED_TIME,
    "bestelluhrzeit": Field.REGISTERED_TIME,
    "bestellzeit": Field.REGISTERED_TIME,
    "uhrzeit der bestellung": Field.REGISTERED_TIME,
    "attendee name": Field.FULL_NAME,
    "name teilnehmer*in": Field.FULL_NAME,
    "teilnehmer*innenname": Field.FULL_NAME,
    "name der teilnehmenden person": Field.FULL_NAME,
    "attendee email": Field.EMAIL,
    "e-mail teilnehmer*in": Field.EMAIL,
    "e-mail der teilnehmenden person": Field.EMAIL,
    "attendee company": Field.ORGANISATION,
    "teilnehmer*innen-firma": Field.ORGANISATION,
    "company": Field.ORGANISATION,
    "firma": Field.ORGANISATION,
    # the orders sheet: the buyer, who is the person registering there
    "name": Field.FULL_NAME,
    "given name": Field.FIRST_NAME,
    "vorname": Field.FIRST_NAME,
    "family name": Field.LAST_NAME,
    "nachname": Field.LAST_NAME,
    "order comment": Field.COMMENTS,
    "bestellkommentar": Field.COMMENTS,
    "comment": Field.COMMENTS,
    "kommentar": Field.COMMENTS,
    # the language the order was placed in: the language to write to (ik mail)
    "order locale": Field.LANGUAGE,
    "bestellsprache": Field.LANGUAGE,
    "sprache der bestellung": Field.LANGUAGE,
}
_PRETIX_WEAK = frozenset(
    {
        "order locale",
        "bestellsprache",
        "sprache der bestellung",
        "email",
        "e-mail",
        "phone number",
        "telefonnummer",
        "order comment",
        "bestellkommentar",
        "comment",
        "kommentar",
        "product",
        "produkt",
        "date",
        "termin",
        "start date",
        "beginn",
        "event slug",
        "kurzname der veranstaltung",
        "veranstaltungs-kurzform",
        "company",
        "firma",
    }
)
# "Attendee name: Given name", "Rechnungsadresse: Name: Vorname", "Brutto 19 %" …
_PRETIX_PREFIXES = (
    "invoice address",
    "rechnungsadresse",
    "seat",
    "sitz",
    "gross at",
    "net at",
    "tax value at",
    "brutto ",
    "netto ",
    "steuer ",
    "paid by",
    "bezahlt mit",
    "meta:",
)
_ORDER_CODE = _fs("order code", "bestellnummer", "bestellcode")

_LIMESURVEY_SYSTEM: dict[str, Field] = {
    **dict.fromkeys(
        (
            "id",
            "response id",
            "antwort id",
            "antwort-id",
            "lastpage",
            "last page",
            "letzte seite",
            "seed",
            "zufallsstartwert",
            "zufallsgeneratorstartwert",
            "token",
            "access code",
            "zugangsschlüssel",
            "zugangscode",
            "startdate",
            "date started",
            "datum gestartet",
            "datestamp",
            "date last action",
            "datum letzte aktivität",
            "datum der letzten aktivität",
            "ipaddr",
            "ip address",
            "ip-adresse",
            "refurl",
            "referrer url",
            "referrer-url",
            "weiterleitungs-url",
            "interviewtime",
            "total time",
            "gesamtzeit",
        ),
        _I,
    ),
    "submitdate": Field.REGISTERED_AT,
    "date submitted": Field.REGISTERED_AT,
    "datum abgeschickt": Field.REGISTERED_AT,
    # the language the survey was answered in: the language to write to (ik mail)
    **dict.fromkeys(("startlanguage", "start language", "start-sprache"), Field.LANGUAGE),
}

PROFILES: tuple[Profile, ...] = (
    Profile(
        "pretix-checkin",
        "pretix (Check-in-Liste)",
        (_ORDER_CODE, _fs("checked in", "eingecheckt")),
        _PRETIX_SYSTEM,
        weak=_PRETIX_WEAK,
        ignore_prefixes=_PRETIX_PREFIXES,
        name_parts=("attendee name:", "name teilnehmer*in:", "teilnehmer*innenname:"),
    ),
    Profile(
        "pretix-orders",
        "pretix (Bestellungen)",
        (_ORDER_CODE, _fs("order total", "gesamtbetrag", "positions", "positionen")),
        _PRETIX_SYSTEM,
        weak=_PRETIX_WEAK,
        ignore_prefixes=_PRETIX_PREFIXES,
    ),
    Profile(
        "pretix",
        "pretix",
        (_ORDER_CODE, _fs("position id", "positions-id", "positionsnummer", "position")),
        _PRETIX_SYSTEM,
        weak=_PRETIX_WEAK,
        ignore_prefixes=_PRETIX_PREFIXES,
        name_parts=("attendee name:", "name teilnehmer*in:", "teilnehmer*innenname:"),
        priority=1,
    ),
    Profile(
        "limesurvey",
        "LimeSurvey",
        (
            _fs("id", "response id", "antwort id", "antwort-id"),
            _fs(
                "submitdate",
                "date submitted",
                "datum abgeschickt",
                "lastpage",
                "last page",
                "letzte seite",
                "startlanguage",
                "start language",
                "start-sprache",
            ),
        ),
        _LIMESURVEY_SYSTEM,
        weak=_fs("startlanguage", "start language", "start-sprache"),
        ignore_prefixes=(
            "grouptime",
            "group time",
            "gruppenzeit",
            "question time",
            "questiontime",
            "fragenzeit",
        ),
        codetext=True,
    ),
    Profile(
        "nextcloud",
        "Nextcloud Forms",
        (
            _fs("user id", "benutzer-id", "benutzerkennung", "nutzer-id"),
            _fs(
                "user display name",
                "anzeigename",
                "anzeigename des nutzers",
                "anzeigename des benutzers",
                "benutzer-anzeigename",
                "timestamp",
                "zeitstempel",
            ),
        ),
        {
            **dict.fromkeys(("user id", "benutzer-id", "benutzerkennung", "nutzer-id"), _I),
            **dict.fromkeys(
                (
                    "user display name",
                    "anzeigename",
                    "anzeigename des nutzers",
                    "anzeigename des benutzers",
                    "benutzer-anzeigename",
                ),
                Field.FULL_NAME,
            ),
            "timestamp": Field.REGISTERED_AT,
            "zeitstempel": Field.REGISTERED_AT,
        },
        weak=_fs(
            "user display name",
            "anzeigename",
            "anzeigename des nutzers",
            "anzeigename des benutzers",
            "benutzer-anzeigename",
        ),
        paren_options=True,
    ),
    Profile(
        "msforms-de",
        "Microsoft Forms",
        (_fs("id"), _fs("startzeit"), _fs("fertigstellungszeit")),
        {
            "id": _I,
            "startzeit": _I,
            "fertigstellungszeit": Field.REGISTERED_AT,
            "e-mail": Field.EMAIL,
            "name": Field.FULL_NAME,
            "zeitpunkt der letzten änderung": _I,
            "letzte änderung": _I,
            "gesamtpunktzahl": _I,
            "prüfungsfeedback": _I,
            "quizfeedback": _I,
            "quiz-feedback": _I,
            "uhrzeit der notenveröffentlichung": _I,
        },
        weak=_fs("e-mail", "name"),
        ignore_prefixes=("punkte - ", "punkte – ", "feedback - ", "feedback – "),
        renamed_questions=True,
    ),
    Profile(
        "msforms-en",
        "Microsoft Forms",
        (_fs("id"), _fs("start time"), _fs("completion time")),
        {
            "id": _I,
            "start time": _I,
            "completion time": Field.REGISTERED_AT,
            "email": Field.EMAIL,
            "name": Field.FULL_NAME,
            "last modified time": _I,
            "total points": _I,
            "quiz feedback": _I,
            "grade posted time": _I,
        },
        weak=_fs("email", "name"),
        ignore_prefixes=("points - ", "feedback - "),
        renamed_questions=True,
    ),
    Profile(
        "gforms-de",
        "Google Forms",
        (_fs("zeitstempel"),),
        {
            "zeitstempel": Field.REGISTERED_AT,
            "e-mail-adresse": Field.EMAIL,
            "nutzername": Field.EMAIL,
            "punkte": _I,
            "punktzahl": _I,
        },
        weak=_fs("nutzername"),
    ),
    Profile(
        "gforms-en",
        "Google Forms",
        (_fs("timestamp"),),
        {
            "timestamp": Field.REGISTERED_AT,
            "email address": Field.EMAIL,
            "username": Field.EMAIL,
            "score": _I,
        },
        weak=_fs("username"),
    ),
)

# Question columns, tried in this order (the first match wins). Patterns work on
# normalised headers; stems keep them working on LimeSurvey's abbreviated headings.
_PATTERNS: tuple[tuple[str, Field], ...] = (
    (r"ik: grund|^ablehnungsgrund$", Field.IGNORE),
    # the channel that brought the registration: URL parameters the form tool stored, or a
    # question (before "Veranstaltung": "Wie haben Sie von der Veranstaltung erfahren?")
    (
        r"^utm[ _-]?(source|medium|campaign)$|^(quelle|kanal|source|referrer|ref)$"
        r"|^(anmelde|werbe)?(quelle|kanal)\b|wie haben sie (von|über|ueber)|wie sind sie (auf|über)"
        r"|wodurch haben sie|woher (kennen|wissen) sie|aufmerksam geworden"
        r"|how did you (hear|learn|find)|where did you hear",
        Field.CHANNEL,
    ),
    (r"foto|photo|bildaufnahme|bildrecht|\bbilder\b|filmaufnahme", Field.PHOTO),
    (
        r"datenschutz|einwillig|dsgvo|privacy|consent|datenverarbeitung|einverständnis"
        r"|einverstanden|verarbeitung meiner|speicherung meiner|zustimm|stimme\b.*\bzu\b"
        r"|\bi agree\b|\bi accept\b|\bagree to\b",
        Field.PRIVACY,
    ),
    (r"sprache (für|der|in) (e-? ?mails?|nachrichten|korrespondenz)", Field.LANGUAGE),
    (r"e-? ?mail|mailadresse|\bmail\b", Field.EMAIL),
    (r"^(nr|lfd\.? nr|laufende nummer|nummer|#|id)$", Field.IGNORE),
    (
        r"vor- und (zu|nach|familien)name|vor- ?und zuname|full ?name|vollständiger name"
        r"|voller name|name, vorname|nachname, vorname",
        Field.FULL_NAME,
    ),
    (r"vorname|first ?name|given ?name|rufname", Field.FIRST_NAME),
    (r"nachname|familienname|last ?name|surname|family ?name|zuname", Field.LAST_NAME),
    (
        r"organi[sz]ation|institution|verein|einrichtung|träger|firma|unternehmen|company"
        r"|behörde|dienststelle|arbeitgeber|verband|initiative|gruppe\b",
        Field.ORGANISATION,
    ),
    (
        r"^((ihr|dein|vollständiger|voller|ganzer) )?name\b"
        r"|^(your )?name\b|teilnehmer\S* ?name|attendee name|name der teilnehm|name des teilnehm",
        Field.FULL_NAME,
    ),
    (
        r"^rolle\b|\brolle\b|\brole\b|\bfunktion\b|nehme (ich )?teil als|teilnahme als"
        r"|zugehörigkeit|^ich bin\b|in welcher eigenschaft|perspektive|^kategorie"
        r"|attending as|taking part as|participating as|\bi am a\b",
        Field.ROLE,
    ),
    (r"telefon|handy|mobilnummer|mobil\b|phone|^tel\b|rufnummer", Field.PHONE),
    (r"kinderbetreu|childcare|child care|^kinder\b|kinder\b.*betreu", Field.CHILDCARE),
    (r"dolmetsch|übersetz|sprachmittl|interpret|translation", Field.INTERPRETER),
    (
        r"barriere|unterstützungsbedarf|assistenz|rollstuhl|accessib|besondere bedürf"
        r"|besondere bedarf|behinderung|mobilität|hilfebedarf",
        Field.ACCESSIBILITY,
    ),
    # the language to write to – after interpreting ("Dolmetschen in welche Sprache?")
    (
        r"^((ihre|deine|bevorzugte|gewünschte|your|preferred) )*(sprache|language)$"
        r"|bevorzugte sprache|gewünschte sprache|preferred language|korrespondenzsprache"
        r"|in welcher sprache (möchten|sollen|wollen)|sprache für (e-mails|nachrichten|post)"
        r"|^(tercih edilen )?dil$|^język|^(предпочитаемый )?язык$|^мова$|^اللغة|^زبان",
        Field.LANGUAGE,
    ),
    (r"\bsprache\b|language", Field.INTERPRETER),
    (
        r"veranstal|\btermin|\bevent|anlass|sitzung|treffen|produkt|product"
        r"|welchen? (tag|datum)|teilnehmen an",
        Field.EVENT,
    ),
    (
        r"handlungsfeld|arbeitsgruppe|themenfeld|\bthema\b|\bthemen|workshop|topic"
        r"|working group|\bag\b|arbeitskreis|mitarbeiten",
        Field.TOPIC,
    ),
    (
        r"anmerk|bemerk|kommentar|hinweis|nachricht|comment|\bnotes?\b|sonstig|fragen|mitteilung"
        r"|wünsche|remarks|message",
        Field.COMMENTS,
    ),
    (
        r"zeitstempel|timestamp|angemeldet am|anmeldedatum|anmeldung am|datum der anmeldung"
        r"|eingang|submitted|eingereicht|abgeschickt|registriert am",
        Field.REGISTERED_AT,
    ),
    (r"^status$|^anmeldestatus$", Field.SOURCE_STATUS),
)
_COMPILED = tuple((re.compile(p), f) for p, f in _PATTERNS)

#: fields that may come from several columns (joined)
MULTI_FIELDS = frozenset(
    {Field.COMMENTS, Field.TOPIC, Field.ACCESSIBILITY, Field.INTERPRETER, Field.EVENT}
)
#: yes/no fields: an option column answered "yes" means "ja"
FLAG_FIELDS = frozenset({Field.PRIVACY, Field.PHOTO, Field.CHILDCARE})

_OPTION_BRACKET = re.compile(r"^(?P<q>.+?)\s*\[(?P<o>[^\[\]]+)\]$")
_OPTION_DASH = re.compile(r"^(?P<q>.+?)\s+[–—-]\s+(?P<o>.+)$")


#: words a heading cut short ("In welcher Roll..", LimeSurvey's abbreviated mode) may end in
_STEMS: tuple[tuple[str, Field], ...] = (
    ("veranstaltung", Field.EVENT),
    ("termin", Field.EVENT),
    ("rolle", Field.ROLE),
    ("eigenschaft", Field.ROLE),
    ("organisation", Field.ORGANISATION),
    ("einrichtung", Field.ORGANISATION),
    ("institution", Field.ORGANISATION),
    ("kinderbetreuung", Field.CHILDCARE),
    ("dolmetschen", Field.INTERPRETER),
    ("übersetzung", Field.INTERPRETER),
    ("datenschutz", Field.PRIVACY),
    ("einwilligung", Field.PRIVACY),
    ("handlungsfeld", Field.TOPIC),
    ("barrierefreiheit", Field.ACCESSIBILITY),
    ("anmerkungen", Field.COMMENTS),
    ("telefonnummer", Field.PHONE),
    ("nachname", Field.LAST_NAME),
    ("vorname", Field.FIRST_NAME),
)


def match_field(header: str) -> Field | None:
    """The field a question header stands for, by keyword (``None``: not recognised)."""
    normal = norm_header(header)
    if not normal:
        return None
    if header.strip().endswith(("..", "…")):
        # cut short: its last, unfinished word decides when it starts a known word
        last = normal.split()[-1]
        if len(last) >= 4:
            hits = {f for stem, f in _STEMS if stem.startswith(last)}
            if len(hits) == 1:
                return hits.pop()
    for pattern, result in _COMPILED:
        if pattern.search(normal):
            return result
    return None


def _codetext(header: str) -> tuple[str, str] | None:
    """LimeSurvey's "code and text" heading ``submitdate. Datum Abgeschickt`` → (code, text)."""
    m = _CODETEXT.match(header.strip())
    return (m.group(1), m.group(2)) if m else None


_CODETEXT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\. (.+)$")


def _signature_forms(header: str) -> set[str]:
    forms = {norm_header(header)}
    split = _codetext(header)
    if split is not None:
        forms.add(norm_header(split[0]))
    return forms


def find_profile(headers: Sequence[str]) -> Profile | None:
    """The tool whose system columns are among ``headers`` (``None``: a plain list)."""
    normal: set[str] = set()
    for header in headers:
        normal |= _signature_forms(header)
    for profile in PROFILES:
        if all(group & normal for group in profile.signature):
            # Google Forms' "Zeitstempel" alone is also Nextcloud's; Nextcloud wins above.
            return profile
    return None


# --- layout ------------------------------------------------------------------------------

#: how a column was read, for the read table
HOW_TOOL = "Systemspalte"
HOW_KEYWORD = "Stichwort"
HOW_MAPPING = "Zuordnungsdatei"
HOW_NONE = "nicht erkannt"


@dataclass(frozen=True)
class ColumnReading:
    """How one column was read: the field it gives, how that was decided, its option."""

    index: int
    header: str
    field: Field | None
    how: str
    option: str | None = None
    #: a tool column used only when no question column gives the field
    weak: bool = False


@dataclass
class Layout:
    """Where each field sits in one sheet."""

    tool: str
    profile: str | None
    #: index (into ``sheet.rows``) of the header row
    header_index: int
    headers: list[str]
    #: field → candidate column indexes, best first
    columns: dict[Field, list[int]]
    #: option columns (one column per answer option): index → (field, option text)
    options: dict[int, tuple[Field, str]]
    #: column index → question text, for fields joined from several columns
    labels: dict[int, str]
    unrecognised: list[str]
    weak: set[int] = field(default_factory=set)
    #: columns the tool's profile defined (not the coordinator's questions)
    system: set[int] = field(default_factory=set)
    #: every non-empty header, as read (the read table)
    readings: list[ColumnReading] = field(default_factory=list)
    #: the sheet's row number of the header
    header_row: int = 1
    #: pretix: the order code column (an order's e-mail is the buyer's, not each attendee's)
    order_column: int | None = None

    def has(self, f: Field) -> bool:
        return bool(self.columns.get(f)) or any(fld is f for fld, _ in self.options.values())

    @property
    def has_name(self) -> bool:
        return self.has(Field.FULL_NAME) or self.has(Field.FIRST_NAME) or self.has(Field.LAST_NAME)


def _system_field(normal: str, header: str, profile: Profile) -> Field | None:
    """A tool column of ``profile`` (also LimeSurvey's abbreviated and code+text forms)."""
    if normal in profile.system:
        return profile.system[normal]
    if any(normal.startswith(p) for p in profile.ignore_prefixes):
        return Field.IGNORE
    for prefix in profile.name_parts:
        if normal.startswith(prefix):
            part = normal[len(prefix) :].strip()
            if part in ("given name", "vorname", "first name"):
                return Field.FIRST_NAME
            if part in ("family name", "nachname", "last name", "surname"):
                return Field.LAST_NAME
            return Field.IGNORE  # title, salutation … of a name
    if profile.codetext:
        split = _codetext(header)
        if split is not None and norm_header(split[0]) in profile.system:
            return profile.system[norm_header(split[0])]
        stripped = header.strip()
        if stripped.endswith(("..", "…")) and len(normal) >= 8:
            # an abbreviated heading ("Datum Abgeschic.."): a unique system column it starts
            hits = {f for key, f in profile.system.items() if key.startswith(normal)}
            if len(hits) == 1:
                return hits.pop()
    return None


def _classify(
    header: str, profile: Profile | None, mapping: MappingFile | None
) -> tuple[Field | None, bool, str | None, str]:
    """(field, weak, option text, how) for one header."""
    normal = norm_header(header)
    if mapping and normal in mapping.columns:
        mapped = mapping.columns[normal]
        if profile is not None and _system_field(normal, header, profile) is mapped:
            # the tool's own column, confirmed (as --write-mapping writes it): stays weak
            return mapped, normal in profile.weak, None, HOW_TOOL
        return mapped, False, None, HOW_MAPPING
    if not normal:
        return None, False, None, HOW_NONE
    question = header
    if profile is not None:
        found = _system_field(normal, header, profile)
        if found is not None:
            return found, normal in profile.weak, None, HOW_TOOL
        if profile.codetext:
            split = _codetext(header)
            if split is not None:
                question = split[1]  # "G01Q02. Vorname": the question text
                if mapping and norm_header(question) in mapping.columns:
                    return mapping.columns[norm_header(question)], False, None, HOW_MAPPING
        if profile.renamed_questions:
            m = re.fullmatch(r"(.+?)(\d+)", normal)
            if m and m.group(1) in profile.system:
                # Microsoft Forms' "Name2": the coordinator's question called "Name"
                question = header.strip()[: len(header.strip()) - len(m.group(2))]
    for rx in (_OPTION_BRACKET, _OPTION_DASH):
        m = rx.match(question.strip())
        if m:
            q = m.group("q")
            if mapping and norm_header(q) in mapping.columns:
                return mapping.columns[norm_header(q)], False, m.group("o").strip(), HOW_MAPPING
            found = match_field(q)
            if found is not None and found is not Field.IGNORE:
                return found, False, m.group("o").strip(), HOW_KEYWORD
    found = match_field(question)
    return found, False, None, (HOW_KEYWORD if found is not None else HOW_NONE)


_OPTION_PAREN = re.compile(r"^(?P<q>.+?)\s*\((?P<o>[^()]+)\)$")


def _paren_option(header: str, questions: dict[str, int]) -> tuple[str, str] | None:
    m = _OPTION_PAREN.match(header.strip())
    if m and questions.get(norm_header(m.group("q")), 0) >= 2:
        return m.group("q"), m.group("o").strip()
    return None


def recognise(sheet: Sheet, mapping: MappingFile | None = None) -> Layout:
    """Find the header row and the column of each field in ``sheet``."""
    candidates: list[int]
    if mapping and mapping.header_row is not None:
        wanted = mapping.header_row
        candidates = [i for i, n in enumerate(sheet.numbers) if n == wanted]
        if not candidates:
            raise ImportError_(f"{sheet.label}: Zeile {wanted} (kopfzeile) ist leer oder fehlt.")
    else:
        candidates = list(range(min(10, len(sheet.rows))))
    best: Layout | None = None
    best_score = -1
    for index in candidates:
        layout = _layout_for(sheet, index, mapping)
        score = (
            sum(len(cols) for f, cols in layout.columns.items() if f is not Field.IGNORE)
            + len(layout.options)
            + (3 if layout.profile else 0)
        )
        if score > best_score:
            best, best_score = layout, score
    if best is None:
        raise ImportError_(f"{sheet.label} enthält keine Zeilen.")
    return best


def _layout_for(sheet: Sheet, index: int, mapping: MappingFile | None) -> Layout:
    headers = [_header_text(v) for v in sheet.rows[index]]
    profile = find_profile(headers)
    columns: dict[Field, list[int]] = {}
    weak_columns: dict[Field, list[int]] = {}
    options: dict[int, tuple[Field, str]] = {}
    labels: dict[int, str] = {}
    unrecognised: list[str] = []
    weak_set: set[int] = set()
    system: set[int] = set()
    readings: list[ColumnReading] = []
    order_column: int | None = None
    paren_questions: dict[str, int] = {}
    if profile is not None and profile.paren_options:
        for header in headers:
            m = _OPTION_PAREN.match(header.strip())
            if m:
                key = norm_header(m.group("q"))
                paren_questions[key] = paren_questions.get(key, 0) + 1
    for i, header in enumerate(headers):
        if not header.strip():
            continue
        found, weak, option, how = _classify(header, profile, mapping)
        if how == HOW_KEYWORD and option is None and paren_questions:
            paren = _paren_option(header, paren_questions)
            if paren is not None:
                by_question = match_field(paren[0])
                if by_question is not None and by_question is not Field.IGNORE:
                    found, option = by_question, paren[1]
        readings.append(ColumnReading(i, header.strip(), found, how, option, weak))
        if found is None:
            unrecognised.append(header.strip())
            continue
        if how == HOW_TOOL:
            system.add(i)
            if profile is not None and profile.key.startswith("pretix"):
                if norm_header(header) in _ORDER_CODE:
                    order_column = i
        if found is Field.IGNORE:
            continue
        if option is not None:
            options[i] = (found, option)
            continue
        labels[i] = header.strip()
        if weak:
            weak_columns.setdefault(found, []).append(i)
            weak_set.add(i)
        else:
            columns.setdefault(found, []).append(i)
    for f, cols in weak_columns.items():
        columns.setdefault(f, []).extend(cols)
    # German lists often say "Name" next to "Vorname" and mean the surname
    if (
        Field.FIRST_NAME in columns
        and Field.LAST_NAME not in columns
        and Field.FULL_NAME in columns
    ):
        plain = [i for i in columns[Field.FULL_NAME] if i not in weak_set]
        if plain and norm_header(headers[plain[0]]) in ("name", "familienname", "zuname"):
            columns[Field.LAST_NAME] = [plain[0]]
            columns[Field.FULL_NAME] = [i for i in columns[Field.FULL_NAME] if i != plain[0]]
            if not columns[Field.FULL_NAME]:
                del columns[Field.FULL_NAME]
            readings = [
                ColumnReading(r.index, r.header, Field.LAST_NAME, r.how, r.option, r.weak)
                if r.index == plain[0]
                else r
                for r in readings
            ]
    tool = (mapping.tool if mapping and mapping.tool else None) or (
        profile.name if profile else PLAIN_LIST
    )
    return Layout(
        tool=tool,
        profile=profile.key if profile else None,
        header_index=index,
        headers=headers,
        columns=columns,
        options=options,
        labels=labels,
        unrecognised=unrecognised,
        weak=weak_set,
        system=system,
        readings=readings,
        header_row=sheet.numbers[index] if index < len(sheet.numbers) else index + 1,
        order_column=order_column,
    )


def profile_priority(key: str | None) -> int:
    """How strongly a sheet with this profile is preferred among the sheets of one file."""
    for profile in PROFILES:
        if profile.key == key:
            return profile.priority
    return 0


def _header_text(value: CellValue) -> str:
    return value if isinstance(value, str) else value.strftime("%d.%m.%Y")


def missing_name_message(sheet: Sheet, layout: Layout) -> ImportError_:
    """The error for an export without any name column: what was read, and what to do."""
    shown = [r for r in layout.readings if r.field is None]
    from integrakonzept.people.normalize import quote

    quoted = ", ".join(quote(shorten(r.header)) for r in shown[:12])
    if len(shown) > 12:
        quoted += f" und {len(shown) - 12} weitere"
    return ImportError_(
        f"{sheet.label}: keine Spalte für den Namen gefunden "
        f"({FIELD_LABELS[Field.FULL_NAME]} oder {FIELD_LABELS[Field.FIRST_NAME]} und "
        f"{FIELD_LABELS[Field.LAST_NAME]})."
        + (f"\nNicht erkannte Spalten: {quoted}" if quoted else ""),
        "Schreiben Sie mit --write-mapping zuordnung.yaml eine Zuordnungsdatei mit allen "
        "Spalten, tragen Sie dort die Felder ein und rufen Sie den Import mit "
        "--mapping zuordnung.yaml erneut auf.",
    )


def shorten(text: str, limit: int = 80) -> str:
    """A header for a message or a table: one line, at most ``limit`` characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
