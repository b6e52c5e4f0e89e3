"""CLI commands for documents: press-release, invitation, signup-sheet, qr, calendar, build.

Each command converts its options, calls one function of :mod:`integrakonzept.documents`
and reports what was written (on stderr). Library modules are imported inside the
commands so that ``ik --help`` stays fast.
"""

from __future__ import annotations

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
    TemplatesOpt,
    TodayOpt,
    TrackerOpt,
    app,
    err_console,
    handled,
    is_stdout,
    parse_day,
    refuse_stdout,
    report,
    say,
    warn,
)

if TYPE_CHECKING:
    from integrakonzept.output import Writer
    from integrakonzept.people.roster import Roster
    from integrakonzept.process.model import Process
    from integrakonzept.results.participation import Participation

DateOpt = TodayOpt  # the one shared --today/--date option
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Quelle an den Link im QR-Code hängen (utm_source=…), z. B. flyer oder kiesel: "
        "so lassen sich Anmeldungen nach Flyer, Partner oder Sprache unterscheiden.",
        metavar="NAME",
    ),
]


def _load(file: Path) -> Process:
    from integrakonzept.process.load import load_process

    return load_process(file)


def _writer(dry_run: bool) -> Writer:
    from integrakonzept.output import Writer

    return Writer(dry_run=dry_run)


def _figures(
    process: Process, tracker: Path | None = None, phase: str | None = None
) -> tuple[Roster | None, Participation]:
    """Read the tracker once (``--tracker``, else the process's once it exists) and count
    the figures every document uses; say once where they disagree – about ``phase`` only
    when the command makes the documents of one phase."""
    from integrakonzept.people.roster import roster_for
    from integrakonzept.results.participation import participation

    roster = roster_for(process, tracker)
    figures = participation(process, roster)
    for line in figures.warnings_about(phase):
        warn(line)
    return roster, figures


def _warn_placeholders(process: Process) -> None:
    """A document that goes out, asked for by name: made, but not without saying which keys
    still hold a placeholder of ik new-process (ik build leaves such documents out)."""
    from integrakonzept.process.placeholders import placeholder_list, process_placeholders

    found = process_placeholders(process)
    if found:
        warn(
            "Die Prozessdatei enthält noch Platzhalter aus ik new-process, die in diesem "
            f"Dokument stehen können: {placeholder_list(found)}."
        )


def _check_phase(process: Process, phase: str | None) -> None:
    """``--phase`` is checked before anything is read or said about other phases."""
    if phase is not None:
        from integrakonzept.documents.common import find_phase

        find_phase(process, phase)


def _text(data: str | bytes) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data


