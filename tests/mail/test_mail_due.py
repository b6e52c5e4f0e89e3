"""Who is due for which message, waiting-list move-up, texts, settings and the CLI."""

from __future__ import annotations

import sys
import types
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mail_support import make_tracker, person, sheet_rows, write_process
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.documents.mail import mail, render_mail
from integrakonzept.documents.smtp import resolve_settings
from integrakonzept.errors import IkError, ProcessFileError, TemplateError
from integrakonzept.people.maildue import Person, select
from integrakonzept.people.mailrecords import KINDS, Record
from integrakonzept.people.roster import Registration
from integrakonzept.people.status import Attendance, Status, attendance_of, status_of
from integrakonzept.process.load import load_process

TODAY = date(2030, 3, 10)


# --- the selection rules, over generated trackers ----------------------------------------


def _registration(
    number: int, event: str, status: str, attendance: str, address: str, at: datetime | None
) -> Registration:
    """A roster entry as :func:`read_roster` makes it (meanings from people.status)."""
    return Registration(
        row=number + 2, event=event, event_raw=event, person_key=f"id:p{number}",
        status=status_of(status), attendance=attendance_of(attendance), role="",
        interpreter="", interpreting=False, childcare=False, accessibility=False, topics="",
        organisation="", first_name=f"Vorname{number}", last_name="", email=address,
        phone="", reg_id=f"A{number}", registered_at=at,
    )


rows_strategy = st.lists(
    st.tuples(
        # the tracker's own values and hand-typed ones
        st.sampled_from(["angemeldet", "Warteliste", "abgesagt", "", "storniert", "Nachrücker"]),
        st.sampled_from(["ja", "nein", "entschuldigt", "", "x", "teilgenommen"]),
        st.one_of(st.none(), st.integers(0, 500)),  # minutes after a fixed start
        st.sampled_from(["gut@example.de", "", "kaputt@", "auch.gut@example.de"]),
        st.sampled_from(["auftakt", "auftakt", "workshop"]),
    ),
    max_size=25,
)


def _rows(spec: list[tuple[str, str, int | None, str, str]]) -> list[Registration]:
    start = datetime(2030, 2, 1, 8, 0)
    return [
        _registration(
            number, event, status, attendance, address,
            None if minutes is None else start + timedelta(minutes=minutes),
        )
        for number, (status, attendance, minutes, address, event) in enumerate(spec)
    ]


@settings(max_examples=150, deadline=None)
@given(
    spec=rows_strategy,
    kind=st.sampled_from(KINDS),
    capacity=st.one_of(st.none(), st.integers(0, 12)),
    done=st.sets(st.tuples(st.integers(0, 24), st.sampled_from(KINDS)), max_size=20),
)
def test_selection_rules(
    spec: list[tuple[str, str, int | None, str, str]],
    kind: str,
    capacity: int | None,
    done: set[tuple[int, str]],
) -> None:
    rows = _rows(spec)
    records = [Record(f"A{n}", "auftakt", k, "gesendet", None) for n, k in done]
    selection = select(kind, "auftakt", rows, records, capacity=capacity)
    recorded = {(r.reg_id, r.kind) for r in records}
    mine = [r for r in rows if r.event == "auftakt"]
    registered = [r for r in mine if r.status is Status.REGISTERED]
    queue = sorted(
        (r for r in mine if r.status is Status.WAITLIST),
        key=lambda r: (r.registered_at is None, r.registered_at or datetime.min, r.row),
    )
    blocking = {
        "bestaetigung": {"bestaetigung", "platz-frei"},
        "warteliste": {"warteliste", "platz-frei"},
        "platz-frei": {"platz-frei", "bestaetigung"},
    }.get(kind, {kind})
    due_ids = [p.reg_id for p in selection.due]
    assert len(due_ids) == len(set(due_ids))
    for p in selection.due:
        assert p.email.endswith("@example.de")  # never the empty or broken address
        assert not any((p.reg_id, b) in recorded for b in blocking)
    for skip in selection.skipped:
        assert "E-Mail-Adresse" in skip.reason
    assert selection.registered == len(registered) and selection.waitlist == len(queue)

    if kind == "bestaetigung":
        expected = {r.reg_id for r in registered}
    elif kind == "erinnerung":
        expected = {r.reg_id for r in registered}
    elif kind == "warteliste":
        expected = {r.reg_id for r in queue}
        positions = {r.reg_id: i for i, r in enumerate(queue, start=1)}
        assert all(p.waitlist_position == positions[p.reg_id] for p in selection.due)
    elif kind == "absage":
        expected = {r.reg_id for r in mine if r.status is Status.CANCELLED}
    elif kind == "dank":
        expected = {r.reg_id for r in mine if r.attendance is Attendance.ATTENDED}
    else:
        free = 0 if capacity is None else max(0, capacity - len(registered))
        movers = {r.reg_id for r in queue[:free]}
        by_hand = {
            r.reg_id
            for r in registered
            if (r.reg_id, "warteliste") in recorded
        }
        expected = movers | by_hand
        assert {p.reg_id for p in selection.moves} <= movers
        assert len(selection.moves) <= free
        for p in selection.moves:  # nobody jumps the queue
            ahead = queue[: [r.reg_id for r in queue].index(p.reg_id)]
            assert all(r.reg_id in movers for r in ahead)
    wanted = {x for x in expected if not any((x, b) in recorded for b in blocking)}
    handled = set(due_ids) | {s.label.split()[0] for s in selection.skipped}
    assert handled == wanted
    assert selection.already == len(expected - wanted)


