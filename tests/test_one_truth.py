"""One truth in every document: every output of a process with a tracker shows, for every
event, the same registered and attended figures – and the tracker is read once per command.

The fixture is the Ostholstein example with a tracker: 40 registrations for the
Zukunftskonferenz (one of them cancelled by hand as "Storniert", so 39 count; attendance
taken: 33 came, while the process file still says ``teilnehmende: 75``) and 30 for the
Beteiligungsveranstaltung (no attendance taken). The precedence says: 39/33 and 30/–
everywhere, and 75 nowhere.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLES
from integrakonzept.cli import app
from integrakonzept.people import trackerfile
from integrakonzept.render.locale import round_for_press

runner = CliRunner()
DAY = "2025-06-01"
ZK, EA = "zukunftskonferenz", "beteiligung-ehrenamt"
REGISTERED = {ZK: 39, EA: 30}
ATTENDED = {ZK: 33, EA: None}
FILE_FIGURE = 75  # ergebnisse: teilnehmende of the Zukunftskonferenz in the process file


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """ik tracker, import, attendance, a hand edit; then ik build, export-results, status."""
    base = tmp_path_factory.mktemp("truth")
    folder = base / "p"
    shutil.copytree(
        EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    assert f"teilnehmende: {FILE_FIGURE}" in process_file.read_text(encoding="utf-8")
    lines = ["Vorname;Nachname;E-Mail;Rolle;Veranstaltung"]
    lines += [f"V{i};N{i};z{i}@example.de;Hauptamt;{ZK}" for i in range(40)]
    lines += [f"E{i};M{i};e{i}@example.de;Ehrenamt;{EA}" for i in range(30)]
    (base / "export.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (base / "da.txt").write_text(
        "\n".join(f"z{i}@example.de" for i in range(33)) + "\n", encoding="utf-8"
    )
    for args in (
        ["tracker", str(process_file)],
        ["import-registrations", str(process_file), str(base / "export.csv")],
        ["attendance", str(process_file), "--phase", ZK, "--present", str(base / "da.txt")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    tracker = folder / "anmeldungen.xlsx"
    wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    header = [c.value for c in ws[1]]
    last, status = header.index("Nachname") + 1, header.index("Status") + 1
    [row] = [r for r in range(2, ws.max_row + 1) if ws.cell(r, last).value == "N39"]
    ws.cell(row, status).value = "Storniert"  # typed by hand
    wb.save(tracker)

    outputs: dict[str, Any] = {"folder": folder / "ausgabe", "reads": {}}
    for name, args in {
        "build": ["build", str(process_file), "--date", DAY],
        "export": ["export-results", str(process_file), "--today", DAY],
        "status": ["status", str(process_file), "--today", DAY],
    }.items():
        with count_tracker_reads(tracker) as reads:
            result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        outputs[name] = result
        outputs["reads"][name] = dict(reads)
    return outputs


@contextmanager
def count_tracker_reads(tracker: Path) -> Iterator[dict[str, int]]:
    """Count calls of the one tracker reader (``read_tracker``, or ``scan_tracker`` /
    ``scan_columns`` that stream the rows for reading commands), and any other opening of the tracker file from
    Python (``io.open``: zipfile, openpyxl) while no read is under way."""
    counts = {"reads": 0, "other_opens": 0}
    real_read, real_scan, real_open = trackerfile.read_tracker, trackerfile.scan_tracker, io.open
    real_columns = trackerfile.scan_columns
    inside = [False]

    def counted(real: Any) -> Any:
        def read(path: Path, *args: Any, **options: Any) -> Any:
            counts["reads"] += 1
            inside[0] = True
            try:
                return real(path, *args, **options)
            finally:
                inside[0] = False

        return read

    def opener(file: Any, *args: Any, **kwargs: Any) -> Any:
        if not inside[0] and isinstance(file, str | Path) and Path(file) == tracker:
            counts["other_opens"] += 1
        return real_open(file, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(trackerfile, "read_tracker", counted(real_read))
    mp.setattr(trackerfile, "scan_tracker", counted(real_scan))
    mp.setattr(trackerfile, "scan_columns", counted(real_columns))
    mp.setattr(io, "open", opener)
    try:
        yield counts
    finally:
        mp.undo()


@pytest.mark.parametrize("command", ["build", "export", "status"])
def test_the_tracker_is_read_once(built: dict[str, Any], command: str) -> None:
    assert built["reads"][command] == {"reads": 1, "other_opens": 0}


def test_the_conflict_is_reported_once_per_command(built: dict[str, Any]) -> None:
    for command in ("build", "export", "status"):
        text = " ".join(built[command].output.split())
        assert text.count(f"Die Anmeldeliste zählt 33 Teilnehmende, die Prozessdatei nennt {FILE_FIGURE}") == 1, command


def _standalone(number: int, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){number}(?![\d.,])", text) is not None


def test_documentation_tables_show_the_same_figures(built: dict[str, Any]) -> None:
    import docx

    folder = built["folder"] / "dokumentation"
    # Markdown: the participation table
    md = (folder / "Dokumentation-Beteiligungsprozess.md").read_text(encoding="utf-8")
    lines = md.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("| Veranstaltung | Datum"))
    columns = [c.strip() for c in lines[top].strip("|").split("|")]
    md_rows: dict[str, dict[str, str]] = {}
    for line in lines[top + 2 :]:
        if not line.startswith("|"):
            break
        values = [c.strip() for c in line.strip("|").split("|")]
        md_rows[values[0]] = dict(zip(columns, values, strict=False))
    # Excel: sheet Veranstaltungen
    ws = load_workbook(folder / "Dokumentation-Beteiligungsprozess-Statistik.xlsx")["Veranstaltungen"]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(table) if r[0] == "Veranstaltung")
    xlsx_rows = [dict(zip(table[top], r, strict=False)) for r in table[top + 1 :] if r[0]]
    # Word: the table with the same heading
    document = docx.Document(str(folder / "Dokumentation-Beteiligungsprozess.docx"))

    def cells(row: Any) -> list[str]:
        return [c.text.replace("\xad", "") for c in row.cells]  # without soft hyphens

    word = next(t for t in document.tables if "Anmeldungen" in cells(t.rows[0]))
    word_head = cells(word.rows[0])
    word_rows = [dict(zip(word_head, cells(r), strict=False)) for r in word.rows[1:]]

    for event, title in ((ZK, "Zukunftskonferenz"), (EA, "Beteiligungsveranstaltung")):
        [md_row] = [r for k, r in md_rows.items() if k.startswith(title)]
        [x_row] = [r for r in xlsx_rows if str(r["Veranstaltung"]).startswith(title)]
        [w_row] = [r for r in word_rows if r["Veranstaltung"].startswith(title)]
        attended = ATTENDED[event]
        assert md_row["Anmeldungen"] == str(REGISTERED[event])
        assert x_row["Anmeldungen"] == REGISTERED[event]
        assert w_row["Anmeldungen"].split()[0] == str(REGISTERED[event])
        assert md_row["Teilgenommen"].rstrip("¹") == (str(attended) if attended else "–")
        assert x_row["Teilgenommen"] == attended
        assert w_row["Teilgenommen"].rstrip("¹") == (str(attended) if attended else "–")
    # key figures: the sums of the same figures
    assert "| Anmeldungen | 69 |" in md and "| Teilnahmen | 33 |" in md


def test_no_document_prints_the_overruled_figure(built: dict[str, Any]) -> None:
    folder: Path = built["folder"]
    texts: dict[str, str] = {}
    for path in folder.rglob("*"):
        if path.suffix in {".md", ".txt", ".html"}:
            texts[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            texts[str(path.relative_to(folder))] = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
    texts["status"] = built["status"].stdout
    assert len(texts) > 20
    for name, text in texts.items():
        flat = " ".join(text.split())
        assert not _standalone(FILE_FIGURE, flat.replace(f"nennt {FILE_FIGURE}", "")), name
        for words in re.findall(r"[Rr]und \d+ \w+", flat):
            assert words.split()[1] == round_for_press(33).split()[-1], (name, words)
    report = texts[f"{ZK}/{ZK}-pressemitteilung-nachbericht.md"]
    assert report.splitlines()[4].startswith(f"# {round_for_press(33).capitalize()} ")
    pdf = " ".join(texts["dokumentation/Dokumentation-Beteiligungsprozess.pdf"].split())
    assert "69 3" in pdf or ("69" in pdf and "33" in pdf)


def test_status_and_sign_up_sheet_agree(built: dict[str, Any]) -> None:
    status = " ".join(built["status"].stdout.split())
    assert f"33 von {REGISTERED[ZK]} da" in status
    assert f"{REGISTERED[EA]} angemeldet" in status
    sheet = subprocess.run(
        ["pdftotext", "-layout", str(built["folder"] / ZK / f"{ZK}-teilnahmeliste.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = set(re.findall(r"\bN\d+\b", sheet))
    assert len(printed) == REGISTERED[ZK] and "N39" not in printed  # "Storniert" by hand
