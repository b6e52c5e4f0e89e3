"""Placeholders that ``ik new-process`` writes and a user must replace.

The scaffold fills every key with a value that loads, so that the file is valid from
the start: a contact „Vorname Nachname“, telephone numbers with ``1234567``, e-mail
addresses and links on ``<kommune>.bitte-ersetzen.example.de`` (marked, so that they are
not mistaken for the invented but deliberate ``example.de`` contacts of the examples),
„Musterstraße“, the postcode 12345 and texts ending in „… eintragen)“. Printed on an
invitation or sent to a newspaper, each of them is a mistake. :func:`find_placeholders`
names every key that still holds one; ``ik check`` warns about them and ``ik build``
leaves out press releases, invitations and letters while there are any (unless the
user confirms with ``--allow-placeholders``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integrakonzept.process.model import Process

PathTuple = tuple[str | int, ...]

#: (what it is, pattern) – checked against every text value of the process file
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Name „Vorname Nachname“", re.compile(r"\bVorname\s+Nachname\b")),
    ("Beispiel-Telefonnummer mit 1234567", re.compile(r"1\s*2\s*3\s*4\s*5\s*6\s*7")),
    ("Beispieladresse …bitte-ersetzen.example.de", re.compile(r"bitte-ersetzen", re.I)),
    ("„Musterstraße“", re.compile(r"Musterstra(?:ß|ss)e", re.IGNORECASE)),
    ("Postleitzahl 12345", re.compile(r"^12345$")),
    ("Hinweis „… eintragen“", re.compile(r"\beintragen\)")),
)


@dataclass(frozen=True)
class Placeholder:
    """One key that still holds a placeholder of the scaffold."""

    path: PathTuple
    #: ``kontakt.name``, ``phasen[auftakt].anmeldung.email``
    where: str
    what: str


def _walk(node: Any, path: PathTuple) -> Iterator[tuple[PathTuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))
    elif isinstance(node, str | int) and not isinstance(node, bool):
        yield path, str(node)


def find_placeholders(data: Any) -> list[Placeholder]:
    """Every key of the process file's data (as read from YAML, or a process dumped by
    alias) whose value is still a placeholder of the scaffold, in file order."""
    from integrakonzept.process.load import Locator

    names = Locator(file="", data=data)  # the one way to name a key: phasen[auftakt].ort.plz
    found: list[Placeholder] = []
    for path, value in _walk(data, ()):
        for what, pattern in _PATTERNS:
            if pattern.search(value):
                found.append(Placeholder(path, names.display(path), what))
                break
    return found


def process_placeholders(process: Process) -> list[Placeholder]:
    """:func:`find_placeholders` of a loaded process (for commands without the YAML data)."""
    return find_placeholders(process.model_dump(mode="json", by_alias=True, exclude_none=True))


def placeholder_list(found: list[Placeholder]) -> str:
    """``kontakt.name (Name „Vorname Nachname“), kontakt.telefon (…)`` – for messages."""
    return ", ".join(f"{p.where} ({p.what})" for p in found)
