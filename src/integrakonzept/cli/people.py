"""CLI commands for registrations and attendance: ``tracker``, ``import-registrations``,
``attendance``. Each converts its options, calls one function of
:mod:`integrakonzept.people` and prints the result (summaries go to stderr)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from integrakonzept.cli.app import (
    DryRunOpt,
    OutputOpt,
    PhaseOpt,
    ProcessFile,
    RequiredPhaseOpt,
    State,
    TrackerOpt,
    app,
    err_console,
    handled,
    refuse_stdout,
    say,
    warn,
)

if TYPE_CHECKING:
    from integrakonzept.people.attendance import AttendanceReport
    from integrakonzept.people.imports import FileReport, ImportReport, Progress
    from integrakonzept.people.recognition import ColumnReading

LossForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        "-f",
        help="Auch dann schreiben, wenn beim Aktualisieren der Übersicht Elemente verloren "
        "gingen, die ik nicht kennt (z. B. Datenschnitte); eine Sicherung wird angelegt.",
    ),
]
MAX_LISTED = 20


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar on stderr for long imports (none with --quiet or without a terminal)."""
    if State.quiet or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = int(bar.add_task(stage, total=max(total, 1)))
            bar.update(tasks[stage], completed=done, total=max(total, 1))  # type: ignore[arg-type]

        yield update


@app.command("tracker")
@handled
def tracker(file: ProcessFile, output: OutputOpt = None, force: LossForceOpt = False) -> None:
    """Die Anmeldeliste (Excel) anlegen oder an die Prozessdatei anpassen.

    Legt anmeldungen.xlsx an (Pfad aus „tracker:“ in der Prozessdatei oder -o) mit den
    Blättern Anmeldungen, Übersicht, Veranstaltungen und Handlungsfelder. Gibt es die Datei
    schon, werden nur Übersicht, Veranstaltungen und Handlungsfelder neu geschrieben (z. B.
    nach einer neuen Veranstaltung oder geänderter Kapazität); Anmeldungen, Notizen und
    eigene Blätter bleiben unberührt. Die bisherige Fassung kommt in den Ordner
    .ik-sicherungen neben der Datei.
    """
    from integrakonzept.people.tracker import make_tracker
    from integrakonzept.process.load import load_process

    refuse_stdout(output, "die Anmeldeliste ist eine Excel-Datei")
    result = make_tracker(load_process(file), file, output, force=force)
    for loss in result.losses:
        warn(f"entfernt: {loss}")
    line = f"{result.change}: {result.path}"
    if result.change == "erstellt":
        from integrakonzept.render.locale import counted

        events = counted(result.events, "Veranstaltung", "Veranstaltungen")
        topics = counted(result.topics, "Handlungsfeld", "Handlungsfelder")
        line += f" ({events}, {topics})"
    say(line)
    for header in result.added:
        say(f"Spalte „{header}“ rechts an die Tabelle „Anmeldungen“ angefügt")
    if result.backup is not None:
        say(f"Sicherung: {result.backup}")


