"""``ik mail`` in the person's language (column „Sprache“ of the tracker), German as fallback.

Sent through a real SMTP server (aiosmtpd on 127.0.0.1) and parsed with the ``email``
package in strict mode: subject and body in the right language, right headers, the HTML
part of right-to-left languages with ``dir="rtl"``, the calendar file attached.
"""

from __future__ import annotations

import email
import itertools
import re
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from mail_support import Server, make_tracker, person, write_process
from typer.testing import CliRunner

from integrakonzept.cli.app import app
from integrakonzept.documents.common import event_phase
from integrakonzept.documents.mail import (
    WHY_EASY,
    WHY_NO_DAY,
    WHY_NO_TEXTS,
    WHY_NOT_IN_PROCESS,
    as_draft,
    build_message,
    mail,
    mail_language,
    plain_rtl,
)
from integrakonzept.people.maildue import Person
from integrakonzept.process.load import load_process
from integrakonzept.render import catalogue
from integrakonzept.render.catalogue import MAIL_DOMAIN, placeholders, po_path, read_catalogue

pytest_plugins = ["mail_fixtures"]  # fixture: smtp_server

TODAY = date(2030, 3, 10)
NOW = datetime(2030, 3, 10, 9, 30, tzinfo=UTC)
STRICT = policy.default.clone(raise_on_defect=True)
ALL = ["de", "en", "tr", "ar", "uk", "ru", "pl", "fa", "prs"]
TRANSLATED = ALL[1:]
KINDS = ["bestaetigung", "warteliste", "platz-frei", "erinnerung", "absage", "dank"]

#: the subject of a confirmation begins so in each language
CONFIRMATION = {
    "de": "Anmeldebestätigung: ",
    "en": "Registration confirmed: ",
    "tr": "Kayıt onayı: ",
    "ar": "تأكيد التسجيل: ",
    "uk": "Підтвердження реєстрації: ",
    "ru": "Подтверждение регистрации: ",
    "pl": "Potwierdzenie zgłoszenia: ",
    "fa": "تأیید ثبت نام: ",
    "prs": "تأیید ثبت نام: ",
}
#: words of the body (the catalogue's greeting and the date in the language's own form)
BODY = {
    "de": ["Guten Tag", "Dienstag, 19. März 2030", "Mit freundlichen Grüßen"],
    "en": ["Dear ", "Tuesday, 19 March 2030", "Kind regards", "interpreting into Arabic"],
    "tr": ["Merhaba ", "19 Mart 2030 Salı", "Saygılarımızla", "için tercümanlık talep ettiniz: Arapça"],
    "ar": ["مرحبًا", "مارس 2030", "مع أطيب التحيات", "ترجمة فورية إلى العربية"],
    "uk": ["Доброго дня", "19 березня 2030", "З повагою", "переклад: арабська"],
    "ru": ["Здравствуйте", "19 марта 2030", "С уважением", "переводе: арабский"],
    "pl": ["Dzień dobry", "19 marca 2030", "Z poważaniem", "tłumaczenie ustne: arabski"],
    "fa": ["گرامی", "مارس", "با احترام", "ترجمهٔ شفاهی به عربی"],
    "prs": ["محترم", "مارچ", "با احترام", "ترجمانی به عربی"],
}
#: German fixed words that must not show up in another language's mail
GERMAN_ONLY = ["Guten Tag", "Mit freundlichen Grüßen", "Anmeldebestätigung", "Dolmetschen", "Uhrzeit:", "Anfahrt:"]


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=STRICT)
    assert isinstance(message, EmailMessage)
    return message


