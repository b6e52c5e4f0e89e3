"""The events of a process as the people module needs them, and matching export values to them.

An export names its event in many ways: the phase id (``auftakt``), the title
(``Auftaktveranstaltung „Elmshorn im Dialog“``), a pretix product (``Teilnahme Auftakt``),
the date (``19.03.2025``), or several events in one checkbox answer. Matching is tolerant
of case, spacing, quotes and punctuation, and never guesses between two candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING

from integrakonzept.people.normalize import match_text

if TYPE_CHECKING:
    from integrakonzept.process.model import EventPhase, Process


@dataclass(frozen=True)
class EventInfo:
    """One event phase, flattened."""

    id: str
    title: str
    kind: str
    day: date | None
    date_text: str
    start: time | None
    end: time | None
    venue: str
    access: str
    capacity: int | None
    registration_required: bool
    deadline: date | None
    url: str
    interpreting: str
    languages: tuple[str, ...]
    childcare: str
    audience: str
    #: the event's last day (the last day of its month when only the month is known)
    last_day: date | None = None
    year: int | None = None


@dataclass(frozen=True)
class EventMatch:
    """What an export's event text names: event ids, and how sure that is."""

    ids: list[str]
    #: the text equals an id, a title, a date or a mapping-file label
    exact: bool = False
    #: events the text fits equally well (``ids`` is empty then)
    ambiguous: tuple[str, ...] = ()
    #: a checkbox answer naming several events where some parts name none
    #: (``ids`` is empty then): the events the other parts name ...
    partial: tuple[str, ...] = ()
    #: ... and the parts naming no single event, each with the events it fits equally well
    rest: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class TopicInfo:
    id: str
    title: str
    description: str


def _event_info(phase: EventPhase) -> EventInfo:
    from integrakonzept.process.model import AUDIENCE_LABELS

    day = phase.date.as_date() if phase.date.is_exact else None
    if day is not None:
        date_text = day.strftime("%d.%m.%Y")
        if phase.end_date:
            date_text += " – " + phase.end_date.strftime("%d.%m.%Y")
    else:
        date_text = (
            f"{phase.date.month:02d}.{phase.date.year}" if phase.date.is_month else phase.date.label
        )
    venue = ""
    if phase.venue is not None:
        venue = ", ".join(x for x in (phase.venue.name, phase.venue.room, phase.venue.address) if x)
    registration = phase.registration
    languages: tuple[str, ...] = ()
    interpreting = ""
    if phase.interpreting is not None:
        languages = tuple(_language_names(phase.interpreting.languages))
        interpreting = "auf Anfrage" if phase.interpreting.on_request else "ja"
        if languages:
            interpreting += ": " + ", ".join(languages)
    childcare = ""
    if phase.childcare is not None:
        childcare = "ja" if phase.childcare.offered else "nein"
        if phase.childcare.offered and phase.childcare.provider:
            childcare += f" ({phase.childcare.provider})"
    last_day = phase.end_date or phase.date.last_day()
    return EventInfo(
        id=phase.id,
        title=phase.title,
        kind=phase.kind_label,
        day=day,
        date_text=date_text,
        start=phase.start,
        end=phase.end,
        venue=venue,
        access="öffentlich" if phase.access == "oeffentlich" else "auf Einladung",
        capacity=phase.capacity,
        registration_required=phase.registration_required,
        deadline=registration.deadline if registration else None,
        url=str(registration.url) if registration and registration.url else "",
        interpreting=interpreting,
        languages=languages,
        childcare=childcare,
        audience=", ".join(AUDIENCE_LABELS.get(a, a) for a in phase.audience),
        last_day=last_day,
        year=phase.date.year,
    )


def _language_names(codes: list[str]) -> list[str]:
    from integrakonzept.render.locale import language_name

    names: list[str] = []
    for code in codes:
        try:
            names.append(language_name(code))
        except Exception:  # an unknown code: show it as written
            names.append(code)
    return names


