"""Render jobs on every core (render/pool.py) and the cheaper WeasyPrint set-up (render/pdf.py).

The pool must hand back exactly what the job would return in the main process, raise a
failed job's very error in the main process, and render in place where it cannot fork.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrakonzept.errors import IkError
from integrakonzept.render.pool import RenderPool, available_cores, can_fork

forks = pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
MAIN = os.getpid()


def _pid() -> bytes:
    return str(os.getpid()).encode()


def _value(n: int) -> Callable[[], bytes]:
    def job() -> bytes:
        if n % 7 == 3:
            raise IkError(f"Job {n} geht nicht.", "Hinweis zu {n}.")
        return f"{n}:{'x' * n}".encode()

    return job


@forks
def test_jobs_run_in_other_processes_and_come_back_by_key() -> None:
    with RenderPool(workers=2) as pool:
        for key in ("a", "b", "c"):
            pool.ask(key, _pid)
        pool.start()
        assert pool.parallel
        pids = {key: pool.get(key, _pid) for key in ("c", "a", "b")}  # any order
    assert all(pid != str(MAIN).encode() for pid in pids.values())
    assert len(set(pids.values())) <= 2
    assert gc.isenabled()  # the pool leaves the collector as it found it


@forks
@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=9, unique=True))
def test_results_and_errors_are_those_of_the_serial_run(numbers: list[int]) -> None:
    """Whatever the jobs, the keys asked and the order of asking: the pool gives each
    job's bytes, or raises its exception (same type, message and hint) when asked."""

    def outcome(pool: RenderPool, n: int) -> object:
        try:
            return pool.get(n, _value(n))
        except IkError as error:
            return ("error", type(error), error.message, error.hint)

    results = {}
    for workers in (1, 2):
        with RenderPool(workers=workers) as pool:
            for n in numbers:
                pool.ask(n, _value(n))
            pool.start()
            assert pool.parallel is (workers > 1 and len(numbers) > 1)
            results[workers] = [outcome(pool, n) for n in reversed(numbers)]
    assert results[1] == results[2]
    assert all(r == ("error", IkError, f"Job {n} geht nicht.", "Hinweis zu {n}.")
               for n, r in zip(reversed(numbers), results[2], strict=True) if n % 7 == 3)  # fmt: skip


@forks
def test_a_job_not_asked_in_time_or_lost_with_its_worker_is_made_here() -> None:
    def dies_in_a_worker() -> bytes:
        if os.getpid() != MAIN:
            os._exit(3)  # a worker killed by the system (out of memory …)
        return b"made here"

    with RenderPool(workers=2) as pool:
        pool.ask("dies", dies_in_a_worker)
        pool.ask("fine", _pid)
        pool.start()
        pool.ask("late", _pid)  # after the fork: the workers do not know it
        assert pool.get("late", _pid) == str(MAIN).encode()
        assert pool.get("dies", dies_in_a_worker) == b"made here"
        assert pool.get("other", lambda: b"given") == b"given"


def test_nothing_is_forked_on_one_core_or_for_one_job() -> None:
    for workers, jobs in ((1, 3), (2, 1), (2, 0)):
        with RenderPool(workers=workers) as pool:
            for n in range(jobs):
                pool.ask(n, _pid)
            pool.start()
            assert not pool.parallel
            assert all(pool.get(n, _pid) == str(MAIN).encode() for n in range(jobs))
    assert RenderPool().workers == available_cores() >= 1


