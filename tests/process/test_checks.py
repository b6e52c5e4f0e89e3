"""Plausibility warnings of ``ik check``: one test per warning, plus the quiet case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from integrakonzept.process.checks import plausibility_warnings
from integrakonzept.process.load import load_with_locator

Write = Callable[..., Path]
BEFORE = date(2030, 1, 10)


def warnings(path: Path, today: date = BEFORE) -> list[str]:
    process, locator = load_with_locator(path)
    prefix = f"{path}:"
    return [str(w).removeprefix(prefix) for w in plausibility_warnings(process, locator, today)]


PRIVACY = """
datenschutz:
  datenschutzbeauftragte:
    email: datenschutz@musterstadt.example.de
  aufsichtsbehoerde:
    name: Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein
"""


def with_phase(minimal: str, extra: str, *, privacy: bool = True) -> str:
    """``extra`` added to the first phase; the ``datenschutz:`` section goes last (same lines)."""
    text = minimal.rstrip("\n") + "\n" + extra.strip("\n") + "\n"
    return text + PRIVACY if privacy else text


def test_a_sound_file_has_no_warnings(write_yaml: Write, minimal_yaml: str) -> None:
    assert warnings(write_yaml(minimal_yaml)) == []


def test_deadline_after_the_event(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(
        minimal_yaml,
        "    kapazitaet: 50\n    anmeldung:\n      frist: 2030-03-25\n      email: a@musterstadt.example.de",
    )
    assert warnings(write_yaml(text)) == [
        "22:14: phasen[auftakt].anmeldung.frist: Anmeldeschluss 25.03.2030 liegt nach der Veranstaltung (19.03.2030)"
    ]


def test_registration_without_channel(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    kapazitaet: 50\n    anmeldung:\n      frist: 2030-03-05")
    assert warnings(write_yaml(text)) == [
        "22:7: phasen[auftakt].anmeldung: Anmeldung erforderlich, aber kein Weg angegeben (url, email oder telefon)"
    ]


def test_registration_without_capacity(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    anmeldung:\n      url: https://anmeldung.example.de/x")
    assert warnings(write_yaml(text)) == [
        "21:7: phasen[auftakt].anmeldung: Anmeldung erforderlich, aber keine kapazitaet angegeben (Warteliste nicht möglich)"
    ]


def test_no_registration_needed_is_quiet(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    anmeldung:\n      erforderlich: false")
    assert warnings(write_yaml(text)) == []


def test_event_in_the_past_without_results(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml)
    assert warnings(path, today=date(2030, 3, 20)) == [
        "17:12: phasen[auftakt].datum: die Veranstaltung liegt in der Vergangenheit (19.03.2030); tragen Sie die Ergebnisse unter „ergebnisse:“ ein"
    ]
    # On the day itself it is not yet past.
    assert warnings(path, today=date(2030, 3, 19)) == []


def test_event_in_the_past_with_results_is_quiet(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    ergebnisse:\n      teilnehmende: 40")
    assert warnings(write_yaml(text), today=date(2031, 1, 1)) == []


def test_phases_out_of_order(write_yaml: Write, minimal_yaml: str) -> None:
    text = (
        minimal_yaml + "  - id: forum\n    art: fachforum\n    titel: Forum\n    datum: 2030-02\n"
    )
    assert warnings(write_yaml(text)) == [
        "23:12: phasen[forum].datum: liegt zeitlich vor der vorherigen Phase „auftakt“; Phasen bitte in zeitlicher Reihenfolge angeben"
    ]


def test_same_month_is_not_out_of_order(write_yaml: Write, minimal_yaml: str) -> None:
    text = (
        minimal_yaml + "  - id: forum\n    art: fachforum\n    titel: Forum\n    datum: 2030-03\n"
    )
    assert warnings(write_yaml(text)) == []


def test_online_phase_without_url(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml + (
        "  - id: umfrage\n    art: online_befragung\n    titel: Umfrage\n"
        "    von: 2030-04-01\n    bis: 2030-04-30\n"
    )
    assert warnings(write_yaml(text)) == [
        "20:5: phasen[umfrage]: Online-Phase ohne url: wohin sollen die Menschen gehen?"
    ]


def test_phase_after_council_decision(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("datum: 2030-03-19", "datum: 2030-11-19") + (
        "  - id: rat\n    art: ratsbeschluss\n    titel: Beschluss\n    datum: 2030-10\n"
    )
    assert warnings(write_yaml(text)) == [
        "17:12: phasen[auftakt].datum: liegt nach dem Ratsbeschluss „rat“ (Oktober 2030)",
        "23:12: phasen[rat].datum: liegt zeitlich vor der vorherigen Phase „auftakt“; Phasen bitte in zeitlicher Reihenfolge angeben",
    ]


def test_registration_needs_exact_date(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(
        minimal_yaml.replace("datum: 2030-03-19", "datum: 2030-03"),
        "    kapazitaet: 30\n    anmeldung:\n      email: a@musterstadt.example.de",
    )
    assert warnings(write_yaml(text)) == [
        "17:12: phasen[auftakt].datum: Anmeldung erforderlich, aber noch kein genaues Datum"
    ]


def test_registrations_without_privacy_section(write_yaml: Write, minimal_yaml: str) -> None:
    extra = "    kapazitaet: 50\n    anmeldung:\n      url: https://anmeldung.example.de/x"
    without = warnings(write_yaml(with_phase(minimal_yaml, extra, privacy=False)))
    assert len(without) == 1 and without[0].startswith("22:7: phasen[auftakt].anmeldung: ")
    assert "Abschnitt „datenschutz:“ fehlt" in without[0] and "ik privacy-notice" in without[0]
    # with the section, or without any registration, nothing is said about it
    assert warnings(write_yaml(with_phase(minimal_yaml, extra))) == []
    assert warnings(write_yaml(minimal_yaml)) == []
    quiet = "    anmeldung:\n      erforderlich: false"
    assert warnings(write_yaml(with_phase(minimal_yaml, quiet, privacy=False))) == []


def test_privacy_warning_names_the_first_phase_that_collects(
    write_yaml: Write, minimal_yaml: str
) -> None:
    text = minimal_yaml + (
        "  - id: forum\n    art: fachforum\n    titel: Forum\n    datum: 2030-04-02\n"
        "    kapazitaet: 20\n    anmeldung:\n      email: a@musterstadt.example.de\n"
    )
    found = [w for w in warnings(write_yaml(text)) if "datenschutz" in w]
    assert len(found) == 1 and "phasen[forum].anmeldung" in found[0]


COUNCIL = """
  - id: rat
    art: ratsbeschluss
    titel: Beschluss des Rates
    datum: 2030-06
    gremium: Rat der Stadt Musterstadt
