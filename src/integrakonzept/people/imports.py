"""``ik import-registrations``: form exports in, the tracker updated, every row accounted for.

The pipeline:

1. read each export (:mod:`readers`) and recognise its columns (:mod:`columns`);
2. turn each row into registrations (one per event named) or a rejection with a reason;
3. group duplicates (same person, same event) and merge them, newest answers first;
4. match each registration with the tracker's rows: unchanged, updated or new;
5. give new registrations a person id, a registration id and a status (capacity and
   waiting list in order of registration time; late ones are marked);
6. write the tracker (only the changed cells, see :mod:`xlsxpatch`) and a rejects file per
   export in the export's own layout, so the coordinator can fix and re-import it.

For every export: read = new + updated + unchanged + merged duplicates + rejected.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from integrakonzept.errors import ImportError_, OutputError, TrackerError
from integrakonzept.people import normalize as norm
from integrakonzept.people import safety
from integrakonzept.people.columns import (
    ANONYMOUS,
    Layout,
    Mapping_,
    load_mapping,
    missing_fields_message,
    recognise,
    split_full_name,
)
from integrakonzept.people.events import Catalog
from integrakonzept.people.identity import (
    DuplicateIndex,
    Keyed,
    PersonIndex,
    format_id,
    id_number,
    person_keys,
)
from integrakonzept.people.readers import CellValue, Sheet, Source, read_source
from integrakonzept.people.schema import (
    ANSWER_KEYS,
    STATUS_CANCELLED,
    STATUS_REGISTERED,
    STATUS_WAITLIST,
    UNKNOWN,
    YES,
    Field,
)
from integrakonzept.people.tracker import (
    TrackerRow,
    TrackerState,
    data_languages,
    fingerprint,
    languages_in,
    read_tracker,
    refresh_file,
    save_new,
    write_rows,
)
from integrakonzept.people.xlsxpatch import CellWrite

Progress = Callable[[str, int, int], None]

REJECT_SUFFIX = "-abgelehnt"
REASON_HEADER = "ik: Grund"
_CANCELLED_WORDS = frozenset(
    {
        "c",
        "e",
        "canceled",
        "cancelled",
        "storniert",
        "abgesagt",
        "expired",
        "abgelaufen",
        "refunded",
        "erstattet",
        "zurückgezogen",
        "widerrufen",
    }
)


# --- report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    """One row that was not imported: where and why (no personal data)."""

    file: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"Zeile {self.row} in {self.file}: {self.reason}"


@dataclass
class FileReport:
    """What happened to one export."""

    path: Path
    label: str
    tool: str
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    rejects_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    #: answers the coordinator corrected by hand that a newer export did not overwrite
    kept_edits: int = 0

    @property
    def balanced(self) -> bool:
        """read = new + updated + unchanged + merged + rejected."""
        return self.read == (
            self.new + self.updated + self.unchanged + self.merged + len(self.rejected)
        )


@dataclass
class EventSummary:
    id: str
    title: str
    capacity: int | None
    registered: int = 0
    waitlist: int = 0
    cancelled: int = 0
    new_registered: int = 0
    new_waitlist: int = 0
    new_cancelled: int = 0
    late: int = 0

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered)


@dataclass
class ImportReport:
    """The result of :func:`import_registrations` (also of a dry run)."""

    tracker: Path
    files: list[FileReport]
    events: list[EventSummary]
    created: bool
    changed: bool
    dry_run: bool
    backup: Path | None = None
    refreshed: bool = False
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        if name == "rejected":
            return sum(len(f.rejected) for f in self.files)
        return sum(int(getattr(f, name)) for f in self.files)

    @property
    def rejections(self) -> list[Rejection]:
        return [r for f in self.files for r in f.rejected]


# --- entries -----------------------------------------------------------------------------


@dataclass
class Entry(Keyed):
    """One registration from an export, normalised."""

    values: dict[str, str]
    registered_at: datetime | None
    cancelled: bool
    source: str
    file_index: int
    row: int
    seq: int
    checksum: str = ""
    updated_at: datetime | None = None

    def order(self) -> tuple[datetime, int]:
        return (self.registered_at or datetime.max, self.seq)


def _checksum(event: str, values: dict[str, str], cancelled: bool) -> str:
    text = "\x1f".join([event, *(values.get(k, "") for k in ANSWER_KEYS), str(cancelled)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _field_hash(value: str) -> str:
    return f"{zlib.crc32(value.encode('utf-8')) & 0xFFFFFF:06x}"


def stamp(checksum: str, values: dict[str, str]) -> str:
    """The hidden checksum cell: the answers' checksum, then a short hash per answer field.

    The field hashes say what ik wrote last time, so a later import can tell a value the
    coordinator corrected by hand (keep it) from one ik wrote (may be updated).
    """
    return checksum + ":" + "".join(_field_hash(values.get(k, "")) for k in ANSWER_KEYS)


def parse_stamp(text: str) -> tuple[str, dict[str, str] | None]:
    checksum, _, fields = text.partition(":")
    if len(fields) != 6 * len(ANSWER_KEYS):
        return checksum, None
    return checksum, {k: fields[i * 6 : i * 6 + 6] for i, k in enumerate(ANSWER_KEYS)}


@dataclass
class _Context:
    catalog: Catalog
    phase: str | None
    default_event: str | None
    layout: Layout
    sheet: Sheet
    source: str
    slash_order: str
    file_index: int


def _get(row: list[CellValue], index: int) -> CellValue:
    return row[index] if index < len(row) else ""


def _texts(row: list[CellValue], layout: Layout, f: Field) -> list[tuple[int, str]]:
    """Non-empty texts of a field's columns, best first (anonymous placeholders skipped)."""
    result: list[tuple[int, str]] = []
    for index in layout.columns.get(f, []):
        value = norm.text(_get(row, index))
        if not value:
            continue
        if index in layout.weak and value.casefold() in ANONYMOUS:
            continue
        result.append((index, value))
    return result


