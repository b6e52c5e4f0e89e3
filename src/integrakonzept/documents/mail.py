"""``ik mail``: personal e-mails to the people in the tracker – as drafts or over SMTP.

For one event and one kind of message (see :mod:`integrakonzept.people.maildue`), each
person who is due gets one e-mail rendered from ``templates/mail/<kind>.txt.j2``
through the one Jinja environment (plain text, UTF-8, the process's gender style).
Confirmations, "place free" messages and reminders carry the event's calendar file
(:func:`integrakonzept.documents.calendar.calendar_as_issued`).

Two ways out:

* ``--drafts DIR``: one standard ``.eml`` file per message with the header
  ``X-Unsent: 1``, which Outlook opens as an unsent draft (Thunderbird: open, then
  "Als neu bearbeiten"); the municipality's own mail system sends them.
* ``--send``: over SMTP (:mod:`integrakonzept.documents.smtp`), one message at a time
  with a pause between two (throttling). Each success is journaled at once
  (:mod:`integrakonzept.people.mailrecords`), so an interrupted run never sends twice;
  a failed message leaves that person's state unchanged.

Nothing personal is logged: the report goes back to the caller, who shows it on the
coordinator's own terminal.
"""

from __future__ import annotations

import contextlib
import copy
import re
import smtplib
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import IkError, TemplateError, TrackerError, UsageError
from integrakonzept.output import ensure_closed
from integrakonzept.people.maildue import Person, Selection, Skip, check_timing, select
from integrakonzept.people.mailrecords import (
    KIND_LABELS,
    WAY_DRAFT,
    WAY_SENT,
    Record,
    append_journal,
    clear_journal,
    read_journal,
    sending_lock,
    store_records,
)

if TYPE_CHECKING:
    from integrakonzept.documents.smtp import Security
    from integrakonzept.output import Writer
    from integrakonzept.process.model import EventPhase, Process

#: kinds whose message carries the event's .ics
WITH_CALENDAR = frozenset({"bestaetigung", "platz-frei", "erinnerung"})
DRAFT_HEADER = "X-Unsent"

Progress = Callable[[str, int, int], None]


# --- building one message ----------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """One rendered message for one person."""

    person: Person
    subject: str
    body: str
    message: EmailMessage
    #: the language it is written in (``de`` or a catalogue code)
    lang: str = "de"


def sender(process: Process) -> Address:
    """The From address: ``email_versand.absender`` or the contact's e-mail."""
    settings = process.mail
    address = (settings.sender if settings else None) or process.contact.email
    if not address:
        raise IkError(
            "Für E-Mails fehlt die Absenderadresse.",
            "Tragen Sie in der Prozessdatei kontakt: email: … oder email_versand: absender: … ein.",
        )
    name = settings.sender_name if settings and settings.sender_name else None
    if name is None:
        name = f"{process.contact.name} ({process.organiser.institution})"
    local, _, domain = address.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


@dataclass(frozen=True)
class Needs:
    """What a person asked for, held against what the event offers (language names in
    German). The mail confirms only what is offered and says honestly what is not."""

    #: the event offers interpreting at all
    interpreting: bool
    #: the languages the event offers ("" list: any language on request)
    offered: list[str]
    #: requested languages the event offers
    matched: list[str]
    #: requested languages the event does not offer
    missing: list[str]
    #: the event offers childcare
    childcare: bool


_SPLIT = re.compile(r"\s*(?:[,;/+&]|\bund\b|\boder\b|\band\b|\bor\b)\s*", re.IGNORECASE)


