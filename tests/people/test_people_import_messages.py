"""The German of the import's own messages: singular and plural, and quotation marks inside
quotation marks („Auftaktveranstaltung ‚Elmshorn im Dialog‘“, never „…„…““)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from people_helpers import EXPORTS, PROCESS
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.normalize import quote
from integrakonzept.process.load import load_process

ELMSHORN = Path(__file__).parents[2] / "examples" / "elmshorn-2025"
NESTED = re.compile(r"„[^“]*„")


def test_quote_turns_inner_quotation_marks_into_single_ones() -> None:
    assert quote("Auftakt") == "„Auftakt“"
    assert quote("Sommerfest „Miteinander“") == "„Sommerfest ‚Miteinander‘“"
    assert quote('Sommerfest "Miteinander"') == "„Sommerfest ‚Miteinander‘“"
    assert quote("Sommerfest “Miteinander”") == "„Sommerfest ‚Miteinander‘“"


def test_an_event_title_in_quotes_is_quoted_with_single_marks_inside(tmp_path: Path) -> None:
    shutil.copy(PROCESS, tmp_path / "prozess.yaml")
    source = tmp_path / "export.csv"
    source.write_text(
        "Vorname,Nachname,E-Mail,Teilnahme an „Veranstaltung“\n"
        'Eva,Ernst,eva@example.de,"Sommerfest „Miteinander“"\n'
        'Udo,Ulm,udo@example.de,"Sommerfest „Miteinander“, Fachforum Arbeit"\n',
        encoding="utf-8",
    )
    report = import_registrations(load_process(tmp_path / "prozess.yaml"), [source])
    [file] = report.files
    texts = [r.reason for r in file.rejected] + file.notes + report.notes + [file.event_how]
    assert [r.reason for r in file.rejected] == [
        "unbekannte Veranstaltung „Sommerfest ‚Miteinander‘“",
        "unbekannte Veranstaltung „Sommerfest ‚Miteinander‘“ – die andere Veranstaltung "
        "dieser Antwort wurde übernommen (fachforum-arbeit)",
    ]
    assert file.event_how == "aus der Spalte „Teilnahme an ‚Veranstaltung‘“"
    assert not [t for t in texts if NESTED.search(t)]


def test_one_missing_interpreting_language_is_named_in_the_singular(tmp_path: Path) -> None:
    shutil.copytree(ELMSHORN, tmp_path / "e")
    process = tmp_path / "e" / "prozess.yaml"
    assert CliRunner().invoke(app, ["tracker", str(process)]).exit_code == 0
    shutil.copy(EXPORTS / "gforms-de.csv", tmp_path / "gforms-de.csv")
    report = import_registrations(load_process(process), [tmp_path / "gforms-de.csv"])
    notes = [n for n in report.notes if n.startswith("Dolmetsch-Sprache")]
    assert notes == [
        "Dolmetsch-Sprache ohne eigene Spalte in der Übersicht: Portugiesisch – „ik tracker“ "
        "nimmt sie auf (die Summe „Dolmetschen“ zählt sie schon)."
    ]


def test_how_the_event_was_found_has_no_parentheses_inside_parentheses(tmp_path: Path) -> None:
    shutil.copytree(ELMSHORN, tmp_path / "e")
    shutil.copy(EXPORTS / "nextcloud.csv", tmp_path / "nextcloud.csv")
    report = import_registrations(load_process(tmp_path / "e" / "prozess.yaml"), [tmp_path / "nextcloud.csv"])
    [file] = report.files
    assert file.event_how.endswith(
        "Zeilen ohne Angabe: auftakt (die einzige Veranstaltung, für die am 04.03.2025, dem Tag "
        "der neuesten Anmeldung, Anmeldungen offen waren)"
    )
    assert not re.search(r"\([^)]*\(", file.event_how)