def _first(row: list[CellValue], layout: Layout, f: Field) -> str:
    texts = _texts(row, layout, f)
    return texts[0][1] if texts else ""


def _options(row: list[CellValue], layout: Layout, f: Field) -> list[str]:
    """Answers of one-column-per-option layouts: the options ticked."""
    chosen: list[str] = []
    for index, (field_, option) in layout.options.items():
        if field_ is not f:
            continue
        value = norm.text(_get(row, index))
        if not value:
            continue
        answer = norm.yes_no(value)
        if answer is True or (answer is None and value.casefold() == option.casefold()):
            chosen.append(option)
        elif answer is None and f in (Field.COMMENTS, Field.ACCESSIBILITY):
            chosen.append(f"{option}: {value}")
    return chosen


def _joined(row: list[CellValue], layout: Layout, f: Field, label: bool = False) -> list[str]:
    texts = _texts(row, layout, f)
    parts: list[str] = []
    for index, value in texts:
        if label and len(texts) > 1:
            parts.append(f"{layout.labels.get(index, '')}: {value}")
        else:
            parts.append(value)
    parts.extend(_options(row, layout, f))
    unique: list[str] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    return unique


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _row_entries(
    row: list[CellValue], number: int, ctx: _Context, seq: int
) -> list[Entry] | Rejection:
    layout = ctx.layout
    problems: list[str] = []

    first = _first(row, layout, Field.FIRST_NAME)
    last = _first(row, layout, Field.LAST_NAME)
    if not first and not last:
        full = _first(row, layout, Field.FULL_NAME)
        if full.casefold() not in ANONYMOUS:
            first, last = split_full_name(full)
    elif first and not last and not layout.has(Field.LAST_NAME) and " " in first:
        first, last = split_full_name(first)
    first, last = " ".join(first.split()), " ".join(last.split())
    if not first and not last:
        problems.append("kein Name")

    if layout.profile == "limesurvey" and not _first(row, layout, Field.REGISTERED_AT):
        # LimeSurvey also exports responses that were started but never sent
        problems.append("Antwort nicht abgeschickt (LimeSurvey: Abschickdatum leer)")

    raw_email = _first(row, layout, Field.EMAIL)
    address, valid = norm.email(raw_email)
    if not valid:
        problems.append("ungültige E-Mail-Adresse")

    # event(s)
    event_texts = _joined(row, layout, Field.EVENT)
    event_text = "; ".join(event_texts)
    events: list[str] = []
    if ctx.phase is not None:
        if event_text:
            named = ctx.catalog.match_event(event_text)
            if named and ctx.phase not in named:
                problems.append(
                    f"gehört laut Spalte Veranstaltung zu „{', '.join(named)}“, "
                    f"nicht zu --phase {ctx.phase}"
                )
        events = [ctx.phase]
    elif event_text:
        named = ctx.catalog.match_event(event_text)
        if named is None:
            problems.append(f"unbekannte Veranstaltung „{_short(event_text)}“")
        else:
            events = named
    elif ctx.default_event is not None:
        events = [ctx.default_event]
    else:
        problems.append("keine Veranstaltung angegeben")

    if problems:
        return Rejection(ctx.sheet.path.name, number, "; ".join(problems))

    comments = _joined(row, layout, Field.COMMENTS, label=True)
    role_texts = _joined(row, layout, Field.ROLE)
    role = ""
    if role_texts:
        role, understood = norm.role(role_texts[0])
        if not understood or len(role_texts) > 1:
            comments.append(f"Rolle (Angabe): {'; '.join(role_texts)}")
    interpreter = [norm.interpreter(v) for v in _joined(row, layout, Field.INTERPRETER)]
    childcare_texts = _joined(row, layout, Field.CHILDCARE)
    childcare = norm.childcare(childcare_texts[0]) if childcare_texts else ""
    if not childcare and _options(row, layout, Field.CHILDCARE):
        childcare = YES
    topic = ctx.catalog.match_topics("; ".join(_joined(row, layout, Field.TOPIC)))
    privacy_texts = _joined(row, layout, Field.PRIVACY)
    photo_texts = _joined(row, layout, Field.PHOTO)
    values = {
        "first_name": first,
        "last_name": last,
        "organisation": _first(row, layout, Field.ORGANISATION),
        "role": role,
        "email": address,
        "phone": _first(row, layout, Field.PHONE),
        "interpreter": "; ".join(v for v in dict.fromkeys(interpreter) if v),
        "childcare": childcare,
        "accessibility": "; ".join(
            v for v in (norm.need(x) for x in _joined(row, layout, Field.ACCESSIBILITY)) if v
        ),
        "topic": topic,
        "privacy": norm.consent(privacy_texts[0]) if privacy_texts else "",
        "photo": norm.photo(photo_texts[0]) if photo_texts else UNKNOWN,
        "comments": "\n".join(comments),
    }

    registered_at = None
    stamp_cells = [_get(row, i) for i in layout.columns.get(Field.REGISTERED_AT, [])]
    for cell in stamp_cells:
        registered_at = norm.timestamp(cell, ctx.slash_order)
        if registered_at is not None:
            break
    if registered_at is not None and Field.REGISTERED_TIME in layout.columns:
        for i in layout.columns[Field.REGISTERED_TIME]:
            clock = norm.time_of_day(_get(row, i))
            if clock is not None:
                registered_at = registered_at.replace(
                    hour=clock[0], minute=clock[1], second=clock[2]
                )
                break
    status_text = _first(row, layout, Field.SOURCE_STATUS).casefold()
    cancelled = status_text in _CANCELLED_WORDS

    entries: list[Entry] = []
    for offset, event in enumerate(events):
        ekey, nkey = person_keys(address, first, last, values["organisation"])
        entry = Entry(
            event=event,
            ekey=ekey,
            nkey=nkey,
            values=dict(values),
            registered_at=registered_at,
            cancelled=cancelled,
            source=ctx.source,
            file_index=ctx.file_index,
            row=number,
            seq=seq * 16 + offset,
            updated_at=registered_at,
        )
        entry.checksum = _checksum(event, entry.values, cancelled)
        entries.append(entry)
    return entries


