"""The counting reading (``ik status``, ``ik export-results``: ``read_roster(..., rows=False)``)
gives exactly what the full reading gives: the same tally, notes, figures, consent
warnings and the same ``ik status`` screen – on generated trackers with hand edits
(numbers, booleans, dates in text columns, odd case, leading spaces), blank rows, titles
instead of ids, unknown events and statuses, walk-ins, waiting lists, cancellations,
missing columns, anonymised rows and repeat registrations.

The figures are also checked against the figures as they were computed before the
counting reading existed (one :class:`Registration` per row; :func:`reference_participation`
is that code), so a rewrite of the counting cannot drift unnoticed.
"""

from __future__ import annotations

import io
import tempfile
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from results_helpers import PROCESS_YAML, save_registrations

from integrakonzept.people.consent import consent_warnings, missing_privacy_consent
from integrakonzept.people.roster import (
    Attendance,
    Registration,
    Roster,
    Status,
    Tally,
    read_roster,
)
from integrakonzept.people.schema import COLUMNS
from integrakonzept.process.load import load_with_locator
from integrakonzept.process.model import EventPhase, Process
from integrakonzept.results.participation import (
    LANGUAGE_UNSPECIFIED,
    NO_ROLE,
    EventFigures,
    Participation,
    _known_languages,
    _ordered,
    _organisation_key,
    _role_order,
    languages_of,
    participation,
    topic_ids,
)
from integrakonzept.results.status import collect_status

EVENTS = (
    "auftakt", "Auftaktveranstaltung", " auftakt ", "fachforum", "Fachforum Arbeit", "workshop",
    "konferenz", "befragung", "Sommerfest", "", "  ", None,
)  # fmt: skip
STATUSES = (
    "angemeldet", "Angemeldet", "", None, "Warteliste", "warteliste", "Nachrücker", "abgesagt",
    "Storniert am 3.3.", " abgesagt", "ohne Anmeldung", "spontan", "vielleicht", 1.0,
    datetime(2025, 3, 3, 10, 0),
)  # fmt: skip
ATTENDANCE = ("ja", "Ja", "x", "nein", "-", "entschuldigt", "", None, "vielleicht", 1, 0, True)
ROLES = ("Einwohner*in", "Hauptamt", "ehrenamt", "Politik", "", "Sonstiges", "Bürgerin", None)
INTERPRETER = (
    "Arabisch", "ja", "nein", "Arabisch, Türkisch", "ja, Farsi", "keine", "", None,
    "Russisch oder Ukrainisch", "bitte Frau X anrufen", 1,
)  # fmt: skip
NEEDS = ("ja", "nein", "2 Kinder", "", None, "-", "Rollstuhl", "keine", 1, 0.5)
TOPICS = ("Sprache und Bildung", "arbeit", "Arbeit, Wohnen", "", None, "Sonstiges")
ORGANISATIONS = ("", None, "Caritas", "caritas", "Privat", "Jobcenter Musterstadt", "k.A.", 7, date(2025, 3, 1))
PRIVACY = ("ja", "nein", "", None, "Ich stimme zu", "x", True, False)
COMMENTS = ("", None, "ohne Anmeldung (vor Ort)", "  Ohne Anmeldung", "Komme später", 3, datetime(2025, 3, 1, 9, 30))
#: who: (Personen-ID, E-Mail, Vorname, Nachname, Telefon); some share an address or a
#: name in another spelling, some are anonymised (ik purge), some only have a phone
PEOPLE = (
    ("P1", "anna@example.de", "Anna", "Schmidt", "0151 1"),
    ("", "Anna@Example.de ", "Anna", "Schmidt", ""),
    ("", "", "Ayşe", "Yılmaz", ""),
    ("", "", "Ayse", "Yilmaz", None),
    ("", "", "", "", ""),
    (None, None, None, None, None),
    ("", "", "", "", 4912345),
    (" p1 ", "", "", "", ""),
    ("", "'=x@example.de", "", "", ""),
    ("", " ", "  ", "Müller", ""),
    (17, "", "", "", ""),
    ("P2", "", "Olena", "Kovalenko", ""),
    ("P3", "", "", "", "0171 5"),
)
OPTIONAL = ("Teilnahme", "Datenschutz", "Personen-ID", "Rolle", "Dolmetschen", "Anmerkungen")

