"""German grammar for generated running text: articles, prepositions, number words.

Press releases put free-text names from the process file into sentences
("im Rathaus Elmshorn", "in der Alten Feuerwache", "entscheidet der Kreistag").
German needs the grammatical gender of the head noun for that. We guess it from
the ending of the first noun ("…haus" is neuter, "…halle" feminine, "…tag"
masculine) and return ``None`` when unsure, so that templates fall back to a
sentence that needs no article ("Veranstaltungsort: …") instead of printing
wrong German.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from integrakonzept.render.templating import sentence
from integrakonzept.render.typography import inner_quotes as inner_quotes

__all__ = [
    "Gender", "NounPhrase", "capfirst", "inner_quotes", "is_place_adjective", "join_list",
    "noun_gender", "noun_phrase", "number_word", "ordinal_word", "quote_lead", "sentence",
]

Gender = Literal["m", "f", "n"]
Case = Literal["nom", "acc", "dat", "gen"]

# Endings of German nouns seen in venue, body, event and document names.
# Longer endings win over shorter ones (checked longest first).
_ENDINGS: dict[str, Gender] = {
    # feminine
    "versammlung": "f", "vertretung": "f", "halle": "f", "schule": "f", "kirche": "f",
    "bibliothek": "f", "bücherei": "f", "akademie": "f", "stätte": "f", "stelle": "f",
    "ung": "f", "heit": "f", "keit": "f", "schaft": "f", "burg": "f", "mühle": "f",
    "scheune": "f", "stube": "f", "villa": "f", "aula": "f", "galerie": "f",
    "werkstatt": "f", "kantine": "f", "universität": "f", "mensa": "f", "arena": "f",
    "kapelle": "f", "moschee": "f", "synagoge": "f", "fabrik": "f", "station": "f",
    "klinik": "f", "zentrale": "f", "kammer": "f", "agentur": "f", "bühne": "f",
    "etage": "f", "wache": "f", "remise": "f", "kommission": "f", "konferenz": "f",
    "gruppe": "f", "runde": "f", "tion": "f", "sion": "f", "tät": "f", "strategie": "f",
    "befragung": "f", "werkstätte": "f", "bude": "f", "markthalle": "f", "lounge": "f",
    "kita": "f", "vhs": "f", "stadt": "f", "gemeinde": "f", "partnerschaft": "f",
    "kreis": "m", "bezirk": "m", "integrationsrat": "m",
    # masculine
    "rat": "m", "tag": "m", "ausschuss": "m", "saal": "m", "treff": "m", "treffpunkt": "m",
    "hof": "m", "raum": "m", "garten": "m", "beirat": "m", "magistrat": "m", "senat": "m",
    "verein": "m", "bund": "m", "verband": "m", "keller": "m", "speicher": "m", "turm": "m",
    "park": "m", "club": "m", "klub": "m", "laden": "m", "pavillon": "m", "palast": "m",
    "workshop": "m", "dialog": "m", "markt": "m", "plan": "m", "beschluss": "m",
    "abend": "m", "austausch": "m", "stammtisch": "m", "tisch": "m", "gipfel": "m",
    "kongress": "m", "termin": "m", "schritt": "m", "entwurf": "m", "bericht": "m",
    "fachtag": "m", "zukunftstag": "m", "sitzungssaal": "m", "bürgersaal": "m", "auftakt": "m",
    # neuter
    "haus": "n", "zentrum": "n", "forum": "n", "gebäude": "n", "hotel": "n", "amt": "n",
    "theater": "n", "museum": "n", "heim": "n", "kino": "n", "café": "n", "cafe": "n",
    "stadion": "n", "atelier": "n", "quartier": "n", "foyer": "n", "werk": "n",
    "büro": "n", "studio": "n", "lokal": "n", "gremium": "n", "parlament": "n",
    "schloss": "n", "kloster": "n", "institut": "n", "gymnasium": "n", "center": "n",
    "zelt": "n", "archiv": "n", "bad": "n", "konzept": "n", "leitbild": "n",
    "programm": "n", "papier": "n", "treffen": "n", "gespräch": "n", "fest": "n",
    "fachgespräch": "n", "plenum": "n", "podium": "n", "labor": "n", "kolleg": "n",
    "referat": "n", "dezernat": "n", "sekretariat": "n",
}
_BY_LENGTH = sorted(_ENDINGS.items(), key=lambda item: -len(item[0]))

_DEFINITE: dict[Case, dict[Gender, str]] = {
    "nom": {"m": "der", "f": "die", "n": "das"},
    "acc": {"m": "den", "f": "die", "n": "das"},
    "dat": {"m": "dem", "f": "der", "n": "dem"},
    "gen": {"m": "des", "f": "der", "n": "des"},
}
_INDEFINITE: dict[Case, dict[Gender, str]] = {
    "nom": {"m": "ein", "f": "eine", "n": "ein"},
    "acc": {"m": "einen", "f": "eine", "n": "ein"},
    "dat": {"m": "einem", "f": "einer", "n": "einem"},
    "gen": {"m": "eines", "f": "einer", "n": "eines"},
}
# Strong adjective endings of a name written without article: "Alter Schlachthof",
# "Alte Feuerwache", "Neues Rathaus".
_STRONG_ENDING: dict[Gender, str] = {"m": "er", "f": "e", "n": "es"}

_WORD_RE = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)


def noun_gender(word: str) -> Gender | None:
    """The grammatical gender of a German noun, guessed from its ending; ``None`` if unsure.

    >>> noun_gender("Kreishaus"), noun_gender("Stadthalle"), noun_gender("Kreistag")
    ('n', 'f', 'm')
    """
    lowered = word.lower().strip(".,;:!?\"'„“”()")
    if not lowered or not lowered[0].isalpha():
        return None
    for ending, gender in _BY_LENGTH:
        if lowered.endswith(ending) and (len(lowered) > len(ending) or ending == lowered):
            return gender
    return None


@dataclass(frozen=True)
class NounPhrase:
    """A name with a known grammatical gender, e.g. "Rathaus Elmshorn" (neuter).

    ``adjective`` is the stem of a leading adjective that must be declined
    ("Alt" in "Alte Feuerwache"); ``rest`` is the text after it.
    """

    text: str
    gender: Gender
    adjective: str | None = None
    rest: str = ""

    def inflected(self, case: Case) -> str:
        if self.adjective is None:
            return self.text
        # Weak declension after a definite article.
        weak = "e" if case == "nom" or (case == "acc" and self.gender != "m") else "en"
        return f"{self.adjective}{weak} {self.rest}"

    def definite(self, case: Case = "nom") -> str:
        """``das Rathaus Elmshorn``, ``der Alten Feuerwache`` (dative)."""
        return f"{_DEFINITE[case][self.gender]} {self.inflected(case)}"

    def indefinite(self, case: Case = "nom") -> str:
        return f"{_INDEFINITE[case][self.gender]} {self.text}"

    def at(self) -> str:
        """Location: ``im Rathaus Elmshorn``, ``in der Stadthalle``."""
        return f"im {self.inflected('dat')}" if self.gender != "f" else f"in der {self.inflected('dat')}"

    def to(self) -> str:
        """Direction/purpose: ``zum Auftakt``, ``zur Konferenz``."""
        return f"zum {self.inflected('dat')}" if self.gender != "f" else f"zur {self.inflected('dat')}"

    def by(self) -> str:
        """``beim Auftakt``, ``bei der Konferenz``."""
        return f"beim {self.inflected('dat')}" if self.gender != "f" else f"bei der {self.inflected('dat')}"

    def of(self) -> str:
        """``vom Fachforum``, ``von der Konferenz``."""
        return f"vom {self.inflected('dat')}" if self.gender != "f" else f"von der {self.inflected('dat')}"


# Adjective stems that end names ("Alter Schlachthof", "Neues Rathaus"); a capitalised word
# ending in -er whose stem is none of these (and has no adjective suffix) is taken as a place
# adjective ("Lüneburger Integrationsrat"), which is never declined.
_ADJECTIVE_STEMS = {
    "alt", "neu", "groß", "gross", "klein", "erst", "zweit", "dritt", "viert", "letzt", "jung",
    "grün", "rot", "weiß", "schwarz", "blau", "gelb", "hoh", "ober", "unter", "mittler", "hinter",
    "vorder", "nieder", "lang", "kurz", "breit", "gut", "best", "bunt", "frei", "offen", "ganz",
    "voll", "nah", "fern", "recht", "link", "nächst", "weit", "still", "schön", "klar", "fair",
}
_ADJECTIVE_SUFFIXES = (
    "isch", "ig", "lich", "al", "ell", "iv", "ar", "är", "bar", "sam", "los", "haft", "ent",
    "ant", "ös", "ens", "ern",
)


def is_place_adjective(word: str) -> bool:
    """``Lüneburger``, ``Elmshorner``, ``Kieler``: adjectives from place names, never declined."""
    if len(word) < 5 or not word[:1].isupper() or not word.endswith("er"):
        return False
    stem = word[:-2].lower()
    return stem not in _ADJECTIVE_STEMS and not stem.endswith(_ADJECTIVE_SUFFIXES)


def noun_phrase(name: str, *, lower_adjective: bool = False) -> NounPhrase | None:
    """``name`` as a :class:`NounPhrase` if the gender of its head noun can be told.

    ``lower_adjective`` is for titles used as common nouns ("Erster Entwurf" becomes "den
    ersten Entwurf"); names of places and bodies keep their capital ("der Alten Feuerwache").
    """
    text = " ".join(name.split())
    words = _WORD_RE.findall(text)
    if not words or not text[:1].isalpha():
        return None
    first = words[0]
    if first.lower() in {"der", "die", "das", "dem", "den", "des"}:
        return None
    gender = noun_gender(first)
    if gender is not None and first[:1].isupper():
        return NounPhrase(text, gender)
    if len(words) >= 2 and first[:1].isupper() and text.startswith(first + " "):
        head = noun_gender(words[1])
        if head is not None and words[1][:1].isupper():
            if is_place_adjective(first):
                return NounPhrase(text, head)
            ending = _STRONG_ENDING[head]
            if first.lower().endswith(ending) and len(first) > len(ending) + 1:
                stem = first[: -len(ending)]
                if lower_adjective:
                    stem = stem[:1].lower() + stem[1:]
                return NounPhrase(text, head, stem, text[len(first) + 1 :])
    return None


def number_word(count: int, gender: Gender = "f") -> str:
    """``fünf`` for 5 (press style writes numbers up to twelve as words); ``1.200`` beyond."""
    if count == 1:
        return {"m": "ein", "f": "eine", "n": "ein"}[gender]
    if count > 12:
        return f"{count:,}".replace(",", ".")
    from integrakonzept.render.locale import NUMBER_WORDS

    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def ordinal_word(position: int) -> str:
    """``erste``, ``zweite``, … ``zwölfte``; ``13.`` beyond."""
    words = ["erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte",
             "neunte", "zehnte", "elfte", "zwölfte"]
    return words[position - 1] if 1 <= position <= len(words) else f"{position}."


def join_list(items: list[str], last: str = "und") -> str:
    """``A, B und C``; uses „sowie“ before the last item when an item itself contains „und“."""
    values = [i for i in items if i]
    if len(values) <= 1:
        return "".join(values)
    if last == "und" and any(" und " in v for v in values):
        last = "sowie"
    return f"{', '.join(values[:-1])} {last} {values[-1]}"


def quote_lead(text: str) -> str:
    """A quotation to be followed by ``, sagt …``: the final full stop is dropped."""
    stripped = text.strip()
    return stripped[:-1] if stripped.endswith(".") and not stripped.endswith("...") else stripped


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]
