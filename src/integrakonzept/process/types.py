"""Constrained value types of the process file, each named once.

``PartialDate`` (an exact day or only a month), ``Ident`` (ids of phases and
Handlungsfelder), ``Phone`` (normalised to DIN 5008), ``Email``, ``Url``,
``Flag`` (true/false/ja/nein), ``PostalCode``, ``Colour`` and ``LanguageCode``.
Error messages are German; the loader adds file, line and column.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GERMAN_DAY_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR_RE = re.compile(r"^(\d{4})$")

# Parts of a year that plans name when the month is not known yet: (first month, months).
# "Anfang/Mitte/Ende" are read as thirds of the year; a winter runs into the next year.
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "Frühjahr": (3, 3),
    "Sommer": (6, 3),
    "Herbst": (9, 3),
    "Winter": (12, 3),
    "Anfang": (1, 4),
    "Mitte": (5, 4),
    "Ende": (9, 4),
}
_PART_RE = re.compile(r"^(" + "|".join(YEAR_PARTS) + r") (\d{4})$")
YEAR = "Jahr"
"""``PartialDate.part`` of a date known only to the year."""
PARTIAL_DATE_PATTERN = (
    r"^(\d{4}(-\d{2}(-\d{2})?)?|(" + "|".join(YEAR_PARTS) + r") \d{4})$"
)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar day (``2025-03-19``), a month (``2025-04``), a part of a year
    (``Frühjahr 2026``, ``Anfang 2026``) or only a year (``2027``).

    Documents say "Mittwoch, 19. März 2025" for a day, "im April 2025" for a month,
    "im Frühjahr 2026", "Anfang 2026" or "2027". Nothing more exact is ever made up:
    ``month`` is the first month of the span, ``part`` says how long it is. Ordering
    compares the first possible day, then the more exact before the less exact.
    """

    year: int
    month: int
    day: int | None = None
    part: str | None = None

    @property
    def is_exact(self) -> bool:
        return self.day is not None

    @property
    def is_month(self) -> bool:
        """Known to the month (``2025-04``), not to the day."""
        return self.day is None and self.part is None

    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return date(self.year, self.month, self.day)
        if self.part == YEAR:
            return date(self.year, 12, 31)
        months = YEAR_PARTS[self.part][1] if self.part else 1
        year, month = _add_months(self.year, self.month, months - 1)
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def label(self) -> str:
        """``19.03.2025``, ``April 2025``, ``Frühjahr 2026``, ``2027`` (for tables and headings)."""
        if self.day is not None:
            return self.first_day().strftime("%d.%m.%Y")
        if self.part == YEAR:
            return str(self.year)
        if self.part is not None:
            return f"{self.part} {self.year}"
        from babel.dates import format_date

        return format_date(self.first_day(), "MMMM yyyy", locale="de_DE")

    @property
    def when(self) -> str:
        """For running text: ``im April 2025``, ``im Frühjahr 2026``, ``Anfang 2026``, ``2027``;
        for a day ``am 19.03.2025`` (use the locale helpers for the long form)."""
        if self.day is not None:
            return f"am {self.label}"
        if self.part == YEAR:
            return f"im Jahr {self.year}"
        if self.part in {"Anfang", "Mitte", "Ende"}:
            return self.label
        return f"im {self.label}"

    def as_date(self) -> date:
        """The exact day; only call where :attr:`is_exact` is true."""
        if self.day is None:
            raise ValueError("PartialDate has no day")
        return date(self.year, self.month, self.day)

    def _key(self) -> tuple[date, int]:
        return (self.first_day(), (self.last_day() - self.first_day()).days)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        if self.part == YEAR:
            return f"{self.year:04d}"
        if self.part is not None:
            return f"{self.part} {self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def of(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls.of(value)
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
            return cls(value, 1, None, YEAR)
        if not isinstance(value, str):
            raise PydanticCustomError(
                "ik_date",
                "Datum als JJJJ-MM-TT (z. B. 2025-03-19), Monat als JJJJ-MM (z. B. 2025-04), "
                "Jahreszeit (Frühjahr 2026) oder Jahr (2027)",
            )
        text = value.strip()
        if m := _YEAR_RE.match(text):
            return cls(int(m[1]), 1, None, YEAR)
        if m := _PART_RE.match(text):
            return cls(int(m[2]), YEAR_PARTS[m[1]][0], None, m[1])
        if m := _DAY_RE.match(text):
            return cls._checked(int(m[1]), int(m[2]), int(m[3]), text)
        if m := _MONTH_RE.match(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise PydanticCustomError(
                    "ik_date",
                    "„{text}“: einen Monat {month} gibt es nicht",
                    {"text": text, "month": month},
                )
            return cls(year, month)
        if m := _GERMAN_DAY_RE.match(text):
            raise PydanticCustomError(
                "ik_date",
                "„{text}“: bitte als JJJJ-MM-TT schreiben, also {iso}",
                {"text": text, "iso": f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"},
            )
        raise PydanticCustomError(
            "ik_date",
            "„{text}“ ist kein Datum; erwartet JJJJ-MM-TT (z. B. 2025-03-19), JJJJ-MM, "
            "Frühjahr/Sommer/Herbst/Winter JJJJ, Anfang/Mitte/Ende JJJJ oder JJJJ",
            {"text": text},
        )

    @classmethod
    def _checked(cls, year: int, month: int, day: int, text: str) -> PartialDate:
        try:
            date(year, month, day)
        except ValueError:
            raise PydanticCustomError(
                "ik_date", "„{text}“: diesen Tag gibt es im Kalender nicht", {"text": text}
            ) from None
        return cls(year, month, day)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1900, "maximum": 2200},
            ],
            "description": "Datum JJJJ-MM-TT, Monat JJJJ-MM, Jahreszeit (Frühjahr 2026), "
            "Anfang/Mitte/Ende 2026 oder Jahr (2027)",
            "examples": ["2025-03-19", "2025-04", "Frühjahr 2026", "2027"],
        }


