"""The process definition: one validated, immutable model of the whole process.

Attribute names are English; the YAML keys a coordinator writes are German
(pydantic aliases). Models reject unknown keys. Consistency rules that concern
one object (end after start) live here; references across the file (unknown
Handlungsfeld, duplicate ids) are checked in :mod:`integrakonzept.process.load`
so that each can be reported at its exact line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

# ik plan: bodies, rules, lead times (re-exported: the key reference looks them up here)
from integrakonzept.process.council import Amtsblatt as Amtsblatt
from integrakonzept.process.council import Body as Body
from integrakonzept.process.council import Land as Land
from integrakonzept.process.council import LeadTimes as LeadTimes
from integrakonzept.process.council import Planning as Planning
from integrakonzept.process.types import (
    ClockTime,
    Colour,
    Count,
    Email,
    Euro,
    ExactDate,
    Figure,
    Flag,
    Ident,
    LanguageCode,
    PartialDate,
    Phone,
    PostalCode,
    Text,
    Url,
)

EVENT_KINDS = ("auftakt", "fachforum", "workshop", "beteiligung", "konferenz", "praesentation")
ONLINE_KINDS = ("online_befragung", "online_kommentierung")
MILESTONE_KINDS = ("verschriftlichung", "gremienberatung", "ratsbeschluss")

EventKind = Literal["auftakt", "fachforum", "workshop", "beteiligung", "konferenz", "praesentation"]
OnlineKind = Literal["online_befragung", "online_kommentierung"]
MilestoneKind = Literal["verschriftlichung", "gremienberatung", "ratsbeschluss"]
#: ``date`` itself is a field name of several phases; methods name the type through this
Day = date
#: i8: the state of a phase as the coordinator records it (``status:``)
PhaseStatus = Literal["geplant", "läuft", "abgeschlossen", "abgesagt", "verschoben"]

KIND_LABELS: dict[str, str] = {
    "auftakt": "Auftaktveranstaltung",
    "fachforum": "Fachforum",
    "workshop": "Workshop",
    "beteiligung": "Beteiligungsveranstaltung",
    "konferenz": "Integrationskonferenz",
    "praesentation": "Präsentation",
    "online_befragung": "Online-Befragung",
    "online_kommentierung": "Online-Kommentierung",
    "verschriftlichung": "Verschriftlichung",
    "gremienberatung": "Beratung in den Gremien",
    "ratsbeschluss": "Beschluss",
}

Audience = Literal[
    "einwohnende", "hauptamt", "ehrenamt", "migrantenorganisationen", "politik", "verwaltung"
]
AUDIENCE_LABELS: dict[str, str] = {
    "einwohnende": "Einwohnende",
    "hauptamt": "Hauptamtliche",
    "ehrenamt": "Ehrenamtliche",
    "migrantenorganisationen": "Migrantenorganisationen",
    "politik": "Politik",
    "verwaltung": "Verwaltung",
}
GenderStyle = Literal["stern", "doppelpunkt", "paarform", "neutral"]
MunicipalityKind = Literal["Stadt", "Kreis", "Bezirk", "Gemeinde", "Amt"]
Priority = Literal["hoch", "mittel", "niedrig"]


def _allow_boolean(schema: dict[str, Any]) -> None:
    """The schema of a section that may also be written as ``true``/``false`` (short form)."""
    options = schema.get("anyOf")
    if isinstance(options, list):
        options.append({"type": "boolean"})


class _Model(BaseModel):
    # Numbers in text fields (raum: 101, zeitraum: 2026) are taken as text.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


# --- who ---------------------------------------------------------------------------------


class Municipality(_Model):
    """Die Kommune, deren Integrationskonzept entsteht."""

    name: Text = Field(alias="name", description="Name der Kommune, z. B. Elmshorn")
    kind: MunicipalityKind = Field(
        alias="art", description="Stadt, Kreis, Bezirk, Gemeinde oder Amt"
    )
    website: Url | None = Field(default=None, alias="website", description="Internetseite")
    land: Land | None = Field(
        default=None,
        alias="land",
        description="Bundesland als Kürzel (SH, NW, NI, …) für Feiertage und Schulferien (ik plan)",
    )


class Organiser(_Model):
    """Wer den Prozess verantwortet."""

    institution: Text = Field(alias="institution", description="Institution, z. B. Stadt Elmshorn")
    department: Text | None = Field(
        default=None,
        alias="fachbereich",
        description="Amt oder Fachbereich, z. B. Amt für Soziales | Integration",
    )


class Partner(_Model):
    name: Text = Field(alias="name", description="Kurzname, z. B. KIESEL")
    long_name: Text | None = Field(
        default=None,
        alias="langname",
        description="Ausgeschriebener Name, z. B. Kooperation Interkulturelle Sozial- und Bildungsarbeit Elmshorn",
    )
    role: Text | None = Field(
        default=None,
        alias="rolle",
        description="Rolle im Prozess, z. B. Netzwerk hauptamtlich in der Integration tätiger Träger",
    )


# --- who invites and who organises (press texts, invitations) ------------------------------


class Host(_Model):
    """Wer einlädt: die Kommune, ein Ausschuss, ein Integrationsrat, ein Bezirksamt …"""

    name: Text = Field(
        alias="name",
        description="Name wie im Satz, z. B. Integrationsrat der Stadt Lüneburg, "
        "Lokale Partnerschaft für Demokratie, Bezirksamt Friedrichshain-Kreuzberg",
    )
    article: Literal["der", "die", "das", "ohne"] | None = Field(
        default=None,
        alias="artikel",
        description="Artikel im Nominativ (der, die, das; ohne: Name ohne Artikel, z. B. KIESEL); "
        "leer = ik erkennt ihn am Namen",
    )


class Contact(_Model):
    """Eine Ansprechperson (Name, Funktion, Telefon, E-Mail)."""

    name: Text = Field(alias="name", description="Vor- und Nachname")
    salutation: Literal["Frau", "Herr"] | None = Field(
        default=None, alias="anrede", description="Frau oder Herr (leer lassen: ohne Anrede)"
    )
    role: Text | None = Field(
        default=None, alias="funktion", description="Funktion, z. B. Integrationskoordinatorin"
    )
    organisation: Text | None = Field(
        default=None, alias="organisation", description="Standard: Fachbereich des Veranstalters"
    )
    phone: Phone | None = Field(
        default=None,
        alias="telefon",
        description="Telefonnummer, wird nach DIN 5008 geschrieben, z. B. 04121 231-475",
    )
    email: Email | None = Field(default=None, alias="email", description="E-Mail-Adresse")
    fax: Phone | None = Field(
        default=None, alias="fax", description="Faxnummer, wird nach DIN 5008 geschrieben"
    )
    address: Text | None = Field(
        default=None,
        alias="adresse",
        description="Dienstanschrift, z. B. Rathaus, Am Markt 1, 21335 Lüneburg",
    )

    @property
    def display_name(self) -> str:
        return f"{self.salutation} {self.name}" if self.salutation else self.name


class Handlungsfeld(_Model):
    """Ein Handlungsfeld des Konzepts."""

    id: Ident = Field(alias="id", description="Kurze Kennung, z. B. sprache")
    title: Text = Field(alias="titel", description="Titel, z. B. Sprache und Bildung")
    description: Text | None = Field(
        default=None, alias="beschreibung", description="Kurzbeschreibung"
    )


class Quote(_Model):
    """Ein Zitat (wörtlich) oder eine sinngemäße Wiedergabe."""

    person: Text = Field(alias="person", description="Name der zitierten Person")
    role: Text | None = Field(
        default=None, alias="funktion", description="Funktion, z. B. Erster Stadtrat"
    )
    text: Text | None = Field(
        default=None, alias="text", description="Das wörtliche Zitat (ohne Anführungszeichen)"
    )
    paraphrase: Text | None = Field(
        default=None,
        alias="sinngemaess",
        description="Sinngemäß, als Satzaussage nach dem Namen, z. B. begrüßte die Gäste und "
        "dankte allen Beteiligten",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Quote:
        if (self.text is None) == (self.paraphrase is None):
            raise PydanticCustomError(
                "ik_quote",
                "ein Zitat braucht entweder „text“ (wörtlich) oder „sinngemaess“, nicht beides",
                {"field": "text"},
            )
        return self


# --- e-mail to registered people (ik mail) ------------------------------------------------


class MailSettings(_Model):
    """Versand der E-Mails an Angemeldete (ik mail): Server und Absender.

    Benutzername und Passwort stehen nie in der Prozessdatei: ik liest sie aus den
    Umgebungsvariablen IK_SMTP_BENUTZER und IK_SMTP_PASSWORT oder dem Schlüsselbund
    des Systems (Paket „keyring“).
    """

    server: Text | None = Field(
        default=None, alias="server", description="SMTP-Server, z. B. smtp.musterstadt.de"
    )
    port: int | None = Field(
        default=None,
        alias="port",
        ge=1,
        le=65535,
        description="Port; Standard: 587 bei starttls, 465 bei ssl, 25 bei keine",
    )
    security: Literal["starttls", "ssl", "keine"] = Field(
        default="starttls",
        alias="verschluesselung",
        description="starttls (Standard), ssl oder keine (nur für einen Server auf diesem Rechner)",
    )
    sender: Email | None = Field(
        default=None, alias="absender", description="Absenderadresse; Standard: kontakt.email"
    )
    sender_name: Text | None = Field(
        default=None,
        alias="absender_name",
        description="Absendername; Standard: Name der Ansprechperson und Institution",
    )
    reply_to: Email | None = Field(
        default=None, alias="antwort_an", description="Antworten an (falls nicht der Absender)"
    )
    pause_seconds: float = Field(
        default=2.0,
        alias="pause_sekunden",
        ge=0,
        le=600,
        description="Pause zwischen zwei E-Mails in Sekunden (Drosselung), Standard 2",
    )
    documentation_url: Url | None = Field(
        default=None,
        alias="dokumentation_url",
        description="Link zur Dokumentation der Ergebnisse (für die Dank-E-Mail)",
    )


# --- events --------------------------------------------------------------------------------


class Venue(_Model):
    """Veranstaltungsort."""

    name: Text = Field(alias="name", description="Gebäude, z. B. Rathaus Elmshorn")
    room: Text | None = Field(default=None, alias="raum", description="Raum, z. B. Kollegiumssaal")
    street: Text | None = Field(default=None, alias="strasse", description="Straße und Hausnummer")
    postal_code: PostalCode | None = Field(default=None, alias="plz", description="Postleitzahl")
    city: Text | None = Field(default=None, alias="ort", description="Ort")
    step_free: Flag | None = Field(
        default=None,
        alias="barrierefrei",
        description="Stufenlos erreichbar? true/false; leer = unbekannt (dann steht nichts im Text)",
    )
    accessibility_note: Text | None = Field(
        default=None,
        alias="barrierefreiheit",
        description="Hinweise zur Barrierefreiheit, z. B. Aufzug, barrierefreies WC",
    )
    directions: Text | None = Field(
        default=None, alias="anfahrt", description="Anfahrt, Parken, ÖPNV"
    )

    @property
    def address(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)


class Registration(_Model):
    """Anmeldung zu einer Veranstaltung."""

    required: Flag = Field(
        default=True, alias="erforderlich", description="Ist eine Anmeldung nötig?"
    )
    deadline: ExactDate | None = Field(
        default=None, alias="frist", description="Anmeldeschluss JJJJ-MM-TT"
    )
    url: Url | None = Field(default=None, alias="url", description="Link zum Anmeldeformular")
    email: Email | None = Field(default=None, alias="email", description="Anmeldung per E-Mail")
    phone: Phone | None = Field(default=None, alias="telefon", description="Anmeldung per Telefon")
    note: Text | None = Field(
        default=None, alias="hinweis", description="Weitere Hinweise zur Anmeldung"
    )

    @property
    def has_channel(self) -> bool:
        return bool(self.url or self.email or self.phone)


class Interpreting(_Model):
    """Dolmetschen bzw. Übersetzung vor Ort."""

    on_request: Flag = Field(default=True, alias="auf_anfrage", description="Nur auf Anfrage?")
    languages: list[LanguageCode] = Field(
        default_factory=list, alias="sprachen", description="Sprachcodes, z. B. [ar, tr, uk]"
    )
    request_by: ExactDate | None = Field(
        default=None, alias="anfrage_bis", description="Anfragen bis JJJJ-MM-TT"
    )


class Childcare(_Model):
    offered: Flag = Field(
        default=True, alias="angebot", description="Wird Kinderbetreuung angeboten?"
    )
    provider: Text | None = Field(
        default=None, alias="durch", description="Wer betreut, z. B. Kinderschutzbund"
    )


class ProgrammeItem(_Model):
    at: ClockTime | None = Field(
        default=None, alias="zeit", description="Uhrzeit HH:MM (leer lassen, wenn offen)"
    )
    title: Text = Field(alias="titel", description="Programmpunkt")


class WorkingGroups(_Model):
    count: Count | None = Field(
        default=None, alias="anzahl", ge=1, description="Zahl der Arbeitsgruppen"
    )
    handlungsfelder: list[Ident] = Field(
        default_factory=list, alias="handlungsfelder", description="Kennungen der Handlungsfelder"
    )
    titles: list[Text] = Field(
        default_factory=list,
        alias="titel",
        description="Namen der Arbeitsgruppen, wenn sie keine Handlungsfelder sind, "
        "z. B. [Ankommen, Nachbarschaft]",
    )

    @model_validator(mode="after")
    def _consistent(self) -> WorkingGroups:
        if self.count is not None and self.titles and len(self.titles) != self.count:
            raise PydanticCustomError(
                "ik_count",
                "anzahl ({count}) passt nicht zu den {named} Namen unter titel",
                {"count": self.count, "named": len(self.titles), "field": "anzahl"},
            )
        return self

    @property
    def total(self) -> int | None:
        """How many groups: the count, else the number of names, else of Handlungsfelder."""
        return self.count or len(self.titles) or len(self.handlungsfelder) or None


class Measure(_Model):
    title: Text = Field(alias="titel", description="Die Maßnahme")
    responsible: Text | None = Field(
        default=None, alias="verantwortlich", description="Wer setzt sie um?"
    )
    priority: Priority | None = Field(
        default=None, alias="prioritaet", description="hoch, mittel, niedrig"
    )
    timeframe: Text | None = Field(
        default=None, alias="zeitraum", description="Zeitraum, z. B. ab 2026"
    )


class FieldResult(_Model):
    handlungsfeld: Ident = Field(alias="handlungsfeld", description="Kennung des Handlungsfelds")
    goals: list[Text] = Field(default_factory=list, alias="ziele", description="Ziele")
    measures: list[Measure] = Field(
        default_factory=list, alias="massnahmen", description="Maßnahmen"
    )
    ideas: list[Text] = Field(
        default_factory=list, alias="ideen", description="Ideen und Vorschläge"
    )


class Results(_Model):
    """Ergebnisse einer Phase (nach der Veranstaltung eintragen)."""

    participants: Figure | None = Field(
        default=None,
        alias="teilnehmende",
        description="Anzahl, genau (75, 1.200) oder ungefähr (über 120, rund 50)",
    )
    organisations: Figure | None = Field(
        default=None, alias="organisationen", description="Anzahl beteiligter Organisationen"
    )
    contributions: Figure | None = Field(
        default=None, alias="beitraege", description="Beiträge/Kommentare (Online-Phasen)"
    )
    working_groups: Count | None = Field(
        default=None, alias="arbeitsgruppen", description="Anzahl der Arbeitsgruppen"
    )
    summary: Text | None = Field(default=None, alias="zusammenfassung", description="Kurzfassung")
    quotes: list[Quote] = Field(
        default_factory=list, alias="zitate", description="Zitate für den Nachbericht"
    )
    fields: list[FieldResult] = Field(
        default_factory=list, alias="handlungsfelder", description="Ergebnisse je Handlungsfeld"
    )


class _PhaseBase(_Model):
    id: Ident = Field(alias="id", description="Kurze Kennung, z. B. auftakt")
    title: Text = Field(alias="titel", description="Titel der Phase")
    # i11 print: a short name where the full title does not fit (chart axes, narrow cells).
    short_name: Text | None = Field(
        default=None,
        alias="kurzname",
        max_length=40,
        description="Kurzer Name für Diagrammachsen, z. B. „Beteiligung Ehrenamt“ (höchstens 40 Zeichen)",
    )
    description: Text | None = Field(
        default=None, alias="beschreibung", description="Worum es geht"
    )
    handlungsfelder: list[Ident] = Field(
        default_factory=list, alias="handlungsfelder", description="Kennungen der Handlungsfelder"
    )
    related: list[Ident] = Field(
        default_factory=list,
        alias="bezug",
        description="Kennungen anderer Phasen, auf die sich diese bezieht (z. B. der kommentierte Entwurf)",
    )
    quotes: list[Quote] = Field(
        default_factory=list, alias="zitate", description="Zitate für die Ankündigung"
    )
    results: Results | None = Field(default=None, alias="ergebnisse", description="Ergebnisse")
    # i8: the state of a phase, where the dates alone do not tell it
    status: PhaseStatus | None = Field(
        default=None,
        alias="status",
        description="geplant, läuft, abgeschlossen, abgesagt oder verschoben; ohne Angabe "
        "ergibt sich der Stand aus den Daten (vorbei gilt nur mit Ergebnissen als abgeschlossen)",
    )

    def first_day(self) -> Day:
        """The phase's first day (the first of the month if only the month is known)."""
        raise NotImplementedError

    def last_day(self) -> Day:
        """The phase's last day (the end of the month if only the month is known)."""
        raise NotImplementedError

    @property
    def dates_exact(self) -> bool:
        """Whether the days are known (not only the month)."""
        return True
    hosts: list[Host] = Field(
        default_factory=list,
        alias="einladende",
        description="Wer zu dieser Phase einlädt; Standard: einladende des Prozesses",
    )
    organised_by: Text | None = Field(
        default=None,
        alias="organisiert_von",
        description="Wer diese Phase organisiert; Standard: organisiert_von des Prozesses",
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]  # type: ignore[attr-defined]

    @property
    def is_event(self) -> bool:
        return False

    @property
    def is_online(self) -> bool:
        return False

    @property
    def is_milestone(self) -> bool:
        return False


