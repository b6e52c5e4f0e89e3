"""What an import reports: per export file, per event, and for the whole run.

Every row of an export is accounted for: read = new + updated + unchanged + merged
duplicates + rejected. Nothing here holds personal data except through the rows' numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integrakonzept.people.recognition import ColumnReading


@dataclass(frozen=True)
class Rejection:
    """One row that was not imported: where and why (no personal data)."""

    file: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"Zeile {self.row} in {self.file}: {self.reason}"


@dataclass
class FileReport:
    """What happened to one export."""

    path: Path
    label: str
    tool: str
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    rejects_path: Path | None = None
    #: the previous reject file (perhaps corrected by hand), kept before it was replaced
    rejects_backup: Path | None = None
    #: a reject file of an earlier import that was removed: nothing was rejected this time
    rejects_removed: Path | None = None
    notes: list[str] = field(default_factory=list)
    #: answers the coordinator corrected by hand that a newer export did not overwrite
    kept_edits: int = 0
    #: how each column was read (the read table shown before anything is written)
    readings: list[ColumnReading] = field(default_factory=list)
    header_row: int = 1
    #: how the rows get their event ("aus der Spalte „Veranstaltung“", "--phase auftakt" …)
    event_how: str = ""
    #: the file has a header but no rows
    empty: bool = False
    #: why the file could not be imported (the other files of a batch still are)
    error: str | None = None
    hint: str | None = None

    @property
    def balanced(self) -> bool:
        """read = new + updated + unchanged + merged + rejected."""
        return self.read == (
            self.new + self.updated + self.unchanged + self.merged + len(self.rejected)
        )


@dataclass
class EventSummary:
    id: str
    title: str
    capacity: int | None
    registered: int = 0
    waitlist: int = 0
    cancelled: int = 0
    new_registered: int = 0
    new_waitlist: int = 0
    new_cancelled: int = 0
    late: int = 0

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered)


@dataclass
class ImportReport:
    """The result of :func:`import_registrations` (also of a dry run)."""

    tracker: Path
    files: list[FileReport]
    events: list[EventSummary]
    created: bool
    changed: bool
    dry_run: bool
    backup: Path | None = None
    refreshed: bool = False
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the mapping file written by ``--write-mapping``
    mapping_written: Path | None = None

    @property
    def failed(self) -> list[FileReport]:
        """Files that could not be imported."""
        return [f for f in self.files if f.error is not None]

    def total(self, name: str) -> int:
        if name == "rejected":
            return sum(len(f.rejected) for f in self.files)
        return sum(int(getattr(f, name)) for f in self.files)

    @property
    def rejections(self) -> list[Rejection]:
        return [r for f in self.files for r in f.rejected]


#: progress callback: (stage, done, total)
Progress = Callable[[str, int, int], None]