def _merge(group: list[Entry]) -> Entry:
    """One entry from duplicates: newest answers, gaps filled from older ones."""
    if len(group) == 1:
        return group[0]
    ordered = sorted(group, key=Entry.order)
    newest = ordered[-1]
    values = dict(newest.values)
    for older in reversed(ordered[:-1]):
        for key, value in older.values.items():
            if not values.get(key) or (key == "photo" and values[key] == UNKNOWN):
                values[key] = value
    times = [e.registered_at for e in group if e.registered_at is not None]
    merged = Entry(
        event=newest.event,
        ekey=newest.ekey or next((e.ekey for e in ordered if e.ekey), ""),
        nkey=newest.nkey,
        values=values,
        registered_at=min(times) if times else None,
        cancelled=newest.cancelled,
        source=newest.source,
        file_index=newest.file_index,
        row=newest.row,
        seq=ordered[0].seq,
        updated_at=max(times) if times else None,
    )
    merged.checksum = _checksum(merged.event, values, merged.cancelled)
    return merged


# --- reading exports ---------------------------------------------------------------------


def _pick_sheet(source: Source, mapping: Mapping_ | None) -> tuple[Sheet, Layout]:
    best: tuple[Sheet, Layout] | None = None
    best_score = -1
    for sheet in source.sheets:
        if not sheet.rows:
            continue
        layout = recognise(sheet, mapping)
        score = sum(len(c) for f, c in layout.columns.items() if f is not Field.IGNORE)
        score += len(layout.options) + (2 if layout.has_name else 0)
        if score > best_score:
            best, best_score = (sheet, layout), score
    if best is None:
        raise ImportError_(f"{source.path.name} enthält keine Daten.")
    return best