def plain(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None and part.get_content_charset() == "utf-8"
    return str(part.get_content()).replace("\r\n", "\n")


def html(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("html",))
    return None if part is None else str(part.get_content())


def _process(folder: Path, port: int = 2525, languages: str = "[de, ar, tr, uk, en, ru, pl, fa, prs]") -> Path:
    path = write_process(folder, port=port)
    text = path.read_text(encoding="utf-8").replace("gendern: stern\n", f"gendern: stern\nsprachen: {languages}\n")
    path.write_text(text, encoding="utf-8")
    return path


# --- catalogues ------------------------------------------------------------------------------


def test_every_invitation_language_has_a_complete_current_mail_catalogue() -> None:
    german = {str(m.id): str(m.string) for m in read_catalogue("de", MAIL_DOMAIN) if m.id}
    assert len(german) > 50
    invitation_languages = [c for c in catalogue.languages() if c != "de"]
    assert set(TRANSLATED) <= set(invitation_languages)
    for lang in invitation_languages:
        assert po_path(lang, MAIL_DOMAIN).is_file(), lang
        messages = {str(m.id): m for m in read_catalogue(lang, MAIL_DOMAIN) if m.id}
        assert set(messages) == set(german), lang
        for key, message in messages.items():
            wording = str(message.string)
            assert wording and wording != german[key] or key in ("label_date", "label_phone", "label_email"), (lang, key)
            # the German text it was translated from is the current one (not stale)
            assert " ".join(message.auto_comments) == f"de: {german[key]}", (lang, key)
            # a translation uses the placeholders of the German text, no others
            assert placeholders(wording) == placeholders(german[key]), (lang, key)


# --- which language ------------------------------------------------------------------------------


def _person(language: str) -> Person:
    return Person("A1", "Amal", "Haddad", "amal@example.de", "", False, False, None, 2, language=language)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("", ("de", None)),
        ("Deutsch", ("de", None)),
        ("Arabisch", ("ar", None)),
        ("ar", ("ar", None)),
        ("العربية", ("ar", None)),
        ("Persisch", ("fa", None)),
        ("Farsi", ("fa", None)),
        ("Dari", ("prs", None)),
        ("Türkisch", ("tr", None)),
        ("Kurdisch", ("de", WHY_NO_TEXTS)),
        ("Leichte Sprache", ("de", WHY_EASY)),
        ("Englisch", ("de", WHY_NOT_IN_PROCESS)),
    ],
)
def test_mail_language(tmp_path: Path, wanted: str, expected: tuple[str, str | None]) -> None:
    process = load_process(_process(tmp_path, languages="[de, ar, tr, fa, prs, de-x-ls]"))
    assert mail_language(process, event_phase(process, "auftakt"), _person(wanted)) == expected


def test_an_event_without_a_day_is_written_in_german(tmp_path: Path) -> None:
    path = _process(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("datum: 2030-03-19", "datum: 2030-03"), encoding="utf-8")
    process = load_process(path)
    assert mail_language(process, event_phase(process, "auftakt"), _person("Arabisch")) == ("de", WHY_NO_DAY)


# --- every language × every kind ------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "kind"), list(itertools.product(ALL, KINDS)))
def test_every_kind_in_every_language(tmp_path: Path, lang: str, kind: str) -> None:
    process = load_process(_process(tmp_path))
    phase = event_phase(process, "auftakt")
    who = Person(
        "A7", "Amal", "Haddad", "amal@example.de", "Arabisch", True, True, None, 2,
        waitlist_position=3, language="",
    )  # fmt: skip
    today = date(2030, 3, 18) if kind == "erinnerung" else date(2030, 3, 25) if kind == "dank" else TODAY
    item = build_message(
        process, phase, who, kind, now=NOW, today=today, calendar=None, waitlist=True, lang=lang
    )
    message = parse(as_draft(item.message))
    subject = str(message["Subject"])
    raw = plain(message)
    body = re.sub("[\u200f\u2066\u2069]", "", raw)  # the words, without direction marks
    assert item.lang == lang
    assert subject and "{" not in subject and "{" not in body and "None" not in body
    assert body.startswith(BODY[lang][0]) or BODY[lang][0] in body.split("\n")[0]
    assert BODY[lang][2] in body  # the closing in the language
    assert "Jürgen Käßler" in body and "integration@grossstadt.example.de" in body
    if kind == "bestaetigung":
        assert subject.startswith(CONFIRMATION[lang])
        for word in BODY[lang]:
            assert word in body, (lang, word)
    if lang != "de":
        assert message["Content-Language"] == lang
        for word in GERMAN_ONLY:
            assert word not in subject and word not in body, (lang, word)
    else:
        assert message["Content-Language"] is None
        assert not re.search(r"[\u0600-\u06ff\u0400-\u04ff]", body)  # no Arabic or Cyrillic
    rtl = lang in ("ar", "fa", "prs")
    page = html(message)
    if rtl:
        assert page is not None
        assert f'<html lang="{lang}" dir="rtl">' in page and '<body dir="rtl"' in page
        assert '<bdi dir="ltr">04121 231-475</bdi>' in page  # the phone number keeps its order
        # the German title stays whole, with its own quotation marks, in its own direction
        assert '<bdi dir="ltr">Auftakt „Großstadt im Dialog“</bdi>' in page
        if kind == "bestaetigung":  # times whole; the brackets around them stay in the sentence
            assert '<bdi dir="ltr">16:00</bdi>' in page and '<bdi dir="ltr">15:30</bdi>)' in page
        assert "<script" not in page
        # the plain text too: each line set right to left, the phone number's digit groups
        # in order (a left-to-right isolate), links and addresses bare for mail programs
        lines = [line for line in raw.split("\n") if line.strip()]
        assert all(line.startswith("\u200f") for line in lines)
        assert "\u206604121 231-475\u2069" in raw
        assert "\u2066integration@" not in raw and "integration@grossstadt.example.de\u2069" not in raw
        assert "\u2066Auftakt „Großstadt im Dialog“\u2069" in raw
        assert raw.count("\u2066") == raw.count("\u2069")  # every isolate closed
    else:
        assert page is None  # plain text only, as before
        assert not re.search("[\u200e\u200f\u2066-\u2069]", raw)  # no direction marks


