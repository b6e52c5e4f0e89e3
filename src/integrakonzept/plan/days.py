"""Working days, public holidays and school holidays of one Land, and the notice-period rules.

Holidays come from the ``holidays`` package (vacanza/holidays, MIT), which ships both
the public holidays per Land and – since 2026 – the school holidays of all 16 Länder
from the KMK Ferienkalender, offline. It is imported here, lazily, only when a plan
is made. Names are always asked for in German (``language="de"``): without it the
package answers in the process locale, so under ``LANG=C`` „Reformationstag“ would
come out as "Reformation Day".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integrakonzept.process.council import Body

#: Years the lookup probes when it looks for the end of the school-holiday data.
_HORIZON_PROBE_YEARS = 12


@dataclass
class LandCalendar:
    """Public and school holidays of one Land, loaded per year on demand."""

    land: str
    _public: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)
    _school: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)
    _horizon: date | None = field(default=None, repr=False)

    def _load(self, year: int) -> None:
        if year in self._public:
            return
        import holidays

        public = holidays.country_holidays("DE", subdiv=self.land, years=year, language="de")
        school = holidays.country_holidays(
            "DE", subdiv=self.land, years=year, categories=("school",), language="de"
        )
        self._public[year] = {day: str(name) for day, name in public.items() if day.year == year}
        self._school[year] = {day: str(name) for day, name in school.items() if day.year == year}

    def public_holiday(self, day: date) -> str | None:
        """The German name of the public holiday on ``day`` in this Land, or ``None``."""
        self._load(day.year)
        return self._public[day.year].get(day)

    def school_holiday(self, day: date) -> str | None:
        """„Sommerferien“, „Herbstferien“ … if ``day`` lies in the Land's school holidays."""
        self._load(day.year)
        return self._school[day.year].get(day)

    def holidays_between(self, first: date, last: date) -> list[tuple[date, str, bool]]:
        """(day, name, is_public) for every public or school holiday from first to last."""
        out: list[tuple[date, str, bool]] = []
        day = first
        while day <= last:
            public = self.public_holiday(day)
            if public:
                out.append((day, public, True))
            school = self.school_holiday(day)
            if school:
                out.append((day, school, False))
            day += timedelta(days=1)
        return out

    @property
    def horizon(self) -> date:
        """Last day for which the school holidays of this Land are completely known.

        A year counts as complete when it has Sommer-, Herbst- and Weihnachtsferien (every
        Land has these three); the KMK publishes years ahead, the package lags behind.
        """
        if self._horizon is None:
            # Walk back from a few years ahead to the last complete year (the data start in 1990).
            year = date.today().year + _HORIZON_PROBE_YEARS
            while year > 1990:
                self._load(year)
                names = set(self._school[year].values())
                december = any(d.month == 12 for d in self._school[year])
                if {"Sommerferien", "Herbstferien"} <= names and december:
                    break
                year -= 1
            self._horizon = date(year, 12, 31)
        return self._horizon

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday of the Land."""
        return day.weekday() < 5 and self.public_holiday(day) is None

    def on_or_before(self, day: date) -> date:
        """``day`` if it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days_before(self, day: date, count: int) -> date:
        """The working day ``count`` working days before ``day`` (``count`` = 0: on or before)."""
        day = self.on_or_before(day)
        for _ in range(count):
            day = self.on_or_before(day - timedelta(days=1))
        return day

    def why_not_working(self, day: date) -> str | None:
        """„Samstag“, „Sonntag“ or the holiday's name; ``None`` on a working day."""
        holiday = self.public_holiday(day)
        if holiday:
            return holiday
        if day.weekday() == 5:
            return "Samstag"
        if day.weekday() == 6:
            return "Sonntag"
        return None


def delivered_by(sitting: date, notice_days: int, counting: str) -> date:
    """The last day on which the invitation may reach the members.

    ``tage_vorher``: N days before the sitting (S − N); ``volle_tage``: N full days
    between (S − N − 1); ``mit_absende_und_sitzungstag``: N days counting both the day
    of sending and the day of the sitting (S − N + 1).
    """
    if counting == "volle_tage":
        return sitting - timedelta(days=notice_days + 1)
    if counting == "mit_absende_und_sitzungstag":
        return sitting - timedelta(days=max(notice_days - 1, 0))
    return sitting - timedelta(days=notice_days)


def latest_send(body: Body, sitting: date, land: str, calendar: LandCalendar) -> tuple[date, date]:
    """(computed, moved): the latest day to send the invitation, before and after moving
    it back to a working day."""
    from integrakonzept.process.council import DEFAULT_NOTICE_DAYS, STATUTORY_NOTICE

    notice = body.notice_days
    if notice is None:
        notice = STATUTORY_NOTICE.get(land, (DEFAULT_NOTICE_DAYS, ""))[0]
    raw = delivered_by(sitting, notice, body.day_counting) - timedelta(days=body.delivery_days)
    return raw, calendar.on_or_before(raw)