class EventPhase(_PhaseBase):
    """Eine Veranstaltung (Auftakt, Fachforum, Workshop, Beteiligung, Konferenz, Präsentation)."""

    kind: EventKind = Field(
        alias="art",
        description="Art der Veranstaltung: auftakt, fachforum, workshop, beteiligung, konferenz, praesentation",
    )
    date: PartialDate = Field(alias="datum", description="JJJJ-MM-TT oder nur Monat JJJJ-MM")
    end_date: ExactDate | None = Field(
        default=None, alias="datum_bis", description="Letzter Tag bei mehrtägigen Veranstaltungen"
    )
    start: ClockTime | None = Field(default=None, alias="beginn", description="Beginn HH:MM")
    end: ClockTime | None = Field(default=None, alias="ende", description="Ende HH:MM")
    doors: ClockTime | None = Field(default=None, alias="einlass", description="Einlass HH:MM")
    venue: Venue | None = Field(default=None, alias="ort", description="Veranstaltungsort")
    audience: list[Audience] = Field(
        default_factory=list, alias="zielgruppen", description="Zielgruppen"
    )
    access: Literal["oeffentlich", "einladung"] = Field(
        default="oeffentlich",
        alias="zugang",
        description="oeffentlich (alle) oder einladung (nur Eingeladene)",
    )
    capacity: Count | None = Field(
        default=None, alias="kapazitaet", ge=1, description="Zahl der Plätze"
    )
    # i8: partial attendance; the tracker's count is used only when it is complete
    attendance_complete: Flag | None = Field(
        default=None,
        alias="teilnahme_vollstaendig",
        description="Teilnahme in der Anmeldeliste vollständig angekreuzt: Angemeldete ohne "
        "Eintrag waren nicht da (sonst gilt die Anmeldeliste erst, wenn jede Anmeldung einen "
        "Eintrag hat)",
    )
    registration: Registration | None = Field(
        default=None, alias="anmeldung", description="Anmeldung"
    )
    interpreting: Interpreting | None = Field(
        default=None,
        alias="dolmetschen",
        description="Dolmetschen (Kurzform: true)",
        json_schema_extra=_allow_boolean,
    )
    childcare: Childcare | None = Field(
        default=None,
        alias="kinderbetreuung",
        description="Kinderbetreuung (Kurzform: true/false)",
        json_schema_extra=_allow_boolean,
    )
    free_of_charge: Flag | None = Field(
        default=None, alias="kostenfrei", description="Teilnahme kostenlos?"
    )
    guiding_questions: list[Text] = Field(
        default_factory=list, alias="leitfragen", description="Leitfragen"
    )
    working_groups: WorkingGroups | None = Field(
        default=None, alias="arbeitsgruppen", description="Arbeitsgruppen der Veranstaltung"
    )
    programme: list[ProgrammeItem] = Field(
        default_factory=list, alias="programm", description="Programm"
    )
    sessions: Count | None = Field(
        default=None,
        alias="sitzungen",
        ge=2,
        description="Reihe von Treffen: Zahl der Sitzungen (datum = erste Sitzung)",
    )

    @model_validator(mode="before")
    @classmethod
    def _shortcuts(cls, data: object) -> object:
        # `kinderbetreuung: true` and `dolmetschen: true` are accepted as short forms.
        if isinstance(data, dict):
            data = dict(data)
            for key, inner in (("kinderbetreuung", "angebot"), ("dolmetschen", "auf_anfrage")):
                if isinstance(data.get(key), bool):
                    data[key] = (
                        {inner: data[key]} if data[key] or key == "kinderbetreuung" else None
                    )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> EventPhase:
        if self.start and self.end and self.end <= self.start:
            raise PydanticCustomError(
                "ik_order",
                "Ende {end} liegt nicht nach Beginn {start}",
                {
                    "end": self.end.strftime("%H:%M"),
                    "start": self.start.strftime("%H:%M"),
                    "field": "ende",
                },
            )
        if self.doors and self.start and self.doors > self.start:
            raise PydanticCustomError(
                "ik_order",
                "Einlass {doors} liegt nach Beginn {start}",
                {
                    "doors": self.doors.strftime("%H:%M"),
                    "start": self.start.strftime("%H:%M"),
                    "field": "einlass",
                },
            )
        if self.end_date and self.end_date < self.date.first_day():
            raise PydanticCustomError(
                "ik_order", "datum_bis liegt vor datum", {"field": "datum_bis"}
            )
        if self.end_date and not self.date.is_exact:
            raise PydanticCustomError(
                "ik_order",
                "datum_bis braucht ein genaues datum (JJJJ-MM-TT)",
                {"field": "datum_bis"},
            )
        return self

    @property
    def is_event(self) -> bool:
        return True

    @property
    def registration_required(self) -> bool:
        return self.registration is not None and self.registration.required

    def first_day(self) -> Day:
        return self.date.first_day()

    def last_day(self) -> Day:
        return self.end_date or self.date.last_day()

    @property
    def dates_exact(self) -> bool:
        return self.date.is_exact

    @property
    def sort_date(self) -> PartialDate:
        return self.date