#: which C libraries a process has loaded (their file names), after importing WeasyPrint
_LOADED = """
import sys, subprocess
spawned = []
real = subprocess.Popen.__init__
def spy(self, *args, **kwargs):
    spawned.append(args[0] if args else kwargs.get("args"))
    real(self, *args, **kwargs)
subprocess.Popen.__init__ = spy
import ctypes.util
search = ctypes.util.find_library
if sys.argv[1] == "ik":
    from integrakonzept.render.pdf import _weasyprint
    _weasyprint()
    assert ctypes.util.find_library is search, "library search not restored"
else:
    import warnings
    warnings.simplefilter("ignore")
    import weasyprint
names = sorted({line.split("/")[-1].split(".so")[0] for line in open("/proc/self/maps")
                if ".so" in line and any(k in line for k in ("pango", "harfbuzz", "gobject",
                                                              "glib", "fontconfig", "freetype"))})
print(len(spawned), " ".join(names))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux library search")
def test_weasyprint_loads_the_same_libraries_without_searching() -> None:
    """ik imports WeasyPrint without ldconfig/gcc/ld runs, and it loads the very same C
    libraries as a plain ``import weasyprint`` (which does search)."""

    def loaded(mode: str) -> tuple[int, str]:
        out = subprocess.run(
            [sys.executable, "-c", _LOADED, mode], capture_output=True, text=True, check=True
        ).stdout.split(" ", 1)
        return int(out[0]), out[1].strip()

    plain_spawned, plain = loaded("plain")
    ik_spawned, ik = loaded("ik")
    assert ik == plain and {"libpango-1.0", "libharfbuzz", "libfontconfig"} <= set(ik.split())
    assert ik_spawned == 0
    assert plain_spawned > 0  # what the shortcut saves (else this test shows nothing)


def test_rendering_pauses_the_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    from weasyprint.document import Document

    from integrakonzept.render.pdf import html_to_pdf

    collecting: list[bool] = []

    def spying(real: Callable[..., Any]) -> Callable[..., Any]:
        def spy(self: object, *args: object, **kwargs: object) -> Any:
            collecting.append(gc.isenabled())
            return real(self, *args, **kwargs)

        return spy

    monkeypatch.setattr(weasyprint.HTML, "render", spying(weasyprint.HTML.render))
    monkeypatch.setattr(Document, "write_pdf", spying(Document.write_pdf))
    html = '<html lang="de"><p>' + "<b>Wort</b> " * 300 + "</p></html>"
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            collecting.clear()
            assert html_to_pdf(html).startswith(b"%PDF")
            assert collecting == [False, False]  # laid out and written without collections
            assert gc.isenabled() is enabled
    finally:
        gc.enable()


@forks
def test_a_result_that_cannot_travel_is_made_here() -> None:
    def unpicklable() -> object:
        return (os.getpid(), lambda: None)  # a lambda does not pickle

    with RenderPool(workers=2) as pool:
        pool.ask("x", unpicklable)
        pool.ask("y", _pid)
        pool.start()
        assert pool.parallel
        assert pool.get("x", unpicklable)[0] == MAIN  # type: ignore[index]


@forks
def test_workers_collect_no_cycles() -> None:
    def collecting() -> bytes:
        return str(gc.isenabled()).encode()

    with RenderPool(workers=2) as pool:
        for key in ("a", "b"):
            pool.ask(key, collecting)
        pool.start()
        assert pool.parallel
        assert [pool.get(k, collecting) for k in ("a", "b")] == [b"False", b"False"]
    assert gc.isenabled()  # the main process collects as before


@forks
def test_what_a_worker_prints_reaches_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """Workers write through fresh streams on the same descriptors (an inherited stream
    could be locked by a thread of the main process that was writing when it forked)."""

    def says(word: str) -> Callable[[], bytes]:
        def job() -> bytes:
            print(f"Hinweis aus {word}", file=sys.stderr)
            return word.encode()

        return job

    with RenderPool(workers=2) as pool:
        for word in ("eins", "zwei"):
            pool.ask(word, says(word))
        pool.start()
        assert pool.parallel
        assert [pool.get(w, says(w)) for w in ("eins", "zwei")] == [b"eins", b"zwei"]
    err = capfd.readouterr().err
    assert "Hinweis aus eins" in err and "Hinweis aus zwei" in err
