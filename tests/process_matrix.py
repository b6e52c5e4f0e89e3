"""Varied process files for the text-quality and schema tests (a generated matrix).

Each axis (kind of municipality, hosts, how well dates are known, registration, partners,
quotes, results, budget, approximate figures, gender style) cycles with a different period,
so the files together cover every value of every axis and many combinations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COUNT = 48

MUNICIPALITIES = [
    ("Lüneburg", "Stadt", "Lüneburger"),
    ("Ostholstein", "Kreis", None),
    ("Friedrichshain-Kreuzberg", "Bezirk", None),
    ("Henstedt-Ulzburg", "Gemeinde", None),
    ("Elmshorn", "Stadt", "Elmshorner"),
    ("Nordfriesland", "Kreis", None),
]
GENDER = ["stern", "doppelpunkt", "paarform", "neutral"]
# How exactly the main event's day is known.
DATES = ["exact", "month", "exact", "season", "exact"]
PEOPLE = [
    ("Anna Beispiel", "Oberbürgermeisterin"),
    ("Jonas Muster", "Landrat"),
    ("Sevgi Yilmaz", "Vorsitzende des Integrationsrats"),
    ("Piotr Nowak", "Koordinator für Integration"),
]
PARTNERS = [
    {"name": "Caritasverband", "langname": "Caritasverband für den Kreis"},
    {"name": "Netzwerk Migration"},
    {"name": "Volkshochschule"},
]


def _axis(i: int, values: list[Any], period: int = 1) -> Any:
    return values[(i // period) % len(values)]


def process_data(i: int) -> dict[str, Any]:
    """The ``i``-th process of the matrix as YAML-ready data."""
    name, kind, _adjective = _axis(i, MUNICIPALITIES)
    year = 2026 + i % 3
    style = _axis(i, GENDER, 2)
    dates = _axis(i, DATES, 3)
    registration = i % 2 == 0
    partners = i % 3 != 1
    quotes = i % 4 in {0, 3}
    results = i % 5 != 2
    budget = i % 6 in {1, 4}
    approx = i % 7 in {0, 2, 5}
    person, role = _axis(i, PEOPLE, 5)
    hf = [
        {"id": "sprache", "titel": "Sprache und Bildung"},
        {"id": "arbeit", "titel": "Arbeit und Ausbildung"},
        {"id": "wohnen", "titel": "Wohnen"},
        {"id": "teilhabe", "titel": "Gesellschaftliche Teilhabe"},
    ][: 2 + i % 3]
    auftakt: dict[str, Any] = {
        "id": "auftakt",
        "art": "auftakt",
        "titel": ["Auftaktveranstaltung", "Integration gemeinsam gestalten", "Auftakt im Rathaus",
                  "Zukunftswerkstatt Integration"][i % 4],
        "datum": {"exact": f"{year}-03-{10 + i % 15:02d}", "month": f"{year}-03",
                  "season": f"Frühjahr {year}"}[dates],
        "zielgruppen": [["einwohnende"], ["hauptamt", "ehrenamt"], ["einwohnende", "politik"],
                        ["migrantenorganisationen", "verwaltung"]][i % 4],
        "handlungsfelder": [h["id"] for h in hf][: 1 + i % 2],
    }
    if dates == "exact":
        auftakt["beginn"] = ["16:00", "09:30", "18:00"][i % 3]
        auftakt["ende"] = ["19:00", "13:00", "20:30"][i % 3]
        auftakt["ort"] = {
            "name": ["Rathaus", "Stadthalle", "Bürgerhaus", "Kulturzentrum Alte Feuerwache"][i % 4]
            + f" {name}",
            "raum": ["Ratssaal", "Großer Saal", None, "Raum 101"][i % 4],
            "strasse": "Am Markt 1",
            "plz": 21335 + i,
            "ort": name,
        }
        if auftakt["ort"]["raum"] is None:
            del auftakt["ort"]["raum"]
    if registration and dates == "exact":
        auftakt["anmeldung"] = {
            "frist": f"{year}-03-0{1 + i % 8}",
            "email": f"integration@{name.lower().replace('ü', 'ue')}.example.de",
        }
        if i % 4 == 0:
            auftakt["anmeldung"]["url"] = "https://beteiligung.example.de/auftakt"
        auftakt["kapazitaet"] = "1.000" if i % 8 == 0 else 60 + i
    if quotes:
        auftakt["zitate"] = [{"person": person, "funktion": role,
                              "text": "Integration gelingt nur gemeinsam. Wir wollen alle "
                                      "Perspektiven hören, auch die der \"Neuen\"."}]
    if results:
        figure = ["über 120", "rund 50", "knapp 40", "mehr als 100"][i % 4] if approx else (
            1 if i % 11 == 0 else 20 + 7 * i
        )
        auftakt["ergebnisse"] = {
            "teilnehmende": figure,
            "zusammenfassung": "Die Teilnehmenden sammelten Ideen für die kommenden Jahre.",
        }
        if i % 3 == 0:
            auftakt["ergebnisse"]["handlungsfelder"] = [
                {"handlungsfeld": "sprache", "ziele": ["Mehr Sprachkurse am Abend"],
                 "massnahmen": [{"titel": "Sprachcafé in jedem Stadtteil",
                                 "verantwortlich": "Volkshochschule"}]}
            ]
        if quotes and i % 4 == 3:
            auftakt["ergebnisse"]["zitate"] = [{"person": person, "funktion": role,
                                                "sinngemaess": "begrüßte die Gäste und dankte "
                                                "allen für ihre Ideen"}]
        elif quotes:
            auftakt["ergebnisse"]["zitate"] = [{"person": person, "funktion": role,
                                                "text": "Die Beteiligung hat uns beeindruckt."}]
    workshop: dict[str, Any] = {
        "id": "werkstatt",
        "art": "workshop",
        "titel": ["Werkstatt Handlungsfelder", "Ganztägige Planungswerkstatt",
                  "Erster Entwurf im Gespräch"][i % 3],
        "datum": [f"{year}-04-{12 + i % 10:02d}", f"{year}-04", f"Frühjahr {year}",
                  f"Anfang {year}"][i % 4],
        "zielgruppen": ["hauptamt"],
        "zugang": "einladung" if i % 3 == 0 else "oeffentlich",
        "handlungsfelder": [h["id"] for h in hf],
    }
    if i % 3 == 2:
        workshop["arbeitsgruppen"] = {"titel": ["Ankommen", "Nachbarschaft", "Vereine"]}
        workshop["ergebnisse"] = {"teilnehmende": 5 + i % 8}
    if i % 5 == 0:
        workshop["sitzungen"] = 6
    if i % 4 == 1:
        workshop["organisiert_von"] = "Kommunales Integrationszentrum"
    online: dict[str, Any] = {
        "id": "befragung",
        "art": "online_befragung" if i % 2 else "online_kommentierung",
        "titel": "Online-Befragung zum Zusammenleben" if i % 2 else "Online-Kommentierung des Entwurfs",
        "von": f"{year}-06-01",
        "bis": f"{year}-07-15",
        "url": "https://beteiligung.example.de/online",
        "zielgruppen": ["einwohnende"],
        "handlungsfelder": [h["id"] for h in hf][:2],
    }
    if not i % 2:
        online["bezug"] = ["entwurf"]
    if i % 5 == 3:
        del online["von"]
    if results and i % 2:
        online["ergebnisse"] = {"beitraege": "über 300" if approx else 1 + i * 13}
    council = {"Stadt": "Rat der Stadt", "Kreis": "Kreistag", "Bezirk": "Bezirksverordnetenversammlung",
               "Gemeinde": "Gemeindevertretung"}[kind]
    phases = [auftakt, workshop]
    if not i % 2:
        phases.append({"id": "entwurf", "art": "verschriftlichung", "titel": "Entwurf des Konzepts",
                       "datum": f"{year}-05"})
    phases += [
        online,
        {"id": "ausschuss", "art": "gremienberatung", "titel": "Beratung im Sozialausschuss",
         "datum": f"{year}-09" if i % 2 else f"Herbst {year}", "gremium": "Sozialausschuss"},
        {"id": "beschluss", "art": "ratsbeschluss", "titel": "Beschluss",
         "datum": [year + 1, f"{year}-10", f"Ende {year}"][i % 3],
         "gremium": f"{council} {name}" if kind != "Stadt" else council},
    ]
    data: dict[str, Any] = {
        "titel": ["Integrationskonzept", "Integrationskonzept 2.0", "Leitbild Integration"][i % 3]
        + f" {name}",
        "kommune": {"name": name, "art": kind},
        "veranstalter": {"institution": f"{kind} {name}", "fachbereich": "Fachdienst Integration"},
        "kontakt": {"name": "Erika Muster", "anrede": "Frau", "funktion": "Integrationsbeauftragte",
                    "telefon": "04131 309-3456", "email": "integration@example.de"},
        "gendern": style,
        "handlungsfelder": hf,
        "phasen": phases,
    }
    if partners:
        data["partner"] = PARTNERS[: 1 + i % 3]
    adjective = _axis(i, MUNICIPALITIES)[2]
    if i % 3 == 1:
        council_host = f"{adjective} Integrationsrat" if adjective else f"Integrationsrat {name}"
        data["einladende"] = [{"name": council_host},
                              {"name": "Lokale Partnerschaft für Demokratie"}]
    elif i % 3 == 2:
        data["einladende"] = [{"name": f"Bezirksamt {name}" if kind == "Bezirk"
                               else f"Sozialausschuss {name}"}]
    if i % 4 == 1:
        data["organisiert_von"] = "Kommunales Integrationszentrum"
    if i % 4 == 2:
        data["handlungsfelder_anzahl"] = 12
    if i % 7 == 3:
        data["weitere_informationen"] = "https://www.example.de/integration"
    if i % 6 == 5:
        del data["kontakt"]
        data["pressekontakt"] = {"name": "Jonas Presse", "funktion": "Pressesprecher",
                                 "adresse": "Rathaus, Am Markt 1, 21335 Lüneburg",
                                 "telefon": "04131 309-100", "fax": "04131 309-199",
                                 "email": "presse@example.de"}
    if budget:
        data["budget_eur"] = "100.000" if i % 4 == 1 else 25000
    if i % 5 == 0:
        data["hintergrund"] = (
            f"In {name} leben Menschen aus über 100 Ländern. Das Konzept soll die Integrationsarbeit "
            "der nächsten Jahre steuern."
        )
    return data


def write_matrix(folder: Path) -> list[Path]:
    """Write every process of the matrix as ``folder/prozess-NN.yaml``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(COUNT):
        path = folder / f"prozess-{i:02d}.yaml"
        path.write_text(
            yaml.safe_dump(process_data(i), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        paths.append(path)
    return paths
