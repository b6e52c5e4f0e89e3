"""What the values in the tracker mean: registration status, attendance and needs.

This is the one place that decides it. The statistics, the sign-up sheet, the import's
capacity bookkeeping, ``ik status`` and the formulas of the sheet *Übersicht* all follow
these rules, so a row counts the same everywhere – also when a coordinator typed a
value by hand ("Storniert", "abgelehnt", "x", "teilgenommen").

The rules are written so that a spreadsheet program can apply them with ``COUNTIFS``:

* a *prefix* word matches a cell that starts with it, ignoring case ("abgesagt" matches
  "Abgesagt am 3.3."): the criterion ``"abgesagt*"``;
* an *exact* word matches a cell that is exactly the word, ignoring case ("x", "da"):
  the criterion ``"x"``.

Spaces in front of a value are not ignored (``COUNTIFS`` cannot do that either); such a
value counts as "angemeldet" or "unbekannt" here and in Excel alike.

Status: a row is *abgesagt* when its status starts with a cancellation word, on the
*Warteliste* when it starts with a waiting-list word, *ohne Anmeldung* (a walk-in: came
without registering; ``ik attendance --add-walk-ins`` writes it) when it starts with a
walk-in word, and otherwise – empty included – *angemeldet* (the import writes no status
for rows typed in by hand). A walk-in counts as attendance, never as a registration: not
in „Anmeldungen“, not against the places, never due for a confirmation.

Attendance: *teilgenommen*, *nicht erschienen*, *entschuldigt*, or *unbekannt* (empty or
anything else: attendance was not taken for that row).

Needs (childcare, accessibility, interpreting): a need is stated when the cell is not
empty and does not match one of the "no" words ("nein", "keine", "nicht nötig", "-").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from integrakonzept.people.schema import (
    ATTENDED,
    EXCUSED,
    NOT_ATTENDED,
    STATUS_CANCELLED,
    STATUS_REGISTERED,
    STATUS_WAITLIST,
    STATUS_WALK_IN,
)


class Status(Enum):
    """The state of a registration."""

    REGISTERED = STATUS_REGISTERED
    WAITLIST = STATUS_WAITLIST
    CANCELLED = STATUS_CANCELLED
    #: came without registering: counts as attendance only
    WALK_IN = STATUS_WALK_IN


class Attendance(Enum):
    """Whether a person came."""

    ATTENDED = ATTENDED
    ABSENT = NOT_ATTENDED
    EXCUSED = EXCUSED
    UNKNOWN = ""


@dataclass(frozen=True)
class Words:
    """The words that give a value its meaning (lower case)."""

    prefixes: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()

    def matches(self, value: str) -> bool:
        v = value.lower()
        return v in self.exact or v.startswith(self.prefixes)

    @property
    def criteria(self) -> tuple[str, ...]:
        """``COUNTIFS`` criteria, one per word; at most one of them matches a value."""
        return tuple(f"{w}*" for w in self.prefixes) + self.exact

    def excel_test(self, cell: str) -> str:
        """A formula that is TRUE when ``cell`` matches (for conditional formats)."""
        tests = [f'LEFT({cell},{len(w)})="{w}"' for w in self.prefixes]
        tests += [f'{cell}="{w}"' for w in self.exact]
        return f"OR({','.join(tests)})"


#: status words, beside the tracker's own "abgesagt" and "Warteliste"
CANCELLED_WORDS = Words(
    prefixes=(
        "abgesagt",
        "storniert",
        "abgemeldet",
        "abgelehnt",
        "zurückgezogen",
        "widerrufen",
        "cancel",  # cancelled, canceled
    )
)
WAITLIST_WORDS = Words(prefixes=("warte", "nachrück", "waitlist", "waiting"))
WALK_IN_WORDS = Words(prefixes=("ohne anmeldung", "spontan", "walk-in", "walk in"))

ATTENDED_WORDS = Words(
    prefixes=("ja", "teilgenommen", "anwesend", "erschienen", "yes"),
    exact=("x", "da", "✓", "✔", "1"),
)
ABSENT_WORDS = Words(
    prefixes=("nein", "nicht", "abwesend", "gefehlt", "fehlt", "no-show", "no show"),
    exact=("-", "0", "no"),
)
EXCUSED_WORDS = Words(prefixes=("entschuldigt",))

#: a need cell matching these words states no need ("nein", "keine", "nicht nötig", "-")
NO_NEED_WORDS = Words(prefixes=("nein", "kein", "nicht"), exact=("no", "-"))

#: what the overview and the documents call each value
STATUS_LABELS = {
    Status.REGISTERED: "angemeldet",
    Status.WAITLIST: "Warteliste",
    Status.CANCELLED: "abgesagt",
    Status.WALK_IN: "ohne Anmeldung",
}
ATTENDANCE_LABELS = {
    Attendance.ATTENDED: "teilgenommen",
    Attendance.ABSENT: "nicht erschienen",
    Attendance.EXCUSED: "entschuldigt",
    Attendance.UNKNOWN: "unbekannt",
}


@lru_cache(maxsize=4096)  # few distinct values, read for every row
def status_of(value: str | None) -> Status:
    """The meaning of a value in the column „Status“."""
    v = value or ""
    if CANCELLED_WORDS.matches(v):
        return Status.CANCELLED
    if WAITLIST_WORDS.matches(v):
        return Status.WAITLIST
    if WALK_IN_WORDS.matches(v):
        return Status.WALK_IN
    return Status.REGISTERED


@lru_cache(maxsize=4096)  # few distinct values, read for every row
def attendance_of(value: str | None) -> Attendance:
    """The meaning of a value in the column „Teilnahme“."""
    v = value or ""
    if EXCUSED_WORDS.matches(v):
        return Attendance.EXCUSED
    if ATTENDED_WORDS.matches(v):
        return Attendance.ATTENDED
    if ABSENT_WORDS.matches(v):
        return Attendance.ABSENT
    return Attendance.UNKNOWN


@lru_cache(maxsize=4096)  # few distinct values, read for every row
def states_need(value: str | None) -> bool:
    """Whether a need cell (Kinderbetreuung, Barrierefreiheit, Dolmetschen) asks for something."""
    v = value or ""
    return bool(v) and not NO_NEED_WORDS.matches(v)


def walk_in_marked_only_in_comment(status: str | None, comment: str | None) -> bool:
    """A row an older ``ik attendance --add-walk-ins`` added: status „angemeldet“, the
    comment „ohne Anmeldung (vor Ort)“. It still counts as a registration (the overview
    formulas only see the status); ``ik check`` asks to set the status."""
    return status_of(status) is Status.REGISTERED and WALK_IN_WORDS.matches((comment or "").strip())


@lru_cache(maxsize=4096)  # few distinct values, read for every row
def is_known_status(value: str | None) -> bool:
    """Whether ik understood the status (empty counts as understood: angemeldet)."""
    v = value or ""
    return (
        not v
        or v.lower() == STATUS_REGISTERED
        or CANCELLED_WORDS.matches(v)
        or WAITLIST_WORDS.matches(v)
        or WALK_IN_WORDS.matches(v)
    )


#: what a form tool's own status column says when a registration was withdrawn
#: (pretix: "c" cancelled, "e" expired; refunds) – whole values, any case
EXPORT_CANCELLED = frozenset(
    {
        "c",
        "e",
        "canceled",
        "cancelled",
        "storniert",
        "abgesagt",
        "abgelehnt",
        "expired",
        "abgelaufen",
        "refunded",
        "erstattet",
        "zurückgezogen",
        "widerrufen",
    }
)


def export_cancelled(value: str) -> bool:
    """Whether the status column of a form export says the registration was withdrawn."""
    v = value.strip().casefold()
    return v in EXPORT_CANCELLED or CANCELLED_WORDS.matches(v)


def _check_prefix_free(groups: Iterable[Words]) -> None:
    """No value may match two criteria (the Excel sums would count it twice)."""
    words = [(w, True) for g in groups for w in g.prefixes] + [
        (w, False) for g in groups for w in g.exact
    ]
    for a, a_prefix in words:
        for b, _b_prefix in words:
            if a != b and a_prefix and b.startswith(a):
                raise AssertionError(f"{a!r} is a prefix of {b!r}")


_check_prefix_free((CANCELLED_WORDS, WAITLIST_WORDS, WALK_IN_WORDS))
_check_prefix_free((ATTENDED_WORDS, ABSENT_WORDS, EXCUSED_WORDS))
_check_prefix_free((NO_NEED_WORDS,))
