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


def _fs(*items: str) -> frozenset[str]:
    return frozenset(items)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "pretix",
        "pretix",
        (
            _fs("order code", "bestellnummer", "bestellcode"),
            _fs("position id", "positions-id", "positionsnummer", "position"),
        ),
        {
            "event slug": Field.IGNORE,
            "veranstaltungs-kurzform": Field.IGNORE,
            "order code": Field.IGNORE,
            "bestellnummer": Field.IGNORE,
            "bestellcode": Field.IGNORE,
            "position id": Field.IGNORE,
            "positions-id": Field.IGNORE,
            "positionsnummer": Field.IGNORE,
            "position": Field.IGNORE,
            "status": Field.SOURCE_STATUS,
            "email": Field.EMAIL,
            "e-mail": Field.EMAIL,
            "phone number": Field.PHONE,
            "telefonnummer": Field.PHONE,
            "order date": Field.REGISTERED_AT,
            "bestelldatum": Field.REGISTERED_AT,
            "order time": Field.REGISTERED_TIME,
            "bestellzeit": Field.REGISTERED_TIME,
            "uhrzeit der bestellung": Field.REGISTERED_TIME,
            "product": Field.EVENT,
            "produkt": Field.EVENT,
            "variation": Field.IGNORE,
            "variante": Field.IGNORE,
            "price": Field.IGNORE,
            "preis": Field.IGNORE,
            "tax rate": Field.IGNORE,
            "steuersatz": Field.IGNORE,
            "tax rule": Field.IGNORE,
            "steuerregel": Field.IGNORE,
            "tax value": Field.IGNORE,
            "steuerbetrag": Field.IGNORE,
            "attendee name": Field.FULL_NAME,
            "name der teilnehmenden person": Field.FULL_NAME,
            "teilnehmer*innenname": Field.FULL_NAME,
            "attendee email": Field.EMAIL,
            "e-mail der teilnehmenden person": Field.EMAIL,
            "company": Field.ORGANISATION,
            "firma": Field.ORGANISATION,
            "address": Field.IGNORE,
            "adresse": Field.IGNORE,
            "zip code": Field.IGNORE,
            "postleitzahl": Field.IGNORE,
            "city": Field.IGNORE,
            "stadt": Field.IGNORE,
            "ort": Field.IGNORE,
            "country": Field.IGNORE,
            "land": Field.IGNORE,
            "state": Field.IGNORE,
            "bundesland": Field.IGNORE,
            "voucher": Field.IGNORE,
            "gutschein": Field.IGNORE,
            "pseudonymization id": Field.IGNORE,
            "pseudonymisierungs-id": Field.IGNORE,
            "seat id": Field.IGNORE,
            "seat name": Field.IGNORE,
            "seat zone": Field.IGNORE,
            "seat row": Field.IGNORE,
            "seat number": Field.IGNORE,
            "order comment": Field.COMMENTS,
            "bestellkommentar": Field.COMMENTS,
            "follow-up date": Field.IGNORE,
            "invoice address name": Field.FULL_NAME,
            "name in der rechnungsadresse": Field.FULL_NAME,
            "vat id": Field.IGNORE,
            "ust-idnr": Field.IGNORE,
            "sales channel": Field.IGNORE,
            "verkaufskanal": Field.IGNORE,
            "order locale": Field.IGNORE,
            "sprache der bestellung": Field.IGNORE,
            "e-mail address verified": Field.IGNORE,
            "e-mail-adresse verifiziert": Field.IGNORE,
            "payment providers": Field.IGNORE,
            "zahlungsarten": Field.IGNORE,
            "order total": Field.IGNORE,
            "custom address field": Field.IGNORE,
            "date of last payment": Field.IGNORE,
            "fees": Field.IGNORE,
            "invoice numbers": Field.IGNORE,
            "requires special attention": Field.IGNORE,
            "comment": Field.COMMENTS,
            "positions": Field.IGNORE,
        },
        weak=_fs(
            "email",
            "e-mail",
            "phone number",
            "telefonnummer",
            "invoice address name",
            "name in der rechnungsadresse",
            "order comment",
            "bestellkommentar",
            "comment",
        ),
        ignore_prefixes=("invoice address name:", "name in der rechnungsadresse:", "seat "),
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
        {
            "id": Field.IGNORE,
            "response id": Field.IGNORE,
            "antwort id": Field.IGNORE,
            "antwort-id": Field.IGNORE,
            "submitdate": Field.REGISTERED_AT,
            "date submitted": Field.REGISTERED_AT,
            "datum abgeschickt": Field.REGISTERED_AT,
            "lastpage": Field.IGNORE,
            "last page": Field.IGNORE,
            "letzte seite": Field.IGNORE,
            "startlanguage": Field.IGNORE,
            "start language": Field.IGNORE,
            "start-sprache": Field.IGNORE,
            "seed": Field.IGNORE,
            "zufallsstartwert": Field.IGNORE,
            "token": Field.IGNORE,
            "access code": Field.IGNORE,
            "zugangsschlüssel": Field.IGNORE,
            "startdate": Field.IGNORE,
            "date started": Field.IGNORE,
            "datum gestartet": Field.IGNORE,
            "datestamp": Field.IGNORE,
            "date last action": Field.IGNORE,
            "datum letzte aktivität": Field.IGNORE,
            "datum der letzten aktivität": Field.IGNORE,
            "ipaddr": Field.IGNORE,
            "ip address": Field.IGNORE,
            "ip-adresse": Field.IGNORE,
            "refurl": Field.IGNORE,
            "referrer url": Field.IGNORE,
            "referrer-url": Field.IGNORE,
            "interviewtime": Field.IGNORE,
            "total time": Field.IGNORE,
            "gesamtzeit": Field.IGNORE,
        },
        ignore_prefixes=("grouptime", "group time", "gruppenzeit", "question time", "fragenzeit"),
    ),
    Profile(
        "nextcloud",
        "Nextcloud Forms",
        (
            _fs("user id", "benutzer-id", "benutzerkennung", "nutzer-id"),
            _fs(
                "user display name",
                "anzeigename",
                "anzeigename des benutzers",
                "benutzer-anzeigename",
            ),
        ),
        {
            "user id": Field.IGNORE,
            "benutzer-id": Field.IGNORE,
            "benutzerkennung": Field.IGNORE,
            "nutzer-id": Field.IGNORE,
            "user display name": Field.FULL_NAME,
            "anzeigename": Field.FULL_NAME,
            "anzeigename des benutzers": Field.FULL_NAME,
            "benutzer-anzeigename": Field.FULL_NAME,
            "timestamp": Field.REGISTERED_AT,
            "zeitstempel": Field.REGISTERED_AT,
        },
        weak=_fs(
            "user display name", "anzeigename", "anzeigename des benutzers", "benutzer-anzeigename"
        ),
    ),
    Profile(
        "msforms-de",
        "Microsoft Forms",
        (_fs("id"), _fs("startzeit"), _fs("fertigstellungszeit")),
        {
            "id": Field.IGNORE,
            "startzeit": Field.IGNORE,
            "fertigstellungszeit": Field.REGISTERED_AT,
            "e-mail": Field.EMAIL,
            "name": Field.FULL_NAME,
            "zeitpunkt der letzten änderung": Field.IGNORE,
            "letzte änderung": Field.IGNORE,
            "gesamtpunktzahl": Field.IGNORE,
            "quizfeedback": Field.IGNORE,
            "quiz-feedback": Field.IGNORE,
        },
        weak=_fs("e-mail", "name"),
        ignore_prefixes=("punkte - ", "punkte – ", "feedback - ", "feedback – "),
    ),
    Profile(
        "msforms-en",
        "Microsoft Forms",
        (_fs("id"), _fs("start time"), _fs("completion time")),
        {
            "id": Field.IGNORE,
            "start time": Field.IGNORE,
            "completion time": Field.REGISTERED_AT,
            "email": Field.EMAIL,
            "name": Field.FULL_NAME,
            "last modified time": Field.IGNORE,
            "total points": Field.IGNORE,
            "quiz feedback": Field.IGNORE,
        },
        weak=_fs("email", "name"),
        ignore_prefixes=("points - ", "feedback - "),
    ),
    Profile(
        "gforms-de",
        "Google Forms",
        (_fs("zeitstempel"),),
        {
            "zeitstempel": Field.REGISTERED_AT,
            "e-mail-adresse": Field.EMAIL,
            "punkte": Field.IGNORE,
            "punktzahl": Field.IGNORE,
        },
    ),
    Profile(
        "gforms-en",
        "Google Forms",
        (_fs("timestamp"),),
        {
            "timestamp": Field.REGISTERED_AT,
            "email address": Field.EMAIL,
            "score": Field.IGNORE,
        },
    ),
)

