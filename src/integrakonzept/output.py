"""The one place that writes files: atomically, with a report of what changed.

Renderers return text or bytes; commands hand them to :class:`Writer`, which
writes through a temporary file in the same folder and ``os.replace`` so that a
crash never leaves a half-written file, and records for each path whether it
was created, updated, left unchanged or removed. It never writes a file that
Excel, Word or LibreOffice has open (their lock files tell), and with
``backup=True`` – for files that may hold the user's own work – it first copies
the previous version into ``.ik-sicherungen/`` beside the file and says so.
``dry_run`` only plans.

File modes: outputs follow the umask (0644 with the usual umask 022) so that a public page can be
served and colleagues on a shared drive can open invitations; files with personal data
(``private=True``, and every ``.eml`` draft, see :data:`PRIVATE_SUFFIXES`) are written 0600.
Backups keep the mode of the file they copy.

Skipping unchanged outputs (``ik build``): :meth:`Writer.keep_stamps` makes the writer keep a
small hidden manifest (:data:`STAMPS`) in an output folder. For every file written there with
``inputs=`` (a :func:`fingerprint` of everything the file is made from) it records that
fingerprint and the hash of the content. Before rendering, a caller asks
:meth:`Writer.current` whether its files are still as ik wrote them from the same inputs; if
so it skips the work and the files count as unchanged. A deleted or edited file, or other
inputs, make the file due again. Generic: any output written through the writer can use it.

A set of files made together whose names depend on the inputs (the public page ``seite/``)
is stamped as a group (:meth:`Writer.keep_group`): the manifest also records which files the
group wrote from which inputs, and :meth:`Writer.current_group` answers whether all of them
are still there as ik wrote them – a deleted file, whose own entry is gone, makes the whole
group due again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

from integrakonzept import __version__
from integrakonzept.errors import IkError, OutputError, os_reason


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
#: the manifest of an output folder (see :meth:`Writer.keep_stamps`)
STAMPS = ".ik-stand.json"
_STAMPS_FORMAT = 1
KEEP_BACKUPS = 5
#: files with these endings always hold personal data (mail drafts): written 0600
PRIVATE_SUFFIXES = frozenset({".eml"})
PRIVATE_MODE = 0o600


def public_mode() -> int:
    """The mode a new ordinary file gets under the current umask (0644 with umask 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def lock_files(path: Path) -> list[Path]:
    """Lock files of Excel/Word (``~$NAME``) or LibreOffice (``.~lock.NAME#``) for ``path``."""
    folder, name = path.parent, path.name
    candidates = [folder / f".~lock.{name}#", folder / f"~${name}"]
    if len(name) > 2:
        candidates.append(folder / f"~${name[2:]}")
    return [c for c in candidates if c.exists()]


_OFFICE = {".xlsx": "Excel", ".xlsm": "Excel", ".xls": "Excel", ".csv": "Excel", ".docx": "Word"}


def ensure_closed(path: Path, error: type[IkError] = OutputError) -> None:
    """Refuse (``error``) while an office program has ``path`` open: it would overwrite
    ik's changes when the user saves. The one lock-file rule of every writer."""
    locks = lock_files(path)
    if not locks:
        return
    lock = locks[0]
    if lock.name.startswith(".~lock."):
        program = "LibreOffice"
    else:
        program = _OFFICE.get(path.suffix.lower(), "Microsoft Office")
    raise error(
        f"{path.name} ist gerade in {program} geöffnet (Sperrdatei {lock.name}).",
        f"Schließen Sie die Datei in {program} und rufen Sie den Befehl erneut auf. Ist "
        f"{program} nicht mehr geöffnet, ist die Sperrdatei von einem Absturz übrig: löschen "
        f"Sie {lock}.",
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


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` via a temporary file and rename (same folder); the file
    follows the umask, or is 0600 with ``private`` (personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_MODE if private else public_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fingerprint(*parts: object) -> str:
    """A short stable hash of ``parts`` (JSON-able values, ``str()`` for the rest) and of ik's
    version: the same inputs give the same fingerprint in every run."""
    text = json.dumps([__version__, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Stamps:
    """The manifest of one output folder: relative path -> inputs and content hash."""

    root: Path
    renew: bool
    entries: dict[str, dict[str, str]]
    #: group name -> the inputs it was made from and its files (keys of ``entries``)
    groups: dict[str, dict[str, object]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def load(cls, root: Path, renew: bool) -> _Stamps:
        entries: dict[str, dict[str, str]] = {}
        groups: dict[str, dict[str, object]] = {}
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((root / STAMPS).read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == _STAMPS_FORMAT:
                files = data.get("files")
                if isinstance(files, dict):
                    entries = {
                        k: v
                        for k, v in files.items()
                        if isinstance(v, dict) and {"inputs", "sha256"} <= v.keys()
                    }
                found = data.get("groups")
                if isinstance(found, dict):
                    groups = {
                        k: v
                        for k, v in found.items()
                        if isinstance(v, dict)
                        and isinstance(v.get("inputs"), str)
                        and isinstance(v.get("files"), list)
                        and all(isinstance(f, str) for f in v["files"])
                    }
        return cls(root, renew, entries, groups)

    def key(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None


@dataclass
class Writer:
    """Writes files and remembers what it did. ``dry_run`` only plans."""

    dry_run: bool = False
    force: bool = True
    written: list[Written] = field(default_factory=list)
    stamps: _Stamps | None = None

    def keep_stamps(self, root: Path, *, renew: bool = False) -> None:
        """Keep the manifest of ``root`` (see the module docstring); ``renew``: count no
        file as current (rebuild everything) but record the new stamps."""
        if self.stamps is None or self.stamps.root != root:
            self.stamps = _Stamps.load(root, renew)
        self.stamps.renew = renew

    def current(self, paths: Sequence[Path], inputs: str) -> bool:
        """Whether every one of ``paths`` is exactly as ik last wrote it from ``inputs``;
        if so they are reported as unchanged and the caller need not make them again."""
        if not self.is_current(paths, inputs):
            return False
        self.written.extend(Written(path, Change.UNCHANGED) for path in paths)
        return True

    def is_current(self, paths: Sequence[Path], inputs: str) -> bool:
        """:meth:`current` without reporting anything (to plan work ahead)."""
        stamps = self.stamps
        if stamps is None or stamps.renew or not paths:
            return False
        for path in paths:
            key = stamps.key(path)
            entry = stamps.entries.get(key) if key is not None else None
            if entry is None or entry["inputs"] != inputs:
                return False
            try:
                if _content_hash(path.read_bytes()) != entry["sha256"]:
                    return False  # edited by hand (or by another command): make it again
            except OSError:
                return False  # deleted
        return True

    def current_group(self, name: str, inputs: str) -> list[Path] | None:
        """The files of group ``name`` (:meth:`keep_group`), in the order they were written,
        when the group was made from ``inputs`` and every file is still exactly as ik wrote
        it; they are reported as unchanged. ``None``: make the group again."""
        stamps = self.stamps
        if stamps is None or stamps.renew:
            return None
        group = stamps.groups.get(name)
        if group is None or group["inputs"] != inputs:
            return None
        keys = group["files"]
        assert isinstance(keys, list)
        paths = [stamps.root / key for key in keys]
        for key, path in zip(keys, paths, strict=True):
            entry = stamps.entries.get(key)
            try:
                if entry is None or _content_hash(path.read_bytes()) != entry["sha256"]:
                    return None  # edited, deleted or written by someone else: make it again
            except OSError:
                return None
        self.written.extend(Written(path, Change.UNCHANGED) for path in paths)
        return paths

    def keep_group(self, name: str, inputs: str, paths: Sequence[Path]) -> None:
        """Record that ``paths`` (each written through this writer with ``inputs=``, its
        own or the group's) are group ``name``, made from ``inputs``."""
        stamps = self.stamps
        if stamps is None or self.dry_run:
            return
        keys = [stamps.key(path) for path in paths]
        if any(key is None or key not in stamps.entries for key in keys):
            if stamps.groups.pop(name, None) is not None:  # a file without its stamp
                stamps.dirty = True
            return
        group: dict[str, object] = {"inputs": inputs, "files": keys}
        if stamps.groups.get(name) != group:
            stamps.groups[name] = group
            stamps.dirty = True

    def _stamp(self, path: Path, payload: bytes, inputs: str | None) -> None:
        stamps = self.stamps
        if stamps is None or self.dry_run:
            return
        key = stamps.key(path)
        if key is None:
            return
        if inputs is None:
            if stamps.entries.pop(key, None) is not None:
                stamps.dirty = True
            return
        entry = {"inputs": inputs, "sha256": _content_hash(payload)}
        if stamps.entries.get(key) != entry:
            stamps.entries[key] = entry
            stamps.dirty = True

    def stamp(self, path: Path, inputs: str) -> None:
        """Record ``inputs`` for a file another function wrote through this writer."""
        if self.dry_run or self.stamps is None:
            return
        try:
            self._stamp(path, path.read_bytes(), inputs)
        except OSError:
            return

    def save_stamps(self) -> None:
        """Write the manifest if anything was recorded (files that are gone are dropped)."""
        stamps = self.stamps
        if stamps is None or self.dry_run:
            return
        for key in [k for k in stamps.entries if not (stamps.root / k).is_file()]:
            del stamps.entries[key]
            stamps.dirty = True
        if not stamps.dirty:
            return
        data: dict[str, object] = {
            "format": _STAMPS_FORMAT,
            "files": dict(sorted(stamps.entries.items())),
        }
        if stamps.groups:
            data["groups"] = dict(sorted(stamps.groups.items()))
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        try:
            atomic_write_bytes(stamps.root / STAMPS, text.encode("utf-8"))
        except OSError:
            return  # only a cache: the next build makes everything again
        stamps.dirty = False

    def write(
        self,
        path: Path,
        data: str | bytes,
        *,
        backup: bool = False,
        inputs: str | None = None,
        private: bool = False,
    ) -> Written:
        """Write ``data`` to ``path``; ``backup``: keep the previous version (the user's
        changes) in ``.ik-sicherungen/`` when the content changes; ``inputs``: the
        :func:`fingerprint` of what the data was made from, for :meth:`current`;
        ``private``: the file holds personal data (0600, as every ``.eml`` draft)."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        private = private or path.suffix.lower() in PRIVATE_SUFFIXES
        result = self._write(path, payload, backup, private)
        self._stamp(path, payload, inputs)
        return result

    def _write(self, path: Path, payload: bytes, backup: bool, private: bool) -> Written:
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
                atomic_write_bytes(path, payload, private=private)
            except OSError as exc:
                raise OutputError(
                    f"{path} kann nicht geschrieben werden: {os_reason(exc)}."
                ) from exc
            result = Written(path, change, saved)
        self.written.append(result)
        return result

    def commit(self, temp: Path, path: Path, *, backup: bool = True) -> Written:
        """Make ``temp`` – a finished file written beside ``path`` (same file system) – the
        new ``path``: fsync, keep the previous version in ``.ik-sicherungen/`` (``backup``),
        atomic rename. For files written in pieces, never held in memory as a whole (the
        tracker); the same lock-file rule and report as :meth:`write`."""
        change = Change.UPDATED if path.exists() else Change.CREATED
        if self.dry_run:
            temp.unlink(missing_ok=True)
            result = Written(path, Change.PLANNED)
        else:
            ensure_closed(path)
            try:
                with temp.open("rb+") as fh:
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise OutputError(f"{path} kann nicht geschrieben werden: {os_reason(exc)}.") from exc
            saved = backup_copy(path) if backup and change is Change.UPDATED else None
            try:
                temp.replace(path)
            except OSError as exc:
                temp.unlink(missing_ok=True)
                raise OutputError(
                    f"{path.name} kann nicht ersetzt werden: {os_reason(exc)}.",
                    "Die bisherige Fassung ist unverändert.",
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