@app.command("import-registrations")
@handled
def import_registrations(
    file: ProcessFile,
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="Exportdateien der Anmeldeformulare (CSV oder XLSX): Microsoft Forms, Google "
            "Forms, LimeSurvey, Nextcloud Forms, pretix oder eine eigene Liste.",
            metavar="EXPORT…",
            show_default=False,
        ),
    ],
    phase: PhaseOpt = None,
    tracker: TrackerOpt = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            help="Zuordnungsdatei (YAML) für Spalten, die ik nicht selbst erkennt.",
            metavar="DATEI",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            "-n",
            help="Nur zeigen, wie ik die Dateien liest (Werkzeug, Spalte → Feld, "
            "Veranstaltung); nichts schreiben.",
        ),
    ] = False,
    write_mapping: Annotated[
        Path | None,
        typer.Option(
            "--write-mapping",
            help="Eine vollständige, kommentierte Zuordnungsdatei für die Datei schreiben "
            "(alle Spalten mit dem erkannten Feld) und nichts importieren; bearbeiten und "
            "mit --mapping übergeben.",
            metavar="DATEI",
        ),
    ] = None,
    force: LossForceOpt = False,
) -> None:
    """Anmeldungen aus Formular-Exporten in die Anmeldeliste übernehmen.

    Zeigt zuerst für jede Datei, wie ik sie liest: das erkannte Werkzeug, welche Spalte
    welches Feld ergibt und woher die Veranstaltung kommt (Spalte, Formulartitel oder die
    einzige offene Veranstaltung; sonst mit --phase wählen). Führt doppelte Anmeldungen
    zusammen (die neueste Antwort je Feld gilt), vergibt Personen-IDs, setzt bei voller
    Kapazität „Warteliste“ (nach Anmeldezeit) und markiert Anmeldungen nach dem
    Anmeldeschluss. Abgelehnte Zeilen (kein Name, ungültige E-Mail, unbekannte oder
    mehrdeutige Veranstaltung, Summen- und Notizzeilen) landen mit Grund in
    EXPORT-abgelehnt.csv bzw. .xlsx: korrigieren und erneut importieren. Eine Datei, die
    nicht gelesen werden kann, hält die anderen nicht auf; der Exit-Code ist dann 1. Ein
    zweiter Import derselben Datei ändert nichts. Status, Teilnahme, Notizen, eigene
    Spalten, Kommentare und Farben bleiben erhalten.
    """
    from integrakonzept.people.imports import import_registrations as run
    from integrakonzept.process.load import load_process

    refuse_stdout(write_mapping, "die Zuordnungsdatei wird gespeichert", "--write-mapping")
    process = load_process(file)
    with _progress() as progress:
        result = run(
            process,
            exports,
            phase=phase,
            tracker=tracker,
            mapping=mapping,
            dry_run=dry_run,
            force=force,
            progress=progress,
            on_read=_print_reading,
            write_mapping=write_mapping,
        )
    if result.mapping_written is not None:
        say(f"Zuordnungsdatei geschrieben: {result.mapping_written}")
        say(
            "Prüfen Sie die Felder darin und importieren Sie dann mit "
            f"--mapping {result.mapping_written}."
        )
    elif result.dry_run:
        say(f"Probelauf (--dry-run): {result.tracker} wurde nicht geändert.")
    elif result.files and len(result.failed) < len(result.files):
        _print_import(result)
    # a file none of whose rows could be imported has failed too (all rows rejected)
    # (a row whose answer names one event and something unknown is imported *and* rejected)
    nothing = [f for f in result.files if f.error is None and f.rows and len(f.rejected) == f.read]
    for f in nothing:
        rows = "die einzige Zeile wurde" if f.rows == 1 else f"alle {f.rows} Zeilen wurden"
        warn(f"Aus {f.label} wurde keine Zeile übernommen: {rows} abgelehnt.")
    if result.failed or nothing:
        failed = len(result.failed) + len(nothing)
        from integrakonzept.render.locale import counted

        warn(f"{failed} von {counted(len(result.files), 'Datei', 'Dateien')} nicht importiert.")
        raise typer.Exit(1)


MAX_READ_ROWS = 60


