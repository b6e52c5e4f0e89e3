"""A crash or a kill while ik writes leaves the previous tracker intact and readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from people_helpers import HERE, tracker_rows

from integrakonzept.errors import TrackerError
from integrakonzept.people import xlsxpatch
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

pytest_plugins = ["people_fixtures"]  # fixtures: workdir, process_file, export

SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {src!r})
    from integrakonzept.people import xlsxpatch
    from integrakonzept.people.imports import import_registrations

    original = xlsxpatch.rewrite_sheet

    def slow(*args, **kwargs):
        for chunk in original(*args, **kwargs):
            yield chunk
            print("chunk", flush=True)
            time.sleep(30)  # the parent kills us here, in the middle of the file

    xlsxpatch.rewrite_sheet = slow
    from integrakonzept.process.load import load_process
    import_registrations(load_process(Path(sys.argv[1])), [Path(sys.argv[2])])
    """
)


def test_kill_during_write_leaves_the_previous_tracker(
    process_file: Path, export: Callable[[str], Path], workdir: Path
) -> None:
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    before = path.read_bytes()
    rows_before = tracker_rows(path)
    script = workdir / "slow_import.py"
    script.write_text(SLOW_WRITER.format(src=str(HERE.parent.parent / "src")), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(process_file), str(export("gforms-de.csv"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # the first chunk of the new sheet is written
        assert line.strip() == "chunk", child.stderr.read() if child.stderr else ""
        temps = list(workdir.glob(".anmeldungen.xlsx.ik-tmp-*"))
        assert temps, "the import writes into a temporary file"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert tracker_rows(path) == rows_before
    # the next run cleans up the half-written temporary file and succeeds
    report = import_registrations(load_process(process_file), [export("gforms-de.csv")])
    assert report.changed
    assert not list(workdir.glob(".anmeldungen.xlsx.ik-tmp-*"))
    assert len(tracker_rows(path)) == len(rows_before) + 2


def test_failure_while_writing_keeps_the_previous_tracker(
    process_file: Path,
    export: Callable[[str], Path],
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = import_registrations(load_process(process_file), [export("msforms-de.xlsx")]).tracker
    before = path.read_bytes()
    original = xlsxpatch.rewrite_sheet

    def failing(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        yield from list(original(*args, **kwargs))[:1]  # type: ignore[arg-type]
        raise OSError(28, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")

    monkeypatch.setattr(xlsxpatch, "rewrite_sheet", failing)
    with pytest.raises(TrackerError) as err:
        import_registrations(load_process(process_file), [export("gforms-de.csv")])
    assert err.value.message == (
        "anmeldungen.xlsx kann nicht geschrieben werden: der Datenträger ist voll."
    )
    assert err.value.hint == "Die bisherige Anmeldeliste ist unverändert."
    assert path.read_bytes() == before
    assert not list(workdir.glob(".anmeldungen.xlsx.ik-tmp-*"))
    assert not (workdir / ".ik-sicherungen").exists()


def test_every_write_keeps_a_backup(process_file: Path, export: Callable[[str], Path]) -> None:
    first = import_registrations(load_process(process_file), [export("msforms-de.xlsx")])
    assert first.created and first.backup is None
    before = first.tracker.read_bytes()
    time.sleep(0.01)
    second = import_registrations(load_process(process_file), [export("gforms-de.csv")])
    assert second.backup is not None
    assert second.backup.read_bytes() == before
