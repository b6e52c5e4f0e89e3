"""LibreOffice recalculates the tracker: the Übersicht numbers equal the truth.

The truth is counted here in Python from the rows of *Anmeldungen*; the overview's
numbers are COUNTIFS formulas that only a spreadsheet program computes (openpyxl writes
no cached results). Each conversion runs LibreOffice with its own profile.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from people_helpers import recalculate, tracker_rows

from integrakonzept.people.imports import import_registrations
from integrakonzept.people.schema import ROLES
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

pytestmark = pytest.mark.slow

MAIN = [
    "Kennung", "Veranstaltung", "Datum", "Kapazität", "Angemeldet", "Warteliste", "Abgesagt",
    "Teilgenommen", "Nicht erschienen", "Entschuldigt", "Freie Plätze", "Nach Anmeldeschluss",
    "Kinderbetreuung", "Barrierefreiheit", "Dolmetschen",
]  # fmt: skip


def truth(
    rows: list[dict[str, Any]], capacities: dict[str, int | None]
) -> dict[str, dict[str, Any]]:
    """What the overview must show, counted independently."""
    result: dict[str, dict[str, Any]] = {}
    for event, capacity in capacities.items():
        mine = [r for r in rows if r["Veranstaltung"] == event]
        reg = [r for r in mine if r["Status"] == "angemeldet"]

        def need(value: Any) -> bool:
            return value not in (None, "", "nein")

        numbers: dict[str, Any] = {
            "Angemeldet": len(reg),
            "Warteliste": sum(r["Status"] == "Warteliste" for r in mine),
            "Abgesagt": sum(r["Status"] == "abgesagt" for r in mine),
            "Teilgenommen": sum(r["Teilnahme"] == "ja" for r in mine),
            "Nicht erschienen": sum(r["Teilnahme"] == "nein" for r in reg),
            "Entschuldigt": sum(r["Teilnahme"] == "entschuldigt" for r in mine),
            "Freie Plätze": None if capacity is None else max(0, capacity - len(reg)),
            "Nach Anmeldeschluss": sum(r["Nach Anmeldeschluss"] == "ja" for r in mine),
            "Kinderbetreuung": sum(need(r["Kinderbetreuung"]) for r in reg),
            "Barrierefreiheit": sum(need(r["Barrierefreiheit"]) for r in reg),
            "Dolmetschen": sum(need(r["Dolmetschen"]) for r in reg),
        }
        for role in ROLES:
            numbers[f"Rolle {role}"] = sum(r["Rolle"] == role for r in reg)
        for language in ("Türkisch", "Ukrainisch", "Arabisch"):
            numbers[f"Sprache {language}"] = sum(language in (r["Dolmetschen"] or "") for r in reg)
        result[event] = numbers
    return result


def computed(path: Path) -> dict[str, dict[str, Any]]:
    """The overview as LibreOffice computed it."""
    ws = load_workbook(path, data_only=True)["Übersicht"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Kennung")
    assert rows[header_at][: len(MAIN)] == MAIN
    result: dict[str, dict[str, Any]] = {}
    i = header_at + 1
    while rows[i][0] != "Gesamt":
        values = dict(zip(MAIN, rows[i], strict=False))
        free = values["Freie Plätze"]
        values["Freie Plätze"] = None if free in ("", None) else free
        result[str(rows[i][0])] = {k: values[k] for k in MAIN[4:]}
        i += 1
    role_at = next(j for j in range(i, len(rows)) if rows[j][0] == "Angemeldete nach Rolle") + 1
    assert rows[role_at][2 : 2 + len(ROLES)] == list(ROLES)
    for r in rows[role_at + 1 : role_at + 1 + len(result)]:
        for role, value in zip(ROLES, r[2:], strict=False):
            result[str(r[0])][f"Rolle {role}"] = value
    lang_at = (
        next(
            j
            for j in range(role_at, len(rows))
            if rows[j][0] and str(rows[j][0]).startswith("Dolmetschen nach")
        )
        + 1
    )
    languages = [str(x) for x in rows[lang_at][2:] if x]
    for r in rows[lang_at + 1 : lang_at + 1 + len(result)]:
        for language, value in zip(languages, r[2:], strict=False):
            if language in ("Türkisch", "Ukrainisch", "Arabisch"):
                result[str(r[0])][f"Sprache {language}"] = value
    return result


CAPACITIES = {"auftakt": 6, "workshop-bildung": 3, "fachforum-arbeit": None}


def _registrations(path: Path) -> None:
    lines = [
        "Zeitstempel;Vorname;Nachname;E-Mail;Rolle;Veranstaltung;Dolmetschen;Kinderbetreuung;Barrierefreiheit"
    ]
    people = [
        ("01.03.2025 10:00", "Ada", "Arm", "Hauptamt", "auftakt", "Türkisch", "ja", ""),
        ("01.03.2025 11:00", "Ben", "Bau", "Ehrenamt", "auftakt", "", "", "Rollstuhl"),
        ("02.03.2025 09:00", "Cem", "Cak", "Einwohner*in", "auftakt", "Arabisch, Türkisch", "", ""),
        ("02.03.2025 12:00", "Dana", "Dorn", "Politik", "auftakt", "", "2 Kinder", ""),
        ("03.03.2025 08:00", "Eli", "Ems", "Presse", "auftakt", "", "", ""),
        ("04.03.2025 08:00", "Fay", "Fink", "Verwaltung", "auftakt", "Ukrainisch", "", ""),
        ("05.03.2025 08:00", "Gil", "Gans", "Hauptamt", "auftakt", "", "", ""),
        ("11.03.2025 08:00", "Hao", "Hu", "Migrantenorganisation", "auftakt", "Arabisch", "", ""),
        ("01.03.2025 08:00", "Ida", "Igel", "Ehrenamt", "workshop-bildung", "", "", ""),
        ("01.03.2025 09:00", "Jan", "Jung", "Hauptamt", "fachforum-arbeit", "", "nein", "nein"),
    ]
    for stamp, first, last, role, event, lang, child, access in people:
        lines.append(
            f"{stamp};{first};{last};{first.lower()}@example.de;{role};{event};{lang};{child};{access}"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _edit(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb["Anmeldungen"]
    by_name = {ws.cell(row=r, column=4).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=by_name["Ben"], column=18).value = "abgesagt"
    for name, value in (
        ("Ada", "ja"),
        ("Cem", "ja"),
        ("Dana", "nein"),
        ("Eli", "entschuldigt"),
        ("Gil", "ja"),
    ):
        ws.cell(row=by_name[name], column=20).value = value
    wb.save(path)


def test_overview_numbers_equal_the_truth(
    process_file: Path, workdir: Path, export: Callable[[str], Path]
) -> None:
    source = workdir / "anmeldungen-test.csv"
    _registrations(source)
    path = import_registrations(load_process(process_file), [source]).tracker
    _edit(path)
    rows = tracker_rows(path)
    assert sum(r["Status"] == "Warteliste" for r in rows) == 2  # Gil and Hao: 6 places
    expected = truth(rows, CAPACITIES)
    assert expected["auftakt"]["Angemeldet"] == 5  # Ben cancelled by hand
    assert expected["auftakt"]["Nach Anmeldeschluss"] == 1  # Hao, 11.03.

    recalculated = recalculate(path, workdir)
    assert computed(recalculated) == expected

    # The coordinator saved the file in LibreOffice (now with cached results), then more
    # registrations arrive: the overview must not show the old numbers.
    shutil.copy(recalculated, path)
    report = import_registrations(load_process(process_file), [export("limesurvey-code.csv")])
    assert report.total("new") == 5
    rows = tracker_rows(path)
    expected = truth(rows, CAPACITIES)
    assert expected["workshop-bildung"]["Warteliste"] == 2  # Ida, Jürgen, Chen have the 3
    assert computed(recalculate(path, workdir)) == expected


def test_tracker_saved_by_libreoffice_keeps_working(
    process_file: Path, workdir: Path, export: Callable[[str], Path]
) -> None:
    """After a save in LibreOffice: no false "would lose" alarm, imports and updates work."""
    from people_helpers import replace_in_process

    from integrakonzept.people.tracker import make_tracker
    from integrakonzept.people.workbook import roundtrip_losses

    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    shutil.copy(recalculate(path, workdir), path)
    assert roundtrip_losses(path) == []
    # the formula-looking organisation is still text after LibreOffice opened and saved it
    ws = load_workbook(path)["Anmeldungen"]
    [cell] = [c for c in ws["F"] if c.value == '=HYPERLINK("http://example.de";"Klick")']
    assert cell.data_type == "s"  # a string cell, not a formula
    replace_in_process(process_file, "kapazitaet: 6", "kapazitaet: 2")
    report = import_registrations(load_process(process_file), [export("gforms-de.csv")])
    assert report.refreshed  # the capacity changed: the overview was rebuilt on the way
    assert make_tracker(load_process(process_file), process_file).change == "unverändert"
    values = computed(recalculate(path, workdir))
    assert values["auftakt"]["Freie Plätze"] == 0
    rows = tracker_rows(path)
    assert values == truth(rows, {**CAPACITIES, "auftakt": 2})
