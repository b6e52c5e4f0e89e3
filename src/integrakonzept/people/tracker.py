"""``ik tracker``: create the attendee tracker or bring its derived sheets up to date."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import TrackerError
from integrakonzept.output import ensure_closed
from integrakonzept.people import safety
from integrakonzept.people.events import Catalog
from integrakonzept.people.schema import ADDED_COLUMNS
from integrakonzept.people.trackerfile import read_tracker
from integrakonzept.people.workbook import (
    add_columns,
    data_languages,
    fingerprint,
    refresh_file,
    save_new,
)

if TYPE_CHECKING:
    from integrakonzept.process.model import Process


@dataclass
class TrackerResult:
    """What ``ik tracker`` did."""

    path: Path
    #: "erstellt", "aktualisiert" or "unverändert"
    change: str
    backup: Path | None = None
    losses: list[str] = field(default_factory=list)
    #: columns added to an older tracker (right of its table), e.g. „Sprache“
    added: list[str] = field(default_factory=list)
    events: int = 0
    topics: int = 0


def tracker_path(default: Path | None, output: Path | None, process_file: Path) -> Path:
    """``-o`` (a file or a folder), else the process file's ``tracker``, else beside it."""
    if output is not None:
        if output.is_dir() or (not output.suffix and not output.exists()):
            return output / "anmeldungen.xlsx"
        if output.suffix.lower() != ".xlsx":
            raise TrackerError(
                f"{output.name}: Die Anmeldeliste muss eine .xlsx-Datei sein.",
                "Geben Sie z. B. -o anmeldungen.xlsx an.",
            )
        return output
    return default or process_file.parent / "anmeldungen.xlsx"


def make_tracker(
    process: Process, process_file: Path, output: Path | None = None, *, force: bool = False
) -> TrackerResult:
    """Create the tracker, or bring its derived sheets up to date with the process file.

    Only *Übersicht*, *Veranstaltungen*, *Handlungsfelder* and the hidden *Listen* are
    rewritten; *Anmeldungen* and the coordinator's own sheets stay as they are.
    ``process_file`` only places the tracker (beside it) when the process names none.
    One writer at a time (:func:`safety.tracker_lock`).
    """
    path = tracker_path(process.tracker, output, process_file)
    with safety.tracker_lock(path):
        return _make_tracker(process, path, force=force)


def _make_tracker(process: Process, path: Path, *, force: bool) -> TrackerResult:
    catalog = Catalog.from_process(process)
    result = TrackerResult(
        path, "unverändert", events=len(catalog.events), topics=len(catalog.topics)
    )
    missing: list[str] = []
    if path.exists():
        ensure_closed(path, TrackerError)
        state = read_tracker(path)
        new_languages = data_languages(state.rows) - state.listed_languages
        missing = [k for k in ADDED_COLUMNS if k not in state.columns]
        if (
            state.fingerprint == fingerprint(catalog)
            and state.derived_complete
            and not new_languages
            and not missing
        ):
            return result
    from integrakonzept.output import Writer

    with safety.rewriting(path) as new_temp:
        temp = new_temp()
        if path.exists():
            result.losses = refresh_file(path, temp, catalog, force=force)
            if missing:
                # columns newer than this tracker (the refresh above checked the round trip)
                widened = new_temp()
                result.added = add_columns(temp, widened, missing)
                if result.added:
                    widened.replace(temp)
            result.change = "aktualisiert"
        else:
            save_new(catalog, temp)
            result.change = "erstellt"
        result.backup = Writer().commit(temp, path).backup
    return result