@dataclass
class _Read:
    report: FileReport
    sheet: Sheet
    layout: Layout
    entries: list[Entry]
    #: rows (by index into sheet.rows) that were rejected, with their reasons
    rejected_rows: list[tuple[int, str]]
    #: widest row of the export (the rejects file keeps the layout)
    width: int


def _read_export(
    path: Path,
    index: int,
    catalog: Catalog,
    phase: str | None,
    mapping: Mapping_ | None,
    seq_start: int,
    progress: Progress | None,
) -> _Read:
    source = read_source(path)
    sheet, layout = _pick_sheet(source, mapping)
    default_event = catalog.events[0].id if len(catalog.events) == 1 else None
    need_event = phase is None and default_event is None
    if not layout.has_name or (need_event and not layout.has(Field.EVENT)):
        raise missing_fields_message(sheet, layout, need_event=need_event)
    report = FileReport(
        path=path,
        label=sheet.label,
        tool=layout.tool,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
        unrecognised=list(layout.unrecognised),
    )
    if phase is None and not layout.has(Field.EVENT) and default_event is not None:
        report.notes.append(
            f"Keine Spalte für die Veranstaltung: alle Zeilen gehören zu „{default_event}“ "
            "(die einzige Veranstaltung der Prozessdatei)."
        )
    stamp_values: list[CellValue] = []
    for i in layout.columns.get(Field.REGISTERED_AT, []):
        stamp_values.extend(_get(r, i) for r in sheet.rows[layout.header_index + 1 :])
    ctx = _Context(
        catalog=catalog,
        phase=phase,
        default_event=default_event,
        layout=layout,
        sheet=sheet,
        source=f"{path.name} ({layout.tool})",
        slash_order=norm.slash_order(stamp_values),
        file_index=index,
    )
    entries: list[Entry] = []
    rejected_rows: list[tuple[int, str]] = []
    data = sheet.rows[layout.header_index + 1 :]
    numbers = sheet.numbers[layout.header_index + 1 :]
    total = len(data)
    missing_times = 0
    for offset, (row, number) in enumerate(zip(data, numbers, strict=True)):
        if progress is not None and offset % 2000 == 0:
            progress(f"Lesen: {path.name}", offset, total)
        report.rows += 1
        result = _row_entries(row, number, ctx, seq_start + offset)
        if isinstance(result, Rejection):
            report.rejected.append(result)
            rejected_rows.append((layout.header_index + 1 + offset, result.reason))
            report.read += 1
            continue
        if result and result[0].registered_at is None and layout.has(Field.REGISTERED_AT):
            missing_times += 1
        report.read += len(result)
        entries.extend(result)
    if progress is not None:
        progress(f"Lesen: {path.name}", total, total)
    if missing_times:
        report.notes.append(
            f"{missing_times} Zeilen ohne lesbaren Zeitstempel: sie kommen in der Reihenfolge "
            "der Datei nach den Anmeldungen mit Zeitstempel."
        )
    # keep only what the rejects file needs (the title rows, the header, rejected rows):
    # 100,000 parsed rows are a lot of memory to carry through the rest of the import
    keep = set(range(layout.header_index + 1)) | {index for index, _reason in rejected_rows}
    width = max((len(r) for r in sheet.rows), default=0)
    sheet.rows = [r if i in keep else [] for i, r in enumerate(sheet.rows)]
    return _Read(report, sheet, layout, entries, rejected_rows, width)


