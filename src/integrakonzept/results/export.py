"""``ik export-results``: the documentation for the council in every format, in one call.

Reads the process file and (if there is one) the tracker, builds one
:class:`~integrakonzept.results.report.Report` and writes it as DOCX, PDF, Markdown
(with the charts as SVG files beside it) and XLSX through the one
:class:`~integrakonzept.output.Writer`. None of these contains personal data; the
internal participant list is written only on request, under a name that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from integrakonzept.errors import UsageError
from integrakonzept.output import Writer

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


def file_name(slug: str, suffix: str) -> str:
    return f"{BASENAME}-{slug}.{suffix}" if slug else f"{BASENAME}.{suffix}"


def export_results(
    process_file: Path,
    writer: Writer,
    *,
    tracker: Path | None = None,
    output: Path | None = None,
    options: ExportOptions | None = None,
) -> ExportResult:
    """Write the documentation of the process in ``process_file``.

    ``tracker`` (else ``tracker:`` of the process file, else ``anmeldungen.xlsx`` beside
    it) is optional: without one the figures come from the process file's results, and
    the document says so. ``output`` is a folder (default: ``ausgabe/dokumentation``).
    """
    from integrakonzept.people.roster import read_roster as read_tracker
    from integrakonzept.process.load import load_process
    from integrakonzept.process.model import today as real_today
    from integrakonzept.results.participation import participation
    from integrakonzept.results.report import build_report

    options = options or ExportOptions()
    if options.threshold < 1:
        raise UsageError("Die Schwelle für kleine Zahlen muss mindestens 1 sein.")
    process = load_process(process_file)
    today = options.today or real_today()
    result = ExportResult(
        folder=output or (process.output or process_file.parent) / DEFAULT_SUBFOLDER, tracker=None
    )

    tracker_path = tracker or process.tracker
    data = None
    if tracker is not None or (tracker_path is not None and tracker_path.exists()):
        assert tracker_path is not None
        data = read_tracker(tracker_path, process)
        result.tracker = tracker_path
    else:
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
    result.notes += figures.notes
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

    if "svg" in formats or "md" in formats:
        for slug, chart in report.charts.items():
            writer.write(folder / file_name(slug, "svg"), chart.drawing.svg(f"chart-{slug}"))
    if "md" in formats:
        from integrakonzept.results.html import render_markdown

        images = {slug: file_name(slug, "svg") for slug in report.charts}
        writer.write(folder / file_name("", "md"), render_markdown(report, images, templates))
    if "docx" in formats:
        from integrakonzept.results.word import render_docx

        writer.write(folder / file_name("", "docx"), render_docx(report, stamp))
    if "pdf" in formats:
        from integrakonzept.results.html import render_pdf

        writer.write(folder / file_name("", "pdf"), render_pdf(report, templates))
    if "xlsx" in formats:
        from integrakonzept.results.excel import render_xlsx

        writer.write(folder / file_name("Statistik", "xlsx"), render_xlsx(report, stamp))
    if options.with_personal_data and data is not None:
        from integrakonzept.results.internal import INTERNAL_SUFFIX, render_internal_list

        path = folder / file_name(INTERNAL_SUFFIX, "xlsx")
        writer.write(path, render_internal_list(process, data, stamp))
        result.internal_file = path
    return result
