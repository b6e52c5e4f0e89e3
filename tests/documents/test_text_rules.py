"""The text rules catch the slips the issue lists (each rule fails on its bad example and
passes the corrected sentence), and Hunspell really checks spelling."""

from __future__ import annotations

import pytest
from documents_support import example
from text_rules import RULES, misspelled, require_dictionary

PROCESS = example("elmshorn-2025")  # Elmshorn, gender style "stern"

CASES = [
    ("deklinierte Ortsadjektive", "Sie tagt mit dem Elmshornen Integrationsrat.",
     "Sie tagt mit dem Elmshorner Integrationsrat."),
    ("verschachtelte Anführungszeichen", "„Wir sagen „Ja“ zur Vielfalt“, sagt sie.",
     "„Wir sagen ‚Ja‘ zur Vielfalt“, sagt sie."),
    ("doppelt genannte Titel", "Die Stadt lädt zur Präsentation „Integrationskonferenz“ ein.",
     "Die Stadt lädt zur Integrationskonferenz ein."),
    ("Einzahl/Mehrzahl", "1 Teilnehmerinnen und Teilnehmer hat mitgearbeitet.",
     "Eine Person hat mitgearbeitet."),
    ("Ziffern bis zwölf", "Gearbeitet wird in 5 Arbeitsgruppen.",
     "Gearbeitet wird in fünf Arbeitsgruppen."),
    ("gemischte Genderschreibweise", "Eingeladen sind Einwohner*innen. Auch Einwohnerinnen und Einwohner.",
     "Eingeladen sind Einwohner*innen. Auch Dolmetscher*innen sind da."),
    ("gleicher Satzanfang", "Die Stadt lädt ein. Die Veranstaltung beginnt um 16 Uhr.",
     "Die Stadt lädt ein. Sie beginnt am 19. März. März ist ein Monat."),
    ("langer Vorspann",
     "Die Stadt lädt alle interessierten Einwohner*innen am Mittwoch, 19. März 2025, von 16:00 "
     "bis 19:00 Uhr im Kollegiumssaal des Rathauses Elmshorn an der Schulstraße zur großen "
     "Auftaktveranstaltung mit vielen Gästen aus Politik und Verwaltung ein.",
     "Die Stadt Elmshorn lädt interessierte Einwohner*innen zur Auftaktveranstaltung ein."),
    ("Klammern im Partnersatz", "Partner im Prozess sind KIESEL (ein Netzwerk) und der Kinderschutzbund.",
     "Partner im Prozess sind KIESEL und der Kinderschutzbund."),
    ("doppelter Doppelpunkt", "- **Sprachförderung:** Ziel: Sprachkurse für alle.",
     "- **Sprachförderung.** Ziel: Sprachkurse für alle."),
    ("Deklination nach „alle“", "Mitmachen können alle Einwohnende.",
     "Mitmachen können alle Einwohnenden."),
    ("Rückblick unter „Wie es weitergeht“",
     "Wie es weitergeht\n\nVorausgegangen ist der Auftakt im März.",
     "Wie es weitergeht\n\nIm April folgt die Fachrunde."),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_catches_its_slip(rule: str, bad: str, good: str) -> None:
    check = RULES[rule]
    assert check(bad, PROCESS), f"{rule} did not catch: {bad}"
    assert not check(good, PROCESS), f"{rule} flagged the corrected text: {good}"


def test_title_adjectives_in_lower_case(tmp_path: object) -> None:
    from documents_support import write_process

    from conftest import MINIMAL

    process = write_process(tmp_path, MINIMAL.replace("titel: Auftakt", "titel: Ganztägige Planungswerkstatt"))  # type: ignore[arg-type]
    rule = RULES["große Adjektive aus Titeln"]
    assert rule("Die Stadt lädt zur Ganztägigen Planungswerkstatt ein.", process)
    assert not rule("Die Stadt lädt zur ganztägigen Planungswerkstatt ein.", process)


def test_every_rule_has_a_case() -> None:
    assert {c[0] for c in CASES} | {"große Adjektive aus Titeln"} == set(RULES)


def test_hunspell_finds_misspellings_but_allows_own_words() -> None:
    require_dictionary()
    text = "Die Veranstalltung findet im Kollegiumssaal statt; KIESEL lädt Einwohner*innen ein."
    assert misspelled([text], []) >= {"Veranstalltung"}
    assert misspelled([text], ["Kollegiumssaal", "KIESEL"]) == {"Veranstalltung"}