row = st.one_of(
    st.just(None),  # a blank row inside the table
    st.fixed_dictionaries(
        {
            "Veranstaltung": st.sampled_from(EVENTS),
            "Status": st.sampled_from(STATUSES),
            "Teilnahme": st.sampled_from(ATTENDANCE),
            "Rolle": st.sampled_from(ROLES),
            "Dolmetschen": st.sampled_from(INTERPRETER),
            "Kinderbetreuung": st.sampled_from(NEEDS),
            "Barrierefreiheit": st.sampled_from(NEEDS),
            "Handlungsfeld": st.sampled_from(TOPICS),
            "Organisation": st.sampled_from(ORGANISATIONS),
            "Datenschutz": st.sampled_from(PRIVACY),
            "Anmerkungen": st.sampled_from(COMMENTS),
            "person": st.sampled_from(PEOPLE),
        }
    ),
)
PERSON_HEADERS = ("Personen-ID", "E-Mail", "Vorname", "Nachname", "Telefon")


def write_tracker(
    path: Path, rows: Sequence[dict[str, Any] | None], header_row: int, drop: Sequence[str]
) -> Path:
    """An Anmeldungen sheet as a coordinator may leave it: ik's headers in another order,
    some missing, values of any type (openpyxl writes them as typed), blank rows (None)."""
    headers = [c.header for c in reversed(COLUMNS) if c.header not in drop]
    cells: list[list[object]] = []
    for values in rows:
        if values is None:
            cells.append([None] * len(headers))
            continue
        row = dict(values)
        row.update(zip(PERSON_HEADERS, row.pop("person"), strict=True))
        cells.append([row.get(h) for h in headers])
    # no rows: the table still spans one (blank) data row
    blank = [[None] * len(headers)]
    return save_registrations(path, headers, cells or blank, header_row=header_row)


def process_text(marked: bool, approximate: bool) -> str:
    text = textwrap.dedent(PROCESS_YAML).lstrip()
    if marked:  # attendance of the Auftakt declared complete
        text = text.replace("    kapazitaet: 30\n", "    kapazitaet: 30\n    teilnahme_vollstaendig: ja\n")
    if approximate:
        text = text.replace("teilnehmende: 14", "teilnehmende: über 14")
    return text


# --- the figures as computed before the counting reading (one Registration per row) ----


def _reference_event(
    phase: EventPhase, rows: Sequence[Registration], known: dict[str, str]
) -> EventFigures:
    registered = [r for r in rows if r.status is Status.REGISTERED]
    recorded = any(r.attendance is not Attendance.UNKNOWN for r in rows)
    attended_rows = [r for r in rows if r.attendance is Attendance.ATTENDED]
    unrecorded = sum(1 for r in registered if r.attendance is Attendance.UNKNOWN)
    marked = bool(phase.attendance_complete)
    complete = recorded and (unrecorded == 0 or marked)
    basis_rows = attended_rows if complete else registered
    roles = Counter(r.role or NO_ROLE for r in basis_rows)
    languages: Counter[str] = Counter()
    requests = 0
    for r in registered:
        names = languages_of(r.interpreter, known)
        if names:
            requests += 1
        languages.update(names)
    organisations = {_organisation_key(r.organisation) for r in basis_rows} - {""}
    return EventFigures(
        phase_id=phase.id,
        has_tracker_rows=bool(rows),
        registered=len(registered),
        waitlist=sum(1 for r in rows if r.status is Status.WAITLIST),
        cancelled=sum(1 for r in rows if r.status is Status.CANCELLED),
        attendance_recorded=recorded,
        attended=len(attended_rows) if recorded else None,
        absent=sum(1 for r in registered if r.attendance is Attendance.ABSENT) if recorded else None,
        excused=sum(1 for r in rows if r.attendance is Attendance.EXCUSED) if recorded else None,
        unrecorded=unrecorded if recorded else 0,
        participants_from_file=phase.results.participants if phase.results else None,
        role_basis="teilgenommen" if complete else "angemeldet",
        roles=_ordered(roles, _role_order()),
        interpreter=_ordered(languages, [LANGUAGE_UNSPECIFIED]),
        interpreter_requests=requests,
        childcare=sum(1 for r in registered if r.childcare),
        interpreting=sum(1 for r in registered if r.interpreting),
        accessibility=sum(1 for r in registered if r.accessibility),
        organisations=len(organisations),
        capacity=phase.capacity,
        walk_ins=sum(1 for r in attended_rows if r.status is Status.WALK_IN),
        marked_complete=marked,
    )


