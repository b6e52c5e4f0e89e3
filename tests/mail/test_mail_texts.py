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
            assert f"Dolmetschen für {interpreter} angefragt" in body, where
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
    report = mail(path, "auftakt", "bestaetigung", dry_run=True, today=date(2030, 3, 10))
    assert report.example is not None
    assert report.example.subject == "Anmeldebestätigung: Auftakt „Großstadt im Dialog“ im April 2030"
    assert "Datum: April 2030" in report.example.body
    assert "Anhang" not in report.example.body
    assert list(report.example.message.iter_attachments()) == []