def _print_reading(report: FileReport) -> None:
    """How ik read one export, before anything is written (a misread column shows here)."""
    from rich.markup import escape
    from rich.table import Table

    from integrakonzept.people.entries import count
    from integrakonzept.people.normalize import quote
    from integrakonzept.people.recognition import HOW_NONE, shorten
    from integrakonzept.people.schema import FIELD_LABELS, Field

    if report.error is not None:
        err_console.print(f"[bold red]Fehler:[/] {escape(report.error)}", soft_wrap=True)
        if report.hint:
            err_console.print(f"[dim]Hinweis:[/] {escape(report.hint)}", soft_wrap=True)
        return
    if State.quiet:
        return
    used = [r for r in report.readings if r.field is not None and r.field is not Field.IGNORE]
    ignored = [r for r in report.readings if r.field is Field.IGNORE]
    unknown = [r for r in report.readings if r.field is None]
    table = Table(
        title=f"So liest ik {report.label}: {report.tool}", title_justify="left", min_width=60
    )
    table.add_column("Spalte")
    table.add_column("Feld")
    table.add_column("erkannt als")
    for reading in used[:MAX_READ_ROWS]:
        assert reading.field is not None
        label = FIELD_LABELS[reading.field]
        if reading.option is not None:
            label += f" – Antwort {quote(shorten(reading.option, 30))}"
        how = reading.how + (" (Ersatz)" if reading.weak else "")
        table.add_row(escape(shorten(reading.header, 60)), escape(label), how)
    err_console.print(table)
    if len(used) > MAX_READ_ROWS:
        more = count(len(used) - MAX_READ_ROWS, "weitere übernommene Spalte", "weitere Spalten")
        say(f"… und {more}.")
    if ignored:
        say(f"Nicht übernommen (Systemspalten u. Ä.): {_columns(ignored)}")
    if unknown:
        say(
            f"{HOW_NONE.capitalize()}: {_columns(unknown)} – mit --write-mapping DATEI eine "
            "Zuordnungsdatei schreiben und dort zuordnen."
        )
    if report.event_how:
        say(f"Veranstaltung: {report.event_how}")
    for note in report.notes:
        if report.empty:
            warn(f"{report.path.name}: {note}")


def _columns(readings: list[ColumnReading]) -> str:
    from integrakonzept.people.normalize import quote
    from integrakonzept.people.recognition import shorten

    shown = ", ".join(quote(shorten(r.header, 40)) for r in readings[:12])
    if len(readings) > 12:
        shown += f" und {len(readings) - 12} weitere"
    return shown


def _print_import(result: ImportReport) -> None:
    from rich.table import Table

    from integrakonzept.people.entries import count

    if not State.quiet:
        files = Table(title="Import", title_justify="left", show_footer=len(result.files) > 1)
        columns = [
            ("Datei", "Summe"),
            ("Werkzeug", ""),
            ("gelesen", str(result.total("read"))),
            ("neu", str(result.total("new"))),
            ("aktualisiert", str(result.total("updated"))),
            ("unverändert", str(result.total("unchanged"))),
            ("Duplikate", str(result.total("merged"))),
            ("abgelehnt", str(result.total("rejected"))),
        ]
        for index, (name, footer) in enumerate(columns):
            files.add_column(name, footer=footer, justify="right" if index > 1 else "left")
        for f in result.files:
            files.add_row(
                f.label,
                f.tool if f.error is None else "nicht importiert",
                str(f.read),
                str(f.new),
                str(f.updated),
                str(f.unchanged),
                str(f.merged),
                str(len(f.rejected)),
            )
        err_console.print(files)
        events = Table(title="Veranstaltungen", title_justify="left")
        for index, name in enumerate(
            [
                "Kennung",
                "Plätze",
                "angemeldet",
                "Warteliste",
                "abgesagt",
                "frei",
                "davon neu",
                "neu auf Warteliste",
                "nach Anmeldeschluss",
            ]
        ):
            events.add_column(name, justify="right" if index else "left")
        for e in result.events:
            if not (e.registered or e.waitlist or e.cancelled):
                continue
            events.add_row(
                e.id,
                "–" if e.capacity is None else str(e.capacity),
                str(e.registered),
                str(e.waitlist),
                str(e.cancelled),
                "–" if e.free is None else str(e.free),
                str(e.new_registered),
                str(e.new_waitlist),
                str(e.late),
            )
        if events.row_count:
            err_console.print(events)
    rejections = result.rejections
    for rejection in rejections[:MAX_LISTED]:
        warn(f"abgelehnt: {rejection}")
    if len(rejections) > MAX_LISTED:
        more = count(len(rejections) - MAX_LISTED, "weitere abgelehnte Zeile", "weitere Zeilen")
        warn(f"… und {more}.")
    for f in result.files:
        if f.rejects_path is not None:
            verb = "würde schreiben" if result.dry_run else "abgelehnte Zeilen"
            say(f"{verb}: {f.rejects_path} – korrigieren und erneut importieren")
        if f.rejects_removed is not None:
            verb = "würde entfernen" if result.dry_run else "entfernt"
            say(
                f"{verb}: {f.rejects_removed} (abgelehnte Zeilen eines früheren Imports; "
                "diesmal wurde keine Zeile abgelehnt)"
            )
        if f.rejects_backup is not None:
            say(
                f"Die bisherige Fassung von {(f.rejects_path or f.rejects_removed or f.path).name} "
                f"(vielleicht von Hand korrigiert) liegt in {f.rejects_backup}."
            )
        for note in f.notes:
            if not f.empty:
                say(f"Hinweis ({f.path.name}): {note}")
    for note in result.notes:
        say(f"Hinweis: {note}")
    for loss in result.losses:
        warn(f"entfernt: {loss}")
    if result.refreshed:
        say("Übersicht, Veranstaltungen und Handlungsfelder wurden an die Prozessdatei angepasst.")
    if not result.changed:
        say(f"Keine Änderungen – {result.tracker} bleibt unverändert.")
    else:
        say(f"{'erstellt' if result.created else 'aktualisiert'}: {result.tracker}")
        if result.backup is not None:
            say(f"Sicherung: {result.backup}")