# --- the import --------------------------------------------------------------------------


@dataclass
class _Plan:
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
    if row.text("status") != STATUS_CANCELLED:
        values["status"] = STATUS_CANCELLED


def plan_import(
    state_rows: Sequence[TrackerRow],
    reads: list[_Read],
    catalog: Catalog,
) -> tuple[_Plan, dict[str, EventSummary]]:
    """Decide every change (pure: no files touched)."""
    plan = _Plan()
    rows = list(state_rows)

    # indexes of the tracker
    by_checksum: dict[tuple[str, str], TrackerRow] = {}
    by_email: dict[tuple[str, str], TrackerRow] = {}
    by_name: dict[tuple[str, str], TrackerRow] = {}
    persons = PersonIndex()
    last_reg = 0
    for row in rows:
        event = row.text("event")
        ekey, nkey = person_keys(
            row.text("email"),
            row.text("first_name"),
            row.text("last_name"),
            row.text("organisation"),
        )
        checksum = parse_stamp(row.text("checksum"))[0]
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
    for row in rows:
        ekey, nkey = person_keys(
            row.text("email"),
            row.text("first_name"),
            row.text("last_name"),
            row.text("organisation"),
        )
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
    reports = [r.report for r in reads]
    merged_entries: list[Entry] = []
    for group in duplicates.groups:
        merged = _merge(group)
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
        for key in ANSWER_KEYS:
            value = entry.values.get(key, "")
            current = row.text(key)
            if not value or value == current:
                continue
            if key == "photo" and value == UNKNOWN and current:
                continue
            if written is not None and _field_hash(current) != written[key]:
                report.kept_edits += 1  # corrected by hand since the last import: keep
                continue
            changes[key] = value
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
        status = plan.updates.get(row.number, {}).get("status", row.text("status"))
        if status == STATUS_REGISTERED:
            summary.registered += 1
        elif status == STATUS_WAITLIST:
            summary.waitlist += 1
        elif status == STATUS_CANCELLED:
            summary.cancelled += 1

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
        values: dict[str, CellWrite] = {
            "reg_id": format_id("A", last_reg),
            "person_id": persons.assign(entry.ekey, entry.nkey),
            "event": entry.event,
            "source": entry.source,
            "registered_at": entry.registered_at,
            "status": status,
            "late": YES if late else None,
            "updated_at": entry.updated_at,
            "checksum": stamp(entry.checksum, entry.values),
        }
        for key in ANSWER_KEYS:
            if entry.values.get(key):
                values[key] = entry.values[key]
        plan.appends.append({k: v for k, v in values.items() if v is not None and v != ""})
    return plan, summaries


def _rejects_path(path: Path, kind: str) -> Path:
    stem = path.stem
    suffix = ".xlsx" if kind == "xlsx" else path.suffix or ".csv"
    if stem.endswith(REJECT_SUFFIX):
        return path.with_suffix(suffix)
    return path.with_name(f"{stem}{REJECT_SUFFIX}{suffix}")


