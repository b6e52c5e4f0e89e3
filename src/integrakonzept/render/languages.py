"""The languages ik writes invitations in, and their dates, times and numbers.

A :class:`Language` ties a catalogue (``locales/<code>/LC_MESSAGES/einladung.po``)
to the CLDR locale babel formats dates and numbers with, the writing direction
and the ``lang`` attribute of the HTML page. Dari has no locale of its own in
CLDR; it is written with the Afghan Persian locale (``fa_AF``: "مارچ", not
"مارس"). Leichte Sprache is ``de-x-ls`` everywhere (command line, process file,
messages, the HTML ``lang``): a valid BCP 47 tag, German with a private-use subtag –
``de-LS`` would be "German as spoken in Lesotho". ``de-LS``, ``ls``, ``leicht`` and
``leichte-sprache`` are still understood (:data:`EASY_ALIASES`). It is German with its
own template, not a catalogue.

Times are always 24-hour ("16:00"): the events take place in Germany, and the
time must match the German poster next to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from integrakonzept.errors import UsageError

LEICHTE_SPRACHE = "de-x-ls"


@dataclass(frozen=True)
class Language:
    code: str
    """Catalogue code as written in the process file (``ar``, ``prs``, ``de-x-ls``)."""
    locale: str
    """The babel/CLDR locale for dates, numbers and language names."""
    rtl: bool = False
    quotes: tuple[str, str] = ("\u201e", "\u201c")
    """Quotation marks as the language's typesetting uses them (CLDR's are not in Babel)."""

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for ``lang=`` (``de-x-ls`` is German with a private-use subtag)."""
        return self.code

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def is_easy(self) -> bool:
        return self.code == LEICHTE_SPRACHE

    @property
    def file_suffix(self) -> str:
        """``""`` for German (the invitation keeps its name), ``-ar``, ``-leichte-sprache``."""
        if self.code == "de":
            return ""
        if self.is_easy:
            return "-leichte-sprache"
        return f"-{self.code}"

    @property
    def catalogue(self) -> str:
        return "de" if self.is_easy else self.code

    # --- formatting ------------------------------------------------------------------

    def date_full(self, value: date) -> str:
        """``Mittwoch, 19. März 2025``, ``Wednesday, 19 March 2025``, ``الأربعاء، 19 مارس 2025``."""
        from babel.dates import format_date

        return format_date(value, "full", locale=self.locale)

    def date_long(self, value: date) -> str:
        """``19. März 2025``, ``19 March 2025``."""
        from babel.dates import format_date

        return format_date(value, "long", locale=self.locale)

    def time(self, value: time) -> str:
        """``16:00`` in every language (24-hour clock, the locale's digits)."""
        from babel.dates import format_time

        return format_time(value, "HH:mm", locale=self.locale)

    def number(self, value: int) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def quoted(self, value: object) -> str:
        """The language's quotation marks: „…“, “…”, «…»."""
        return f"{self.quotes[0]}{value}{self.quotes[1]}"

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this language (``Arabisch``, ``Arabic``, ``العربية``)."""
        from babel import Locale, UnknownLocaleError

        from integrakonzept.render.catalogue import text

        if code == "prs":  # Dari: not in CLDR, so the catalogue names it
            return text("language_prs", self.catalogue)
        if code == LEICHTE_SPRACHE:
            return text("language_easy", self.catalogue)
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name(self.locale)
        except (UnknownLocaleError, ValueError):
            return code
        if not name:
            return code
        # German nouns and English language names are capitalised; most others are not.
        return name[:1].upper() + name[1:] if self.locale.split("_")[0] in {"de", "en"} else name

    def join(self, items: Iterable[str]) -> str:
        """``A, B und C`` / ``A, B and C`` / ``A، B و C`` (CLDR list patterns)."""
        from babel.lists import format_list

        values = [i for i in items if i]
        return format_list(values, locale=self.locale) if values else ""


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("de", "de_DE"),
        Language("en", "en_GB", quotes=("\u201c", "\u201d")),
        Language("tr", "tr_TR", quotes=("\u201c", "\u201d")),
        Language("ar", "ar", rtl=True, quotes=("\u00ab", "\u00bb")),
        Language("uk", "uk_UA", quotes=("\u00ab", "\u00bb")),
        Language("ru", "ru_RU", quotes=("\u00ab", "\u00bb")),
        Language("pl", "pl_PL", quotes=("\u201e", "\u201d")),
        Language("fa", "fa_IR", rtl=True, quotes=("\u00ab", "\u00bb")),
        Language("prs", "fa_AF", rtl=True, quotes=("\u00ab", "\u00bb")),
        Language(LEICHTE_SPRACHE, "de_DE"),
    )
}

#: older or friendlier spellings of Leichte Sprache (lower case, ``_`` as ``-``)
EASY_ALIASES = frozenset({"de-ls", "ls", "leicht", "leichte-sprache", "de-de-x-ls"})

# What users type for a language we have: other tags of the same language.
_ALIASES = {
    **dict.fromkeys(EASY_ALIASES, LEICHTE_SPRACHE),
    "de-de": "de",
    "en-gb": "en",
    "en-us": "en",
    "fa-af": "prs",
    "fa-ir": "fa",
}


def normalise(code: str) -> str:
    """The catalogue code for what a user wrote (``de-LS`` -> ``de-x-ls``, ``fa-AF`` -> ``prs``)."""
    key = code.strip().replace("_", "-").lower()
    return _ALIASES.get(key, key)


def language(code: str) -> Language:
    """The :class:`Language` for ``code``; a German usage error names the languages there are."""
    found = LANGUAGES.get(normalise(code))
    if found is None:
        raise UsageError(
            f"Für die Sprache „{code}“ gibt es noch keine Einladungstexte.",
            "Vorhanden sind: " + ", ".join(_label(c) for c in LANGUAGES) + ".",
        )
    return found


#: other names people (or the tracker) use for a language we have
_NAME_ALIASES = {
    "farsi": "fa",
    "persian": "fa",
    "dari": "prs",
    "leichte sprache": LEICHTE_SPRACHE,
    "englisch": "en",
}


def code_for(value: str) -> str | None:
    """The language code for a tracker's „Sprache“: a code (``ar``, ``fa-AF``) or a name
    in German or the language itself (``Arabisch``, ``Persisch``, ``Farsi``, ``Dari``);
    ``None`` for a language ik has no texts for (``Kurdisch``) or an empty value."""
    key = " ".join(value.split()).casefold()
    if not key:
        return None
    if supported(key):
        return normalise(key)
    if key in _NAME_ALIASES:
        return _NAME_ALIASES[key]
    for code, lang in LANGUAGES.items():
        if key in (
            LANGUAGES["de"].language_name(code).casefold(),
            lang.language_name(code).casefold(),
        ):
            return code
    return None


def supported(code: str) -> bool:
    return normalise(code) in LANGUAGES


def ltr_isolate(text: str) -> str:
    """``text`` as a left-to-right isolate (LRI … PDI) for a right-to-left line: a phone
    number has no strong letter, so only an explicit left-to-right isolate keeps its digit
    groups in order (a first-strong isolate would set them right to left)."""
    return f"\u2066{text}\u2069"


def text_direction(value: object) -> str:
    """``rtl`` or ``ltr`` after the first strong character of ``value`` (Unicode bidi class);
    ``auto`` when there is none. Names are set in their own direction with ``dir="…"``,
    so that "عبد الله" on a German sign-up sheet reads from the right.
    """
    import unicodedata

    for char in str(value or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def _label(code: str) -> str:
    return f"{code} ({LANGUAGES['de'].language_name(code)})"