# --- the waiting list, end to end (drafts: no server needed) -----------------------------


def test_the_earliest_waiting_person_moves_up_and_is_shown_first(tmp_path: Path) -> None:
    process = write_process(tmp_path, capacity=3)
    rows = [
        person(1, "Erika", "Erste"),
        person(2, "Emil", "Zweiter"),
        # rows not in time order: the sheet was sorted by name
        person(3, "Wanda", "Später", status="Warteliste", at=datetime(2030, 2, 3, 9, 0)),
        person(4, "Walter", "Früher", status="Warteliste", at=datetime(2030, 2, 2, 18, 30)),
        person(5, "Wiebke", "Ohnezeit", status="Warteliste", at=datetime(2030, 2, 4, 7, 0)),
    ]
    tracker = make_tracker(process, rows)
    before = tracker.read_bytes()
    plan = mail(load_process(process), "auftakt", "platz-frei", dry_run=True, today=TODAY)
    assert [p.label for p in plan.selection.moves] == ["A4 Walter Früher"]
    assert plan.example is not None and "fest angemeldet" in plan.example.body
    assert tracker.read_bytes() == before

    shown: list[list[str]] = []
    report = mail(
        load_process(process), "auftakt", "platz-frei", drafts=tmp_path / "eml", today=TODAY,
        on_plan=lambda r: shown.append([p.label for p in r.selection.moves]),
    )
    assert shown == [["A4 Walter Früher"]]
    assert [p.name for p in report.drafts] == ["auftakt_platz-frei_A4.eml"]
    status = {r["ID"]: r["Status"] for r in sheet_rows(tracker, "Anmeldungen")}
    assert status == {
        "A1": "angemeldet", "A2": "angemeldet", "A3": "Warteliste", "A4": "angemeldet",
        "A5": "Warteliste",
    }
    again = mail(load_process(process), "auftakt", "platz-frei", drafts=tmp_path / "eml", today=TODAY)
    assert again.selection.due == [] and "Keine freien Plätze" in " ".join(again.selection.notes)

    told = mail(load_process(process), "auftakt", "warteliste", dry_run=True, today=TODAY)
    assert [(p.reg_id, p.waitlist_position) for p in told.selection.due] == [("A3", 1), ("A5", 2)]
    assert told.example is not None and "an Stelle 1" in told.example.body


def test_people_without_a_usable_address_are_listed_and_not_recorded(tmp_path: Path) -> None:
    process = write_process(tmp_path)
    tracker = make_tracker(
        process,
        [
            person(1, "Ohne", "Adresse", email=""),
            person(2, "Kaputte", "Adresse", email="name@@example"),
            person(3, "Gute", "Adresse"),
        ],
    )
    report = mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    assert [(s.label, s.reason) for s in report.selection.skipped] == [
        ("A1 Ohne Adresse", "keine E-Mail-Adresse in der Anmeldeliste"),
        ("A2 Kaputte Adresse", "„name@@example“ ist keine gültige E-Mail-Adresse"),
    ]
    assert [r["ID"] for r in sheet_rows(tracker, "Nachrichten")] == ["A3"]


