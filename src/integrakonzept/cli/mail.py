"""CLI command ``ik mail``: converts options, calls :func:`integrakonzept.documents.mail.mail`
once and prints the plan and the summary (on stderr, for the coordinator's own terminal)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from integrakonzept.cli.app import (
    DryRunOpt,
    ProcessFile,
    RequiredPhaseOpt,
    State,
    TemplatesOpt,
    TodayOpt,
    TrackerOpt,
    app,
    handled,
    parse_day,
    refuse_stdout,
    say,
    warn,
)

if TYPE_CHECKING:
    from integrakonzept.documents.mail import MailReport

MAX_LISTED = 50


class MailKind(StrEnum):
    bestaetigung = "bestaetigung"
    warteliste = "warteliste"
    platz_frei = "platz-frei"
    erinnerung = "erinnerung"
    absage = "absage"
    dank = "dank"


class SecurityChoice(StrEnum):
    starttls = "starttls"
    ssl = "ssl"
    keine = "keine"


@app.command("mail")
@handled
def mail_command(
    file: ProcessFile,
    phase: RequiredPhaseOpt,
    kind: Annotated[
        MailKind,
        typer.Option(
            "--kind",
            "-k",
            help="Art der E-Mail: bestaetigung (Anmeldung bestätigen), warteliste (Platz auf "
            "der Warteliste), platz-frei (von der Warteliste nachgerückt), erinnerung (kurz "
            "vor dem Termin), absage (Absage bestätigen), dank (nach der Veranstaltung).",
            case_sensitive=False,
        ),
    ],
    drafts: Annotated[
        Path | None,
        typer.Option(
            "--drafts",
            help="Entwürfe (.eml) in diesen Ordner schreiben, statt zu senden; Outlook und "
            "Thunderbird öffnen sie als ungesendete Nachricht.",
            metavar="ORDNER",
        ),
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Über den Mailserver senden (email_versand: server).")
    ] = False,
    dry_run: DryRunOpt = False,
    tracker: TrackerOpt = None,
    templates: TemplatesOpt = None,
    today: TodayOpt = None,
    smtp_server: Annotated[
        str | None,
        typer.Option("--smtp-server", help="Mailserver (statt email_versand: server).", metavar="HOST"),
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option("--smtp-port", help="Port des Mailservers.", metavar="PORT", min=1, max=65535),
    ] = None,
    smtp_security: Annotated[
        SecurityChoice | None,
        typer.Option("--smtp-security", help="Verschlüsselung: starttls, ssl oder keine."),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            "--smtp-user",
            help="Benutzername am Mailserver (sonst IK_SMTP_BENUTZER); das Passwort kommt aus "
            "IK_SMTP_PASSWORT oder dem Schlüsselbund.",
            metavar="NAME",
        ),
    ] = None,
    pause: Annotated[
        float | None,
        typer.Option(
            "--pause",
            help="Sekunden zwischen zwei E-Mails (Standard: email_versand: pause_sekunden, sonst 2).",
            metavar="SEKUNDEN",
            min=0,
        ),
    ] = None,
) -> None:
    """Persönliche E-Mails an die Angemeldeten einer Veranstaltung – als Entwürfe oder direkt.

    Wer laut Anmeldeliste an der Reihe ist, bekommt genau eine E-Mail (aus der Vorlage
    templates/mail/ART.txt.j2): mit Datum, Uhrzeit, Ort und Anfahrt, gebuchtem Dolmetschen
    und Kinderbetreuung und dem Weg zur Absage; Bestätigung, Platz frei und Erinnerung mit
    Kalenderdatei (.ics). Das Blatt „Nachrichten“ der Anmeldeliste hält fest, wer was
    wann bekommen hat – nichts geht doppelt hinaus, ein abgebrochener Versand setzt beim
    nächsten Aufruf fort. Bei platz-frei rücken Personen der Warteliste nach Anmeldezeit
    auf die freien Plätze nach (Status „angemeldet“). --dry-run zeigt, wer was bekäme,
    mit einem Beispiel.
    """
    from integrakonzept.cli.people import _progress  # the one progress bar of the CLI
    from integrakonzept.documents.mail import mail
    from integrakonzept.output import Writer
    from integrakonzept.process.load import load_process

    refuse_stdout(drafts, "Entwürfe sind einzelne .eml-Dateien in einem Ordner", "--drafts")
    process = load_process(file)
    writer = Writer()
    with _progress() as progress:
        result = mail(
            process,
            phase,
            kind.value,
            tracker=tracker,
            drafts=drafts,
            send=send,
            dry_run=dry_run,
            today=parse_day(today),
            templates=templates,
            smtp_host=smtp_server,
            smtp_port=smtp_port,
            smtp_security=smtp_security.value if smtp_security else None,
            smtp_user=smtp_user,
            pause=pause,
            writer=writer,
            on_plan=_print_plan,
            progress=progress,
        )
    if result.dry_run:
        _print_plan(result)
        _print_example(result)
        say(f"Probelauf (--dry-run): nichts gesendet, {result.tracker} unverändert.")
        return
    _print_summary(result)
    if result.aborted or result.store_error:
        raise typer.Exit(1)


def _print_plan(result: MailReport) -> None:
    s = result.selection
    head = f"{result.phase} – {result.label}: {len(s.due)} fällig"
    if s.already:
        head += f", {s.already} schon erledigt"
    if s.skipped:
        head += f", {len(s.skipped)} übersprungen"
    say(head)
    if result.recovered:
        say(
            f"Aus einem unterbrochenen Lauf: {_count(result.recovered, 'Nachricht', 'Nachrichten')} "
            "(schon hinaus) werden jetzt in die Anmeldeliste eingetragen."
        )
    if s.capacity is not None and result.kind in ("platz-frei", "warteliste"):
        say(f"Plätze: {s.capacity}, angemeldet: {s.registered}, Warteliste: {s.waitlist}")
    moves = s.moves
    if moves:
        say(
            f"Nachrücken von der Warteliste (nach Anmeldezeit): "
            f"{_count(len(moves), 'Person', 'Personen')}"
        )
        for person in moves:
            when = person.registered_at.strftime("%d.%m.%Y %H:%M") if person.registered_at else "ohne Zeit"
            say(f"  {person.label} (angemeldet am {when})")
    if result.fallbacks or set(result.languages) - {"Deutsch"}:
        # counts only: which language how many people get (names stay in the tracker)
        say("Sprachen: " + ", ".join(f"{name} {n}" for name, n in result.languages.items()))
        for what, n in result.fallbacks.items():
            say(f"  auf Deutsch statt {what}: {n}")
    for note in s.notes:
        say(f"Hinweis: {note}")
    if result.dry_run and not State.quiet:
        for person in s.due[:MAX_LISTED]:
            say(f"  bekäme: {person.label} <{person.email}>")
        if len(s.due) > MAX_LISTED:
            say(f"  … und {len(s.due) - MAX_LISTED} weitere")
    for skip in s.skipped:
        warn(f"übersprungen: {skip.label} – {skip.reason}")


def _print_example(result: MailReport) -> None:
    if result.example is None or State.quiet:
        return
    from integrakonzept.cli.app import err_console
    from integrakonzept.render.locale import language_name

    # one example per language the messages are written in (the first one first)
    items = [result.example, *(m for m in result.examples.values() if m.lang != result.example.lang)]
    for item in items:
        attachments = [p.get_filename() for p in item.message.iter_attachments()]
        title = "Beispiel" if len(items) == 1 else f"Beispiel ({language_name(item.lang)})"
        err_console.rule(title, style="dim")
        lines = [f"An: {item.message['To']}", f"Betreff: {item.subject}"]
        if attachments:
            lines.append("Anhang: " + ", ".join(str(a) for a in attachments))
        say("\n".join(lines) + "\n\n" + item.body.rstrip())
    err_console.rule(style="dim")


def _count(number: int, one: str, many: str) -> str:
    from integrakonzept.render.locale import counted

    return counted(number, one, many)


def _print_summary(result: MailReport) -> None:
    if not result.selection.due and not result.stored:
        say("Niemand ist an der Reihe – es wurde nichts gesendet oder geschrieben.")
    elif result.way == "Entwurf":
        say(f"{_count(len(result.drafts), 'Entwurf', 'Entwürfe')} geschrieben.")
        for path in result.drafts[:MAX_LISTED]:
            say(f"erstellt: {path}")
    else:
        say(
            f"Gesendet: {len(result.sent)}, übersprungen: {len(result.selection.skipped)}, "
            f"fehlgeschlagen: {len(result.failed)}"
            + (f", nicht versucht: {len(result.not_attempted)}" if result.not_attempted else "")
        )
    for failure in result.failed:
        warn(f"fehlgeschlagen: {failure.label} – {failure.reason}")
    if result.aborted:
        warn(
            f"Versand abgebrochen: {result.aborted}. "
            f"{_count(len(result.not_attempted), 'E-Mail wurde', 'E-Mails wurden')} "
            "nicht versucht; rufen Sie denselben Befehl später erneut auf – Verschicktes geht "
            "nicht noch einmal hinaus."
        )
    if result.store_error:
        warn(
            f"Die Anmeldeliste konnte nicht aktualisiert werden: {result.store_error} Das "
            "Versandprotokoll bleibt erhalten und wird beim nächsten Aufruf eingetragen."
        )
    elif result.stored:
        say(
            f"aktualisiert: {result.tracker} (Blatt „Nachrichten“, "
            f"{_count(result.stored, 'Eintrag', 'Einträge')})"
        )
        if result.backup is not None:
            say(f"Sicherung: {result.backup}")


__all__ = ["mail_command"]