def _exact_date(value: object) -> date:
    if isinstance(value, str) and not _DAY_RE.match(value.strip()):
        text = value.strip()
        if not (_MONTH_RE.match(text) or _YEAR_RE.match(text) or _PART_RE.match(text)
                or _GERMAN_DAY_RE.match(text)):
            raise PydanticCustomError(
                "ik_date",
                "„{text}“ ist kein Datum; erwartet JJJJ-MM-TT (z. B. 2025-03-19)",
                {"text": text},
            )
    parsed = PartialDate.parse(value)
    if not parsed.is_exact:
        raise PydanticCustomError(
            "ik_date_exact",
            "hier ist ein genaues Datum nötig (JJJJ-MM-TT), nicht nur {what}",
            {"what": "ein Monat" if parsed.is_month else f"„{parsed}“"},
        )
    return parsed.as_date()


ExactDate = Annotated[
    date,
    BeforeValidator(_exact_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": "Datum JJJJ-MM-TT",
            "examples": ["2025-03-05"],
        }
    ),
]

_IDENT_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


#: Kennungen become parts of file names: at most this long, and never a name Windows reserves.
IDENT_MAX_LENGTH = 40
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def _ident(value: str) -> str:
    if not _IDENT_RE.match(value):
        raise PydanticCustomError(
            "ik_ident",
            "„{value}“ ist keine gültige Kennung: nur Kleinbuchstaben a–z, Ziffern, - und _ "
            "(z. B. auftakt oder hf-sprache)",
            {"value": value[:60] + ("…" if len(value) > 60 else "")},
        )
    if len(value) > IDENT_MAX_LENGTH:
        raise PydanticCustomError(
            "ik_ident",
            "die Kennung ist zu lang ({length} Zeichen, höchstens {limit}); sie wird Teil von "
            "Dateinamen",
            {"length": len(value), "limit": IDENT_MAX_LENGTH},
        )
    if value in _WINDOWS_RESERVED:
        raise PydanticCustomError(
            "ik_ident",
            "„{value}“ ist als Kennung nicht möglich: Windows reserviert diesen Namen für Geräte",
            {"value": value},
        )
    return value


Ident = Annotated[
    str,
    AfterValidator(_ident),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _IDENT_RE.pattern,
            "maxLength": IDENT_MAX_LENGTH,
            "examples": ["auftakt"],
        }
    ),
]


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"ja", "nein"}:
        return value.strip().lower() == "ja"
    raise PydanticCustomError("ik_flag", "erwartet true oder false (bzw. ja oder nein)")


Flag = Annotated[
    bool,
    BeforeValidator(_flag),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["ja", "nein"]}]}),
]


