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
from functools import lru_cache

from integrakonzept.people import normalize as norm
from integrakonzept.people.events import Catalog, EventMatch
from integrakonzept.people.identity import Keyed, person_keys
from integrakonzept.people.import_report import FileReport, Progress, Rejection
from integrakonzept.people.normalize import quote, split_full_name
from integrakonzept.people.readers import MAX_CELL, CellValue, Sheet
from integrakonzept.people.recognition import ANONYMOUS, Layout, shorten
from integrakonzept.people.schema import ANSWER_KEYS, NO, UNKNOWN, YES, Field
from integrakonzept.people.status import export_cancelled

#: where each answer field sits in :attr:`Entry.values` (the order of ANSWER_KEYS)
ANSWER_INDEX: dict[str, int] = {key: i for i, key in enumerate(ANSWER_KEYS)}
#: the answers of one registration, in the order of ANSWER_KEYS (a tuple, not a dict: a
#: 100,000-row import holds one per row)
Answers = tuple[str, ...]


@dataclass(slots=True)  # a big import holds hundreds of thousands of them
class Entry(Keyed):
    """One registration from an export, normalised."""

    values: Answers
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

    def answer(self, key: str) -> str:
        return self.values[ANSWER_INDEX[key]]


def answers_of(values: dict[str, str]) -> Answers:
    """A dict of answers (missing ones empty) as :data:`Answers`."""
    return tuple(values.get(key, "") for key in ANSWER_KEYS)


#: answer fields added after trackers existed: left out of checksum and stamp while empty,
#: so that rows imported before them keep their checksums and stamps
_LATER_KEYS = frozenset({"language"})
_LATER = tuple(ANSWER_INDEX[key] for key in sorted(_LATER_KEYS))


def _kept(values: Answers) -> Answers:
    """The answers that make up checksum and stamp (later fields only when answered)."""
    if _LATER == (len(ANSWER_KEYS) - 1,):  # one later field, the last (language)
        return values if values[-1] else values[:-1]
    for index in _LATER:
        if not values[index]:
            return tuple(v for i, v in enumerate(values) if v or i not in _LATER)
    return values