@app.command("attendance")
@handled
def attendance(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    present: Annotated[
        Path,
        typer.Option(
            "--present",
            help="Liste der Anwesenden: Textdatei mit einem Namen oder einer E-Mail-Adresse "
            "pro Zeile, oder ein Check-in-Export (CSV/XLSX).",
            metavar="LISTE",
        ),
    ],
    add_walk_ins: Annotated[
        bool,
        typer.Option(
            "--add-walk-ins", help="Nicht gefundene Namen als neue Zeilen (ohne Anmeldung) anlegen."
        ),
    ] = False,
    only_present: Annotated[
        bool,
        typer.Option(
            "--only-present",
            help="Nur Anwesende markieren; Angemeldete ohne Eintrag nicht auf „nein“ setzen.",
        ),
    ] = False,
    tracker: TrackerOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Teilnahme aus einer Liste eintragen (Namen oder E-Mail-Adressen).

    Wer auf der Liste steht, bekommt „Teilnahme: ja“. Angemeldete ohne Eintrag werden auf
    „nein“ gesetzt (nicht mit --only-present); Einträge wie „entschuldigt“ bleiben. Namen,
    die niemandem zugeordnet werden können, werden aufgelistet – mit --add-walk-ins als
    neue Zeilen übernommen. Das Ankreuzen in Excel funktioniert weiter wie gewohnt.
    """
    from integrakonzept.people.attendance import mark_attendance
    from integrakonzept.process.load import load_process

    result = mark_attendance(
        load_process(file),
        phase,
        present,
        tracker=tracker,
        add_walk_ins=add_walk_ins,
        only_present=only_present,
        dry_run=dry_run,
    )
    _print_attendance(result)


def _print_attendance(result: AttendanceReport) -> None:
    from integrakonzept.render.locale import counted

    say(
        f"{result.phase}: {counted(result.listed, 'Eintrag', 'Einträge')} auf der Liste, "
        f"{result.matched} zugeordnet "
        f"({result.already} schon eingetragen), {result.marked_absent} als „nein“ markiert, "
        f"{result.walk_ins} ohne Anmeldung ergänzt."
    )
    for given, matched in result.approximate:
        warn(f"ähnlicher Name zugeordnet: „{given}“ → „{matched}“ (bitte prüfen)")
    for name in result.ambiguous:
        warn(f"mehrdeutig (mehrere Personen mit diesem Namen): „{name}“")
    if result.unmatched:
        label = "ergänzt" if result.walk_ins else "nicht gefunden"
        for name in result.unmatched[:50]:
            warn(f"{label}: „{name}“")
        if not result.walk_ins and not result.dry_run:
            say("Mit --add-walk-ins werden nicht gefundene Namen als neue Zeilen übernommen.")
    if result.dry_run:
        say(f"Probelauf (--dry-run): {result.tracker} wurde nicht geändert.")
    elif result.changed:
        say(f"aktualisiert: {result.tracker}")
        if result.backup is not None:
            say(f"Sicherung: {result.backup}")
    else:
        say(f"Keine Änderungen – {result.tracker} bleibt unverändert.")


__all__ = ["Path", "attendance", "import_registrations", "tracker"]
