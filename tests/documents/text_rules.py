"""Rules for German a press office would not print, one function per error kind.

Each rule takes the text (and what it needs of the process) and returns the offending
passages; an empty list means the text passes. The rules look at ik's own words: spans that
come verbatim from the process file are masked first (the coordinator's text is theirs).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from integrakonzept.documents.wording import noun_phrase
from integrakonzept.process.model import KIND_LABELS, Process

MASK = "§"
# A full stop after a number is a date ("19. März"), not the end of a sentence.
_SENTENCE_END = re.compile(r"(?<![0-9]\.)(?<!z\. B\.)(?<=[.!?“])\s+(?=[„A-ZÄÖÜ0-9])")


def own_strings(process: Process) -> list[str]:
    """Every text value of the process file (longest first) – the coordinator's own words."""
    values: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) >= 3:
            values.append(node)

    walk(process.model_dump(mode="json", by_alias=True))
    return sorted(set(values), key=len, reverse=True)


def mask_own(text: str, process: Process) -> str:
    for value in own_strings(process):
        text = text.replace(value, MASK)
    return text


def body(text: str) -> str:
    """The running text: without the contact appendix and the length note."""
    for marker in ("\n* * *\n", "\n---\n"):
        if marker in text:
            text = text.split(marker, 1)[0]
    return text


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


# --- the rules ---------------------------------------------------------------------------


def declined_place_adjectives(text: str, process: Process) -> list[str]:
    """"Lüneburgen Integrationsrat": a place adjective (Lüneburger) is never declined."""
    name = process.municipality.name
    return re.findall(rf"\b{re.escape(name)}(?:e|en|em|es)\s+[A-ZÄÖÜ]\w+", text)


def capitalised_title_adjectives(text: str, process: Process) -> list[str]:
    """"stellt den Ersten Entwurf vor": adjectives of titles are lower case inside a sentence."""
    found = []
    for phase in process.phases:
        np = noun_phrase(phase.title)
        if np is None or np.adjective is None:
            continue
        stem = np.adjective
        pattern = rf"(?<=[a-zäöüß,] ){re.escape(stem)}(?:e|en|em|er|es)\b"
        found += re.findall(pattern, body(text))
    return found


def nested_quotes(text: str) -> list[str]:
    """„… „…““: quotation marks inside a quotation must be ‚…‘."""
    return re.findall(r"„[^“]*„", text)


def redundant_quoted_titles(text: str) -> list[str]:
    """"die Präsentation „Integrationskonferenz“": a title that is itself a noun needs no label."""
    heads = "|".join(
        ["konferenz", "workshop", "forum", "veranstaltung", "präsentation", "befragung",
         "kommentierung", "werkstatt", "dialog", "runde", "auftakt", "treffen", "tag"]
    )
    labels = "|".join(re.escape(label) for label in KIND_LABELS.values())
    return re.findall(rf"\b(?:{labels}) „[^“\s]*(?:{heads})“", text, flags=re.IGNORECASE)


def number_agreement(text: str) -> list[str]:
    """"1 Teilnehmerinnen und Teilnehmer hat", "davon 1 Veranstaltungen", "1 Zeilen"."""
    bad = re.findall(r"\b(?:1|eine|ein) (?:\w+innen und \w+|\w+ende|\w+ungen|\w+en) (?:hat|haben)\b", text)
    bad += re.findall(r"\b1 [A-ZÄÖÜ]\w*(?:en|innen|ende|er)\b", text)
    bad += re.findall(r"innen und \w+ hat\b", text)
    return bad


def digits_up_to_twelve(text: str, process: Process) -> list[str]:
    """Numbers up to twelve are written as words in running text (not dates, times, rooms)."""
    running = mask_own(body(text), process)
    out = []
    for paragraph in paragraphs(running):
        if paragraph.startswith(("#", "@", "- ", "Adresse:", "Veranstaltungsort:", "Umfang")):
            continue
        # Headings, the subtitle and list items hold dates in short form.
        out += re.findall(
            r"(?<![\d.,:/\-–§])\b(?:[1-9]|1[0-2])\b(?![\d.,:]|\s*Uhr)\s+[A-Za-zÄÖÜäöü]\w*",
            paragraph,
        )
    return out


_STYLE_MARKERS = {
    "stern": re.compile(r"\w\*innen"),
    "doppelpunkt": re.compile(r"\w:innen"),
    "paarform": re.compile(r"\b(\w+)innen und \1n?\b"),
    # "Teilnehmende Personen" is an adjective, not the neutral noun.
    "neutral": re.compile(r"\b(?:Einwohnende|Teilnehmende|Mitarbeitende|Dolmetschende)n?\b(?! Personen)"),
}


def mixed_gender_styles(text: str, process: Process) -> list[str]:
    """One gender style per text: no form of another style in ik's own words."""
    own = mask_own(text, process)
    found = []
    for style, marker in _STYLE_MARKERS.items():
        if style != process.gender_style:
            found += [m.group(0) for m in marker.finditer(own)]
    return found


