"""Who is who: duplicate keys, registration ids and person ids.

Two registrations for the same event are the same person when their e-mail addresses
match (ignoring case and spaces) or, when one of them has no e-mail, when first name, last
name and organisation match after normalisation (case, accents, umlauts, punctuation).
The same rule links one person's registrations for different events under one person id,
so statistics can count people, not rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from integrakonzept.people.normalize import email_key, match_text

_ID = re.compile(r"^\s*[A-Za-z]+-?(\d+)\s*$")


def name_key(first: str, last: str, organisation: str) -> str:
    """The no-e-mail key: normalised full name and organisation."""
    name = match_text(f"{first} {last}")
    return f"{name}|{match_text(organisation)}" if name else ""


def person_keys(email: str, first: str, last: str, organisation: str) -> tuple[str, str]:
    """(e-mail key, name key) of one registration."""
    return email_key(email), name_key(first, last, organisation)


def id_number(value: str) -> int:
    """``"P00042"`` → 42; anything else → 0."""
    m = _ID.match(value or "")
    return int(m.group(1)) if m else 0


def format_id(prefix: str, number: int) -> str:
    return f"{prefix}{number:05d}"


@dataclass
class PersonIndex:
    """Person ids by e-mail and by name key, across all events."""

    by_email: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    has_email: set[str] = field(default_factory=set)
    last_number: int = 0

    def add(self, person_id: str, ekey: str, nkey: str) -> None:
        self.last_number = max(self.last_number, id_number(person_id))
        if ekey:
            self.by_email.setdefault(ekey, person_id)
            self.has_email.add(person_id)
        if nkey:
            self.by_name.setdefault(nkey, person_id)

    def lookup(self, ekey: str, nkey: str) -> str | None:
        if ekey and ekey in self.by_email:
            return self.by_email[ekey]
        found = self.by_name.get(nkey) if nkey else None
        if found is not None and (not ekey or found not in self.has_email):
            return found
        return None

    def assign(self, ekey: str, nkey: str) -> str:
        """The person id for these keys, a new one if nobody matches."""
        found = self.lookup(ekey, nkey)
        if found is None:
            self.last_number += 1
            found = format_id("P", self.last_number)
        self.add(found, ekey, nkey)
        return found


@dataclass(slots=True)
class Keyed:
    """Something with an event and the two keys (used to group duplicates)."""

    event: str
    ekey: str
    nkey: str


T = TypeVar("T", bound=Keyed)


class DuplicateIndex(Generic[T]):  # noqa: UP046 - Python 3.11 has no type-parameter syntax
    """Groups registrations of one event that belong to the same person."""

    def __init__(self) -> None:
        self.groups: list[list[T]] = []
        self._by_email: dict[tuple[str, str], int] = {}
        self._by_name: dict[tuple[str, str], int] = {}
        self._group_email: dict[int, bool] = {}

    def add(self, item: T) -> None:
        index: int | None = None
        if item.ekey:
            index = self._by_email.get((item.event, item.ekey))
            if index is None and item.nkey:
                candidate = self._by_name.get((item.event, item.nkey))
                if candidate is not None and not self._group_email.get(candidate):
                    index = candidate
        elif item.nkey:
            index = self._by_name.get((item.event, item.nkey))
        if index is None:
            index = len(self.groups)
            self.groups.append([])
        self.groups[index].append(item)
        if item.ekey:
            self._by_email.setdefault((item.event, item.ekey), index)
            self._group_email[index] = True
        if item.nkey:
            self._by_name.setdefault((item.event, item.nkey), index)