# --- sent through SMTP -----------------------------------------------------------------------------

PEOPLE = [
    person(1, "Amal", "Haddad", language="Arabisch", interpreter="Arabisch", childcare="ja"),
    person(2, "Ayşe", "Yılmaz", language="tr"),
    person(3, "Oksana", "Bondar", language="Ukrainisch"),
    person(4, "Erika", "Muster"),
    person(5, "Rojda", "Aydın", language="Kurdisch"),
    person(6, "Emily", "Smith", language="Englisch"),
    person(7, "Zahra", "Ahmadi", language="Dari"),
    person(8, "Mehmet", "Demir", language="bitte an meinen Sohn schreiben: sohn@example.de"),
]
EXPECTED_LANG = {1: "ar", 2: "tr", 3: "uk", 4: "de", 5: "de", 6: "de", 7: "prs", 8: "de"}


def test_each_person_gets_the_mail_in_her_language(tmp_path: Path, smtp_server: Server) -> None:
    process_file = _process(tmp_path, port=smtp_server.port, languages="[de, ar, tr, uk, prs]")
    make_tracker(process_file, PEOPLE)
    process = load_process(process_file)
    report = mail(process, "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)

    assert len(report.sent) == len(PEOPLE) and not report.failed
    assert report.languages == {"Deutsch": 4, "Arabisch": 1, "Dari": 1, "Türkisch": 1, "Ukrainisch": 1}
    assert report.fallbacks == {
        f"Kurdisch ({WHY_NO_TEXTS})": 1,
        f"Englisch ({WHY_NOT_IN_PROCESS})": 1,
        f"einer anderen Angabe ({WHY_NO_TEXTS})": 1,  # free text is never repeated
    }
    received = smtp_server.handler.messages
    assert len(received) == len(PEOPLE)
    for item in received:
        message = parse(item.data)
        assert not message.defects
        number = int(item.recipients[0].removeprefix("person").split("@")[0])
        lang = EXPECTED_LANG[number]
        row = PEOPLE[number - 1]
        (author,) = message["From"].addresses
        assert author.addr_spec == "integration@grossstadt.example.de"
        assert message["To"].addresses[0].display_name == f"{row['first_name']} {row['last_name']}"
        assert message["Date"].datetime == NOW and message["Message-ID"]
        assert str(message["Subject"]).startswith(CONFIRMATION[lang])
        assert "Auftakt „Großstadt im Dialog“" in str(message["Subject"])
        body = plain(message)
        assert row["first_name"] in body.split("\n")[0]
        for word in BODY[lang][:3]:
            assert word in body, (lang, word)
        for other in PEOPLE:
            if other is not row:
                assert str(other["last_name"]) not in body
        if lang == "de":
            assert message["Content-Language"] is None and html(message) is None
        else:
            assert message["Content-Language"] == lang
            for word in GERMAN_ONLY:
                assert word not in body, (lang, word)
        if lang in ("ar", "prs"):
            assert message.get_content_type() == "multipart/mixed"
            alternative = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
            assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
            page = html(message)
            assert page is not None and f'<html lang="{lang}" dir="rtl">' in page
            assert row["first_name"] in page
        calendar = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert len(calendar) == 1
        payload = calendar[0].get_payload(decode=True)
        assert isinstance(payload, bytes)
        assert icalendar.Calendar.from_ical(payload).walk("VEVENT")
    # a second run sends nothing, in no language
    again = mail(process, "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert again.sent == [] and len(smtp_server.handler.messages) == len(PEOPLE)


def test_a_draft_holds_the_same_arabic_message(tmp_path: Path) -> None:
    process_file = _process(tmp_path)
    make_tracker(process_file, PEOPLE[:1])
    drafts = tmp_path / "entwuerfe"
    report = mail(load_process(process_file), "auftakt", "bestaetigung", drafts=drafts, today=TODAY, now=NOW)
    (path,) = report.drafts
    message = parse(path.read_bytes())
    assert message["X-Unsent"] == "1" and message["Content-Language"] == "ar"
    assert str(message["Subject"]).startswith(CONFIRMATION["ar"])
    assert report.example is not None
    # the plain part is the text shown as example, with the right-to-left direction marks
    assert plain(message) == plain_rtl(report.example.body) != report.example.body


def test_dry_run_names_counts_per_language_and_no_names(tmp_path: Path) -> None:
    process_file = _process(tmp_path, languages="[de, ar, tr, uk, prs]")
    make_tracker(process_file, PEOPLE)
    result = CliRunner().invoke(
        app,
        ["mail", str(process_file), "--phase", "auftakt", "--kind", "bestaetigung", "--dry-run", "--today", "2030-03-10"],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sprachen: Deutsch 4, Arabisch 1, Dari 1, Türkisch 1, Ukrainisch 1" in out
    assert f"auf Deutsch statt Kurdisch ({WHY_NO_TEXTS}): 1" in out
    assert f"auf Deutsch statt Englisch ({WHY_NOT_IN_PROCESS}): 1" in out
    # one rendered example per language
    for name, lang in (("Arabisch", "ar"), ("Türkisch", "tr"), ("Ukrainisch", "uk"), ("Dari", "prs")):
        assert f"Beispiel ({name})" in out
        assert f"Betreff: {CONFIRMATION[lang]}" in out
    assert "Beispiel (Deutsch)" in out and out.count("Beispiel (") == 5
    summary = [line for line in out.splitlines() if line.startswith(("Sprachen:", "  auf Deutsch statt"))]
    for row in PEOPLE:
        assert not any(str(row["last_name"]) in line for line in summary)
    assert not any("sohn" in line.casefold() for line in summary)


@pytest.mark.parametrize(("lang", "named"), [("tr", "Türkçe"), ("ar", "التركية"), ("en", "Turkish")])
def test_a_requested_language_is_named_in_the_language_of_the_mail(
    tmp_path: Path, lang: str, named: str
) -> None:
    """Review: interpreting on request without a list of languages – the Turkish mail said
    „Şu dil için tercümanlık talep ettiniz: Türkisch“ (the tracker's German word)."""
    path = _process(tmp_path)
    source = path.read_text(encoding="utf-8")
    assert "      sprachen: [ar, tr]\n" in source
    path.write_text(source.replace("      sprachen: [ar, tr]\n", ""), encoding="utf-8")
    process = load_process(path)
    who = Person(
        "A8", "Ayşe", "Yılmaz", "ayse@example.de", "Türkisch", False, False, None, 1, language=lang
    )
    item = build_message(
        process, event_phase(process, "auftakt"), who, "bestaetigung", now=NOW, today=TODAY,
        calendar=None, waitlist=True, lang=lang,
    )  # fmt: skip
    body = plain(parse(as_draft(item.message)))
    assert named in body and "Türkisch" not in body


@pytest.mark.parametrize("lang", [lang for lang in ALL if lang != "de"])
def test_the_time_line_does_not_repeat_its_label(tmp_path: Path, lang: str) -> None:
    """Review: „Saat: saat 16:30–19:00“ in the Turkish mail (label and time text both say it)."""
    process = load_process(_process(tmp_path))
    who = Person("A9", "Amal", "Haddad", "amal@example.de", "", False, False, None, 1, language="")
    item = build_message(
        process, event_phase(process, "auftakt"), who, "bestaetigung", now=NOW, today=TODAY,
        calendar=None, waitlist=True, lang=lang,
    )  # fmt: skip
    label = catalogue.domain_text("label_time", lang, catalogue.MAIL_DOMAIN)
    assert label
    text = plain(parse(as_draft(item.message))).replace("\u200f", "")  # without the line marks
    lines = [line for line in text.splitlines() if line.startswith(label + ":")]
    assert len(lines) == 1
    value = lines[0].removeprefix(label + ":").casefold()
    assert label.casefold() not in value.split(), lines[0]
