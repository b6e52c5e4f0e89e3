"""The ``ik`` command leaves without tearing the interpreter down (start.entry), and the user
sees exactly what a normal exit shows: the same output, the same status, exit handlers run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ELMSHORN = ROOT / "examples" / "elmshorn-2025" / "prozess.yaml"

#: run ik through ``start.main`` (Python's usual exit) or ``start.entry`` (the fast one)
RUN = """
import atexit, sys
atexit.register(lambda: print("Aufräumen erledigt", file=sys.stderr))
from integrakonzept import start
mode = sys.argv[1]
sys.argv = ["ik", *sys.argv[2:]]
getattr(start, mode)()
"""


def _run(mode: str, args: list[str], **options: object) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-c", RUN, mode, *args],
        capture_output="stdout" not in options, text=True, timeout=300, **options,  # type: ignore[call-overload]
    )  # fmt: skip
    return result.returncode, result.stdout or "", result.stderr or ""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["--versio"],  # usage error: 2
        ["check", "/gibt/es/nicht.yaml"],  # data error: 1
        ["check", str(ELMSHORN)],
        ["build", str(ELMSHORN), "-o", "{out}", "--date", "2025-03-01", "--dry-run"],
    ],
)
def test_fast_exit_shows_what_a_normal_exit_shows(args: list[str], tmp_path: Path) -> None:
    outcomes = []
    for mode in ("main", "entry"):
        out = tmp_path / mode
        status, stdout, stderr = _run(mode, [a.replace("{out}", str(out)) for a in args])
        outcomes.append((status, stdout, stderr.replace(str(out), "<ausgabe>")))
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][2].rstrip().endswith("Aufräumen erledigt")  # exit handlers ran
    assert outcomes[1][0] == {"--versio": 2, "/gibt/es/nicht.yaml": 1}.get(args[-1], 0)


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_output_that_cannot_be_written_ends_as_python_ends_it(args: list[str]) -> None:
    """Standard output on a full disk, or a pipe nobody reads: the status and the error
    are Python's usual ones."""
    import os

    outcomes = []
    for mode in ("main", "entry"):
        read, write = os.pipe()
        os.close(read)  # the reader is gone
        with open("/dev/full", "w") as full:  # noqa: PTH123
            for target in (full.fileno(), write):
                result = subprocess.run(
                    [sys.executable, "-c", RUN, mode, *args],
                    stdout=target, stderr=subprocess.PIPE, text=True, timeout=120,
                )  # fmt: skip
                errors = [line for line in result.stderr.splitlines() if "Error" in line]
                outcomes.append((result.returncode, errors[-1:]))
        os.close(write)
    assert outcomes[:2] == outcomes[2:]
    assert all(status != 0 for status, _ in outcomes)
    assert "No space left on device" in outcomes[0][1][0]
