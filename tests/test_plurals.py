"""Counted nouns in German messages: „1 Zeile“, „2 Zeilen“, „0 Zeilen“ – never „1 Zeilen“,
„Zeile(n)“ or „2 Zeile“. Every message that counts goes through render.locale.counted();
this test runs each one over 0, 1 and 2 and scans the sources for hand-built plurals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from integrakonzept.render.locale import counted

ROOT = Path(__file__).parents[1]
COUNTS = (0, 1, 2)


def _check(text: str, n: int, singular: str, plural: str) -> None:
    """``text`` says ``n singular`` for one and ``n plural`` otherwise, and nothing wrong."""
    text = " ".join(text.split())
    right, wrong = (singular, plural) if n == 1 else (plural, singular)
    assert f"{n} {right}" in text, text
    assert not re.search(rf"(?<![\d.]){n} {re.escape(wrong)}\b", text), text
    assert not re.search(r"\w\((?:e|en|n|s)\)", text), text  # „Zeile(n)“


# --- the messages, each over 0, 1, 2 -----------------------------------------------------------


@pytest.mark.parametrize("n", COUNTS)
def test_counted(n: int) -> None:
    _check(counted(n, "Zeile", "Zeilen"), n, "Zeile", "Zeilen")
    assert counted(1200, "Zeile", "Zeilen") == "1.200 Zeilen"


@pytest.mark.parametrize("n", COUNTS)
def test_import_count_is_counted(n: int) -> None:
    from integrakonzept.people.entries import count

    _check(count(n, "Spalte", "Spalten"), n, "Spalte", "Spalten")


@pytest.mark.parametrize("n", COUNTS)
def test_tracker_notes(n: int) -> None:
    from integrakonzept.people.roster import Roster

    rows = tuple(range(5, 5 + n))
    roster = Roster(
        Path("anmeldungen.xlsx"),
        (),
        unknown_event_rows=rows,
        unknown_status_rows=rows,
        walk_in_comment_rows=rows,
    )
    notes = roster.notes
    if n == 0:
        assert not any("Zeile" in note for note in notes)
        return
    event, status, walk_in = notes[:3]
    _check(event, n, "Zeile der Anmeldeliste passt", "Zeilen der Anmeldeliste passen")
    assert ("und wird nicht gezählt" if n == 1 else "und werden nicht gezählt") in event
    _check(status, n, "Zeile der Anmeldeliste hat", "Zeilen der Anmeldeliste haben")
    _check(walk_in, n, "Zeile der Anmeldeliste ist", "Zeilen der Anmeldeliste sind")
    assert ("dann zählt sie nur" if n == 1 else "dann zählen sie nur") in walk_in


def _figures(registered: int, capacity: int) -> object:
    from integrakonzept.results.participation import EventFigures

    return EventFigures(
        phase_id="auftakt",
        has_tracker_rows=True,
        registered=registered,
        waitlist=0,
        cancelled=0,
        attendance_recorded=True,
        attended=0 if registered == 0 else 1,
        absent=0,
        excused=0,
        unrecorded=registered,
        participants_from_file=None,
        role_basis="teilgenommen",
        roles={},
        interpreter={},
        interpreter_requests=0,
        interpreting=0,
        childcare=0,
        accessibility=0,
        organisations=0,
        capacity=capacity,
    )


@pytest.mark.parametrize("n", COUNTS)
def test_partial_attendance_warning(n: int) -> None:
    from integrakonzept.results.participation import Participation

    figures = Participation(
        events=[_figures(n, 40 + n)],  # type: ignore[list-item]
        tracker_used=True,
        persons_registered=None,
        persons_attended=None,
        persons_repeat=None,
        roles_persons={},
        persons_basis="teilgenommen",
        languages={},
        organisations=None,
        topics={},
    )
    text = " ".join(figures.warnings)
    if n == 0:
        assert text == ""  # nothing unrecorded: attendance is complete, no warning
        return
    _check(text, n, "Anmeldung ohne Eintrag", "Anmeldungen ohne Eintrag")


@pytest.mark.parametrize("n", COUNTS)
def test_plan_slack_in_days(n: int) -> None:
    from integrakonzept.plan.compute import Step
    from integrakonzept.plan.formats import _slack

    planned = date(2026, 3, 10)
    step = Step("x", date(2026, 3, 10 + n), "Frist", "Regel", "frist", "g", planned=planned)
    text = _slack(step)
    _check(text, n, "Tag", "Tage")


@pytest.mark.parametrize("n", COUNTS)
def test_documentation_intro_counts_events_and_online_phases(n: int, tmp_path: Path) -> None:
    from integrakonzept.process.load import load_process
    from integrakonzept.results.report import _intro

    process = load_process(ROOT / "examples" / "ostholstein-2025" / "prozess.yaml")
    text = " ".join(_intro(process, n, date(2025, 6, 1)))
    # running text: numbers up to twelve in words, „mit einer Veranstaltung“ (dative)
    word = {0: "null", 1: "einer", 2: "zwei"}[n]
    noun = "Veranstaltung" if n == 1 else "Veranstaltungen"
    assert f"den Ablauf mit {word} {noun}" in text, text
    assert not re.search(r"\bmit \d+ (Veranstaltung|Online-Phase)", text), text
    online = len(process.online_phases())
    assert online == 2
    assert "zwei Online-Phasen" in text


@pytest.mark.parametrize("n", COUNTS)
def test_mail_summary_counts(n: int) -> None:
    from integrakonzept.cli.mail import _count

    _check(_count(n, "E-Mail wurde", "E-Mails wurden"), n, "E-Mail wurde", "E-Mails wurden")


# --- no hand-built plural left in the sources ---------------------------------------------------

HAND_BUILT = [
    re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+\((?:e|en|n|s)\)"),  # „Zeile(n)“, „Veranstaltung(en)“
    re.compile(r"\{'(?:e|en|n|s)' if [^}]*\}"),  # f"Zeile{'n' if n != 1 else ''}"
    re.compile(r'\{"(?:e|en|n|s)" if [^}]*\}'),
    re.compile(r"""\(\s*["']["']\s+if\s+\w+\s*==\s*1\s+else\s+["'](?:e|en|n|s)["']\s*\)"""),
    re.compile(r"""["'](?:e|en|n|s)["']\s+if\s+\w+\s*!=\s*1\s+else\s+["']["']"""),
]