def _mask(value: str) -> str:
    """Keep CSV cells from becoming formulas when the rejects file is opened in Excel."""
    return "'" + value if value.startswith(norm.FORMULA_STARTS[:4]) else value


def write_rejects(read: _Read) -> Path | None:
    """Write the rejected rows in the export's own layout (plus a reason column)."""
    if not read.rejected_rows:
        return None
    sheet = read.sheet
    kind = "csv" if sheet.name is None else "xlsx"
    target = _rejects_path(sheet.path, kind)
    head = sheet.rows[: read.layout.header_index + 1]
    width = read.width
    header = list(sheet.rows[read.layout.header_index]) + [""] * (
        width - len(sheet.rows[read.layout.header_index])
    )
    header.append(REASON_HEADER)
    out_rows: list[list[CellValue]] = [list(r) for r in head[:-1]] + [header]
    for index, reason in read.rejected_rows:
        row = list(sheet.rows[index]) + [""] * (width - len(sheet.rows[index]))
        row.append(reason)
        out_rows.append(row)
    try:
        if kind == "csv":
            _write_csv(target, out_rows, sheet.delimiter or ";")
        else:
            _write_xlsx(target, out_rows, sheet.name or "Abgelehnt")
    except OSError as exc:
        raise OutputError(
            f"Die Datei mit abgelehnten Zeilen ({target}) kann nicht geschrieben werden: "
            f"{exc.strerror or exc}."
        ) from exc
    return target


