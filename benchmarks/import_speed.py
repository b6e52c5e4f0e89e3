"""How fast is ``ik import-registrations`` compared with the script a user would write?

The baseline is the pandas script: ``read_csv`` → ``drop_duplicates`` → ``to_excel``.
ik does more (column recognition, e-mail validation, duplicates by person, ids, waiting
list, a formatted workbook with formulas, rejects file, backup, atomic write), and the
targets from issue 4 are:

* 10,000 registrations into a new tracker: no slower than pandas (ratio ≤ 1.0);
* 10,000 registrations into an existing 10,000-row tracker: ratio ≤ 1.5;
* 100,000 registrations: peak memory below 600 MB.

Every measurement runs in a fresh subprocess (peak memory = its ``ru_maxrss``).
Run: ``python benchmarks/import_speed.py [--rows 10000] [--big 100000] [--repeat 3]``.
Not a test: it prints figures and ratios.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESS = ROOT / "tests" / "people" / "prozess.yaml"

FIRST = ["Anna", "João", "Ayşe", "Mehmet", "Olena", "Fatima", "Jürgen", "Lena", "Sami", "Chen"]
LAST = ["Schmidt", "da Silva", "Yılmaz", "Özdemir", "Kovalenko", "Al-Hassan", "Müller", "Weiß"]
ORGS = ["Stadt Musterstadt", "Brasil e.V.", "Elternverein", "Caritas", "", "Frauencafé"]
ROLES = ["Einwohner*in", "Hauptamt", "Ehrenamt", "Migrantenorganisation", "Verwaltung"]
EVENTS = [
    "Auftaktveranstaltung Integrationskonzept",
    "Workshop Bildung und Sprache",
    "Fachforum Arbeit",
]


def make_export(path: Path, rows: int, seed: int, start_index: int = 0) -> None:
    """A Google-Forms-like export (German headers, UTF-8, comma) with ~2 % duplicates."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 8, 0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "Zeitstempel", "E-Mail-Adresse", "Vorname", "Nachname", "Organisation", "Rolle",
                "Telefon", "Welche Veranstaltung?", "Dolmetschen", "Kinderbetreuung",
                "Anmerkungen",
            ]
        )  # fmt: skip
        for i in range(rows):
            n = start_index + i
            if i and rng.random() < 0.02:
                n = start_index + rng.randrange(i)  # a duplicate registration
            when = start + timedelta(minutes=3 * i)
            writer.writerow(
                [
                    when.strftime("%d.%m.%Y %H:%M:%S"),
                    f"person{n}@example.de",
                    FIRST[n % len(FIRST)],
                    f"{LAST[n % len(LAST)]}{n}",
                    ORGS[n % len(ORGS)],
                    ROLES[n % len(ROLES)],
                    f"0171 {1000000 + n}",
                    EVENTS[n % len(EVENTS)],
                    "Arabisch" if n % 9 == 0 else "",
                    "ja" if n % 13 == 0 else "nein",
                    "Komme mit\nRollstuhl" if n % 17 == 0 else "",
                ]
            )


def _big_capacity_process(folder: Path) -> Path:
    """The test process, with room for everyone (no waiting list noise)."""
    text = PROCESS.read_text(encoding="utf-8")
    text = text.replace("kapazitaet: 6", "kapazitaet: 1000000").replace(
        "kapazitaet: 3", "kapazitaet: 1000000"
    )
    target = folder / "prozess.yaml"
    target.write_text(text, encoding="utf-8")
    return target


RUNNER = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    kind, process, export, tracker = sys.argv[1:5]
    t0 = time.perf_counter()
    if kind == "pandas":
        import pandas as pd
        df = pd.read_csv(export)
        df = df.drop_duplicates()
        df.to_excel(tracker, index=False)
    else:
        from integrakonzept.people.imports import import_registrations
        from integrakonzept.process.load import load_process
        report = import_registrations(
            load_process(Path(process)), [Path(export)], tracker=Path(tracker)
        )
        assert all(f.balanced for f in report.files)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB (Linux)
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))
    """
)


def run(kind: str, process: Path, export: Path, tracker: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, kind, str(process), str(export), str(tracker)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def n(count: int) -> str:
    """10000 → "10.000" (German thousands separator)."""
    return f"{count:,}".replace(",", ".")


def best(
    kind: str, process: Path, export: Path, tracker: Path, repeat: int, base: Path | None = None
) -> dict[str, float]:
    """Fastest of ``repeat`` runs (each from the same starting tracker)."""
    results = []
    for _ in range(repeat):
        tracker.unlink(missing_ok=True)
        shutil.rmtree(tracker.parent / ".ik-sicherungen", ignore_errors=True)
        if base is not None:
            shutil.copy(base, tracker)
        results.append(run(kind, process, export, tracker))
    return min(results, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        process = _big_capacity_process(folder)
        export = folder / "export.csv"
        make_export(export, args.rows, seed=1)
        more = folder / "export2.csv"
        make_export(more, args.rows, seed=2, start_index=args.rows)

        print(f"{n(args.rows)} rows into a new tracker (best of {args.repeat})")
        pandas_new = best("pandas", process, export, folder / "pandas.xlsx", args.repeat)
        ik_new = best("ik", process, export, folder / "new.xlsx", args.repeat)
        print(f"  pandas  {pandas_new['seconds']:6.2f} s   {pandas_new['peak_mb']:6.0f} MB")
        print(f"  ik      {ik_new['seconds']:6.2f} s   {ik_new['peak_mb']:6.0f} MB")
        print(f"  ratio   {ik_new['seconds'] / pandas_new['seconds']:6.2f}   (target ≤ 1.0)")

        base = folder / "base.xlsx"
        run("ik", process, export, base)
        print(f"{n(args.rows)} new rows into an existing {n(args.rows)}-row tracker")
        ik_existing = best("ik", process, more, folder / "existing.xlsx", args.repeat, base=base)
        print(f"  ik      {ik_existing['seconds']:6.2f} s   {ik_existing['peak_mb']:6.0f} MB")
        print(
            f"  ratio   {ik_existing['seconds'] / pandas_new['seconds']:6.2f}   (target ≤ 1.5, "
            "against the pandas script for the same number of rows)"
        )
        ik_same = best("ik", process, export, folder / "same.xlsx", args.repeat, base=base)
        print(f"  ik, the same file again (nothing changes): {ik_same['seconds']:.2f} s")

        big = folder / "big.csv"
        make_export(big, args.big, seed=3)
        print(f"{n(args.big)} rows into a new tracker (one run)")
        pandas_big = run("pandas", process, big, folder / "pandas-big.xlsx")
        ik_big = run("ik", process, big, folder / "big.xlsx")
        print(f"  pandas  {pandas_big['seconds']:6.2f} s   {pandas_big['peak_mb']:6.0f} MB")
        print(
            f"  ik      {ik_big['seconds']:6.2f} s   {ik_big['peak_mb']:6.0f} MB   (target < 600 MB)"
        )
        print(f"  ratio   {ik_big['seconds'] / pandas_big['seconds']:6.2f}")
        again = run("ik", process, big, folder / "big.xlsx")
        print(
            f"  ik, the same {n(args.big)} rows again into that tracker: "
            + f"{again['seconds']:.2f} s, {again['peak_mb']:.0f} MB"
        )
        big2 = folder / "big2.csv"
        make_export(big2, args.big, seed=4, start_index=args.big)
        more_big = run("ik", process, big2, folder / "big.xlsx")
        print(
            f"  ik, {n(args.big)} more rows into that tracker: "
            + f"{more_big['seconds']:.2f} s, {more_big['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
