"""The loader: strict YAML, located German errors, every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from integrakonzept.errors import InputFileError, ProcessFileError
from integrakonzept.process.load import load_process
from integrakonzept.process.model import EventPhase, MilestonePhase, OnlinePhase
from integrakonzept.process.types import PartialDate

Write = Callable[..., Path]


def problems(path: Path) -> list[str]:
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    prefix = f"{path}:"
    return [str(p).removeprefix(prefix) for p in info.value.problems]


def with_phase(minimal: str, extra: str) -> str:
    """The minimal file with extra lines appended to its one phase."""
    return minimal.rstrip("\n") + "\n" + extra.strip("\n") + "\n"


def test_minimal_file_loads(write_yaml: Write, minimal_yaml: str) -> None:
    process = load_process(write_yaml(minimal_yaml))
    phase = process.phases[0]
    assert isinstance(phase, EventPhase)
    assert phase.date == PartialDate(2030, 3, 19)
    assert phase.start == time(16, 0) and phase.end == time(19, 0)
    assert process.press_contact == process.contact
    assert process.dateline == "Musterstadt"
    assert process.tracker is not None and process.tracker.name == "anmeldungen.xlsx"
    assert process.tracker.is_absolute()


def test_unquoted_time_stays_a_time(write_yaml: Write, minimal_yaml: str) -> None:
    # YAML 1.1 reads 18:00 as the sexagesimal number 1080; the strict loader does not.
    text = minimal_yaml.replace('beginn: "16:00"', "beginn: 16:00").replace(
        'ende: "19:00"', "ende: 19:00"
    )
    phase = load_process(write_yaml(text)).phases[0]
    assert isinstance(phase, EventPhase)
    assert phase.start == time(16, 0) and phase.end == time(19, 0)


def test_impossible_date_is_located(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("2030-03-19", "2025-02-30"))
    assert problems(path) == [
        "17:12: phasen[auftakt].datum: „2025-02-30“: diesen Tag gibt es im Kalender nicht"
    ]


def test_no_is_not_false(write_yaml: Write, minimal_yaml: str) -> None:
    # `no` (Norwegian) must stay a language code, not become the boolean False.
    text = minimal_yaml.replace("handlungsfelder:", "sprachen: [de, no]\nhandlungsfelder:", 1)
    assert load_process(write_yaml(text)).languages == ["de", "no"]


def test_yes_is_not_a_boolean(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    kostenfrei: yes")
    assert problems(write_yaml(text)) == [
        "20:17: phasen[auftakt].kostenfrei: erwartet true oder false (bzw. ja oder nein)"
    ]


def test_ja_and_nein_are_accepted(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    kostenfrei: ja")
    phase = load_process(write_yaml(text)).phases[0]
    assert isinstance(phase, EventPhase) and phase.free_of_charge is True


def test_duplicate_key_is_an_error(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("titel: Auftakt\n", "titel: Auftakt\n    titel: Noch einmal\n")
    assert problems(write_yaml(text)) == [
        "17:5: phasen[auftakt].titel: Schlüssel „titel“ steht doppelt (zuerst in Zeile 16)"
    ]


def test_postal_code_with_leading_zero(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(
        minimal_yaml, "    ort:\n      name: Rathaus\n      plz: 01067\n      ort: Dresden"
    )
    phase = load_process(write_yaml(text)).phases[0]
    assert isinstance(phase, EventPhase) and phase.venue is not None
    assert phase.venue.postal_code == "01067"
    assert phase.venue.address == "01067 Dresden"


def test_unknown_key_suggests_the_right_one(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    kapazität: 50")
    assert problems(write_yaml(text)) == [
        "20:5: phasen[auftakt].kapazität: unbekannter Schlüssel „kapazität“ – meinten Sie „kapazitaet“?"
    ]


def test_unknown_key_lists_allowed_keys(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("  art: Stadt\n", "  art: Stadt\n  einwohnerzahl: 50000\n")
    assert problems(write_yaml(text)) == [
        "5:3: kommune.einwohnerzahl: unbekannter Schlüssel „einwohnerzahl“; erlaubt sind: art, land, name, website"
    ]


def test_every_problem_is_reported_at_once(write_yaml: Write, minimal_yaml: str) -> None:
    text = (
        minimal_yaml.replace("art: Stadt", "art: Dorf")
        .replace("integration@musterstadt.example.de", "keine-adresse")
        .replace("    datum: 2030-03-19", "    datum: 2030-03-19\n    handlungsfelder: [sprach]")
        .replace('ende: "19:00"', 'ende: "15:00"')
    )
    assert problems(write_yaml(text)) == [
        "4:8: kommune.art: „Dorf“ ist hier nicht erlaubt; erlaubt sind: Stadt, Kreis, Bezirk, Gemeinde, Amt",
        "9:10: kontakt.email: „keine-adresse“ ist keine gültige E-Mail-Adresse",
        "18:23: phasen[auftakt].handlungsfelder[1]: unbekannte Handlungsfeld-Kennung „sprach“ – meinten Sie „sprache“?",
        "20:11: phasen[auftakt].ende: Ende 15:00 liegt nicht nach Beginn 16:00",
    ]


def test_duplicate_ids(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace(
        "    titel: Sprache\n", "    titel: Sprache\n  - id: sprache\n    titel: Noch einmal\n"
    )
    assert problems(write_yaml(text)) == [
        "13:9: handlungsfelder[sprache].id: die Kennung „sprache“ ist schon vergeben"
    ]


def test_unknown_phase_reference(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    bezug: [entwurf]")
    assert problems(write_yaml(text)) == [
        "20:13: phasen[auftakt].bezug[1]: unbekannte Phasen-Kennung „entwurf“"
    ]


def test_results_reference_unknown_handlungsfeld(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(
        minimal_yaml,
        "    ergebnisse:\n      handlungsfelder:\n        - handlungsfeld: wohnen\n          ziele: [x]",
    )
    assert problems(write_yaml(text)) == [
        "22:26: phasen[auftakt].ergebnisse.handlungsfelder[1].handlungsfeld: "
        "unbekannte Handlungsfeld-Kennung „wohnen“; bekannt sind: sprache"
    ]


def test_registration_deadline_must_be_a_date(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    anmeldung:\n      frist: zwei Wochen vorher")
    assert problems(write_yaml(text)) == [
        "21:14: phasen[auftakt].anmeldung.frist: „zwei Wochen vorher“ ist kein Datum; "
        "erwartet JJJJ-MM-TT (z. B. 2025-03-19)"
    ]


def test_registration_deadline_needs_a_day(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    anmeldung:\n      frist: 2030-03")
    assert problems(write_yaml(text)) == [
        "21:14: phasen[auftakt].anmeldung.frist: hier ist ein genaues Datum nötig (JJJJ-MM-TT), nicht nur ein Monat"
    ]


def test_german_date_gets_a_correction(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("2030-03-19", "19.03.2030"))
    assert problems(path) == [
        "17:12: phasen[auftakt].datum: „19.03.2030“: bitte als JJJJ-MM-TT schreiben, also 2030-03-19"
    ]


def test_invalid_url(write_yaml: Write, minimal_yaml: str) -> None:
    text = with_phase(minimal_yaml, "    anmeldung:\n      url: www.musterstadt.de")
    assert problems(write_yaml(text)) == [
        "21:12: phasen[auftakt].anmeldung.url: „www.musterstadt.de“ ist keine gültige Internetadresse; "
        "sie beginnt mit https:// (z. B. https://www.elmshorn.de/integration)"
    ]


def test_unknown_phase_kind_points_at_art(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("art: auftakt", "art: kickoff"))
    (message,) = problems(path)
    assert message.startswith(
        "15:10: phasen[auftakt].art: unbekannte Art „kickoff“; erlaubt sind: auftakt,"
    )


def test_missing_required_key(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.replace("  name: Erika Muster\n", ""))
    assert problems(path) == ["7:1: kontakt.name: Pflichtangabe fehlt"]


def test_online_phase_end_before_start(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml + (
        "  - id: umfrage\n    art: online_befragung\n    titel: Umfrage\n"
        "    von: 2030-05-10\n    bis: 2030-05-01\n"
    )
    assert problems(write_yaml(text)) == [
        "24:10: phasen[umfrage].bis: bis (2030-05-01) liegt vor von (2030-05-10)"
    ]


def test_invalid_phone(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("  name: Erika Muster\n", '  name: Erika Muster\n  telefon: "12"\n')
    assert problems(write_yaml(text)) == [
        "9:12: kontakt.telefon: „12“ ist keine gültige deutsche Telefonnummer; erwartet z. B. 04121 231-475"
    ]


def test_month_only_dates_and_phase_kinds(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml + (
        "  - id: forum\n    art: fachforum\n    titel: Forum\n    datum: 2030-04\n"
        "  - id: umfrage\n    art: online_kommentierung\n    titel: Entwurf\n"
        "    von: 2030-05-01\n    bis: 2030-05-28\n    url: https://beteiligung.example.de/entwurf\n"
        "  - id: rat\n    art: ratsbeschluss\n    titel: Beschluss\n    datum: 2030-09\n"
    )
    process = load_process(write_yaml(text))
    kinds = [type(p) for p in process.phases]
    assert kinds == [EventPhase, EventPhase, OnlinePhase, MilestonePhase]
    forum = process.phase("forum")
    assert isinstance(forum, EventPhase)
    assert not forum.date.is_exact and forum.date.last_day() == date(2030, 4, 30)
    assert process.council_decision() is process.phase("rat")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "1:1: Die Datei ist leer."),
        (b"# nur ein Kommentar\n", "1:1: Die Datei ist leer."),
        (
            b"- titel: x\n- titel: y\n",
            "1:1: Erwartet werden Schlüssel wie „titel:“ und „phasen:“, gefunden wurde eine Liste.",
        ),
        (
            b"titel: M\xfcnster\n",
            "1:9: Die Datei ist nicht UTF-8-kodiert (z. B. Windows-1252 oder ISO-8859-1).",
        ),
        (
            b"titel: x\n\tkommune: y\n",
            "2:1: YAML-Fehler: Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken",
        ),
        (
            b"titel: Motto: gemeinsam\n",
            "1:13: YAML-Fehler: hier ist kein „:“ erlaubt (Text mit Doppelpunkt in Anführungszeichen setzen)",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_bytes(content)
    assert problems(path) == [expected]


def test_utf8_bom_is_accepted(write_yaml: Write, minimal_yaml: str, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal_yaml.lstrip("\n").encode())
    assert load_process(path).title == "Integrationskonzept Musterstadt"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as info:
        load_process(tmp_path / "fehlt.yaml")
    assert info.value.message == f"Die Datei {tmp_path / 'fehlt.yaml'} gibt es nicht."
    assert info.value.hint == "Mit „ik new-process ORDNER“ legen Sie eine neue Prozessdatei an."


def test_error_messages_contain_no_personal_data_beyond_the_value(
    write_yaml: Write, minimal_yaml: str
) -> None:
    # The message names the key and the wrong value, never the rest of the record.
    path = write_yaml(
        minimal_yaml.replace("integration@musterstadt.example.de", "erika(at)example.de")
    )
    (message,) = problems(path)
    assert "Erika Muster" not in message
