"""The three commands through the CLI (a little), error texts, start-up imports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.errors import ImportError_, UsageError
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

runner = CliRunner()


def _ik(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr + result.stdout


def test_tracker_command(process_file: Path) -> None:
    code, out = _ik("tracker", str(process_file))
    path = process_file.parent / "anmeldungen.xlsx"
    assert code == 0, out
    assert f"erstellt: {path} (3 Veranstaltungen, 3 Handlungsfelder)" in out.replace("\n", "")
    code, out = _ik("tracker", str(process_file))
    assert code == 0 and f"unverändert: {path}" in out.replace("\n", "")


def test_tracker_command_counts_one_event_in_the_singular(workdir: Path) -> None:
    single = workdir / "einzeln.yaml"
    single.write_text(
        "titel: Integrationskonzept Musterstadt\n"
        "kommune: {name: Musterstadt, art: Stadt}\n"
        "veranstalter: {institution: Stadt Musterstadt}\n"
        "kontakt: {name: Kim Beispiel, email: integration@musterstadt.example.de}\n"
        "handlungsfelder:\n  - {id: sprache, titel: Sprache und Bildung}\n"
        "phasen:\n  - {id: auftakt, art: auftakt, titel: Auftakt, datum: 2025-03-19}\n",
        encoding="utf-8",
    )
    code, out = _ik("tracker", str(single), "-o", str(workdir / "einzeln.xlsx"))
    flat = " ".join(out.split())
    assert code == 0, out
    assert "(1 Veranstaltung, 1 Handlungsfeld)" in flat
    assert "Veranstaltungen" not in flat and "Handlungsfelder)" not in flat


def test_import_command(process_file: Path, export: Callable[[str], Path]) -> None:
    source = export("msforms-de.xlsx")
    code, out = _ik("import-registrations", str(process_file), str(source), "--dry-run")
    assert code == 0, out
    assert "Probelauf (--dry-run)" in out
    assert not (process_file.parent / "anmeldungen.xlsx").exists()

    code, out = _ik("import-registrations", str(process_file), str(source))
    flat = " ".join(out.split())
    assert code == 0, out
    assert "Warnung: abgelehnt: Zeile 6 in msforms-de.xlsx: ungültige E-Mail-Adresse" in flat
    assert "Warnung: abgelehnt: Zeile 7 in msforms-de.xlsx: kein Name" in flat
    assert "– korrigieren und erneut importieren" in flat
    assert f"erstellt: {process_file.parent / 'anmeldungen.xlsx'}" in flat
    assert "Import" in out and "Veranstaltungen" in out

    code, out = _ik("-q", "import-registrations", str(process_file), str(source))
    assert code == 0
    assert "Keine Änderungen" not in out  # --quiet: only warnings
    code, out = _ik("import-registrations", str(process_file), str(source))
    assert "Keine Änderungen – " in out and "bleibt unverändert." in " ".join(out.split())


def test_import_command_errors(process_file: Path, export: Callable[[str], Path]) -> None:
    source = export("gforms-de.csv")
    code, out = _ik("import-registrations", str(process_file), str(source), "--phase", "xyz")
    assert code == 2  # a wrong option value: usage error
    assert " ".join(out.split()) == (
        "Fehler: Die Phase „xyz“ gibt es in der Prozessdatei nicht. Veranstaltungen: "
        "auftakt, workshop-bildung, fachforum-arbeit."
    )
    code, out = _ik(
        "import-registrations", str(process_file), str(export("limesurvey-codes-unbekannt.csv"))
    )
    assert code == 1
    flat = " ".join(out.split())
    assert flat.startswith(
        "Fehler: limesurvey-codes-unbekannt.csv: keine Spalte für den Namen gefunden "
        "(Name (name) oder Vorname (vorname) und Nachname (nachname)). "
        "Nicht erkannte Spalten: „G01Q01“, „G01Q02“, „G01Q03“, „G02Q01“ "
        "Hinweis: Schreiben Sie mit --write-mapping zuordnung.yaml eine Zuordnungsdatei"
    )
    assert flat.endswith("Warnung: 1 von 1 Datei nicht importiert.")


def test_attendance_command(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    import_registrations(load_process(process_file), [export("limesurvey-vollstaendig.csv")])
    present = workdir / "da.txt"
    present.write_text("Lena Wagner\nUnbekannte Person\n", encoding="utf-8")
    code, out = _ik(
        "attendance", str(process_file), "--phase", "auftakt", "--present", str(present)
    )
    flat = " ".join(out.split())
    assert code == 0, out
    assert (
        "auftakt: 2 Einträge auf der Liste, 1 zugeordnet (0 schon eingetragen), 2 als „nein“ "
        "markiert, 0 ohne Anmeldung ergänzt." in flat
    )
    assert "Warnung: nicht gefunden: „Unbekannte Person“" in flat
    assert "Mit --add-walk-ins werden nicht gefundene Namen als neue Zeilen übernommen." in flat


def test_library_error_texts(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    source = export("gforms-de.csv")
    with pytest.raises(UsageError) as err:
        import_registrations(load_process(process_file), [source], phase="online-befragung")
    assert err.value.message == (
        "Die Phase „online-befragung“ ist keine Veranstaltung; Anmeldungen gibt es nur für "
        "Veranstaltungen: auftakt, workshop-bildung, fachforum-arbeit."
    )
    with pytest.raises(ImportError_) as err:
        import_registrations(load_process(process_file), [])
    assert err.value.message == "Keine Exportdatei angegeben."
    mapping = workdir / "m.yaml"
    mapping.write_text("veranstaltungen:\n  Sommerfest: sommerfest\n", encoding="utf-8")
    with pytest.raises(ImportError_) as err:
        import_registrations(load_process(process_file), [source], mapping=mapping)
    assert err.value.message == (
        f"{mapping}: veranstaltungen: die Phase „sommerfest“ gibt es nicht. "
        "Veranstaltungen: auftakt, workshop-bildung, fachforum-arbeit."
    )
    no_names = workdir / "ohne-namen.csv"
    no_names.write_text("Veranstaltung;Uhrzeit\r\nauftakt;10:00\r\n", encoding="utf-8")
    report = import_registrations(load_process(process_file), [no_names])
    [failed] = report.failed
    assert failed.error == (
        "ohne-namen.csv: keine Spalte für den Namen gefunden (Name (name) oder Vorname "
        "(vorname) und Nachname (nachname)).\nNicht erkannte Spalten: „Uhrzeit“"
    )
    assert not report.changed and not report.tracker.exists()


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from integrakonzept.cli import app\n"
        "try:\n"
        "    app(['import-registrations', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['openpyxl', 'python_calamine', 'email_validator', 'lxml']\n"
        "print('HEAVY:' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY:"
