"""The document commands on the command line: options, reports on stderr, exit codes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from documents_support import EXAMPLES, needs_poppler
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.render.catalogue import text
from integrakonzept.render.languages import language

runner = CliRunner()
ELMSHORN = str(EXAMPLES / "elmshorn-2025" / "prozess.yaml")
OSTHOLSTEIN = str(EXAMPLES / "ostholstein-2025" / "prozess.yaml")


def test_press_release_to_stdout_is_data_reports_go_to_stderr(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["press-release", ELMSHORN, "-p", "auftakt", "-k", "ankuendigung", "--date", "2025-02-18", "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Pressemitteilung\n\nElmshorn, 18.02.2025\n")
    assert result.stderr == ""


def test_press_release_files(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["press-release", ELMSHORN, "-p", "auftakt", "-k", "ankuendigung", "-F", "docx", "-F", "md",
         "-o", str(tmp_path), "--date", "2025-02-18"],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"erstellt: {tmp_path / 'auftakt-pressemitteilung-ankuendigung.docx'}",
        f"erstellt: {tmp_path / 'auftakt-pressemitteilung-ankuendigung.md'}",
    ]
    again = runner.invoke(
        app,
        ["press-release", ELMSHORN, "-p", "auftakt", "-k", "ankuendigung", "-F", "md", "-o", str(tmp_path),
         "--date", "2025-02-18"],
    )
    assert again.stderr == f"unverändert: {tmp_path / 'auftakt-pressemitteilung-ankuendigung.md'}\n"


def test_usage_errors_exit_2_with_german_message() -> None:
    wrong = runner.invoke(app, ["press-release", ELMSHORN, "-p", "auftakt", "-k", "aufruf"])
    assert wrong.exit_code == 2
    assert "Fehler: Ein Aufruf gehört zu einer Online-Phase; „auftakt“ ist eine Veranstaltung" in wrong.stderr
    date = runner.invoke(app, ["press-release", ELMSHORN, "-p", "auftakt", "-k", "ankuendigung", "--date", "18.02.2025"])
    assert date.exit_code == 2 and "„18.02.2025“ ist kein Datum im Format JJJJ-MM-TT." in date.stderr
    assert "Traceback" not in wrong.stderr + date.stderr


def test_data_errors_exit_1(tmp_path: Path) -> None:
    month = runner.invoke(app, ["invitation", ELMSHORN, "-p", "fachrunde-hauptamt", "-o", str(tmp_path)])
    assert month.exit_code == 1
    assert "Fehler: Für „Fachrunde mit Hauptamtlichen“ steht erst der Monat fest (April 2025)" in month.stderr
    assert "Hinweis: Tragen Sie in der Prozessdatei bei der Phase „fachrunde-hauptamt“" in month.stderr
    tracker = runner.invoke(app, ["signup-sheet", ELMSHORN, "-p", "auftakt", "-t", str(tmp_path / "x.xlsx")])
    assert tracker.exit_code == 1 and "Die Anmeldeliste" in tracker.stderr


@needs_poppler
def test_invitation_signup_qr_calendar(tmp_path: Path) -> None:
    for args, names in [
        (["invitation", ELMSHORN, "-p", "auftakt"], ["auftakt-einladung.pdf", "auftakt-einladung.html"]),
        (["signup-sheet", ELMSHORN, "-p", "auftakt", "--rows", "3", "--photo-consent"], ["auftakt-teilnahmeliste.pdf"]),
        (["qr", OSTHOLSTEIN, "-p", "befragung", "--source", "flyer"], ["befragung-qr-flyer.png", "befragung-qr-flyer.svg"]),
        (["calendar", ELMSHORN, "-p", "auftakt"], ["auftakt-termin.ics"]),
        (["calendar", OSTHOLSTEIN], ["termine.ics"]),
    ]:
        result = runner.invoke(app, [*args, "-o", str(tmp_path)])
        assert result.exit_code == 0, result.stderr
        for name in names:
            assert f"erstellt: {tmp_path / name}" in result.stderr
            assert (tmp_path / name).is_file()


def test_dry_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", ELMSHORN, "-o", str(tmp_path / "x"), "--dry-run"])
    assert result.exit_code == 0 and f"geplant: {tmp_path / 'x' / 'termine.ics'}" in result.stderr
    assert not (tmp_path / "x").exists()


@needs_poppler
def test_build_through_the_installed_command(tmp_path: Path) -> None:
    ik = Path(sys.executable).parent / "ik"
    args = [str(ik), "build", OSTHOLSTEIN, "-o", str(tmp_path), "--date", "2025-03-01", "--phase", "beteiligung-ehrenamt"]
    first = subprocess.run(args, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    # stderr is a pipe (a log): no progress bar, so not even an empty line before the report
    assert all(line.strip() for line in first.stderr.splitlines()), first.stderr
    assert f"erstellt: {tmp_path / 'beteiligung-ehrenamt' / 'beteiligung-ehrenamt-einladung.pdf'}" in first.stderr
    # Ostholstein writes in de, pl, ar, uk: one invitation (PDF + HTML) per language.
    for code in ("pl", "ar", "uk"):
        assert f"erstellt: {tmp_path / 'beteiligung-ehrenamt' / f'beteiligung-ehrenamt-einladung-{code}.pdf'}" in first.stderr
    assert "Dateien: 13 erstellt, 0 aktualisiert, 0 unverändert." in first.stderr
    second = subprocess.run(args, capture_output=True, text=True)
    assert "Dateien: 0 erstellt, 0 aktualisiert, 13 unverändert." in second.stderr
    quiet = subprocess.run([str(ik), "--quiet", *args[1:]], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_help_texts_are_german() -> None:
    for command in ("press-release", "invitation", "signup-sheet", "qr", "calendar", "build"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Aufruf: ik" in result.stdout and "Usage" not in result.stdout
    assert "Pressemitteilung schreiben" in runner.invoke(app, ["press-release", "--help"]).stdout


def test_report_counts_attendance_from_the_tracker_and_rounds_it(tmp_path: Path) -> None:
    """ik tracker → import → attendance → press-release nachbericht: "Rund 50 …"."""
    import shutil

    from documents_support import EXAMPLES

    from integrakonzept.people.attendance import mark_attendance
    from integrakonzept.people.imports import import_registrations
    from integrakonzept.people.tracker import make_tracker
    from integrakonzept.process.load import load_process

    folder = tmp_path / "p"
    shutil.copytree(EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx"))
    process_file = folder / "prozess.yaml"
    lines = ["Vorname;Nachname;E-Mail;Veranstaltung"]
    lines += [f"Vorname{i};Nachname{i};person{i}@example.de;beteiligung-ehrenamt" for i in range(52)]
    export = tmp_path / "export.csv"
    export.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    present = tmp_path / "anwesend.txt"
    present.write_text("\n".join(f"person{i}@example.de" for i in range(47)) + "\n", encoding="utf-8")
    make_tracker(load_process(process_file), process_file)
    import_registrations(load_process(process_file), [export])
    mark_attendance(load_process(process_file), "beteiligung-ehrenamt", present)

    args = ["press-release", str(process_file), "--phase", "beteiligung-ehrenamt", "--kind", "nachbericht"]
    result = runner.invoke(app, [*args, "-o", "-", "--format", "md", "--date", "2025-06-02"])
    assert result.exit_code == 0, result.stderr
    assert "Teilnahme laut anmeldungen.xlsx: 47." in result.stderr
    body = result.stdout.split("*Umfang")[0]
    assert "# Rund 50 Teilnehmer:innen" in body and "\nRund 50 Teilnehmer:innen haben" in body
    assert "47" not in body
    # An explicit count wins and is printed exactly.
    exact = runner.invoke(app, [*args, "-o", "-", "--format", "md", "--date", "2025-06-02", "--participants", "47"])
    assert exact.exit_code == 0 and "# 47 Teilnehmer:innen" in exact.stdout and "Rund 50" not in exact.stdout
    missing = runner.invoke(app, [*args, "--tracker", str(tmp_path / "fehlt.xlsx")])
    assert missing.exit_code == 1
    assert f"Fehler: Die Anmeldeliste {tmp_path / 'fehlt.xlsx'} gibt es nicht." in missing.stderr


def test_a_late_report_is_warned_about_and_keeps_its_date() -> None:
    """A report dated weeks after the event reads as stale to a newsroom: ik says so on
    screen; the release carries the date it was given."""
    args = ["press-release", ELMSHORN, "-p", "auftakt", "-k", "nachbericht", "-o", "-"]
    timely = runner.invoke(app, [*args, "--date", "2025-04-02"])  # 14 days after 19 March
    assert timely.exit_code == 0, timely.stderr
    assert timely.stdout.startswith("Pressemitteilung\n\nElmshorn, 02.04.2025\n")
    assert "Nachbericht" not in timely.stderr
    late = runner.invoke(app, [*args, "--date", "2025-04-03"])
    assert late.exit_code == 0, late.stderr
    assert late.stdout.startswith("Pressemitteilung\n\nElmshorn, 03.04.2025\n")
    warning = " ".join(late.stderr.split())
    assert "ist auf den 3. April 2025 datiert, 15 Tage nach der Veranstaltung (19. März 2025)" in warning
    assert "keine Nachricht mehr" in warning
    assert late.stderr.startswith("Warnung: Der Nachbericht zu „Auftaktveranstaltung")
    assert "Fehler" not in late.stderr and "Traceback" not in late.stderr
    announcement = runner.invoke(
        app, ["press-release", ELMSHORN, "-p", "auftakt", "-k", "ankuendigung", "--date", "2025-02-18", "-o", "-"]
    )
    assert "datiert" not in announcement.stderr


def test_invitation_after_the_deadline_on_the_command_line(tmp_path: Path) -> None:
    """`ik invitation --date` after the registration deadline (5 March 2025) no longer asks
    people to register by it – in every language, as `ik build` does – and warns once."""
    for day, passed in (("2025-03-01", False), ("2025-03-10", True)):
        out = tmp_path / day
        result = runner.invoke(
            app, ["invitation", ELMSHORN, "-p", "auftakt", "-l", "de", "-l", "tr", "-o", str(out), "--date", day]
        )
        assert result.exit_code == 0, result.output
        german = (out / "auftakt-einladung.html").read_text(encoding="utf-8")
        turkish = (out / "auftakt-einladung-tr.html").read_text(encoding="utf-8")
        assert ("Die Anmeldefrist ist am 5. März 2025 abgelaufen." in german) is passed
        assert ("Bitte melden Sie sich bis zum 5. März 2025 an." in german) is not passed
        tr = language("tr")
        deadline = tr.date_long(date(2025, 3, 5))
        phone = '<span class="nowrap" style="white-space: nowrap">04121 231-475</span>'
        closed = text("register_closed", tr.catalogue, date=deadline, contact=phone)
        assert (closed in turkish) is passed
        assert (text("register_by", tr.catalogue, date=deadline) in turkish) is not passed
        warnings = [line for line in result.stderr.splitlines() if "05.03.2025" in line]
        assert len(warnings) == (1 if passed else 0), result.stderr