def _postal_code(value: object) -> str:
    # German postcodes run from 01001 to 99998; an unquoted 1067 is read as 01067.
    is_number = isinstance(value, int) and not isinstance(value, bool)
    text = f"{value:05d}" if is_number and 1000 <= value <= 99999 else value  # type: ignore[operator]
    if not isinstance(text, str) or not re.fullmatch(r"\d{5}", text.strip()):
        raise PydanticCustomError("ik_plz", "Postleitzahl mit fünf Ziffern erwartet, z. B. 25335")
    return text.strip()


# The loader reads an unquoted postcode without leading zero as a number (25335), so the
# schema allows a number too; a leading zero (01067) stays text in the loader.
PostalCode = Annotated[
    str,
    BeforeValidator(_postal_code),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{5}$"},
                {"type": "integer", "minimum": 1000, "maximum": 99999},
            ],
            "description": "Postleitzahl mit fünf Ziffern, z. B. 25335",
        }
    ),
]


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise PydanticCustomError("ik_colour", "Farbe als #RRGGBB erwartet, z. B. #005A9C")
    return value.upper()


Colour = Annotated[
    str, AfterValidator(_colour), WithJsonSchema({"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"})
]


def _url(value: str) -> str:
    from urllib.parse import urlsplit

    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or "." not in parts.netloc or " " in text:
        raise PydanticCustomError(
            "ik_url",
            "„{value}“ ist keine gültige Internetadresse; sie beginnt mit https:// "
            "(z. B. https://www.elmshorn.de/integration)",
            {"value": text},
        )
    return text


Url = Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "format": "uri"})]


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(value.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        raise PydanticCustomError(
            "ik_email", "„{value}“ ist keine gültige E-Mail-Adresse", {"value": value.strip()}
        ) from None


Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]


def _language(value: str) -> str:
    from babel import Locale, UnknownLocaleError

    from integrakonzept.render.languages import EASY_ALIASES, LEICHTE_SPRACHE

    code = value.strip()
    if code.replace("_", "-").lower() in EASY_ALIASES | {LEICHTE_SPRACHE}:
        return LEICHTE_SPRACHE  # one code for Leichte Sprache; older spellings still work
    if code.lower() == "prs":  # Dari: an ISO 639-3 code that CLDR (and so Babel) does not know
        return "prs"
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise PydanticCustomError(
            "ik_language",
            "„{value}“ ist kein bekannter Sprachcode; erwartet z. B. de, en, ar, tr, uk, ru, fa",
            {"value": code},
        ) from None
    return code


LanguageCode = Annotated[
    str,
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "examples": ["de", "ar", "tr", "uk", "fa"]}),
]


@dataclass(frozen=True)
class Phone:
    """A German phone number, kept in DIN 5008 form.

    ``international`` is ``+49 4121 231-475``, ``national`` is ``04121 231-475``.
    The extension (after the hyphen) is only known where the user marked it
    with a hyphen or dash; the area code comes from libphonenumber's data.
    """

    international: str
    national: str

    def __str__(self) -> str:
        return self.national

    @classmethod
    def parse(cls, value: object) -> Phone:
        if isinstance(value, Phone):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError(
                "ik_phone", 'Telefonnummer als Text erwartet, z. B. "04121 231-475"'
            )
        return parse_phone(value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda p: p.national),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "examples": ["04121 231-475", "+49 4121 231-475"]}


def parse_phone(text: str) -> Phone:
    """Normalise a German phone number to DIN 5008 (see :class:`Phone`)."""
    import phonenumbers

    raw = text.strip()
    # "(0)" in "+49 (0) 4121" is a common but wrong habit; drop it before parsing.
    cleaned = re.sub(r"\(\s*0\s*\)", "", raw)
    # The extension is what follows the last hyphen or dash, if digits follow it.
    extension = ""
    m = re.search(r"[-–—‑]\s*(\d{1,6})\s*$", cleaned)
    if m:
        extension = m[1]
    digits_only = re.sub(r"[^\d+]", "", cleaned)
    error = PydanticCustomError(
        "ik_phone",
        "„{value}“ ist keine gültige deutsche Telefonnummer; erwartet z. B. 04121 231-475",
        {"value": raw},
    )
    try:
        number = phonenumbers.parse(digits_only, "DE")
    except phonenumbers.NumberParseException:
        raise error from None
    if not phonenumbers.is_valid_number(number):
        raise error
    national = str(number.national_number)
    if number.country_code != 49:
        # Foreign numbers: libphonenumber's international form is DIN-conformant enough.
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Phone(formatted, formatted)
    area = _written_area_code(cleaned, national)
    if area is None:
        ndc_len = phonenumbers.length_of_national_destination_code(number)
        area = national[:ndc_len] if ndc_len > 0 else national[:3]
    subscriber = national[len(area) :]
    if extension and subscriber.endswith(extension) and len(subscriber) > len(extension):
        subscriber = f"{subscriber[: -len(extension)]}-{extension}"
    return Phone(f"+49 {area} {subscriber}", f"0{area} {subscriber}")