class OnlinePhase(_PhaseBase):
    """Eine Online-Phase: Befragung oder Kommentierung eines Entwurfs."""

    kind: OnlineKind = Field(
        alias="art", description="online_befragung oder online_kommentierung (eines Entwurfs)"
    )
    start_date: ExactDate | None = Field(
        default=None, alias="von", description="Erster Tag JJJJ-MM-TT (leer, wenn noch offen)"
    )
    end_date: ExactDate = Field(alias="bis", description="Letzter Tag JJJJ-MM-TT")
    url: Url | None = Field(
        default=None, alias="url", description="Link zur Befragung bzw. zum Entwurf"
    )
    subject: Text | None = Field(
        default=None, alias="gegenstand", description="Was gefragt bzw. kommentiert wird"
    )
    audience: list[Audience] = Field(
        default_factory=list, alias="zielgruppen", description="Zielgruppen"
    )

    @model_validator(mode="after")
    def _consistent(self) -> OnlinePhase:
        if self.start_date is not None and self.end_date < self.start_date:
            raise PydanticCustomError(
                "ik_order",
                "bis ({end}) liegt vor von ({start})",
                {
                    "end": self.end_date.isoformat(),
                    "start": self.start_date.isoformat(),
                    "field": "bis",
                },
            )
        return self

    @property
    def is_online(self) -> bool:
        return True

    @property
    def sort_date(self) -> PartialDate:
        return PartialDate.of(self.start_date or self.end_date)

    def first_day(self) -> Day:
        # Start not known yet ("bis 31. Oktober"): the only known day is the last one.
        return self.start_date or self.end_date

    def last_day(self) -> Day:
        return self.end_date


