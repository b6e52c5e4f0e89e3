"""The tracker's sheet *Anmeldungen* parsed in the background, ahead of its reading.

A command that will read the tracker calls :func:`read_ahead` first thing: python-calamine
parses the sheet in a thread (it lets go of the GIL while it parses) while the command
loads the process file on the other core. The reading
(:mod:`integrakonzept.people.trackerfile`) then :func:`taken` the parsed sheet if the file
has not changed since, or lets it go (:func:`let_go`) when it fails before it needs it.
This module imports next to nothing, so that the parse starts as early as possible.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from integrakonzept.people.schema import SHEET_REGISTRATIONS


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class _ReadAhead:
    """python-calamine parsing *Anmeldungen* in a thread (it lets go of the GIL while it
    parses), started before the caller needs the rows."""

    def __init__(self, path: Path) -> None:
        self.key = _file_key(path)
        self.parsed: tuple[Any, Any, str] | None = None
        self.thread = threading.Thread(target=self._parse, args=(path,), daemon=True)
        self.thread.start()

    def _parse(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            names = list(workbook.sheet_names)
            # the sheet Package.sheet finds: the exact name, else the first in other case
            name = next((n for n in names if n == SHEET_REGISTRATIONS), None) or next(
                (n for n in names if n.casefold() == SHEET_REGISTRATIONS.casefold()), None
            )
            if name is None:
                workbook.close()
                return
            self.parsed = (workbook, workbook.get_sheet_by_name(name), name)
        except Exception:  # calamine's own error types: the reading itself reports them
            return


_READ_AHEAD: dict[Path, _ReadAhead] = {}


def read_ahead(path: Path) -> None:
    """Start parsing the sheet *Anmeldungen* of ``path`` in the background, so that it
    overlaps what a command does before it reads the tracker (loading the process file).
    The next reading of ``path`` in this process takes the parsed sheet if the file has
    not changed since; nothing is reported here (the reading reports errors)."""
    if path.is_file() and path.resolve() not in _READ_AHEAD:
        _READ_AHEAD[path.resolve()] = _ReadAhead(path)


def taken(path: Path, sheet: str) -> tuple[Any, Any] | None:
    """The workbook and parsed ``sheet`` of a read-ahead of ``path`` (which ends it), or
    ``None`` (none, another sheet, a failed parse, or the file changed since)."""
    ahead = _READ_AHEAD.pop(path.resolve(), None)
    if ahead is None:
        return None
    ahead.thread.join()
    if ahead.parsed is None:
        return None
    workbook, parsed, name = ahead.parsed
    if name != sheet or ahead.key is None or ahead.key != _file_key(path):
        workbook.close()  # another sheet, or the file changed meanwhile: read it again
        return None
    return workbook, parsed


def let_go(path: Path) -> None:
    """End a read-ahead of ``path`` that no reading took."""
    ahead = _READ_AHEAD.pop(path.resolve(), None)
    if ahead is not None:
        ahead.thread.join()
        if ahead.parsed is not None:
            ahead.parsed[0].close()


@contextmanager
def reading_ahead() -> Iterator[Callable[[Path | None], None]]:
    """For a command: ``start(path)`` reads ``path`` ahead (``None``: nothing to read);
    what no reading took by the end of the block (the command failed before it read the
    tracker) is let go then."""
    started: list[Path] = []

    def start(path: Path | None) -> None:
        if path is not None:
            read_ahead(path)
            started.append(path)

    try:
        yield start
    finally:
        for path in started:
            let_go(path)