def _written_area_code(cleaned: str, national: str) -> str | None:
    """The area code as the user separated it ("0151 12345678"), if they did."""
    groups = [g for g in re.split(r"[\s/]+", cleaned.strip()) if g]
    if len(groups) < 2:
        return None
    first = groups[0]
    if first in {"+49", "0049"}:
        first = groups[1] if len(groups) > 2 else ""
    elif first.startswith("0") and not first.startswith("00"):
        first = first[1:]
    else:
        return None
    first = re.sub(r"\D", "", first)
    if 2 <= len(first) <= 5 and national.startswith(first) and len(national) > len(first) + 2:
        return first
    return None


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


Text = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1),
    # Models take numbers in text fields as text (raum: 101, zeitraum: 2026).
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}),
]
"""Non-empty text; surrounding white space is removed."""


# --- times ---------------------------------------------------------------------------------

_CLOCK_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _clock(value: object) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        text = value.strip()
        if m := _CLOCK_RE.match(text):
            return time(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"([01]?\d|2[0-3])[.h]([0-5]\d)", text):
            raise PydanticCustomError(
                "ik_time",
                "„{text}“: Uhrzeit bitte mit Doppelpunkt schreiben, also „{fixed}“",
                {"text": text, "fixed": f"{int(m[1]):02d}:{m[2]}"},
            )
    raise PydanticCustomError("ik_time", 'Uhrzeit im Format HH:MM erwartet, z. B. "18:00"')


ClockTime = Annotated[
    time,
    BeforeValidator(_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _CLOCK_RE.pattern,
            "description": "Uhrzeit HH:MM",
            "examples": ["16:00", "09:30"],
        }
    ),
]
"""A clock time written ``HH:MM`` (JSON Schema's ``format: time`` would demand seconds and a zone)."""


# --- numbers -------------------------------------------------------------------------------
# German texts write thousands with a full stop (1.000) and decimals with a comma (12,50).
# The loader keeps "1.000" as text (it is not the float 1.0); these types read it as 1000.
# A number that cannot be read unambiguously is refused with the form to write instead –
# never silently changed.

_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PLAIN_INT_RE = re.compile(r"^\d+$")
_INT_PATTERN = r"^(\d+|\d{1,3}(\.\d{3})+)$"


def _number_text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def parse_count(value: object) -> int:
    """A whole, non-negative number: ``1200``, ``1.200`` (German thousands) or ``"1.200"``."""
    if isinstance(value, bool):
        raise PydanticCustomError("ik_count", "ganze Zahl erwartet, z. B. 120")
    if isinstance(value, int):
        if value < 0:
            raise PydanticCustomError("ik_count", "Zahl darf nicht negativ sein")
        return value
    if isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\u00a0", "")
        if _PLAIN_INT_RE.match(text):
            return int(text)
        if _THOUSANDS_RE.match(text):
            return int(text.replace(".", ""))
        if approx := _APPROX_RE.match(text):
            raise PydanticCustomError(
                "ik_count",
                "„{text}“: hier ist eine genaue Zahl nötig, z. B. {number}",
                {"text": text, "number": approx["number"]},
            )
    if isinstance(value, float):
        raise PydanticCustomError(
            "ik_count",
            "„{text}“ ist keine ganze Zahl; Tausender ohne Punkt schreiben (1000 statt 1.0) "
            "oder mit Punkt und drei Ziffern dahinter (1.000)",
            {"text": _number_text(value)},
        )
    raise PydanticCustomError(
        "ik_count",
        "„{text}“ ist keine ganze Zahl; erwartet z. B. 120 oder 1.200",
        {"text": _number_text(value)},
    )


