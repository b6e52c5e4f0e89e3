"""The commands ``ik export-results`` and ``ik status`` (CliRunner), and the examples."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook
from results_helpers import SECRETS, Case
from typer.testing import CliRunner

from conftest import EXAMPLES
from integrakonzept.cli import app
from integrakonzept.results.export import BASENAME


def flat(text: str) -> str:
    """Terminal output with its line wrapping undone."""
    return " ".join(text.split())

pytest_plugins = ["results_fixtures"]  # fixtures: musterstadt

runner = CliRunner()


def test_export_results_with_personal_data_writes_a_separate_internal_list(musterstadt: Case) -> None:
    out = musterstadt.folder / "gremien"
    result = runner.invoke(
        app,
        ["export-results", str(musterstadt.process), "-o", str(out), "--format", "xlsx",
         "--with-personal-data", "--today", "2030-06-15"],
    )
    assert result.exit_code == 0, result.output
    internal = out / f"{BASENAME}-INTERN-Teilnehmende.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{BASENAME}-Statistik.xlsx", internal.name]
    )
    assert f"Warnung: {internal.name} enthält personenbezogene Daten" in result.output
    assert f"erstellt: {internal}" in result.output
    sheet = load_workbook(internal)["Teilnehmende"]
    assert sheet["A2"].value.startswith("INTERN – enthält personenbezogene Daten.")
    assert "Löschen bis spätestens 20.09.2031." in sheet["A2"].value  # 12 months after the last event
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    # every registration that was not cancelled: 26 + 10 + 8 + 40
    assert len(rows) == 84
    assert ("Auftaktveranstaltung", "19.03.2030", "QxnPo1", "QxvPo1", None, "Politik", "angemeldet", "ja") in rows
    # only what a proof of participation needs: no e-mail, phone, notes, needs
    text = "\n".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v)
    for secret in ("geheim.example.de", "99887766", "NOTIZ-GEHEIM", "ANMERKUNG-GEHEIM", "GEHEIMBF", "Qxgeheim"):
        assert secret not in text
    # the statistics beside it stay free of personal data
    stats = "\n".join(
        str(v) for ws in load_workbook(out / f"{BASENAME}-Statistik.xlsx") for r in ws.iter_rows(values_only=True) for v in r if v
    )
    assert not any(secret.casefold() in stats.casefold() for secret in SECRETS)


def test_export_results_reports_tracker_notes_and_threshold(musterstadt: Case) -> None:
    out = musterstadt.folder / "md"
    result = runner.invoke(
        app,
        ["export-results", str(musterstadt.process), "-o", str(out), "-F", "md", "--threshold", "5",
         "--today", "2030-06-15"],
    )
    assert result.exit_code == 0, result.output
    assert "1 Zeile der Anmeldeliste passt zu keiner Veranstaltung" in flat(result.output)
    assert "Die Anmeldeliste zählt 21 Teilnehmende, die Prozessdatei nennt 99" in flat(result.output)
    text = (out / f"{BASENAME}.md").read_text(encoding="utf-8")
    assert "| Hauptamtliche | 5 |" in text
    assert "| Ehrenamtliche | < 5 |" in text  # 4 is below 5 now
    assert "| Einwohner:innen | 15 |" in text
    assert "Zahlen unter 5 als „\\< 5“" in text


def test_export_results_without_tracker_uses_the_process_file(tmp_path: Path) -> None:
    folder = tmp_path / "ostholstein"
    shutil.copytree(EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe"))
    result = runner.invoke(
        app, ["export-results", str(folder / "prozess.yaml"), "-F", "md,docx", "--today", "2025-09-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Keine Anmeldeliste gefunden" in result.output
    text = (folder / "ausgabe" / "dokumentation" / f"{BASENAME}.md").read_text(encoding="utf-8")
    assert "Für diese Dokumentation lag keine Anmeldeliste vor" in text
    assert "| Zukunftskonferenz – Ostholstein auf dem Weg zum Integrationskonzept | 25.03.2025 | Hauptamtliche, Verwaltung | 80 | 75¹ |" in text
    assert "Übersicht aller Sprachkursangebote im Kreis" in text


def test_export_results_dry_run_writes_nothing(musterstadt: Case) -> None:
    result = runner.invoke(
        app, ["export-results", str(musterstadt.process), "-F", "md", "--dry-run", "--today", "2030-06-15"]
    )
    assert result.exit_code == 0, result.output
    assert "geplant:" in result.output
    assert not (musterstadt.folder / "ausgabe").exists()


def test_export_results_errors(musterstadt: Case, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export-results", str(musterstadt.process), "-F", "odt"])
    assert result.exit_code == 2
    assert "Fehler: Das Format „odt“ gibt es nicht." in result.output
    missing = tmp_path / "fehlt.xlsx"
    result = runner.invoke(app, ["export-results", str(musterstadt.process), "--tracker", str(missing)])
    assert result.exit_code == 1
    assert f"Fehler: Die Anmeldeliste {missing} gibt es nicht." in result.output
    (musterstadt.tracker).unlink()
    result = runner.invoke(app, ["export-results", str(musterstadt.process), "--with-personal-data"])
    assert result.exit_code == 2
    assert "ist eine Anmeldeliste nötig" in result.output


def test_status_dashboard(musterstadt: Case) -> None:
    result = runner.invoke(app, ["status", str(musterstadt.process), "--today", "2030-03-02"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Integrationskonzept Musterstadt · Stadt Musterstadt" in out
    assert "Stand: Samstag, 2. März 2030" in out
    assert "in 17 Tagen" in out  # Auftakt on 19.03.
    assert "24 von 30" in out and "10 von 12" in out and "40 von 100" in out
    assert "Dolmetschen: Arabisch 6, Türkisch 1, weitere Sprachen 1" in out
    assert "Anmeldeschluss für „Auftaktveranstaltung“ ist in 3 Tagen" in out
    assert "2 auf der Warteliste, aber 6 Plätze frei" in out
    assert not any(secret in out for secret in SECRETS)


def test_status_after_events_and_with_a_built_invitation(musterstadt: Case) -> None:
    invitation = musterstadt.folder / "ausgabe" / "konferenz" / "konferenz-einladung.pdf"
    invitation.parent.mkdir(parents=True)
    invitation.write_bytes(b"%PDF")
    result = runner.invoke(
        app, ["status", str(musterstadt.process), "--tracker", str(musterstadt.tracker), "--today", "2030-09-08"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "21 von 24 da" in out
    assert "„Workshop Wohnen“ ist vorbei: Teilnahme in der Anmeldeliste eintragen" in out
    assert "Anmeldeschluss für „Integrationskonferenz“" not in out  # the invitation exists
    assert "in 12 Tagen" in out


def test_status_todos_for_retention_and_documentation(musterstadt: Case) -> None:
    result = runner.invoke(app, ["status", str(musterstadt.process), "--today", "2031-10-01"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Aufbewahrungsfrist abgelaufen (19.03.2031): Anmeldedaten zu „Auftaktveranstaltung“ löschen (ik purge)." in flat


def test_status_without_tracker_and_with_check_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "elmshorn"
    shutil.copytree(EXAMPLES / "elmshorn-2025", folder, ignore=shutil.ignore_patterns("ausgabe"))
    result = runner.invoke(app, ["status", str(folder / "prozess.yaml"), "--today", "2025-06-10"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Keine Anmeldeliste gefunden" in flat
    # ik check warns about the past Fachrunde without results
    assert "tragen Sie die Ergebnisse unter „ergebnisse:“ ein" in flat
    assert "phasen[fachrunde-ehrenamt].datum" in flat
    assert "die Dokumentation für die Gremien erstellen: ik export-results" in flat


def test_status_rejects_a_bad_date(musterstadt: Case) -> None:
    result = runner.invoke(app, ["status", str(musterstadt.process), "--today", "2030-02-30"])
    assert result.exit_code == 2


def test_status_shows_the_documentations_participants_from_the_process_file(
    tmp_path: Path,
) -> None:
    """Ostholstein: the Zukunftskonferenz has ``teilnehmende: 75`` and no tracker rows;
    ``ik status`` shows those 75 (as the documentation does), not „0 angemeldet“."""
    process = tmp_path / "prozess.yaml"
    shutil.copy(EXAMPLES / "ostholstein-2025" / "prozess.yaml", process)
    assert runner.invoke(app, ["tracker", str(process)]).exit_code == 0
    result = runner.invoke(
        app, ["status", str(process), "--today", "2025-05-20"], env={"COLUMNS": "220"}
    )
    assert result.exit_code == 0, result.output
    zk = next(line for line in result.output.splitlines() if "Zukunftskonferenz" in line)
    assert "75 Teilnehmende (laut Prozessdatei)" in zk
    assert "angemeldet" not in zk and "Teilnahme offen" not in zk
    # the event without results and without registrations still says so
    experts = next(line for line in result.output.splitlines() if "Experten-Runden" in line)
    assert "0 angemeldet, Teilnahme offen" in experts


def test_export_results_with_partial_attendance_labels_persons_and_missing_results(
    tmp_path: Path,
) -> None:
    """Ostholstein: the Zukunftskonferenz counts 75 from the process file, the
    Beteiligungsveranstaltung has attendance (3 registered, 2 walk-ins) but no ``ergebnisse:``.
    The key figures say that results are missing, and the tile of distinct persons says it
    counts only people in the tracker; walk-ins are no registrations."""
    from conftest import ROOT

    process = tmp_path / "prozess.yaml"
    shutil.copy(EXAMPLES / "ostholstein-2025" / "prozess.yaml", process)
    source = tmp_path / "gforms-de.csv"
    shutil.copy(ROOT / "tests" / "data" / "exports" / "gforms-de.csv", source)
    result = runner.invoke(
        app, ["import-registrations", str(process), str(source), "--phase", "beteiligung-ehrenamt"]
    )
    assert result.exit_code == 0, result.output
    present = tmp_path / "da.txt"
    present.write_text(
        "Anna Schmidt\nJoão da Silva\nMehmet Özdemir\nPaula Passant\nOtto Ohne\n", encoding="utf-8"
    )
    result = runner.invoke(
        app,
        ["attendance", str(process), "--phase", "beteiligung-ehrenamt", "--present", str(present),
         "--add-walk-ins"],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "doku"
    result = runner.invoke(
        app, ["export-results", str(process), "-o", str(out), "--format", "md", "--today", "2025-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (out / f"{BASENAME}.md").read_text(encoding="utf-8")
    figures = {
        cells[1]: (cells[2], cells[3])
        for line in text.splitlines()
        if line.startswith("| ") and len(cells := [c.strip() for c in line.split("|")]) == 5
    }
    assert figures["Veranstaltungen"] == (
        "3", "alle durchgeführt; bei einer vergangenen fehlen die Ergebnisse"
    )
    assert figures["Anmeldungen"][0] == "3"  # the walk-ins are no registrations
    assert figures["Teilnahmen"][0] == "80"  # 75 + 5 who came
    assert figures["In der Anmeldeliste erfasst"][0] == "5"
    assert "nicht in der Anmeldeliste" in figures["In der Anmeldeliste erfasst"][1]
    assert "Erreichte Personen" not in text
    assert "alle durchgeführt |" not in text
    status = runner.invoke(
        app, ["status", str(process), "--today", "2025-06-01"], env={"COLUMNS": "220"}
    )
    assert status.exit_code == 0, status.output
    row = next(line for line in status.output.splitlines() if "Zivilgesellschaft" in line)
    assert "3 von 3 da, dazu 2 ohne Anmeldung" in row
    assert "5 von" not in row
