"""Handlungsfelder presets for ``ik new-process``, each named after its source.

Sources are listed in the shared domain notes (§2); the lists are the real
ones used by the named programme or municipality.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    source: str
    fields: tuple[str, ...]


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "kommunal",
            "Typische kommunale Handlungsfelder",
            "Zusammenschau realer kommunaler Konzepte (Elmshorn, Flensburg, Kaiserslautern, Würzburg)",
            (
                "Sprache",
                "Bildung",
                "Arbeit und Ausbildung",
                "Wohnen",
                "Gesundheit",
                "Engagement und Ehrenamt",
                "Zusammenleben und Begegnung",
                "Antidiskriminierung und interkulturelle Öffnung",
                "Sport und Kultur",
            ),
        ),
        Preset(
            "nap-i-2012",
            "Nationaler Aktionsplan Integration 2012 (11 Dialogforen)",
            "Nationaler Aktionsplan Integration, Bundesregierung 2012",
            (
                "Frühkindliche Förderung",
                "Bildung, Ausbildung, Weiterbildung",
                "Arbeitsmarkt und Erwerbsleben",
                "Migranten im öffentlichen Dienst",
                "Gesundheit und Pflege",
                "Integration vor Ort",
                "Sprache – Integrationskurse",
                "Sport",
                "Bürgerschaftliches Engagement und Integration",
                "Medien und Integration",
                "Kultur",
            ),
        ),
        Preset(
            "kgst-2017",
            "KGSt-Bericht 15/2017 Kommunales Integrationsmanagement",
            "KGSt mit Bertelsmann Stiftung und Robert Bosch Stiftung, Bericht 15/2017",
            (
                "Wohnen",
                "Sprache",
                "Bildung",
                "Arbeitsmarkt und Wirtschaft",
                "Gesundheit",
                "Sport und Kultur",
            ),
        ),
        Preset(
            "fluechtlingspakt-sh-2015",
            "Flüchtlingspakt Schleswig-Holstein 2015 (14 Themen)",
            "Flüchtlingspakt „Willkommen in Schleswig-Holstein! Integration vom ersten Tag an“, 06.05.2015",
            (
                "Engagement und Information",
                "Aktives Miteinander",
                "Erstaufnahme",
                "Erstaufnahme und Integrationssteuerung",
                "Zuwanderungsverwaltung",
                "Koordinierung, Betreuung und Ehrenamt",
                "Wohnen",
                "Sprachförderung für erwachsene Zuwanderer",
                "Frühkindliche Bildung",
                "Bildung und Kultur",
                "Unbegleitete Minderjährige",
                "Ausbildung",
                "Arbeit",
                "Gesundheit",
            ),
        ),
        Preset(
            "weltoffene-kommune",
            "Selbstcheck Weltoffene Kommune (7 Handlungsfelder)",
            "Weltoffene Kommune, PHINEO und Bertelsmann Stiftung",
            (
                "Management und Steuerung",
                "Interkulturelle Öffnung und Antirassismus",
                "Fairer Zugang und Teilhabechancen",
                "Arbeit und wirtschaftliche Entwicklung",
                "Engagement und Beteiligung",
                "Zusammenhalt und Begegnung",
                "Kommunikation und Konfliktmanagement",
            ),
        ),
        Preset(
            "elmshorn-2017",
            "Integrationskonzept Elmshorn 2017 (7 Stationen)",
            "Stadt Elmshorn, Vorstellung des Integrationskonzepts im Mai 2017",
            (
                "Sport und Freizeit",
                "Sprachförderung",
                "Ausbildung und Arbeit",
                "Bildung",
                "Flüchtlinge",
                "Gesundheit und Senioren",
                "Interreligiöser Dialog und Antidiskriminierung",
            ),
        ),
        Preset(
            "flensburg",
            "Zusammenleben in Flensburg (Arbeitsgruppen der Fortschreibung)",
            "Stadt Flensburg, Fortschreibung des Integrationskonzepts",
            (
                "Bildung",
                "Ehrenamt",
                "Gesundheit",
                "Sprache",
                "Wohnen und Zusammenleben",
                "Arbeit und Ausbildung",
                "Offene Gruppe",
            ),
        ),
        Preset(
            "kaiserslautern-2011",
            "Integrationskonzept Kaiserslautern 2011/2012 (5 Arbeitskreise)",
            "Stadt Kaiserslautern, Arbeitskreise ab März 2011",
            (
                "Arbeit und Wirtschaft",
                "Bildung und Erziehung",
                "Kultur und Sport",
                "Gesundheit und Soziales",
                "Religion",
            ),
        ),
    )
}

CUSTOM = "eigene"

_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)
_STOP = {"und", "der", "die", "das", "im", "in", "fuer", "von", "mit", "zur", "zum"}


def slug(title: str, taken: set[str]) -> str:
    """A short id for a Handlungsfeld title: ``Arbeit und Ausbildung`` → ``arbeit-ausbildung``."""
    text = (
        unicodedata.normalize("NFKD", title.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    )
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w and w not in _STOP]
    base = "-".join(words[:2]) or "feld"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
