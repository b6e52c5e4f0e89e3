"""The import plan: which tracker rows change, which are appended, and with what status.

Pure: entries and the tracker's rows in, the changes out; nothing touches a file. New
registrations get a person id, a registration id and a status (capacity and waiting list
in order of registration time; late ones are marked).
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from integrakonzept.people.entries import Entry, ExportRead, field_hash, merge, parse_stamp, stamp
from integrakonzept.people.events import Catalog
from integrakonzept.people.identity import (
    DuplicateIndex,
    PersonIndex,
    format_id,
    id_number,
    person_keys,
)
from integrakonzept.people.import_report import EventSummary
from integrakonzept.people.schema import (
    ANSWER_KEYS,
    STATUS_CANCELLED,
    STATUS_REGISTERED,
    STATUS_WAITLIST,
    UNKNOWN,
    YES,
)
from integrakonzept.people.status import Status, status_of
from integrakonzept.people.trackerfile import TrackerRow
from integrakonzept.people.xlsxpatch import CellWrite

#: the values of an appended row, in this order (:class:`NewRow`)
NEW_ROW_KEYS: tuple[str, ...] = (
    "reg_id",
    "person_id",
    "event",
    "source",
    "registered_at",
    "status",
    "late",
    "updated_at",
    "checksum",
    *ANSWER_KEYS,
)
_NEW_ROW_INDEX = {key: i for i, key in enumerate(NEW_ROW_KEYS)}


def _given(value: CellWrite) -> bool:
    return value is not None and value != ""


class _NewRowItems(ItemsView[str, CellWrite]):
    _mapping: NewRow

    def __iter__(self) -> Iterator[tuple[str, CellWrite]]:
        return (
            (key, value)
            for key, value in zip(NEW_ROW_KEYS, self._mapping.values_, strict=True)
            if value is not None and value != ""
        )


class NewRow(Mapping[str, CellWrite]):
    """The values of a row to append, by key; empty ones (``None``, ``""``) are absent.

    A tuple in :data:`NEW_ROW_KEYS` order instead of a dict: an import of 100,000 new
    registrations holds all of them until the tracker is written."""

    __slots__ = ("values_",)

    def __init__(self, values: tuple[CellWrite, ...]) -> None:
        self.values_ = values

    def __getitem__(self, key: str) -> CellWrite:
        value = self.values_[_NEW_ROW_INDEX[key]]
        if value is None or value == "":
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        index = _NEW_ROW_INDEX.get(key)
        if index is None:
            return default
        value = self.values_[index]
        return default if value is None or value == "" else value

    def __iter__(self) -> Iterator[str]:
        return (key for key, _value in self.items())

    def __len__(self) -> int:
        return sum(1 for value in self.values_ if _given(value))

    def items(self) -> _NewRowItems:
        return _NewRowItems(self)


@dataclass
class ImportPlan:
    updates: dict[int, dict[str, CellWrite]] = field(default_factory=dict)
    appends: list[Mapping[str, CellWrite]] = field(default_factory=list)
    ids_added: int = 0

    @property
    def empty(self) -> bool:
        return not self.updates and not self.appends


def _is_newer(entry: Entry, row: TrackerRow) -> bool:
    stored = row.time("updated_at") or row.time("registered_at")
    if entry.updated_at is None or stored is None:
        return True
    return entry.updated_at > stored


def _cancel(values: dict[str, CellWrite], row: TrackerRow) -> None:
    if status_of(row.text("status")) is not Status.CANCELLED:
        values["status"] = STATUS_CANCELLED


def plan_import(
    state_rows: Sequence[TrackerRow],
    reads: list[ExportRead],
    catalog: Catalog,
    *,
    release: bool = False,
) -> tuple[ImportPlan, dict[str, EventSummary]]:
    """Decide every change (pure: no files touched).

    With ``release`` the caller hands the entries of ``reads`` over: they are dropped
    (``read.entries`` emptied) once grouped, so a 100,000-row import does not hold the
    superseded answers while the plan is made."""
    plan = ImportPlan()
    rows = list(state_rows)

    # indexes of the tracker
    by_checksum: dict[tuple[str, str], TrackerRow] = {}
    by_email: dict[tuple[str, str], TrackerRow] = {}
    by_name: dict[tuple[str, str], TrackerRow] = {}
    persons = PersonIndex()
    last_reg = 0
    row_keys: list[tuple[str, str]] = []
    for row in rows:
        event = row.text("event")
        ekey, nkey = person_keys(
            row.text("email"),
            row.text("first_name"),
            row.text("last_name"),
            row.text("organisation"),
        )
        row_keys.append((ekey, nkey))
        checksum = row.text("checksum").partition(":")[0]  # parse_stamp's checksum
        if checksum:
            by_checksum.setdefault((event, checksum), row)
        if ekey:
            by_email.setdefault((event, ekey), row)
        if nkey:
            by_name.setdefault((event, nkey), row)
        pid = row.text("person_id")
        if pid:
            persons.add(pid, ekey, nkey)
        last_reg = max(last_reg, id_number(row.text("reg_id")))
    # rows typed in by hand get their ids
    for row, (ekey, nkey) in zip(rows, row_keys, strict=True):
        ids: dict[str, CellWrite] = {}
        if not row.text("person_id") and (ekey or nkey):
            ids["person_id"] = persons.assign(ekey, nkey)
        if not row.text("reg_id") and (ekey or nkey):
            last_reg += 1
            ids["reg_id"] = format_id("A", last_reg)
        if not row.text("status") and row.text("event") and (ekey or nkey):
            # an empty status counts as registered everywhere (statistics, capacity)
            ids["status"] = STATUS_REGISTERED
        if ids:
            plan.updates.setdefault(row.number, {}).update(ids)
            plan.ids_added += 1

    # group duplicates within this import
    duplicates: DuplicateIndex[Entry] = DuplicateIndex()
    for read in reads:
        for entry in read.entries:
            duplicates.add(entry)
        if release:
            read.entries = []  # the groups hold them now
    reports = [r.report for r in reads]
    groups = duplicates.groups
    del duplicates  # its indexes are no longer needed
    merged_entries: list[Entry] = []
    for index, group in enumerate(groups):
        if release:
            groups[index] = []  # merged below: the superseded answers can go
        merged = merge(group)
        newest = max(group, key=Entry.order)
        for member in group:
            if member is not newest:
                reports[member.file_index].merged += 1
        merged.file_index = newest.file_index
        merged_entries.append(merged)

    # status bookkeeping per event
    summaries = {e.id: EventSummary(e.id, e.title, e.capacity) for e in catalog.events}
    claimed: set[int] = set()
    new_entries: list[Entry] = []
    for entry in merged_entries:
        report = reports[entry.file_index]
        match = by_checksum.get((entry.event, entry.checksum))
        if match is None and entry.ekey:
            match = by_email.get((entry.event, entry.ekey))
        if match is None and entry.nkey:
            candidate = by_name.get((entry.event, entry.nkey))
            if candidate is not None and (not entry.ekey or not candidate.text("email")):
                match = candidate
        if match is None:
            new_entries.append(entry)
            continue
        row = match
        if row.number in claimed:
            report.merged += 1
            continue
        claimed.add(row.number)
        stored, written = parse_stamp(row.text("checksum"))
        if stored == entry.checksum or not _is_newer(entry, row):
            report.unchanged += 1
            continue
        changes: dict[str, CellWrite] = {}
        for key, value in zip(ANSWER_KEYS, entry.values, strict=True):
            current = row.text(key)
            # an empty answer is no answer; an explicit one (also "Nein") replaces the old
            if value == current or (key not in entry.answered and not value):
                continue
            if key == "photo" and value == UNKNOWN and current:
                continue
            # (a field newer than the row's stamp: ik wrote nothing there yet)
            if written is not None and field_hash(current) != written.get(key, field_hash("")):
                report.kept_edits += 1  # corrected by hand since the last import: keep
                continue
            changes[key] = value or None
        if entry.cancelled:
            _cancel(changes, row)
        visible = bool(changes)
        stored_first = row.time("registered_at")
        if entry.registered_at is not None and (
            stored_first is None or entry.registered_at < stored_first
        ):
            changes["registered_at"] = entry.registered_at
        changes["checksum"] = stamp(entry.checksum, entry.values)
        if visible:
            changes["source"] = entry.source
            if entry.updated_at is not None:
                changes["updated_at"] = entry.updated_at
            report.updated += 1
        else:
            report.unchanged += 1
        plan.updates.setdefault(row.number, {}).update(changes)

    # current counts (after this import's cancellations)
    for row in rows:
        summary = summaries.get(row.text("event"))
        if summary is None:
            continue
        # what a status means (hand-typed ones too) is people.status's decision
        meaning = status_of(str(plan.updates.get(row.number, {}).get("status", row.text("status"))))
        if meaning is Status.REGISTERED:
            summary.registered += 1
        elif meaning is Status.WAITLIST:
            summary.waitlist += 1
        elif meaning is Status.CANCELLED:
            summary.cancelled += 1
        # a walk-in (came without registering) takes no place and is no registration

    # new registrations: in order of registration time
    new_entries.sort(key=lambda e: (e.registered_at or datetime.max, e.file_index, e.seq))
    for entry in new_entries:
        reports[entry.file_index].new += 1
        summary = summaries[entry.event]
        info = catalog.event(entry.event)
        if entry.cancelled:
            status = STATUS_CANCELLED
            summary.cancelled += 1
            summary.new_cancelled += 1
        elif summary.capacity is None or summary.registered + summary.waitlist < summary.capacity:
            # nobody jumps the queue: while people wait, new ones join the waiting list
            status = STATUS_REGISTERED
            summary.registered += 1
            summary.new_registered += 1
        else:
            status = STATUS_WAITLIST
            summary.waitlist += 1
            summary.new_waitlist += 1
        late = bool(
            info is not None
            and info.deadline is not None
            and entry.registered_at is not None
            and entry.registered_at.date() > info.deadline
        )
        if late:
            summary.late += 1
        last_reg += 1
        plan.appends.append(
            NewRow(
                (
                    format_id("A", last_reg),
                    persons.assign(entry.ekey, entry.nkey),
                    entry.event,
                    entry.source,
                    entry.registered_at,
                    status,
                    YES if late else None,
                    entry.updated_at,
                    stamp(entry.checksum, entry.values),
                    *entry.values,
                )
            )
        )
    return plan, summaries
