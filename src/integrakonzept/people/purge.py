"""``ik purge``: delete personal data whose retention period has passed (Art. 5(1)(e) DSGVO).

The retention period is ``aufbewahrung_monate`` of the process file (default 12), counted
from the last day of each event. For every registration of an event past that day:

* in the tracker the row stays (so every count of the documentation stays the same) but
  loses everything that identifies the person: first and last name, e-mail, phone, free
  texts (comments, notes), the answer checksum; an accessibility need becomes "ja"; a row
  without a person id gets a pseudonymous one first (shared with the same person's other
  rows, so people are still counted once). Old strings are also removed from the
  workbook's shared-string table, where spreadsheet files keep overwritten texts.
* the backups in ``.ik-sicherungen`` get the same treatment (a backup ik cannot read is
  deleted);
* reject files (``…-abgelehnt.csv/xlsx``) untouched for the retention period, and all of
  them once every event is past it, are deleted – those in the process, tracker and
  output folders and those the import recorded beside exports elsewhere
  (:func:`integrakonzept.people.rejects.index_path`);
* the internal participant lists (``…INTERN-Teilnehmende…``) are deleted (ik export-results
  --with-personal-data writes them anew from what is left);
* e-mail drafts of ``ik mail --drafts`` for the event (``<event>_<kind>_<id>.eml`` with the
  header ``X-Unsent``) are deleted.

Each run appends to ``loeschprotokoll.csv`` beside the process file: date, category, count
and event – never a name. ``--export-first`` writes the rows to a file first (e.g. for an
archive a funding body requires); ``--dry-run`` only reports.
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from integrakonzept.errors import OutputError, TrackerError, os_reason
from integrakonzept.output import BACKUP_DIR, ensure_closed
from integrakonzept.people import normalize as norm
from integrakonzept.people import safety
from integrakonzept.people.events import Catalog
from integrakonzept.people.identity import format_id, id_number
from integrakonzept.people.rejects import (
    REJECT_SUFFIX,
    is_reject_backup,
    is_reject_file,
    recorded_rejects,
    store_index,
)
from integrakonzept.people.schema import COLUMNS
from integrakonzept.people.status import states_need
from integrakonzept.people.trackerfile import TrackerRow, TrackerState, read_tracker, write_rows
from integrakonzept.process.model import EventPhase, Process

#: columns emptied in a purged row (the language to write in is only of use while
#: people can still be written to)
ERASED_KEYS = (
    "first_name", "last_name", "email", "phone", "comments", "notes", "checksum", "language",
)  # fmt: skip
#: free-text needs reduced to "ja" (the documentation counts them, never reads them)
REDUCED_KEYS = ("accessibility",)
#: the internal participant list's file names contain this (results.internal.INTERNAL_SUFFIX)
INTERNAL_MARK = "INTERN-Teilnehmende"
LOG_NAME = "loeschprotokoll.csv"
LOG_HEADER = ("Datum", "Kategorie", "Anzahl", "Veranstaltung")


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day(phase: EventPhase) -> date:
    return phase.end_date if phase.end_date is not None else phase.date.last_day()


def delete_after(process: Process, phase: EventPhase) -> date:
    """The first day on which the registrations of ``phase`` are due for deletion."""
    return add_months(last_day(phase), process.retention_months)


@dataclass(frozen=True)
class DueEvent:
    id: str
    title: str
    due: date


@dataclass
class PurgeReport:
    """What ``ik purge`` did (or would do): counts and file names, never personal data."""

    due: list[DueEvent]
    tracker: Path
    rows: dict[str, int] = field(default_factory=dict)  # event id -> rows anonymised
    backups: int = 0
    backup_rows: int = 0
    backups_deleted: int = 0
    rejects: list[Path] = field(default_factory=list)
    internal_lists: list[Path] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    exported: Path | None = None
    log: Path | None = None
    dry_run: bool = False

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def nothing_to_do(self) -> bool:
        return not (
            self.total_rows
            or self.backup_rows
            or self.backups_deleted
            or self.rejects
            or self.internal_lists
            or self.drafts
        )


def due_events(process: Process, today: date) -> list[DueEvent]:
    """Events whose retention period ended before ``today``."""
    return [
        DueEvent(p.id, p.title, delete_after(process, p))
        for p in process.event_phases()
        if delete_after(process, p) < today
    ]


# --- rows ------------------------------------------------------------------------------------


def _event_of(row: TrackerRow, catalog: Catalog) -> str | None:
    value = row.text("event").strip()
    if not value:
        return None
    ids = catalog.match_event(value)
    return ids[0] if ids and len(ids) == 1 else None


def _has_personal_data(row: TrackerRow) -> bool:
    if any(row.text(k).strip() for k in ERASED_KEYS):
        return True
    return any(row.text(k).strip() not in {"", "ja"} for k in REDUCED_KEYS)


def _person_key(row: TrackerRow) -> str:
    email = norm.email_key(row.text("email"))
    if email:
        return "mail:" + email
    name = norm.match_text(f"{row.text('first_name')} {row.text('last_name')}")
    return "name:" + name if name else ""


def plan_rows(
    state: TrackerState, catalog: Catalog, due: set[str]
) -> tuple[dict[int, dict[str, str]], dict[str, int], list[TrackerRow]]:
    """(updates by row number, anonymised rows per event, the rows before the change)."""
    updates: dict[int, dict[str, str]] = {}
    counts: dict[str, int] = {}
    purged: list[TrackerRow] = []
    for row in state.rows:
        event = _event_of(row, catalog)
        if event is None or event not in due or not _has_personal_data(row):
            continue
        values = dict.fromkeys((k for k in ERASED_KEYS if k in state.columns), "")
        for key in REDUCED_KEYS:
            if key in state.columns:
                values[key] = "ja" if states_need(row.text(key)) else ""
        updates[row.number] = values
        counts[event] = counts.get(event, 0) + 1
        purged.append(row)
    # People without a person id are counted by e-mail or name; give them a pseudonym
    # on every row (purged or not) first, so that they are still counted once.
    if "person_id" in state.columns:
        keys = {_person_key(r) for r in purged if not r.text("person_id").strip()} - {""}
        if keys:
            number = max((id_number(r.text("person_id")) for r in state.rows), default=0)
            pseudonyms: dict[str, str] = {}
            for row in state.rows:
                key = "" if row.text("person_id").strip() else _person_key(row)
                if key in keys:
                    if key not in pseudonyms:
                        number += 1
                        pseudonyms[key] = format_id("P", number)
                    updates.setdefault(row.number, {})["person_id"] = pseudonyms[key]
    return updates, counts, purged


# --- the workbook's shared strings ------------------------------------------------------------

_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*(\d+)\s*</(?:\w+:)?v>")
_TYPE_S = re.compile(rb"""\bt\s*=\s*["']s["']""")


def scrub_shared_strings(path: Path) -> int:
    """Blank every shared string no cell refers to any more; returns how many were blanked.

    Spreadsheet files keep texts in one table (``xl/sharedStrings.xml``) and cells point at
    them by number. When a cell is emptied the text stays in the table; this removes it
    while keeping the numbering (and so every other cell) as it is.
    """
    with zipfile.ZipFile(path) as source:
        names = source.namelist()
        sst_name = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
        if sst_name is None:
            return 0
        used: set[int] = set()
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                for match in _CELL.finditer(source.read(name)):
                    if _TYPE_S.search(match.group(1)) and match.group(2):
                        value = _VALUE.search(match.group(2))
                        if value:
                            used.add(int(value.group(1)))
        sst = source.read(sst_name)
        blanked = 0
        index = -1

        def blank(match: re.Match[bytes]) -> bytes:
            nonlocal index, blanked
            index += 1
            if index in used:
                return match.group(0)
            prefix = re.match(rb"<(\w+:)?", match.group(0))
            p = prefix.group(1) or b"" if prefix else b""
            if match.group(0) in {
                b"<" + p + b"si/>",
                b"<" + p + b"si><" + p + b"t/></" + p + b"si>",
            }:
                return match.group(0)
            blanked += 1
            return b"<" + p + b"si><" + p + b"t/></" + p + b"si>"

        new_sst = _SI.sub(blank, sst)
        if not blanked:
            return 0
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = new_sst if item.filename == sst_name else source.read(item.filename)
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    from integrakonzept.output import Writer

    Writer().write(path, buffer.getvalue())
    return blanked


def _anonymise_file(
    path: Path, catalog: Catalog, due: set[str], *, dry_run: bool, backup: bool
) -> tuple[dict[str, int], list[TrackerRow]]:
    """Anonymise the due rows of one tracker file (the tracker itself or a backup)."""
    state = read_tracker(path)
    updates, counts, purged = plan_rows(state, catalog, due)
    if dry_run or not updates:
        if not dry_run:
            scrub_shared_strings(path)
        return counts, purged
    temp = safety.temp_file(path)
    try:
        write_rows(state, updates, [], temp)
        scrub_shared_strings(temp)
        from integrakonzept.output import Writer

        # no backup: the point is that the personal data is gone (also from the backups)
        Writer().commit(temp, path, backup=False)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return counts, purged


# --- other files ----------------------------------------------------------------------------


def _files(folders: Iterable[Path], pattern: str) -> list[Path]:
    found: set[Path] = set()
    for folder in folders:
        if folder.is_dir():
            found.update(p for p in folder.rglob(pattern) if p.is_file())
    return sorted(found)


def _is_draft(path: Path) -> bool:
    """An unsent message written by ``ik mail --drafts`` (header ``X-Unsent``)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16_384)
    except OSError:
        return False
    return b"\nX-Unsent: 1" in head or head.startswith(b"X-Unsent: 1")


def _backups(tracker: Path) -> list[Path]:
    folder = tracker.parent / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{tracker.stem}_*{tracker.suffix}") if p.is_file())


def _export(rows: list[TrackerRow], target: Path) -> None:
    """The rows about to be anonymised, as CSV (``;``, UTF-8 with BOM) or XLSX."""
    headers = [c.header for c in COLUMNS]
    values = [[_plain(row.values.get(c.key)) for c in COLUMNS] for row in rows]
    from integrakonzept.output import Writer

    if target.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Gelöschte Anmeldungen"
        sheet.append(headers)
        for line in values:
            sheet.append(line)
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"
        data = io.BytesIO()
        workbook.save(data)
        Writer().write(target, data.getvalue())
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for line in values:
        writer.writerow(["'" + v if v.startswith(norm.FORMULA_STARTS) else v for v in line])
    Writer().write(target, buffer.getvalue().encode("utf-8-sig"))


def _plain(value: str | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return str(value)


def _append_log(log: Path, today: date, entries: list[tuple[str, int, str]]) -> None:
    new = not log.exists()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if new:
        writer.writerow(LOG_HEADER)
    for category, count, event in entries:
        writer.writerow([today.strftime("%d.%m.%Y"), category, count, event])
    with log.open("a", encoding="utf-8-sig" if new else "utf-8", newline="") as handle:
        handle.write(buffer.getvalue())
        handle.flush()


def purge(
    process: Process,
    process_file: Path,
    *,
    today: date,
    tracker: Path | None = None,
    dry_run: bool = False,
    export_first: Path | None = None,
) -> PurgeReport:
    """Delete or anonymise the personal data past retention; see the module docstring."""
    path = tracker or process.tracker or process_file.parent / "anmeldungen.xlsx"
    due = due_events(process, today)
    report = PurgeReport(due=due, tracker=path, dry_run=dry_run)
    due_ids = {d.id for d in due}
    catalog = Catalog.from_process(process)
    folders = sorted({process_file.resolve().parent, path.resolve().parent})
    if process.output is not None:
        folders.append(process.output)
    if not due:
        return report
    with safety.tracker_lock(path):
        purged: list[TrackerRow] = []
        if path.exists():
            ensure_closed(path, TrackerError)
            state = read_tracker(path)
            _, report.rows, purged = plan_rows(state, catalog, due_ids)
        if export_first is not None and purged and not dry_run:
            try:
                _export(purged, export_first)
            except OSError as exc:
                raise TrackerError(
                    f"{export_first} kann nicht geschrieben werden: {os_reason(exc)}.",
                    "Es wurde nichts gelöscht.",
                ) from exc
            except OutputError as exc:  # the writer's message (e.g. the file is open in Excel)
                raise TrackerError(exc.message, "Es wurde nichts gelöscht.") from exc
            report.exported = export_first
        try:
            if path.exists() and not dry_run:
                _anonymise_file(path, catalog, due_ids, dry_run=False, backup=False)
            for copy in _backups(path):
                try:
                    counts, _ = _anonymise_file(
                        copy, catalog, due_ids, dry_run=dry_run, backup=True
                    )
                except (TrackerError, zipfile.BadZipFile, KeyError, ValueError):
                    report.backups_deleted += 1
                    if not dry_run:
                        copy.unlink()
                    continue
                if sum(counts.values()):
                    report.backups += 1
                    report.backup_rows += sum(counts.values())
        except OSError as exc:
            raise TrackerError(
                f"{path.name} kann nicht bereinigt werden: {os_reason(exc)}.",
                "Die Anmeldeliste ist unverändert oder schon bereinigt; rufen Sie ik purge erneut auf.",
            ) from exc
        all_due = len(due) == len(process.event_phases())
        stale_before = add_months(today, -process.retention_months)
        recorded = recorded_rejects(path)
        candidates = {*_files(folders, f"*{REJECT_SUFFIX}.*"), *recorded}
        # the copies the import kept of replaced or removed reject files: the same data
        candidates |= set(_files(folders, f"*{REJECT_SUFFIX}_*"))
        for reject in recorded:
            candidates |= set((reject.parent / BACKUP_DIR).glob(f"{reject.stem}_*"))
        for reject in sorted(candidates):
            if not (is_reject_file(reject) or is_reject_backup(reject)) or not reject.is_file():
                continue
            changed = date.fromtimestamp(reject.stat().st_mtime)
            if all_due or changed < stale_before:
                report.rejects.append(reject)
        report.internal_lists = [
            p for p in _files(folders, f"*{INTERNAL_MARK}*") if p.suffix.lower() == ".xlsx"
        ]
        report.drafts = [
            p
            for p in _files(folders, "*.eml")
            if p.name.split("_", 1)[0] in due_ids and _is_draft(p)
        ]
        if not dry_run:
            for item in [*report.rejects, *report.internal_lists, *report.drafts]:
                item.unlink()
            if recorded:
                store_index(path, [f for f in recorded if f.is_file()])
        if report.nothing_to_do:
            return report
        entries = [
            ("Anmeldungen anonymisiert (Name, Kontakt, Freitexte)", n, event)
            for event, n in sorted(report.rows.items())
        ]
        if report.backup_rows:
            entries.append(("Sicherungskopien der Anmeldeliste bereinigt", report.backups, ""))
        if report.backups_deleted:
            entries.append(("Unlesbare Sicherungskopien gelöscht", report.backups_deleted, ""))
        if report.rejects:
            entries.append(
                ("Dateien mit abgelehnten Anmeldungen gelöscht", len(report.rejects), "")
            )
        if report.internal_lists:
            entries.append(("Interne Teilnehmendenlisten gelöscht", len(report.internal_lists), ""))
        if report.drafts:
            entries.append(("E-Mail-Entwürfe gelöscht", len(report.drafts), ""))
        if report.exported is not None:
            entries.append(("Vorher exportierte Anmeldungen", len(purged), ""))
        report.log = process_file.resolve().parent / LOG_NAME
        if not dry_run:
            _append_log(report.log, today, entries)
    return report
