"""Rows → entries: one export row becomes registrations (one per event) or a rejection.

Each entry carries the normalised answers, the registration time and a checksum of the
answers; duplicates of one person for one event are merged here, newest answers first.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from integrakonzept.people import normalize as norm
from integrakonzept.people.events import Catalog, EventMatch
from integrakonzept.people.identity import Keyed, person_keys
from integrakonzept.people.import_report import FileReport, Progress, Rejection
from integrakonzept.people.normalize import quote, split_full_name
from integrakonzept.people.readers import MAX_CELL, CellValue, Sheet
from integrakonzept.people.recognition import ANONYMOUS, Layout, shorten
from integrakonzept.people.schema import ANSWER_KEYS, NO, UNKNOWN, YES, Field
from integrakonzept.people.status import export_cancelled


@dataclass(slots=True)  # a big import holds hundreds of thousands of them
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
    #: answer fields this submission answered (an explicit "Nein" counts, empty does not)
    answered: frozenset[str] = frozenset()

    def order(self) -> tuple[datetime, int]:
        return (self.registered_at or datetime.max, self.seq)


#: answer fields added after trackers existed: left out of checksum and stamp while empty,
#: so that rows imported before them keep their checksums and stamps
_LATER_KEYS = frozenset({"language"})


def _keys(values: dict[str, str]) -> list[str]:
    return [k for k in ANSWER_KEYS if k not in _LATER_KEYS or values.get(k)]


def answers_checksum(event: str, values: dict[str, str], cancelled: bool) -> str:
    text = "\x1f".join([event, *(values.get(k, "") for k in _keys(values)), str(cancelled)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def field_hash(value: str) -> str:
    return f"{zlib.crc32(value.encode('utf-8')) & 0xFFFFFF:06x}"


def stamp(checksum: str, values: dict[str, str]) -> str:
    """The hidden checksum cell: the answers' checksum, then a short hash per answer field.

    The field hashes say what ik wrote last time, so a later import can tell a value the
    coordinator corrected by hand (keep it) from one ik wrote (may be updated).
    """
    return checksum + ":" + "".join(field_hash(values.get(k, "")) for k in _keys(values))


def parse_stamp(text: str) -> tuple[str, dict[str, str] | None]:
    """(checksum, field hashes); a field missing from an older stamp has no hash."""
    checksum, _, fields = text.partition(":")
    for keys in (ANSWER_KEYS, [k for k in ANSWER_KEYS if k not in _LATER_KEYS]):
        if len(fields) == 6 * len(keys):
            return checksum, {k: fields[i * 6 : i * 6 + 6] for i, k in enumerate(keys)}
    return checksum, None


@dataclass
class RowContext:
    """What every row of one export shares."""

    catalog: Catalog
    #: ``--phase``: every row belongs to this event
    phase: str | None
    #: the event of rows that name none: ``--phase``, or found for the whole file
    default_event: str | None
    layout: Layout
    sheet: Sheet
    source: str
    slash_order: str
    file_index: int
    #: event columns of the tool (pretix product …) that did not name an event in any row:
    #: not asked for the rows' event, the file's event is used instead
    skip_event_columns: frozenset[int] = frozenset()
    #: pretix: attendee e-mail addresses per order code (an order's e-mail that is also
    #: one attendee's address is that attendee's, never a fallback for the others)
    order_emails: dict[str, set[str]] = field(default_factory=dict)
    #: the events each text of the event columns names (filled as rows are read)
    event_matches: dict[str, EventMatch] = field(default_factory=dict)


def cell(row: list[CellValue], index: int) -> CellValue:
    return row[index] if index < len(row) else ""


def clean_row(row: list[CellValue]) -> list[str]:
    """Every cell of ``row`` as clean text (:func:`normalize.text`), made once per row: the
    helpers below read the fields from it instead of cleaning the same cell again."""
    text = norm.text
    return [text(value) for value in row]


def _texts(clean: list[str], layout: Layout, f: Field) -> list[tuple[int, str]]:
    """Non-empty texts of a field's columns, best first (anonymous placeholders skipped)."""
    result: list[tuple[int, str]] = []
    width = len(clean)
    for index in layout.columns.get(f, []):
        value = clean[index] if index < width else ""
        if not value:
            continue
        if index in layout.weak and value.casefold() in ANONYMOUS:
            continue
        result.append((index, value))
    return result


def _first(clean: list[str], layout: Layout, f: Field) -> str:
    texts = _texts(clean, layout, f)
    return texts[0][1] if texts else ""