def test_records_survive_a_save_in_a_spreadsheet_program_and_a_refresh(tmp_path: Path) -> None:
    import warnings

    from openpyxl import load_workbook

    from integrakonzept.people.tracker import make_tracker as refresh
    from integrakonzept.process.load import load_process

    process = write_process(tmp_path)
    tracker = make_tracker(process, [person(1, "Jörg", "Müller"), person(2, "Anna", "Berg")])
    mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    ws.cell(row=2, column=22, value="rief an, kommt sicher")  # the coordinator's note
    ws.insert_rows(2)  # and an empty line above the people
    wb.save(tracker)
    process.write_text(
        process.read_text(encoding="utf-8").replace("kapazitaet: 10", "kapazitaet: 12"),
        encoding="utf-8",
    )
    assert refresh(load_process(process), process).change == "aktualisiert"
    again = mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    assert again.selection.due == [] and again.selection.already == 2


# --- timing, texts, gender style ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "today", "message"),
    [
        ("erinnerung", date(2030, 3, 11), "erst in 8 Tagen"),
        ("dank", date(2030, 3, 19), "noch nicht vorbei"),
        ("bestaetigung", date(2030, 3, 20), "ist vorbei"),
        ("platz-frei", date(2030, 3, 25), "ist vorbei"),
    ],
)
def test_messages_that_do_not_fit_the_day_are_refused(
    tmp_path: Path, kind: str, today: date, message: str
) -> None:
    process = write_process(tmp_path)
    make_tracker(process, [person(1, "Jörg", "Müller", attendance="ja")])
    with pytest.raises(IkError, match=message):
        mail(load_process(process), "auftakt", kind, dry_run=True, today=today)


def test_the_reminder_says_tomorrow_and_today(tmp_path: Path) -> None:
    process = write_process(tmp_path)
    make_tracker(process, [person(1, "Jörg", "Müller")])
    tomorrow = mail(load_process(process), "auftakt", "erinnerung", dry_run=True, today=date(2030, 3, 18))
    assert tomorrow.example is not None
    assert tomorrow.example.subject == "Erinnerung: Auftakt „Großstadt im Dialog“ morgen"
    assert "Sie findet morgen statt." in tomorrow.example.body
    assert tomorrow.example.message.get_content_type() == "multipart/mixed"
    same_day = mail(load_process(process), "auftakt", "erinnerung", dry_run=True, today=date(2030, 3, 19))
    assert same_day.example is not None and same_day.example.subject.endswith(" heute")


GENDER = {
    "stern": "allen Teilnehmer*innen",
    "doppelpunkt": "allen Teilnehmer:innen",
    "paarform": "allen Teilnehmerinnen und Teilnehmern",
    "neutral": "allen Teilnehmenden",
}


@pytest.mark.parametrize("style", sorted(GENDER))
def test_thanks_in_the_gender_style_of_the_process(tmp_path: Path, style: str) -> None:
    process = write_process(tmp_path, gender=style)
    make_tracker(
        process,
        [person(1, "Jörg", "Müller", attendance="ja"), person(2, "Anna", "Berg", attendance="nein")],
    )
    report = mail(load_process(process), "auftakt", "dank", dry_run=True, today=date(2030, 3, 20))
    assert [p.reg_id for p in report.selection.due] == ["A1"]
    assert report.example is not None
    body = report.example.body
    assert GENDER[style] in body
    for other, phrase in GENDER.items():
        if other != style:
            assert phrase not in body
    assert "https://www.grossstadt.example.de/integration/ergebnisse" in body
    assert list(report.example.message.iter_attachments()) == []  # no calendar afterwards


