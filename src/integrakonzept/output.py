"""The one place that writes files: atomically, with a report of what changed.

Renderers return text or bytes; commands hand them to :class:`Writer`, which
writes through a temporary file in the same folder and ``os.replace`` so that a
crash never leaves a half-written file, and records for each path whether it
was created, updated or left unchanged.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from integrakonzept.errors import OutputError, os_reason


class Change(Enum):
    CREATED = "erstellt"
    UPDATED = "aktualisiert"
    UNCHANGED = "unverändert"
    PLANNED = "geplant"


@dataclass(frozen=True)
class Written:
    path: Path
    change: Change


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and rename (same folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Writer:
    """Writes files and remembers what it did. ``dry_run`` only plans."""

    dry_run: bool = False
    force: bool = True
    written: list[Written] = field(default_factory=list)

    def write(self, path: Path, data: str | bytes) -> Written:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if path.exists():
            if path.is_dir():
                raise OutputError(f"{path} ist ein Ordner, keine Datei.")
            if not self.force:
                raise OutputError(
                    f"{path} gibt es schon.", "Mit --force wird die Datei überschrieben."
                )
            if path.read_bytes() == payload:
                result = Written(path, Change.UNCHANGED)
                self.written.append(result)
                return result
            change = Change.UPDATED
        else:
            change = Change.CREATED
        if self.dry_run:
            result = Written(path, Change.PLANNED)
        else:
            try:
                atomic_write_bytes(path, payload)
            except OSError as exc:
                raise OutputError(
                    f"{path} kann nicht geschrieben werden: {os_reason(exc)}."
                ) from exc
            result = Written(path, change)
        self.written.append(result)
        return result

    def counts(self) -> dict[Change, int]:
        counts = dict.fromkeys(Change, 0)
        for item in self.written:
            counts[item.change] += 1
        return counts
