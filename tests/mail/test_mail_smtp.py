"""``ik mail --send`` through a real SMTP server (aiosmtpd on 127.0.0.1) and ``--drafts``."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from mail_support import (
    Server,
    make_tracker,
    person,
    sheet_rows,
    write_process,
)

from integrakonzept.documents.mail import mail
from integrakonzept.documents.smtp import SmtpError
from integrakonzept.people.mailrecords import journal_path
from integrakonzept.process.load import load_process

pytest_plugins = ["mail_fixtures"]  # fixture: smtp_server

TODAY = date(2030, 3, 10)
NOW = datetime(2030, 3, 10, 9, 30, tzinfo=UTC)
STRICT = policy.default.clone(raise_on_defect=True)

PEOPLE = [
    person(1, "Jörg", "Müller", interpreter="Arabisch", childcare="ja"),
    person(2, "Ayşe", "Yılmaz", interpreter="Türkisch"),
    person(3, "Olena", "Schewtschenko"),
    person(4, "Anna-Lena", "Weißmann"),
    person(5, "Sami", "Haddad", status="Warteliste"),
    person(6, "Kim", "Abgesagt", status="abgesagt"),
]
REGISTERED = {1, 2, 3, 4}


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=STRICT)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    assert part.get_content_charset() == "utf-8"
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")  # line ends are the transport's business


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    found = [
        p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
    ]
    assert len(found) == 1
    assert found[0].get_filename() == "auftakt-termin.ics"
    payload = found[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return icalendar.Calendar.from_ical(payload)


@pytest.fixture
def setup(tmp_path: Path, smtp_server: Server) -> tuple[Path, Path, Server]:
    process = write_process(tmp_path, port=smtp_server.port)
    tracker = make_tracker(process, PEOPLE)
    return process, tracker, smtp_server


def test_every_message_arrives_once_as_valid_mime_and_a_second_run_sends_nothing(
    setup: tuple[Path, Path, Server],
) -> None:
    process, tracker, server = setup
    report = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)

    assert len(report.sent) == len(REGISTERED)
    assert not report.failed and not report.aborted and report.stored == len(REGISTERED)
    received = server.handler.messages
    recipients = [r for m in received for r in m.recipients]
    assert sorted(recipients) == sorted(f"person{n}@example.de" for n in REGISTERED)
    ids = set()
    for item in received:
        message = parse(item.data)
        assert not message.defects
        (author,) = message["From"].addresses
        assert author.display_name == "Jürgen Käßler (Stadt Großstadt)"
        assert author.addr_spec == "integration@grossstadt.example.de"
        assert item.sender == "integration@grossstadt.example.de"
        number = int(item.recipients[0].removeprefix("person").split("@")[0])
        row = PEOPLE[number - 1]
        assert message["To"].addresses[0].display_name == f"{row['first_name']} {row['last_name']}"
        assert message["Subject"] == (
            "Anmeldebestätigung: Auftakt „Großstadt im Dialog“ am Dienstag, 19. März 2030"
        )
        assert message["Date"].datetime == NOW
        ids.add(message["Message-ID"])
        body = text_of(message)
        assert body.startswith(f"Guten Tag {row['first_name']} {row['last_name']},\n")
        for expected in (
            "Dienstag, 19. März 2030",
            "16:00 bis 19:00\u00a0Uhr (Einlass ab 15:30\u00a0Uhr)",
            "Rathaus Großstadt, Bürgersaal",
            "Marktstraße 1, 25335 Großstadt",
            "Anfahrt: Bus 6514 bis Haltestelle Rathaus; Parkhaus am Markt.",
            "stufenlos erreichbar",
            "rufen Sie an unter 04121 231-475",
            "Antworten Sie einfach auf diese E-Mail",
        ):
            assert expected in body, expected
        # what must not be there: template syntax, empty values, other people
        for unwanted in ("{{", "{%", "None", "Warteliste an Stelle"):
            assert unwanted not in body
        for other in PEOPLE:
            if other is not row:
                assert str(other["last_name"]) not in body
                assert str(other["email"]) not in item.data.decode("ascii", "replace")
        interpreter = row.get("interpreter")
        if interpreter:
            assert f"Dolmetschen für {interpreter} angefragt" in body
        else:
            assert "Dolmetschen" not in body
        if row.get("childcare") == "ja":
            assert "Kinderbetreuung angemeldet (Betreuung durch Kinderschutzbund Großstadt)" in body
        else:
            assert "Kinderbetreuung" not in body
        event = calendar_of(message).walk("VEVENT")[0]
        assert event.decoded("dtstart") == datetime(
            2030, 3, 19, 16, 0, tzinfo=event.decoded("dtstart").tzinfo
        )
        assert str(event["SUMMARY"]).startswith("Auftakt „Großstadt im Dialog“")
        assert "Rathaus Großstadt" in str(event["LOCATION"])
    assert len(ids) == len(received)

    records = sheet_rows(tracker, "Nachrichten")
    assert sorted(r["ID"] for r in records) == sorted(f"A{n}" for n in REGISTERED)
    assert {(r["Nachricht"], r["Weg"], r["Veranstaltung"]) for r in records} == {
        ("Bestätigung", "gesendet", "auftakt")
    }
    assert not journal_path(tracker).exists()

    again = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert again.sent == [] and again.selection.already == len(REGISTERED)
    assert len(server.handler.messages) == len(REGISTERED)
    assert len(sheet_rows(tracker, "Nachrichten")) == len(REGISTERED)


def test_a_server_failing_halfway_leaves_a_resumable_state(
    setup: tuple[Path, Path, Server],
) -> None:
    process, tracker, server = setup
    server.handler.fail_after = 2
    first = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert len(first.sent) == 2
    assert first.aborted is not None and "421" in first.aborted
    assert len(first.not_attempted) == len(REGISTERED) - 2
    assert len(sheet_rows(tracker, "Nachrichten")) == 2

    server.handler.fail_after = None
    second = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert len(second.sent) == len(REGISTERED) - 2 and second.aborted is None
    recipients = [r for m in server.handler.messages for r in m.recipients]
    assert sorted(recipients) == sorted(f"person{n}@example.de" for n in REGISTERED)
    assert len(sheet_rows(tracker, "Nachrichten")) == len(REGISTERED)


def test_a_refused_address_is_listed_and_leaves_that_person_due(
    setup: tuple[Path, Path, Server],
) -> None:
    process, tracker, server = setup
    server.handler.refuse = {"person2@example.de"}
    report = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert [f.label for f in report.failed] == ["A2 Ayşe Yılmaz"]
    assert "550" in report.failed[0].reason and "abgelehnt" in report.failed[0].reason
    assert len(report.sent) == len(REGISTERED) - 1 and report.aborted is None
    assert "A2" not in {r["ID"] for r in sheet_rows(tracker, "Nachrichten")}

    server.handler.refuse = set()
    retry = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert retry.sent == ["A2 Ayşe Yılmaz"]


def test_records_survive_an_interruption_before_the_tracker_is_written(
    setup: tuple[Path, Path, Server],
) -> None:
    process, tracker, server = setup
    lock = tracker.parent / f"~${tracker.name}"

    def open_in_excel(_report: object) -> None:  # the coordinator opens the file meanwhile
        lock.write_text("x")

    first = mail(
        load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW, on_plan=open_in_excel
    )
    assert len(first.sent) == len(REGISTERED)
    assert first.store_error is not None and "Excel" in first.store_error
    assert sheet_rows(tracker, "Nachrichten") == []
    journal = journal_path(tracker).read_text(encoding="utf-8")
    for row in PEOPLE:  # the journal holds no names and no addresses
        assert str(row["last_name"]) not in journal and str(row["email"]) not in journal

    lock.unlink()
    second = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert second.sent == [] and second.recovered == len(REGISTERED)
    assert len(server.handler.messages) == len(REGISTERED)
    assert len(sheet_rows(tracker, "Nachrichten")) == len(REGISTERED)
    assert not journal_path(tracker).exists()


def test_a_draft_parses_strictly_and_holds_the_same_message_as_the_sent_one(
    tmp_path: Path, smtp_server: Server
) -> None:
    sent_dir = tmp_path / "senden"
    draft_dir = tmp_path / "entwurf"
    sent_dir.mkdir()
    draft_dir.mkdir()
    rows = [person(1, "Jörg", "Müller", interpreter="Arabisch", childcare="ja")]
    for folder in (sent_dir, draft_dir):
        make_tracker(write_process(folder, port=smtp_server.port), rows)
    mail(load_process(sent_dir / "prozess.yaml"), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    report = mail(
        load_process(draft_dir / "prozess.yaml"),
        "auftakt",
        "bestaetigung",
        drafts=draft_dir / "eml",
        today=TODAY,
        now=NOW,
    )
    assert [p.name for p in report.drafts] == ["auftakt_bestaetigung_A1.eml"]
    draft = parse(report.drafts[0].read_bytes())
    sent = parse(smtp_server.handler.messages[0].data)
    assert draft["X-Unsent"] == "1"
    assert "X-Unsent" not in sent
    for header in ("From", "To", "Subject", "Date"):
        assert str(draft[header]) == str(sent[header])
    assert draft["Message-ID"]
    assert text_of(draft) == text_of(sent)
    assert calendar_of(draft).to_ical() == calendar_of(sent).to_ical()
    records = sheet_rows(draft_dir / "anmeldungen.xlsx", "Nachrichten")
    assert [(r["ID"], r["Weg"]) for r in records] == [("A1", "Entwurf")]
    again = mail(
        load_process(draft_dir / "prozess.yaml"), "auftakt", "bestaetigung", drafts=draft_dir / "eml",
        today=TODAY, now=NOW,
    )
    assert again.drafts == []


def test_login_from_the_environment_and_a_refused_login_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
    from mail_support import Recorder, free_port

    def authenticator(
        server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"integration",
            "geheim-ä".encode(),
        )
        # handled=False: the server answers 535 itself on failure
        return AuthResult(success=ok, handled=False)

    handler = Recorder()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        process = write_process(tmp_path, port=port)
        make_tracker(process, PEOPLE)
        monkeypatch.setenv("IK_SMTP_BENUTZER", "integration")
        monkeypatch.setenv("IK_SMTP_PASSWORT", "falsch")
        with pytest.raises(SmtpError, match="hat die Anmeldung abgelehnt"):
            mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
        assert handler.messages == []
        assert sheet_rows(tmp_path / "anmeldungen.xlsx", "Nachrichten") == []
        monkeypatch.setenv("IK_SMTP_PASSWORT", "geheim-ä")
        report = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
        assert len(report.sent) == len(REGISTERED) == len(handler.messages)
    finally:
        controller.stop()


def test_ctrl_c_while_sending_keeps_what_went_out_and_the_next_run_sends_the_rest(
    setup: tuple[Path, Path, Server],
) -> None:
    process, tracker, server = setup
    pauses: list[float] = []

    def interrupted_pause(seconds: float) -> None:  # the user presses Ctrl+C in the 2nd pause
        pauses.append(seconds)
        if len(pauses) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mail(
            load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW, pause=1.5,
            sleep=interrupted_pause,
        )
    assert pauses == [1.5, 1.5]  # throttled between messages, not before the first
    assert len(server.handler.messages) == 2
    assert len(sheet_rows(tracker, "Nachrichten")) == 2
    assert not journal_path(tracker).exists()

    rest = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW, pause=0)
    assert len(rest.sent) == len(REGISTERED) - 2
    recipients = [r for m in server.handler.messages for r in m.recipients]
    assert sorted(recipients) == sorted(f"person{n}@example.de" for n in REGISTERED)


def test_send_through_the_command_line(setup: tuple[Path, Path, Server]) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    process, tracker, server = setup
    server.handler.refuse = {"person3@example.de"}
    server.handler.fail_after = 2
    args = ["mail", str(process), "-p", "auftakt", "-k", "bestaetigung", "--send",
            "--today", "2030-03-10"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output
    out = " ".join(first.output.split())
    assert "Gesendet: 2, übersprungen: 0, fehlgeschlagen: 1, nicht versucht: 1" in out
    assert "fehlgeschlagen: A3 Olena Schewtschenko – Adresse vom Mailserver abgelehnt (550" in out
    assert "Versand abgebrochen" in out and "421" in out
    assert "(Blatt „Nachrichten“, 2 Einträge)" in out

    server.handler.refuse = set()
    server.handler.fail_after = None
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "Gesendet: 2, übersprungen: 0, fehlgeschlagen: 0" in " ".join(second.output.split())
    third = runner.invoke(app, args)
    assert third.exit_code == 0 and "Niemand ist an der Reihe" in third.output
    assert len(server.handler.messages) == len(REGISTERED)
