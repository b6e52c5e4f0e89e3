"""Start-up of ``ik``: repeated runs (like hyperfine) and where the import time goes.

Each command runs ``--runs`` times, all commands interleaved (a busy machine slows them
alike); printed are median, mean ± standard deviation and minimum of the wall time, and
the median ratio to ``python -c "import typer"`` (issue 15's yardstick). Then the slowest
imports of ``ik --help`` from ``python -X importtime`` (cumulative microseconds).

Run: ``python benchmarks/startup.py [--runs 20] [--top 15]``. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

IK = Path(sys.executable).parent / "ik"
COMMANDS: dict[str, list[str]] = {
    'python -c "import typer"': [sys.executable, "-c", "import typer"],
    "ik --version": [str(IK), "--version"],
    "ik --help": [str(IK), "--help"],
    "ik build --help": [str(IK), "build", "--help"],
    "ik status --help": [str(IK), "status", "--help"],
}


def run_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def timings(runs: int) -> dict[str, list[float]]:
    for argv in COMMANDS.values():  # warm-up: file cache, .pyc files
        run_once(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(run_once(argv))
    return times


def import_profile(top: int) -> list[tuple[int, str]]:
    """The ``top`` largest cumulative import times of ``ik --help`` (µs, module)."""
    code = "import sys\nsys.argv = ['ik', '--help']\nfrom integrakonzept.start import main\nmain()"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per command (default 20)")
    parser.add_argument("--top", type=int, default=15, help="imports listed (default 15)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"{args.runs} runs each, interleaved; load average {load:.1f} on {os.cpu_count()} cores")
    times = timings(args.runs)
    base = times['python -c "import typer"']
    print(f"{'command':28} {'median':>8} {'mean ± sd':>16} {'min':>8} {'× typer':>8}")
    for name, values in times.items():
        ratio = statistics.median(v / b for v, b in zip(values, base, strict=True))
        print(
            f"{name:28} {statistics.median(values) * 1000:6.0f}ms "
            f"{statistics.mean(values) * 1000:7.0f} ± {statistics.stdev(values) * 1000:4.0f}ms "
            f"{min(values) * 1000:6.0f}ms {ratio:7.2f}×"
        )
    print("\nslowest imports of ik --help (python -X importtime, cumulative):")
    for micro, name in import_profile(args.top):
        print(f"{micro / 1000:8.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
