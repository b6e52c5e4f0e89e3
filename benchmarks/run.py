"""Issue 15's table in one run: ik against the baselines, side by side, goal by goal.

Every measurement is a fresh process (time = wall clock, memory = that process's peak
resident set from ``os.wait4``). ik and its baseline run alternately ("paired runs") and
the table shows medians, so a machine busy with other work slows both sides alike.

* start-up: ``ik --help`` / ``ik --version`` against ``python -c "import typer"``;
* ``ik build`` of the Elmshorn example: first run and a re-run with nothing changed;
* ``ik status`` / ``ik export-results`` with a tracker of ``--big`` rows (time, memory);
* ``ik import-registrations`` of ``--rows`` / ``--big`` rows and ``--big`` rows into a
  ``--big``-row tracker, against a pandas script and a csv + xlsxwriter script.

Data: a Google-Forms-like CSV with German and non-ASCII names, organisations, postal
addresses and e-mail addresses (about a quarter internationalised), and about half of the
rows repeat an earlier person's registration (later answers, partly changed).

Run: ``python benchmarks/run.py`` (about 10 minutes on 2 cores), ``--quick`` for small
sizes (a smoke run: its ratios mean little). Needs the ``bench`` extra
(``pip install -e ".[bench]"``: pandas, xlsxwriter). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESS = ROOT / "tests" / "people" / "prozess.yaml"
ELMSHORN = ROOT / "examples" / "elmshorn-2025" / "prozess.yaml"
IK = [sys.executable, "-m", "integrakonzept"]
IK_SCRIPT = Path(sys.executable).parent / "ik"
#: the baseline scripts need the bench extra (pandas, openpyxl, xlsxwriter)
BASELINES = all(importlib.util.find_spec(m) for m in ("pandas", "openpyxl", "xlsxwriter"))

FIRST = [
    "Anna", "João", "Ayşe", "Mehmet", "Olena", "Fatima", "Jürgen", "Lena", "Sami", "Chen",
    "Zoë", "Björn", "Małgorzata", "Đorđe", "Hüseyin", "Renée", "Søren", "Grétar", "Ольга",
    "محمد",
]  # fmt: skip
LAST = [
    "Schmidt", "da Silva", "Yılmaz", "Özdemir", "Kovalenko", "Al-Hassan", "Müller", "Weiß",
    "Groß", "Nguyễn", "Wiśniewska", "Jovanović", "Çelik", "Lefèvre", "Ørsted", "Шевченко",
]  # fmt: skip
ORGS = [
    "Stadt Elmshorn", "Brasil e.V.", "Elternverein Süd", "Caritas", "", "Frauencafé",
    "Türkischer Elternbund", "Jugendmigrationsdienst", "Volkshochschule",
]  # fmt: skip
ROLES = ["Einwohner*in", "Hauptamt", "Ehrenamt", "Migrantenorganisation", "Verwaltung"]
STREETS = ["Königstraße", "Schulstraße", "Große Straße", "Ölmühlenweg", "Am Gänsemarkt"]
TOWNS = ["25335 Elmshorn", "25336 Elmshorn", "25337 Kölln-Reisiek", "25358 Horst (Holstein)"]
DOMAINS = ["example.de", "beispiel.de", "posteo.example", "web.example", "müller-büro.de"]
EVENTS = [
    "Auftaktveranstaltung Integrationskonzept",
    "Workshop Bildung und Sprache",
    "Fachforum Arbeit",
]
HEADER = [
    "Zeitstempel", "E-Mail-Adresse", "Vorname", "Nachname", "Organisation", "Rolle",
    "Telefon", "Adresse", "Welche Veranstaltung?", "Dolmetschen", "Kinderbetreuung",
    "Anmerkungen",
]  # fmt: skip


def _address(n: int, first: str, last: str) -> str:
    """About a quarter of the addresses are internationalised (non-ASCII local part or
    domain), the rest plain ASCII; each person keeps one address."""
    local = f"{first}.{last}{n}".lower().replace(" ", "")
    domain = DOMAINS[n % len(DOMAINS)]
    if n % 4:  # three in four: transliterate to ASCII as most people do
        # (a name without Latin letters leaves no leading dot: form tools accept only valid
        # addresses, so every row of the export is a registration)
        local = local.encode("ascii", "ignore").decode().lstrip(".") or f"person{n}"
        domain = domain.replace("ü", "ue")
    return f"{local}@{domain}"


def make_export(path: Path, rows: int, seed: int, start: int = 0, repeats: float = 0.5) -> None:
    """``rows`` registrations of people ``start…``; about ``repeats`` of them (default half)
    repeat an earlier person."""
    rng = random.Random(seed)
    when = datetime(2025, 1, 6, 8, 0)
    people = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            if people and rng.random() < repeats:
                n = start + rng.randrange(people)  # a repeat registration
            else:
                n = start + people
                people += 1
            first, last = FIRST[n % len(FIRST)], LAST[(n // 3) % len(LAST)]
            when += timedelta(seconds=rng.randrange(30, 300))
            writer.writerow(
                [
                    when.strftime("%d.%m.%Y %H:%M:%S"),
                    _address(n, first, last),
                    first,
                    f"{last} {n}",
                    ORGS[n % len(ORGS)],
                    ROLES[(n + i) % len(ROLES)],  # repeats change some answers
                    f"0171 {1000000 + n}",
                    f"{STREETS[n % len(STREETS)]} {n % 180 + 1}, {TOWNS[n % len(TOWNS)]}",
                    EVENTS[n % len(EVENTS)],
                    "Arabisch" if n % 9 == 0 else "",
                    "ja" if (n + i) % 13 == 0 else "nein",
                    "Komme mit\nRollstuhl" if n % 17 == 0 else "",
                ]
            )


PANDAS = textwrap.dedent(
    """
    import sys
    import pandas as pd
    export, tracker = sys.argv[1:3]
    df = pd.read_csv(export, dtype=str, keep_default_na=False)
    df = df.drop_duplicates(subset=["E-Mail-Adresse"], keep="last")
    df.to_excel(tracker, index=False, engine="openpyxl")
    """
)

#: the near-limit script: stdlib csv, one dict by address, xlsxwriter in constant memory;
#: with an existing tracker it reads that first (calamine, the fastest reader there is)
NEAR_LIMIT = textwrap.dedent(
    """
    import csv, os, sys
    import xlsxwriter
    export, tracker = sys.argv[1:3]
    people = {}
    header = None
    if os.path.exists(tracker):
        from python_calamine import CalamineWorkbook
        sheet = CalamineWorkbook.from_path(tracker).get_sheet_by_index(0).to_python()
        header = [str(c) for c in sheet[0]]
        key = header.index("E-Mail-Adresse")
        for row in sheet[1:]:
            people[str(row[key]).strip().lower()] = [str(c) for c in row]
    with open(export, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader) if header is None else (next(reader) and header)
        key = header.index("E-Mail-Adresse")
        for row in reader:
            people[row[key].strip().lower()] = row
    out = tracker + ".neu.xlsx"
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet("Anmeldungen")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(people.values(), start=1):
        sheet.write_row(r, 0, row)
    book.close()
    os.replace(out, tracker)
    """
)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    #: CPU time of the process (user + system): on a busy machine wall time mostly waits
    cpu: float = float("nan")


def measure(argv: Sequence[str], cwd: Path = ROOT) -> Run:
    """Wall time and peak resident memory of one process (which must succeed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, argv))}\n{err}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, cpu)  # KiB → MiB (Linux)


