"""Documents laid out on every core: render jobs in forked worker processes.

WeasyPrint lays out a document on one core, and ``ik build`` makes several independent
PDFs (invitations in each language, sign-up sheets, the documentation). A caller first
*asks* for the renders it will need (:meth:`RenderPool.ask`: a key and a function that
returns the file's bytes, or anything that pickles), then :meth:`RenderPool.start` forks
workers that inherit everything the jobs use (the process model, the roster, the
templates, an imported WeasyPrint), and :meth:`RenderPool.get` hands back
each result when the caller needs it, in whatever order it asks. The caller (the main process) still writes every file, in its own order, so
the report and the stamps of the output folder are the same as from a serial build.

Errors keep their shape and order: a job that fails in a worker is run once more in the
main process when its result is asked for, so the very exception (German message and
hint) is raised there, at the same point as without workers. So is a job whose worker
died or whose result does not pickle.

Without ``fork`` (Windows, macOS: frameworks that do not survive a fork), on one core or
for a single job, nothing is forked and :meth:`RenderPool.get` renders in place.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import warnings
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
#: a render: returns the file's bytes, or anything else that pickles (sent back to the
#: main process)
Job = Callable[[], object]
#: what a worker sends back for a job that failed there
_FAILED = ("failed",)

#: the jobs of the pool being started; the forked workers inherit this list
_JOBS: list[Job] = []


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked safely: Linux only (macOS frameworks may crash in a
    forked child, Windows has no fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _worker_init(parent: int) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the main process stops the workers and
    # reports; a worker printing its own KeyboardInterrupt would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)
    # Fresh text streams on the same descriptors: an inherited one may be locked by a
    # thread of the main process that was writing when it forked (Rich's progress).
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        with contextlib.suppress(AttributeError, OSError, ValueError):  # in-memory stream
            setattr(sys, name, open(  # noqa: SIM115 - lives as long as the worker
                stream.fileno(), "w", encoding=stream.encoding, errors="backslashreplace",
                closefd=False, buffering=1,
            ))  # fmt: skip
    # A worker lives for a few renders, whose garbage is freed by reference counting
    # (render/pdf.py pauses the collector while WeasyPrint works for the same reason):
    # no cycle collections at all, not even the one each render's end would trigger.
    gc.disable()


def _end_with(parent: int) -> None:
    """End this worker when the main process ``parent`` dies without stopping it (SIGKILL,
    the out-of-memory killer, a SIGTERM sent to the main process alone by a scheduler):
    Linux sends the worker SIGTERM then (``prctl(PR_SET_PDEATHSIG)``). Otherwise the worker
    would wait for jobs forever, holding its memory."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (AttributeError, OSError):  # pragma: no cover - not Linux (never forked there)
        return
    if os.getppid() != parent:  # the main process died before the request took effect
        os._exit(0)


def _run(index: int) -> tuple[object, ...]:
    """Run job ``index`` in a worker: ``("ok", result)``, or ``_FAILED`` (the main
    process runs it again to raise the very error, see the module docstring)."""
    try:
        return ("ok", _JOBS[index]())
    except BaseException:  # noqa: BLE001 - reproduced in the main process
        return _FAILED


class RenderPool:
    """Render jobs on the other cores; see the module docstring."""

    def __init__(self, workers: int | None = None) -> None:
        #: at most this many workers (default: every available core)
        self.workers = available_cores() if workers is None else workers
        self._jobs: dict[Hashable, Job] = {}
        self._pending: dict[Hashable, Future[tuple[object, ...]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._started = False

    def ask(self, key: Hashable, job: Job) -> None:
        """Announce a render; only those asked before :meth:`start` go to the workers
        (the workers know only the jobs that existed when they were forked), later ones
        are rendered in place by :meth:`get`."""
        self._jobs.setdefault(key, job)

    @property
    def may_fork(self) -> bool:
        """Whether :meth:`start` may fork workers (more than one core, ``fork`` safe):
        otherwise asking ahead is pointless."""
        return self.workers > 1 and can_fork()

    @property
    def parallel(self) -> bool:
        """Whether the asked jobs run in workers (decided by :meth:`start`)."""
        return self._pool is not None

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        """Fork the workers and hand them every asked job.

        ``prepare`` runs here just before the fork (WeasyPrint's import and a first small
        layout): the workers share what it set up. (Done by each worker instead, the
        import would cost as much time in all, and twice the processor time.)
        """
        if self._started:
            return
        self._started = True
        count = min(self.workers, len(self._jobs))
        if count < 2 or not self.may_fork:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if prepare is not None:
            prepare()
        _JOBS[:] = list(self._jobs.values())
        # Output still buffered in the main process would be written again by each worker.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        self._pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        # Objects that exist now are never collected in the workers: their pages stay
        # shared with the main process, and collections in the workers are short. (The
        # workers are forked at the first submit, all of them.)
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns when a process with threads forks (a thread may hold a
                # lock the child needs). The only other thread here is Rich's progress
                # refresh; the workers never print through Rich, they only render.
                warnings.filterwarnings(
                    "ignore", message=r".*use of fork\(\) may lead to deadlocks",
                    category=DeprecationWarning,
                )  # fmt: skip
                for index, key in enumerate(self._jobs):
                    self._pending[key] = self._pool.submit(_run, index)
        except OSError:  # no fork possible now (memory, process limit): render in place
            self.close()
        finally:
            gc.unfreeze()

    def get(self, key: Hashable, job: Callable[[], T]) -> T:
        """The result of ``key``: from a worker, or made here by ``job`` (the same
        render as the one asked) when it was not asked in time, failed in the worker,
        or nothing was forked."""
        pending = self._pending.pop(key, None)
        if pending is not None:
            # The job's own errors come back as _FAILED; an exception here is the pool's
            # (a worker died, a result that does not pickle): make it here.
            with contextlib.suppress(Exception):
                outcome = pending.result()
                if outcome != _FAILED:
                    return cast(T, outcome[1])
        return job()

    def close(self) -> None:
        """Stop the workers (results not fetched are dropped)."""
        pool, self._pool = self._pool, None
        self._pending.clear()
        _JOBS.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