Count = Annotated[
    int,
    BeforeValidator(parse_count),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": _INT_PATTERN},
            ],
            "description": "Ganze Zahl, z. B. 120 oder 1.200",
        }
    ),
]
"""A whole, non-negative number; German thousands separators are read, not dropped."""


# How municipalities report rounded attendance. The word is printed as written.
APPROX_WORDS = (
    "weit über", "mehr als", "weniger als", "bis zu", "über", "rund", "knapp", "etwa", "ca.",
    "circa", "gut", "fast", "annähernd", "nahezu", "unter", "ungefähr",
)
# One alternation for Python and for the JSON Schema (ECMA regex: no "\ " escapes).
_APPROX_WORDS_RE = "|".join(
    w.replace(".", r"\.") for word in APPROX_WORDS for w in (word, word[:1].upper() + word[1:])
)
_APPROX_RE = re.compile(
    r"^(?P<word>" + _APPROX_WORDS_RE + r") +(?P<number>\d+|\d{1,3}(?:\.\d{3})+)$"
)


class Figure(int):
    """A count that may be approximate: ``120`` or ``über 120`` (an ``int`` with a qualifier).

    Arithmetic and comparisons use the number; documents print :attr:`text`, which keeps the
    word the coordinator wrote ("über 120", "rund 50").
    """

    qualifier: str | None

    def __new__(cls, value: int, qualifier: str | None = None) -> Figure:
        obj = super().__new__(cls, value)
        obj.qualifier = qualifier
        return obj

    @property
    def is_exact(self) -> bool:
        return self.qualifier is None

    @property
    def text(self) -> str:
        """``über 120``, ``1.200`` (German thousands separator)."""
        number = f"{int(self):,}".replace(",", ".")
        return f"{self.qualifier} {number}" if self.qualifier else number

    def __repr__(self) -> str:
        return f"Figure({int(self)}, {self.qualifier!r})"

    def __str__(self) -> str:
        # The plain number, as for int (babel and format strings rely on it).
        return str(int(self))

    @classmethod
    def parse(cls, value: object) -> Figure:
        if isinstance(value, Figure):
            return value
        if isinstance(value, str) and (m := _APPROX_RE.match(value.strip())):
            word = m["word"].lower()
            return cls(parse_count(m["number"]), word)
        return cls(parse_count(value))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda f: f.text if f.qualifier else int(f)
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": _INT_PATTERN},
                {
                    "type": "string",
                    "pattern": rf"^({_APPROX_WORDS_RE}) +(\d+|\d{{1,3}}(\.\d{{3}})+)$",
                },
            ],
            "description": "Zahl, genau (120, 1.200) oder ungefähr (über 120, rund 50, knapp 40)",
            "examples": [75, "über 120", "rund 50"],
        }


_EURO_GERMAN_RE = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$")


def parse_euro(value: object) -> Decimal:
    """An amount in euro: ``12500``, ``12500.50``, ``100.000`` or ``12.500,50`` (German)."""
    if isinstance(value, bool):
        raise PydanticCustomError("ik_euro", "Betrag erwartet, z. B. 12500 oder 12.500,50")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = re.sub(r"\s*(€|EUR|Euro)$", "", value.strip()).replace("\u00a0", "")
        if m := _EURO_GERMAN_RE.match(text):
            amount = Decimal(m[1].replace(".", "") + (f".{m[2]}" if m[2] else ""))
        else:
            try:
                amount = Decimal(text)
            except InvalidOperation:
                raise PydanticCustomError(
                    "ik_euro",
                    "„{text}“ ist kein Betrag; erwartet z. B. 12500, 12.500 oder 12.500,50",
                    {"text": value.strip()},
                ) from None
            if not amount.is_finite():
                raise PydanticCustomError("ik_euro", "Betrag erwartet, z. B. 12500")
    else:
        raise PydanticCustomError("ik_euro", "Betrag erwartet, z. B. 12500 oder 12.500,50")
    if amount < 0:
        raise PydanticCustomError("ik_euro", "Betrag darf nicht negativ sein")
    return amount


Euro = Annotated[
    Decimal,
    BeforeValidator(parse_euro),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?( ?(€|EUR|Euro))?$"},
            ],
            "description": "Betrag in Euro, z. B. 12500, 100.000 oder 12.500,50",
        }
    ),
]
"""An amount in euro; German separators are read (100.000 is a hundred thousand)."""