def needs(phase: EventPhase, person: Person, lang: str = "de") -> Needs:
    """Match ``person``'s requests against the offers of ``phase``; the languages the
    event offers are named in ``lang`` (the language of the mail)."""
    from integrakonzept.people.schema import YES
    from integrakonzept.render.locale import language_name

    offer = phase.interpreting
    codes = list(offer.languages) if offer else []
    german = {code: language_name(code) for code in codes}
    if lang == "de":
        names = german
    else:
        from integrakonzept.render.languages import language

        names = {code: language(lang).language_name(code) for code in codes}
    matched: list[str] = []
    missing: list[str] = []
    asked = "" if person.interpreter == YES else person.interpreter
    for token in (t.strip() for t in _SPLIT.split(asked)):
        if not token:
            continue
        low = token.casefold()
        hit = next(
            (
                c
                for c in codes
                if low == c.casefold()
                or german[c].casefold() in low
                or names[c].casefold() in low
            ),
            None,
        )
        if hit is None or not codes:
            missing.append(_language_word(token, lang))
        elif names[hit] not in matched:
            matched.append(names[hit])
    return Needs(
        interpreting=offer is not None,
        offered=[names[c] for c in codes],
        matched=matched,
        missing=missing,
        childcare=bool(phase.childcare and phase.childcare.offered),
    )


def _language_word(token: str, lang: str) -> str:
    """A requested language as the mail names it: „Türkisch“ in a Turkish mail is
    „Türkçe“; a word that names no known language stays as written."""
    from integrakonzept.render.languages import code_for, language

    code = code_for(token)
    if code is None:
        return token
    return language(lang).language_name(code)


#: why a person who asked for another language is written to in German (summary only)
WHY_NO_TEXTS = "keine E-Mail-Texte in dieser Sprache"
WHY_NOT_IN_PROCESS = "nicht unter „sprachen:“ der Prozessdatei"
WHY_NO_DAY = "Termin ohne festen Tag"
WHY_EASY = "E-Mails in Leichter Sprache gibt es noch nicht"


def mail_language(process: Process, phase: EventPhase, person: Person) -> tuple[str, str | None]:
    """(code, reason): the language to write ``person`` in, and why it is German although
    the tracker's „Sprache“ names another language (``None``: as wished).

    Another language than German needs the language in the process's ``sprachen:`` (the
    process is prepared for it: translated texts, invitations), a mail catalogue
    (``locales/<code>/LC_MESSAGES/mail.po``) and an event with a fixed day.
    """
    from integrakonzept.render.catalogue import MAIL_DOMAIN, po_path
    from integrakonzept.render.languages import LEICHTE_SPRACHE, code_for, normalise

    wanted = person.language.strip()
    if not wanted:
        return "de", None
    code = code_for(wanted)
    if code == "de":
        return "de", None
    if code is None or not po_path(code, MAIL_DOMAIN).is_file():
        return "de", WHY_EASY if code == LEICHTE_SPRACHE else WHY_NO_TEXTS
    if code not in {normalise(c) for c in process.languages}:
        return "de", WHY_NOT_IN_PROCESS
    if not phase.date.is_exact:
        return "de", WHY_NO_DAY
    return code, None


def render_mail(
    process: Process,
    phase: EventPhase,
    person: Person,
    kind: str,
    *,
    today: date,
    has_calendar: bool,
    templates: Path | None = None,
    waitlist: bool = False,
    lang: str = "de",
) -> tuple[str, str]:
    """(subject, body) of ``kind`` for ``person`` from ``mail/<kind>.txt.j2`` (German) or,
    in another language, ``mail/sprachen/<kind>.txt.j2`` with the wording of
    ``locales/<lang>/LC_MESSAGES/mail.po`` (see :func:`mail_language`).

    ``waitlist``: someone could move up if this person cancels (the event has a capacity
    and a waiting list, or is full)."""
    from integrakonzept.render.templating import render_template

    days = (phase.date.as_date() - today).days if phase.date.is_exact else None
    context: dict[str, object] = {
        "process": process,
        "event": phase,
        "person": person,
        "needs": needs(phase, person, lang),
        "waitlist": waitlist,
        "kind": kind,
        "days": days,
        "has_calendar": has_calendar,
        "calendar_name": f"{phase.id}-termin.ics",
        "documentation_url": process.mail.documentation_url if process.mail else None,
        "gender_style": process.gender_style,
        "lang": "de",
    }
    if lang == "de":
        name = f"mail/{kind}.txt.j2"
    else:
        name = f"mail/sprachen/{kind}.txt.j2"
        context.update(_language_context(process, phase, lang))
    text = render_template(name, context, templates or process.templates)
    head, _, rest = text.lstrip("\n").partition("\n")
    if not head.startswith("Betreff:") or not head[len("Betreff:") :].strip():
        raise TemplateError(
            f"Die Vorlage {name} muss mit einer Zeile „Betreff: …“ beginnen.",
            "Vergleichen Sie Ihre Vorlage mit der eingebauten (templates/mail/).",
        )
    subject = " ".join(head[len("Betreff:") :].split())
    body = re.sub(r"[ \t]+\n", "\n", rest)
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n") + "\n"
    return subject, body


