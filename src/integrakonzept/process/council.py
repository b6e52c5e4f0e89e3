"""Model additions for planning backwards from the council's decision (``ik plan``).

The Land of the municipality, its bodies (Gremien) with their sitting dates and
notice rules, the sequence of bodies that advise on the concept (Beratungsfolge),
the rhythm of the Amtsblatt and the lead times. Kept in their own module so that
:mod:`integrakonzept.process.model` only gains three fields.

Every default names its source in the description (see
``shared/reference/planning.md``) or is marked „Annahme“: a value no source fixes,
which the coordinator should confirm with the own administration.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from integrakonzept.process.types import ExactDate, Ident, Text

Land = Literal[
    "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"
]
LAND_NAMES: dict[str, str] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

BodyKind = Literal[
    "rat",
    "kreistag",
    "stadtverordnetenversammlung",
    "gemeindevertretung",
    "bezirksversammlung",
    "ausschuss",
    "hauptausschuss",
    "verwaltungsausschuss",
    "integrationsrat",
    "beirat",
]
BODY_KIND_LABELS: dict[str, str] = {
    "rat": "Rat",
    "kreistag": "Kreistag",
    "stadtverordnetenversammlung": "Stadtverordnetenversammlung",
    "gemeindevertretung": "Gemeindevertretung",
    "bezirksversammlung": "Bezirksversammlung",
    "ausschuss": "Ausschuss",
    "hauptausschuss": "Hauptausschuss",
    "verwaltungsausschuss": "Verwaltungsausschuss",
    "integrationsrat": "Integrationsrat",
    "beirat": "Beirat",
}

#: How the notice period (Ladungsfrist) is counted.
#: ``tage_vorher``: the invitation must be there N days before the sitting (send ≤ S − N),
#: as in § 34 GO SH „mindestens eine Woche“ and GO Kreistag Rhein-Kreis Neuss („sechs
#: Kalendertage“);
#: ``volle_tage``: N full days lie between delivery and sitting (send ≤ S − N − 1), as in
#: GO Rat Wesel („acht volle Tage vor dem Sitzungstag“);
#: ``mit_absende_und_sitzungstag``: N days counting the day of sending and the day of the
#: sitting (send ≤ S − N + 1), as in GO Rat Erftstadt („den Absende- und Sitzungstag
#: mitgerechnet“).
DayCounting = Literal["tage_vorher", "volle_tage", "mit_absende_und_sitzungstag"]
DAY_COUNTING_LABELS: dict[str, str] = {
    "tage_vorher": "Tage",
    "volle_tage": "volle Tage",
    "mit_absende_und_sitzungstag": "Tage inkl. Absende- und Sitzungstag",
}

#: Statutory notice periods per Land (only where a statute gives the number).
STATUTORY_NOTICE: dict[str, tuple[int, str]] = {
    "SH": (7, "§ 34 Abs. 4 GO SH: mindestens eine Woche"),
}
#: Default when neither the file nor a statute gives a notice period.
DEFAULT_NOTICE_DAYS = 7
DEFAULT_PAPER_WORKING_DAYS = 10

Weekday = Literal["mo", "di", "mi", "do", "fr", "sa", "so"]
WEEKDAYS: tuple[str, ...] = ("mo", "di", "mi", "do", "fr", "sa", "so")


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class Body(_Model):
    """Ein Gremium (Rat, Ausschuss, Integrationsrat …) mit Sitzungsterminen und Fristen."""

    id: Ident = Field(alias="id", description="Kurze Kennung, z. B. sozialausschuss")
    name: Text = Field(alias="name", description="Name, z. B. Ausschuss für Soziales und Integration")
    kind: BodyKind = Field(
        alias="art",
        description="rat, kreistag, stadtverordnetenversammlung, gemeindevertretung, "
        "bezirksversammlung, ausschuss, hauptausschuss, verwaltungsausschuss, integrationsrat, beirat",
    )
    sittings: list[ExactDate] = Field(
        default_factory=list,
        alias="sitzungen",
        description="Sitzungstermine JJJJ-MM-TT laut Sitzungskalender",
    )
    notice_days: int | None = Field(
        default=None,
        alias="ladungsfrist_tage",
        ge=0,
        le=60,
        description="Ladungsfrist in Tagen laut Geschäftsordnung; Standard in SH 7 (§ 34 Abs. 4 GO SH), "
        "sonst 7 als Annahme",
    )
    day_counting: DayCounting = Field(
        default="tage_vorher",
        alias="fristzaehlung",
        description="Wie die Ladungsfrist gezählt wird: tage_vorher (Versand spätestens N Tage vor "
        "der Sitzung), volle_tage (N volle Tage dazwischen, z. B. GO Wesel) oder "
        "mit_absende_und_sitzungstag (z. B. GO Erftstadt)",
    )
    delivery_days: int = Field(
        default=0,
        alias="zugang_tage",
        ge=0,
        le=14,
        description="Die Ladung gilt so viele Tage nach dem Versand als zugegangen (SH, elektronisch: "
        "„am vierten Tag“ nach § 110 Abs. 2 LVwG, Erlass IM 03.12.2025 → 4); 0 = am Versandtag",
    )
    paper_working_days: int | None = Field(
        default=None,
        alias="vorlagenschluss_arbeitstage",
        ge=0,
        le=60,
        description="Vorlagenschluss: so viele Arbeitstage vor dem Versand der Ladung muss die "
        "Vorlage beim Sitzungsdienst sein (Annahme 10, wenn leer – bitte erfragen)",
    )

    @property
    def kind_label(self) -> str:
        return BODY_KIND_LABELS[self.kind]


class Amtsblatt(_Model):
    """Erscheinungsweise des Amtsblatts (Ausgaben oder Regel) und Redaktionsschluss."""

    issues: list[ExactDate] = Field(
        default_factory=list, alias="ausgaben", description="Erscheinungstermine JJJJ-MM-TT"
    )
    rhythm: Literal["woechentlich", "vierzehntaegig", "monatlich"] | None = Field(
        default=None,
        alias="rhythmus",
        description="Regel statt Liste: woechentlich, vierzehntaegig oder monatlich",
    )
    weekday: Weekday | None = Field(
        default=None,
        alias="wochentag",
        description="Erscheinungstag (mo … so) bei woechentlich; monatlich: der erste dieses "
        "Wochentags im Monat",
    )
    day_of_month: int | None = Field(
        default=None,
        alias="tag_im_monat",
        ge=1,
        le=28,
        description="Monatlich an diesem Tag (z. B. 15 wie in Coesfeld)",
    )
    first_issue: ExactDate | None = Field(
        default=None,
        alias="erste_ausgabe",
        description="Bei vierzehntaegig: ein Erscheinungstag, von dem aus alle 14 Tage gezählt wird",
    )
    editorial_days: int = Field(
        default=14,
        alias="redaktionsschluss_tage",
        ge=0,
        le=60,
        description="Redaktionsschluss so viele Tage vor Erscheinen (Standard 14 wie in Plessa)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Amtsblatt:
        if not self.issues and self.rhythm is None:
            raise PydanticCustomError(
                "ik_amtsblatt", "Amtsblatt braucht ausgaben oder einen rhythmus", {}
            )
        if self.rhythm == "woechentlich" and self.weekday is None:
            raise PydanticCustomError(
                "ik_amtsblatt", "rhythmus {rhythm} braucht einen wochentag", {"rhythm": self.rhythm}
            )
        if self.rhythm == "vierzehntaegig" and self.first_issue is None:
            raise PydanticCustomError(
                "ik_amtsblatt", "rhythmus vierzehntaegig braucht erste_ausgabe", {}
            )
        if self.rhythm == "monatlich" and (self.weekday is None) == (self.day_of_month is None):
            raise PydanticCustomError(
                "ik_amtsblatt",
                "rhythmus monatlich braucht genau eines von wochentag oder tag_im_monat",
                {},
            )
        return self

    def issues_between(self, first: date, last: date) -> list[date]:
        """Every issue date from ``first`` to ``last`` (both included), sorted."""
        from datetime import timedelta

        found = {d for d in self.issues if first <= d <= last}
        if self.rhythm in ("woechentlich", "vierzehntaegig"):
            if self.rhythm == "vierzehntaegig":
                assert self.first_issue is not None
                step = 14
                offset = (first - self.first_issue).days % step
                day = first + timedelta(days=(step - offset) % step)
            else:
                assert self.weekday is not None
                step = 7
                day = first + timedelta(days=(WEEKDAYS.index(self.weekday) - first.weekday()) % 7)
            while day <= last:
                found.add(day)
                day += timedelta(days=step)
        elif self.rhythm == "monatlich":
            year, month = first.year, first.month
            while date(year, month, 1) <= last:
                if self.day_of_month is not None:
                    day = date(year, month, self.day_of_month)
                else:
                    assert self.weekday is not None
                    start = date(year, month, 1)
                    day = start + timedelta(
                        days=(WEEKDAYS.index(self.weekday) - start.weekday()) % 7
                    )
                if first <= day <= last:
                    found.add(day)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return sorted(found)


class LeadTimes(_Model):
    """Vorlaufzeiten (Standardwerte mit Quelle bzw. als Annahme; alle änderbar)."""

    invitation_days: int = Field(
        default=28,
        alias="einladung_tage",
        ge=0,
        le=120,
        description="Einladung so viele Tage vor der Veranstaltung (Annahme 28; keine Quelle nennt eine Zahl)",
    )
    registration_days: int = Field(
        default=14,
        alias="anmeldeschluss_tage",
        ge=0,
        le=60,
        description="Anmeldeschluss so viele Tage vorher (Standardwert 14 nach Praxisbeispielen, z. B. Elmshorn 2025: 5.3. für 19.3.)",
    )
    press_days: int = Field(
        default=7,
        alias="pressemitteilung_tage",
        ge=0,
        le=60,
        description="Pressemitteilung so viele Tage vorher (7; Vereins- und Pressepraxis, z. B. NAJU Hessen)",
    )
    amtsblatt_days: int = Field(
        default=14,
        alias="amtsblatt_tage",
        ge=0,
        le=90,
        description="Ankündigung im Amtsblatt spätestens so viele Tage vor der Veranstaltung (Annahme 14)",
    )
    commenting_days: int = Field(
        default=28,
        alias="kommentierung_tage",
        ge=0,
        le=180,
        description="Dauer der Online-Kommentierung in Tagen (28; Lübeck 2020, BauGB-Monat); 0 = keine",
    )
    announcement_days: int = Field(
        default=7,
        alias="ankuendigung_tage",
        ge=0,
        le=60,
        description="Ankündigung der Kommentierung so viele Tage vor Beginn (7; BauGB-Analogie)",
    )
    evaluation_working_days: int = Field(
        default=15,
        alias="auswertung_arbeitstage",
        ge=0,
        le=120,
        description="Auswertung der Kommentare bis zum fertigen Entwurf, Arbeitstage (Annahme 15)",
    )
    cosigning_working_days: int = Field(
        default=10,
        alias="mitzeichnung_arbeitstage",
        ge=0,
        le=120,
        description="Mitzeichnung der Ämter vom fertigen Entwurf bis zum Vorlagenschluss, Arbeitstage (Annahme 10)",
    )
    writing_working_days: int = Field(
        default=30,
        alias="verschriftlichung_arbeitstage",
        ge=0,
        le=250,
        description="Verschriftlichung bis zum fertigen Entwurf (vor der Kommentierung), Arbeitstage (Annahme 30)",
    )


class Planning(_Model):
    """Planung rückwärts vom Ratsbeschluss (ik plan)."""

    sequence: list[Ident] = Field(
        default_factory=list,
        alias="beratungsfolge",
        description="Kennungen der Gremien in der Reihenfolge der Beratung; das letzte beschließt",
    )
    decision: ExactDate | None = Field(
        default=None,
        alias="beschluss",
        description="Angestrebte Sitzung des beschließenden Gremiums JJJJ-MM-TT "
        "(Standard: Datum der Phase ratsbeschluss)",
    )
    amtsblatt: Amtsblatt | None = Field(
        default=None, alias="amtsblatt", description="Amtsblatt (Ausgaben, Redaktionsschluss)"
    )
    lead_times: LeadTimes = Field(
        default_factory=LeadTimes, alias="vorlauf", description="Vorlaufzeiten"
    )