def reference_participation(process: Process, tracker: Roster) -> Participation:
    events = process.event_phases()
    known = _known_languages()
    figures = [_reference_event(p, tracker.for_event(p.id), known) for p in events]
    event_ids = {p.id for p in events}
    rows = [r for r in tracker.registrations if r.event in event_ids]
    registered = [r for r in rows if r.status is Status.REGISTERED]
    attended = [r for r in rows if r.attendance is Attendance.ATTENDED]
    any_attendance = any(f.attendance_recorded for f in figures)
    basis_rows = attended if any_attendance else registered
    events_per_person: dict[str, set[str]] = {}
    role_of: dict[str, str] = {}
    for r in basis_rows:
        events_per_person.setdefault(r.person_key, set()).add(r.event)
        if r.role and not role_of.get(r.person_key):
            role_of[r.person_key] = r.role
    roles = Counter(role_of.get(key) or NO_ROLE for key in events_per_person)
    languages: Counter[str] = Counter()
    for f in figures:
        languages.update(f.interpreter)
    topics: Counter[str] = Counter()
    for r in registered:
        topics.update(topic_ids(r.topics, process))
    organisations = {_organisation_key(r.organisation) for r in basis_rows} - {""}
    return Participation(
        events=figures,
        tracker_used=True,
        persons_registered=len({r.person_key for r in registered}),
        persons_attended=len({r.person_key for r in attended}) if any_attendance else None,
        persons_repeat=sum(1 for e in events_per_person.values() if len(e) >= 2),
        roles_persons=_ordered(roles, _role_order()),
        persons_basis="teilgenommen" if any_attendance else "angemeldet",
        languages=_ordered(languages, [LANGUAGE_UNSPECIFIED]),
        organisations=len(organisations),
        topics={hf.id: topics[hf.id] for hf in process.handlungsfelder if topics.get(hf.id)},
        notes=list(tracker.notes),
        titles={p.id: p.title for p in events},
    )


def reference_consent(roster: Roster) -> dict[str, tuple[int, int]]:
    if not roster.has_privacy:
        return {}
    counts: dict[str, tuple[int, int]] = {}
    for r in roster.registrations:
        if not r.event or r.status is Status.CANCELLED:
            continue
        if not (r.first_name or r.last_name or r.email or r.phone):
            continue
        if r.privacy != "ja":
            registered, walk_ins = counts.get(r.event, (0, 0))
            if r.status is Status.WALK_IN:
                walk_ins += 1
            else:
                registered += 1
            counts[r.event] = (registered, walk_ins)
    return counts


def status_screen(process: Process, roster: Roster, process_file: Path, locator: Any, day: date) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=110, color_system=None, record=True)
    console.print(
        collect_status(process, roster, process_file=process_file, locator=locator, today=day)
    )
    return console.export_text()


def _row(event: str, role: str) -> dict[str, Any]:
    return {
        "Veranstaltung": event, "Status": "angemeldet", "Teilnahme": "ja", "Rolle": role,
        "Dolmetschen": "", "Kinderbetreuung": "", "Barrierefreiheit": "", "Handlungsfeld": "",
        "Organisation": "", "Datenschutz": "ja", "Anmerkungen": "", "person": PEOPLE[0],
    }  # fmt: skip


