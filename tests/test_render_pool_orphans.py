"""Render workers never outlive ik: when the main process is killed without stopping them
(SIGKILL, the out-of-memory killer, a SIGTERM to the main process alone), they end too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from integrakonzept.render.pool import can_fork

SCRIPT = """
import time
from integrakonzept.render.pool import RenderPool

pool = RenderPool(workers=2)
pool.ask("a", lambda: time.sleep(120))
pool.ask("b", lambda: time.sleep(120))
pool.start()
print("started", flush=True)
time.sleep(120)
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return fields[0] != "Z"


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_main_process_is_killed(sig: signal.Signals) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True
    ) as main:
        _kill_main_alone(main, sig)


def _kill_main_alone(main: subprocess.Popen[str], sig: signal.Signals) -> None:
    try:
        assert main.stdout is not None and main.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(main.pid)
            time.sleep(0.05)
        assert len(workers) == 2, workers
        assert all(_alive(pid) for pid in workers)
        os.kill(main.pid, sig)  # the main process alone, not its process group
        main.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "a render worker outlived ik"
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
