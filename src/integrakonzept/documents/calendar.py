"""Calendar files (RFC 5545) for one event or the whole process, in Europe/Berlin time.

Each phase keeps the same UID whenever the file is made again, so a calendar
program that imports the new file updates the entry instead of adding a second
one. An entry whose content did not change keeps its DTSTAMP and SEQUENCE (the
file stays byte-identical); a changed entry gets SEQUENCE + 1 and a new DTSTAMP,
which is how calendar programs recognise an update. What was last issued for each
UID – a fingerprint of the entry's content, its SEQUENCE and DTSTAMP – is kept in
``.ik-kalender.json`` in the output folder, so that the process calendar, the
phase's own file, the file on stdout and the one attached to e-mails count the
same way; a previous file at the same path counts too.

Events with a time of day become timed entries (repeated daily over several
days: "jeweils 10 bis 16 Uhr"); events without a time, online
phases (first to last day) and dated milestones become all-day entries. Phases
known only to the month are left out: a calendar needs a day.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept import __version__
from integrakonzept.documents.common import find_phase, output_dir, require_exact_date
from integrakonzept.output import Writer, atomic_write_bytes
from integrakonzept.process.model import (
    KIND_LABELS,
    AnyPhase,
    EventPhase,
    MilestonePhase,
    OnlinePhase,
    Process,
)

if TYPE_CHECKING:
    import icalendar

TIMEZONE = "Europe/Berlin"
# The EU rule (last Sunday of March / October, since 1996) as a recurring VTIMEZONE,
# as Thunderbird and Google write it: valid for every year, so a calendar program
# that caches time zones by TZID never applies a definition cut off at some year.
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
_VOLATILE = re.compile(rb"^(DTSTAMP|SEQUENCE)[;:].*\r\n", re.MULTILINE)
#: what was last issued for each UID, beside the calendar files (see the module docstring)
STATE_FILE = ".ik-kalender.json"


def slug(text: str) -> str:
    """``Integrationskonzept 2.0`` → ``integrationskonzept-2-0`` (ASCII, for UIDs and file names)."""
    text = text.replace("ß", "ss").replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def uid(process: Process, phase: AnyPhase) -> str:
    """Stable identifier of a phase's calendar entry (changes only with the phase id,
    the municipality or the title of the process)."""
    return f"{phase.id}.{slug(process.municipality.name)}.{slug(process.title)}@integrakonzept"


def calendar_uid(process: Process) -> str:
    return f"{slug(process.municipality.name)}.{slug(process.title)}@integrakonzept"


def is_datable(phase: AnyPhase) -> bool:
    """Whether the phase can be put in a calendar (it has a day, not only a month)."""
    if isinstance(phase, OnlinePhase):
        return True
    return phase.date.is_exact


@dataclass(frozen=True)
class _Entry:
    phase: AnyPhase
    first: date
    last: date


def _description(process: Process, phase: AnyPhase, lang: str, page_url: str | None = None) -> str:
    from integrakonzept.render import locale
    from integrakonzept.render.catalogue import text

    lines: list[str] = []
    if phase.description:
        lines.append(phase.description)
    if isinstance(phase, EventPhase):
        registration = phase.registration
        if phase.access == "einladung":
            lines.append(text("calendar_invited_only", lang))
        elif registration is not None and registration.required and registration.has_channel:
            channels = ", ".join(
                str(c)
                for c in (
                    registration.url,
                    registration.email,
                    registration.phone.national if registration.phone else None,
                )
                if c
            )
            if registration.deadline:
                lines.append(
                    text(
                        "calendar_registration",
                        lang,
                        date=locale.format_day(registration.deadline),
                        channels=channels,
                    )
                )
            else:
                lines.append(text("calendar_registration_open", lang, channels=channels))
    if isinstance(phase, OnlinePhase) and phase.url:
        lines.append(text("calendar_online", lang, url=phase.url))
    # Calendar programs show DESCRIPTION but mostly hide the URL property: every link the
    # entry has is written out here too.
    link = phase.registration.url if isinstance(phase, EventPhase) and phase.registration else None
    if link and not any(str(link) in line for line in lines):
        lines.append(text("calendar_link", lang, url=link))
    if (
        process.info_url
        and str(process.info_url) != page_url
        and not any(str(process.info_url) in line for line in lines)
    ):
        lines.append(text("calendar_info", lang, url=process.info_url))
    contact = process.contact
    ways = ", ".join(
        p
        for p in (
            contact.display_name,
            contact.phone.national if contact.phone else None,
            contact.email,
        )
        if p
    )
    lines.append(text("calendar_contact", lang, contact=ways))
    if page_url:
        # Calendar apps hide URL; a link in the description is what people can click (i17).
        lines.append(text("calendar_page", lang, url=page_url))
    return "\n".join(lines)


def _event(
    process: Process, phase: AnyPhase, lang: str, page_url: str | None = None
) -> icalendar.Event:
    from zoneinfo import ZoneInfo

    import icalendar

    tz = ZoneInfo(TIMEZONE)
    start: date | datetime
    end: date | datetime | None
    transparent = False
    location = None
    url = None
    days = 1
    if isinstance(phase, EventPhase):
        first = phase.date.as_date()
        last = phase.end_date or first
        if phase.start is not None:
            # Several days with a time of day means "jeweils 10 bis 16 Uhr": one entry per day.
            days = (last - first).days + 1
            start = datetime.combine(first, phase.start, tz)
            end = datetime.combine(first, phase.end, tz) if phase.end is not None else None
        else:
            start, end = first, last + timedelta(days=1)
        if phase.venue is not None:
            location = ", ".join(
                p for p in (phase.venue.name, phase.venue.room, phase.venue.address) if p
            )
        if phase.registration is not None and phase.registration.url:
            url = phase.registration.url
    elif isinstance(phase, OnlinePhase):
        # Start not known yet: the entry marks the last day ("bis 31. Oktober").
        start, end = phase.start_date or phase.end_date, phase.end_date + timedelta(days=1)
        transparent = True
        url = phase.url
    else:
        day = phase.date.as_date()
        start, end = day, day + timedelta(days=1)
        transparent = True
        if phase.body:
            location = phase.body
    concept = process.short_title or process.title
    event = icalendar.Event.new(
        uid=uid(process, phase),
        summary=f"{phase.title} ({concept})",
        start=start,
        end=end,
        location=location,
        description=_description(process, phase, lang, page_url),
        url=url,
        categories=[KIND_LABELS[phase.kind]],
    )
    if days > 1:
        event.add("rrule", {"freq": "daily", "count": days})
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    return event


def _entries(process: Process, phase_id: str | None) -> list[AnyPhase]:
    if phase_id is not None:
        phase = find_phase(process, phase_id)
        if isinstance(phase, EventPhase | MilestonePhase) and not phase.date.is_exact:
            if isinstance(phase, EventPhase):
                require_exact_date(phase, "ein Kalendereintrag")
            from integrakonzept.errors import IkError

            raise IkError(
                f"Für „{phase.title}“ steht erst der Monat fest; ein Kalendereintrag braucht den Tag."
            )
        return [phase]
    return [p for p in process.phases if is_datable(p)]


@dataclass(frozen=True)
class Stamp:
    """What was last issued for one UID: a fingerprint of the entry's content (everything
    but DTSTAMP and SEQUENCE), its SEQUENCE and its DTSTAMP."""

    fingerprint: str
    sequence: int
    stamp: datetime


def fingerprint(event: icalendar.Component) -> str:
    """SHA-256 of the entry without DTSTAMP and SEQUENCE, after one parse and serialisation
    round so that a freshly made entry and the same one read from a file agree."""
    import icalendar

    again = icalendar.Event.from_ical(event.to_ical())
    return hashlib.sha256(_VOLATILE.sub(b"", again.to_ical())).hexdigest()


def _stamp_of(event: icalendar.Component) -> Stamp:
    dtstamp = event.get("DTSTAMP")
    when = dtstamp.dt if dtstamp is not None else datetime(1970, 1, 1, tzinfo=UTC)
    return Stamp(fingerprint(event), int(event.get("SEQUENCE", 0)), when)


def stamps_in(data: bytes | None) -> dict[str, Stamp]:
    """The stamp of every entry of a calendar file (none for a file that is not one)."""
    if not data:
        return {}
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return {}
    return {str(e["UID"]): _stamp_of(e) for e in calendar.walk("VEVENT") if e.get("UID")}


def read_stamps(folder: Path) -> dict[str, Stamp]:
    """The stamps kept in ``folder/.ik-kalender.json`` (none if it is missing or unreadable:
    then entries start again at the stamps of the previous file, or at SEQUENCE 0)."""
    path = folder / STATE_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["eintraege"]
        return {
            key: Stamp(
                str(value["fingerprint"]),
                int(value["sequence"]),
                datetime.fromisoformat(str(value["dtstamp"])).astimezone(UTC),
            )
            for key, value in entries.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def keep_stamps(folder: Path, data: bytes, writer: Writer) -> None:
    """Record the stamps of the calendar file ``data`` in ``folder/.ik-kalender.json``.

    This is ik's own bookkeeping, not an output: it is written atomically but not
    reported (and not at all in a dry run)."""
    if writer.dry_run:
        return
    known = read_stamps(folder)
    merged = {**known, **stamps_in(data)}
    if merged == known:
        return
    payload = {
        "hinweis": "Von ik verwaltet: Stand jedes Kalendereintrags (SEQUENCE, DTSTAMP).",
        "eintraege": {
            key: {
                "fingerprint": value.fingerprint,
                "sequence": value.sequence,
                "dtstamp": value.stamp.isoformat(),
            }
            for key, value in sorted(merged.items())
        },
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    try:
        atomic_write_bytes(folder / STATE_FILE, text.encode("utf-8"))
    except OSError:
        pass  # without the record the next file counts from the calendar file itself


def render_calendar(
    process: Process,
    *,
    phase_id: str | None = None,
    previous: bytes | None = None,
    now: datetime | None = None,
    lang: str = "de",
    page_url: str | None = None,
    known: dict[str, Stamp] | None = None,
) -> bytes:
    """The ``.ics`` file of one phase (``phase_id``) or of every dated phase.

    ``page_url`` (the public process page, if it has an address) is named in every
    entry's description.

    ``previous`` is the file made last time (if any) and ``known`` the stamps issued
    so far (:func:`read_stamps`): unchanged entries keep their stamp and sequence,
    changed ones are counted up. ``now`` stamps new or changed entries (default: the
    current time).
    """
    import icalendar

    from integrakonzept.errors import IkError
    from integrakonzept.render.catalogue import text

    phases = _entries(process, phase_id)
    if not phases:
        raise IkError(
            "Keine Phase hat ein genaues Datum; die Kalenderdatei bliebe leer.",
            "Tragen Sie bei den Phasen das Datum als JJJJ-MM-TT ein.",
        )
    events = restamp(
        [_event(process, phase, lang, page_url) for phase in phases], previous, now, known
    )
    concept = process.short_title or process.title
    if phase_id is not None:
        name = f"{phases[0].title} ({concept})"
    else:
        title = process.title
        if process.municipality.name not in title:
            title = f"{title} {process.municipality.name}"
        name = text("calendar_name", lang, title=title)
    calendar = icalendar.Calendar.new(
        prodid=f"-//ik integrakonzept {__version__}//DE",
        name=name,
        method="PUBLISH",
        uid=calendar_uid(process)
        if phase_id is None
        else uid(process, phases[0]).replace("@", ".kalender@"),
        subcomponents=[icalendar.Timezone.from_ical(VTIMEZONE), *events],
    )
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", TIMEZONE)
    data: bytes = calendar.to_ical()
    return data


def restamp(
    events: list[icalendar.Event],
    previous: bytes | None,
    now: datetime | None,
    known: dict[str, Stamp] | None = None,
) -> list[icalendar.Event]:
    """Give each event its DTSTAMP and SEQUENCE against what was issued before (the
    ``previous`` file and the ``known`` stamps; the higher SEQUENCE of the two counts):
    unchanged keeps both, changed gets SEQUENCE + 1 and ``now``, new gets SEQUENCE 0
    and ``now``."""
    stamp_now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    issued = stamps_in(previous)
    for key, stamp in (known or {}).items():
        if key not in issued or stamp.sequence >= issued[key].sequence:
            issued[key] = stamp
    out = []
    for event in events:
        before = issued.get(str(event["UID"]))
        if before is None:
            out.append(_with_stamp(event, stamp_now, 0))
        elif before.fingerprint == fingerprint(event):
            out.append(_with_stamp(event, before.stamp, before.sequence))
        else:
            out.append(_with_stamp(event, stamp_now, before.sequence + 1))
    return out


def _with_stamp(event: icalendar.Event, stamp: datetime, sequence: int) -> icalendar.Event:
    import icalendar

    fresh = icalendar.Event.from_ical(event.to_ical())
    assert isinstance(fresh, icalendar.Event)
    for key in ("DTSTAMP", "SEQUENCE"):
        if key in fresh:
            del fresh[key]
    fresh.add("dtstamp", stamp)
    fresh.add("sequence", sequence)
    return fresh


def write_calendar(
    process: Process,
    writer: Writer,
    *,
    phase_id: str | None = None,
    output: Path | None = None,
    now: datetime | None = None,
    state: Path | None = None,
) -> Path:
    """Write ``<phase>-termin.ics`` (one phase) or ``termine.ics`` (the process).

    ``state`` is the folder whose ``.ik-kalender.json`` records what was issued (``ik
    build`` passes its output folder, so the files in the phase folders count with
    ``termine.ics``); default: the folder of the file."""
    name = f"{phase_id}-termin.ics" if phase_id is not None else "termine.ics"
    if output is not None and output.suffix.lower() == ".ics":
        path = output
    else:
        path = output_dir(process, output) / name
    folder = state if state is not None else path.parent
    previous = path.read_bytes() if path.is_file() else None
    data = render_calendar(
        process, phase_id=phase_id, previous=previous, now=now, known=read_stamps(folder)
    )
    writer.write(path, data)
    keep_stamps(folder, data, writer)
    return path


def calendar_as_issued(
    process: Process, phase_id: str | None = None, now: datetime | None = None
) -> bytes:
    """The calendar file for an e-mail attachment or the terminal: counted against what
    the process's output folder has issued (so a changed entry is an update there too),
    without recording anything."""
    return render_calendar(
        process, phase_id=phase_id, now=now, known=read_stamps(output_dir(process, None))
    )
