"""German formatting in one place: dates, times, phone numbers, gender style, languages.

Dates and language names come from babel (CLDR data), never from hand-written
month tables. Times follow DIN 5008 ("16:00 bis 19:00 Uhr"); phone numbers are
normalised when the process file is read (:class:`integrakonzept.process.types.Phone`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Literal, Protocol


class PartialDate(Protocol):
    """A day, a month, a season or a year (:class:`integrakonzept.process.types.PartialDate`); render
    sits below the process model and knows it only by this shape."""

    @property
    def is_exact(self) -> bool: ...

    def as_date(self) -> date: ...

    def first_day(self) -> date: ...

    @property
    def label(self) -> str: ...

    @property
    def when(self) -> str: ...


GenderStyle = Literal["stern", "doppelpunkt", "paarform", "neutral"]
Case = Literal["nom", "dat"]

LOCALE = "de_DE"


def format_day(value: date) -> str:
    """``19.03.2025`` (DIN 5008 numeric)."""
    from babel.dates import format_date

    return format_date(value, "dd.MM.yyyy", locale=LOCALE)


def format_date_long(value: date) -> str:
    """``19. März 2025``."""
    from babel.dates import format_date

    return format_date(value, "long", locale=LOCALE)


def format_date_full(value: date) -> str:
    """``Mittwoch, 19. März 2025``."""
    from babel.dates import format_date

    return format_date(value, "full", locale=LOCALE)


def format_month(value: date) -> str:
    """``April 2025``."""
    from babel.dates import format_date

    return format_date(value, "MMMM yyyy", locale=LOCALE)


def format_weekday(value: date) -> str:
    """``Mittwoch``."""
    from babel.dates import format_date

    return format_date(value, "EEEE", locale=LOCALE)


def format_partial(value: PartialDate) -> str:
    """``Mittwoch, 19. März 2025`` for a day, ``April 2025``, ``Frühjahr 2026``, ``2027``."""
    return format_date_full(value.as_date()) if value.is_exact else value.label


def format_when(value: PartialDate) -> str:
    """For running text: ``am Mittwoch, 19. März 2025``, ``im April 2025``, ``im Frühjahr 2026``,
    ``Anfang 2026``, ``im Jahr 2027``."""
    return f"am {format_partial(value)}" if value.is_exact else value.when


def format_time(value: time) -> str:
    """``16:00`` (DIN 5008: two digits each, colon)."""
    from babel.dates import format_time as babel_time

    return babel_time(value, "HH:mm", locale=LOCALE)


def format_time_range(start: time | None, end: time | None) -> str:
    """``16:00 bis 19:00 Uhr``, ``ab 16:00 Uhr``, or an empty string."""
    if start and end:
        return f"{format_time(start)} bis {format_time(end)}\u00a0Uhr"
    if start:
        return f"ab {format_time(start)}\u00a0Uhr"
    if end:
        return f"bis {format_time(end)}\u00a0Uhr"
    return ""


def format_clock(value: time) -> str:
    """``15:30 Uhr``."""
    return f"{format_time(value)}\u00a0Uhr"


def format_period(start: date, end: date) -> str:
    """``vom 3. bis 28. März 2025`` style span, in full words for running text."""
    if start == end:
        return f"am {format_date_long(start)}"
    if start.year == end.year and start.month == end.month:
        return f"vom {start.day}. bis {format_date_long(end)}"
    if start.year == end.year:
        from babel.dates import format_date

        return f"vom {format_date(start, 'd. MMMM', locale=LOCALE)} bis {format_date_long(end)}"
    return f"vom {format_date_long(start)} bis {format_date_long(end)}"


def counted(count: int, singular: str, plural: str) -> str:
    """``1 Zeile``, ``2 Zeilen``, ``1.200 Zeilen``: a count with the noun in the right number.

    >>> counted(1, "Veranstaltung", "Veranstaltungen"), counted(0, "Phase", "Phasen")
    ('1 Veranstaltung', '0 Phasen')
    """
    number = f"{count:,}".replace(",", ".")
    return f"{number} {singular if count == 1 else plural}"


NUMBER_WORDS = (
    "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
    "elf", "zwölf",
)


def counted_words(count: int, singular: str, plural: str, *, one: str = "eine") -> str:
    """Running text: ``zwei Veranstaltungen``, ``einer Online-Phase`` (``one="einer"`` after
    „mit“), ``13 Phasen`` – numbers up to twelve in words, as press style writes them.

    >>> counted_words(2, "Phase", "Phasen"), counted_words(1, "Phase", "Phasen", one="einer")
    ('zwei Phasen', 'einer Phase')
    """
    if count == 1:
        return f"{one} {singular}"
    if 0 <= count < len(NUMBER_WORDS):
        return f"{NUMBER_WORDS[count]} {plural}"
    return counted(count, singular, plural)


def format_number(value: int) -> str:
    """``10.082`` (German grouping); an approximate figure keeps its word: ``über 1.200``.

    (An approximate figure is :class:`integrakonzept.process.types.Figure`, an ``int`` with
    a ``qualifier``; this layer knows it only by that attribute.)
    """
    from babel.numbers import format_decimal

    number = format_decimal(int(value), locale=LOCALE)
    qualifier = getattr(value, "qualifier", None)
    return f"{qualifier} {number}" if qualifier else number


def format_euro(value: float | int | object) -> str:
    """``12.500,00 €``."""
    from babel.numbers import format_currency

    return format_currency(value, "EUR", locale=LOCALE)  # type: ignore[arg-type]


def round_for_press(count: int) -> str:
    """Numbers as a press office writes them: ``rund 50`` for 47, but ``75`` and ``120`` as they are.

    Round figures stay exact; others are rounded to tens (hundreds from 1,000 on) and
    marked with "rund". Small numbers are always exact.
    """
    if count < 20:
        return str(count)
    exact_step, step = (5, 10) if count < 1000 else (50, 100)
    if count % exact_step == 0:
        return format_number(count)
    return f"rund {format_number(int(round(count / step) * step))}"


def join(items: Iterable[str], last: str = "und") -> str:
    """``A, B und C``."""
    values = [i for i in items if i]
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} {last} {values[-1]}"


def language_name(code: str, in_language: str = "de") -> str:
    """``Arabisch`` for ``ar`` (babel); ``Leichte Sprache`` for ``de-x-ls``."""
    from babel import Locale

    from integrakonzept.render.languages import LEICHTE_SPRACHE

    if code == LEICHTE_SPRACHE:
        return "Leichte Sprache"
    if code == "prs":  # not in CLDR
        return "Dari"
    name = Locale.parse(code.replace("-", "_")).get_display_name(in_language)
    return name[:1].upper() + name[1:] if name else code


_STYLES = ("stern", "doppelpunkt", "paarform", "neutral")


def _same(nominative: str, dative: str | None = None) -> dict[str, str]:
    """A noun that is already gender-neutral in every style."""
    forms = dict.fromkeys(_STYLES, nominative)
    if dative:
        forms |= {f"{style}_dat": dative for style in _STYLES}
    return forms


# Role nouns in the four styles. Plural forms; "dat" only where the dative differs.
_LEXICON: dict[str, dict[str, str]] = {
    "einwohner": {
        "stern": "Einwohner*innen",
        "doppelpunkt": "Einwohner:innen",
        "paarform": "Einwohnerinnen und Einwohner",
        "paarform_dat": "Einwohnerinnen und Einwohnern",
        "neutral": "Einwohnende",
        "neutral_dat": "Einwohnenden",
    },
    "teilnehmer": {
        "stern": "Teilnehmer*innen",
        "doppelpunkt": "Teilnehmer:innen",
        "paarform": "Teilnehmerinnen und Teilnehmer",
        "paarform_dat": "Teilnehmerinnen und Teilnehmern",
        "neutral": "Teilnehmende",
        "neutral_dat": "Teilnehmenden",
    },
    "buerger": {
        "stern": "Bürger*innen",
        "doppelpunkt": "Bürger:innen",
        "paarform": "Bürgerinnen und Bürger",
        "paarform_dat": "Bürgerinnen und Bürgern",
        # No neutral noun exists; the pair form is the accessible fallback.
        "neutral": "Bürgerinnen und Bürger",
        "neutral_dat": "Bürgerinnen und Bürgern",
    },
    "migranten": {
        "stern": "Migrant*innen",
        "doppelpunkt": "Migrant:innen",
        "paarform": "Migrantinnen und Migranten",
        "neutral": "Menschen mit Migrationsgeschichte",
    },
    "ehrenamtliche": _same("Ehrenamtliche", "Ehrenamtlichen"),
    "hauptamtliche": _same("Hauptamtliche", "Hauptamtlichen"),
    "dolmetscher": {
        "stern": "Dolmetscher*innen",
        "doppelpunkt": "Dolmetscher:innen",
        "paarform": "Dolmetscherinnen und Dolmetscher",
        "paarform_dat": "Dolmetscherinnen und Dolmetschern",
        "neutral": "Dolmetschende",
        "neutral_dat": "Dolmetschenden",
    },
    "uebersetzer": {
        "stern": "Übersetzer*innen",
        "doppelpunkt": "Übersetzer:innen",
        "paarform": "Übersetzerinnen und Übersetzer",
        "paarform_dat": "Übersetzerinnen und Übersetzern",
        "neutral": "Sprachmittelnde",
        "neutral_dat": "Sprachmittelnden",
    },
    "akteure": {
        "stern": "Akteur*innen",
        "doppelpunkt": "Akteur:innen",
        "paarform": "Akteurinnen und Akteure",
        "paarform_dat": "Akteurinnen und Akteuren",
        "neutral": "Beteiligte",
        "neutral_dat": "Beteiligten",
    },
    "mitarbeiter": {
        "stern": "Mitarbeiter*innen",
        "doppelpunkt": "Mitarbeiter:innen",
        "paarform": "Mitarbeiterinnen und Mitarbeiter",
        "paarform_dat": "Mitarbeiterinnen und Mitarbeitern",
        "neutral": "Mitarbeitende",
        "neutral_dat": "Mitarbeitenden",
    },
    "vertreter": {
        "stern": "Vertreter*innen",
        "doppelpunkt": "Vertreter:innen",
        "paarform": "Vertreterinnen und Vertreter",
        "paarform_dat": "Vertreterinnen und Vertretern",
        "neutral": "Vertretungen",
    },
    "fachleute": _same("Fachleute"),
    "engagierte": _same("Engagierte", "Engagierten"),
    "interessierte": _same("Interessierte", "Interessierten"),
}

GENDER_WORDS = tuple(_LEXICON)


def gendered(word: str, style: GenderStyle, case: Case = "nom") -> str:
    """The role noun ``word`` (a key of the lexicon) in the process's gender style.

    >>> gendered("einwohner", "doppelpunkt")
    'Einwohner:innen'
    >>> gendered("einwohner", "paarform", "dat")
    'Einwohnerinnen und Einwohnern'
    """
    forms = _LEXICON[word]
    if case == "dat" and f"{style}_dat" in forms:
        return forms[f"{style}_dat"]
    return forms[style]