@dataclass
class Catalog:
    """Events and Handlungsfelder of a process, with tolerant lookup."""

    events: list[EventInfo]
    topics: list[TopicInfo]
    title: str = ""
    #: words of the process (municipality, title) that may stand beside an event's name
    context_words: frozenset[str] = frozenset()
    #: extra labels → event id (from a mapping file)
    aliases: dict[str, str] = field(default_factory=dict)
    #: languages named in the process (for the dropdown and the overview)
    languages: tuple[str, ...] = ()
    _event_keys: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _event_cache: dict[str, list[str] | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    _topic_cache: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _resolve_cache: dict[str, EventMatch] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_process(cls, process: Process) -> Catalog:
        events = [_event_info(p) for p in process.event_phases()]
        topics = [TopicInfo(h.id, h.title, h.description or "") for h in process.handlungsfelder]
        languages: list[str] = []
        for event in events:
            for name in event.languages:
                if name not in languages:
                    languages.append(name)
        for name in _language_names([c for c in process.languages if c != "de"]):
            if name not in languages:
                languages.append(name)
        context = " ".join([process.title, process.municipality.name, *(e.venue for e in events)])
        words = frozenset(match_text(context).split())
        return cls(events, topics, process.title, words, {}, tuple(languages))

    def with_aliases(self, aliases: Mapping[str, str]) -> Catalog:
        return Catalog(
            self.events, self.topics, self.title, self.context_words, dict(aliases), self.languages
        )

    def event(self, event_id: str) -> EventInfo | None:
        for event in self.events:
            if event.id == event_id:
                return event
        return None

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.events]

    # --- events --------------------------------------------------------------------------

    def _keys(self) -> dict[str, str]:
        if self._event_keys is not None:
            return self._event_keys
        keys: dict[str, str] = {}
        for event in self.events:
            for label in (event.id, event.title, _strip_quotes(event.title)):
                keys.setdefault(match_text(label), event.id)
        for event in self.events:
            if event.day is not None:
                for label in (event.day.strftime("%d.%m.%Y"), event.day.isoformat()):
                    keys.setdefault(match_text(label), event.id)
        for label, event_id in self.aliases.items():
            keys[match_text(label)] = event_id
        self._event_keys = keys
        return keys

    def match_event(self, value: str) -> list[str] | None:
        """Event ids named by ``value`` (one or several), or ``None`` if not understood."""
        if value in self._event_cache:
            return self._event_cache[value]
        result = self._match_event(value)
        self._event_cache[value] = result
        return result

    def _match_event(self, value: str) -> list[str] | None:
        v = value.strip()
        if not v:
            return []
        keys = self._keys()
        single = self._match_one(v, keys)
        if single is not None:
            return [single]
        parts = [p for p in re.split(r"\s*[;\n]\s*|\s*,\s+", v) if p.strip()]
        if len(parts) > 1:
            found: list[str] = []
            for part in parts:
                hit = self._match_one(part, keys)
                if hit is None:
                    return None
                if hit not in found:
                    found.append(hit)
            return found
        return None

    def _match_one(self, value: str, keys: dict[str, str]) -> str | None:
        norm = match_text(value)
        if not norm:
            return None
        if norm in keys:
            return keys[norm]
        # containment, only when exactly one event fits
        hits = set()
        padded = f" {norm} "
        for key, event_id in keys.items():
            if len(key) >= 4 and (f" {key} " in padded or (len(norm) >= 6 and norm in key)):
                hits.add(event_id)
        if len(hits) == 1:
            return hits.pop()
        if hits:
            return None
        # a distinctive word shared with exactly one event ("Ticket Auftaktveranstaltung")
        words = {w for w in norm.split() if len(w) >= 5 and w not in _COMMON_WORDS}
        for event in self.events:
            event_words = set(match_text(f"{event.id} {event.title}").split())
            if words & event_words:
                hits.add(event.id)
        return hits.pop() if len(hits) == 1 else None

    def resolve_event(self, value: str) -> EventMatch:
        """Like :meth:`match_event`, telling an exact name from a guess and "mehrdeutig"
        (several events fit) from "unbekannt" (none fits)."""
        if value not in self._resolve_cache:
            if len(self._resolve_cache) > 100_000:  # bounded: one answer per row at most
                self._resolve_cache.clear()
            self._resolve_cache[value] = self._resolve_event(value)
        return self._resolve_cache[value]

    def _resolve_event(self, value: str) -> EventMatch:
        v = value.strip()
        whole = self._resolve_whole(v)
        if whole.ids or whole.ambiguous or not v:
            return whole
        return self._resolve_parts(v)

    def _resolve_whole(self, v: str) -> EventMatch:
        """What the text as a whole names (no splitting at commas or semicolons)."""
        if not v:
            return EventMatch([])
        keys = self._keys()
        norm = match_text(v)
        if norm in keys:
            return EventMatch([keys[norm]], exact=True)
        hits = self._candidates(v, keys)
        if len(hits) == 1:
            return EventMatch(hits)
        if len(hits) > 1:
            return EventMatch([], ambiguous=tuple(hits))
        return EventMatch([])

    def _resolve_parts(self, value: str) -> EventMatch:
        """A checkbox answer ("A, B" from Google Forms, "A;B;" from Nextcloud and MS Forms):
        the events its parts name. Neighbouring parts are tried together first, longest
        first, so that a title with a comma in it stays one event."""
        parts = [p.strip() for p in re.split(r"\s*[;\n]\s*|\s*,\s+", value) if p.strip()]
        if len(parts) < 2:
            return EventMatch([])
        found: list[str] = []
        rest: list[tuple[str, tuple[str, ...]]] = []
        exact = True
        start = 0
        while start < len(parts):
            best: tuple[int, EventMatch] | None = None
            for want_exact in (True, False):
                # a title has at most a few commas; longer runs would cost much and help none
                for end in range(min(len(parts), start + 4), start, -1):
                    if end - start == len(parts):
                        continue  # the whole text was tried already
                    sub = self._resolve_whole(", ".join(parts[start:end]))
                    if sub.ids and (sub.exact or not want_exact):
                        best = (end, sub)
                        break
                if best is not None:
                    break
            if best is None:
                rest.append((parts[start], self._resolve_whole(parts[start]).ambiguous))
                start += 1
                continue
            start, sub = best
            exact = exact and sub.exact
            found.extend(i for i in sub.ids if i not in found)
        if rest:
            return EventMatch([], partial=tuple(found), rest=tuple(rest))
        return EventMatch(found, exact=exact)

    def _candidates(self, value: str, keys: dict[str, str]) -> list[str]:
        """Events a text names without naming them exactly; never one it contradicts."""
        norm = match_text(value)
        # details in parentheses ("(Rathaus, großer Saal)") do not contradict; years do
        checked = match_text(
            re.sub(r"\([^()]*\)", lambda m: " ".join(re.findall(r"\d{4}", m.group())), value)
        )
        hits: list[str] = []
        padded = f" {norm} "
        for key, event_id in keys.items():
            if len(key) >= 4 and (f" {key} " in padded or (len(norm) >= 6 and norm in key)):
                if event_id not in hits and not self._contradicts(checked, event_id):
                    hits.append(event_id)
        if hits:
            return hits
        words = {w for w in norm.split() if len(w) >= 5 and w not in _COMMON_WORDS}
        for event in self.events:
            event_words = set(match_text(f"{event.id} {event.title}").split())
            if words & event_words and not self._contradicts(checked, event.id):
                hits.append(event.id)
        return hits

    def _contradicts(self, norm: str, event_id: str) -> bool:
        """Whether a text names something else besides the event: another year, another
        place ("Auftakt 2017", "Auftaktveranstaltung Integrationskonzept Pinneberg")."""
        event = self.event(event_id)
        if event is None:
            return False
        own = set(match_text(f"{event.id} {event.title} {event.date_text}").split())
        own |= self.context_words
        for word in norm.split():
            if word in own or word in _COMMON_WORDS or word in _HARMLESS_WORDS:
                continue
            if word.isdigit():
                if len(word) == 4 and event.year is not None and int(word) != event.year:
                    return True
                continue
            if len(word) >= 5:
                return True  # a name the event does not have: a place, another event
        return False

    # --- Handlungsfelder -------------------------------------------------------------------

    def match_topics(self, value: str) -> str:
        """Canonical Handlungsfeld titles for an answer; unknown parts are kept as written."""
        if value not in self._topic_cache:
            self._topic_cache[value] = self._match_topics(value)
        return self._topic_cache[value]

    def _match_topics(self, value: str) -> str:
        titles = {topic.id: topic.title for topic in self.topics}
        pairs = ((topic.id, topic.title) for topic in self.topics)
        result: list[str] = []
        for part, topic_id in match_topic_parts(value, pairs):
            title = titles[topic_id] if topic_id is not None else part
            if title not in result:
                result.append(title)
        return "; ".join(result)