# --- the properties ----------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(row, max_size=40),
    header_row=st.sampled_from((1, 3)),
    drop=st.sets(st.sampled_from(OPTIONAL), max_size=2),
    marked=st.booleans(),
    approximate=st.booleans(),
    day=st.sampled_from((date(2030, 3, 1), date(2030, 6, 15), date(2031, 6, 1))),
)
@example(rows=[], header_row=1, drop=set(), marked=False, approximate=False, day=date(2030, 6, 15))
@example(  # one person, two roles: the first stated counts
    rows=[_row("auftakt", "Hauptamt"), None, _row("fachforum", "Ehrenamt")],
    header_row=1,
    drop=set(),
    marked=False,
    approximate=False,
    day=date(2030, 6, 15),
)
def test_counting_reading_gives_the_full_readings_figures(
    rows: list[dict[str, Any] | None],
    header_row: int,
    drop: set[str],
    marked: bool,
    approximate: bool,
    day: date,
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        process_file = folder / "prozess.yaml"
        process_file.write_text(process_text(marked, approximate), encoding="utf-8")
        process, locator = load_with_locator(process_file)
        tracker = write_tracker(folder / "anmeldungen.xlsx", rows, header_row, sorted(drop))
        full = read_roster(tracker, process, mail_records=True)
        counted = read_roster(tracker, process, mail_records=True, rows=False)

        assert counted.rows is None  # no ik mail records: counted only
        with pytest.raises(RuntimeError):
            _ = counted.registrations
        assert counted.tally == Tally.of(full.registrations) == full.tally
        for name_ in (
            "unknown_event_rows", "unknown_status_rows", "walk_in_comment_rows",
            "missing_columns", "has_privacy", "mail_records", "open_elsewhere",
        ):  # fmt: skip
            assert getattr(counted, name_) == getattr(full, name_), name_
        assert counted.notes == full.notes

        figures = participation(process, counted)
        assert figures == participation(process, full) == reference_participation(process, full)
        assert missing_privacy_consent(counted) == reference_consent(full)
        assert consent_warnings(process, counted) == consent_warnings(process, full)
        screen = status_screen(process, counted, process_file, locator, day)
        assert screen == status_screen(process, full, process_file, locator, day)
        # ik status reads without persons: the same screen, the same figures per event
        anonymous = read_roster(tracker, process, mail_records=True, rows=False, persons=False)
        assert anonymous.tally.rows == () and not anonymous.tally.persons
        assert status_screen(process, anonymous, process_file, locator, day) == screen
        without = participation(process, anonymous)
        assert without.events == figures.events and without.warnings == figures.warnings
        assert (without.persons_registered, without.roles_persons) == (None, {})
        assert missing_privacy_consent(anonymous) == reference_consent(full)
    # the check can fail: the screen shows the counts of the rows
    registered = figures.event("auftakt").registered
    assert f"{registered} von 30" in screen or registered == 0 or day > date(2030, 3, 19)


def test_rows_are_read_when_ik_mail_is_in_use(tmp_path: Path) -> None:
    """Who waits for a message is decided person by person: with records of ``ik mail``
    the counting reading keeps the rows, and the status lists who waits."""
    from integrakonzept.people.mailrecords import WAY_SENT, journal_path

    process_file = tmp_path / "prozess.yaml"
    process_file.write_text(process_text(False, False), encoding="utf-8")
    process, locator = load_with_locator(process_file)
    person = ("", "anna@example.de", "Anna", "Schmidt", "")
    values = {"Veranstaltung": "konferenz", "Status": "angemeldet", "person": person}
    tracker = write_tracker(tmp_path / "anmeldungen.xlsx", [values], 1, ())
    assert read_roster(tracker, process, mail_records=True, rows=False).rows is None
    journal_path(tracker).write_text(  # someone else was confirmed: Anna still waits
        f'{{"id": "X", "event": "konferenz", "kind": "bestaetigung", "way": "{WAY_SENT}"}}\n',
        encoding="utf-8",
    )
    counted = read_roster(tracker, process, mail_records=True, rows=False)
    assert counted.rows is not None and len(counted.registrations) == 1
    full = read_roster(tracker, process, mail_records=True)
    day = date(2030, 6, 15)
    screen = status_screen(process, counted, process_file, locator, day)
    assert screen == status_screen(process, full, process_file, locator, day)
    assert "warten auf eine Bestätigung" in screen