class Outcome(_Model):
    """Was ein Gremium beschlossen hat."""

    date: ExactDate = Field(alias="datum", description="Sitzungstag JJJJ-MM-TT")
    decision: Text = Field(
        alias="ergebnis",
        description="Was beschlossen wurde, z. B. „einstimmig beschlossen“, „vertagt“",
    )
    document: Text | None = Field(
        default=None, alias="drucksache", description="Nummer der Drucksache / Vorlage"
    )


class MilestonePhase(_PhaseBase):
    """Ein Meilenstein: Verschriftlichung, Gremienberatung, Ratsbeschluss."""

    kind: MilestoneKind = Field(
        alias="art", description="verschriftlichung, gremienberatung oder ratsbeschluss"
    )
    date: PartialDate = Field(alias="datum", description="JJJJ-MM-TT oder nur Monat JJJJ-MM")
    body: Text | None = Field(
        default=None, alias="gremium", description="Gremium, z. B. Ausschuss für Soziales"
    )
    # i8: a council step counts as done only once its outcome is recorded
    outcome: Outcome | None = Field(
        default=None,
        alias="beschluss",
        description="Das Ergebnis der Sitzung, sobald es feststeht: datum, ergebnis, drucksache",
    )

    @property
    def is_milestone(self) -> bool:
        return True

    @property
    def sort_date(self) -> PartialDate:
        return self.date

    def first_day(self) -> Day:
        return self.date.first_day()

    def last_day(self) -> Day:
        return self.date.last_day()

    @property
    def dates_exact(self) -> bool:
        return self.date.is_exact

    @property
    def needs_outcome(self) -> bool:
        """Council steps (Gremienberatung, Ratsbeschluss) are done only with a recorded outcome."""
        return self.kind in ("gremienberatung", "ratsbeschluss")

    def outcome_missing(self, today: Day) -> bool:
        """A council step whose date has passed without a recorded outcome (``beschluss:``),
        whatever ``status:`` says (except cancelled or postponed)."""
        return (
            self.needs_outcome
            and self.outcome is None
            and self.status not in ("abgesagt", "verschoben")
            and self.last_day() < today
        )