# Question columns, tried in this order (the first match wins). Patterns work on
# normalised headers; stems keep them working on LimeSurvey's abbreviated headings.
_PATTERNS: tuple[tuple[str, Field], ...] = (
    (r"ik: grund|^ablehnungsgrund$", Field.IGNORE),
    (r"foto|photo|bildaufnahme|bildrecht|\bbilder\b|filmaufnahme", Field.PHOTO),
    (
        r"datenschutz|einwillig|dsgvo|privacy|consent|datenverarbeitung|einverständnis",
        Field.PRIVACY,
    ),
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
        r"^((ihr|dein|vollständiger|voller|ganzer) )?name\b|vor- und (zu|nach)name|full ?name"
        r"|^(your )?name\b|teilnehmer\S* ?name|attendee name|name der teilnehm|name des teilnehm",
        Field.FULL_NAME,
    ),
    (
        r"^rolle\b|\brolle\b|^role\b|\bfunktion\b|nehme (ich )?teil als|teilnahme als"
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


def match_field(header: str) -> Field | None:
    """The field a question header stands for, by keyword (``None``: not recognised)."""
    normal = norm_header(header)
    if not normal:
        return None
    for pattern, result in _COMPILED:
        if pattern.search(normal):
            return result
    return None


def find_profile(headers: Sequence[str]) -> Profile | None:
    normal = {norm_header(h) for h in headers}
    for profile in PROFILES:
        if all(group & normal for group in profile.signature):
            # Google Forms' "Zeitstempel" alone is also Nextcloud's; Nextcloud wins above.
            return profile
    return None


# --- layout ------------------------------------------------------------------------------


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

    def has(self, f: Field) -> bool:
        return bool(self.columns.get(f)) or any(fld is f for fld, _ in self.options.values())

    @property
    def has_name(self) -> bool:
        return self.has(Field.FULL_NAME) or self.has(Field.FIRST_NAME) or self.has(Field.LAST_NAME)


def _classify(
    header: str, profile: Profile | None, mapping: MappingFile | None
) -> tuple[Field | None, bool, str | None]:
    """(field, weak, option text) for one header."""
    normal = norm_header(header)
    if mapping and normal in mapping.columns:
        return mapping.columns[normal], False, None
    if not normal:
        return None, False, None
    if profile is not None:
        if normal in profile.system:
            return profile.system[normal], normal in profile.weak, None
        if any(normal.startswith(p) for p in profile.ignore_prefixes):
            return Field.IGNORE, False, None
    for rx in (_OPTION_BRACKET, _OPTION_DASH):
        m = rx.match(header.strip())
        if m:
            question = m.group("q")
            if mapping and norm_header(question) in mapping.columns:
                return mapping.columns[norm_header(question)], False, m.group("o").strip()
            found = match_field(question)
            if found is not None and found is not Field.IGNORE:
                return found, False, m.group("o").strip()
    return match_field(header), False, None


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
    for i, header in enumerate(headers):
        if not header.strip():
            continue
        found, weak, option = _classify(header, profile, mapping)
        if found is None:
            unrecognised.append(header.strip())
            continue
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
    )


