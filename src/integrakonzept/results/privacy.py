"""Small-number suppression: nobody can be singled out in a published breakdown.

A breakdown (participants by role, interpreter requests by language, …) that shows
"Politik: 1" next to a published event names a person in all but name. Counts from 1
up to ``threshold - 1`` are therefore shown as „< 3“ (primary suppression); zero is
shown, because it tells nothing about anyone.

A single hidden cell is worthless if the total of the breakdown is published next to
it: total minus the visible cells gives it back. So when exactly one cell of a
breakdown with a visible total is hidden, the smallest other non-zero cell is hidden
too (secondary suppression, shown as „x“, as official statistics do); when all other
cells are zero, they are all hidden. Totals per
event are not suppressed: that 12 people came to a workshop singles out no one, and
the council needs the number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SECONDARY_MARK = "x"


@dataclass(frozen=True)
class Count:
    """A count as it may be published: the true value stays internal to ik."""

    value: int
    #: "" when shown; "primary" („< 3“) or "secondary" („x“) when hidden
    hidden: str = ""
    threshold: int = 3
    #: the word of an approximate figure („über“, „rund“), kept wherever it is shown
    qualifier: str | None = None

    @property
    def shown(self) -> str:
        """The text to print: ``12``, ``über 120``, ``< 3`` or ``x``."""
        from integrakonzept.render.locale import format_number

        if self.hidden == "primary":
            return f"< {self.threshold}"
        if self.hidden == "secondary":
            return SECONDARY_MARK
        number = format_number(self.value)
        return f"{self.qualifier} {number}" if self.qualifier else number

    @property
    def is_hidden(self) -> bool:
        return bool(self.hidden)

    @property
    def public_value(self) -> int | None:
        """The number for charts and spreadsheet cells; ``None`` when hidden."""
        return None if self.hidden else self.value

    def __str__(self) -> str:
        return self.shown


def exact(value: int) -> Count:
    """A count that is published as it is (a total); an approximate figure („über 120“,
    :class:`integrakonzept.process.types.Figure`) keeps its word."""
    return Count(int(value), qualifier=getattr(value, "qualifier", None))


def suppress(
    values: Mapping[str, int], threshold: int, *, total_published: bool = True
) -> dict[str, Count]:
    """Hide small counts of one breakdown (see the module docstring).

    ``threshold`` 1 switches suppression off. The order of ``values`` is kept.
    """
    if threshold <= 1:
        return {k: Count(v, "", threshold) for k, v in values.items()}
    hidden = {k: "primary" for k, v in values.items() if 0 < v < threshold}
    if total_published and len(hidden) == 1:
        candidates = sorted((v, k) for k, v in values.items() if k not in hidden and v > 0)
        if candidates:
            hidden[candidates[0][1]] = "secondary"
        else:
            # Every other cell is zero, so the total is the hidden cell: hide them all.
            hidden |= {k: "secondary" for k in values if k not in hidden}
    return {k: Count(v, hidden.get(k, ""), threshold) for k, v in values.items()}


def suppress_one(value: int, threshold: int) -> Count:
    """A lone count in a breakdown (e.g. childcare requests at one event)."""
    if threshold > 1 and 0 < value < threshold:
        return Count(value, "primary", threshold)
    return Count(value, "", threshold)