@app.command("press-release")
@handled
def press_release(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help="ankuendigung (vor einer Veranstaltung), aufruf (zu einer Online-Phase) "
            "oder nachbericht (nach einer Veranstaltung).",
            metavar="ART",
        ),
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-F",
            help="docx, md, txt oder html; mehrfach angeben für mehrere. Standard: die Endung "
            "von -o, sonst docx.",
            metavar="FORMAT",
        ),
    ] = None,
    output: OutputOpt = None,
    date: DateOpt = None,
    participants: Annotated[
        int | None,
        typer.Option(
            "--participants",
            help="Zahl der Teilnehmenden für den Nachbericht (statt „ergebnisse: teilnehmende:“).",
            min=0,
            metavar="ANZAHL",
        ),
    ] = None,
    tracker: TrackerOpt = None,
    templates: TemplatesOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Pressemitteilung schreiben: Ankündigung, Aufruf oder Nachbericht.

    Dateiname: PHASE-pressemitteilung-ART.FORMAT im Ausgabeordner, oder -o DATEI.
    Mit -o - wird der Text (md, txt, html) auf die Standardausgabe geschrieben.
    Der Nachbericht nennt ohne --participants dieselbe Teilnehmendenzahl wie alle
    Unterlagen: die in der Anmeldeliste (--tracker) erfasste Teilnahme, wo sie für diese
    Veranstaltung vollständig erfasst ist (jede Anmeldung hat einen Eintrag, oder
    „teilnahme_vollstaendig: ja“), sonst „ergebnisse: teilnehmende“ der Prozessdatei. Eine aus der Anmeldeliste gezählte Zahl über zwölf rundet ik wie eine
    Pressestelle („rund 50“).
    """
    from integrakonzept.documents.press import timing_warnings, write_press_release
    from integrakonzept.process.model import today

    release_date = parse_day(date, "--date") or today()
    process = _load(file)
    _check_phase(process, phase)
    writer = _writer(dry_run)
    figures = None
    if kind == "nachbericht" and participants is None:
        roster, figures = _figures(process, tracker, phase)
        if roster is not None and phase in figures.titles:
            if figures.event(phase).participants_source == "tracker":
                say(f"Teilnahme laut {roster.path.name}: {figures.event(phase).participants}.")
    text = write_press_release(
        process,
        phase,
        kind,
        writer,
        formats=formats or [],
        output=output,
        release_date=release_date,
        participants=participants,
        figures=figures,
        templates=templates,
    )
    for line in timing_warnings(process, phase, kind, release_date):
        warn(line)
    if kind == "ankuendigung":
        from integrakonzept.documents.common import deadline_warnings

        for line in deadline_warnings(process, release_date, phase):
            warn(line)
    if text is not None:
        typer.echo(text, nl=False)
    report(writer)
    _warn_placeholders(process)


LangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        "-l",
        help="Sprache der Einladung (mehrfach angeben für mehrere): de, en, tr, ar, uk, ru, pl, "
        "fa, prs (Dari) oder de-x-ls (Leichte Sprache, Entwurf). Standard: „sprachen:“ der "
        "Prozessdatei.",
        metavar="SPRACHE",
    ),
]
CombinedOpt = Annotated[
    bool,
    typer.Option(
        "--combined",
        help="Zusätzlich eine mehrsprachige PDF mit der Einladung in allen Sprachen.",
    ),
]


@app.command("invitation")
@handled
def invitation(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    output: OutputOpt = None,
    lang: LangOpt = None,
    combined: CombinedOpt = False,
    source: SourceOpt = None,
    templates: TemplatesOpt = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Einladung zu einer Veranstaltung als A4-PDF (für den Druck) und HTML, je Sprache.

    Dateien: PHASE-einladung.pdf/.html (Deutsch), PHASE-einladung-SPRACHE.pdf/.html
    (z. B. -ar, -tr), PHASE-einladung-leichte-sprache.pdf/.html und mit --combined
    PHASE-einladung-mehrsprachig.pdf. Der QR-Code einer nicht deutschen Einladung
    trägt die Quelle einladung-SPRACHE (utm_source), damit die Anmeldeliste zeigt,
    welche Einladung gewirkt hat; --source ersetzt das ({sprache} wird zum Sprachcode).
    Nach der Anmeldefrist (Stichtag --date, Standard: heute) lädt die Einladung nicht mehr
    zur Anmeldung bis zur Frist ein, sondern nennt, wo es noch Restplätze gibt.
    """
    from integrakonzept.documents.common import deadline_warnings
    from integrakonzept.documents.invitation import write_invitation
    from integrakonzept.process.model import today

    refuse_stdout(output, "eine Einladung ist eine PDF- und HTML-Datei")
    day = parse_day(date, "--date") or today()
    process = _load(file)
    writer = _writer(dry_run)
    write_invitation(
        process,
        phase,
        writer,
        output=output,
        templates=templates,
        source=source,
        languages=lang,
        combined=combined,
        today=day,
    )
    for line in deadline_warnings(process, day, phase):
        warn(line)
    report(writer)
    _warn_placeholders(process)


