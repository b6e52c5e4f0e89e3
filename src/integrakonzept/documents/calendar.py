"""Calendar files (RFC 5545) for one event or the whole process, in Europe/Berlin time.

Each phase keeps the same UID whenever the file is made again, so a calendar
program that imports the new file updates the entry instead of adding a second
one. When a previous file is given, an entry whose content did not change keeps
its DTSTAMP and SEQUENCE (the file stays byte-identical); a changed entry gets
SEQUENCE + 1 and a new DTSTAMP, which is how calendar programs recognise an
update.

Events with a time of day become timed entries (repeated daily over several
days: "jeweils 10 bis 16 Uhr"); events without a time, online
phases (first to last day) and dated milestones become all-day entries. Phases
known only to the month are left out: a calendar needs a day.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept import __version__
from integrakonzept.documents.common import find_phase, output_dir, require_exact_date
from integrakonzept.output import Writer
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
                str(c) for c in (
                    registration.url, registration.email,
                    registration.phone.national if registration.phone else None,
                ) if c
            )
            if registration.deadline:
                lines.append(text(
                    "calendar_registration", lang,
                    date=locale.format_day(registration.deadline), channels=channels,
                ))
            else:
                lines.append(text("calendar_registration_open", lang, channels=channels))
    if isinstance(phase, OnlinePhase) and phase.url:
        lines.append(text("calendar_online", lang, url=phase.url))
    contact = process.contact
    ways = ", ".join(
        p for p in (contact.display_name, contact.phone.national if contact.phone else None, contact.email) if p
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
            location = ", ".join(p for p in (phase.venue.name, phase.venue.room, phase.venue.address) if p)
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


def _previous_events(previous: bytes | None) -> dict[str, Any]:
    if not previous:
        return {}
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(previous)
    except ValueError:
        return {}
    return {str(e.get("UID")): e for e in calendar.walk("VEVENT") if e.get("UID")}


def render_calendar(
    process: Process,
    *,
    phase_id: str | None = None,
    previous: bytes | None = None,
    now: datetime | None = None,
    lang: str = "de",
    page_url: str | None = None,
) -> bytes:
    """The ``.ics`` file of one phase (``phase_id``) or of every dated phase.

    ``page_url`` (the public process page, if it has an address) is named in every
    entry's description.

    ``previous`` is the file made last time (if any): unchanged entries keep
    their stamp and sequence, changed ones are counted up. ``now`` stamps new
    or changed entries (default: the current time).
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
    events = restamp([_event(process, phase, lang, page_url) for phase in phases], previous, now)
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
        uid=calendar_uid(process) if phase_id is None else uid(process, phases[0]).replace("@", ".kalender@"),
        subcomponents=[icalendar.Timezone.from_ical(VTIMEZONE), *events],
    )
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", TIMEZONE)
    data: bytes = calendar.to_ical()
    return data


def restamp(
    events: list[icalendar.Event], previous: bytes | None, now: datetime | None
) -> list[icalendar.Event]:
    """Give each event its DTSTAMP and SEQUENCE: unchanged against ``previous`` keeps
    both, changed gets SEQUENCE + 1 and ``now``, new gets SEQUENCE 0 and ``now``."""
    stamp_now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    old = _previous_events(previous)
    out = []
    for event in events:
        before = old.get(str(event["UID"]))
        if before is not None and _VOLATILE.sub(b"", before.to_ical()) == _VOLATILE.sub(
            b"", _with_stamp(event, before.get("DTSTAMP").dt, before.get("SEQUENCE", 0)).to_ical()
        ):
            event = _with_stamp(event, before.get("DTSTAMP").dt, int(before.get("SEQUENCE", 0)))
        elif before is not None:
            event = _with_stamp(event, stamp_now, int(before.get("SEQUENCE", 0)) + 1)
        else:
            event = _with_stamp(event, stamp_now, 0)
        out.append(event)
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
) -> Path:
    """Write ``<phase>-termin.ics`` (one phase) or ``termine.ics`` (the process)."""
    name = f"{phase_id}-termin.ics" if phase_id is not None else "termine.ics"
    if output is not None and output.suffix.lower() == ".ics":
        path = output
    else:
        path = output_dir(process, output) / name
    previous = path.read_bytes() if path.is_file() else None
    writer.write(path, render_calendar(process, phase_id=phase_id, previous=previous, now=now))
    return path