def _language_context(process: Process, phase: EventPhase, lang: str) -> dict[str, object]:
    """What the templates in ``mail/sprachen/`` use besides the German context."""
    from integrakonzept.documents.invitation import event_facts
    from integrakonzept.process.translations import phase_texts
    from integrakonzept.render.catalogue import MAIL_DOMAIN, domain_text
    from integrakonzept.render.languages import language

    def m(key: str, **values: object) -> str:
        wording = domain_text(key, lang, MAIL_DOMAIN, **values)
        if wording is None:
            raise TemplateError(
                f"Der Text „{key}“ fehlt im E-Mail-Katalog für „{lang}“ "
                f"(locales/{lang}/LC_MESSAGES/mail.po)."
            )
        return wording

    return {
        "m": m,
        "language": language(lang),
        "texts": phase_texts(process, phase, lang),
        "facts": event_facts(process, phase, lang),
        "lang": lang,
    }


_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
#: a stretch of left-to-right text (German names, addresses, phone numbers, links) inside a
#: right-to-left line: from a Latin letter or digit (or an opening German quote) to the last
#: Latin letter, digit or closing quote before the next right-to-left letter; brackets and
#: sentence marks around it stay with the right-to-left sentence (mirrored correctly)
_LTR_RUN = re.compile(
    r"[„‚\"]?[A-Za-z0-9\u00c0-\u024f]"
    rf"(?:[^{_RTL_LETTERS}\n]*[A-Za-z0-9\u00c0-\u024f“”‘’\"])?"
)


def plain_rtl(body: str) -> str:
    """The plain-text part of a right-to-left message: every line starts with a RIGHT-TO-LEFT
    MARK (a line that begins with a German name or a number is still set right to left), and
    each left-to-right stretch of several words or numbers is a left-to-right isolate (LRI …
    PDI), so that „04121 231-475“ keeps the order of its digit groups. Links and e-mail
    addresses stay bare, so that mail programs still recognise them."""
    from integrakonzept.render.languages import ltr_isolate

    def isolate(match: re.Match[str]) -> str:
        run = match.group(0)
        # one word or number cannot be reordered; links and addresses stay recognisable
        if " " not in run or "://" in run or "@" in run or run.startswith("www."):
            return run
        return ltr_isolate(run)

    return "\n".join(
        "\u200f" + _LTR_RUN.sub(isolate, line) if line.strip() else line
        for line in body.split("\n")
    )