# --- data protection (Art. 13 DSGVO notice, retention) – i14's block ----------------------

DEFAULT_LEGAL_BASIS = (
    "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit dem Datenschutzgesetz des Landes "
    "(Wahrnehmung einer Aufgabe im öffentlichen Interesse: Bürgerbeteiligung)"
)
DEFAULT_PURPOSES = (
    "Organisation der Veranstaltungen (Anmeldung, Platzvergabe, Warteliste, Rückfragen)",
    "Organisation von Dolmetschen, Kinderbetreuung und Barrierefreiheit, wenn Sie das wünschen",
    "Statistik über die Beteiligung (nur Zahlen, ohne Namen)",
)
DEFAULT_RECIPIENTS = (
    "Keine Weitergabe an Dritte. Zugriff haben nur die mit der Organisation betrauten "
    "Beschäftigten des Veranstalters. Die Dokumentation für die Gremien enthält nur Zahlen."
)
DEFAULT_PHOTO_BASIS = "Ihre Einwilligung (Art. 6 Abs. 1 Buchst. a DSGVO)"


class DataProtectionOfficer(_Model):
    """Die oder der behördliche Datenschutzbeauftragte."""

    name: Text | None = Field(
        default=None, alias="name", description="z. B. Datenschutzbeauftragte der Stadt Elmshorn"
    )
    address: Text | None = Field(default=None, alias="anschrift", description="Postanschrift")
    email: Email = Field(alias="email", description="E-Mail-Adresse")
    phone: Phone | None = Field(default=None, alias="telefon", description="Telefonnummer")