def test_a_template_without_subject_line_is_a_clear_error(tmp_path: Path) -> None:
    from integrakonzept.process.load import load_process

    own = tmp_path / "vorlagen" / "mail"
    own.mkdir(parents=True)
    (own / "absage.txt.j2").write_text("Guten Tag {{ person.name }}\n", encoding="utf-8")
    process = load_process(write_process(tmp_path))
    phase = process.event_phases()[0]
    someone = Person("A1", "Jörg", "Müller", "a@example.de", "", False, False, None, 2)
    with pytest.raises(TemplateError, match="Betreff"):
        render_mail(
            process, phase, someone, "absage", today=TODAY, has_calendar=False,
            templates=tmp_path / "vorlagen",
        )


# --- SMTP settings: never a password from the process file -------------------------------


def test_no_password_in_the_process_file(tmp_path: Path) -> None:
    from integrakonzept.process.load import load_process

    path = write_process(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  verschluesselung: keine\n", "  verschluesselung: keine\n  passwort: geheim\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProcessFileError) as caught:
        load_process(path)
    assert "passwort" in str(caught.value)
    assert "geheim" not in str(caught.value)


def test_password_from_environment_or_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"IK_SMTP_BENUTZER": "m.muster", "IK_SMTP_PASSWORT": "aus-der-umgebung"}
    got = resolve_settings(host="smtp.musterstadt.de", port=None, security=None, environ=env)
    assert (got.port, got.security, got.user, got.password) == (
        587, "starttls", "m.muster", "aus-der-umgebung"
    )
    assert "aus-der-umgebung" not in repr(got)

    fake = types.ModuleType("keyring")
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return "aus-dem-schluesselbund"

    fake.get_password = get_password  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    got = resolve_settings(
        host="smtp.musterstadt.de", port=465, security="ssl", environ={"IK_SMTP_BENUTZER": "m.muster"}
    )
    assert got.password == "aus-dem-schluesselbund"
    assert asked == [("ik-smtp:smtp.musterstadt.de", "m.muster")]

    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    with pytest.raises(IkError, match="fehlt das Passwort"):
        resolve_settings(
            host="smtp.musterstadt.de", port=None, security=None,
            environ={"IK_SMTP_BENUTZER": "m.muster"},
        )
    with pytest.raises(IkError, match="unverschlüsselt"):
        resolve_settings(host="smtp.musterstadt.de", port=25, security="keine", environ=env)
    local = resolve_settings(host="127.0.0.1", port=2525, security="keine", environ=env)
    assert local.password == "aus-der-umgebung"
    anonymous = resolve_settings(host="smtp.musterstadt.de", port=None, security=None, environ={})
    assert anonymous.user is None and anonymous.password is None
    with pytest.raises(IkError, match="fehlt der Mailserver"):
        resolve_settings(host=None, port=None, security=None, environ={})


# --- the command line ---------------------------------------------------------------------


def test_cli_dry_run_shows_the_plan_and_one_example(tmp_path: Path) -> None:
    process = write_process(tmp_path)
    tracker = make_tracker(
        process, [person(1, "Jörg", "Müller", interpreter="Arabisch"), person(2, "Kim", "Leer", email="")]
    )
    before = tracker.read_bytes()
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["mail", str(process), "--phase", "auftakt", "--kind", "bestaetigung", "--dry-run",
         "--today", "2030-03-10"],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "auftakt – Bestätigung: 1 fällig" in out
    assert "Betreff: Anmeldebestätigung: Auftakt „Großstadt im Dialog“" in out
    assert "Anhang: auftakt-termin.ics" in out
    assert "übersprungen: A2 Kim Leer – keine E-Mail-Adresse" in out
    assert "Probelauf" in out
    assert tracker.read_bytes() == before
    assert not list(tmp_path.glob(".*.jsonl"))

    missing = runner.invoke(app, ["mail", str(process), "--phase", "auftakt", "--kind", "dank"])
    assert missing.exit_code == 2
    assert "--drafts ORDNER" in missing.output
    unknown = runner.invoke(
        app, ["mail", str(process), "--phase", "auftakt", "--kind", "rundbrief", "--dry-run"]
    )
    assert unknown.exit_code == 2


