"""Helpers for the results tests: a process with four events and a tracker whose every figure
is known (``TRUTH``). Fixtures are in :mod:`results_fixtures` (``pytest_plugins``).

Every person carries planted, unique strings (names, e-mail, phone, notes, remarks,
organisation, a coordinator's own column) so that a test can prove that none of them
reaches a default output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integrakonzept.people.schema import COLUMNS, SHEET_REGISTRATIONS, TABLE_NAME

PROCESS_YAML = """
titel: Integrationskonzept Musterstadt
motto: Gemeinsam gestalten
hintergrund: Musterstadt schreibt ihr Integrationskonzept gemeinsam mit der Stadtgesellschaft fort.
kommune:
  name: Musterstadt
  art: Stadt
veranstalter:
  institution: Stadt Musterstadt
  fachbereich: Fachdienst Integration
kontakt:
  name: Erika Muster
  anrede: Frau
  funktion: Integrationskoordinatorin
  telefon: 04121 231-475
  email: integration@musterstadt.example.de
gendern: doppelpunkt
handlungsfelder:
  - id: sprache
    titel: Sprache und Bildung
  - id: arbeit
    titel: Arbeit und Ausbildung
  - id: wohnen
    titel: Wohnen
phasen:
  - id: auftakt
    art: auftakt
    titel: Auftaktveranstaltung
    datum: 2030-03-19
    beginn: "16:00"
    ende: "19:00"
    zielgruppen: [einwohnende]
    kapazitaet: 30
    anmeldung:
      frist: 2030-03-05
      email: integration@musterstadt.example.de
    ergebnisse:
      teilnehmende: 99
      zusammenfassung: Viele Ideen zu Sprache und Arbeit wurden gesammelt.
      handlungsfelder:
        - handlungsfeld: sprache
          ziele:
            - Sprachkurse sind wohnortnah erreichbar.
          massnahmen:
            - titel: Sprachcafé in jedem Stadtteil
              verantwortlich: Volkshochschule
              prioritaet: hoch
              zeitraum: ab 2031
        - handlungsfeld: arbeit
          ideen:
            - Jobmesse für Zugewanderte
  - id: fachforum
    art: fachforum
    titel: Fachforum Arbeit
    datum: 2030-04-10
    zielgruppen: [hauptamt, verwaltung]
    zugang: einladung
    kapazitaet: 12
    anmeldung:
      frist: 2030-04-01
      email: integration@musterstadt.example.de
    handlungsfelder: [arbeit]
    ergebnisse:
      handlungsfelder:
        - handlungsfeld: arbeit
          massnahmen:
            - titel: Lotsenprogramm Ausbildung
              verantwortlich: Jobcenter
              prioritaet: mittel
  - id: workshop
    art: workshop
    titel: Workshop Wohnen
    datum: 2030-05
    zielgruppen: [ehrenamt]
    handlungsfelder: [wohnen]
    ergebnisse:
      teilnehmende: 14
  - id: befragung
    art: online_befragung
    titel: Online-Befragung
    von: 2030-06-01
    bis: 2030-06-30
    url: https://beteiligung.musterstadt.example.de
    ergebnisse:
      teilnehmende: 120
      beitraege: 340
  - id: konferenz
    art: konferenz
    titel: Integrationskonferenz
    datum: 2030-09-20
    kapazitaet: 100
    anmeldung:
      frist: 2030-09-10
      email: integration@musterstadt.example.de
  - id: beschluss
    art: ratsbeschluss
    titel: Beschluss des Integrationskonzepts
    datum: 2030-11
    gremium: Rat der Stadt Musterstadt
