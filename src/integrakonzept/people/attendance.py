"""``ik attendance``: mark who came, from a list of names or e-mail addresses.

The list is what the coordinator has after the event: names typed from the signed sheet
(one per line, also "Nachname, Vorname"), or a check-in export (CSV/XLSX with name or
e-mail columns). People on the list get *Teilnahme = ja*; registered people of the event
who are not on it and have no entry yet get *nein* (unless ``only_present``); names that
match nobody are listed and, with ``add_walk_ins``, added as new rows.

Ticking the column in Excel stays the main path: this command only fills the attendance
column (and appends walk-ins), exactly like an import changes only its own cells.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import ImportError_, InputFileError, TrackerError
from integrakonzept.output import ensure_closed
from integrakonzept.people import normalize as norm
from integrakonzept.people import safety
from integrakonzept.people.events import Catalog
from integrakonzept.people.identity import PersonIndex, format_id, id_number, person_keys
from integrakonzept.people.imports import resolve_phase
from integrakonzept.people.mapping import norm_header
from integrakonzept.people.normalize import split_full_name
from integrakonzept.people.readers import (
    SPREADSHEET_SUFFIXES,
    CellValue,
    Sheet,
    decode,
    read_csv_bytes,
    read_source,
)
from integrakonzept.people.recognition import Layout, recognise
from integrakonzept.people.roster import tracker_path
from integrakonzept.people.schema import (
    ATTENDED,
    NOT_ATTENDED,
    STATUS_WALK_IN,
    UNKNOWN,
    Field,
)
from integrakonzept.people.status import Attendance, Status, attendance_of, status_of
from integrakonzept.people.trackerfile import TrackerRow, read_tracker, write_rows
from integrakonzept.people.xlsxpatch import CellWrite

if TYPE_CHECKING:
    from integrakonzept.process.model import Process

_SINGLE_HEADERS = frozenset(
    {
        "name",
        "namen",
        "e-mail",
        "email",
        "teilnehmer",
        "teilnehmende",
        "teilnehmerinnen",
        "vor- und nachname",
        "anwesend",
        "anwesende",
        "teilnahmeliste",
    }
)
FUZZY_CUTOFF = 0.88


@dataclass(frozen=True)
class Present:
    """One line of the list: a name and/or an e-mail address, and where it was."""

    line: int
    label: str
    first: str = ""
    last: str = ""
    email: str = ""


@dataclass
class AttendanceReport:
    tracker: Path
    phase: str
    listed: int = 0
    matched: int = 0
    already: int = 0
    marked_absent: int = 0
    walk_ins: int = 0
    #: (as written in the list, matched tracker name) for approximate matches
    approximate: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    changed: bool = False
    dry_run: bool = False
    backup: Path | None = None


def read_present(path: Path) -> list[Present]:
    """Read the list: a text file (one entry per line) or a table with name/e-mail columns."""
    if not path.exists():
        raise InputFileError(f"Die Datei {path} gibt es nicht.")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        source = read_source(path)
        sheet = max(source.sheets, key=lambda s: len(s.rows))
        return _from_table(sheet, recognise(sheet))
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError(f"Die Liste {path.name} ist leer.")
    if suffix in (".csv", ".tsv"):
        sheet = read_csv_bytes(path, data)
        if any(len([c for c in r if isinstance(c, str) and c.strip()]) > 1 for r in sheet.rows[:5]):
            return _from_table(sheet, recognise(sheet))
    text, _encoding = decode(data, path)
    return _from_lines(text.splitlines())


def _from_table(sheet: Sheet, layout: Layout) -> list[Present]:
    if not (layout.has_name or layout.has(Field.EMAIL)):
        raise ImportError_(
            f"In {sheet.label} gibt es keine Spalte mit Namen oder E-Mail-Adressen.",
            "Erwartet wird eine Textdatei mit einem Namen pro Zeile oder eine Tabelle mit "
            "Spalten wie „Vorname“, „Nachname“, „Name“ oder „E-Mail“.",
        )
    result: list[Present] = []
    start = layout.header_index + 1
    for row, number in zip(sheet.rows[start:], sheet.numbers[start:], strict=True):

        def value(f: Field, row: list[CellValue] = row) -> str:
            for index in layout.columns.get(f, []):
                if index < len(row):
                    text = norm.text(row[index])
                    if text:
                        return text
            return ""

        first, last = value(Field.FIRST_NAME), value(Field.LAST_NAME)
        if not first and not last:
            first, last = split_full_name(value(Field.FULL_NAME))
        email, valid = norm.email(value(Field.EMAIL))
        if not valid:
            email = ""
        label = " ".join(x for x in (first, last) if x) or email
        if label:
            result.append(Present(number, label, first, last, email))
    return result


def _from_lines(lines: list[str]) -> list[Present]:
    result: list[Present] = []
    first_entry = True
    for number, line in enumerate(lines, start=1):
        text = norm.text(line).strip().strip('"').strip()
        if not text or text.startswith("#"):
            continue
        if first_entry and norm_header(text) in _SINGLE_HEADERS:
            first_entry = False
            continue
        first_entry = False
        text = re.sub(r"^\s*\d+\s*[.)]\s*", "", text)  # "12. Anna Schmidt"
        email = ""
        found = re.search(r"[^\s<>,;]+@[^\s<>,;]+", text)
        if found:
            address, valid = norm.email(found.group(0))
            email = address if valid else ""
            text = (text[: found.start()] + text[found.end() :]).strip(" <>,;")
        first, last = split_full_name(text) if text else ("", "")
        label = " ".join(x for x in (first, last) if x) or email
        if label:
            result.append(Present(number, label, first, last, email))
    return result


def _name_key(first: str, last: str) -> str:
    """Name tokens in sorted order: "Schmidt Anna" = "Anna Schmidt"."""
    return " ".join(sorted(norm.match_text(f"{first} {last}").split()))


@safety.holding_tracker_lock
def mark_attendance(
    process: Process,
    phase: str,
    present: Path,
    *,
    tracker: Path | None = None,
    add_walk_ins: bool = False,
    only_present: bool = False,
    dry_run: bool = False,
) -> AttendanceReport:
    """Mark attendance for ``phase`` from the list in ``present`` (one writer at a time).

    ``process`` is the loaded process file; the tracker is ``tracker`` or the process
    file's ``tracker:``.
    """
    catalog = Catalog.from_process(process)
    phase_id = resolve_phase(catalog, phase, [p.id for p in process.phases])
    assert phase_id is not None
    path = tracker_path(process, tracker)
    if not path.exists():
        raise TrackerError(
            f"Die Anmeldeliste {path} gibt es noch nicht.",
            "Legen Sie sie mit „ik tracker“ an oder importieren Sie zuerst Anmeldungen.",
        )
    ensure_closed(path, TrackerError)
    entries = read_present(present)
    state = read_tracker(path)
    report = AttendanceReport(path, phase_id, listed=len(entries), dry_run=dry_run)

    rows = [r for r in state.rows if r.text("event") == phase_id]
    by_email: dict[str, list[TrackerRow]] = {}
    by_name: dict[str, list[TrackerRow]] = {}
    for row in rows:
        key = norm.email_key(row.text("email"))
        if key:
            by_email.setdefault(key, []).append(row)
        name = _name_key(row.text("first_name"), row.text("last_name"))
        if name:
            by_name.setdefault(name, []).append(row)

    updates: dict[int, dict[str, CellWrite]] = {}
    seen: set[int] = set()
    walk_ins: list[Present] = []
    for entry in entries:
        candidates: list[TrackerRow] = []
        if entry.email:
            candidates = by_email.get(norm.email_key(entry.email), [])
        name = _name_key(entry.first, entry.last)
        if not candidates and name:
            candidates = by_name.get(name, [])
        approximate = False
        if not candidates and name:
            close = difflib.get_close_matches(name, list(by_name), n=2, cutoff=FUZZY_CUTOFF)
            if len(close) == 1 or (
                len(close) == 2
                and difflib.SequenceMatcher(None, name, close[0]).ratio()
                - difflib.SequenceMatcher(None, name, close[1]).ratio()
                > 0.05
            ):
                candidates = by_name[close[0]]
                approximate = True
        if len(candidates) > 1:
            report.ambiguous.append(entry.label)
            continue
        if not candidates:
            report.unmatched.append(entry.label)
            walk_ins.append(entry)
            continue
        row = candidates[0]
        if approximate:
            report.approximate.append(
                (entry.label, f"{row.text('first_name')} {row.text('last_name')}".strip())
            )
        if row.number in seen:
            continue
        seen.add(row.number)
        report.matched += 1
        if attendance_of(row.text("attendance")) is Attendance.ATTENDED:
            report.already += 1
        else:
            updates[row.number] = {"attendance": ATTENDED}

    if not only_present:
        for row in rows:
            if (
                row.number not in seen
                and status_of(row.text("status")) is Status.REGISTERED
                and not row.text("attendance")  # never overwrite what someone typed
            ):
                updates[row.number] = {"attendance": NOT_ATTENDED}
                report.marked_absent += 1

    appends: list[dict[str, CellWrite]] = []
    if add_walk_ins and walk_ins:
        persons = PersonIndex()
        last_reg = 0
        for row in state.rows:
            ekey, nkey = person_keys(
                row.text("email"),
                row.text("first_name"),
                row.text("last_name"),
                row.text("organisation"),
            )
            if row.text("person_id"):
                persons.add(row.text("person_id"), ekey, nkey)
            last_reg = max(last_reg, id_number(row.text("reg_id")))
        for entry in walk_ins:
            ekey, nkey = person_keys(entry.email, entry.first, entry.last, "")
            last_reg += 1
            values: dict[str, CellWrite] = {
                "reg_id": format_id("A", last_reg),
                "person_id": persons.assign(ekey, nkey),
                "event": phase_id,
                "first_name": entry.first,
                "last_name": entry.last,
                "email": entry.email,
                "photo": UNKNOWN,
                "source": f"{present.name} (Teilnahmeliste)",
                "status": STATUS_WALK_IN,
                "attendance": ATTENDED,
                "comments": "ohne Anmeldung (vor Ort)",
            }
            appends.append({k: v for k, v in values.items() if v})
        report.walk_ins = len(appends)

    report.changed = bool(updates or appends)
    if dry_run or not report.changed:
        return report
    from integrakonzept.output import Writer

    with safety.rewriting(path) as new_temp:
        temp = new_temp()
        write_rows(state, updates, appends, temp)
        report.backup = Writer().commit(temp, path).backup
    return report