def match_topic_parts(
    value: str, topics: Iterable[tuple[str, str]]
) -> list[tuple[str, str | None]]:
    """Split a Handlungsfeld answer into its parts, each with the id it names (or ``None``).

    ``topics`` are (id, title) pairs. The whole answer, or each part separated by
    ``;``, a line break or ``, ``, matches an id or title tolerantly (case, spacing,
    accents), or a unique id/title that contains it or is contained in it.
    """
    v = value.strip()
    if not v:
        return []
    keys: dict[str, str] = {}
    for topic_id, title in topics:
        keys.setdefault(match_text(topic_id), topic_id)
        keys.setdefault(match_text(title), topic_id)
    whole = keys.get(match_text(v))
    if whole is not None:
        return [(v, whole)]
    parts: list[tuple[str, str | None]] = []
    for part in re.split(r"\s*[;\n]\s*|\s*,\s+", v):
        if not part.strip():
            continue
        p = match_text(part)
        found = keys.get(p)
        if found is None:
            hits = {
                i for k, i in keys.items() if len(k) >= 4 and (k in p or (len(p) >= 5 and p in k))
            }
            found = hits.pop() if len(hits) == 1 else None
        parts.append((part.strip(), found))
    return parts


#: words too common in event names to tell events apart
_COMMON_WORDS = frozenset(
    {
        "teilnahme",
        "anmeldung",
        "veranstaltung",
        "ticket",
        "tickets",
        "eintritt",
        "kostenlos",
        "kostenfrei",
        "platz",
        "plaetze",
        "termin",
        "integration",
        "integrationskonzept",
        "stadt",
        "kreis",
        "gemeinde",
        "konzept",
        "fachforum",
        "workshop",
        "werkstatt",
        "beteiligung",
        "konferenz",
        "dialog",
    }
)


#: words an event's name may be written with in a form or a ticket shop
_HARMLESS_WORDS = frozenset(
    {
        "anmeldung",
        "anmelden",
        "erwachsene",
        "erwachsener",
        "kinder",
        "ermaessigt",
        "regulaer",
        "standard",
        "person",
        "personen",
        "begleitperson",
        "mitglied",
        "mitglieder",
        "online",
        "praesenz",
        "digital",
        "gratis",
        "freier",
        "eintritt",
        "einlass",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "januar",
        "februar",
        "maerz",
        "april",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
        "abends",
        "morgens",
        "nachmittags",
        "vormittags",
        "ganztags",
        "halbtags",
        "admission",
        "registration",
        "free",
        "adult",
        "adults",
        "participation",
        "attendance",
    }
)


def _strip_quotes(text: str) -> str:
    return re.sub(r"[„“”\"'‚‘’»«]", "", text)
