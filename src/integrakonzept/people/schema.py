"""What a registration is: the fields ik knows, the tracker columns and the fixed choices.

Everything a coordinator reads (column headers, dropdown values) is German; the keys
used in code are English. The mapping file (``--mapping``) uses the German keys in
:data:`FIELD_KEYS_DE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum


class Field(StrEnum):
    """A piece of information an export can carry about one registration."""

    REGISTERED_AT = "registered_at"
    #: a separate time-of-day column (pretix: "Order time"), combined with REGISTERED_AT
    REGISTERED_TIME = "registered_time"
    EMAIL = "email"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"
    ORGANISATION = "organisation"
    ROLE = "role"
    PHONE = "phone"
    INTERPRETER = "interpreter"
    CHILDCARE = "childcare"
    ACCESSIBILITY = "accessibility"
    TOPIC = "topic"
    PRIVACY = "privacy"
    PHOTO = "photo"
    EVENT = "event"
    COMMENTS = "comments"
    SOURCE_STATUS = "source_status"
    #: the language the person wants to be written to (ik mail), not an interpreting need
    LANGUAGE = "language"
    #: the channel that brought the registration (``utm_source``, "Wie haben Sie … erfahren?")
    CHANNEL = "channel"
    IGNORE = "ignore"


#: German keys for the mapping file, and the words used in messages.
FIELD_KEYS_DE: dict[str, Field] = {
    "angemeldet_am": Field.REGISTERED_AT,
    "zeitstempel": Field.REGISTERED_AT,
    "uhrzeit": Field.REGISTERED_TIME,
    "email": Field.EMAIL,
    "e-mail": Field.EMAIL,
    "vorname": Field.FIRST_NAME,
    "nachname": Field.LAST_NAME,
    "name": Field.FULL_NAME,
    "organisation": Field.ORGANISATION,
    "rolle": Field.ROLE,
    "telefon": Field.PHONE,
    "dolmetschen": Field.INTERPRETER,
    "kinderbetreuung": Field.CHILDCARE,
    "barrierefreiheit": Field.ACCESSIBILITY,
    "handlungsfeld": Field.TOPIC,
    "datenschutz": Field.PRIVACY,
    "fotos": Field.PHOTO,
    "foto": Field.PHOTO,
    "veranstaltung": Field.EVENT,
    "anmerkungen": Field.COMMENTS,
    "status": Field.SOURCE_STATUS,
    "sprache": Field.LANGUAGE,
    "quelle": Field.CHANNEL,
    "kanal": Field.CHANNEL,
    "ignorieren": Field.IGNORE,
}

#: How a field is called in messages (German, for people).
FIELD_LABELS: dict[Field, str] = {
    Field.REGISTERED_AT: "Zeitstempel (angemeldet_am)",
    Field.REGISTERED_TIME: "Uhrzeit (uhrzeit)",
    Field.EMAIL: "E-Mail (email)",
    Field.FIRST_NAME: "Vorname (vorname)",
    Field.LAST_NAME: "Nachname (nachname)",
    Field.FULL_NAME: "Name (name)",
    Field.ORGANISATION: "Organisation (organisation)",
    Field.ROLE: "Rolle (rolle)",
    Field.PHONE: "Telefon (telefon)",
    Field.INTERPRETER: "Dolmetschen (dolmetschen)",
    Field.CHILDCARE: "Kinderbetreuung (kinderbetreuung)",
    Field.ACCESSIBILITY: "Barrierefreiheit (barrierefreiheit)",
    Field.TOPIC: "Handlungsfeld (handlungsfeld)",
    Field.PRIVACY: "Datenschutz-Einwilligung (datenschutz)",
    Field.PHOTO: "Foto-Einwilligung (fotos)",
    Field.EVENT: "Veranstaltung (veranstaltung)",
    Field.COMMENTS: "Anmerkungen (anmerkungen)",
    Field.SOURCE_STATUS: "Status (status)",
    Field.LANGUAGE: "Sprache (sprache)",
    Field.CHANNEL: "Quelle (quelle)",
    Field.IGNORE: "ignorieren",
}

ROLES: tuple[str, ...] = (
    "Einwohner*in",
    "Hauptamt",
    "Ehrenamt",
    "Migrantenorganisation",
    "Politik",
    "Verwaltung",
    "Presse",
    "Sonstige",
)
OTHER_ROLE = "Sonstige"

STATUS_REGISTERED = "angemeldet"
STATUS_WAITLIST = "Warteliste"
STATUS_CANCELLED = "abgesagt"
#: a person who came without registering (added by ``ik attendance --add-walk-ins``)
STATUS_WALK_IN = "ohne Anmeldung"
STATUSES: tuple[str, ...] = (STATUS_REGISTERED, STATUS_WAITLIST, STATUS_CANCELLED, STATUS_WALK_IN)

ATTENDED = "ja"
NOT_ATTENDED = "nein"
EXCUSED = "entschuldigt"
ATTENDANCE: tuple[str, ...] = (ATTENDED, NOT_ATTENDED, EXCUSED)

YES = "ja"
NO = "nein"
UNKNOWN = "unbekannt"
YES_NO: tuple[str, ...] = (YES, NO)
PHOTO_CHOICES: tuple[str, ...] = (YES, NO, UNKNOWN)

#: Languages offered in the interpreter dropdown (besides those in the data and the
#: process file). Order from domain research (Mikrozensus, Schutzsuchende).
COMMON_LANGUAGES: tuple[str, ...] = (
    "Arabisch",
    "Türkisch",
    "Ukrainisch",
    "Russisch",
    "Dari",
    "Farsi",
    "Kurmandschi",
    "Sorani",
    "Polnisch",
    "Rumänisch",
    "Englisch",
    "Französisch",
    "Tigrinya",
    "Somali",
    "Gebärdensprache",
    "Leichte Sprache",
)


class Kind(Enum):
    TEXT = "text"
    DATETIME = "datetime"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """One column of the sheet *Anmeldungen*."""

    key: str
    header: str
    width: float
    kind: Kind = Kind.TEXT
    #: defined name of the dropdown list (hidden sheet *Listen*), if any
    choices: str | None = None
    #: whether ik writes this column on import (False: the coordinator owns it)
    imported: bool = True
    hidden: bool = False
    #: strict dropdown (reject other values) or a suggestion list
    strict: bool = True


# Order = order in the sheet. Headers are how ik finds the columns again, wherever the
# coordinator moved them; do not rename them lightly.
COLUMNS: tuple[Column, ...] = (
    Column("reg_id", "ID", 9),
    Column("person_id", "Personen-ID", 12),
    Column("event", "Veranstaltung", 18, Kind.CHOICE, "ik_Veranstaltungen"),
    Column("first_name", "Vorname", 16),
    Column("last_name", "Nachname", 18),
    Column("organisation", "Organisation", 24),
    Column("role", "Rolle", 20, Kind.CHOICE, "ik_Rollen"),
    Column("email", "E-Mail", 28),
    Column("phone", "Telefon", 17),
    Column("interpreter", "Dolmetschen", 16, Kind.CHOICE, "ik_Sprachen", strict=False),
    Column("childcare", "Kinderbetreuung", 16, Kind.CHOICE, "ik_JaNein", strict=False),
    Column("accessibility", "Barrierefreiheit", 24),
    Column("topic", "Handlungsfeld", 24, Kind.CHOICE, "ik_Handlungsfelder", strict=False),
    Column("privacy", "Datenschutz", 12, Kind.CHOICE, "ik_JaNein"),
    Column("photo", "Fotos", 11, Kind.CHOICE, "ik_Fotos"),
    Column("source", "Quelle", 28),
    Column("registered_at", "Angemeldet am", 17, Kind.DATETIME),
    Column("status", "Status", 13, Kind.CHOICE, "ik_Status", imported=False),
    Column("late", "Nach Anmeldeschluss", 12, Kind.CHOICE, "ik_JaNein", imported=False),
    Column("attendance", "Teilnahme", 13, Kind.CHOICE, "ik_Teilnahme", imported=False),
    Column("comments", "Anmerkungen", 36),
    Column("notes", "Notizen", 36, imported=False),
    Column("updated_at", "Stand der Angaben", 17, Kind.DATETIME),
    Column("checksum", "ik-Prüfsumme", 14, hidden=True),
    # Added later (:data:`ADDED_COLUMNS`): the last column, in new trackers as in older
    # ones, which get it right of their table on the next import.
    #: the language the person is written to (ik mail)
    Column("language", "Sprache", 14),
)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

#: the answer fields that come from an export (and make up the checksum)
ANSWER_KEYS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "organisation",
    "role",
    "email",
    "phone",
    "interpreter",
    "childcare",
    "accessibility",
    "topic",
    "privacy",
    "photo",
    "comments",
    # added later: the checksum and the stamp leave it out while it is empty, so rows
    # imported before it existed keep their checksums (see people.entries)
    "language",
)

#: columns that came after the first trackers were made: an import adds them to a tracker
#: that lacks them (right of its table), keeping everything else
ADDED_COLUMNS: tuple[str, ...] = ("language",)

SHEET_REGISTRATIONS = "Anmeldungen"
SHEET_OVERVIEW = "Übersicht"
SHEET_EVENTS = "Veranstaltungen"
SHEET_TOPICS = "Handlungsfelder"
SHEET_LISTS = "Listen"
TABLE_NAME = "tblAnmeldungen"
#: sheets ik regenerates from the process file (``ik tracker``); everything else is the
#: coordinator's
DERIVED_SHEETS: tuple[str, ...] = (SHEET_OVERVIEW, SHEET_EVENTS, SHEET_TOPICS, SHEET_LISTS)

DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
