"""The one place that writes files: atomically, with a report of what changed.

Renderers return text or bytes; commands hand them to :class:`Writer`, which
writes through a temporary file in the same folder and ``os.replace`` so that a
crash never leaves a half-written file, and records for each path whether it
was created, updated, left unchanged or removed. It never writes a file that
Excel, Word or LibreOffice has open (their lock files tell), and with
``backup=True`` – for files that may hold the user's own work – it first copies
the previous version into ``.ik-sicherungen/`` beside the file and says so.
``dry_run`` only plans.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

from integrakonzept.errors import OutputError, os_reason


class Change(Enum):
    CREATED = "erstellt"
    UPDATED = "aktualisiert"
    UNCHANGED = "unverändert"
    REMOVED = "entfernt"
    PLANNED = "geplant"


@dataclass(frozen=True)
class Written:
    path: Path
    change: Change
    #: the copy of the previous version (``backup=True``), if one was made
    backup: Path | None = None


BACKUP_DIR = ".ik-sicherungen"
KEEP_BACKUPS = 5


def lock_files(path: Path) -> list[Path]:
    """Lock files of Excel/Word (``~$NAME``) or LibreOffice (``.~lock.NAME#``) for ``path``."""
    folder, name = path.parent, path.name
    candidates = [folder / f".~lock.{name}#", folder / f"~${name}"]
    if len(name) > 2:
        candidates.append(folder / f"~${name[2:]}")
    return [c for c in candidates if c.exists()]


def ensure_closed(path: Path) -> None:
    """Refuse (:class:`OutputError`) while an office program has ``path`` open."""
    locks = lock_files(path)
    if not locks:
        return
    lock = locks[0]
    program = "LibreOffice" if lock.name.startswith(".~lock.") else "Microsoft Office"
    raise OutputError(
        f"{path.name} ist gerade in {program} geöffnet (Sperrdatei {lock.name}).",
        f"Schließen Sie die Datei und rufen Sie den Befehl erneut auf. Ist {program} nicht "
        f"mehr geöffnet, ist die Sperrdatei von einem Absturz übrig: löschen Sie {lock}.",
    )


def backup_copy(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` into ``.ik-sicherungen/`` beside it; keep the newest copies only."""
    folder = path.parent / BACKUP_DIR
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}_{stamp}_{counter}{path.suffix}"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copy2(path, target)
    except OSError as exc:
        raise OutputError(
            f"Die Sicherungskopie von {path.name} kann nicht angelegt werden: {os_reason(exc)}.",
            f"Prüfen Sie, ob der Ordner {folder} beschreibbar ist.",
        ) from exc
    old = sorted(
        folder.glob(f"{path.stem}_????-??-??_??-??-??*{path.suffix}"),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return target


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

    def write(self, path: Path, data: str | bytes, *, backup: bool = False) -> Written:
        """Write ``data`` to ``path``; ``backup``: keep the previous version (the user's
        changes) in ``.ik-sicherungen/`` when the content changes."""
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
            ensure_closed(path)
            saved = backup_copy(path) if backup and change is Change.UPDATED else None
            try:
                atomic_write_bytes(path, payload)
            except OSError as exc:
                raise OutputError(
                    f"{path} kann nicht geschrieben werden: {os_reason(exc)}."
                ) from exc
            result = Written(path, change, saved)
        self.written.append(result)
        return result

    def remove(self, path: Path, *, backup: bool = False) -> Written | None:
        """Remove a stale file ik wrote earlier (``backup``: keep a copy first)."""
        if not path.is_file():
            return None
        if self.dry_run:
            result = Written(path, Change.PLANNED)
        else:
            ensure_closed(path)
            saved = backup_copy(path) if backup else None
            try:
                path.unlink()
            except OSError as exc:
                raise OutputError(f"{path} kann nicht entfernt werden: {os_reason(exc)}.") from exc
            result = Written(path, Change.REMOVED, saved)
        self.written.append(result)
        return result

    def counts(self) -> dict[Change, int]:
        counts = dict.fromkeys(Change, 0)
        for item in self.written:
            counts[item.change] += 1
        return counts
