"""Where a line must not break: phone numbers, dates, abbreviations, names with a title.

A printed phone number broken as "04521 788-" / "123" is misdialled; "24." at the
end of a line and "Mai" on the next reads badly (DIN 5008 and every house style
ask for protected spaces there). :func:`nobreak_spans` finds those pieces once;
each writer protects them in its own way: :func:`nobreak` with no-break spaces
(U+00A0) and no-break hyphens (U+2011) for Word (``render.docx`` turns U+2011 into
``w:noBreakHyphen``, so the text still reads "788-123"), :func:`nobreak_html` with
``<span class="nowrap">`` for HTML and PDF, which leaves the characters alone
(copying the text from a PDF gives ordinary spaces and hyphens).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"

_MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    "|Jan\\.|Feb\\.|Mär\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\."
)
_PATTERNS = (
    # Phone and fax numbers as DIN 5008 writes them: "04521 788-123", "+49 4521 788-123".
    r"(?<![\w+])(?:\+\d{1,3} )?0?\d{2,5} \d[\d ]*(?:-\d+)?(?!\w)",
    # "24. Mai", "19. März 2025", "1. Jan."
    rf"\b\d{{1,2}}\. (?:{_MONTHS})(?: \d{{4}})?(?!\w)",
    # "16:00 Uhr", "16 Uhr"
    r"\b\d{1,2}(?::\d{2})? Uhr\b",
    # Abbreviations of two parts: "z. B.", "d. h.", "u. a.", "o. Ä.", "i. d. R."
    r"(?<!\w)(?:[A-Za-zÄÖÜäöü]\. ){1,2}[A-Za-zÄÖÜäöü]\.",
    # Title or salutation with the name that follows: "Frau Dr. Ayşe Yılmaz", "Herr Nguyễn"
    r"\b(?:Frau|Herr|Dr\.|Prof\.)(?: (?:Dr\.|Prof\.))? \w[\w'’-]*",
    # Number and unit or sign: "50 Personen" is fine to break, "25 %" and "10 €" not.
    r"\b\d+(?:[.,]\d+)? (?:%|€|Euro|km|m²)",
)
_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def nobreak_spans(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of every piece of ``text`` that must stay on one line."""
    for match in _RE.finditer(text):
        if " " in match.group(0) or "-" in match.group(0):
            yield match.start(), match.end()


def nobreak(text: str) -> str:
    """``text`` with no-break spaces and hyphens inside the protected pieces."""
    out: list[str] = []
    last = 0
    for start, end in nobreak_spans(text):
        out.append(text[last:start])
        out.append(text[start:end].replace(" ", NBSP).replace("-", NB_HYPHEN))
        last = end
    out.append(text[last:])
    return "".join(out)


def nobreak_html(text: str) -> str:
    """``text`` HTML-escaped, with each protected piece in ``<span class="nowrap">``.

    The span carries ``white-space: nowrap`` inline, so it works in every template
    without a style sheet rule.
    """
    from html import escape

    out: list[str] = []
    last = 0
    for start, end in nobreak_spans(text):
        out.append(escape(text[last:start], quote=False))
        out.append(
            f'<span class="nowrap" style="white-space: nowrap">'
            f"{escape(text[start:end], quote=False)}</span>"
        )
        last = end
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def inner_quotes(text: str) -> str:
    """Quotation marks inside a quotation become single ones: „…“ → ‚…‘, "…" → ‚…‘."""
    text = text.replace("„", "‚").replace("“", "‘")
    return re.sub(r'"([^"]*)"', "‚\\1‘", text)


def quoted(value: object) -> str:
    """„value“ with German quotation marks; quotation marks inside become ‚…‘ – so a title
    such as Auftaktveranstaltung „Elmshorn im Dialog“ reads „Auftaktveranstaltung ‚Elmshorn
    im Dialog‘“ in a message."""
    return f"„{inner_quotes(str(value))}“"
