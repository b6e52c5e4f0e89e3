"""Approximate figures („über 120“, „rund 50“) keep their word in every output.

A coordinator who writes ``teilnehmende: über 120`` must find „über 120“ in the
documentation (Markdown, HTML/PDF, Word), in the Excel statistics (the number stays a
number, the cell shows the word), in the charts, in ``ik status`` and in the press
release – never a bare „120“. A sum over approximate figures is approximate, by the one
rule of :func:`integrakonzept.results.participation.sum_figures`.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from integrakonzept.process.types import APPROX_WORDS, Figure
from integrakonzept.results.participation import participation, sum_figures

sys.path.insert(0, str(Path(__file__).parents[1]))
from process_matrix import COUNT, process_data  # noqa: E402

TODAY = date(2031, 1, 15)  # after every phase of the matrix
STAMP = datetime(2031, 1, 15, 12, 0)


# --- the one rule for sums ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([75, 45], "120"),
        ([Figure(120, "über"), 75], "über 195"),
        ([Figure(120, "über"), Figure(80, "über")], "über 200"),
        ([Figure(50, "rund"), 75], "rund 125"),
        ([Figure(40, "knapp"), 75], "knapp 115"),
        ([Figure(120, "über"), Figure(100, "mehr als"), 5], "mindestens 225"),
        ([Figure(40, "knapp"), Figure(20, "unter")], "höchstens 60"),
        ([Figure(120, "über"), Figure(40, "knapp")], "rund 160"),
        ([Figure(120, "über"), Figure(50, "rund")], "rund 170"),
        ([Figure(1200, "etwa"), Figure(300, "ca.")], "rund 1.500"),
    ],
)
def test_sum_of_figures_is_as_exact_as_its_parts(parts: list[int], expected: str) -> None:
    total = sum_figures(parts)
    assert total.text == expected
    assert int(total) == sum(int(p) for p in parts)


# --- every output, for generated processes ----------------------------------------------------

# 4-digit numbers, no round thousands: they cannot be mistaken for a year, a postcode or
# another figure of the matrix processes.
NUMBERS = st.integers(1001, 9899).filter(lambda n: n % 1000 and not 2020 <= n <= 2040)
FIGURES = st.one_of(
    NUMBERS.map(str),
    st.tuples(st.sampled_from(APPROX_WORDS), NUMBERS).map(lambda t: f"{t[0]} {t[1]}"),
)


def _process_file(folder: Path, base: int, figures: dict[str, str]) -> Path:
    data = process_data(base)
    for phase in data["phasen"]:
        if phase["id"] in figures:
            results = phase.setdefault("ergebnisse", {})
            results.pop("beitraege", None)
            key = "beitraege" if phase["id"] == "befragung" else "teilnehmende"
            results[key] = figures[phase["id"]]
    path = folder / f"prozess-{base}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _bare(text: str, figure: Figure) -> list[str]:
    """Occurrences of the number of ``figure`` without its word in ``text`` (with context)."""
    number = re.escape(Figure(int(figure)).text)
    found = []
    for m in re.finditer(rf"(?<![\d.]){number}(?![\d])(?!,\d)", text):
        before = text[max(0, m.start() - 20) : m.start()]
        if not re.search(rf"{re.escape(figure.qualifier or '')}[ \u00a0]$", before, re.I):
            found.append(text[max(0, m.start() - 30) : m.end() + 10])
    return found


# A chart's scale (0, 400, 800, 1.200 …) is not a figure: a tick may fall on an approximate
# number by chance. Tick labels are the only centred 9-point numbers of a chart.
AXIS_TICK = re.compile(r'<text [^>]*font-size="9" text-anchor="middle"[^>]*>[\d.]+</text>')


def _without_axis_ticks(svg: str) -> str:
    return AXIS_TICK.sub("", svg)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _status_text(process: Any, path: Path) -> str:
    from rich.console import Console

    from integrakonzept.process.load import load_with_locator
    from integrakonzept.results.status import collect_status

    _, locator = load_with_locator(path)
    status = collect_status(process, None, process_file=path, locator=locator, today=TODAY)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(status)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _xlsx_shown(data: bytes) -> dict[str, list[tuple[object, str]]]:
    """Per sheet, (value, number format) of every numeric cell."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return {
        ws.title: [
            (c.value, c.number_format)
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, int)
        ]
        for ws in workbook.worksheets
    }