def _write_csv(target: Path, rows: list[list[CellValue]], delimiter: str) -> None:
    import io

    from integrakonzept.output import atomic_write_bytes

    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    for row in rows:
        writer.writerow(
            [_mask(v) if isinstance(v, str) else v.strftime("%d.%m.%Y %H:%M:%S") for v in row]
        )
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx(target: Path, rows: list[list[CellValue]], title: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            else:
                cell.number_format = "DD.MM.YYYY HH:MM:SS"
    temp = safety.temp_file(target)
    try:
        wb.save(temp)
        safety.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def resolve_phase(catalog: Catalog, phase: str | None, all_ids: Sequence[str]) -> str | None:
    """Check ``--phase``: an event phase of the process."""
    if phase is None:
        return None
    if catalog.event(phase) is not None:
        return phase
    known = ", ".join(catalog.ids) or "(keine)"
    if phase in all_ids:
        raise ImportError_(
            f"Die Phase „{phase}“ ist keine Veranstaltung; Anmeldungen gibt es nur für "
            f"Veranstaltungen: {known}."
        )
    raise ImportError_(
        f"Die Phase „{phase}“ gibt es in der Prozessdatei nicht. Veranstaltungen: {known}."
    )


def import_registrations(
    process_file: Path,
    exports: Sequence[Path],
    *,
    phase: str | None = None,
    tracker: Path | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import form exports into the tracker; see the module docstring."""
    from integrakonzept.process.load import load_process

    process = load_process(process_file)
    catalog = Catalog.from_process(process)
    if not catalog.events:
        raise ImportError_(
            "Die Prozessdatei enthält keine Veranstaltung (Phase mit art: auftakt, workshop …)."
        )
    resolved_phase = resolve_phase(catalog, phase, [p.id for p in process.phases])
    mapping_data = load_mapping(mapping) if mapping is not None else None
    if mapping_data is not None and mapping_data.events:
        unknown = sorted(set(mapping_data.events.values()) - set(catalog.ids))
        if unknown:
            raise ImportError_(
                f"{mapping}: veranstaltungen: die Phase „{unknown[0]}“ gibt es nicht. "
                f"Veranstaltungen: {', '.join(catalog.ids)}."
            )
        catalog = catalog.with_aliases(mapping_data.events)
    path = tracker or process.tracker
    if path is None:  # pragma: no cover - the loader always sets a default
        path = process_file.parent / "anmeldungen.xlsx"
    if path.exists():
        safety.ensure_unlocked(path)
    if not exports:
        raise ImportError_("Keine Exportdatei angegeben.")

    # the tracker first: its reader's memory is free again before the exports are parsed
    state = read_tracker(path) if path.exists() else None
    reads: list[_Read] = []
    seq = 0
    for index, export in enumerate(exports):
        read = _read_export(export, index, catalog, resolved_phase, mapping_data, seq, progress)
        seq += len(read.sheet.rows) + 1
        reads.append(read)

    plan, summaries = plan_import(state.rows if state else [], reads, catalog)
    report = ImportReport(
        tracker=path,
        files=[r.report for r in reads],
        events=[summaries[e] for e in catalog.ids],
        created=state is None,
        changed=state is None or not plan.empty,
        dry_run=dry_run,
    )
    kept = sum(f.kept_edits for f in report.files)
    if kept:
        report.notes.append(
            f"{kept} von Hand korrigierte Angaben wurden nicht durch neuere Antworten "
            "überschrieben."
        )
    if plan.ids_added:
        report.notes.append(
            f"{plan.ids_added} von Hand eingetragene Zeilen haben IDs bzw. den Status "
            "„angemeldet“ bekommen."
        )
    stale = state is not None and (
        state.fingerprint != fingerprint(catalog) or not state.derived_complete
    )
    if state is not None and not stale:
        spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
        missing = sorted((spoken | data_languages(state.rows)) - state.listed_languages)
        if missing:
            report.notes.append(
                "Dolmetsch-Sprachen ohne eigene Spalte in der Übersicht: "
                + ", ".join(missing)
                + " – „ik tracker“ nimmt sie auf (die Summe „Dolmetschen“ zählt sie schon)."
            )
    if state is not None and state.missing_optional:
        report.notes.append(
            "Die Anmeldeliste hat keine Spalten "
            + ", ".join(f"„{h}“" for h in state.missing_optional)
            + "; diese Angaben wurden nicht übernommen."
        )
    for summary in report.events:
        if summary.capacity is not None and summary.waitlist and summary.free:
            report.notes.append(
                f"{summary.id}: {summary.free} Plätze frei und {summary.waitlist} auf der "
                "Warteliste – bitte Personen nachrücken lassen (Status auf „angemeldet“)."
            )
    for read in reads:
        if read.rejected_rows:
            read.report.rejects_path = _rejects_path(
                read.sheet.path, "csv" if read.sheet.name is None else "xlsx"
            )
    if dry_run:
        if stale:
            report.notes.append(
                "Die Blätter Übersicht, Veranstaltungen und Handlungsfelder würden an die "
                "Prozessdatei angepasst."
            )
        return report

    for read in reads:
        write_rejects(read)
        read.entries = []  # planned: the rows to write are in ``plan`` now
    if state is not None:
        state.rows = []
    if not report.changed and not stale:
        return report
    if progress is not None:
        progress("Schreiben", 0, 1)
    report.changed = True
    report.backup, report.losses = _write_tracker(path, state, plan, catalog, stale, force)
    report.refreshed = stale
    if progress is not None:
        progress("Schreiben", 1, 1)
    return report


def _write_tracker(
    path: Path,
    state: TrackerState | None,
    plan: _Plan,
    catalog: Catalog,
    stale: bool,
    force: bool,
) -> tuple[Path | None, list[str]]:
    """Write the planned changes through temporary files; returns (backup, losses)."""
    safety.remove_stale_temps(path)
    temps: list[Path] = []
    losses: list[str] = []
    try:
        if state is None:
            blank = safety.temp_file(path)
            temps.append(blank)
            spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
            save_new(catalog, blank, spoken)
            state = read_tracker(blank)
        patched = safety.temp_file(path)
        temps.append(patched)
        appends, plan.appends = plan.appends, []
        write_rows(state, plan.updates, appends, patched, release=True)
        del appends
        final = patched
        if stale:
            refreshed = safety.temp_file(path)
            temps.append(refreshed)
            losses = refresh_file(patched, refreshed, catalog, force=force)
            final = refreshed
        return safety.commit(final, path), losses
    except OSError as exc:
        raise TrackerError(
            f"{path.name} kann nicht geschrieben werden: {exc.strerror or exc}.",
            "Die bisherige Anmeldeliste ist unverändert.",
        ) from exc
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
