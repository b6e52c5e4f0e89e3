"""CLI commands for data protection: ``privacy-notice`` and ``purge``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from integrakonzept.cli.app import (
    DryRunOpt,
    OutputOpt,
    ProcessFile,
    TemplatesOpt,
    TodayOpt,
    TrackerOpt,
    app,
    handled,
    parse_day,
    refuse_stdout,
    report,
    say,
    warn,
)


@app.command("privacy-notice")
@handled
def privacy_notice(
    file: ProcessFile,
    output: OutputOpt = None,
    templates: TemplatesOpt = None,
    today: TodayOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Die Datenschutzinformation nach Art. 13 DSGVO schreiben (DOCX, HTML, Kurzfassung).

    Für das Anmeldeformular (HTML, DOCX) und als Kurzfassung für die Teilnahmeliste (TXT):
    Verantwortliche Stelle, Datenschutzbeauftragte, Zwecke, Rechtsgrundlage, Empfänger,
    Speicherdauer, Rechte und Aufsichtsbehörde – aus dem Abschnitt „datenschutz:“ der
    Prozessdatei. Ziel ohne -o: der Ausgabeordner.
    """
    from integrakonzept.documents.privacy import write_privacy_notice
    from integrakonzept.output import Writer
    from integrakonzept.process.load import load_process
    from integrakonzept.process.model import today as model_today
    from integrakonzept.results.internal import delete_by

    refuse_stdout(output, "die Datenschutzinformation besteht aus drei Dateien")
    process = load_process(file)
    writer = Writer(dry_run=dry_run)
    write_privacy_notice(
        process,
        writer,
        issued=parse_day(today) or model_today(),
        delete_by=delete_by(process),
        output=output,
        templates=templates or process.templates,
    )
    report(writer)


@app.command("purge")
@handled
def purge(
    file: ProcessFile,
    tracker: TrackerOpt = None,
    export_first: Annotated[
        Path | None,
        typer.Option(
            "--export-first",
            help="Die betroffenen Anmeldungen vorher in diese Datei (CSV oder XLSX) sichern.",
            metavar="PFAD",
        ),
    ] = None,
    today: TodayOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist löschen.

    Für jede Veranstaltung, deren Frist („aufbewahrung_monate“ nach dem Termin) abgelaufen
    ist: in der Anmeldeliste und ihren Sicherungskopien Namen, Kontaktdaten und Freitexte
    löschen (die Zeilen und damit alle Zahlen der Dokumentation bleiben), Dateien mit
    abgelehnten Anmeldungen und interne Teilnehmendenlisten löschen. Jeder Lauf wird in
    loeschprotokoll.csv festgehalten (Datum, Art, Anzahl – ohne Namen).
    """
    from integrakonzept.people.entries import count as counted
    from integrakonzept.people.purge import purge as run
    from integrakonzept.process.load import load_process
    from integrakonzept.process.model import today as model_today
    from integrakonzept.render.locale import format_day

    refuse_stdout(export_first, "die Sicherung ist eine CSV- oder Excel-Datei", "--export-first")
    process = load_process(file)
    result = run(
        process,
        file,
        today=parse_day(today) or model_today(),
        tracker=tracker,
        dry_run=dry_run,
        export_first=export_first,
    )
    if not result.due:
        say("Für keine Veranstaltung ist die Aufbewahrungsfrist abgelaufen; nichts zu löschen.")
        return

    def verb(number: int) -> str:
        if number == 1:
            return "würde" if dry_run else "wurde"
        return "würden" if dry_run else "wurden"

    for event in result.due:
        number = result.rows.get(event.id, 0)
        say(
            f"{event.id}: Frist abgelaufen am {format_day(event.due)} – "
            f"{counted(number, 'Anmeldung', 'Anmeldungen')} "
            f"{verb(number)} anonymisiert."
        )
    if result.backup_rows:
        say(
            f"Sicherungskopien: {counted(result.backups, 'Datei', 'Dateien')} "
            f"{verb(result.backups)} bereinigt."
        )
    if result.backups_deleted:
        say(
            f"Unlesbare Sicherungskopien: {result.backups_deleted} "
            f"{verb(result.backups_deleted)} gelöscht."
        )
    for path in result.rejects:
        say(f"gelöscht: {path}" if not dry_run else f"würde gelöscht: {path}")
    for path in [*result.internal_lists, *result.drafts]:
        say(f"gelöscht: {path}" if not dry_run else f"würde gelöscht: {path}")
    if result.exported is not None:
        warn(
            f"{result.exported} enthält die gelöschten personenbezogenen Daten. Sicher "
            "aufbewahren und nach der dafür geltenden Frist löschen."
        )
    if result.nothing_to_do:
        say("Nichts mehr zu löschen: die Daten sind schon bereinigt.")
    elif result.log is not None and not dry_run:
        say(f"Protokoll: {result.log}")
    say(
        "Hinweis: Exportdateien der Anmeldeformulare (CSV/XLSX aus dem Formular-Werkzeug) "
        "verwaltet ik nicht – löschen Sie sie selbst, auch im Formular-Werkzeug."
    )