class SupervisoryAuthority(_Model):
    """Die zuständige Datenschutz-Aufsichtsbehörde des Landes."""

    name: Text = Field(
        alias="name",
        description="z. B. Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein",
    )
    address: Text | None = Field(default=None, alias="anschrift", description="Postanschrift")
    url: Url | None = Field(default=None, alias="url", description="Internetseite")


class Privacy(_Model):
    """Angaben für die Datenschutzinformation nach Art. 13 DSGVO (ik privacy-notice)."""

    controller: Text | None = Field(
        default=None,
        alias="verantwortlich",
        description="Verantwortliche Stelle; Standard: Institution des Veranstalters",
    )
    controller_address: Text | None = Field(
        default=None, alias="anschrift", description="Postanschrift der verantwortlichen Stelle"
    )
    officer: DataProtectionOfficer = Field(
        alias="datenschutzbeauftragte", description="Behördliche*r Datenschutzbeauftragte*r"
    )
    authority: SupervisoryAuthority = Field(
        alias="aufsichtsbehoerde", description="Zuständige Aufsichtsbehörde"
    )
    legal_basis: Text = Field(
        default=DEFAULT_LEGAL_BASIS,
        alias="rechtsgrundlage",
        description="Rechtsgrundlage der Verarbeitung (mit der Datenschutzstelle abstimmen)",
    )
    photo_basis: Text = Field(
        default=DEFAULT_PHOTO_BASIS,
        alias="rechtsgrundlage_fotos",
        description="Rechtsgrundlage für Fotos, auf denen Personen zu erkennen sind",
    )
    purposes: list[Text] = Field(
        default_factory=lambda: list(DEFAULT_PURPOSES),
        alias="zwecke",
        description="Zwecke der Verarbeitung – nur die, die zutreffen; bei einer Förderung z. B. "
        "„Nachweis der Teilnahme gegenüber dem Fördermittelgeber“ ergänzen",
    )
    recipients: Text = Field(
        default=DEFAULT_RECIPIENTS, alias="empfaenger", description="Empfänger der Daten"
    )


# --- i17: the public process page (ik build writes AUSGABE/seite/) -------------------------


class Publication(_Model):
    """Die öffentliche Prozessseite, die ik build in AUSGABE/seite/ schreibt."""

    create: Flag = Field(
        default=True,
        alias="seite",
        description="Prozessseite erstellen? Standard: true (false: ik build schreibt keine seite/)",
    )
    base_url: Url | None = Field(
        default=None,
        alias="basis_url",
        description="Internetadresse, unter der der Ordner seite/ hochgeladen wird, z. B. "
        "https://www.elmshorn.de/fileadmin/integrationskonzept/ (für die Links im CMS-Fragment "
        "und in den Kalenderdateien)",
    )
    privacy_url: Url | None = Field(
        default=None,
        alias="datenschutz_url",
        description="Datenschutzerklärung der Internetseite der Kommune",
    )
    imprint_url: Url | None = Field(
        default=None, alias="impressum_url", description="Impressum der Internetseite der Kommune"
    )
    accessibility_url: Url | None = Field(
        default=None,
        alias="barrierefreiheit_url",
        description="Erklärung zur Barrierefreiheit der Kommune; leer = ik erstellt eine "
        "Erklärung (Selbstbewertung) mit Kontakt und Schlichtungsstelle",
    )
    documentation: Flag = Field(
        default=True,
        alias="dokumentation",
        description="Die Dokumentation (PDF wie ik export-results) auf der Seite anbieten, sobald "
        "eine Phase abgeschlossen ist? Standard: true",
    )
    arbitration: Text | None = Field(
        default=None,
        alias="schlichtungsstelle",
        description="Schlichtungsstelle des Landes nach dem Behindertengleichstellungsgesetz, "
        "z. B. Schlichtungsstelle bei der Landesbeauftragten für Menschen mit Behinderung",
    )
    arbitration_url: Url | None = Field(
        default=None,
        alias="schlichtungsstelle_url",
        description="Internetseite der Schlichtungsstelle (für die erstellte Erklärung zur "
        "Barrierefreiheit)",
    )

    @field_validator("base_url")
    @classmethod
    def _base_is_folder(cls, value: str | None) -> str | None:
        # Links are resolved against the base; without the trailing slash the last
        # part of the path would be replaced instead of extended.
        if value is not None and not value.endswith("/"):
            return value + "/"
        return value