"""

TODAY = "2030-06-15"

#: What the tracker below contains, counted by hand.
TRUTH: dict[str, Any] = {
    "auftakt": {"registered": 24, "attended": 21, "absent": 3, "excused": 1, "waitlist": 2, "cancelled": 2},
    "fachforum": {"registered": 10, "attended": 9, "absent": 1, "excused": 0, "waitlist": 0, "cancelled": 0},
    "workshop": {"registered": 8, "attended": None, "file": 14},
    "konferenz": {"registered": 40, "attended": None},
    "registrations_total": 82,
    "participations_total": 44,  # 21 + 9 + 14 (workshop, from the process file)
    "persons_attended": 28,
    "persons_registered": 75,
    "persons_repeat": 2,
    "roles_persons": {"Einwohner*in": 15, "Ehrenamt": 4, "Politik": 2, "Hauptamt": 5, "Verwaltung": 2},
    "auftakt_roles": {"Einwohner*in": 15, "Ehrenamt": 4, "Politik": 2},
    "fachforum_roles": {"Hauptamt": 5, "Verwaltung": 2, "Ehrenamt": 2},
    "languages": {"Arabisch": 6, "Türkisch": 1, "weitere Sprachen": 1},
    "interpreter_requests": 7,
    "childcare": 4,
    "accessibility": 1,
    "topics": {"sprache": 3, "arbeit": 5},
    "organisations": 3,
}

#: Strings that must never appear in a default output.
SECRETS = (
    "Qxv",  # first names
    "Qxn",  # last names
    "geheim.example.de",
    "99887766",
    "NOTIZ-GEHEIM",
    "ANMERKUNG-GEHEIM",
    "Geheimverein",
    "Qwertz",
    "GEHEIMBF",
    "Qxgeheim",
    "PID-",
    "EIGENE-SPALTE-GEHEIM",
)


@dataclass(frozen=True)
class Person:
    key: str
    role: str
    organisation: str = ""
    with_id: bool = True


def person_row(p: Person, event: str, status: str = "angemeldet", attendance: str = "", **extra: str) -> dict[str, str]:
    row = {
        "Personen-ID": f"PID-{p.key}" if p.with_id else "",
        "Veranstaltung": event,
        "Vorname": f"Qxv{p.key}",
        "Nachname": f"Qxn{p.key}",
        "Organisation": p.organisation,
        "Rolle": p.role,
        "E-Mail": f"qx{p.key.lower()}@geheim.example.de",
        "Telefon": "0151 99887766",
        "Status": status,
        "Teilnahme": attendance,
        "Notizen": f"NOTIZ-GEHEIM {p.key}",
        "Anmerkungen": "ANMERKUNG-GEHEIM",
        "Eigene Spalte": "EIGENE-SPALTE-GEHEIM",
    }
    row.update(extra)
    return row


def truth_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    einw = [Person(f"E{i}", "Einwohner*in") for i in range(1, 15)]
    ehren = [Person(f"H{i}", "Ehrenamt", "Geheimverein Qwertz e.V.") for i in range(1, 5)]
    politik = [Person(f"Po{i}", "Politik") for i in range(1, 3)]
    for index, p in enumerate(einw, start=1):
        extra: dict[str, str] = {}
        if index <= 5:
            extra["Dolmetschen"] = "Arabisch"
        elif index == 6:
            extra["Dolmetschen"] = "Türkisch"
        elif 7 <= index <= 10:
            extra["Kinderbetreuung"] = "ja"
        elif index == 11:
            extra["Barrierefreiheit"] = "Rollstuhl GEHEIMBF"
        if index <= 3:
            extra["Handlungsfeld"] = "Sprache und Bildung"
        rows.append(person_row(p, "auftakt", attendance="ja", **extra))
    rows += [person_row(p, "auftakt", attendance="ja") for p in ehren + politik]
    rows.append(
        person_row(
            Person("N1", "Einwohner*in"), "auftakt", attendance="nein",
            Dolmetschen="Arabisch, bitte Frau Qxgeheim anrufen",
        )
    )
    rows += [person_row(Person(f"N{i}", "Einwohner*in"), "auftakt", attendance="nein") for i in (2, 3)]
    rows.append(person_row(Person("X1", "Einwohner*in"), "auftakt", attendance="entschuldigt"))
    rows.append(person_row(Person("W1", "Einwohner*in"), "auftakt", status="Warteliste", attendance="ja"))
    rows.append(person_row(Person("W2", "Einwohner*in"), "auftakt", status="Warteliste"))
    rows.append(person_row(Person("C1", "Einwohner*in"), "auftakt", status="abgesagt", Dolmetschen="Russisch"))
    rows.append(person_row(Person("C2", "Einwohner*in"), "auftakt", status="abgesagt"))
    # Fachforum: five Hauptamt, two Verwaltung, two returning Ehrenamt (H1, H2), one absent.
    for i in range(1, 6):
        rows.append(
            person_row(Person(f"F{i}", "Hauptamt", "Jobcenter Musterstadt"), "fachforum",
                       attendance="ja", Handlungsfeld="arbeit")
        )
    rows += [person_row(Person(f"F{i}", "Verwaltung", "Stadtverwaltung"), "fachforum", attendance="ja") for i in (6, 7)]
    rows += [person_row(p, "Fachforum Arbeit", attendance="ja") for p in ehren[:2]]  # by title
    rows.append(person_row(Person("F8", "Hauptamt", "Jobcenter Musterstadt"), "fachforum", attendance="nein"))
    # Workshop: eight registrations, no attendance recorded.
    rows += [person_row(Person(f"S{i}", "Ehrenamt"), "workshop") for i in range(1, 9)]
    # Konferenz: 35 new people (five of them without Personen-ID) and five from the Auftakt.
    rows += [person_row(Person(f"K{i}", "Einwohner*in", with_id=i <= 30), "konferenz") for i in range(1, 36)]
    rows += [person_row(p, "konferenz") for p in einw[:5]]
    # A row for an event the process file does not know, and one without an event.
    rows.append(person_row(Person("U1", "Einwohner*in"), "Sommerfest"))
    rows.append({"Vorname": "QxvLeer", "Notizen": "NOTIZ-GEHEIM leer"})
    return rows


def save_registrations(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    header_row: int = 1,
    sheets: Sequence[str] = (),
) -> Path:
    """Save an Anmeldungen sheet as a coordinator may leave it: a title line above the
    headers when ``header_row`` > 1, ``rows`` of typed values (openpyxl writes them as typed),
    the table over headers and rows, and the further (empty) ``sheets``."""
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET_REGISTRATIONS
    for _ in range(header_row - 1):
        ws.append(["Anmeldeliste Musterstadt"])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    last = ws.cell(row=header_row + len(rows), column=len(headers)).coordinate
    ws.add_table(Table(displayName=TABLE_NAME, ref=f"A{header_row}:{last}"))
    for name in sheets:
        workbook.create_sheet(name)
    workbook.save(path)
    return path


def build_tracker(path: Path, rows: list[dict[str, str]], *, header_row: int = 1) -> Path:
    """An Anmeldungen sheet with ik's headers (in reverse order, plus an own column)."""
    headers = [c.header for c in reversed(COLUMNS)] + ["Eigene Spalte"]
    values = [[row.get(h) or None for h in headers] for row in rows]
    return save_registrations(path, headers, values, header_row=header_row, sheets=["Übersicht"])


@dataclass(frozen=True)
class Case:
    process: Path
    tracker: Path
    folder: Path