def repeated_openers(text: str) -> list[str]:
    """The same first word in two sentences in a row."""
    found = []
    for paragraph in paragraphs(body(text)):
        if paragraph.startswith(("#", "@", "- ", "**", ">")):
            continue
        previous = ""
        for sent in sentences(paragraph):
            first = re.sub(r"^[„‚\"*]+", "", sent).split(" ", 1)[0].lower()
            if first and first == previous and first != MASK:
                found.append(sent[:60])
            previous = first
    return found


def long_lead(text: str, limit: int = 30) -> list[str]:
    """The lead's first sentence answers who/what in at most ``limit`` words."""
    for paragraph in paragraphs(body(text)):
        if paragraph.startswith(("#", "@", "**", "Pressemitteilung")) or re.match(
            r"^[\wÄÖÜäöüß .-]+, \d\d\.\d\d\.\d{4}$", paragraph
        ):
            continue
        first = sentences(paragraph)[0]
        return [first] if len(first.split()) > limit else []
    return []


def bracketed_partners(text: str) -> list[str]:
    """No partner sentence filled with brackets."""
    return [s for s in re.findall(r"Partner im Prozess[^.]*\.", text) if "(" in s]


def double_colon_bullets(text: str) -> list[str]:
    """"- Sprachförderung: Ziel: Sprachkurse …"."""
    return re.findall(r"(?m)^- [^:\n]+:\** \w+:.*$", text)


def strong_after_alle(text: str) -> list[str]:
    """"alle Einwohnende": after "alle", nouns made of adjectives end in -n."""
    return re.findall(
        r"\balle (?:\w+ende|Hauptamtliche|Ehrenamtliche|Interessierte|Engagierte)\b", text
    )


def backward_outlook(text: str) -> list[str]:
    """"Wie es weitergeht" looks forward: no "Vorausgegangen" in it."""
    parts = text.split("Wie es weitergeht", 1)
    if len(parts) < 2:
        return []
    outlook = body(parts[1])
    return re.findall(r"Vorausgegangen[^.]*\.", outlook)


RULES = {
    "deklinierte Ortsadjektive": declined_place_adjectives,
    "große Adjektive aus Titeln": capitalised_title_adjectives,
    "verschachtelte Anführungszeichen": lambda t, p: nested_quotes(t),
    "doppelt genannte Titel": lambda t, p: redundant_quoted_titles(t),
    "Einzahl/Mehrzahl": lambda t, p: number_agreement(t),
    "Ziffern bis zwölf": digits_up_to_twelve,
    "gemischte Genderschreibweise": mixed_gender_styles,
    "gleicher Satzanfang": lambda t, p: repeated_openers(t),
    "langer Vorspann": lambda t, p: long_lead(t),
    "Klammern im Partnersatz": lambda t, p: bracketed_partners(t),
    "doppelter Doppelpunkt": lambda t, p: double_colon_bullets(t),
    "Rückblick unter „Wie es weitergeht“": lambda t, p: backward_outlook(t),
    "Deklination nach „alle“": lambda t, p: strong_after_alle(t),
}


def check_rules(text: str, process: Process) -> dict[str, list[str]]:
    """Every rule's findings (only rules that found something)."""
    out = {}
    for name, rule in RULES.items():
        found = rule(text, process)
        if found:
            out[name] = found
    return out


# --- spelling ------------------------------------------------------------------------------

HUNSPELL = shutil.which("hunspell")
_DICTIONARY_DIRS = [Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts")]


def has_german_dictionary() -> bool:
    return HUNSPELL is not None and any((d / "de_DE.dic").is_file() for d in _DICTIONARY_DIRS)


def require_dictionary() -> None:
    """In CI (which installs hunspell-de-de) a missing dictionary fails; elsewhere it skips."""
    import os

    import pytest

    if not has_german_dictionary():
        message = "Hunspell with de_DE is missing: apt-get install hunspell hunspell-de-de"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _spell_words(text: str) -> str:
    """The text without links, e-mail addresses and gender markers (Einwohner*innen is two
    dictionary words for Hunspell: the stem and the ending are checked as Einwohnerinnen)."""
    text = re.sub(r"https?://\S+|\S+@\S+|\S+\.(?:svg|png|pdf|xlsx)\b", " ", text)
    text = re.sub(r"(\w)[*:](innen)\b", r"\1\2", text)
    return text


def misspelled(texts: Iterable[str], allowed: Iterable[str]) -> set[str]:
    """Words Hunspell (de_DE) does not know, minus ``allowed`` (the process file's words)."""
    assert HUNSPELL is not None
    allowed_words = {w for a in allowed for w in re.findall(r"[\wÄÖÜäöüß-]+", a)}
    joined = "\n".join(_spell_words(t) for t in texts)
    result = subprocess.run(
        [HUNSPELL, "-d", "de_DE", "-l", "-i", "utf-8"],
        input=joined,
        capture_output=True,
        text=True,
        check=True,
    )
    unknown = {w for w in result.stdout.split() if re.search(r"[^\W\d_]", w)}
    parts_ok = set()
    for word in unknown:
        # Hyphenated compounds of known parts (Online-Befragung) are fine if every part is.
        if word.strip(".-") in allowed_words:
            parts_ok.add(word)
    return unknown - parts_ok
