"""Keeping the tracker safe: lock files, backups, temporary files and the final rename.

* A tracker open in Excel or LibreOffice is never written: both programs would overwrite
  ik's changes when the coordinator saves. Their lock files tell: LibreOffice writes
  ``.~lock.NAME#``, Excel ``~$NAME`` (for long names Word-style ``~$`` + NAME without
  its first two characters) beside the file.
* A new version is written to a temporary file in the same folder and renamed over the
  old one (atomic on the same file system); a crash or a kill leaves the old file intact.
* Before the rename, the previous version is copied to ``.ik-sicherungen/`` beside the
  tracker; the last :data:`KEEP_BACKUPS` copies are kept.
* Two ``ik`` runs never change one tracker at the same time (:func:`tracker_lock`).
* Operating-system errors (a full disk, no permission) are reported in German.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from integrakonzept.errors import TrackerError, os_reason
from integrakonzept.output import lock_files as lock_files  # one rule for lock files

BACKUP_DIR = ".ik-sicherungen"
KEEP_BACKUPS = 5
_TMP_MARK = ".ik-tmp-"


def ensure_unlocked(path: Path) -> None:
    """Refuse (with the lock file's name) while a spreadsheet program has ``path`` open."""
    locks = lock_files(path)
    if not locks:
        return
    lock = locks[0]
    program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
    raise TrackerError(
        f"{path.name} ist gerade in {program} geöffnet (Sperrdatei {lock.name}).",
        f"Schließen Sie die Datei in {program} und rufen Sie den Befehl erneut auf. Ist {program} "
        f"nicht mehr geöffnet, ist die Sperrdatei von einem Absturz übrig: löschen Sie {lock}.",
    )


def temp_file(path: Path) -> Path:
    """A new temporary file beside ``path`` (same file system, so the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}{_TMP_MARK}", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    return Path(name)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files of an earlier run that was interrupted."""
    for leftover in path.parent.glob(f".{path.name}{_TMP_MARK}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` into ``.ik-sicherungen/`` and keep only the newest copies."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}_{stamp}_{counter}{path.suffix}"
    try:
        shutil.copy2(path, target)
    except OSError as exc:
        raise TrackerError(
            f"Die Sicherungskopie von {path.name} kann nicht angelegt werden: "
            f"{os_reason(exc)}.",
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


def replace(temp: Path, path: Path) -> None:
    """Rename the finished temporary file over ``path``."""
    ensure_unlocked(path)
    try:
        temp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise TrackerError(
            f"{path.name} kann nicht ersetzt werden: {os_reason(exc)}.",
            "Ist die Datei in Excel geöffnet? Schließen Sie sie und versuchen Sie es erneut.",
        ) from exc


def commit(temp: Path, path: Path, *, keep_backup: bool = True) -> Path | None:
    """Make ``temp`` the new ``path``: fsync, back up the old version, rename."""
    fsync_file(temp)
    saved = backup(path) if keep_backup and path.exists() else None
    replace(temp, path)
    return saved


# --- one writer at a time ---------------------------------------------------------------------

LOCK_WAIT_SECONDS = 120.0


@contextlib.contextmanager
def tracker_lock(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold an inter-process lock on ``path`` (imports, attendance, purge) for the block.

    A second ``ik`` working on the same tracker waits up to ``wait`` seconds (default
    :data:`LOCK_WAIT_SECONDS`) and then refuses, so no read-change-write cycle ever
    overwrites another one. The lock is an OS lock on a small hidden file beside the
    tracker (``.NAME.ik-sperre``); it is released when the process ends, even by a crash.

    On POSIX the holder deletes the file while it still holds the lock, so nothing is left
    behind; a run that waited on the deleted file notices (the path no longer names the
    file it locked) and starts over with a new one, so two runs never hold "the" lock at
    once. On Windows an open file cannot be deleted safely; the file stays there.
    """
    limit = LOCK_WAIT_SECONDS if wait is None else wait
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / f".{path.name}.ik-sperre"
    deadline = time.monotonic() + limit
    while True:
        try:
            handle = lock_path.open("a+b")
        except OSError as exc:
            raise TrackerError(
                f"Die Sperrdatei {lock_path.name} kann nicht angelegt werden: {os_reason(exc)}.",
                f"Prüfen Sie, ob der Ordner {path.parent} beschreibbar ist.",
            ) from exc
        try:
            while not _try_lock(handle):
                if time.monotonic() >= deadline:
                    raise TrackerError(
                        f"{path.name} wird gerade von einem anderen ik-Aufruf bearbeitet "
                        f"(seit über {int(limit)} Sekunden).",
                        "Warten Sie, bis der andere Aufruf fertig ist, und versuchen Sie es "
                        "erneut.",
                    )
                time.sleep(0.1)
        except BaseException:
            handle.close()
            raise
        if sys.platform == "win32" or _still_there(handle, lock_path):
            break
        # the previous holder deleted the file we waited on: lock the new one instead
        _unlock(handle)
        handle.close()
    try:
        try:
            yield
        finally:
            if sys.platform != "win32":
                with contextlib.suppress(OSError):
                    lock_path.unlink()
            _unlock(handle)
    finally:
        handle.close()


def _still_there(handle: IO[bytes], lock_path: Path) -> bool:
    """Does ``lock_path`` still name the file that ``handle`` has locked?"""
    try:
        held, named = os.fstat(handle.fileno()), lock_path.stat()
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