def _header_text(value: CellValue) -> str:
    return value if isinstance(value, str) else value.strftime("%d.%m.%Y")


def missing_fields_message(sheet: Sheet, layout: Layout, *, need_event: bool) -> ImportError_:
    """The error for an export whose columns do not give a name (or an event)."""
    missing: list[str] = []
    if not layout.has_name:
        missing.append(
            f"{FIELD_LABELS[Field.FULL_NAME]} oder {FIELD_LABELS[Field.FIRST_NAME]} "
            f"und {FIELD_LABELS[Field.LAST_NAME]}"
        )
    if need_event and not layout.has(Field.EVENT):
        missing.append(f"{FIELD_LABELS[Field.EVENT]} – oder die Option --phase")
    shown = layout.unrecognised or [h for h in layout.headers if h.strip()]
    quoted = ", ".join(f"„{h}“" for h in shown[:40])
    if len(shown) > 40:
        quoted += f" und {len(shown) - 40} weitere"
    message = (
        f"Die Spalten von {sheet.label} wurden nicht erkannt.\n"
        f"Nicht zugeordnete Spalten: {quoted or '(keine)'}\n"
        f"Es fehlt eine Spalte für: {'; '.join(missing)}"
    )
    example = "\n".join(f'  "{h}": ignorieren' for h in shown[:12])
    hint = (
        "Legen Sie eine Zuordnungsdatei an, z. B. zuordnung.yaml:\n"
        f"spalten:\n{example}\n"
        "Ersetzen Sie „ignorieren“ durch das passende Feld (vorname, nachname, name, email, "
        "veranstaltung, organisation, rolle, telefon, …) und rufen Sie den Import mit "
        "--mapping zuordnung.yaml erneut auf."
    )
    return ImportError_(message, hint)