def test_no_hand_built_plurals_in_sources() -> None:
    found = []
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "templates").rglob("*.j2")]
    for path in files:
        if path.name == "locale.py" and path.parent.name == "render":
            continue  # counted() itself
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(p.search(line) for p in HAND_BUILT):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'f"{n} Zeile(n) der Anmeldeliste"',
        "f\"{n} Anmeldung{'en' if n != 1 else ''}\"",
        'return ("würde" if dry_run else "wurde") + ("" if number == 1 else "n")',
        "f\"noch {n} Tag{'e' if left else ''}\"",
    ],
)
def test_the_scan_finds_each_kind(line: str) -> None:
    assert any(p.search(line) for p in HAND_BUILT)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 1), "Der Beschluss (Stadtverordnetenversammlung) ist für Oktober 2025 vorgesehen."),
        (
            date(2026, 11, 25),
            "Der Beschluss (Stadtverordnetenversammlung) war für Oktober 2025 vorgesehen; "
            "sein Ergebnis ist noch nicht eingetragen.",
        ),
    ],
)
def test_documentation_intro_speaks_of_a_past_council_date_in_the_past(today: date, expected: str) -> None:
    """Review: „ist für Oktober 2025 vorgesehen“ in a documentation dated November 2026."""
    from integrakonzept.process.load import load_process
    from integrakonzept.results.report import _intro

    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    text = " ".join(_intro(process, 3, today))
    assert expected in text, text
    assert text.count("Der Beschluss") == 1