@app.command("signup-sheet")
@handled
def signup_sheet(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    output: OutputOpt = None,
    rows: Annotated[
        int | None,
        typer.Option(
            "--rows",
            help="Mindestens so viele leere Zeilen (Standard: Zahl der Plätze, sonst 30, mit "
            "--tracker 10 für Spontane); immer aufgefüllt bis zum Ende der letzten Seite.",
            min=0,
            metavar="ANZAHL",
        ),
    ] = None,
    tracker: TrackerOpt = None,
    per_group: Annotated[
        bool, typer.Option("--per-group", help="Eine Liste je Arbeitsgruppe bzw. Handlungsfeld.")
    ] = False,
    funding: Annotated[
        bool,
        typer.Option(
            "--funding",
            help="Fassung für Förderprogramme: Bestätigung mit Unterschrift auf jeder Seite.",
        ),
    ] = False,
    funding_programme: Annotated[
        str | None,
        typer.Option(
            "--funding-programme",
            help="Name des Förderprogramms (schließt --funding ein).",
            metavar="NAME",
        ),
    ] = None,
    photo_consent: Annotated[
        bool,
        typer.Option("--photo-consent", help="Spalte für die Foto-Einwilligung (ja/nein)."),
    ] = False,
    templates: TemplatesOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Teilnahmeliste zum Ausdrucken (PDF): Name, Organisation, Unterschrift.

    Nie E-Mail, Telefon oder Bedarfe auf Papier. Kopf, Spaltenköpfe, „Seite X von Y“
    und Datenschutzhinweis stehen auf jeder Seite. Mit --tracker werden die
    Angemeldeten alphabetisch vorgedruckt; ohne --tracker die Anmeldeliste
    der Prozessdatei, sobald es sie gibt. Datei: PHASE-teilnahmeliste.pdf
    (-foerderung, -gruppen für die Varianten).
    """
    from integrakonzept.documents.signup import write_signup_sheet
    from integrakonzept.people.roster import roster_for

    refuse_stdout(output, "eine Teilnahmeliste ist eine PDF-Datei")
    process = _load(file)
    writer = _writer(dry_run)
    roster = roster_for(process, tracker) if tracker is not None or not per_group else None
    if roster is not None:
        say(f"Angemeldete aus {roster.path} werden vorgedruckt.")
    write_signup_sheet(
        process,
        phase,
        writer,
        output=output,
        rows=rows,
        roster=roster,
        per_group=per_group,
        funding=funding,
        funding_programme=funding_programme,
        photo_consent=photo_consent,
        templates=templates,
    )
    report(writer)


@app.command("qr")
@handled
def qr(
    file: ProcessFile,
    phase: PhaseOpt = None,
    output: OutputOpt = None,
    source: SourceOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """QR-Code des Anmelde-Links als PNG (scharf bei 3 cm, 300 dpi) und SVG.

    Ohne --phase für jede Phase mit Link. Dateien: PHASE-qr-anmeldung.png/.svg
    (Veranstaltungen) bzw. PHASE-qr.png/.svg (Online-Phasen); mit --source endet der
    Name auf -NAME.
    """
    from integrakonzept.documents.qr import write_qr_codes

    refuse_stdout(output, "QR-Codes sind Bilddateien (PNG und SVG)")
    process = _load(file)
    writer = _writer(dry_run)
    write_qr_codes(process, writer, phase_id=phase, output=output, source=source)
    report(writer)


@app.command("calendar")
@handled
def calendar(
    file: ProcessFile,
    phase: PhaseOpt = None,
    output: OutputOpt = None,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Statt der Termine die Fristen aus „ik plan“ (rückwärts vom Ratsbeschluss) als fristen.ics.",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Kalenderdatei (.ics) für eine Veranstaltung oder alle Termine des Prozesses.

    Zeiten in Europe/Berlin; jede Phase behält ihre UID, so dass ein Kalenderprogramm
    den Eintrag beim erneuten Import aktualisiert statt ihn doppelt anzulegen.
    Dateien: PHASE-termin.ics bzw. termine.ics; mit --plan fristen.ics (ganztägige
    Einträge für jede Frist des Zeitplans, ebenfalls mit festen UIDs). Mit -o - wird
    die Kalenderdatei auf die Standardausgabe geschrieben.
    """
    if plan and phase is not None:
        raise typer.BadParameter(
            "--plan gilt für den ganzen Prozess, nicht für eine Phase.", param_hint="--phase"
        )
    process = _load(file)
    writer = _writer(dry_run)
    if plan:
        from integrakonzept.plan import write_plan_calendar

        if is_stdout(output):
            from integrakonzept.plan import make_plan, render

            deadlines, land = make_plan(process)
            typer.echo(_text(render(deadlines, land, process, "ics")), nl=False)
            return
        write_plan_calendar(process, writer, output=output)
    else:
        from integrakonzept.documents.calendar import calendar_as_issued, write_calendar

        if is_stdout(output):
            typer.echo(_text(calendar_as_issued(process, phase)), nl=False)
            return
        write_calendar(process, writer, phase_id=phase, output=output)
    report(writer)


@app.command("build")
@handled
def build(
    file: ProcessFile,
    output: OutputOpt = None,
    phase: PhaseOpt = None,
    date: DateOpt = None,
    combined: CombinedOpt = False,
    templates: TemplatesOpt = None,
    dry_run: DryRunOpt = False,
    renew: Annotated[
        bool,
        typer.Option(
            "--neu",
            "--force",
            help="Alle Unterlagen neu erzeugen, auch die, deren Angaben sich nicht geändert haben.",
        ),
    ] = False,
    allow_placeholders: Annotated[
        bool,
        typer.Option(
            "--allow-placeholders",
            help="Einladungen, Briefe, Pressemitteilungen, Teilnahmelisten, QR-Codes, "
            "Kalenderdateien und die Prozessseite auch dann schreiben, wenn die "
            "Prozessdatei noch Platzhalter aus „ik new-process“ enthält (Vorname Nachname, "
            "…bitte-ersetzen.example.de, 1234567 …).",
        ),
    ] = False,
) -> None:
    """Alle Unterlagen auf einmal: Einladungen, Pressemitteilungen, Teilnahmelisten,
    QR-Codes, Kalenderdateien und eine Übersicht (index.html).

    Je Veranstaltung bzw. Online-Phase ein Ordner AUSGABE/PHASE/ mit Dateien
    PHASE-einladung.pdf/.html (und PHASE-einladung-SPRACHE.pdf/.html für jede weitere
    Sprache unter „sprachen:“, mit --combined PHASE-einladung-mehrsprachig.pdf),
    PHASE-pressemitteilung-ankuendigung.docx/.md/.txt,
    PHASE-pressemitteilung-nachbericht.* (wenn Ergebnisse eingetragen sind),
    PHASE-pressemitteilung-aufruf.* (Online-Phasen), PHASE-teilnahmeliste.pdf,
    PHASE-qr-anmeldung.png/.svg bzw. PHASE-qr.png/.svg und PHASE-termin.ics;
    dazu AUSGABE/termine.ics und AUSGABE/index.html, und die öffentliche
    Prozessseite AUSGABE/seite/ (je Sprache eine Seite, CMS-Fragment einbettung.html,
    iframe.txt; siehe „veroeffentlichung:“). Erneutes Ausführen macht nur neu, was sich
    geändert hat: Unterlagen, deren Angaben (Prozessdatei, Vorlagen, Zahlen aus der
    Anmeldeliste, ik-Version, Optionen) gleich geblieben sind und deren Dateien niemand
    geändert oder gelöscht hat, bleiben, wie sie sind (Stand in AUSGABE/.ik-stand.json);
    --neu erzeugt alles neu.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from integrakonzept.documents.kit import build_kit, label_text
    from integrakonzept.output import Change
    from integrakonzept.process.model import today
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.pool import RenderPool

    refuse_stdout(output, "ik build schreibt viele Dateien in einen Ordner")
    release_date = parse_day(date, "--date") or today()
    process = _load(file)
    _check_phase(process, phase)
    roster, figures = _figures(process, phase=phase)
    writer = _writer(dry_run)
    renders = RenderPool()
    # The public page's documentation PDF is laid out on another core during the kit.
    site_due = phase is None and process.publication.create
    if site_due and renders.may_fork and not dry_run:
        from integrakonzept.process.placeholders import process_placeholders

        if allow_placeholders or not process_placeholders(process):
            from integrakonzept.documents.common import output_dir
            from integrakonzept.site.page import announce_documentation

            root = output_dir(process, output)
            writer.keep_stamps(root, renew=renew)
            announce_documentation(
                process, writer, root, renders, today=release_date, figures=figures,
                templates=templates,
            )  # fmt: skip
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=State.quiet or not err_console.is_terminal,  # no bar, no blank line in a log
    )
    with progress, renders:
        task = progress.add_task("Unterlagen", total=None)

        def on_step(done: int, total: int, description: str) -> None:
            progress.update(task, completed=done, total=total, description=description)

        result = build_kit(
            process,
            writer,
            output=output,
            phase_id=phase,
            release_date=release_date,
            templates=templates,
            on_step=on_step,
            roster=roster,
            combined=combined,
            figures=figures,
            renew=renew,
            refuse_placeholders=not allow_placeholders,
            renders=renders,
        )
        site_warnings: list[str] = []
        # The public page shows the contact and the registration links: not with placeholders.
        if site_due and not result.placeholders:
            from integrakonzept.documents.common import output_dir
            from integrakonzept.site.page import build_site

            progress.update(task, description="Prozessseite (seite/)")
            site = build_site(
                process,
                writer,
                output_dir(process, output),
                today=release_date,
                figures=figures,
                invitations=result.invitations,
                templates=templates,
                renders=renders,
            )
            site_warnings = site.warnings
            writer.save_stamps()
    report(writer)
    for warning in [*result.warnings, *site_warnings]:
        warn(warning)
    if result.placeholders:
        from integrakonzept.process.placeholders import placeholder_list

        warn(
            "Keine Einladungen, Briefe, Pressemitteilungen, Teilnahmelisten, QR-Codes und "
            "Kalenderdateien geschrieben: Die Prozessdatei "
            "enthält noch Platzhalter aus ik new-process: "
            f"{placeholder_list(result.placeholders)}. "
            + (
                "Auch die öffentliche Prozessseite (seite/) bleibt ungeschrieben. "
                if phase is None and process.publication.create
                else ""
            )
            + "Ersetzen Sie sie (ik check nennt Zeile und Spalte) oder bestätigen Sie mit "
            "--allow-placeholders."
        )
    for skipped in result.skipped:
        say(
            f"{skipped.phase_id}: "
            + text("kit_skipped", what=label_text(skipped.label), why=text(skipped.reason))
        )
    from integrakonzept.render.locale import counted

    counts = writer.counts()
    say(
        f"{counted(len(writer.written), 'Datei', 'Dateien')}: "
        + ", ".join(
            f"{counts[c]} {c.value}"
            for c in Change
            if counts[c] or c in (Change.CREATED, Change.UPDATED, Change.UNCHANGED)
        )
        + "."
    )


@app.command("letter")
@handled
def letter(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-F",
            help="docx, md oder txt; mehrfach angeben für mehrere. Standard: die Endung von -o, "
            "sonst docx.",
            metavar="FORMAT",
        ),
    ] = None,
    output: OutputOpt = None,
    date: DateOpt = None,
    salutation: Annotated[
        str | None,
        typer.Option(
            "--salutation",
            help="Anrede, Standard: „Sehr geehrte Damen und Herren“.",
            metavar="ANREDE",
        ),
    ] = None,
    templates: TemplatesOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Persönlicher Einladungsbrief für eine Veranstaltung nur mit Einladung.

    Geschlossene Veranstaltungen (zugang: einladung) bekommen keine öffentliche
    Ankündigung, sondern diesen Brief an die Gäste (DOCX zum Unterschreiben, Markdown oder
    Text für eine E-Mail). Dateiname: PHASE-einladungsbrief.FORMAT; mit -o - auf die
    Standardausgabe.
    """
    from integrakonzept.documents.letter import write_invitation_letter
    from integrakonzept.process.model import today

    process = _load(file)
    writer = _writer(dry_run)
    text = write_invitation_letter(
        process,
        phase,
        writer,
        formats=formats or [],
        output=output,
        letter_date=parse_day(date, "--date") or today(),
        salutation=salutation,
        templates=templates,
    )
    if text is not None:
        typer.echo(text, nl=False)
    report(writer)
    _warn_placeholders(process)
