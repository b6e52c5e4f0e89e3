"""benchmarks/run.py keeps working: one quick run (its timings are not judged here)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_export_is_realistic(tmp_path: Path) -> None:
    bench = _module()
    path = tmp_path / "export.csv"
    bench.make_export(path, 2000, seed=7)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2000
    addresses = [r["E-Mail-Adresse"] for r in rows]
    repeats = 1 - len(set(addresses)) / len(addresses)
    assert 0.4 < repeats < 0.6, repeats  # about half are repeat registrations
    assert any(not a.isascii() for a in addresses)  # internationalised addresses
    assert sum(a.isascii() for a in addresses) > len(addresses) / 2
    assert any(not (r["Vorname"] + r["Nachname"]).isascii() for r in rows)
    assert any("ß" in r["Adresse"] or "ö" in r["Adresse"] for r in rows)
    times = [r["Zeitstempel"] for r in rows]
    assert len(set(times)) == len(times)


def test_quick_run_prints_every_goal_with_a_verdict() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    goals = [
        "ik --help vs",
        "ik --version vs",
        "ik build Elmshorn, first run",
        "ik build Elmshorn, nothing changed",
        "import 200 rows vs csv + xlsxwriter",
        "import 500 rows vs csv + xlsxwriter",
        "import 500 into 500 vs csv + xlsxwriter",
        "import 500 into 500, peak memory",
        "ik status, 500-row tracker, time",
        "ik status, 500-row tracker, memory",
        "ik export-results, 500-row tracker, time",
        "ik export-results, 500-row tracker, memory",
    ]
    table = [line for line in out.splitlines() if any(line.startswith(g) for g in goals)]
    assert len(table) == len(goals), out
    unmeasured = [line for line in table if "NOT MEASURED: baseline missing" in line]
    for line in table:
        assert line.endswith(" met") or " MISSED by " in line or line in unmeasured, line
    have_baselines = all(importlib.util.find_spec(m) for m in ("pandas", "openpyxl", "xlsxwriter"))
    if have_baselines:  # CI installs the bench extra: then the baselines must run
        assert unmeasured == [] and "ik/pandas" in out
    else:
        assert [line.split(" vs ")[0] for line in unmeasured] == [
            "import 200 rows",
            "import 500 rows",
            "import 500 into 500",
        ]
    missed = [line for line in table if " MISSED by " in line]
    met = len(goals) - len(missed) - len(unmeasured)
    assert f"{met} of {len(goals)} goals met" in out
    if missed:  # every missed goal says why and what would close it
        assert "why, and what would close them" in out
        assert out.count("Close:") >= len(missed)
    assert "Traceback" not in result.stderr