def _options(clean: list[str], layout: Layout, f: Field) -> list[str]:
    """Answers of one-column-per-option layouts: the options ticked."""
    chosen: list[str] = []
    width = len(clean)
    for index, (field_, option) in layout.options.items():
        if field_ is not f:
            continue
        value = clean[index] if index < width else ""
        if not value:
            continue
        answer = norm.yes_no(value)
        if answer is True or (answer is None and value.casefold() == option.casefold()):
            chosen.append(option)
        elif answer is None and f in (Field.COMMENTS, Field.ACCESSIBILITY):
            chosen.append(f"{option}: {value}")
    return chosen


def _joined(clean: list[str], layout: Layout, f: Field, label: bool = False) -> list[str]:
    texts = _texts(clean, layout, f)
    parts: list[str] = []
    for index, value in texts:
        if label and len(texts) > 1:
            parts.append(f"{layout.labels.get(index, '')}: {value}")
        else:
            parts.append(value)
    parts.extend(_options(clean, layout, f))
    unique: list[str] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    return unique


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


_TOTAL = re.compile(
    r"^(gesamt|summe|zwischensumme|insgesamt|total|totals|anzahl|sum|grand total)\b"
    r"|^(gesamt|summe|insgesamt|total|anzahl)\s*[:=]?\s*\d",
    re.IGNORECASE,
)


def non_registration(
    row: list[CellValue], layout: Layout, csv_file: bool, clean: list[str] | None = None
) -> str | None:
    """Why a row is not a registration at all (a totals row, a note, a fragment), or None.
    ``clean``: the row's :func:`clean_row`, if already made."""
    if clean is None:
        clean = clean_row(row)
    filled = [v for v in row if _filled(v)]
    texts = [c for v, c in zip(row, clean, strict=True) if isinstance(v, str) and v.strip()]
    if any(_TOTAL.search(text) for text in texts[:3]) and not any("@" in t for t in texts):
        return "Summenzeile, keine Anmeldung"
    width = len([h for h in layout.headers if h.strip()])
    if width >= 3 and len(filled) == 1 and not _only_a_name(clean, layout):
        return "Notiz oder Zwischenüberschrift (nur eine Zelle gefüllt), keine Anmeldung"
    used = len(row)
    while used and not _filled(row[used - 1]):
        used -= 1
    if csv_file and width >= 3 and len(row) < len(layout.headers) and used < width:
        return (
            f"unvollständige Zeile ({count(len(row), 'Spalte', 'Spalten')} statt "
            f"{len(layout.headers)}) – Teil einer umbrochenen Zeile?"
        )
    return None


def _only_a_name(clean: list[str], layout: Layout) -> bool:
    """A hand-made list's row with nothing but a name ("Eva Ernst"): a person, not a note.
    Form tools always fill their own columns, so there a lone cell is a note."""
    if layout.profile is not None:
        return False
    columns = [i for f in (Field.FULL_NAME, Field.LAST_NAME) for i in layout.columns.get(f, [])]
    for index in columns:
        value = clean[index] if index < len(clean) else ""
        if value and 2 <= len(value.split()) <= 4 and not re.search(r"[\d:;!?=]", value):
            return True
    return False


def _filled(value: CellValue) -> bool:
    return isinstance(value, datetime) or bool(value.strip())


def count(number: int, one: str, many: str) -> str:
    """``"1 Zeile"``, ``"2 Zeilen"``: :func:`integrakonzept.render.locale.counted`."""
    from integrakonzept.render.locale import counted

    return counted(number, one, many)


def event_texts(clean: list[str], ctx: RowContext) -> list[str]:
    """The texts a row names its event with, best column first (options joined into one);
    ``clean``: the row's :func:`clean_row`."""
    layout = ctx.layout
    texts = [
        value
        for index, value in _texts(clean, layout, Field.EVENT)
        if index not in ctx.skip_event_columns
    ]
    ticked = _options(clean, layout, Field.EVENT)
    if ticked:
        texts.insert(0, "; ".join(ticked))
    return texts