Phase = Annotated[EventPhase | OnlinePhase | MilestonePhase, Field(discriminator="kind")]


# --- translations of process texts (issue 12: invitations in the languages of the town) ---


class PhaseTranslation(_Model):
    """Die Texte einer Veranstaltung in einer anderen Sprache; was fehlt, steht auf Deutsch da."""

    title: Text | None = Field(default=None, alias="titel", description="Titel der Phase")
    description: Text | None = Field(
        default=None, alias="beschreibung", description="Worum es geht"
    )
    programme: list[Text] | None = Field(
        default=None,
        alias="programm",
        description="Die Programmpunkte, in derselben Reihenfolge wie unter programm:",
    )
    guiding_questions: list[Text] | None = Field(
        default=None, alias="leitfragen", description="Die Leitfragen, in derselben Reihenfolge"
    )
    directions: Text | None = Field(
        default=None, alias="anfahrt", description="Anfahrt, Parken, ÖPNV"
    )
    accessibility_note: Text | None = Field(
        default=None, alias="barrierefreiheit", description="Hinweise zur Barrierefreiheit"
    )
    registration_note: Text | None = Field(
        default=None, alias="anmeldehinweis", description="Weitere Hinweise zur Anmeldung"
    )


class Translation(_Model):
    """Texte des Prozesses in einer Sprache (Schlüssel unter uebersetzungen: ist der Sprachcode)."""

    title: Text | None = Field(default=None, alias="titel", description="Titel des Prozesses")
    motto: Text | None = Field(default=None, alias="motto", description="Motto")
    handlungsfelder: dict[Ident, Text] = Field(
        default_factory=dict,
        alias="handlungsfelder",
        description="Titel der Handlungsfelder: Kennung -> übersetzter Titel",
    )
    phases: dict[Ident, PhaseTranslation] = Field(
        default_factory=dict, alias="phasen", description="Texte der Phasen: Kennung -> Texte"
    )


