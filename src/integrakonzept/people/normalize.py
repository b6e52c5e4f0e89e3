"""Turn raw answers into the tracker's values: text, yes/no, roles, timestamps, e-mail.

Nothing here raises for odd input; functions return ``None`` (or an empty string) when a
value cannot be understood, and the import pipeline decides what that means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from integrakonzept.people.readers import CellValue
from integrakonzept.people.schema import NO, OTHER_ROLE, ROLES, UNKNOWN, YES

#: characters that make a spreadsheet program treat typed text as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_YES = frozenset(
    {
        "ja",
        "j",
        "yes",
        "y",
        "x",
        "true",
        "wahr",
        "1",
        "ok",
        "okay",
        "✓",
        "✔",
        "☑",
        "checked",
        "zugestimmt",
        "einverstanden",
        "akzeptiert",
        "ich stimme zu",
        "stimme zu",
        "ja bitte",
        "ja, bitte",
        "on",
        "oui",
        "si",
        "sí",
        "evet",
        "да",
        "نعم",
    }
)
_NO = frozenset(
    {
        "nein",
        "n",
        "no",
        "false",
        "falsch",
        "0",
        "keine",
        "kein",
        "-",
        "–",
        "—",
        "/",
        "nicht",
        "nein danke",
        "nein, danke",
        "nicht nötig",
        "nicht notwendig",
        "entfällt",
        "off",
        "none",
        "n/a",
        "k.a.",
        "k. a.",
        "brauche ich nicht",
        "wird nicht benötigt",
        "not needed",
    }
)


def text(value: CellValue) -> str:
    """Clean text: line ends unified, outer space trimmed, CSV formula masks removed.

    Tools that guard against CSV injection (LimeSurvey, pretix, Nextcloud) prefix a
    ``'`` to cells that start with ``= + - @``; that mask is removed here because the
    tracker stores every imported value as a string cell, which is never a formula.
    """
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if "\r" in value:  # most cells have no carriage return: skip both replaces (hot path)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    result = value.strip()
    if len(result) > 1 and result[0] == "'" and result[1] in "=+-@":
        result = result[1:]
    return result


def yes_no(value: str) -> bool | None:
    """``True`` for yes-like answers, ``False`` for no-like, ``None`` for empty or other."""
    v = value.strip().casefold().rstrip(".!")
    if not v:
        return None
    if v in _YES:
        return True
    if v in _NO:
        return False
    if re.match(r"^(ja|yes)\b", v):
        return True
    if re.match(r"^(nein|no|kein|keine)\b", v):
        return False
    return None


def consent(value: str) -> str:
    """A consent answer as ``ja``/``nein``/``""``.

    Checkbox questions export the option text ("Ich stimme der Verarbeitung … zu"), so any
    answer that is not a refusal counts as consent.
    """
    answer = yes_no(value)
    if answer is True:
        return YES
    if answer is False:
        return NO
    v = value.strip().casefold()
    if not v:
        return ""
    if re.search(r"\bnicht\b|\bkeine?\b|\bnein\b|\bnot\b|\bno\b|widersprech|lehne", v):
        return NO
    return YES


def photo(value: str) -> str:
    """Photo consent as ``ja``/``nein``/``unbekannt``."""
    answer = consent(value)
    return answer or UNKNOWN


def childcare(value: str) -> str:
    """``ja``, the details given ("2 Kinder, 3 und 5 Jahre"), or empty for no."""
    answer = yes_no(value)
    if answer is False:
        return ""
    if answer is True and re.fullmatch(r"(?i)\s*(ja|yes|j|y|x|1|true|wahr)[.!]?\s*", value):
        return YES
    return value.strip()


def need(value: str) -> str:
    """A free-text need (accessibility): empty for no-like answers."""
    return "" if yes_no(value) is False else value.strip()


def interpreter(value: str) -> str:
    """The language(s) asked for: ``"ja, Arabisch"`` → ``"Arabisch"``; no → ``""``."""
    v = value.strip()
    answer = yes_no(v)
    if answer is False:
        return ""
    stripped = re.sub(r"(?i)^(ja|yes)\b[\s,.:;–-]*(in|auf|für|for)?\s*", "", v).strip()
    if not stripped:
        return YES
    return german_language_names(stripped[0].upper() + stripped[1:])


_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_EASY = frozenset({"de-x-ls", "de-ls", "leichte sprache", "leichte-sprache", "easy german"})


def language(value: str) -> str:
    """The language a person wants to be written in, as its German name.

    A code as form tools store it (LimeSurvey ``ar``, pretix ``de-informal``), a name in
    another language (``Arabic``, ``العربية``, ``Türkçe``) or in German: ``Arabisch``.
    Unknown names stay as written; several languages: the first one.
    """
    v = " ".join(value.split())
    if not v or yes_no(v) is not None:
        return ""
    v = re.split(r"\s*[;,/\n]\s*|\s+(?:und|and|oder|or)\s+", v)[0]
    low = v.casefold().replace("_", "-")
    if low in _EASY:
        return "Leichte Sprache"
    if low in ("prs", "fa-af"):
        return "Dari"
    if _CODE.fullmatch(low):
        from babel import Locale

        name = Locale("de").languages.get(low.split("-")[0])
        if name:
            return str(name)
    return german_language_names(v[0].upper() + v[1:])


#: the locales whose names of languages an answer may use besides German: the interface
#: languages of the form tools and the languages most often asked for (the names themselves
#: come from babel's CLDR data; every locale loaded costs time, all 300 would cost seconds)
_NAME_LOCALES = (
    "en", "fr", "es", "it", "nl", "pl", "pt", "ro", "bg", "tr", "ru", "uk", "ar", "fa", "ku",
)  # fmt: skip
_LANGUAGE_SPLIT = re.compile(r"(\s*[;,/\n]\s*|\s+(?:und|and|oder|or)\s+)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _german_language_names() -> dict[str, str]:
    """Casefolded name of a language in any of :data:`_NAME_LOCALES` → its German name."""
    from babel import Locale, UnknownLocaleError

    german = Locale("de").languages
    names: dict[str, str] = {}
    for code in _NAME_LOCALES:
        try:
            languages = Locale.parse(code).languages
        except (UnknownLocaleError, ValueError):  # an older CLDR without this locale
            continue
        for language, name in languages.items():
            if language in german:
                names.setdefault(name.casefold(), german[language])
    names.update({name.casefold(): name for name in german.values()})  # German wins
    return names


def german_language_names(value: str) -> str:
    """``"Ukrainian"`` → ``"Ukrainisch"``, ``"Portuguese and Turkish"`` → ``"Portugiesisch,
    Türkisch"``: names of languages in English (or another language babel knows) in German;
    anything else stays as written."""
    pieces = _LANGUAGE_SPLIT.split(value)
    words = pieces[::2]
    if all(w.strip().casefold() in _german_names() for w in words):
        return value  # already German: no locale data needed
    names = _german_language_names()
    german = [names.get(w.strip().casefold()) for w in words]
    if all(german):
        return ", ".join(dict.fromkeys(g for g in german if g))
    pieces[::2] = [g or w for g, w in zip(german, words, strict=True)]
    return "".join(pieces)


@lru_cache(maxsize=1)
def _german_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(name.casefold() for name in Locale("de").languages.values())


_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("Migrantenorganisation", r"migrant|\bmso\b|\bmo\b|selbstorgani|diaspora"),
        ("Presse", r"presse|journalist|\bmedien|zeitung|redaktion|\bpress\b|\bmedia\b"),
        (
            "Politik",
            r"politi|ratsmitglied|stadtrat|gemeinderat|kreistag|bürgermeister|fraktion"
            r"|abgeordnet|council|ausschuss|ortsbeirat|integrationsrat|beirat",
        ),
        ("Hauptamt", r"hauptamt|beruflich|fachkraft|fachkräft|sozialarbeit|professional"),
        ("Ehrenamt", r"ehrenamt|freiwillig|volunteer|engagier"),
        (
            "Verwaltung",
            r"verwaltung|behörde|\bamt\b|rathaus|jobcenter|administration|authority|kommune",
        ),
        (
            "Einwohner*in",
            r"einwohner|bürger|anwohner|privat|resident|citizen|zugewandert|geflüchtet"
            r"|interessiert|nachbar",
        ),
        ("Sonstige", r"sonstig|andere|other"),
    )
)
_ROLE_EXACT = {r.casefold(): r for r in ROLES} | {
    "einwohner": "Einwohner*in",
    "einwohnerin": "Einwohner*in",
    "einwohner:in": "Einwohner*in",
    "einwohner_in": "Einwohner*in",
    "einwohnerinnen und einwohner": "Einwohner*in",
    "bürger*in": "Einwohner*in",
    "bürgerin": "Einwohner*in",
    "bürger": "Einwohner*in",
    "hauptamtlich": "Hauptamt",
    "ehrenamtlich": "Ehrenamt",
    "migrant*innenorganisation": "Migrantenorganisation",
    "migrantinnenorganisation": "Migrantenorganisation",
    "migrant:innenorganisation": "Migrantenorganisation",
    "migrantenselbstorganisation": "Migrantenorganisation",
    "sonstiges": "Sonstige",
}


@lru_cache(maxsize=4096)
def role(value: str) -> tuple[str, bool]:
    """Map an answer to one of :data:`ROLES`; the flag says whether it was understood."""
    v = re.sub(r"\s+", " ", value).strip().casefold()
    if not v:
        return "", True
    if v in _ROLE_EXACT:
        return _ROLE_EXACT[v], True
    for name, pattern in _ROLE_PATTERNS:
        if pattern.search(v):
            return name, name != OTHER_ROLE or bool(re.fullmatch(r"sonstige?s?|andere|other", v))
    return OTHER_ROLE, False


# --- timestamps --------------------------------------------------------------------------

_GERMAN = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4}),?(?:\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uhr)?)?$",
    re.IGNORECASE,
)
_SLASH = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Google Forms' own CSV download: "2020/06/08 3:43:15 PM OEZ" (12-hour clock, zone name)
_YMD_SLASH = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?"
    r"(?:\s*([A-Za-z]{2,5}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?))?)?$",
    re.IGNORECASE,
)
#: UTC offsets (hours) of the zone names Google writes; the zone a German account uses first
_ZONES = {
    "mez": 1.0,
    "cet": 1.0,
    "mesz": 2.0,
    "cest": 2.0,
    "oez": 2.0,
    "eet": 2.0,
    "oesz": 3.0,
    "eest": 3.0,
    "wez": 0.0,
    "wet": 0.0,
    "wesz": 1.0,
    "west": 1.0,
    "gmt": 0.0,
    "utc": 0.0,
    "bst": 1.0,
    "est": -5.0,
    "edt": -4.0,
    "cst": -6.0,
    "cdt": -5.0,
    "mst": -7.0,
    "mdt": -6.0,
    "pst": -8.0,
    "pdt": -7.0,
}


def _zone_offset(name: str) -> float | None:
    key = name.casefold()
    if key in _ZONES:
        return _ZONES[key]
    m = re.fullmatch(r"(?:gmt|utc)([+-])(\d{1,2})(?::?(\d{2}))?", key)
    if m:
        hours = int(m.group(2)) + int(m.group(3) or 0) / 60
        return hours if m.group(1) == "+" else -hours
    return None  # an unknown or ambiguous name ("AST"): the wall time as written


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def slash_order(values: Iterable[CellValue]) -> str:
    """Whether ``a/b/yyyy`` timestamps of a column are day-first (``dmy``) or month-first.

    Decided by any value whose first or second number is above 12; month-first (the Google
    Sheets default for US locales) when nothing decides.
    """
    for value in values:
        if isinstance(value, str):
            m = _SLASH.match(value.strip())
            if m:
                if int(m.group(1)) > 12:
                    return "dmy"
                if int(m.group(2)) > 12:
                    return "mdy"
    return "mdy"


def timestamp(value: CellValue, order: str = "mdy") -> datetime | None:
    """Parse a registration timestamp (German, ISO 8601 with offset, ``a/b/yyyy``)."""
    if isinstance(value, datetime):
        return _local(value)
    v = value.strip()
    if not v:
        return None
    try:
        # German first: the usual export's format, and the patterns exclude each other by
        # their start ("1.", "2025-", "2025/"), so the order of the checks changes nothing
        m = _GERMAN.match(v)
        if m:
            d, mo, y, h, mi, s = m.groups()
            return datetime(_year(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        if _ISO.match(v):
            return _local(datetime.fromisoformat(v.replace(" Uhr", "")))
        m = _YMD_SLASH.match(v)
        if m:
            y, mo, d, h, mi, s, ampm, zone = m.groups()
            hour = int(h or 0)
            if ampm:
                hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
            wall = datetime(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0))
            offset = _zone_offset(zone) if zone else None
            if offset is None:
                return wall
            from datetime import timezone

            return _local(wall.replace(tzinfo=timezone(timedelta(hours=offset))))
        m = _SLASH.match(v)
        if m:
            a, b, y, h, mi, s, ampm = m.groups()
            day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
            hour = int(h or 0)
            if ampm:
                pm = ampm.lower().startswith("p")
                hour = hour % 12 + (12 if pm else 0)
            return datetime(_year(y), month, day, hour, int(mi or 0), int(s or 0))
        if re.fullmatch(r"\d{5}(\.\d+)?", v):  # an Excel serial that became text
            return datetime(1899, 12, 30) + timedelta(seconds=round(float(v) * 86400))
    except ValueError:
        return None
    return None


def _local(value: datetime) -> datetime:
    """Aware timestamps → local wall time (Europe/Berlin if known), without tzinfo."""
    if value.tzinfo is None:
        return value.replace(microsecond=0)
    try:
        from zoneinfo import ZoneInfo

        local = value.astimezone(ZoneInfo("Europe/Berlin"))
    except Exception:  # no tz database (Windows without tzdata): the machine's local time
        local = value.astimezone()
    return local.replace(tzinfo=None, microsecond=0)


def time_of_day(value: CellValue) -> tuple[int, int, int] | None:
    """``"14:03:22"`` → (14, 3, 22)."""
    if isinstance(value, datetime):
        return value.hour, value.minute, value.second
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


# --- e-mail ------------------------------------------------------------------------------

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"({_ATOM}(?:\.{_ATOM}){{0,63}})@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
#: special-use domains that email_validator rejects (RFC 6761 and friends)
_SPECIAL_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test", "internal"})


@lru_cache(maxsize=65536)
def email(value: str) -> tuple[str, bool]:
    """``(address, valid)``: the address as written (trimmed, domain in lower case) and
    whether it is valid."""
    v = value.strip().strip("<>").strip()
    if v.casefold().startswith("mailto:"):
        v = v[7:].strip()
    if not v:
        return "", True
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
        return v, False
    plain = _PLAIN_EMAIL.fullmatch(v)
    if (
        plain is not None
        and len(v) <= 254
        and len(plain.group(1)) <= 64
        and "--" not in plain.group(2)  # IDNA rules for such labels: let the library decide
        and plain.group(2).rpartition(".")[2].casefold() not in _SPECIAL_TLDS
    ):
        # the common case, plain ASCII: the same verdict as email_validator, much faster
        return f"{plain.group(1)}@{plain.group(2).casefold()}", True
    from email_validator import EmailNotValidError

    try:
        result = _validate_email()(v, check_deliverability=False)
    except EmailNotValidError:
        return v, False
    return result.normalized, True


@lru_cache(maxsize=1)
def _validate_email() -> Callable[..., Any]:
    """email_validator's ``validate_email``, its domain check remembered per domain.

    An export holds thousands of addresses but few domains, and checking an
    internationalised domain (IDNA, UTS 46) is most of the library's work: the check is a
    pure function of the domain, so its result is kept (``validate_email`` looks the
    function up in its module on every call; failures are not kept and raise again).
    """
    import importlib

    from email_validator import syntax, validate_email

    module = importlib.import_module("email_validator.validate_email")
    if getattr(module, "validate_email_domain_name", None) is syntax.validate_email_domain_name:
        cached = lru_cache(maxsize=4096)(syntax.validate_email_domain_name)
        setattr(module, "validate_email_domain_name", cached)  # noqa: B010 (untyped module)
    return validate_email


# --- matching ----------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "o"})


@lru_cache(maxsize=65536)
def match_text(value: str) -> str:
    """A form of a name or organisation for matching: case, accents, spacing, punctuation.

    ``"Müller-Lüdenscheidt"`` and ``"mueller lüdenscheidt"`` give the same result, as do
    ``"João"`` and ``"Joao"``.
    """
    if value.isascii():  # NFKC, NFKD and the transliteration change no ASCII letter
        v = value.lower()  # (casefold is lower for ASCII)
    else:
        v = unicodedata.normalize("NFKC", value).casefold().translate(_TRANSLIT)
        v = unicodedata.normalize("NFKD", v)
        if not v.isascii():  # ASCII letters carry no combining marks
            v = _without_marks(v)
    v = _NON_WORD.sub(" ", v)
    return " ".join(v.split())


_NON_WORD = re.compile(r"[\W_]+")
#: characters already looked at by :func:`_without_marks`, and the combining marks among
#: them (as a deletion table for ``str.translate``)
_LOOKED_AT: set[str] = set()
_MARKS: dict[int, None] = {}


def _without_marks(value: str) -> str:
    """``value`` without its combining characters (``unicodedata.combining`` not 0); each
    character is classified once, the deletion itself is ``str.translate``."""
    new = set(value) - _LOOKED_AT
    if new:
        for ch in new:
            if unicodedata.combining(ch):
                _MARKS[ord(ch)] = None
        _LOOKED_AT.update(new)
    return value.translate(_MARKS)


def email_key(value: str) -> str:
    """Compare e-mail addresses ignoring case and spaces."""
    return "".join(value.split()).casefold()


# --- names -------------------------------------------------------------------------------

_PARTICLES = frozenset(
    {
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "van",
        "der",
        "den",
        "de",
        "da",
        "das",
        "dos",
        "do",
        "di",
        "del",
        "della",
        "le",
        "la",
        "ter",
        "ten",
        "al",
        "el",
        "bin",
        "ben",
        "ibn",
        "abu",
    }
)
_TITLES = frozenset({"dr.", "dr", "prof.", "prof", "dipl.-ing.", "mag.", "med.", "dr.-ing."})


def split_full_name(full: str) -> tuple[str, str]:
    """Split one name into (first name, last name).

    ``"Nachname, Vorname"`` is swapped; name particles (von, van, da, al …) stay with the
    last name (``"João da Silva"`` → ``("João", "da Silva")``); academic titles stay with the
    first name; a single word is taken as the last name.
    """
    text = re.sub(r"\s+", " ", full).strip()
    if not text:
        return "", ""
    if "," in text:
        last, _, first = text.partition(",")
        return first.strip(), last.strip()
    parts = text.split(" ")
    if len(parts) == 1:
        return "", parts[0]
    titles: list[str] = []
    while len(parts) > 1 and parts[0].casefold() in _TITLES:
        titles.append(parts.pop(0))
    if len(parts) == 1:
        return " ".join(titles), parts[0]
    # last name starts at the first particle after the first word, else it is the last word
    start = len(parts) - 1
    for i in range(1, len(parts) - 1):
        if parts[i].casefold() in _PARTICLES:
            start = i
            break
    first = " ".join(titles + parts[:start])
    return first, " ".join(parts[start:])


_INNER_QUOTES = str.maketrans({"„": "‚", "“": "‘", "”": "‘"})


def quote(value: str) -> str:
    """``„value“`` for a message; quotation marks inside become single ones
    (``„Auftaktveranstaltung ‚Elmshorn im Dialog‘“``), as German typesetting has it."""
    inner = re.sub(r'"([^"]*)"|“([^“”„]*)”', lambda m: f"‚{m[1] or m[2] or ''}‘", value)
    return f"„{inner.translate(_INNER_QUOTES)}“"
