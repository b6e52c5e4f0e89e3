"""Two ``ik`` runs on one tracker, and a full disk: no update lost, the old file kept."""

from __future__ import annotations

import csv
import errno
import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from people_helpers import tracker_rows

from integrakonzept.errors import OutputError, TrackerError
from integrakonzept.output import Writer
from integrakonzept.people import safety
from integrakonzept.people import trackerfile as tracker_module
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]

HEADER = ["E-Mail-Adresse", "Vorname", "Nachname", "An welchen Veranstaltungen nehmen Sie teil?"]
ROOT = Path(__file__).resolve().parents[2]


def export(path: Path, prefix: str, count: int) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(count):
        writer.writerow(
            [f"{prefix}{n}@example.org", f"{prefix}{n}", "Muster", "Workshop Bildung und Sprache"]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def start_import(process_file: Path, source: Path) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from integrakonzept.people.imports import import_registrations
        from integrakonzept.process.load import load_process
        import_registrations(load_process(Path({str(process_file)!r})), [Path({str(source)!r})])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def emails(path: Path) -> set[str]:
    return {str(r["E-Mail"]) for r in tracker_rows(path)}


def test_second_import_waits_for_the_first(workdir: Path, process_file: Path) -> None:
    tracker = workdir / "anmeldungen.xlsx"
    import_registrations(load_process(process_file), [export(workdir / "a.csv", "anna", 3)])
    before = tracker.read_bytes()
    with safety.tracker_lock(tracker):
        child = start_import(process_file, export(workdir / "b.csv", "bert", 3))
        time.sleep(2.0)
        assert child.poll() is None, child.communicate()  # still waiting for the lock
        assert tracker.read_bytes() == before
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert emails(tracker) == {f"anna{n}@example.org" for n in range(3)} | {
        f"bert{n}@example.org" for n in range(3)
    }


def test_two_imports_at_once_lose_nothing(workdir: Path, process_file: Path) -> None:
    tracker = workdir / "anmeldungen.xlsx"
    import_registrations(load_process(process_file), [export(workdir / "start.csv", "start", 1)])
    expected = {"start0@example.org"}
    for round_ in range(2):
        sources = [export(workdir / f"{p}{round_}.csv", f"{p}{round_}-", 150) for p in "xy"]
        children = [start_import(process_file, s) for s in sources]
        for child in children:
            _, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
        expected |= {f"{p}{round_}-{n}@example.org" for p in "xy" for n in range(150)}
        assert emails(tracker) == expected


def test_a_run_that_waits_too_long_is_refused(workdir: Path) -> None:
    tracker = workdir / "anmeldungen.xlsx"
    with safety.tracker_lock(tracker), pytest.raises(TrackerError) as info:
        with safety.tracker_lock(tracker, wait=0.3):
            pass  # pragma: no cover - never reached
    assert info.value.message == (
        "anmeldungen.xlsx wird gerade von einem anderen ik-Aufruf bearbeitet (seit über 0 Sekunden)."
    )
    # released: the next run gets the lock at once
    with safety.tracker_lock(tracker, wait=0):
        pass


def test_full_disk_keeps_the_old_tracker(
    workdir: Path, process_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = workdir / "anmeldungen.xlsx"
    import_registrations(load_process(process_file), [export(workdir / "a.csv", "anna", 3)])
    before = tracker.read_bytes()

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tracker_module, "write_package", full)
    with pytest.raises(TrackerError) as info:
        import_registrations(load_process(process_file), [export(workdir / "b.csv", "bert", 3)])
    assert info.value.message == (
        "anmeldungen.xlsx kann nicht geschrieben werden: der Datenträger ist voll."
    )
    assert info.value.hint == "Die bisherige Anmeldeliste ist unverändert."
    assert tracker.read_bytes() == before
    assert not list(workdir.glob(".anmeldungen.xlsx.ik-tmp-*"))


def test_full_disk_keeps_an_old_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "einladung.html"
    target.write_text("alt", encoding="utf-8")

    class FullFile(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> FullFile:
        os.close(fd)
        return FullFile()

    monkeypatch.setattr("integrakonzept.output.os.fdopen", fdopen)
    with pytest.raises(OutputError) as info:
        Writer().write(target, "neu")
    assert (
        info.value.message == f"{target} kann nicht geschrieben werden: der Datenträger ist voll."
    )
    assert target.read_text(encoding="utf-8") == "alt"
    assert [p.name for p in tmp_path.iterdir()] == ["einladung.html"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot delete an open lock file")
def test_the_lock_file_is_removed_when_released_and_a_waiting_run_takes_a_new_one(
    workdir: Path,
) -> None:
    import threading

    tracker = workdir / "anmeldungen.xlsx"
    lock_file = workdir / ".anmeldungen.xlsx.ik-sperre"
    with safety.tracker_lock(tracker):
        assert lock_file.exists()
    assert not lock_file.exists()
    # a run waiting on the old file must not think it holds the lock after the holder
    # deleted that file: a third run must then be kept out
    inside: list[str] = []
    first_out = threading.Event()

    def second() -> None:
        with safety.tracker_lock(tracker, wait=10):
            inside.append("second")
            first_out.wait(5)
            time.sleep(0.3)
            inside.append("second done")

    with safety.tracker_lock(tracker):
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.5)  # the second run now waits on the file that is about to be deleted
    first_out.set()
    time.sleep(0.2)
    with safety.tracker_lock(tracker, wait=10):
        inside.append("third")
    worker.join(10)
    assert inside == ["second", "second done", "third"]
    assert not lock_file.exists()


@pytest.mark.parametrize("command", ["import", "attendance"])
def test_import_and_attendance_hold_the_lock_of_the_tracker_they_write(
    workdir: Path, process_file: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Both take the lock on the tracker they work on (``--tracker`` or the process file's
    ``tracker:``) around reading, changing and writing it (safety.holding_tracker_lock)."""
    from integrakonzept.people.attendance import mark_attendance

    process = load_process(process_file)
    other = workdir / "andere.xlsx"
    import_registrations(process, [export(workdir / "a.csv", "anna", 2)], tracker=other)
    present = workdir / "da.txt"
    present.write_text("anna0@example.org\n", encoding="utf-8")
    monkeypatch.setattr(safety, "LOCK_WAIT_SECONDS", 0.3)
    with safety.tracker_lock(other), pytest.raises(TrackerError) as info:
        if command == "import":
            import_registrations(process, [export(workdir / "b.csv", "bert", 1)], tracker=other)
        else:
            mark_attendance(process, "workshop-bildung", present, tracker=other)
    assert info.value.message.startswith("andere.xlsx wird gerade von einem anderen ik-Aufruf")
    # the process file's own tracker is another file: not locked by this
    with safety.tracker_lock(other):
        report = import_registrations(process, [export(workdir / "c.csv", "cora", 1)])
    assert report.tracker == workdir / "anmeldungen.xlsx"
