"""The process in German phrases: how press texts name the municipality, events, venues, people.

Templates compose sentences; this module supplies the grammatical pieces
("die Stadt Elmshorn", "zur Auftaktveranstaltung „Elmshorn im Dialog“",
"im Rathaus Elmshorn", "interessierte Einwohner*innen") so that the templates
never have to guess an article. Where no article can be told, the attribute is
``None`` and the template uses a sentence without one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from integrakonzept.documents.wording import (
    Gender,
    NounPhrase,
    inner_quotes,
    join_list,
    noun_phrase,
    number_word,
    ordinal_word,
    quote_lead,
)
from integrakonzept.process.model import (
    KIND_LABELS,
    AnyPhase,
    Contact,
    EventPhase,
    Host,
    MilestonePhase,
    OnlinePhase,
    Process,
    Quote,
    Venue,
)
from integrakonzept.render import locale
from integrakonzept.render.templating import sentence as sentence_end

_MUNICIPALITY_GENDER: dict[str, Gender] = {
    "Stadt": "f", "Kreis": "m", "Bezirk": "m", "Gemeinde": "f", "Amt": "n",
}
# Word stems that show an audience is already named in an event's title.
_AUDIENCE_STEMS: dict[str, tuple[str, ...]] = {
    "einwohnende": ("einwohner",),
    "hauptamt": ("hauptamtlich", "fachleute", "fachkräfte"),
    "ehrenamt": ("ehrenamtlich",),
    "migrantenorganisationen": ("migrantenorganisation", "migrant*innenorganisation"),
    "politik": ("politik",),
    "verwaltung": ("verwaltung",),
}


@dataclass(frozen=True)
class Words:
    """A noun phrase in the cases and with the prepositions press texts need."""

    np: NounPhrase

    @property
    def text(self) -> str:
        return self.np.text

    @property
    def nom(self) -> str:
        return self.np.definite("nom")

    @property
    def acc(self) -> str:
        return self.np.definite("acc")

    @property
    def dat(self) -> str:
        return self.np.definite("dat")

    @property
    def to(self) -> str:
        return self.np.to()

    @property
    def by(self) -> str:
        return self.np.by()

    @property
    def at(self) -> str:
        return self.np.at()

    @property
    def of(self) -> str:
        return self.np.of()

    @property
    def on(self) -> str:
        """``am Integrationskonzept``, ``an der Strategie`` (working on something)."""
        return f"am {self.np.inflected('dat')}" if self.np.gender != "f" else f"an der {self.np.inflected('dat')}"

    @property
    def out_of(self) -> str:
        """``aus dem Fachforum``, ``aus der Konferenz``."""
        return f"aus {self.np.definite('dat')}"


def _kind_np(kind: str, title: str) -> NounPhrase:
    label = KIND_LABELS[kind]
    head = noun_phrase(label)
    gender = head.gender if head is not None else "f"
    return NounPhrase(f"{label} „{inner_quotes(title)}“", gender)


# Nouns that name a gathering: an event's title is used as a noun only if its head noun
# ends in one of them („Fachtag Integration“, „Ganztägige Planungswerkstatt“); a title such
# as „Erster Entwurf im Gespräch“ or „Zusammenleben im Dorf“ names a topic, not the event.
_EVENT_NOUNS = (
    "veranstaltung", "konferenz", "werkstatt", "workshop", "forum", "foren", "runde", "runden",
    "treffen", "tag", "abend", "auftakt", "dialog", "gespräch", "gespräche", "sitzung",
    "präsentation", "vorstellung", "tagung", "symposium", "seminar", "kongress", "versammlung",
    "diskussion", "austausch", "begegnung", "empfang", "café", "cafe", "salon", "rundgang",
    "tisch", "labor", "camp", "woche", "fest", "messe", "anhörung", "klausur", "plenum",
    "befragung", "umfrage", "kommentierung", "beteiligung", "sprechstunde", "spaziergang",
)
# Words that may follow the head noun of a name („Fachrunde mit Hauptamtlichen“); any other
# word in lower case right after it makes a slogan („Integration gemeinsam gestalten“).
_FOLLOWERS = frozenset(
    "für zum zur im in mit der die das des dem den am an von vom über und oder zu auf gegen "
    "nach aus bei beim ins ans unter vor ohne um ein eine einer eines einem sowie als".split()
)


def _is_slogan(np: NounPhrase) -> bool:
    words = np.text.split()
    head = 1 if np.adjective is not None else 0
    after = words[head + 1] if len(words) > head + 1 else ""
    return bool(after) and after[:1].islower() and after not in _FOLLOWERS


def _names_a_gathering(np: NounPhrase) -> bool:
    words = np.text.split()
    head = words[1 if np.adjective is not None else 0].strip("„“‚‘\"'").lower()
    return head.endswith(_EVENT_NOUNS)


def title_np(title: str, kind: str, *, event: bool = False) -> NounPhrase:
    """A phase title as a noun phrase; falls back to the kind ("das Fachforum „…“").

    A title that names a thing ("Ganztägige Planungswerkstatt") is used as a common noun
    with its adjective in lower case ("die ganztägige Planungswerkstatt"); a title that is
    a motto ("Integration gemeinsam gestalten") or, for an ``event``, names a topic rather
    than a gathering ("Erster Entwurf im Gespräch") gets the kind in front and quotation
    marks ("die Auftaktveranstaltung „…“", "der Workshop „…“").
    """
    if " – " in title:
        head, tail = title.split(" – ", 1)
        head_np = noun_phrase(head)
        if head_np is not None and "„" not in head and "„" not in tail and head_np.adjective is None:
            return NounPhrase(f"{head} „{tail}“", head_np.gender)
    np = noun_phrase(title, lower_adjective=True)
    if np is not None and not _is_slogan(np) and (not event or _names_a_gathering(np)):
        return np
    return _kind_np(kind, title)


_ARTICLE_GENDER: dict[str, Gender] = {"der": "m", "die": "f", "das": "n"}


def host_np(host: Host) -> NounPhrase | None:
    """A host as a noun phrase (``der Integrationsrat``); ``None`` for a name without article."""
    if host.article == "ohne":
        return None
    if host.article is not None:
        return NounPhrase(host.name, _ARTICLE_GENDER[host.article])
    return noun_phrase(host.name)


@dataclass(frozen=True)
class HostWords:
    """Who invites, one or several, in the cases the texts need, with verb agreement."""

    hosts: tuple[Host, ...]

    def _each(self, case: str) -> list[str]:
        out = []
        for host in self.hosts:
            np = host_np(host)
            out.append(np.definite(case) if np is not None else host.name)  # type: ignore[arg-type]
        return out

    @property
    def nom(self) -> str:
        """``der Integrationsrat und die Lokale Partnerschaft für Demokratie``."""
        return join_list(self._each("nom"))

    @property
    def dat(self) -> str:
        return join_list(self._each("dat"))

    @property
    def plural(self) -> bool:
        return len(self.hosts) > 1

    @property
    def headline(self) -> str:
        """Headlines drop the article: ``Integrationsrat und Lokale Partnerschaft``; a town
        host is its name (``Lüneburg``)."""
        names = []
        for host in self.hosts:
            name = host.name
            for kind in ("Stadt ", "Gemeinde "):
                if name.startswith(kind) and " " not in name[len(kind):].strip():
                    name = name[len(kind):]
            names.append(name)
        return join_list(names)

    def verb(self, singular: str, plural: str) -> str:
        """``lädt`` or ``laden``."""
        return plural if self.plural else singular


@dataclass(frozen=True)
class PhaseWords(Words):
    """A phase: its noun phrase plus when it happens."""

    phase: AnyPhase

    @property
    def when(self) -> str:
        """``am Mittwoch, 19. März 2025``, ``im April 2025``, ``vom 16. Juni bis 15. August 2025``."""
        phase = self.phase
        if isinstance(phase, OnlinePhase):
            if phase.start_date is None:
                return f"bis zum {locale.format_date_long(phase.end_date)}"
            return locale.format_period(phase.start_date, phase.end_date)
        if isinstance(phase, EventPhase) and phase.end_date is not None:
            return locale.format_period(phase.date.as_date(), phase.end_date)
        return locale.format_when(phase.date)

    @property
    def when_short(self) -> str:
        """``am 19. März 2025`` (no weekday), ``im April 2025``, or a period."""
        phase = self.phase
        if isinstance(phase, OnlinePhase) or (isinstance(phase, EventPhase) and phase.end_date):
            return self.when
        assert isinstance(phase, EventPhase | MilestonePhase)
        if phase.date.is_exact:
            return f"am {locale.format_date_long(phase.date.as_date())}"
        return locale.format_when(phase.date)

    @property
    def date_label(self) -> str:
        """``19. März 2025`` or ``April 2025`` or ``16. Juni bis 15. August 2025``."""
        text = self.when_short
        for prefix in ("am ", "im ", "vom "):
            if text.startswith(prefix):
                return text[len(prefix) :]
        return text

    def first_day(self) -> date:
        return self.phase.first_day()

    def last_day(self) -> date:
        return self.phase.last_day()


def phase_words(phase: AnyPhase) -> PhaseWords:
    return PhaseWords(title_np(phase.title, phase.kind, event=phase.is_event), phase)


@dataclass(frozen=True)
class VenueWords:
    venue: Venue

    @property
    def at(self) -> str | None:
        """``im Rathaus Elmshorn``; ``None`` if the article cannot be told."""
        np = noun_phrase(self.venue.name)
        return np.at() if np is not None else None

    @property
    def details(self) -> str:
        """``Kollegiumssaal, Schulstraße 15-17, 25335 Elmshorn``."""
        return ", ".join(p for p in (self.venue.room, self.venue.address) if p)

    @property
    def full(self) -> str:
        """``Rathaus Elmshorn, Kollegiumssaal, Schulstraße 15-17, 25335 Elmshorn``."""
        return ", ".join(p for p in (self.venue.name, self.details) if p)

    @property
    def room_at(self) -> str:
        """``im Ratssaal im Rathaus Lüneburg``; ``im Rathaus Lüneburg, Raum 101``; the room
        goes first when its article is known."""
        at = self.at or ""
        room = self.venue.room
        if not room:
            return at
        room_np = noun_phrase(room)
        if room_np is not None:
            return f"{room_np.at()} {at}".strip()
        return f"{at}, {room}," if at else room

    @property
    def place(self) -> str:
        """For "findet … statt": ``im Rathaus Elmshorn (Kollegiumssaal, …)`` or ``None``-safe text."""
        at = self.at
        if at is None:
            return ""
        return f"{at} ({self.details})" if self.details else at


@dataclass(frozen=True)
class ContactWords:
    heading: str
    lines: tuple[str, ...]
    email: str | None


def _contact(contact: Contact, process: Process, heading: str) -> ContactWords:
    first = contact.display_name + (f", {contact.role}" if contact.role else "")
    organisation = contact.organisation or ", ".join(
        p for p in (process.organiser.institution, process.organiser.department) if p
    )
    lines = [first, organisation]
    if contact.address:
        lines.append(contact.address)
    if contact.phone is not None:
        lines.append(f"Telefon: {contact.phone.national}")
    if contact.fax is not None:
        lines.append(f"Fax: {contact.fax.national}")
    if contact.email:
        lines.append(f"E-Mail: {contact.email}")
    return ContactWords(heading, tuple(line for line in lines if line), contact.email)


class PhraseBook:
    """German phrases for one process, used by the press-release templates as ``w``."""

    def __init__(
        self, process: Process, today: date, participants: Mapping[str, int] | None = None
    ) -> None:
        self.process = process
        self.style = process.gender_style
        self.today = today
        #: the participant count per phase id from the one set of figures
        #: (results.participation); without it, the process file's results
        self.participants = participants

    # --- who -----------------------------------------------------------------------------

    @property
    def org(self) -> Words:
        """The municipality: ``die Stadt Elmshorn`` (nom), ``der Stadt Elmshorn`` (dat)."""
        m = self.process.municipality
        return Words(NounPhrase(f"{m.kind} {m.name}", _MUNICIPALITY_GENDER[m.kind]))

    def hosts(self, phase: AnyPhase | None = None) -> HostWords:
        """Who invites to ``phase`` (or to the process): ``die Stadt Lüneburg``, or several."""
        return HostWords(tuple(self.process.hosts_of(phase)))

    def organiser(self, phase: AnyPhase | None = None) -> str:
        """``vom Kommunalen Integrationszentrum`` (who organises), or empty."""
        name = self.process.organiser_of(phase)
        if name is None:
            return ""
        np = noun_phrase(name)
        return np.of() if np is not None else f"von {name}"

    @property
    def org_headline(self) -> str:
        """``Elmshorn`` for a town, ``Kreis Ostholstein`` for a district (headlines drop the article)."""
        m = self.process.municipality
        return m.name if m.kind in {"Stadt", "Gemeinde"} else f"{m.kind} {m.name}"

    @property
    def concept(self) -> Words:
        """The concept: ``das Integrationskonzept 2.0``; ``das Konzept „…“`` if unsure."""
        title = self.process.title
        np = noun_phrase(title)
        return Words(np if np is not None else NounPhrase(f"Konzept „{title}“", "n"))

    @property
    def concept_title(self) -> str:
        return self.process.short_title or self.process.title

    def phase(self, phase: AnyPhase) -> PhaseWords:
        return phase_words(phase)

    def venue(self, venue: Venue) -> VenueWords:
        return VenueWords(venue)

    def g(self, word: str, case: str = "nom") -> str:
        return locale.gendered(word, self.style, "dat" if case == "dat" else "nom")

    def audience(self, audience: Sequence[str], case: str = "acc", *, interested: bool = True) -> str:
        """``interessierte Einwohner*innen``, ``Haupt- und Ehrenamtliche``, ``alle Interessierten``."""
        dat = case == "dat"
        parts: list[str] = []
        codes = set(audience)
        if "einwohnende" in codes:
            noun = self.g("einwohner", "dat" if dat else "nom")
            if interested:
                parts.append(("interessierten " if dat else "interessierte ") + noun)
            else:
                # After "alle", nouns made from adjectives take -n: "alle Einwohnenden".
                weak = self.g("einwohner", "dat") if self.style == "neutral" else noun
                parts.append(("allen " if dat else "alle ") + weak)
        if {"hauptamt", "ehrenamt"} <= codes:
            parts.append("Haupt- und Ehrenamtlichen" if dat else "Haupt- und Ehrenamtliche")
        elif "hauptamt" in codes:
            parts.append(self.g("hauptamtliche", "dat" if dat else "nom"))
        elif "ehrenamt" in codes:
            parts.append(self.g("ehrenamtliche", "dat" if dat else "nom"))
        groups = [
            text for code, text in (
                ("migrantenorganisationen", "von Migrantenorganisationen"), ("politik", "aus der Politik")
            ) if code in codes
        ]
        if groups:
            parts.append(f"{self.g('vertreter', 'dat' if dat else 'nom')} {join_list(groups)}")
        if "verwaltung" in codes:
            parts.append(f"{self.g('mitarbeiter', 'dat' if dat else 'nom')} der Verwaltung")
        if not parts:
            return "allen Interessierten" if dat else "alle Interessierten"
        return join_list(parts)

    def invitees(self, phase: EventPhase) -> str:
        """Who is invited (``interessierte Einwohner*innen``); empty when the title already says
        it ("Fachrunde mit Hauptamtlichen" needs no "lädt Hauptamtliche … ein")."""
        title = phase.title.casefold()
        if phase.audience and all(
            any(stem in title for stem in _AUDIENCE_STEMS[code]) for code in phase.audience
        ):
            return ""
        return self.audience(phase.audience)

    def attendees(self, audience: Sequence[str], case: str = "nom") -> str:
        """The noun for counted participants: ``Einwohner*innen``, ``Fachleute``, ``Teilnehmer*innen``."""
        codes = set(audience)
        if codes == {"einwohnende"}:
            return self.g("einwohner", case)
        if codes and codes <= {"hauptamt", "verwaltung"}:
            return "Fachleuten" if case == "dat" else "Fachleute"
        return self.g("teilnehmer", case)

    # --- facts -------------------------------------------------------------------------------

    def time(self, phase: EventPhase) -> str:
        """``von 16:00 bis 19:00 Uhr``, ``ab 16:00 Uhr`` or empty."""
        text = locale.format_time_range(phase.start, phase.end)
        return f"von {text}" if phase.start and phase.end else text

    def channels(self, phase: EventPhase) -> str:
        """``online unter https://…, per E-Mail an … oder telefonisch unter …``."""
        registration = phase.registration
        if registration is None:
            return ""
        items = []
        if registration.url:
            items.append(f"online unter {registration.url}")
        if registration.email:
            items.append(f"per E-Mail an {registration.email}")
        if registration.phone is not None:
            items.append(f"telefonisch unter {registration.phone.national}")
        return join_list(items, "oder")

    def languages(self, codes: list[str]) -> str:
        return join_list([locale.language_name(code) for code in codes])

    def fields(self, ids: list[str]) -> str:
        """``„Sprache“, „Arbeit“ und „Wohnen“`` (Handlungsfeld titles)."""
        return join_list([f"„{inner_quotes(self.process.handlungsfeld(i).title)}“" for i in ids])

    def fields_sentence(self, ids: list[str], verb: str = "geht") -> str:
        """``Es geht um die Handlungsfelder „Sprache“ und „Arbeit“.`` – with the total when the
        process names only some of them."""
        if not ids:
            return ""
        noun = "die Handlungsfelder" if len(ids) > 1 else "das Handlungsfeld"
        text = f"Es {verb} um {noun} {self.fields(ids)}"
        total = self.process.handlungsfelder_total or len(self.process.handlungsfelder)
        if total > len(ids):
            text += f"; insgesamt hat {self.concept.nom} {self.number(total, 'n')} Handlungsfelder"
        return text + "."

    def groups_sentence(self, phase: EventPhase, past: bool = False) -> str:
        """Working groups: their number and their names or Handlungsfelder, in one sentence."""
        groups = phase.working_groups
        results = phase.results
        total = (results.working_groups if results and results.working_groups else None) or (
            groups.total if groups else None
        )
        titles = list(groups.titles) if groups else []
        fields = list(groups.handlungsfelder) if groups else []
        verb = "wurde" if past else "wird"
        if not total and not titles and not fields:
            return ""
        amount = "einer Arbeitsgruppe" if total == 1 else (
            f"{self.number(total)} Arbeitsgruppen" if total else "Arbeitsgruppen"
        )
        text = f"Gearbeitet {verb} in {amount}"
        if titles:
            quoted = join_list([f"„{inner_quotes(t)}“" for t in titles])
            text += f": {quoted}"
        elif fields:
            noun = "den Handlungsfeldern" if len(fields) > 1 else "dem Handlungsfeld"
            text += f" zu {noun} {self.fields(fields)}"
        return text + "."

    def field_title(self, hf_id: str) -> str:
        return self.process.handlungsfeld(hf_id).title

    def related(self, phase: AnyPhase) -> PhaseWords | None:
        """The first phase ``phase`` refers to (``bezug:``), e.g. the draft being commented."""
        for ref in phase.related:
            return self.phase(self.process.phase(ref))
        return None

    def acc(self, name: str) -> str:
        """A name in the accusative with its article (``den Kinderschutzbund``), else as written."""
        np = noun_phrase(name)
        return np.definite("acc") if np is not None else name

    def programme_line(self, phase: EventPhase) -> str:
        """``16:00 Uhr Begrüßung; Arbeitsgruppen; 18:30 Uhr Ergebnisse`` (times where known)."""
        return "; ".join(
            (f"{locale.format_clock(item.at)} " if item.at else "") + item.title
            for item in phase.programme
        )

    def budget(self) -> str:
        """``100.000 Euro`` (press style writes the word), or empty without a budget."""
        amount = self.process.budget_eur
        if amount is None:
            return ""
        from babel.numbers import format_decimal

        pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
        return f"{format_decimal(amount, format=pattern, locale='de_DE')} Euro"

    def contact_phrase(self) -> str:
        """``Frau Mira Beispielfrau (Telefon 04521 788-123, E-Mail …)``."""
        contact = self.process.contact
        ways = []
        if contact.phone is not None:
            ways.append(f"Telefon {contact.phone.national}")
        if contact.email:
            ways.append(f"E-Mail {contact.email}")
        return contact.display_name + (f" ({', '.join(ways)})" if ways else "")

    def speaker(self, quote: Quote) -> str:
        """``Oberbürgermeisterin Anna Beispiel`` (a short title goes before the name, as
        newspapers write it); ``Sevgi Yilmaz, Vorsitzende des Integrationsrats`` otherwise."""
        role = quote.role
        if role is None:
            return quote.person
        words = role.split()
        if len(words) <= 2 and all(w[:1].isupper() for w in words):
            return f"{role} {quote.person}"
        return f"{quote.person}, {role}"

    def quote(self, quote: Quote, verb: str = "sagt") -> str:
        """``„Es geht um …“, sagt Erster Stadtrat Dirk Moritz.`` or, paraphrased,
        ``Oberbürgermeisterin Anna Beispiel begrüßte die Gäste.``"""
        if quote.paraphrase is not None:
            who = self.speaker(quote)
            # An apposition ("Sevgi Yilmaz, Vorsitzende des Integrationsrats,") is closed by a comma.
            if ", " in who:
                who += ","
            return sentence_end(f"{who} {quote.paraphrase}")
        text = inner_quotes(quote_lead(quote.text or ""))
        if text.endswith(("?", "!")):
            return f"„{text}“, {verb} {self.speaker(quote)}."
        return f"„{text}“, {verb} {self.speaker(quote)}."

    def partners(self) -> str:
        """Partners in the nominative, as written where no article is known:
        ``das Netzwerk KIESEL, der Kinderschutzbund und Lokale Partnerschaften``."""
        items = []
        for partner in self.process.partners:
            np = noun_phrase(partner.name)
            items.append(np.definite("nom") if np is not None else partner.name)
        return join_list(items)

    def partner_sentences(self) -> list[str]:
        """The partner sentence and, for partners with a long name, one short sentence each
        (no brackets): ``KIESEL steht für „Kooperation …“``. Roles are working notes (free
        text that does not fit a sentence) and stay out of press texts."""
        partners = self.process.partners
        if not partners:
            return []
        verb = "sind" if len(partners) > 1 else "ist"
        out = [f"Partner im Prozess {verb} {self.partners()}."]
        for partner in partners:
            if partner.long_name and not partner.long_name.startswith(partner.name):
                out.append(f"{partner.name} steht für „{inner_quotes(partner.long_name)}“.")
        return out

    def count(self, value: int) -> str:
        """``fünf``, ``75``, ``1.200``, ``über 120``: counts as the coordinator entered them
        (they know how exact they are); up to twelve in words, as press style writes them."""
        qualifier = getattr(value, "qualifier", None)
        number = (
            self.number(int(value), "f") if int(value) <= 12 else locale.format_number(int(value))
        )
        if int(value) == 1 and qualifier is None:
            number = "eine"
        return f"{qualifier} {number}" if qualifier else number

    def people(self, value: int, audience: Sequence[str], case: str = "nom") -> str:
        """``75 Fachleute``, ``über 120 Einwohner*innen``, ``eine Person`` (agreement for one)."""
        if int(value) == 1 and getattr(value, "qualifier", None) is None:
            return "einer Person" if case == "dat" else "eine Person"
        return f"{self.count(value)} {self.attendees(audience, case)}"

    def has(self, value: int) -> str:
        """``hat`` for exactly one, ``haben`` otherwise."""
        return "hat" if int(value) == 1 and getattr(value, "qualifier", None) is None else "haben"

    def number(self, value: int, gender: Gender = "f") -> str:
        """``fünf`` (press style writes numbers up to twelve as words)."""
        return number_word(value, gender)

    def ordinal(self, position: int) -> str:
        return ordinal_word(position)

    # --- the process around a phase ------------------------------------------------------

    def _last_day(self, phase: AnyPhase) -> date:
        return self.phase(phase).last_day()

    def steps_before(self, phase: AnyPhase, milestones: bool = False) -> list[AnyPhase]:
        """Events and online phases (with ``milestones`` also drafts and committee meetings)
        before ``phase`` (file order) that are over by today."""
        before, _ = self.process.neighbours(phase.id)
        return [
            p for p in before
            if (milestones or not isinstance(p, MilestonePhase)) and self._last_day(p) < self.today
        ]

    def pronoun(self, phase: AnyPhase) -> str:
        """``Sie``, ``Er``, ``Es`` for the phase's noun phrase."""
        return {"f": "Sie", "m": "Er", "n": "Es"}[self.phase(phase).np.gender]

    def steps_pending(self, phase: AnyPhase) -> list[AnyPhase]:
        """Events and online phases before ``phase`` (file order) that are still to come."""
        before, _ = self.process.neighbours(phase.id)
        return [
            p for p in before if not isinstance(p, MilestonePhase) and self._last_day(p) >= self.today
        ]

    def steps_after(self, phase: AnyPhase) -> list[AnyPhase]:
        """Phases after ``phase`` (file order) that are not over, without the council decision."""
        _, after = self.process.neighbours(phase.id)
        decision = self.process.council_decision()
        return [
            p for p in after
            if (decision is None or p.id != decision.id) and self._last_day(p) >= self.today
        ]

    def event_position(self, phase: EventPhase) -> tuple[int, int]:
        """``(2, 3)``: the second of three events."""
        events = self.process.event_phases()
        return [e.id for e in events].index(phase.id) + 1, len(events)

    def decision_after(self, phase: AnyPhase) -> MilestonePhase | None:
        """The council decision, if it comes after ``phase``."""
        decision = self.process.council_decision()
        _, after = self.process.neighbours(phase.id)
        if decision is None or decision not in after or self._last_day(decision) < self.today:
            return None
        return decision

    def recap(self, phases: list[AnyPhase], with_results: bool = True) -> str:
        """``die Zukunftskonferenz „…“ am 25. März 2025 mit 75 Fachleuten und …``."""
        items = []
        for step in phases:
            words = self.phase(step)
            text = f"{words.nom} {words.when_short}"
            results = step.results if with_results else None
            count: int | None = results.participants if results is not None else None
            if with_results and self.participants is not None:
                count = self.participants.get(step.id, count)
            if count:
                audience: Sequence[str] = step.audience if isinstance(step, EventPhase | OnlinePhase) else []
                text += f" mit {self.people(count, audience, 'dat')}"
            elif results is not None and results.contributions:
                one = int(results.contributions) == 1 and results.contributions.is_exact
                text += " mit einem Beitrag" if one else f" mit {self.count(results.contributions)} Beiträgen"
            items.append(text)
        return join_list(items)

    def body(self, milestone: MilestonePhase) -> Words | None:
        """The deciding body as a noun phrase (``der Kreistag Ostholstein``), if one is named."""
        if milestone.body is None:
            return None
        np = noun_phrase(milestone.body)
        return Words(np) if np is not None else None

    # --- contacts ------------------------------------------------------------------------------

    def contacts(self) -> list[ContactWords]:
        process = self.process
        if process.press_contact_ is None or process.contact_ is None:
            return [_contact(process.contact, process, "Pressekontakt" if process.contact_ is None else "Kontakt")]
        if process.press_contact_ == process.contact_:
            return [_contact(process.contact, process, "Kontakt")]
        return [
            _contact(process.contact, process, "Ansprechperson im Fachamt"),
            _contact(process.press_contact_, process, "Pressekontakt"),
        ]