def _unnamed_parts(rest: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """``unbekannte Veranstaltung „X“; mehrdeutige Veranstaltung „Y“ (passt zu a, b)``."""
    problems: list[str] = []
    for text, ambiguous in rest:
        if ambiguous:
            problems.append(
                f"mehrdeutige Veranstaltung {quote(_short(text))} (passt zu {', '.join(ambiguous)})"
            )
        else:
            problems.append(f"unbekannte Veranstaltung {quote(_short(text))}")
    return "; ".join(problems)


def row_event(clean: list[str], ctx: RowContext) -> tuple[list[str], str | None, str | None]:
    """(event ids, problem, parts left out) for one row: the first column naming an event
    exactly wins, then the first naming one unambiguously; a text fitting several events
    is "mehrdeutig", one fitting none "unbekannt". A checkbox answer naming several events
    of which some are unknown gives the events named, and the unknown parts as the third
    value (reported, the row's other events are still imported)."""
    texts = event_texts(clean, ctx)
    known = ctx.event_matches  # an export names few events: each text is resolved once
    for text in texts:
        if text not in known:
            known[text] = ctx.catalog.resolve_event(text)
    matches = [(text, known[text]) for text in texts]
    chosen = next((m for _, m in matches if m.ids and m.exact), None)
    if chosen is None:
        chosen = next((m for _, m in matches if m.ids), None)
    left_out: str | None = None
    if chosen is None:
        partial = next((m for _, m in matches if m.partial), None)
        if partial is not None:
            chosen = EventMatch(list(partial.partial))
            left_out = _unnamed_parts(partial.rest)
    if ctx.phase is not None:
        if chosen is not None and ctx.phase not in chosen.ids:
            return (
                [],
                (
                    f"gehört laut Spalte Veranstaltung zu „{', '.join(chosen.ids)}“, "
                    f"nicht zu --phase {ctx.phase}"
                ),
                None,
            )
        return [ctx.phase], None, None
    if chosen is not None:
        return chosen.ids, None, left_out
    ambiguous = next(((t, m) for t, m in matches if m.ambiguous), None)
    if ambiguous is not None:
        text, match = ambiguous
        return (
            [],
            (
                f"mehrdeutige Veranstaltung {quote(_short(text))} "
                f"(passt zu {', '.join(match.ambiguous)})"
            ),
            None,
        )
    parts = next((m for _, m in matches if m.rest), None)
    if parts is not None:
        return [], _unnamed_parts(parts.rest), None
    if texts:
        return [], f"unbekannte Veranstaltung {quote(_short(texts[0]))}", None
    if ctx.default_event is not None:
        return [ctx.default_event], None, None
    return [], "keine Veranstaltung angegeben", None


def row_entries(
    row: list[CellValue], number: int, ctx: RowContext, seq: int
) -> tuple[list[Entry], Rejection | None] | Rejection:
    """The registrations of one row (one per event it names), or why it is none. A row
    naming some events and, in the same answer, something that is none gives both: the
    registrations and the rejection of the rest (reported and kept in the rejects file)."""
    layout = ctx.layout
    problems: list[str] = []

    clean = clean_row(row)
    skip = non_registration(row, layout, ctx.sheet.name is None, clean)
    if skip is not None:
        return Rejection(ctx.sheet.path.name, number, skip)
    for index, value in enumerate(row):
        if isinstance(value, str) and len(value) > MAX_CELL:
            header = layout.headers[index] if index < len(layout.headers) else ""
            return Rejection(
                ctx.sheet.path.name,
                number,
                f"Zelle in Spalte {quote(shorten(header, 40))} hat mehr als "
                f"{MAX_CELL:,} Zeichen (Grenze von Excel)".replace(",", "."),
            )

    first = _first(clean, layout, Field.FIRST_NAME)
    last = _first(clean, layout, Field.LAST_NAME)
    if not first and not last:
        full = _first(clean, layout, Field.FULL_NAME)
        if full.casefold() not in ANONYMOUS:
            first, last = split_full_name(full)
    elif first and not last and not layout.has(Field.LAST_NAME) and " " in first:
        first, last = split_full_name(first)
    first, last = " ".join(first.split()), " ".join(last.split())

    email_texts = _texts(clean, layout, Field.EMAIL)
    if email_texts and email_texts[0][0] in layout.weak and layout.order_column is not None:
        order = layout.order_column
        taken = ctx.order_emails.get(clean[order] if order < len(clean) else "", set())
        if norm.email_key(email_texts[0][1]) in taken:
            # the order's e-mail is another attendee's own address: not this person's
            email_texts = []
    raw_email = email_texts[0][1] if email_texts else ""
    address, valid = norm.email(raw_email)
    if not first and not last:
        problems.append("kein Name")
    elif not address and not (first and last):
        problems.append("weder E-Mail-Adresse noch Vor- und Nachname")

    if layout.profile == "limesurvey" and not _first(clean, layout, Field.REGISTERED_AT):
        # LimeSurvey also exports responses that were started but never sent
        problems.append("Antwort nicht abgeschickt (LimeSurvey: Abschickdatum leer)")

    if not valid:
        problems.append("ungültige E-Mail-Adresse")

    events, event_problem, left_out = row_event(clean, ctx)
    if event_problem is not None:
        problems.append(event_problem)
    if problems and left_out is not None:
        problems.append(left_out)

    if problems:
        return Rejection(ctx.sheet.path.name, number, "; ".join(problems))

    answered: set[str] = set()
    comments = _joined(clean, layout, Field.COMMENTS, label=True)
    role_texts = _joined(clean, layout, Field.ROLE)
    role = ""
    if role_texts:
        role, understood = norm.role(role_texts[0])
        if not understood or len(role_texts) > 1:
            comments.append(f"Rolle (Angabe): {'; '.join(role_texts)}")
        answered.add("role")
    interpreter_texts = _joined(clean, layout, Field.INTERPRETER)
    interpreter = [norm.interpreter(v) for v in interpreter_texts]
    if interpreter_texts:
        answered.add("interpreter")
    childcare_texts = _joined(clean, layout, Field.CHILDCARE)
    childcare = norm.childcare(childcare_texts[0]) if childcare_texts else ""
    if not childcare and _options(clean, layout, Field.CHILDCARE):
        childcare = YES
    if childcare_texts:
        answered.add("childcare")
        if not childcare:
            childcare = NO  # an explicit "Nein": a later "Nein" clears an earlier "Ja"
    accessibility_texts = _joined(clean, layout, Field.ACCESSIBILITY)
    if accessibility_texts:
        answered.add("accessibility")
    topic_texts = _joined(clean, layout, Field.TOPIC)
    if topic_texts:
        answered.add("topic")
    topic = ctx.catalog.match_topics("; ".join(topic_texts))
    privacy_texts = _joined(clean, layout, Field.PRIVACY)
    photo_texts = _joined(clean, layout, Field.PHOTO)
    values = {
        "first_name": first,
        "last_name": last,
        "organisation": _first(clean, layout, Field.ORGANISATION),
        "role": role,
        "email": address,
        "phone": _first(clean, layout, Field.PHONE),
        "interpreter": "; ".join(v for v in dict.fromkeys(interpreter) if v),
        "childcare": childcare,
        "accessibility": "; ".join(v for v in (norm.need(x) for x in accessibility_texts) if v),
        "topic": topic,
        "privacy": norm.consent(privacy_texts[0]) if privacy_texts else "",
        "photo": norm.photo(photo_texts[0]) if photo_texts else UNKNOWN,
        "comments": "\n".join(comments),
        "language": norm.language(_first(clean, layout, Field.LANGUAGE)),
    }
    if privacy_texts:
        answered.add("privacy")
    if photo_texts:
        answered.add("photo")
    for key in ("first_name", "last_name", "organisation", "email", "phone", "comments", "language"):
        if values[key]:
            answered.add(key)

    registered_at = None
    stamp_cells = [cell(row, i) for i in layout.columns.get(Field.REGISTERED_AT, [])]
    for stamp_cell in stamp_cells:
        registered_at = norm.timestamp(stamp_cell, ctx.slash_order)
        if registered_at is not None:
            break
    if registered_at is not None and Field.REGISTERED_TIME in layout.columns:
        for i in layout.columns[Field.REGISTERED_TIME]:
            clock = norm.time_of_day(cell(row, i))
            if clock is not None:
                registered_at = registered_at.replace(
                    hour=clock[0], minute=clock[1], second=clock[2]
                )
                break
    cancelled = export_cancelled(_first(clean, layout, Field.SOURCE_STATUS))

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
            source=_source(ctx.source, _first(clean, layout, Field.CHANNEL)),
            file_index=ctx.file_index,
            row=number,
            seq=seq * 16 + offset,
            updated_at=registered_at,
            answered=frozenset(answered),
        )
        entry.checksum = answers_checksum(event, entry.values, cancelled)
        entries.append(entry)
    if left_out is None:
        return entries, None
    rest = Rejection(
        ctx.sheet.path.name,
        number,
        f"{left_out} – "
        + ("die andere Veranstaltung" if len(entries) == 1 else "die anderen Veranstaltungen")
        + " dieser Antwort "
        + ("wurde" if len(entries) == 1 else "wurden")
        + f" übernommen ({', '.join(e.event for e in entries)})",
    )
    return entries, rest