def paired(
    first: Callable[[], Run], second: Callable[[], Run], pairs: int
) -> tuple[list[Run], list[Run]]:
    """Alternate the two, ``pairs`` times each (order swapped every pair)."""
    a: list[Run] = []
    b: list[Run] = []
    for i in range(pairs):
        if i % 2:
            b.append(second())
            a.append(first())
        else:
            a.append(first())
            b.append(second())
    return a, b


def med(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.peak_mb for r in runs),
        statistics.median(r.cpu for r in runs),
    )


def ratio(ik: Sequence[Run], base: Sequence[Run]) -> float:
    """Median of the per-pair ratios."""
    return statistics.median(i.seconds / b.seconds for i, b in zip(ik, base, strict=True))


@dataclass
class Goal:
    what: str
    measured: str
    goal: str
    value: float
    limit: float
    unit: str
    why: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def verdict(self) -> str:
        if self.value != self.value:  # NaN: the baseline could not run
            return "NOT MEASURED: baseline missing (pip install -e '.[bench]')"
        if self.met:
            return "met"
        over = self.value - self.limit
        return f"MISSED by {over:.2f}{self.unit} ({self.value / self.limit - 1:.0%} over)"


#: why a goal is missed and what would close it (from profiling; printed only when missed)
WHY = {
    "help": "ik --help imports Typer, ik's CLI module (cli/app.py) and nothing else: the "
    "command modules load when their command runs (COMMANDS in cli/app.py), the help is "
    "click's plain layout (Typer's Rich layout imports rich.markdown and pygments) and Rich "
    "loads on first console use. See benchmarks/startup.py for -X importtime. Close: what "
    "remains is Typer's own import.",
    "version": "a lone --version imports nothing but integrakonzept (integrakonzept.start); "
    "what remains is interpreter start-up. Close: nothing left in ik.",
    "build-first": "the PDFs (invitations in 4 languages, 3 sign-up sheets, the public "
    "page's documentation) are laid out by forked workers on both cores while the main "
    "process writes every file in order (render/pool.py); a sign-up sheet is laid out once "
    "(rows per page computed exactly from the font's metrics); compiled templates are kept "
    "in the user's cache folder (Jinja's bytecode cache: about 0.1 s less; this benchmark "
    "measures with it filled, as every build after the very first on a machine has it); ik "
    "leaves without tearing the interpreter down (start.entry). On an idle machine a first "
    "build takes about 1.55 s (2.4 s CPU; before: 3.3 s, all on one core): 0.55 s on one "
    "core before the workers start (interpreter, Typer with its pydantic adapters, the "
    "process model, WeasyPrint's import and a warm-up layout), about 0.9 s of WeasyPrint "
    "on both cores (1.6 s CPU for the 8 PDFs: Pango's line breaking, the CSS cascade per "
    "table cell, the QR codes' SVG paths, tagged PDF; the jobs are already balanced "
    "between the two workers), then the last steps and the public page. Close: less CPU "
    "per PDF inside WeasyPrint (fewer boxes in the sheets' tables, the QR code as fewer "
    "paths: both change the files), or workers forked at start-up that load the process "
    "file themselves while the main process does, so that WeasyPrint's import no longer "
    "waits for the model.",
    "build-again": "nothing is rendered, written or even imported for rendering when nothing "
    "changed: documents, the overview (index.html) and the public page (seite/, as one group) "
    "are skipped by fingerprints of their inputs in <ausgabe>/.ik-stand.json (benchmarks "
    "compile ik's byte code first, as a wheel install has it). What remains, 0.34-0.38 s CPU "
    "measured on a busy 2-core machine (load 4-6): interpreter and Typer (a pydantic adapter "
    "per option), pydantic and the process model's classes, checking the process file "
    "(email_validator, phonenumbers), Babel for the dates in the warnings, the German "
    "catalogues for the lines about what is not made yet, Rich; on a busy machine most of "
    "the wall time is waiting for a core (see the CPU time). Close: one fingerprint of the "
    "whole build (process file, tracker, templates, day, options, ik) that repeats the last "
    "report without loading the process model.",
    "status-time": "ik status reads the tracker for counting only (read_roster rows=False, "
    "persons=False: only the columns the figures need, each distinct combination of "
    "values understood once, no object per row, no person keys), and python-calamine "
    "parses the sheet in a thread (people/readahead.py) while the process file loads "
    "and Rich is imported. What is left is python-calamine's parse of the whole "
    "sheet: 1.26 s and 209 MB on its own for this tracker of 100.000 rows (25 "
    "columns, 109 MB of sheet XML) on an idle machine; ik status adds about 0.3 s to "
    "it (before: 3.8 s for 90.000 rows). Close: a reader that parses only the needed "
    "columns of the sheet XML as a stream (python-calamine has none; its fork "
    "python-calamine-plus has one, not adopted: upkeep uncertain), or the counts kept "
    "beside the tracker whenever ik writes it (used only while the file is "
    "unchanged).",
    "status-mem": "the counting reading keeps a counter per distinct meaning, nothing per row; the "
    "peak is python-calamine's parsed sheet, which holds every cell of the sheet in "
    "memory (209 MB for this tracker on its own: about 2 KB a row). Close: the "
    "streaming reader of status-time.",
    "export-time": "the tracker is read as for ik status (with a person key per row for the figures "
    "per person); WeasyPrint is set up while the sheet is parsed; DOCX, PDF and XLSX "
    "are laid out in forked workers on both cores (render/pool.py), about 4.3 s of "
    "CPU in all (6.4 s wall before for 90.000 rows). Of the time, 1.3 s is "
    "python-calamine's parse (see status-time), then the two workers (PDF and DOCX "
    "about 0.9 s of CPU each: WeasyPrint, python-docx, pyphen's hyphenation "
    "dictionary parsed in each process, PNG charts). Close: the streaming reader of "
    "status-time, and less CPU in the renderers (the hyphenation dictionary parsed "
    "once before the fork).",
    "export-mem": "as for ik status (python-calamine's parsed sheet is the peak, 209 MB on its "
    "own), plus the renderers in the forked workers (they share the parent's pages "
    "until they write to them). Close: the streaming reader of status-time.",
    "import": "ik does far more per row than the script (recognises tool and columns, cleans "
    "and checks every answer and e-mail address, merges repeats by person, ids, waiting "
    "list, late marks, the table's formulas, print row heights, rejects file, backup, atomic "
    "write) and starts Typer, the pydantic process model and, for a new tracker, openpyxl "
    "for its derived sheets. Issue 15 took the import from 4.2× / 3.2× / 1.8× to 2.8× / "
    "1.9× and, into a real tracker of 100.000 rows, 1.0× (wall, idle machine, 25.11.2026 "
    "23:05; the script has to copy the 100.000 rows it does not change too). cProfile of the "
    "100.000-row import: rows to entries 44 % (e-mail checks "
    "7 %: internationalised addresses go through email_validator's per-character parser; "
    "person keys 6 %), writing the sheet 26 % (XML and zip 15 %), the plan 14 %, reading "
    "the CSV 4 %, the new tracker 3 %; of the 10.000-row import a quarter is start-up and "
    "14 % the new tracker's openpyxl (which also imports numpy where pandas is installed, as "
    "with the bench extra). Each step is already cached where answers repeat (per export: "
    "answer, event and source cells; per text: addresses, name keys, row heights). Close: "
    "what is left is Python's cost per row spread over many small steps – a compiled row "
    "normaliser and sheet writer, a faster check of internationalised addresses, the new "
    "tracker's derived sheets without openpyxl; for 10.000 rows ik's start-up alone "
    "(~0.4 s) is the script's whole run.",
    "import-mem": "answers and appended rows are tuples (Entry.values, NewRow), the plan drops "
    "superseded entries once grouped, the CSV is split into lines lazily (no StringIO "
    "copy at 4 bytes per character), the big sheet part is inflated into one buffer "
    "(zipfile held it twice): 491 MB before with a starting tracker of 45.000 rows, "
    "now 360 MB with that one – and about 440 MB with a real tracker of 100.000 rows, "
    "as measured here. At the peak (the plan) all rows of the existing tracker and "
    "the new entries are held. Close: stream the existing tracker's rows into the "
    "plan, keeping only the rows a new entry matches (and their person keys), and "
    "write the untouched rows straight through.",
}