def test_status_counts_who_still_waits_for_a_message(tmp_path: Path) -> None:
    process = write_process(tmp_path, capacity=3)
    tracker = make_tracker(
        process,
        [
            person(1, "Erika", "Erste"),
            person(2, "Emil", "Zweiter", email=""),
            person(3, "Wanda", "Warte", status="Warteliste"),
            person(4, "Walter", "Warte", status="Warteliste"),
        ],
    )
    runner = CliRunner()
    args = ["status", str(process), "--today", "2030-03-10"]
    before = runner.invoke(app, args)
    assert before.exit_code == 0, before.output
    assert "ik mail" not in before.output  # ik mail not in use yet: no reminder to use it

    mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    after = runner.invoke(app, args)
    assert after.exit_code == 0, after.output
    text = " ".join(after.output.split())
    # A2 has no address: still waiting (a phone call); the two waiting people were not told
    assert "1 Angemeldete warten auf eine Bestätigung" in text
    assert "2 auf der Warteliste haben noch keine Nachricht" in text
    for name in ("Erika", "Emil", "Wanda", "Walter", "Zweiter"):
        assert name not in after.output  # counts, never names
    assert tracker.exists()


def test_hand_typed_values_mean_the_same_as_everywhere_else(tmp_path: Path) -> None:
    process = write_process(tmp_path)
    make_tracker(
        process,
        [
            person(1, "Jörg", "Müller", event="Auftakt „Großstadt im Dialog“"),  # title, not id
            person(2, "Anna", "Berg", status="Storniert am 3.3."),
            person(3, "Kim", "Kreuz", attendance="x"),
        ],
    )
    confirm = mail(load_process(process), "auftakt", "bestaetigung", dry_run=True, today=TODAY)
    assert [p.reg_id for p in confirm.selection.due] == ["A1", "A3"]
    cancel = mail(load_process(process), "auftakt", "absage", dry_run=True, today=TODAY)
    assert [p.reg_id for p in cancel.selection.due] == ["A2"]
    thanks = mail(load_process(process), "auftakt", "dank", dry_run=True, today=date(2030, 3, 20))
    assert [p.reg_id for p in thanks.selection.due] == ["A3"]


def test_records_survive_a_re_import_and_new_people_become_due(tmp_path: Path) -> None:
    import shutil

    from integrakonzept.people.imports import import_registrations

    people_tests = Path(__file__).parents[1] / "people"
    exports = Path(__file__).parents[1] / "data" / "exports"
    process = tmp_path / "prozess.yaml"
    shutil.copy(people_tests / "prozess.yaml", process)
    first_export = tmp_path / "nextcloud.csv"
    shutil.copy(exports / "nextcloud.csv", first_export)
    tracker = import_registrations(load_process(process), [first_export]).tracker
    day = date(2025, 3, 1)
    first = mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=day)
    mailed = {p.reg_id for p in first.selection.due}
    assert mailed
    records = sheet_rows(tracker, "Nachrichten")

    second_export = tmp_path / "limesurvey-vollstaendig.csv"
    shutil.copy(exports / "limesurvey-vollstaendig.csv", second_export)
    import_registrations(load_process(process), [first_export, second_export])
    assert sheet_rows(tracker, "Nachrichten") == records  # the import left the sheet alone
    again = mail(load_process(process), "auftakt", "bestaetigung", dry_run=True, today=day)
    assert not {p.reg_id for p in again.selection.due} & mailed
    assert again.selection.already == len(mailed)
    assert again.selection.due  # the people of the second export are due now


def test_only_one_run_at_a_time_and_a_crashed_runs_lock_is_taken_over(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from integrakonzept.errors import TrackerError
    from integrakonzept.people.mailrecords import lock_path

    process = write_process(tmp_path)
    tracker = make_tracker(process, [person(1, "Jörg", "Müller")])
    lock = lock_path(tracker)
    lock.write_text(str(os.getpid()))  # "another run" that is alive: this process
    with pytest.raises(TrackerError, match="läuft gerade ein anderer Versand"):
        mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    assert not (tmp_path / "eml").exists() and sheet_rows(tracker, "Nachrichten") == []
    # a dry run only reads: it does not wait for the lock
    assert mail(load_process(process), "auftakt", "bestaetigung", dry_run=True, today=TODAY).selection.due

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    lock.write_text(finished.stdout.strip())  # a run that crashed: its process is gone
    report = mail(load_process(process), "auftakt", "bestaetigung", drafts=tmp_path / "eml", today=TODAY)
    assert len(report.drafts) == 1
    assert not lock.exists()