def _source(file_source: str, channel: str) -> str:
    """The tracker's „Quelle“: the channel first when the export names one
    (``einladung-ar (anmeldungen.csv, Google Forms)``), else the file and tool."""
    channel = " ".join(channel.split())[:80]
    if not channel:
        return file_source
    name, _, tool = file_source.partition(" (")
    return f"{channel} ({name}, {tool}" if tool else f"{channel} ({name})"


def merge(group: list[Entry]) -> Entry:
    """One entry from duplicates: newest answers, gaps filled from older ones."""
    if len(group) == 1:
        return group[0]
    ordered = sorted(group, key=Entry.order)
    newest = ordered[-1]
    values = dict(newest.values)
    answered = set(newest.answered)
    # per field, the latest submission that answered it wins – also with an explicit "Nein";
    # an empty answer is no answer and keeps the older one
    for older in reversed(ordered[:-1]):
        for key, value in older.values.items():
            if key in answered:
                continue
            if key in older.answered:
                values[key] = value
                answered.add(key)
            elif not values.get(key) or (key == "photo" and values[key] == UNKNOWN):
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
        answered=frozenset(answered),
    )
    merged.checksum = answers_checksum(merged.event, values, merged.cancelled)
    return merged


@dataclass
class ExportRead:
    """One export as read: its report, sheet, layout, entries and rejected rows."""

    report: FileReport
    sheet: Sheet
    layout: Layout
    entries: list[Entry]
    #: rows (by index into sheet.rows) that were rejected, with their reasons
    rejected_rows: list[tuple[int, str]]
    #: widest row of the export (the rejects file keeps the layout)
    width: int


