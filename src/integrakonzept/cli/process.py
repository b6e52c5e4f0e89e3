"""CLI commands for the process file: ``new-process``, ``check``, ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from integrakonzept.cli.app import (
    ForceOpt,
    ProcessFile,
    TodayOpt,
    app,
    handled,
    out_console,
    parse_day,
    report,
    say,
    warn,
)

KINDS = ["Stadt", "Kreis", "Bezirk", "Gemeinde", "Amt"]


def _interactive() -> bool:
    """Ask questions only when a person sits at a terminal."""
    return sys.stdin.isatty()


def _presets() -> list[str]:
    from integrakonzept.process.presets import CUSTOM, PRESETS

    return [*PRESETS, CUSTOM]


@app.command("new-process")
@handled
def new_process(
    directory: Annotated[
        Path, typer.Argument(help="Ordner für den neuen Prozess (wird angelegt).", metavar="ORDNER")
    ],
    municipality: Annotated[
        str | None,
        typer.Option("--kommune", "-k", help="Name der Kommune, z. B. Elmshorn.", metavar="NAME"),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--art",
            "-a",
            help="Art der Kommune: Stadt, Kreis, Bezirk, Gemeinde oder Amt.",
            metavar="ART",
        ),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--handlungsfelder",
            "-H",
            help="Vorlage für die Handlungsfelder: kommunal, nap-i-2012, kgst-2017, "
            "fluechtlingspakt-sh-2015, weltoffene-kommune, elmshorn-2017, flensburg, "
            "kaiserslautern-2011 oder eigene (dann mit --feld).",
            metavar="VORLAGE",
        ),
    ] = None,
    custom: Annotated[
        list[str] | None,
        typer.Option(
            "--feld", help="Ein eigenes Handlungsfeld (mehrfach angeben).", metavar="NAME"
        ),
    ] = None,
    force: ForceOpt = False,
    today: TodayOpt = None,
) -> None:
    """Einen neuen Prozess anlegen: ORDNER/prozess.yaml mit erklärenden Kommentaren.

    Fehlende Angaben werden im Terminal abgefragt. Ohne Terminal (z. B. in Skripten)
    wird nie gefragt: dann ist --kommune nötig, --art ist „Stadt“ und
    --handlungsfelder „kommunal“.
    """
    from integrakonzept.errors import UsageError
    from integrakonzept.output import Writer
    from integrakonzept.process.presets import CUSTOM
    from integrakonzept.process.scaffold import ScaffoldOptions, create_process

    interactive = _interactive()
    if municipality is None:
        if not interactive:
            raise UsageError(
                "Der Name der Kommune fehlt.",
                f'Beispiel: ik new-process {directory} --kommune "Elmshorn" --art Stadt',
            )
        municipality = typer.prompt("Name der Kommune")
    if kind is None:
        kind = typer.prompt("Art der Kommune", default="Stadt") if interactive else "Stadt"
    kind = kind.strip().capitalize()
    if kind not in KINDS:
        raise UsageError(f"Die Art „{kind}“ gibt es nicht.", f"Möglich sind: {', '.join(KINDS)}.")
    if preset is None:
        if interactive:
            say("Vorlagen für Handlungsfelder: " + ", ".join(_presets()))
        preset = typer.prompt("Handlungsfelder", default="kommunal") if interactive else "kommunal"
    fields = tuple(custom or ())
    if preset == CUSTOM and not fields and interactive:
        answer = typer.prompt("Eigene Handlungsfelder, durch Kommas getrennt")
        fields = tuple(part for part in answer.split(","))
    writer = Writer(force=True)
    target = create_process(
        directory,
        ScaffoldOptions(
            name=municipality,
            kind=kind,  # type: ignore[arg-type]
            preset=preset,
            custom_fields=fields,
            today=parse_day(today),
            force=force,
        ),
        writer,
    )
    report(writer)
    say(f"Nächster Schritt: Datei bearbeiten, dann prüfen mit „ik check {target}“.")


@app.command("check")
@handled
def check(file: ProcessFile, today: TodayOpt = None) -> None:
    """Die Prozessdatei prüfen: Fehler (Exit-Code 1) und Hinweise auf Ungereimtheiten.

    Gibt es die Anmeldeliste der Prozessdatei schon, nennt ik auch Teilnehmendenzahlen,
    die ihr widersprechen, und Anmeldungen ohne Datenschutz-Einwilligung.
    """
    from integrakonzept.errors import TrackerError
    from integrakonzept.people.consent import consent_warnings
    from integrakonzept.people.roster import roster_for
    from integrakonzept.process.checks import plausibility_warnings
    from integrakonzept.process.load import load_with_locator
    from integrakonzept.process.model import today as real_today
    from integrakonzept.process.translations import translation_warnings, untranslated_report
    from integrakonzept.results.participation import participation

    process, locator = load_with_locator(file)
    warnings: list[str] = [
        str(w) for w in plausibility_warnings(process, locator, parse_day(today) or real_today())
    ]
    warnings += [str(w) for w in translation_warnings(process, locator)]
    try:
        roster = roster_for(process)
        warnings += participation(process, roster).warnings
        warnings += consent_warnings(process, roster)
    except TrackerError as exc:
        warnings.append(f"Die Anmeldeliste ist nicht lesbar: {exc.message}")
    for warning in warnings:
        warn(warning)
    for line in untranslated_report(process):
        say(line)
    from integrakonzept.render.locale import counted

    events = len(process.event_phases())
    summary = (
        f"{file}: in Ordnung – {counted(len(process.phases), 'Phase', 'Phasen')}, davon "
        f"{counted(events, 'Veranstaltung', 'Veranstaltungen')}, "
        f"{counted(len(process.handlungsfelder), 'Handlungsfeld', 'Handlungsfelder')}"
    )
    if warnings:
        summary += f"; {counted(len(warnings), 'Warnung', 'Warnungen')}"
    say(summary + ".")


@app.command("schema")
@handled
def schema() -> None:
    """Das JSON-Schema der Prozessdatei ausgeben (für Editoren wie VS Code)."""
    from integrakonzept.process.schema import schema_text

    out_console.file.write(schema_text())
