"""CLI commands for results: ``export-results`` and ``status``."""

from __future__ import annotations

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


@app.command("export-results")
@handled
def export_results(
    file: ProcessFile,
    tracker: TrackerOpt = None,
    output: OutputOpt = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            help="Formate, durch Kommas getrennt: docx, pdf, md, xlsx, svg (Standard: alle).",
            metavar="LISTE",
        ),
    ] = None,
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            min=1,
            help="Kleinere Zahlen in Aufschlüsselungen als „< N“ zeigen (1 = nie ausblenden).",
            metavar="N",
        ),
    ] = 3,
    with_personal_data: Annotated[
        bool,
        typer.Option(
            "--with-personal-data",
            help="Zusätzlich eine INTERNE Teilnehmendenliste mit Namen schreiben (nicht zur Weitergabe).",
        ),
    ] = False,
    templates: TemplatesOpt = None,
    today: TodayOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Die Dokumentation des Beteiligungsprozesses für die Gremien schreiben.

    Inhalt: Zeitstrahl, Beteiligung je Veranstaltung und Ergebnisse je Handlungsfeld.
    Die Zahlen kommen aus der Anmeldeliste, sonst aus der Prozessdatei.
    Formate: Word, PDF, Markdown (mit SVG-Grafiken) und Excel (mit Diagrammen).
    Ohne personenbezogene Daten; kleine Zahlen werden als „< 3“ ausgeblendet.
    Ziel ohne -o: ausgabe/dokumentation neben der Prozessdatei.
    """
    refuse_stdout(output, "die Dokumentation besteht aus mehreren Dateien in einem Ordner")
    from integrakonzept.output import Writer
    from integrakonzept.people.readahead import reading_ahead
    from integrakonzept.results.export import ExportOptions, parse_formats, prepare
    from integrakonzept.results.export import export_results as run

    options = ExportOptions(
        formats=parse_formats(formats),
        threshold=threshold,
        with_personal_data=with_personal_data,
        today=parse_day(today),
        templates=templates,
    )
    with reading_ahead() as read_ahead:
        read_ahead(tracker)  # parsed on the other core while the process file loads
        from integrakonzept.people.roster import roster_for
        from integrakonzept.process.load import load_process

        process = load_process(file)
        read_ahead(process.tracker if tracker is None else None)
        prepare(options)  # while the tracker is parsed
        # the documents need counts only; the internal list needs the rows
        roster = roster_for(process, tracker, rows=with_personal_data)
    writer = Writer(dry_run=dry_run)
    result = run(process, writer, roster=roster, output=output, options=options)
    for note in result.notes:
        warn(note)
    report(writer)
    if result.internal_file is not None and not dry_run:
        warn(
            f"{result.internal_file.name} enthält personenbezogene Daten (Namen, Organisationen). "
            "Nur intern verwenden, nicht weitergeben oder veröffentlichen, nach Ablauf der "
            "Aufbewahrungsfrist löschen."
        )


@app.command("status")
@handled
def status(file: ProcessFile, tracker: TrackerOpt = None, today: TodayOpt = None) -> None:
    """Wo steht der Prozess? Eine Übersicht im Terminal.

    Die nächsten Phasen mit den Tagen bis dahin, Anmeldefristen, Anmeldungen
    gegenüber den Plätzen, Warteliste, Bedarf laut Anmeldung, was zu tun ist,
    und die Hinweise von „ik check“.
    """
    from integrakonzept.people.readahead import reading_ahead

    with reading_ahead() as read_ahead:
        read_ahead(tracker)  # parsed on the other core while the process file loads
        from integrakonzept.people.roster import roster_for
        from integrakonzept.plan import deadline_rows
        from integrakonzept.process.load import load_with_locator
        from integrakonzept.process.model import today as real_today
        from integrakonzept.results.status import collect_status, prepare

        process, locator = load_with_locator(file)
        read_ahead(process.tracker if tracker is None else None)
        day = parse_day(today) or real_today()
        deadlines, note = deadline_rows(process, day)
        prepare()  # while the tracker is parsed
        from integrakonzept.cli.app import out_console
        roster = roster_for(process, tracker, mail_records=True, rows=False, persons=False)
    result = collect_status(
        process,
        roster,
        process_file=file,
        locator=locator,
        today=day,
        plan_deadlines=deadlines,
        plan_note=note,
    )
    out_console.print(result)
    if not result.tracker_found:
        say("Hinweis: Keine Anmeldeliste gefunden; Anmeldezahlen fehlen.")
