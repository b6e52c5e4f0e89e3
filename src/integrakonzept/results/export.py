"""``ik export-results``: the documentation for the council in every format, in one call.

Takes the loaded process and (if there is one) the roster read from the tracker, builds one
:class:`~integrakonzept.results.report.Report` and writes it as DOCX, PDF, Markdown
(with the charts as SVG files beside it) and XLSX through the one
:class:`~integrakonzept.output.Writer`. None of these contains personal data; the
internal participant list is written only on request, under a name that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import UsageError
from integrakonzept.output import Writer

if TYPE_CHECKING:
    from integrakonzept.people.roster import Roster
    from integrakonzept.process.model import Process
    from integrakonzept.results.report import Report

FORMATS = ("docx", "pdf", "md", "xlsx", "svg")
BASENAME = "Dokumentation-Beteiligungsprozess"
DEFAULT_SUBFOLDER = "dokumentation"


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"docx,pdf"`` → ``("docx", "pdf")``; ``None`` or ``"alle"`` → every format."""
    if text is None or text.strip().casefold() in {"", "alle", "all"}:
        return FORMATS
    chosen: list[str] = []
    for part in text.replace(";", ",").split(","):
        name = part.strip().casefold().lstrip(".")
        name = {"markdown": "md", "word": "docx", "excel": "xlsx"}.get(name, name)
        if not name:
            continue
        if name not in FORMATS:
            raise UsageError(
                f"Das Format „{part.strip()}“ gibt es nicht.",
                f"Möglich sind: {', '.join(FORMATS)} (mehrere durch Kommas getrennt).",
            )
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise UsageError("Kein Format angegeben.", f"Möglich sind: {', '.join(FORMATS)}.")
    return tuple(chosen)


@dataclass(frozen=True)
class ExportOptions:
    formats: tuple[str, ...] = FORMATS
    threshold: int = 3
    with_personal_data: bool = False
    today: date | None = None
    templates: Path | None = None


@dataclass
class ExportResult:
    folder: Path
    tracker: Path | None
    internal_file: Path | None = None
    #: remarks for the user (stderr), never personal data
    notes: list[str] = field(default_factory=list)


def prepare(options: ExportOptions) -> None:
    """Set up the PDF renderer (WeasyPrint's import, fonts) before the workers of
    :func:`export_results` are forked, so that they share it: the CLI calls this while
    the tracker is parsed in the background (:func:`~integrakonzept.people.roster.read_ahead`),
    when this process would only wait. Nothing happens when no workers will be forked."""
    from integrakonzept.render.pool import RenderPool

    if "pdf" in options.formats and RenderPool().may_fork:
        from integrakonzept.render.pdf import warm_up

        warm_up()


def file_name(slug: str, suffix: str) -> str:
    return f"{BASENAME}-{slug}.{suffix}" if slug else f"{BASENAME}.{suffix}"


def export_results(
    process: Process,
    writer: Writer,
    *,
    roster: Roster | None = None,
    output: Path | None = None,
    options: ExportOptions | None = None,
) -> ExportResult:
    """Write the documentation of ``process``.

    ``roster`` (the tracker, read once by the caller) is optional: without one the figures
    come from the process file's results, and the document says so. ``output`` is a
    folder (default: ``ausgabe/dokumentation``).
    """
    from integrakonzept.process.model import today as real_today
    from integrakonzept.results.participation import participation
    from integrakonzept.results.report import build_report

    options = options or ExportOptions()
    if options.threshold < 1:
        raise UsageError("Die Schwelle für kleine Zahlen muss mindestens 1 sein.")
    today = options.today or real_today()
    result = ExportResult(
        folder=output or (process.output or Path("ausgabe")) / DEFAULT_SUBFOLDER,
        tracker=roster.path if roster is not None else None,
    )
    data = roster
    tracker_path = roster.path if roster is not None else process.tracker
    if roster is None:
        result.notes.append(
            f"Keine Anmeldeliste gefunden ({tracker_path}); die Zahlen stammen aus der "
            "Prozessdatei (ergebnisse: teilnehmende)."
        )
    if options.with_personal_data and data is None:
        raise UsageError(
            "Für die interne Teilnehmendenliste (--with-personal-data) ist eine Anmeldeliste nötig.",
            "Geben Sie sie mit --tracker an.",
        )

    figures = participation(process, data)
    result.notes += figures.notes + figures.warnings
    report = build_report(
        process,
        figures,
        today,
        threshold=options.threshold,
        tracker_name=tracker_path.name if data is not None and tracker_path else "",
    )
    templates = options.templates or process.templates
    stamp = datetime(today.year, today.month, today.day, 12, 0)
    folder = result.folder
    formats = options.formats

    from integrakonzept.render.pool import RenderPool

    # DOCX, PDF and XLSX are laid out in forked workers on both cores (the PDF with
    # WeasyPrint is the slowest) while this process writes every file in the same order
    # as without workers; on one core, or without fork, each is made here when written.
    jobs = {
        "docx": lambda: _docx(report, stamp),
        "pdf": lambda: _pdf(report, templates),
        "xlsx": lambda: _xlsx(report, stamp),
    }
    with RenderPool() as renders:
        for key, job in jobs.items():
            if key in formats:
                renders.ask(key, job)
        renders.start()
        if "svg" in formats or "md" in formats:
            for slug, chart in report.charts.items():
                writer.write(folder / file_name(slug, "svg"), chart.drawing.svg(f"chart-{slug}"))
        if "md" in formats:
            from integrakonzept.results.html import render_markdown

            images = {slug: file_name(slug, "svg") for slug in report.charts}
            writer.write(folder / file_name("", "md"), render_markdown(report, images, templates))
        if "docx" in formats:
            writer.write(folder / file_name("", "docx"), renders.get("docx", jobs["docx"]))
        if "pdf" in formats:
            writer.write(folder / file_name("", "pdf"), renders.get("pdf", jobs["pdf"]))
        if "xlsx" in formats:
            writer.write(folder / file_name("Statistik", "xlsx"), renders.get("xlsx", jobs["xlsx"]))
    if options.with_personal_data and data is not None:
        from integrakonzept.results.internal import INTERNAL_SUFFIX, render_internal_list

        path = folder / file_name(INTERNAL_SUFFIX, "xlsx")
        writer.write(path, render_internal_list(process, data, stamp), private=True)
        result.internal_file = path
    return result


def _docx(report: Report, stamp: datetime) -> bytes:
    from integrakonzept.results.word import render_docx

    return render_docx(report, stamp)


def _pdf(report: Report, templates: Path | None) -> bytes:
    from integrakonzept.results.html import render_pdf

    return render_pdf(report, templates)


def _xlsx(report: Report, stamp: datetime) -> bytes:
    from integrakonzept.results.excel import render_xlsx

    return render_xlsx(report, stamp)