def html_body(body: str, subject: str, lang: str, direction: str) -> str:
    """The text of a message as a small HTML page with ``lang`` and ``dir`` (for right-to-left
    languages, whose plain text some mail programs show left-aligned). German street names,
    phone numbers, addresses and links keep their own direction (``<bdi dir="ltr">``)."""
    from html import escape

    def line(text: str) -> str:
        parts: list[str] = []
        last = 0
        for match in _LTR_RUN.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f'<bdi dir="ltr">{escape(match.group(0))}</bdi>')
            last = match.end()
        parts.append(escape(text[last:]))
        return "".join(parts)

    paragraphs = [p for p in body.strip("\n").split("\n\n") if p.strip()]
    html = "\n".join(
        "<p>" + "<br>\n".join(line(text) for text in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    align = "right" if direction == "rtl" else "left"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{escape(subject)}</title>\n</head>\n'
        f'<body dir="{direction}" style="direction:{direction};text-align:{align}">\n'
        f"{html}\n</body>\n</html>\n"
    )


def build_message(
    process: Process,
    phase: EventPhase,
    person: Person,
    kind: str,
    *,
    now: datetime,
    today: date,
    calendar: bytes | None,
    templates: Path | None = None,
    waitlist: bool = False,
    lang: str = "de",
) -> Mail:
    """The complete e-mail (headers, UTF-8 text, optional .ics attachment) in ``lang``;
    a right-to-left language also gets an HTML part with ``dir="rtl"``."""
    subject, body = render_mail(
        process, phase, person, kind, today=today, has_calendar=calendar is not None,
        templates=templates, waitlist=waitlist, lang=lang,
    )
    from_address = sender(process)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = from_address
    local, _, domain = person.email.strip().rpartition("@")
    message["To"] = Address(display_name=person.name, username=local, domain=domain)
    if process.mail and process.mail.reply_to:
        message["Reply-To"] = process.mail.reply_to
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone())
    message["Message-ID"] = make_msgid(idstring=f"ik.{kind}", domain=from_address.domain)
    language_ = None
    if lang != "de":
        from integrakonzept.render.languages import language

        language_ = language(lang)
    if language_ is not None and language_.rtl:
        message.set_content(plain_rtl(body), charset="utf-8")
        message.add_alternative(
            html_body(body, subject, language_.html_lang, language_.direction),
            subtype="html",
            charset="utf-8",
        )
    else:
        message.set_content(body, charset="utf-8")
    if calendar is not None:
        message.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            filename=f"{phase.id}-termin.ics",
            params={"method": "PUBLISH"},
        )
    if language_ is not None:
        # last: set_content and add_attachment move Content-* headers into the parts
        message["Content-Language"] = language_.html_lang
    return Mail(person, subject, body, message, lang)


def as_draft(message: EmailMessage) -> bytes:
    """The message as an ``.eml`` file that mail programs open as an unsent draft."""
    draft = copy.deepcopy(message)
    draft[DRAFT_HEADER] = "1"
    return draft.as_bytes(policy=policy.SMTP)


def draft_name(phase_id: str, kind: str, person: Person) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", person.reg_id).strip("-") or f"zeile{person.row}"
    return f"{phase_id}_{kind}_{safe}.eml"


# --- the command -------------------------------------------------------------------------


