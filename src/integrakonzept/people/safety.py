"""Keeping the tracker safe while it is rewritten: temporary files and one writer at a time.

* A new version is written to temporary files in the same folder (:func:`rewriting`) and
  handed to :meth:`integrakonzept.output.Writer.commit`, the one writer: it refuses a
  tracker open in Excel or LibreOffice (their lock files, :func:`output.ensure_closed`),
  keeps the previous version in ``.ik-sicherungen/`` and renames atomically, so a crash
  or a kill leaves the old file intact.
* Two ``ik`` runs never change one tracker at the same time (:func:`tracker_lock`).
* Operating-system errors (a full disk, no permission) are reported in German.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, ParamSpec, TypeVar

from integrakonzept.errors import TrackerError, os_reason

_TMP_MARK = ".ik-tmp-"
P = ParamSpec("P")
R = TypeVar("R")


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


@contextlib.contextmanager
def rewriting(path: Path) -> Iterator[Callable[[], Path]]:
    """Temporary files for a new version of the tracker ``path``, made by the function
    this yields: leftovers of an interrupted run are removed first, every temporary file
    afterwards, and an operating-system error (full disk, no permission) becomes a
    German :class:`TrackerError`. The finished file goes through
    :meth:`integrakonzept.output.Writer.commit` (the one writer)."""
    remove_stale_temps(path)
    temps: list[Path] = []

    def new() -> Path:
        temps.append(temp_file(path))
        return temps[-1]

    try:
        yield new
    except OSError as exc:
        raise TrackerError(
            f"{path.name} kann nicht geschrieben werden: {os_reason(exc)}.",
            "Die bisherige Anmeldeliste ist unverändert.",
        ) from exc
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()


# --- one writer at a time ---------------------------------------------------------------------


def holding_tracker_lock(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func(process, …, tracker=…)`` while holding :func:`tracker_lock` on the
    tracker it works on (``tracker``, else the process file's ``tracker:``): the commands
    that read, change and write the tracker (import, attendance) need the lock around all
    three, and this keeps their signatures in one place."""

    @functools.wraps(func)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        from integrakonzept.people.roster import tracker_path
        from integrakonzept.process.model import Process

        process, tracker = args[0], kwargs.get("tracker")
        assert isinstance(process, Process)
        assert tracker is None or isinstance(tracker, Path)
        with tracker_lock(tracker_path(process, tracker)):
            return func(*args, **kwargs)

    return locked


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