def answers_checksum(event: str, values: Answers, cancelled: bool) -> str:
    text = "\x1f".join((event, *_kept(values), str(cancelled)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1 << 16)  # answers repeat (roles, yes/no, organisations): hash once
def field_hash(value: str) -> str:
    return f"{zlib.crc32(value.encode('utf-8')) & 0xFFFFFF:06x}"


def stamp(checksum: str, values: Answers) -> str:
    """The hidden checksum cell: the answers' checksum, then a short hash per answer field.

    The field hashes say what ik wrote last time, so a later import can tell a value the
    coordinator corrected by hand (keep it) from one ik wrote (may be updated).
    """
    return checksum + ":" + "".join(map(field_hash, _kept(values)))


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
    #: the layout's columns per field, looked up once for the whole export
    fields: _Fields = field(init=False, repr=False)
    #: what the cells of the answer columns give (:func:`_answers`): exports repeat the
    #: same answers (roles, languages, yes/no) in row after row, each combination is
    #: worked out once
    answer_cache: dict[tuple[str, ...], _AnswerPart] = field(default_factory=dict, repr=False)
    #: the events of each combination of event cells (:func:`row_event`)
    event_cache: dict[tuple[str, ...], tuple[list[str], str | None, str | None]] = field(
        default_factory=dict, repr=False
    )
    #: status and channel texts → (cancelled, source)
    source_cache: dict[tuple[str, str], tuple[bool, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.fields = _Fields(self.layout)


class _Fields:
    """The columns of each field of one layout (with their weak flag), the option columns
    per field and the columns the cached parts of a row depend on."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        weak = layout.weak
        self.columns: dict[Field, tuple[tuple[int, bool], ...]] = {
            f: tuple((i, i in weak) for i in cols) for f, cols in layout.columns.items()
        }
        options: dict[Field, list[tuple[int, str]]] = {}
        for index, (field_, option) in layout.options.items():
            options.setdefault(field_, []).append((index, option))
        self.options: dict[Field, tuple[tuple[int, str], ...]] = {
            f: tuple(o) for f, o in options.items()
        }
        #: non-empty headers (a row of one cell among three or more is a note)
        self.width = len([h for h in layout.headers if h.strip()])
        self.answer_columns = self._depends(_ANSWER_FIELDS)
        self.event_columns = self._depends((Field.EVENT,))

    def _depends(self, fields: tuple[Field, ...]) -> tuple[int, ...]:
        found: set[int] = set()
        for f in fields:
            found.update(i for i, _weak in self.columns.get(f, ()))
            found.update(i for i, _option in self.options.get(f, ()))
        return tuple(sorted(found))

    def texts(self, clean: list[str], f: Field) -> list[tuple[int, str]]:
        """Non-empty texts of a field's columns, best first (anonymous placeholders skipped)."""
        result: list[tuple[int, str]] = []
        width = len(clean)
        for index, weak in self.columns.get(f, ()):
            value = clean[index] if index < width else ""
            if not value:
                continue
            if weak and value.casefold() in ANONYMOUS:
                continue
            result.append((index, value))
        return result

    def first(self, clean: list[str], f: Field) -> str:
        width = len(clean)
        for index, weak in self.columns.get(f, ()):
            value = clean[index] if index < width else ""
            if not value:
                continue
            if weak and value.casefold() in ANONYMOUS:
                continue
            return value
        return ""

    def options_of(self, clean: list[str], f: Field) -> list[str]:
        """Answers of one-column-per-option layouts: the options ticked."""
        chosen: list[str] = []
        width = len(clean)
        for index, option in self.options.get(f, ()):
            value = clean[index] if index < width else ""
            if not value:
                continue
            answer = norm.yes_no(value)
            if answer is True or (answer is None and value.casefold() == option.casefold()):
                chosen.append(option)
            elif answer is None and f in (Field.COMMENTS, Field.ACCESSIBILITY):
                chosen.append(f"{option}: {value}")
        return chosen

    def joined(self, clean: list[str], f: Field, label: bool = False) -> list[str]:
        texts = self.texts(clean, f)
        parts: list[str] = []
        for index, value in texts:
            if label and len(texts) > 1:
                parts.append(f"{self.layout.labels.get(index, '')}: {value}")
            else:
                parts.append(value)
        parts.extend(self.options_of(clean, f))
        unique: list[str] = []
        for part in parts:
            if part not in unique:
                unique.append(part)
        return unique

    def key(self, clean: list[str], columns: tuple[int, ...]) -> tuple[str, ...]:
        width = len(clean)
        return tuple(clean[i] if i < width else "" for i in columns)


def cell(row: list[CellValue], index: int) -> CellValue:
    return row[index] if index < len(row) else ""


def clean_row(row: list[CellValue]) -> list[str]:
    """Every cell of ``row`` as clean text (:func:`normalize.text`), made once per row: the
    helpers below read the fields from it instead of cleaning the same cell again."""
    text = norm.text
    # a cell without CR and without a quote mark only needs trimming (the usual case)
    return [
        v.strip() if v.__class__ is str and "\r" not in v and "'" not in v else text(v) for v in row
    ]


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


_TOTAL = re.compile(
    r"^(gesamt|summe|zwischensumme|insgesamt|total|totals|anzahl|sum|grand total)\b"
    r"|^(gesamt|summe|insgesamt|total|anzahl)\s*[:=]?\s*\d",
    re.IGNORECASE,
)


def non_registration(
    row: list[CellValue],
    layout: Layout,
    csv_file: bool,
    clean: list[str] | None = None,
    width: int | None = None,
) -> str | None:
    """Why a row is not a registration at all (a totals row, a note, a fragment), or None.
    ``clean``: the row's :func:`clean_row`, if already made; ``width``: the layout's count
    of non-empty headers, if already counted."""
    if clean is None:
        clean = clean_row(row)
    # a cell is filled when its clean text is (cleaning only trims space and masks)
    filled = len(clean) - clean.count("")
    first_texts: list[str] = []
    for v, c in zip(row, clean, strict=True):
        if c and isinstance(v, str):
            first_texts.append(c)
            if len(first_texts) == 3:
                break
    if any(_TOTAL.search(text) for text in first_texts):
        texts = [c for v, c in zip(row, clean, strict=True) if c and isinstance(v, str)]
        if not any("@" in t for t in texts):
            return "Summenzeile, keine Anmeldung"
    if width is None:
        width = len([h for h in layout.headers if h.strip()])
    if width >= 3 and filled == 1 and not _only_a_name(clean, layout):
        return "Notiz oder Zwischenüberschrift (nur eine Zelle gefüllt), keine Anmeldung"
    used = len(row)
    while used and not clean[used - 1]:
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


def count(number: int, one: str, many: str) -> str:
    """``"1 Zeile"``, ``"2 Zeilen"``: :func:`integrakonzept.render.locale.counted`."""
    from integrakonzept.render.locale import counted

    return counted(number, one, many)


def event_texts(clean: list[str], ctx: RowContext) -> list[str]:
    """The texts a row names its event with, best column first (options joined into one);
    ``clean``: the row's :func:`clean_row`."""
    texts = [
        value
        for index, value in ctx.fields.texts(clean, Field.EVENT)
        if index not in ctx.skip_event_columns
    ]
    ticked = ctx.fields.options_of(clean, Field.EVENT)
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
    value (reported, the row's other events are still imported). The result depends on
    the row's event cells only: each combination is worked out once per export (the
    list of ids is shared, callers do not change it)."""
    key = ctx.fields.key(clean, ctx.fields.event_columns)
    found = ctx.event_cache.get(key)
    if found is None:
        found = _row_event(clean, ctx)
        if len(ctx.event_cache) < _CACHED_COMBINATIONS:
            ctx.event_cache[key] = found
    return found


def _row_event(clean: list[str], ctx: RowContext) -> tuple[list[str], str | None, str | None]:
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


#: the fields whose answers come from their own columns alone (role … language)
_ANSWER_FIELDS = (
    Field.COMMENTS,
    Field.ROLE,
    Field.INTERPRETER,
    Field.CHILDCARE,
    Field.ACCESSIBILITY,
    Field.TOPIC,
    Field.PRIVACY,
    Field.PHOTO,
    Field.LANGUAGE,
)
#: (role, interpreter, childcare, accessibility, topic, privacy, photo, comments,
#: language) and the fields among them that were answered
_AnswerPart = tuple[tuple[str, str, str, str, str, str, str, str, str], frozenset[str]]


def _answers(clean: list[str], ctx: RowContext) -> _AnswerPart:
    """The answers of a row's answer columns (cached per combination of their cells)."""
    fields = ctx.fields
    key = fields.key(clean, fields.answer_columns)
    found = ctx.answer_cache.get(key)
    if found is not None:
        return found
    answered: set[str] = set()
    comments = fields.joined(clean, Field.COMMENTS, label=True)
    role_texts = fields.joined(clean, Field.ROLE)
    role = ""
    if role_texts:
        role, understood = norm.role(role_texts[0])
        if not understood or len(role_texts) > 1:
            comments.append(f"Rolle (Angabe): {'; '.join(role_texts)}")
        answered.add("role")
    interpreter_texts = fields.joined(clean, Field.INTERPRETER)
    interpreter = [norm.interpreter(v) for v in interpreter_texts]
    if interpreter_texts:
        answered.add("interpreter")
    childcare_texts = fields.joined(clean, Field.CHILDCARE)
    childcare = norm.childcare(childcare_texts[0]) if childcare_texts else ""
    if not childcare and fields.options_of(clean, Field.CHILDCARE):
        childcare = YES
    if childcare_texts:
        answered.add("childcare")
        if not childcare:
            childcare = NO  # an explicit "Nein": a later "Nein" clears an earlier "Ja"
    accessibility_texts = fields.joined(clean, Field.ACCESSIBILITY)
    if accessibility_texts:
        answered.add("accessibility")
    topic_texts = fields.joined(clean, Field.TOPIC)
    if topic_texts:
        answered.add("topic")
    topic = ctx.catalog.match_topics("; ".join(topic_texts))
    privacy_texts = fields.joined(clean, Field.PRIVACY)
    photo_texts = fields.joined(clean, Field.PHOTO)
    if privacy_texts:
        answered.add("privacy")
    if photo_texts:
        answered.add("photo")
    comment = "\n".join(comments)
    language = norm.language(fields.first(clean, Field.LANGUAGE))
    if comment:
        answered.add("comments")
    if language:
        answered.add("language")
    values = (
        role,
        "; ".join(v for v in dict.fromkeys(interpreter) if v),
        childcare,
        "; ".join(v for v in (norm.need(x) for x in accessibility_texts) if v),
        topic,
        norm.consent(privacy_texts[0]) if privacy_texts else "",
        norm.photo(photo_texts[0]) if photo_texts else UNKNOWN,
        comment,
        language,
    )
    frozen = frozenset(answered)
    found = (values, _ANSWERED.setdefault(frozen, frozen))
    if len(ctx.answer_cache) < _CACHED_COMBINATIONS:  # free texts: do not keep every row
        ctx.answer_cache[key] = found
    return found


#: how many combinations of answer cells an export keeps worked out (exports with free
#: texts in every row would otherwise keep one per row)
_CACHED_COMBINATIONS = 10_000


#: one frozenset object per combination of answered fields (entries share them)
_ANSWERED: dict[frozenset[str], frozenset[str]] = {}


def row_entries(
    row: list[CellValue], number: int, ctx: RowContext, seq: int
) -> tuple[list[Entry], Rejection | None] | Rejection:
    """The registrations of one row (one per event it names), or why it is none. A row
    naming some events and, in the same answer, something that is none gives both: the
    registrations and the rejection of the rest (reported and kept in the rejects file)."""
    layout = ctx.layout
    fields = ctx.fields
    problems: list[str] = []

    clean = clean_row(row)
    skip = non_registration(row, layout, ctx.sheet.name is None, clean, fields.width)
    if skip is not None:
        return Rejection(ctx.sheet.path.name, number, skip)
    try:  # all text (CSV): no cell can be longer than the whole row
        short = sum(map(len, row)) <= MAX_CELL  # type: ignore[arg-type]
    except TypeError:  # a date cell
        short = False
    for index, value in enumerate(() if short else row):
        if isinstance(value, str) and len(value) > MAX_CELL:
            header = layout.headers[index] if index < len(layout.headers) else ""
            return Rejection(
                ctx.sheet.path.name,
                number,
                f"Zelle in Spalte {quote(shorten(header, 40))} hat mehr als "
                f"{MAX_CELL:,} Zeichen (Grenze von Excel)".replace(",", "."),
            )

    first = fields.first(clean, Field.FIRST_NAME)
    last = fields.first(clean, Field.LAST_NAME)
    if not first and not last:
        full = fields.first(clean, Field.FULL_NAME)
        if full.casefold() not in ANONYMOUS:
            first, last = split_full_name(full)
    elif first and not last and not layout.has(Field.LAST_NAME) and " " in first:
        first, last = split_full_name(first)
    first, last = " ".join(first.split()), " ".join(last.split())

    email_texts = fields.texts(clean, Field.EMAIL)
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

    if layout.profile == "limesurvey" and not fields.first(clean, Field.REGISTERED_AT):
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

    (
        (role, interpreter, childcare, accessibility, topic, privacy, photo, comments, language),
        answered_part,
    ) = _answers(clean, ctx)
    organisation = fields.first(clean, Field.ORGANISATION)
    phone = fields.first(clean, Field.PHONE)
    values: Answers = (
        first,
        last,
        organisation,
        role,
        address,
        phone,
        interpreter,
        childcare,
        accessibility,
        topic,
        privacy,
        photo,
        comments,
        language,
    )
    answered = set(answered_part)
    for key, value in (
        ("first_name", first),
        ("last_name", last),
        ("organisation", organisation),
        ("email", address),
        ("phone", phone),
    ):
        if value:
            answered.add(key)
    frozen = frozenset(answered)
    frozen = _ANSWERED.setdefault(frozen, frozen)

    registered_at = None
    for i in layout.columns.get(Field.REGISTERED_AT, []):
        registered_at = norm.timestamp(cell(row, i), ctx.slash_order)
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
    status_text = fields.first(clean, Field.SOURCE_STATUS)
    channel = fields.first(clean, Field.CHANNEL)
    known = ctx.source_cache.get((status_text, channel))
    if known is None:
        known = (export_cancelled(status_text), _source(ctx.source, channel))
        if len(ctx.source_cache) < _CACHED_COMBINATIONS:
            ctx.source_cache[(status_text, channel)] = known
    cancelled, source = known

    entries: list[Entry] = []
    ekey, nkey = person_keys(address, first, last, organisation)
    for offset, event in enumerate(events):
        entry = Entry(
            event=event,
            ekey=ekey,
            nkey=nkey,
            values=values,
            registered_at=registered_at,
            cancelled=cancelled,
            source=source,
            file_index=ctx.file_index,
            row=number,
            seq=seq * 16 + offset,
            updated_at=registered_at,
            answered=frozen,
        )
        entry.checksum = answers_checksum(event, values, cancelled)
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
    values = list(newest.values)
    answered = set(newest.answered)
    # per field, the latest submission that answered it wins – also with an explicit "Nein";
    # an empty answer is no answer and keeps the older one
    # (only the fields no newer submission answered are looked at)
    pending = [index for index, key in enumerate(ANSWER_KEYS) if key not in answered]
    for older in reversed(ordered[:-1]):
        if not pending:
            break
        older_values, older_answered = older.values, older.answered
        still: list[int] = []
        for index in pending:
            key, value = ANSWER_KEYS[index], older_values[index]
            if key in older_answered:
                values[index] = value
                answered.add(key)
                continue
            if not values[index] or (index == _PHOTO and values[index] == UNKNOWN):
                values[index] = value
            still.append(index)
        pending = still
    times = [e.registered_at for e in group if e.registered_at is not None]
    frozen = frozenset(answered)
    merged = Entry(
        event=newest.event,
        ekey=newest.ekey or next((e.ekey for e in ordered if e.ekey), ""),
        nkey=newest.nkey,
        values=tuple(values),
        registered_at=min(times) if times else None,
        cancelled=newest.cancelled,
        source=newest.source,
        file_index=newest.file_index,
        row=newest.row,
        seq=ordered[0].seq,
        updated_at=max(times) if times else None,
        answered=_ANSWERED.setdefault(frozen, frozen),
    )
    merged.checksum = answers_checksum(merged.event, merged.values, merged.cancelled)
    return merged


_PHOTO = ANSWER_INDEX["photo"]


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
    gone: list[CellValue] = []  # one empty row for all dropped ones (nothing changes them)
    sheet.rows = [r if i in keep else gone for i, r in enumerate(sheet.rows)]
    return ExportRead(report, sheet, layout, entries, rejected_rows, width)
