"""Every text of ``ik mail``, over a matrix of kinds, gender styles, titles and bookings:
well-formed, no template residue, only what was booked, and spelled right (hunspell)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from mail_support import write_process

from integrakonzept.documents.mail import render_mail
from integrakonzept.people.maildue import Person
from integrakonzept.people.mailrecords import KINDS
from integrakonzept.process.load import load_process

DAY_FOR = {"dank": date(2030, 3, 20), "erinnerung": date(2030, 3, 18)}
TITLES = ["Auftakt „Großstadt im Dialog“", "Workshop Sprache und Bildung"]
BOOKINGS = [("", False, False), ("Arabisch, Türkisch", True, True), ("ja", False, False), ("", True, False)]
STYLES = ["stern", "doppelpunkt", "paarform", "neutral"]


def _texts(tmp_path: Path) -> list[tuple[str, str, tuple[str, bool, bool], str, str]]:
    results = []
    for style, title in itertools.product(STYLES, TITLES):
        folder = tmp_path / f"{style}-{len(title)}"
        folder.mkdir()
        path = write_process(folder, gender=style)
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "titel: Auftakt „Großstadt im Dialog“", f"titel: {title}"
            ),
            encoding="utf-8",
        )
        process = load_process(path)
        phase = process.event_phases()[0]
        for kind, booking in itertools.product(KINDS, BOOKINGS):
            someone = Person(
                "A7", "Şükrü", "Öztürk-Weiß", "s@example.de", *booking, None, 9, waitlist_position=2
            )
            subject, body = render_mail(
                process, phase, someone, kind, today=DAY_FOR.get(kind, date(2030, 3, 10)),
                has_calendar=kind in ("bestaetigung", "platz-frei", "erinnerung"),
            )
            results.append((kind, style, booking, subject, body))
    return results


def test_every_text_is_well_formed_and_says_only_what_was_booked(tmp_path: Path) -> None:
    texts = _texts(tmp_path)
    assert len(texts) == len(STYLES) * len(TITLES) * len(KINDS) * len(BOOKINGS)
    for kind, style, (interpreter, childcare, accessibility), subject, body in texts:
        where = f"{kind}/{style}/{interpreter or '-'}"
        assert subject and "\n" not in subject and len(subject) < 120, where
        assert body.startswith("Guten Tag Şükrü Öztürk-Weiß,\n\n"), where
        assert body.endswith("E-Mail: integration@grossstadt.example.de\n"), where
        assert body.count("Guten Tag") == 1 and "\n\n\n" not in body, where
        flat = re.sub(r"(?m)^ +", "", body)  # the address line is indented on purpose
        for residue in ("{{", "}}", "{%", "None", "  ", " ,", " .", "„„", "““", "\u201e\u201c"):
            assert residue not in flat and residue not in subject, (where, residue)
        # quotes nest properly: every „ is closed before the next one opens
        for line in body.splitlines():
            assert not re.search("„[^“]*„", line), (where, line)
        booked = kind in ("bestaetigung", "platz-frei", "erinnerung")
        assert ("Dolmetschen" in body) == (booked and bool(interpreter)), where
        if booked and interpreter not in ("", "ja"):
            named = interpreter.replace(", ", " und ")  # both offered by the test event
            assert f"Dolmetschen für {named} angefragt. Wir planen" in body, where
        assert ("Kinderbetreuung" in body) == (booked and childcare), where
        assert ("Ihre Hinweise haben wir notiert" in body) == (booked and accessibility), where
        assert ("Anhang" in body) == booked, where
        if kind in ("bestaetigung", "platz-frei", "erinnerung", "warteliste"):
            assert "antworten sie einfach auf diese e-mail" in body.lower(), where
            assert "Anfahrt: Bus 6514" in body, where
        if kind == "warteliste":
            assert "an Stelle 2" in body
        others = {"stern": "*innen", "doppelpunkt": ":innen", "paarform": "innen und "}
        for other, mark in others.items():
            if other != style:
                assert mark not in body, (where, mark)


def test_the_texts_are_spelled_right(tmp_path: Path) -> None:
    program = shutil.which("hunspell")
    if program is None:
        pytest.fail("hunspell with the German dictionary is not installed (.ci/run installs it).")
    words = set()
    for _kind, _style, _booking, subject, body in _texts(tmp_path):
        text = re.sub(r"\S+@\S+|https?://\S+|\S+\.ics", " ", subject + "\n" + body)
        words |= set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
    names = {  # names, places and addresses of the test process, not German words
        "Şükrü", "Öztürk-Weiß", "Großstadt", "Käßler", "Jürgen", "Bürgersaal",
    }
    unknown = subprocess.run(
        [program, "-d", "de_DE", "-l"],
        input="\n".join(sorted(words)),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(set(unknown) - names) == []
    assert "Käßler" in unknown  # hunspell really checked (it does not know this name)


def test_an_event_known_only_to_the_month_is_confirmed_without_calendar(tmp_path: Path) -> None:
    from mail_support import make_tracker, person

    from integrakonzept.documents.mail import mail

    path = write_process(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("datum: 2030-03-19", "datum: 2030-04"),
        encoding="utf-8",
    )
    make_tracker(path, [person(1, "Jörg", "Müller")])
    report = mail(load_process(path), "auftakt", "bestaetigung", dry_run=True, today=date(2030, 3, 10))
    assert report.example is not None
    assert report.example.subject == "Anmeldebestätigung: Auftakt „Großstadt im Dialog“ im April 2030"
    assert "Datum: April 2030" in report.example.body
    assert "Anhang" not in report.example.body
    assert list(report.example.message.iter_attachments()) == []


# --- what the event offers against what a person asked for -------------------------------

OFFERS = [None, [], ["ar", "uk"]]  # no interpreting / any language on request / these languages
CHILDCARE = [None, True, False]
REQUESTS = ["", "ja", "Portugiesisch", "Arabisch", "Arabisch, Portugiesisch", "uk und Farsi"]


def test_the_mail_confirms_only_what_the_event_offers(tmp_path: Path) -> None:
    from integrakonzept.process.model import Childcare, Interpreting

    process = load_process(write_process(tmp_path))
    base = process.event_phases()[0]
    for offer, care, asked, wants_care, kind in itertools.product(
        OFFERS, CHILDCARE, REQUESTS, (False, True), ("bestaetigung", "erinnerung", "platz-frei")
    ):
        phase = base.model_copy(
            update={
                "interpreting": None if offer is None else Interpreting.model_validate(
                    {"sprachen": offer}
                ),
                "childcare": None if care is None else Childcare.model_validate({"angebot": care}),
            }
        )
        someone = Person("A7", "Eva", "Ruf", "e@example.de", asked, wants_care, False, None, 9)
        _subject, body = render_mail(
            process, phase, someone, kind, today=DAY_FOR.get(kind, date(2030, 3, 10)),
            has_calendar=True,
        )
        where = (offer, care, asked, wants_care, kind)
        lines = {line.split(":")[0]: line for line in body.splitlines() if line.startswith("- ")}
        interp = lines.get("- Dolmetschen", "")
        assert bool(interp) == bool(asked), where
        promised = "Wir planen" in interp
        refused = "nicht zusagen" in interp
        if offer is None:
            assert asked == "" or (refused and not promised), where
        elif offer == []:
            assert asked == "" or (promised and not refused), where
        else:
            # Arabic and Ukrainian are offered: promised; Portuguese and Farsi are not
            offered_asked = any(x in asked for x in ("Arabisch", "uk"))
            foreign = any(x in asked for x in ("Portugiesisch", "Farsi"))
            assert promised == offered_asked, where
            assert refused == foreign, where
            if promised:
                assert re.search(r"für (Arabisch|Ukrainisch) angefragt\. Wir planen", interp), where
            if refused:
                assert "angeboten: Arabisch und Ukrainisch" in interp, where
                assert "Portugiesisch angefragt. Wir planen" not in interp, where
            if asked == "ja":
                assert "welche Sprache" in interp, where
        if refused:
            assert "04121 231-475" in interp, where  # whom to ask
        care_line = lines.get("- Kinderbetreuung", "")
        assert bool(care_line) == wants_care, where
        if wants_care:
            assert ("angemeldet" in care_line) == bool(care), where
            assert ("keine Kinderbetreuung" in care_line) == (not care), where


@pytest.mark.parametrize(("capacity", "rows", "expected"), [
    (10, ["angemeldet"], False),  # plenty of room, nobody waiting
    (2, ["angemeldet", "angemeldet"], True),  # full
    (10, ["angemeldet", "Warteliste"], True),  # someone waits
])
def test_the_waiting_list_is_named_only_where_there_is_one(
    tmp_path: Path, capacity: int, rows: list[str], expected: bool
) -> None:
    from mail_support import make_tracker, person

    from integrakonzept.documents.mail import mail

    path = write_process(tmp_path, capacity=capacity)
    make_tracker(path, [person(i + 1, "Jörg", f"Müller{i}", status=s) for i, s in enumerate(rows)])
    for kind in ("bestaetigung", "erinnerung"):
        report = mail(load_process(path), "auftakt", kind, dry_run=True, today=DAY_FOR.get(kind, date(2030, 3, 10)))
        assert report.example is not None
        assert ("Warteliste" in report.example.body) == expected, (kind, rows)
        assert "sagen Sie bitte kurz ab" in report.example.body


def test_dates_in_running_text_close_the_weekday_with_a_comma(tmp_path: Path) -> None:
    process = load_process(write_process(tmp_path))
    phase = process.event_phases()[0]
    someone = Person("A7", "Eva", "Ruf", "e@example.de", "", False, False, None, 9)
    for kind in KINDS:
        _subject, body = render_mail(
            process, phase, someone, kind, today=DAY_FOR.get(kind, date(2030, 3, 10)),
            has_calendar=False,
        )
        assert not re.search(r"\d{4} (?!bis)[a-zäöü]", body), (kind, body)
        assert not re.search(r"Veranstaltung (Auftakt|Workshop|Veranstaltung)", body), kind
    _subject, body = render_mail(
        process, phase, someone, "dank", today=date(2030, 3, 20), has_calendar=False
    )
    assert "dass Sie am Dienstag, 19. März 2030, bei unserer Veranstaltung dabei waren!" in body


def test_a_cancellation_names_the_waiting_list_only_where_there_is_one(tmp_path: Path) -> None:
    process = load_process(write_process(tmp_path))
    phase = process.event_phases()[0]
    someone = Person("A7", "Eva", "Ruf", "e@example.de", "", False, False, None, 9)
    for waitlist in (False, True):
        _subject, body = render_mail(
            process, phase, someone, "absage", today=date(2030, 3, 10), has_calendar=False,
            waitlist=waitlist,
        )
        assert ("Ihren Platz bekommen" in body) == waitlist
        assert ("Warteliste" in body) == waitlist