"""


def test_a_past_council_step_without_its_outcome(write_yaml: Write, minimal_yaml: str) -> None:
    results = "    ergebnisse:\n      teilnehmende: 40"
    path = write_yaml(with_phase(minimal_yaml, results + COUNCIL))
    expected = (
        "25:12: phasen[rat].datum: der Termin ist vorbei (Juni 2030), aber kein Ergebnis "
        "eingetragen; tragen Sie bei der Phase „beschluss:“ ein mit datum (JJJJ-MM-TT), "
        "ergebnis (z. B. einstimmig beschlossen) und drucksache – oder „status: verschoben“"
    )
    assert warnings(path, today=date(2030, 7, 1)) == [expected]
    assert warnings(path, today=date(2030, 6, 30)) == []  # the month is not over yet
    # a status does not hide it; an outcome or a postponement does
    marked = write_yaml(with_phase(minimal_yaml, results + COUNCIL + "    status: abgeschlossen"))
    assert warnings(marked, today=date(2030, 7, 1)) == [expected]
    for extra in (
        "    status: verschoben",
        "    beschluss:\n      datum: 2030-06-12\n      ergebnis: einstimmig beschlossen",
    ):
        quiet = write_yaml(with_phase(minimal_yaml, results + COUNCIL + extra))
        assert warnings(quiet, today=date(2031, 1, 1)) == []


@pytest.mark.parametrize(
    ("times", "flagged"),
    [
        (("16:00", "16:20", "18:30"), []),
        (("15:30", "16:20", "18:30"), [0]),
        (("15:59", "15:45", "16:00"), [0, 1]),
        (("16:00", "18:59", "19:00"), [2]),
        (("16:00", None, "19:30"), [2]),
    ],
)
def test_programme_items_outside_the_event_times(
    write_yaml: Write, minimal_yaml: str, times: tuple[str | None, ...], flagged: list[int]
) -> None:
    items = "".join(
        f"      - titel: Punkt {n}\n" + (f'        zeit: "{t}"\n' if t else "")
        for n, t in enumerate(times)
    )
    found = warnings(write_yaml(with_phase(minimal_yaml, "    programm:\n" + items)))
    assert len(found) == len(flagged), found
    for message, number in zip(found, flagged, strict=True):
        assert f"phasen[auftakt].programm[{number + 1}].zeit" in message
        assert f"„Punkt {number}“ um {times[number]} Uhr" in message
        before = times[number] is not None and times[number] < "16:00"  # type: ignore[operator]
        assert ("vor dem Beginn (16:00 Uhr)" in message) is before
        assert ("nicht vor dem Ende (19:00 Uhr)" in message) is not before


def test_a_programme_over_several_days_is_not_checked_against_the_times(
    write_yaml: Write, minimal_yaml: str
) -> None:
    extra = '    datum_bis: 2030-03-20\n    programm:\n      - titel: Tag 2\n        zeit: "09:00"\n'
    assert warnings(write_yaml(with_phase(minimal_yaml, extra))) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2030, 3, 5), False), (date(2030, 3, 6), True), (date(2030, 3, 18), True),
     (date(2030, 3, 19), False), (date(2030, 3, 20), False)],
)
def test_registration_deadline_passed_before_the_event(
    write_yaml: Write, minimal_yaml: str, today: date, expected: bool
) -> None:
    extra = (
        "    kapazitaet: 50\n    anmeldung:\n      frist: 2030-03-05\n"
        "      url: https://anmeldung.example.de/x\n"
    )
    found = [w for w in warnings(write_yaml(with_phase(minimal_yaml, extra)), today=today)
             if "Anmeldeschluss" in w]
    assert len(found) == expected
    if expected:
        assert "phasen[auftakt].anmeldung.frist: der Anmeldeschluss 05.03.2030 ist vorbei" in found[0]
        assert "neue Frist unter „anmeldung: frist“" in found[0]