class Process(_Model):
    """Der ganze Beteiligungsprozess."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        title="ik-Prozessdatei",
        json_schema_extra={
            "description": "Beschreibung eines Beteiligungsprozesses für ik",
            "anyOf": [{"required": ["kontakt"]}, {"required": ["pressekontakt"]}],
        },
    )

    title: Text = Field(
        alias="titel", description="Titel des Prozesses, z. B. Integrationskonzept 2.0"
    )
    short_title: Text | None = Field(
        default=None, alias="kurztitel", description="Kurzer Titel für Tabellen und Dateinamen"
    )
    motto: Text | None = Field(
        default=None, alias="motto", description="Motto, z. B. Vielfalt, Gemeinschaft und Teilhabe"
    )
    background: Text | None = Field(
        default=None, alias="hintergrund", description="Ein Absatz zum Anlass und Hintergrund"
    )
    municipality: Municipality = Field(alias="kommune", description="Die Kommune")
    organiser: Organiser = Field(alias="veranstalter", description="Wer den Prozess verantwortet")
    partners: list[Partner] = Field(
        default_factory=list, alias="partner", description="Partner des Prozesses"
    )
    contact_: Contact | None = Field(
        default=None,
        alias="kontakt",
        description="Ansprechperson im Fachamt (Pflicht, wenn kein pressekontakt angegeben ist)",
    )
    press_contact_: Contact | None = Field(
        default=None, alias="pressekontakt", description="Standard: die Ansprechperson"
    )
    dateline_: Text | None = Field(
        default=None,
        alias="ortsmarke",
        description="Ort vor der Pressemitteilung; Standard: Name der Kommune",
    )
    gender_style: GenderStyle = Field(
        default="stern", alias="gendern", description="stern, doppelpunkt, paarform oder neutral"
    )
    languages: list[LanguageCode] = Field(
        default_factory=lambda: ["de"], alias="sprachen", description="Sprachen der Einladungen"
    )
    translations: dict[LanguageCode, Translation] = Field(
        default_factory=dict,
        alias="uebersetzungen",
        description="Texte in anderen Sprachen für die Einladungen, z. B. uebersetzungen: {ar: {titel: …}}",
    )
    retention_months: Count = Field(
        default=12,
        alias="aufbewahrung_monate",
        ge=1,
        le=120,
        description="Anmeldedaten löschen so viele Monate nach der Veranstaltung (ik purge)",
    )
    privacy: Privacy | None = Field(
        default=None,
        alias="datenschutz",
        description="Angaben für die Datenschutzinformation (ik privacy-notice)",
    )
    budget_eur: Euro | None = Field(
        default=None, alias="budget_eur", description="Budget in Euro, z. B. 12500 oder 100.000"
    )
    logo: Path | None = Field(
        default=None, alias="logo", description="Logo-Datei (PNG/SVG), relativ zur Prozessdatei"
    )
    colour: Colour | None = Field(default=None, alias="farbe", description="Hausfarbe #RRGGBB")
    templates: Path | None = Field(
        default=None, alias="vorlagen", description="Ordner mit eigenen Vorlagen"
    )
    mail: MailSettings | None = Field(
        default=None,
        alias="email_versand",
        description="E-Mails an Angemeldete (ik mail): Server, Absender, Drosselung",
    )
    tracker: Path | None = Field(
        default=None, alias="tracker", description="Anmeldeliste (xlsx); Standard: anmeldungen.xlsx"
    )
    output: Path | None = Field(
        default=None, alias="ausgabe", description="Ausgabeordner; Standard: ausgabe"
    )
    handlungsfelder: list[Handlungsfeld] = Field(
        alias="handlungsfelder", min_length=1, description="Die Handlungsfelder des Konzepts"
    )
    phases: list[Phase] = Field(
        alias="phasen", min_length=1, description="Die Phasen in zeitlicher Reihenfolge"
    )
    # --- ik plan: bodies and planning backwards from the decision -----------------------
    bodies: list[Body] = Field(
        default_factory=list,
        alias="gremien",
        description="Gremien mit Sitzungsterminen und Fristen (für ik plan)",
    )
    planning: Planning | None = Field(
        default=None, alias="planung", description="Planung rückwärts vom Ratsbeschluss (ik plan)"
    )

    # --- i9: facts of press texts (hosts, organiser, counts, links) ------------------------
    hosts: list[Host] = Field(
        default_factory=list,
        alias="einladende",
        description="Wer einlädt, einer oder mehrere; Standard: die Kommune",
    )
    organised_by: Text | None = Field(
        default=None,
        alias="organisiert_von",
        description="Wer organisiert, z. B. Kommunales Integrationszentrum",
    )
    handlungsfelder_total: Count | None = Field(
        default=None,
        alias="handlungsfelder_anzahl",
        ge=1,
        description="Zahl aller Handlungsfelder, wenn unter handlungsfelder nur einige stehen",
    )
    info_url: Url | None = Field(
        default=None,
        alias="weitere_informationen",
        description="Link zu weiteren Informationen, z. B. die Projektseite",
    )
    # --- i17: the public process page -------------------------------------------------------
    publication: Publication = Field(
        default_factory=lambda: Publication.model_validate({}),
        alias="veroeffentlichung",
        description="Öffentliche Prozessseite (ik build, Ordner seite/): Internetadresse und "
        "Links zu Datenschutzerklärung, Impressum und Erklärung zur Barrierefreiheit",
    )

    @model_validator(mode="after")
    def _i9_consistent(self) -> Process:
        if self.contact_ is None and self.press_contact_ is None:
            raise PydanticCustomError(
                "ik_contact",
                "kontakt oder pressekontakt fehlt: mindestens eine Ansprechperson ist nötig",
                {"field": "kontakt"},
            )
        if self.handlungsfelder_total is not None and self.handlungsfelder_total < len(
            self.handlungsfelder
        ):
            raise PydanticCustomError(
                "ik_count",
                "handlungsfelder_anzahl ({total}) ist kleiner als die {named} genannten "
                "Handlungsfelder",
                {
                    "total": self.handlungsfelder_total,
                    "named": len(self.handlungsfelder),
                    "field": "handlungsfelder_anzahl",
                },
            )
        return self

    def hosts_of(self, phase: EventPhase | OnlinePhase | MilestonePhase | None = None) -> list[Host]:
        """Who invites to ``phase`` (or to the process); never empty: the municipality by default."""
        if phase is not None and phase.hosts:
            return list(phase.hosts)
        if self.hosts:
            return list(self.hosts)
        article = {"Stadt": "die", "Kreis": "der", "Bezirk": "der", "Gemeinde": "die", "Amt": "das"}
        m = self.municipality
        return [Host.model_validate({"name": f"{m.kind} {m.name}", "artikel": article[m.kind]})]

    def organiser_of(self, phase: EventPhase | OnlinePhase | MilestonePhase | None = None) -> str | None:
        """Who organises ``phase`` (or the process), if named."""
        if phase is not None and phase.organised_by:
            return phase.organised_by
        return self.organised_by

    @property
    def contact(self) -> Contact:
        """The contact person; the press contact when no general contact is given."""
        contact = self.contact_ or self.press_contact_
        assert contact is not None  # see _i9_consistent
        return contact

    @property
    def press_contact(self) -> Contact:
        return self.press_contact_ or self.contact

    @property
    def dateline(self) -> str:
        return self.dateline_ or self.municipality.name

    def phase(self, phase_id: str) -> EventPhase | OnlinePhase | MilestonePhase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def event_phases(self) -> list[EventPhase]:
        return [p for p in self.phases if isinstance(p, EventPhase)]

    def online_phases(self) -> list[OnlinePhase]:
        return [p for p in self.phases if isinstance(p, OnlinePhase)]

    def handlungsfeld(self, hf_id: str) -> Handlungsfeld:
        for hf in self.handlungsfelder:
            if hf.id == hf_id:
                return hf
        raise KeyError(hf_id)

    def council_decision(self) -> MilestonePhase | None:
        for phase in self.phases:
            if isinstance(phase, MilestonePhase) and phase.kind == "ratsbeschluss":
                return phase
        return None

    def neighbours(
        self, phase_id: str
    ) -> tuple[
        list[EventPhase | OnlinePhase | MilestonePhase],
        list[EventPhase | OnlinePhase | MilestonePhase],
    ]:
        """Phases before and after ``phase_id`` in file order."""
        ids = [p.id for p in self.phases]
        i = ids.index(phase_id)
        return list(self.phases[:i]), list(self.phases[i + 1 :])


AnyPhase = EventPhase | OnlinePhase | MilestonePhase


def today() -> date:
    """Today's date; one place so tests and ``--today`` can pin it."""
    return date.today()