def n(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def _process_for(folder: Path) -> Path:
    """The test process with room for everyone (no waiting list noise)."""
    text = PROCESS.read_text(encoding="utf-8")
    text = text.replace("kapazitaet: 6", "kapazitaet: 10000000")
    text = text.replace("kapazitaet: 3", "kapazitaet: 10000000")
    target = folder / "prozess.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def _ik(*args: object) -> list[str]:
    return [str(IK_SCRIPT) if IK_SCRIPT.exists() else IK[0], *([] if IK_SCRIPT.exists() else IK[1:]),
            *map(str, args)]  # fmt: skip


def startup(pairs: int) -> list[Goal]:
    typer = [sys.executable, "-c", "import typer"]
    goals = []
    for flag, limit, key in (("--help", 1.5, "help"), ("--version", 1.2, "version")):
        ik_runs, base = paired(lambda f=flag: measure(_ik(f)), lambda: measure(typer), pairs)
        r = ratio(ik_runs, base)
        goals.append(
            Goal(
                f"ik {flag} vs python -c 'import typer'",
                f"{r:.2f}× ({med(ik_runs).seconds * 1000:.0f} ms vs "
                f"{med(base).seconds * 1000:.0f} ms)",
                f"≤ {limit}×", r, limit, "×", WHY[key],
            )
        )  # fmt: skip
    return goals


def _byte_code() -> None:
    """Compile ik's modules as an installed wheel has them: a source checkout run with
    PYTHONDONTWRITEBYTECODE=1 would compile every module it imports on every run."""
    spec = importlib.util.find_spec("integrakonzept")
    for location in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(location, quiet=1)


def build(folder: Path, pairs: int) -> list[Goal]:
    _byte_code()
    first: list[Run] = []
    again: list[Run] = []
    for i in range(pairs):
        out = folder / f"build{i}"
        first.append(measure(_ik("build", ELMSHORN, "-o", out)))
        again.append(measure(_ik("build", ELMSHORN, "-o", out)))
        shutil.rmtree(out, ignore_errors=True)
    f, a = med(first), med(again)
    return [
        Goal("ik build Elmshorn, first run",
             f"{f.seconds:.2f} s (CPU {f.cpu:.2f} s), {f.peak_mb:.0f} MB",
             "≤ 1.5 s", f.seconds, 1.5, " s", WHY["build-first"]),
        Goal("ik build Elmshorn, nothing changed",
             f"{a.seconds:.2f} s (CPU {a.cpu:.2f} s), {a.peak_mb:.0f} MB",
             "< 0.5 s", a.seconds, 0.5, " s", WHY["build-again"]),
    ]  # fmt: skip


def make_tracker(folder: Path, process: Path, rows: int) -> Path:
    """``folder/base.xlsx``: a tracker of ``rows`` rows, imported by ik from an export of
    ``rows`` different people (returned)."""
    export = folder / "tracker.csv"
    make_export(export, rows, seed=4, start=20 * rows, repeats=0.0)
    measure(_ik("import-registrations", process, export, "--tracker", folder / "base.xlsx"))
    return export


def imports(
    folder: Path, process: Path, small: int, big: int, pairs: int
) -> tuple[list[Goal], Path]:
    goals: list[Goal] = []
    lines: list[str] = []

    def one(label: str, export: Path, base: Path | None, key: str) -> Run:
        tracker = folder / "t.xlsx"

        def fresh() -> None:
            tracker.unlink(missing_ok=True)
            shutil.rmtree(folder / ".ik-sicherungen", ignore_errors=True)
            if base is not None:
                shutil.copy(base, tracker)

        def ik() -> Run:
            fresh()
            return measure(_ik("import-registrations", process, export, "--tracker", tracker))

        def near() -> Run:
            fresh()
            if base is not None:  # the script's own tracker of the same rows
                shutil.copy(base.with_suffix(".near.xlsx"), tracker)
            return measure([sys.executable, "-c", NEAR_LIMIT, str(export), str(tracker)])

        def pandas() -> Run:
            fresh()
            return measure([sys.executable, "-c", PANDAS, str(export), str(tracker)])

        if not BASELINES:  # the bench extra is not installed: ik alone
            i = med([ik() for _ in range(pairs)])
            goals.append(
                Goal(f"import {label} vs csv + xlsxwriter", f"ik {i.seconds:.2f} s "
                     f"{i.peak_mb:.0f} MB", "≤ 1.3×", float("nan"), 1.3, "×", WHY["import"])
            )  # fmt: skip
            return i
        ik_runs, near_runs = paired(ik, near, pairs)
        i, s = med(ik_runs), med(near_runs)
        r = ratio(ik_runs, near_runs)
        if base is None:
            ik_p, pd_runs = paired(ik, pandas, pairs)
            lines.append(
                f"  {label}: pandas {med(pd_runs).seconds:.2f} s {med(pd_runs).peak_mb:.0f} MB, "
                f"ik/pandas {ratio(ik_p, pd_runs):.2f}×"
            )
        goals.append(
            Goal(f"import {label} vs csv + xlsxwriter",
                 f"{r:.2f}× ({i.seconds:.2f} s {i.peak_mb:.0f} MB vs "
                 f"{s.seconds:.2f} s {s.peak_mb:.0f} MB; CPU {i.cpu:.1f} s vs {s.cpu:.1f} s)",
                 "≤ 1.3×", r, 1.3, "×", WHY["import"])
        )  # fmt: skip
        return i

    small_csv, big_csv, more_csv = folder / "small.csv", folder / "big.csv", folder / "more.csv"
    make_export(small_csv, small, seed=1)
    make_export(big_csv, big, seed=2)
    make_export(more_csv, big, seed=3, start=10 * big)
    one(f"{n(small)} rows", small_csv, None, "import")
    one(f"{n(big)} rows", big_csv, None, "import")
    # the starting trackers of `big` rows (one person each; an export with repeats would
    # give a tracker of fewer rows, since the import merges them): ik's and the script's own
    base = folder / "base.xlsx"
    base_csv = make_tracker(folder, process, big)
    near_base = base.with_suffix(".near.xlsx")
    if BASELINES:
        measure([sys.executable, "-c", NEAR_LIMIT, str(base_csv), str(near_base)])
    into = one(f"{n(big)} into {n(big)}", more_csv, base, "import")
    goals.append(
        Goal(f"import {n(big)} into {n(big)}, peak memory", f"{into.peak_mb:.0f} MB", "< 400 MB",
             into.peak_mb, 400, " MB", WHY["import-mem"])
    )  # fmt: skip
    for line in lines:
        print(line)
    return goals, base


def status_export(folder: Path, process: Path, tracker: Path, big: int, pairs: int) -> list[Goal]:
    st = med([measure(_ik("status", process, "--tracker", tracker, "--today", "2025-03-01"))
              for _ in range(pairs)])  # fmt: skip
    out = folder / "doku"
    ex = med([measure(_ik("export-results", process, "--tracker", tracker, "-o", out))
              for _ in range(pairs)])  # fmt: skip
    from python_calamine import CalamineWorkbook

    height = CalamineWorkbook.from_path(str(tracker)).get_sheet_by_name("Anmeldungen").height
    rows = f"{n(height - 1)}-row tracker"
    return [
        Goal(f"ik status, {rows}, time", f"{st.seconds:.2f} s (CPU {st.cpu:.2f} s)", "< 1 s",
             st.seconds, 1.0, " s",
             WHY["status-time"]),
        Goal(f"ik status, {rows}, memory", f"{st.peak_mb:.0f} MB", "< 150 MB", st.peak_mb, 150,
             " MB", WHY["status-mem"]),
        Goal(f"ik export-results, {rows}, time", f"{ex.seconds:.2f} s (CPU {ex.cpu:.2f} s)",
             "< 2.5 s", ex.seconds, 2.5, " s", WHY["export-time"]),
        Goal(f"ik export-results, {rows}, memory", f"{ex.peak_mb:.0f} MB", "< 250 MB",
             ex.peak_mb, 250, " MB", WHY["export-mem"]),
    ]  # fmt: skip


def table(goals: Sequence[Goal]) -> str:
    width = max(len(g.what) for g in goals)
    mwidth = max(len(g.measured) for g in goals)
    lines = [f"{'what':<{width}}  {'measured':<{mwidth}}  {'goal':<9}  verdict"]
    lines.append("-" * len(lines[0]) + "-" * 30)
    for g in goals:
        lines.append(f"{g.what:<{width}}  {g.measured:<{mwidth}}  {g.goal:<9}  {g.verdict()}")
    missed = [g for g in goals if not g.met and g.value == g.value]  # NaN: not measured
    if missed:
        lines.append("")
        lines.append("Missed goals – why, and what would close them:")
        lines.extend(f"- {g.what}: {g.why}" for g in missed)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one pair each")
    parser.add_argument("--rows", type=int, help="small import (default 10000; quick 200)")
    parser.add_argument(
        "--big", type=int, help="big import and tracker (default 100000; quick 500)"
    )
    parser.add_argument("--pairs", type=int, help="paired runs per import (default 3; quick 1)")
    parser.add_argument("--startup-pairs", type=int, help="paired start-up runs (default 15)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["startup", "build", "imports", "status"])  # fmt: skip
    args = parser.parse_args(argv)
    small = args.rows or (200 if args.quick else 10_000)
    big = args.big or (500 if args.quick else 100_000)
    pairs = args.pairs or (1 if args.quick else 3)
    startup_pairs = args.startup_pairs or (1 if args.quick else 15)
    load = os.getloadavg()[0]
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {load:.1f} at start"
          + (" (the machine is busy: figures are slower than on an idle one)"
             if load > (os.cpu_count() or 1) * 0.5 else ""))  # fmt: skip
    if not BASELINES:
        print("pandas / openpyxl / xlsxwriter missing: imports are measured without the "
              "baselines (pip install -e '.[bench]')")  # fmt: skip
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        process = _process_for(folder)
        if "startup" not in args.skip:
            goals += startup(startup_pairs)
        if "build" not in args.skip:
            goals += build(folder, 1 if args.quick else 3)
        tracker: Path | None = None
        if "imports" not in args.skip:
            found, tracker = imports(folder, process, small, big, pairs)
            goals += found
        if "status" not in args.skip:
            if tracker is None:
                tracker = folder / "base.xlsx"
                make_tracker(folder, process, big)
            goals += status_export(folder, process, tracker, big, pairs)
    print()
    print(table(goals))
    print(f"\n{sum(g.met for g in goals)} of {len(goals)} goals met; "
          f"load average {os.getloadavg()[0]:.1f} at the end")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