def sheet_entries(
    ctx: RowContext,
    report: FileReport,
    seq_start: int,
    progress: Progress | None = None,
) -> ExportRead:
    """Turn every data row of ``ctx.sheet`` into entries or a rejection, counted in ``report``."""
    sheet, layout = ctx.sheet, ctx.layout
    name = sheet.path.name
    if layout.order_column is not None:
        strong = [i for i in layout.columns.get(Field.EMAIL, []) if i not in layout.weak]
        for r in sheet.rows[layout.header_index + 1 :]:
            code = norm.text(cell(r, layout.order_column))
            for i in strong:
                address = norm.text(cell(r, i))
                if code and address:
                    ctx.order_emails.setdefault(code, set()).add(norm.email_key(address))
    entries: list[Entry] = []
    rejected_rows: list[tuple[int, str]] = []
    data = sheet.rows[layout.header_index + 1 :]
    numbers = sheet.numbers[layout.header_index + 1 :]
    total = len(data)
    missing_times = 0
    for offset, (row, number) in enumerate(zip(data, numbers, strict=True)):
        if progress is not None and offset % 2000 == 0:
            progress(f"Lesen: {name}", offset, total)
        report.rows += 1
        result = row_entries(row, number, ctx, seq_start + offset)
        if isinstance(result, Rejection):
            report.rejected.append(result)
            rejected_rows.append((layout.header_index + 1 + offset, result.reason))
            report.read += 1
            continue
        row_result, rest = result
        if rest is not None:
            # the part naming no event is counted (and written to the rejects file) like a
            # rejected row; the events the row does name are imported below
            report.rejected.append(rest)
            rejected_rows.append((layout.header_index + 1 + offset, rest.reason))
            report.read += 1
        if row_result and row_result[0].registered_at is None and layout.has(Field.REGISTERED_AT):
            missing_times += 1
        report.read += len(row_result)
        entries.extend(row_result)
    if progress is not None:
        progress(f"Lesen: {name}", total, total)
    if missing_times:
        report.notes.append(
            f"{count(missing_times, 'Zeile', 'Zeilen')} ohne lesbaren Zeitstempel: "
            f"{'sie kommt' if missing_times == 1 else 'sie kommen'} in der Reihenfolge der "
            "Datei nach den Anmeldungen mit Zeitstempel."
        )
    # keep only what the rejects file needs (the title rows, the header, rejected rows):
    # 100,000 parsed rows are a lot of memory to carry through the rest of the import
    keep = set(range(layout.header_index + 1)) | {index for index, _reason in rejected_rows}
    width = max((len(r) for r in sheet.rows), default=0)
    sheet.rows = [r if i in keep else [] for i, r in enumerate(sheet.rows)]
    return ExportRead(report, sheet, layout, entries, rejected_rows, width)