@dataclass
class MailReport:
    """What ``ik mail`` did (or would do). Labels name people: terminal only."""

    phase: str
    kind: str
    tracker: Path
    selection: Selection
    way: str | None = None
    dry_run: bool = False
    #: subject and body of the first message (for --dry-run)
    example: Mail | None = None
    sent: list[str] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    failed: list[Skip] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    aborted: str | None = None
    #: records written into the tracker (this run and left over from an earlier one)
    stored: int = 0
    recovered: int = 0
    store_error: str | None = None
    backup: Path | None = None
    #: the first message in each language (for --dry-run), by language code
    examples: dict[str, Mail] = field(default_factory=dict)
    #: messages per language (German names), counts only
    languages: dict[str, int] = field(default_factory=dict)
    #: people written to in German although the tracker names another language:
    #: „Kurdisch (keine E-Mail-Texte in dieser Sprache)“ → count
    fallbacks: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def mail(
    process: Process,
    phase_id: str,
    kind: str,
    *,
    tracker: Path | None = None,
    drafts: Path | None = None,
    send: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    templates: Path | None = None,
    smtp_host: str | None = None,
    smtp_port: int | None = None,
    smtp_security: Security | None = None,
    smtp_user: str | None = None,
    pause: float | None = None,
    writer: Writer | None = None,
    on_plan: Callable[[MailReport], None] | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time_module.sleep,
) -> MailReport:
    """Send or draft ``kind`` for everyone due at event ``phase_id``; see the module doc.

    ``process`` is the loaded process file; the tracker is ``tracker`` or the process
    file's ``tracker:``. The tracker is read here, once, after the sending lock is taken
    (who is due must not change between reading and sending).
    """
    from integrakonzept.documents.common import event_phase
    from integrakonzept.people.roster import tracker_path
    from integrakonzept.process.model import today as model_today

    if kind not in KIND_LABELS:
        raise UsageError(
            f"„{kind}“ ist keine bekannte Art von Nachricht.",
            "Möglich sind: " + ", ".join(KIND_LABELS) + ".",
        )
    if drafts is not None and send:
        raise UsageError(
            "--drafts und --send schließen sich aus.",
            "Entweder Entwürfe schreiben (--drafts ORDNER) oder direkt senden (--send).",
        )
    if drafts is None and not send and not dry_run:
        raise UsageError(
            "Wie sollen die E-Mails hinausgehen?",
            "--drafts ORDNER schreibt Entwürfe (.eml) für Outlook oder Thunderbird, --send "
            "sendet über den Mailserver, --dry-run zeigt nur, wer was bekäme.",
        )
    phase = event_phase(process, phase_id)
    path = tracker_path(process, tracker)
    if not path.exists():
        raise TrackerError(
            f"Die Anmeldeliste {path} gibt es noch nicht.",
            "Legen Sie sie mit „ik tracker“ an oder importieren Sie zuerst Anmeldungen.",
        )
    day = today or model_today()
    first = phase.date.as_date() if phase.date.is_exact else None
    check_timing(kind, first, phase.end_date or first, day)
    with contextlib.ExitStack() as stack:
        if not dry_run:
            ensure_closed(path, TrackerError)
            # one run at a time, from reading who is due to storing what went out
            stack.enter_context(sending_lock(path))
        report, mails, moment = _plan(
            process, phase, path, kind, day=day, now=now, templates=templates,
            way=WAY_DRAFT if drafts is not None else WAY_SENT if send else None,
            dry_run=dry_run,
        )
        if not dry_run:
            _deliver(
                report, mails, process, path, moment, drafts=drafts, send=send,
                smtp=(smtp_host, smtp_port, smtp_security, smtp_user), pause=pause,
                writer=writer, on_plan=on_plan, progress=progress, sleep=sleep,
            )
    return report


def _plan(
    process: Process,
    phase: EventPhase,
    path: Path,
    kind: str,
    *,
    day: date,
    now: datetime | None,
    templates: Path | None,
    way: str | None,
    dry_run: bool,
) -> tuple[MailReport, list[Mail], datetime]:
    """Who is due, and every message rendered (a broken template stops the run here,
    before anything goes out)."""
    from integrakonzept.people.roster import read_roster

    roster = read_roster(path, process, mail_records=True)  # one reading, records included
    leftover = read_journal(path)
    selection = select(
        kind,
        phase.id,
        roster.registrations,
        [*(roster.mail_records or ()), *leftover],
        capacity=phase.capacity,
    )
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    calendar: bytes | None = None
    if kind in WITH_CALENDAR and phase.date.is_exact and selection.due:
        from integrakonzept.documents.calendar import calendar_as_issued

        calendar = calendar_as_issued(process, phase.id, now=moment.astimezone(UTC))
    # "so that someone from the waiting list can move up" only where that can happen
    waitlist = phase.capacity is not None and (
        selection.waitlist > 0 or selection.registered >= phase.capacity
    )
    from integrakonzept.render.locale import language_name

    mails: list[Mail] = []
    languages: dict[str, int] = {}
    fallbacks: dict[str, int] = {}
    for person in selection.due:
        lang, why = mail_language(process, phase, person)
        mails.append(
            build_message(
                process, phase, person, kind, now=moment, today=day, calendar=calendar,
                templates=templates, waitlist=waitlist, lang=lang,
            )
        )
        shown = language_name(lang)
        languages[shown] = languages.get(shown, 0) + 1
        if why is not None:
            # the summary names languages, never free text that might say more
            wanted = " ".join(person.language.split())
            if len(wanted) > 30 or not re.fullmatch(r"[^\d@:/]+", wanted):
                wanted = "einer anderen Angabe"
            key = f"{wanted} ({why})"
            fallbacks[key] = fallbacks.get(key, 0) + 1
    report = MailReport(
        phase.id,
        kind,
        path,
        selection,
        way=way,
        dry_run=dry_run,
        example=mails[0] if mails else None,
        recovered=len(leftover),
        examples={m.lang: m for m in reversed(mails)},
        languages=dict(sorted(languages.items(), key=lambda item: (-item[1], item[0]))),
        fallbacks=fallbacks,
    )
    return report, mails, moment


