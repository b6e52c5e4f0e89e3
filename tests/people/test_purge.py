"""``ik purge``: after the retention period nothing identifies a person anywhere in the
process folder – tracker, backups, reject files, internal lists, shared-string tables –
while every figure of the documentation stays the same."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from people_helpers import tracker_rows
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.output import BACKUP_DIR
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.purge import INTERNAL_MARK, LOG_NAME, purge
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]

HEADER = [
    "Zeitstempel",
    "E-Mail-Adresse",
    "Vorname",
    "Nachname",
    "Telefon",
    "Organisation",
    "Rolle",
    "An welchen Veranstaltungen nehmen Sie teil?",
    "Dolmetschen",
    "Barrierefreiheit",
    "Anmerkungen",
    "Datenschutz",
    "Bevorzugte Sprache",
]
AUFTAKT = "Auftaktveranstaltung Integrationskonzept"
WORKSHOP = "Workshop Bildung und Sprache"
# the auftakt (19.03.2025) is due for deletion on 19.03.2026, the workshop on 09.04.2026
TODAY = date(2026, 4, 1)


def person(n: int, events: str, **extra: str) -> list[str]:
    values = {
        "Zeitstempel": f"01.03.2025 10:{n:02d}:00",
        "E-Mail-Adresse": f"zora.tilgung{n}@example.org",
        "Vorname": f"Zora{n}",
        "Nachname": f"Tilgungsfall{n}",
        "Telefon": f"0171 55501{n:02d}",
        "Organisation": ["Verein Brücke e.V.", "Stadt Musterstadt", ""][n % 3],
        "Rolle": ["Ehrenamt", "Verwaltung", "Einwohner*in"][n % 3],
        "An welchen Veranstaltungen nehmen Sie teil?": events,
        "Dolmetschen": ["Arabisch", "Nein", "Türkisch"][n % 3],
        "Barrierefreiheit": ["Rollstuhl", "", ""][n % 3],
        "Anmerkungen": f"Bitte rufen Sie mich an, Zora{n}",
        "Datenschutz": "Ja",
        "Bevorzugte Sprache": ["Arabisch", "Türkisch", "Ukrainisch"][n % 3],
    }
    values.update(extra)
    return [values[h] for h in HEADER]


def write_export(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def every_text(folder: Path) -> dict[Path, str]:
    """The text of every file below ``folder``; zip files (xlsx, docx) member by member."""
    texts: dict[Path, str] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"PK"):
            with zipfile.ZipFile(path) as archive:
                texts[path] = "\n".join(
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                )
        else:
            texts[path] = data.decode("utf-8", "replace")
    return texts


def figures(process_file: Path) -> object:
    from integrakonzept.people.roster import read_roster
    from integrakonzept.results.participation import participation

    process = load_process(process_file)
    assert process.tracker is not None
    return participation(process, read_roster(process.tracker, process))


@pytest.fixture
def filled(workdir: Path, process_file: Path) -> Path:
    """A tracker with two imports (so a backup exists), a reject file and an internal list."""
    only_auftakt = [person(n, AUFTAKT) for n in range(1, 7)]
    both = [person(7, f"{AUFTAKT}, {WORKSHOP}")]
    only_workshop = [person(8, WORKSHOP)]
    first = write_export(workdir / "export-1.csv", only_auftakt[:3])
    import_registrations(load_process(process_file), [first])
    rejected = person(9, "Sommerfest")  # no such event: rejected
    second = write_export(
        workdir / "export-2.csv", only_auftakt[3:] + both + only_workshop + [rejected]
    )
    import_registrations(load_process(process_file), [second])
    rejects = workdir / "export-2-abgelehnt.csv"
    assert rejects.exists()
    # written at import time, in March 2025 (the test's clock is the real one)
    stamp = datetime(2025, 3, 5, 12, 0).timestamp()
    os.utime(rejects, (stamp, stamp))
    assert list((workdir / BACKUP_DIR).glob("anmeldungen_*.xlsx"))
    # the exports themselves are the form tool's files, not ik's: the coordinator deletes them
    first.unlink()
    second.unlink()
    result = CliRunner().invoke(
        app,
        [
            "export-results",
            str(process_file),
            "--with-personal-data",
            "--format",
            "md",
            "--today",
            TODAY.isoformat(),
        ],
    )
    assert result.exit_code == 0, result.output
    assert list(workdir.rglob(f"*{INTERNAL_MARK}*"))
    drafts = workdir / "entwuerfe"
    drafts.mkdir()
    for event, n in (("auftakt", 1), ("workshop-bildung", 8)):
        (drafts / f"{event}_bestaetigung_A0000{n}.eml").write_text(
            f"To: Zora{n} Tilgungsfall{n} <zora.tilgung{n}@example.org>\r\n"
            "Subject: Ihre Anmeldung\r\nX-Unsent: 1\r\n\r\nHallo\r\n",
            encoding="utf-8",
        )
    return workdir


def test_purge_leaves_no_trace_and_keeps_the_figures(filled: Path, process_file: Path) -> None:
    purged = [f"Tilgungsfall{n}" for n in range(1, 7)] + [f"Zora{n}" for n in range(1, 7)]
    purged += [f"zora.tilgung{n}@example.org" for n in range(1, 7)]
    purged += [f"55501{n:02d}" for n in range(1, 7)] + ["Rollstuhl"]
    kept = ["Tilgungsfall7", "zora.tilgung8@example.org", "5550108", "Tilgungsfall8"]
    before = every_text(filled)
    assert all(any(word in text for text in before.values()) for word in purged + kept)
    figures_before = figures(process_file)

    report = purge(load_process(process_file), process_file, today=TODAY)

    assert report.rows == {"auftakt": 7}  # six only at the auftakt, one at both events
    assert report.backups >= 1 and report.rejects and report.internal_lists
    assert [p.name for p in report.drafts] == ["auftakt_bestaetigung_A00001.eml"]
    after = every_text(filled)
    leaks = {
        (word, path.relative_to(filled).as_posix())
        for word in purged
        for path, text in after.items()
        if word in text
    }
    assert leaks == set()
    # the workshop is not due: its people are still there
    assert all(any(word in text for text in after.values()) for word in kept)
    assert figures(process_file) == figures_before
    rows = tracker_rows(filled / "anmeldungen.xlsx")
    assert len(rows) == 9  # seven at the auftakt, two at the workshop
    auftakt = [r for r in rows if r["Veranstaltung"] == "auftakt"]
    assert {r["Vorname"] for r in auftakt} == {None}
    assert {r["Sprache"] for r in auftakt} == {None}  # nobody is written to any more
    assert all(r["Sprache"] for r in rows if r["Veranstaltung"] != "auftakt")
    assert {r["Rolle"] for r in auftakt} == {"Ehrenamt", "Verwaltung", "Einwohner*in"}
    log = (filled / LOG_NAME).read_text(encoding="utf-8-sig").splitlines()
    assert log[0] == "Datum;Kategorie;Anzahl;Veranstaltung"
    assert "01.04.2026;Anmeldungen anonymisiert (Name, Kontakt, Freitexte);7;auftakt" in log
    assert not any(word in "\n".join(log) for word in purged + kept)


def test_dry_run_changes_nothing(filled: Path, process_file: Path) -> None:
    before = {p: p.read_bytes() for p in filled.rglob("*") if p.is_file()}
    report = purge(load_process(process_file), process_file, today=TODAY, dry_run=True)
    assert report.rows == {"auftakt": 7}
    assert {p: p.read_bytes() for p in filled.rglob("*") if p.is_file()} == before


def test_nothing_is_due_before_the_period_ends(filled: Path, process_file: Path) -> None:
    report = purge(load_process(process_file), process_file, today=date(2026, 3, 19))
    assert report.due == [] and report.nothing_to_do
    assert not (filled / LOG_NAME).exists()


def test_export_first_and_second_run(filled: Path, process_file: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archiv" / "geloescht.csv"
    result = CliRunner().invoke(
        app,
        ["purge", str(process_file), "--today", TODAY.isoformat(), "--export-first", str(archive)],
    )
    assert result.exit_code == 0, result.output
    assert (
        "auftakt: Frist abgelaufen am 19.03.2026 – 7 Anmeldungen wurden anonymisiert."
        in result.output
    )
    assert "(en)" not in result.output
    assert "Sicherungskopien: 1 Datei wurde bereinigt." in result.output
    exported = archive.read_text(encoding="utf-8-sig")
    assert "Tilgungsfall1" in exported and "zora.tilgung6@example.org" in exported
    assert "=" not in exported.split("\n", 1)[0]
    again = CliRunner().invoke(app, ["purge", str(process_file), "--today", TODAY.isoformat()])
    assert again.exit_code == 0, again.output
    assert "Nichts mehr zu löschen" in again.output
    # the second run adds nothing to the log
    log = (filled / LOG_NAME).read_text(encoding="utf-8-sig")
    assert log.count("Anmeldungen anonymisiert") == 1


def test_status_announces_the_deletion(filled: Path, process_file: Path) -> None:
    soon = CliRunner().invoke(app, ["status", str(process_file), "--today", "2026-03-01"])
    assert soon.exit_code == 0, soon.output
    flat = " ".join(soon.output.split())
    assert (
        "Anmeldedaten zu „Auftaktveranstaltung Integrationskonzept“ sind ab 19.03.2026 zu löschen (ik purge)."
        in flat
    )
    assert (
        "Workshop Bildung und Sprache“ sind ab" not in flat
    )  # 09.04.2026 is more than 30 days ahead
    result = CliRunner().invoke(app, ["status", str(process_file), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Aufbewahrungsfrist abgelaufen" in result.output
    purge(load_process(process_file), process_file, today=TODAY)
    result = CliRunner().invoke(app, ["status", str(process_file), "--today", TODAY.isoformat()])
    assert "Aufbewahrungsfrist abgelaufen" not in result.output


def test_check_and_status_warn_about_missing_privacy_consent(
    workdir: Path, process_file: Path
) -> None:
    rows = [
        person(1, WORKSHOP),
        person(2, WORKSHOP, Datenschutz=""),
        person(3, WORKSHOP, Datenschutz="Nein"),
        person(4, AUFTAKT, Datenschutz="Ich stimme der Verarbeitung meiner Daten zu"),
    ]
    import_registrations(load_process(process_file), [write_export(workdir / "export.csv", rows)])
    expected = (
        "„Workshop Bildung und Sprache“: Datenschutz-Einwilligung fehlt bei 2 Anmeldungen "
        "(Spalte „Datenschutz“ nicht „ja“) – Einwilligung nachholen oder die Daten löschen."
    )
    check = CliRunner().invoke(app, ["check", str(process_file), "--today", "2025-03-01"])
    assert check.exit_code == 0, check.output
    flat = " ".join(check.output.split())
    assert f"Warnung: {expected}" in flat
    assert "Auftaktveranstaltung" not in flat.split("Warnung: ", 1)[1].split("„Workshop")[0]
    assert "Zora" not in check.output and "Tilgungsfall" not in check.output
    status = CliRunner().invoke(app, ["status", str(process_file), "--today", "2025-03-01"])
    assert status.exit_code == 0, status.output
    assert "Datenschutz-Einwilligung fehlt bei 2 Anmeldungen (" in " ".join(status.output.split())
    # after the purge the rows hold no personal data, so there is nothing left to warn about
    purge(load_process(process_file), process_file, today=date(2026, 6, 1))
    check = CliRunner().invoke(app, ["check", str(process_file), "--today", "2025-03-01"])
    assert "Datenschutz-Einwilligung" not in check.output


def test_reject_files_beside_exports_elsewhere_are_found_and_deleted(
    workdir: Path, process_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from integrakonzept.people.rejects import index_path

    downloads = tmp_path_factory.mktemp("downloads")  # not the process or tracker folder
    export = write_export(
        downloads / "formular.csv", [person(1, AUFTAKT), person(2, "Sommerfest")]
    )
    import_registrations(load_process(process_file), [export])
    rejects = downloads / "formular-abgelehnt.csv"
    assert rejects.exists()
    index = index_path(workdir / "anmeldungen.xlsx")
    # the index names files only, no row contents
    assert "Zora" not in index.read_text(encoding="utf-8")
    assert "Tilgungsfall" not in index.read_text(encoding="utf-8")
    unrelated = downloads / "notizen.csv"  # named in a hand-edited index: never deleted
    unrelated.write_text("x", encoding="utf-8")
    with index.open("a", encoding="utf-8") as handle:
        handle.write(f"{unrelated}\n")
    stamp = datetime(2025, 3, 5, 12, 0).timestamp()
    os.utime(rejects, (stamp, stamp))

    dry = CliRunner().invoke(
        app, ["purge", str(process_file), "--today", TODAY.isoformat(), "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert f"würde gelöscht: {rejects}" in dry.output.replace("\n", "")
    assert rejects.exists()

    report = purge(load_process(process_file), process_file, today=TODAY)
    assert report.rejects == [rejects]
    assert not rejects.exists() and unrelated.exists() and export.exists()
    assert not index.exists()  # nothing left to remember


def test_copies_of_replaced_reject_files_are_deleted_with_them(
    workdir: Path, process_file: Path
) -> None:
    """The import keeps the previous reject file in .ik-sicherungen before it replaces or
    removes it; those copies hold the same personal data and go with the reject files."""
    from integrakonzept.output import BACKUP_DIR

    process = load_process(process_file)
    export = write_export(workdir / "formular.csv", [person(1, AUFTAKT), person(2, "Sommerfest")])
    import_registrations(process, [export])
    rejects = workdir / "formular-abgelehnt.csv"
    rejects.write_text(rejects.read_text(encoding="utf-8-sig") + "\r\n", encoding="utf-8-sig")
    import_registrations(process, [export])  # replaces the changed file: a copy is kept
    [copy] = (workdir / BACKUP_DIR).glob("formular-abgelehnt_*.csv")
    report = purge(process, process_file, today=date(2030, 1, 1))  # every event is due
    assert rejects in report.rejects and copy in report.rejects
    assert not rejects.exists() and not copy.exists()