@settings(
    max_examples=12,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# an axis tick of the chart falls on the number (1.600) – not a bare figure
@example(base=14, auftakt="mehr als 1600", werkstatt="über 1501", befragung="4648")
@given(
    base=st.integers(0, COUNT - 1),
    auftakt=FIGURES,
    werkstatt=FIGURES,
    befragung=FIGURES,
)
def test_every_output_keeps_the_word_of_an_approximate_figure(
    tmp_path: Path, base: int, auftakt: str, werkstatt: str, befragung: str
) -> None:
    from integrakonzept.documents.press import press_release
    from integrakonzept.process.load import load_process
    from integrakonzept.results.excel import render_xlsx
    from integrakonzept.results.html import render_html, render_markdown
    from integrakonzept.results.report import build_report
    from integrakonzept.results.word import render_docx

    given_figures = {"auftakt": auftakt, "werkstatt": werkstatt, "befragung": befragung}
    path = _process_file(tmp_path, base, given_figures)
    process = load_process(path)
    figures = {k: Figure.parse(v) for k, v in given_figures.items()}
    events = {k: v for k, v in figures.items() if k != "befragung"}
    total = sum_figures(events.values())

    report = build_report(process, participation(process, None), TODAY)
    outputs = {
        "md": render_markdown(report, {slug: f"{slug}.svg" for slug in report.charts}),
        "html": re.sub(r"<[^>]+>", " ", _without_axis_ticks(render_html(report))),
        "docx": _docx_text(render_docx(report, STAMP)),
        "svg": "\n".join(
            re.sub(r"<[^>]+>", " ", _without_axis_ticks(chart.drawing.svg(slug)))
            for slug, chart in report.charts.items()
        ),
        "status": _status_text(process, path),
        "press": press_release(process, "auftakt", "nachbericht", release_date=TODAY)
        .render("txt")
        .decode("utf-8"),
    }
    for name, text in outputs.items():
        text = text.replace("\u00a0", " ")
        wanted = {"auftakt"} if name in ("press", "status") else set(figures)
        if name == "status":
            wanted = set(events)
        if name == "svg":
            wanted = set(events)
        for phase_id in wanted:
            figure = figures[phase_id]
            # (a sentence may begin with it: „Über 120 Einwohner*innen …“)
            assert figure.text.casefold() in text.casefold(), (name, phase_id, figure.text)
        # what must NOT appear: an approximate number without its word
        # (a number that another figure or the total also has may stand there legitimately)
        numbers = [int(f) for f in figures.values()]
        exact_numbers = {n for n in numbers if numbers.count(n) > 1} | {int(total)}
        exact_numbers |= {int(f) for f in figures.values() if f.is_exact}
        for phase_id in wanted:
            figure = figures[phase_id]
            if figure.qualifier and int(figure) not in exact_numbers:
                assert not _bare(text, figure), (name, phase_id, _bare(text, figure))
    # the documentation's total says how exact it is
    for name in ("md", "html", "docx"):
        assert total.text in outputs[name].replace("\u00a0", " "), name

    # Excel: numbers stay numbers, the cell shows the word; the sum row is approximate too.
    cells = _xlsx_shown(render_xlsx(report, STAMP))
    numbers = [int(f) for f in figures.values()]
    for phase_id, figure in figures.items():
        if numbers.count(int(figure)) > 1:
            continue  # the same number twice: the cells cannot be told apart
        sheet = "Online" if phase_id == "befragung" else "Veranstaltungen"
        formats = [fmt for value, fmt in cells[sheet] if value == int(figure)]
        assert formats, (sheet, figure)
        if figure.qualifier:
            assert f'"{figure.qualifier} "#,##0' in formats
        else:
            assert all('"' not in fmt for fmt in formats)
    overview = [fmt for value, fmt in cells["Übersicht"] if value == int(total)]
    assert overview == [f'"{total.qualifier} "#,##0' if total.qualifier else "General"]


@pytest.mark.slow
def test_libreoffice_shows_the_word_and_sums_the_numbers(tmp_path: Path) -> None:
    """A real spreadsheet program shows „über 1.200“ and sums to „mindestens …“."""
    from openpyxl import load_workbook

    from integrakonzept.process.load import load_process
    from integrakonzept.results.excel import render_xlsx
    from integrakonzept.results.report import build_report

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed (.ci/run installs it)")
    path = _process_file(
        tmp_path, 1, {"auftakt": "über 1200", "werkstatt": "mehr als 75", "befragung": "rund 300"}
    )
    process = load_process(path)
    report = build_report(process, participation(process, None), TODAY)
    source = tmp_path / "statistik.xlsx"
    source.write_bytes(render_xlsx(report, STAMP))
    out = tmp_path / "out"
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in (
        "xlsx",
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1",
    ):
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                profile,
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    recalculated = load_workbook(out / "statistik.xlsx", data_only=True)["Veranstaltungen"]
    total = next(
        r
        for r in recalculated.iter_rows(min_row=5, values_only=True)
        if str(r[0]).startswith("Summe")
    )
    assert total[6] == 1275  # the number: the sum works
    shown = (out / "statistik-Veranstaltungen.csv").read_text(encoding="utf-8")
    # (the thousands separator is the one of the program's locale)
    assert re.search(r";über 1[.,]200;", shown)
    assert ";mehr als 75;" in shown
    assert re.search(r";mindestens 1[.,]275;", shown)
    assert not re.search(r";1[.,]?200;", shown)  # never the bare number
    online = (out / "statistik-Online.csv").read_text(encoding="utf-8")
    assert "rund 300" in online