def _deliver(
    report: MailReport,
    mails: list[Mail],
    process: Process,
    path: Path,
    moment: datetime,
    *,
    drafts: Path | None,
    send: bool,
    smtp: tuple[str | None, int | None, Security | None, str | None],
    pause: float | None,
    writer: Writer | None,
    on_plan: Callable[[MailReport], None] | None,
    progress: Progress | None,
    sleep: Callable[[float], None],
) -> None:
    """Write the drafts or send the messages; journal each success, then store."""
    from integrakonzept.output import Writer

    smtp_host, smtp_port, smtp_security, smtp_user = smtp
    settings = None
    if send and mails:
        from integrakonzept.documents.smtp import resolve_settings

        configured = process.mail
        settings = resolve_settings(
            host=smtp_host or (configured.server if configured else None),
            port=smtp_port or (configured.port if configured else None),
            security=smtp_security or (configured.security if configured else None),
            user=smtp_user,
        )
    if on_plan is not None:
        on_plan(report)
    wait = pause if pause is not None else (process.mail.pause_seconds if process.mail else 2.0)
    local_time = moment.astimezone().replace(tzinfo=None)
    try:
        if drafts is not None:
            out = writer or Writer()
            for index, item in enumerate(mails):
                target = drafts / draft_name(report.phase, report.kind, item.person)
                out.write(target, as_draft(item.message))
                append_journal(
                    path,
                    Record(item.person.reg_id, report.phase, report.kind, WAY_DRAFT, local_time),
                )
                report.drafts.append(target)
                if progress is not None:
                    progress("Entwürfe", index + 1, len(mails))
        elif mails:
            _send_all(report, mails, settings, path, wait, sleep, progress, local_time)
    finally:
        _store(report, path)


def _send_all(
    report: MailReport,
    mails: list[Mail],
    settings: object,
    path: Path,
    wait: float,
    sleep: Callable[[float], None],
    progress: Progress | None,
    local_time: datetime,
) -> None:
    from integrakonzept.documents.smtp import Connection, SmtpSettings, classify

    assert isinstance(settings, SmtpSettings)
    with Connection(settings) as connection:
        for index, item in enumerate(mails):
            if index and wait:
                sleep(wait)
            try:
                connection.send(item.message)
            except (smtplib.SMTPException, OSError) as exc:
                stop, reason = classify(exc)
                if stop:
                    report.aborted = reason
                    report.not_attempted = [m.person.label for m in mails[index:]]
                    return
                report.failed.append(Skip(item.person.label, reason))
            else:
                append_journal(
                    path,
                    Record(item.person.reg_id, report.phase, report.kind, WAY_SENT, local_time),
                )
                report.sent.append(item.person.label)
            if progress is not None:
                progress("Senden", index + 1, len(mails))


def _store(report: MailReport, path: Path) -> None:
    """Move the journal into the tracker; on failure keep it for the next run."""
    pending = read_journal(path)
    if not pending:
        return
    moved = [r.reg_id for r in pending if r.kind == "platz-frei"]
    try:
        report.backup = store_records(path, pending, registered=moved)
    except TrackerError as exc:
        report.store_error = exc.message
        return
    clear_journal(path)
    report.stored = len(pending)
