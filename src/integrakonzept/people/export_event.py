"""Which event an export is for, when the rows do not say it themselves and --phase is not given.

In this order (the first that decides wins):

1. ``--phase``;
2. an event column that names an event exactly or unambiguously, row by row (a tool's own
   event column that names no event in any row, such as pretix's ticket type "Teilnahme
   (kostenlos)", is not asked: it names a ticket, not an event);
3. the only event of the process;
4. the form's title, as the tool writes it into the file name ("Anmeldung Auftakt(1-7).xlsx",
   "Anmeldung Auftakt (Antworten) - Formularantworten 1.csv");
5. the only event open for registration at the export's time (its newest registration).

Otherwise the import of this file stops with one line naming the events to choose from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from integrakonzept.errors import ImportError_
from integrakonzept.people import normalize as norm
from integrakonzept.people.events import Catalog, EventInfo
from integrakonzept.people.readers import CellValue, Sheet
from integrakonzept.people.recognition import Layout, shorten
from integrakonzept.people.schema import Field


@dataclass(frozen=True)
class FileEvent:
    """The event of a file's rows that name none, and how it was found."""

    #: event id for rows without an event of their own (``None``: each row must name one)
    default: str | None
    #: how the event is found, for the read table ("aus der Spalte „Veranstaltungstitel“")
    how: str
    #: tool event columns not to ask (they name no event in any row)
    skip_columns: frozenset[int] = frozenset()


# Microsoft Forms "Titel(1-7).xlsx"; Google "Titel (Antworten) - Formularantworten 1.csv";
# Nextcloud "Titel (responses).csv"; copies "Titel (1).csv"
_TITLE_SUFFIXES = (
    re.compile(r"\s*\(\d+\s*-\s*\d+\)$"),
    re.compile(
        r"\s*\((antworten|responses|ergebnisse|results)\)"
        r"(\s*-\s*(formularantworten|form responses)\s*\d*)?$",
        re.IGNORECASE,
    ),
    re.compile(r"\s*\(\d+\)$"),
)
_TITLE_NOISE = re.compile(
    r"\b(anmeldung|anmeldeformular|anmeldungen|registrierung|formular|export|umfrage)\b\s*(zu[rm]?)?",
    re.IGNORECASE,
)


def form_title(path: Path) -> str:
    """The form's title as the tool put it into the file name (without its suffixes)."""
    name = path.name
    for suffix in (".csv.zip", ".xlsx", ".xls", ".ods", ".csv", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    name = name.replace("_", " ")
    changed = True
    while changed:
        changed = False
        for rx in _TITLE_SUFFIXES:
            stripped = rx.sub("", name)
            if stripped != name:
                name, changed = stripped, True
    return name.strip()


def _title_event(path: Path, catalog: Catalog) -> str | None:
    title = form_title(path)
    for text in (title, _TITLE_NOISE.sub(" ", title)):
        if not text.strip():
            continue
        match = catalog.resolve_event(text)
        if len(match.ids) == 1:
            return match.ids[0]
    return None


def open_events(catalog: Catalog, newest: datetime) -> list[EventInfo]:
    """Events taking registrations whose last day had not passed at ``newest``."""
    return [
        e
        for e in catalog.events
        if e.registration_required and e.last_day is not None and e.last_day >= newest.date()
    ]


def _event_list(events: Sequence[EventInfo]) -> str:
    parts = [f"{e.id} ({shorten(e.title, 50)}, {e.date_text})" for e in events]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " und " + parts[-1]


def find_file_event(
    path: Path,
    sheet: Sheet,
    layout: Layout,
    catalog: Catalog,
    phase: str | None,
    stamps: Sequence[datetime],
) -> FileEvent:
    """Decide how the rows of one export get their event (see the module docstring)."""
    if phase is not None:
        return FileEvent(phase, f"--phase {phase}")
    data = sheet.rows[layout.header_index + 1 :]
    columns = layout.columns.get(Field.EVENT, [])
    skip: set[int] = set()
    for index in columns:
        if index not in layout.system:
            continue
        values = {norm.text(_cell(row, index)) for row in data}
        if not any(catalog.resolve_event(v).ids for v in values if v):
            skip.add(index)
    asked = [i for i in columns if i not in skip]
    option_event = any(f is Field.EVENT for f, _ in layout.options.values())
    if asked or option_event:
        names = [norm.quote(shorten(layout.headers[i], 40)) for i in asked]
        column = "aus der Spalte " if len(names) == 1 else "aus den Spalten "
        how = column + " bzw. ".join(names) if names else ""
        if option_event:
            how += " bzw. aus den Optionsspalten" if how else "aus den Optionsspalten"
    else:
        how = ""

    default: str | None = None
    reason = ""
    if len(catalog.events) == 1:
        default = catalog.events[0].id
        reason = "die einzige Veranstaltung der Prozessdatei"
    else:
        titled = _title_event(path, catalog)
        if titled is not None:
            default = titled
            reason = f"laut Formulartitel {norm.quote(shorten(form_title(path), 60))}"
        elif stamps:
            candidates = open_events(catalog, max(stamps))
            if len(candidates) == 1:
                default = candidates[0].id
                reason = (
                    "die einzige Veranstaltung, für die am "
                    f"{max(stamps).strftime('%d.%m.%Y')}, dem Tag der neuesten Anmeldung, "
                    "Anmeldungen offen waren"
                )
    if how:
        if default is not None:
            how += f"; Zeilen ohne Angabe: {default} ({reason})"
        return FileEvent(default, how, frozenset(skip))
    if default is not None:
        return FileEvent(default, f"{default} – {reason}", frozenset(skip))
    raise no_event_error(sheet, catalog, stamps)


def no_event_error(sheet: Sheet, catalog: Catalog, stamps: Sequence[datetime]) -> ImportError_:
    """One clear first line: which events there are and how to choose one."""
    candidates = open_events(catalog, max(stamps)) if stamps else []
    choices = candidates if len(candidates) > 1 else catalog.events
    first = choices[0].id
    which = "Infrage kommen" if len(candidates) > 1 else "Die Prozessdatei hat"
    return ImportError_(
        f"{sheet.label}: Für welche Veranstaltung sind diese Anmeldungen? {which} "
        f"{_event_list(choices)} – bitte mit --phase wählen, z. B. --phase {first}.",
        "Die Datei nennt keine Veranstaltung: keine Spalte wie „Veranstaltung“, kein "
        "passender Formulartitel im Dateinamen"
        + (
            ", und zur Zeit der neuesten Anmeldung waren mehrere Anmeldungen offen."
            if len(candidates) > 1
            else "."
        )
        + " Nennt eine Spalte die Veranstaltung mit anderen Worten, ordnen Sie diese in "
        "einer Zuordnungsdatei unter „veranstaltungen:“ zu (--write-mapping legt sie an).",
    )


def _cell(row: list[CellValue], index: int) -> CellValue:
    return row[index] if index < len(row) else ""
