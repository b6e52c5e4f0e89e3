"""CLI command ``plan``: every deadline backwards from the council's decision."""

from __future__ import annotations

from typing import Annotated

import typer

from integrakonzept.cli.app import (
    DryRunOpt,
    OutputOpt,
    ProcessFile,
    TodayOpt,
    app,
    handled,
    is_stdout,
    out_console,
    parse_day,
    report,
    warn,
)


@app.command("plan")
@handled
def plan(
    file: ProcessFile,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            "-d",
            help="Sitzung, in der beschlossen werden soll (JJJJ-MM-TT); Standard: planung.beschluss.",
            metavar="DATUM",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-F",
            help="table (Terminal mit Gantt), md, xlsx, ics, mermaid, svg oder pdf.",
            metavar="FORMAT",
        ),
    ] = "table",
    output: OutputOpt = None,
    today: TodayOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Bei Warnungen mit Status 1 enden.")
    ] = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Zeitplan rückwärts vom Ratsbeschluss: alle Fristen des Prozesses aus einem Datum.

    Je Gremium der Beratungsfolge: Versand der Ladung und Vorlagenschluss; dann fertiger
    Entwurf, Online-Kommentierung mit Ankündigung, Beginn der Verschriftlichung und je
    Veranstaltung Einladung, Anmeldeschluss, Pressemitteilung und Amtsblatt. Fristen auf
    Wochenenden und Feiertagen des Landes rücken auf den Arbeitstag davor. Dazu Puffer
    für schon datierte Schritte, der nächste Ausweichtermin und Warnungen (Feiertage,
    Schulferien, Sommerpause). md, mermaid: auf die Standardausgabe, wenn -o fehlt;
    xlsx, ics, svg, pdf: Datei im Ausgabeordner (zeitplan.*, fristen.ics). Mit -o -
    kommen md, mermaid, ics und svg auf die Standardausgabe.
    """
    from integrakonzept.plan import check_format, make_plan, render, target
    from integrakonzept.process.load import load_process
    from integrakonzept.process.model import today as real_today

    chosen = check_format(fmt)
    if chosen == "table" and output is not None:
        raise typer.BadParameter(
            "Die Tabelle erscheint im Terminal; für eine Datei wählen Sie --format md, xlsx, "
            "ics, mermaid, svg oder pdf.",
            param_hint="-o",
        )
    if is_stdout(output) and chosen in ("xlsx", "pdf"):
        raise typer.BadParameter(
            f"„-“ (Standardausgabe) geht nur für Textformate (md, mermaid, ics, svg), "
            f"nicht für {chosen}. Geben Sie einen Ordner oder eine Datei an.",
            param_hint="-o",
        )
    process = load_process(file)
    result, calendar = make_plan(
        process,
        decision=parse_day(decision, "--decision"),
        today=parse_day(today) or real_today(),
    )
    if chosen == "table":
        from integrakonzept.plan.formats import to_rich

        out_console.print(to_rich(result, calendar))
    elif (chosen in ("md", "mermaid") and output is None) or is_stdout(output):
        data = render(result, calendar, process, chosen)
        typer.echo(data.decode("utf-8") if isinstance(data, bytes) else data, nl=False)
    else:
        from integrakonzept.output import Writer

        path = target(process, chosen, output)
        previous = path.read_bytes() if chosen == "ics" and path.is_file() else None
        data = render(result, calendar, process, chosen, previous=previous)
        writer = Writer(dry_run=dry_run)
        writer.write(path, data)
        report(writer)
    for line in result.warnings:
        warn(line)
    for line in result.assumptions:
        warn(f"Annahme: {line}")
    if strict and result.warnings:
        raise typer.Exit(1)
