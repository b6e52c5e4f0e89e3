"""Helpers for the ``ik mail`` tests: a process file, a tracker with people, and a real
SMTP server (aiosmtpd) on 127.0.0.1 that records what arrives.

A module with a unique name instead of a ``conftest.py`` (see tests/people/people_helpers.py).
"""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

TODAY = "2030-03-10"
PROCESS = """
titel: Integrationskonzept Großstadt
kommune:
  name: Großstadt
  art: Stadt
veranstalter:
  institution: Stadt Großstadt
  fachbereich: Amt für Soziales und Integration
kontakt:
  name: Jürgen Käßler
  funktion: Integrationskoordinator
  telefon: 04121 231-475
  email: integration@grossstadt.example.de
gendern: {gender}
handlungsfelder:
  - id: sprache
    titel: Sprache
phasen:
  - id: auftakt
    art: auftakt
    titel: Auftakt „Großstadt im Dialog“
    datum: 2030-03-19
    beginn: "16:00"
    ende: "19:00"
    einlass: "15:30"
    ort:
      name: Rathaus Großstadt
      raum: Bürgersaal
      strasse: Marktstraße 1
      plz: 25335
      ort: Großstadt
      barrierefrei: true
      anfahrt: Bus 6514 bis Haltestelle Rathaus; Parkhaus am Markt
    kapazitaet: {capacity}
    anmeldung:
      frist: 2030-03-12
      email: integration@grossstadt.example.de
    dolmetschen:
      auf_anfrage: true
      sprachen: [ar, tr]
    kinderbetreuung:
      angebot: true
      durch: Kinderschutzbund Großstadt
email_versand:
  server: 127.0.0.1
  port: {port}
  verschluesselung: keine
  pause_sekunden: 0
  dokumentation_url: https://www.grossstadt.example.de/integration/ergebnisse
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_process(folder: Path, *, port: int = 2525, capacity: int = 10, gender: str = "stern") -> Path:
    path = folder / "prozess.yaml"
    text = textwrap.dedent(PROCESS).format(port=port, capacity=capacity, gender=gender)
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def make_tracker(process_file: Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    """``anmeldungen.xlsx`` beside the process file, with ``rows`` (keys as in COLUMNS)."""
    from integrakonzept.people.events import Catalog
    from integrakonzept.people.trackerfile import read_tracker, write_rows
    from integrakonzept.people.workbook import save_new
    from integrakonzept.process.load import load_process

    catalog = Catalog.from_process(load_process(process_file))
    blank = process_file.parent / "leer.xlsx"
    save_new(catalog, blank)
    target = process_file.parent / "anmeldungen.xlsx"
    write_rows(read_tracker(blank), {}, list(rows), target)
    blank.unlink()
    return target


def person(
    number: int,
    first: str,
    last: str,
    *,
    status: str = "angemeldet",
    email: str | None = None,
    event: str = "auftakt",
    at: datetime | None = None,
    **extra: str,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "reg_id": f"A{number}",
        "person_id": f"P{number}",
        "event": event,
        "first_name": first,
        "last_name": last,
        "email": f"person{number}@example.de" if email is None else email,
        "status": status,
        "registered_at": at or datetime(2030, 2, 1, 9, number % 60),
    }
    row.update(extra)
    return row


def sheet_rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path)
    if sheet not in wb.sheetnames:
        return []
    rows = list(wb[sheet].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    result = [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]
    wb.close()
    return result


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class Recorder:
    """aiosmtpd handler: records messages; can refuse addresses or fail after N messages."""

    refuse: set[str] = field(default_factory=set)
    fail_after: int | None = None
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unbekannt"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "421 4.3.2 Dienst nicht verfügbar, Verbindung wird geschlossen"
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 OK: angenommen"


@dataclass
class Server:
    port: int
    handler: Recorder
