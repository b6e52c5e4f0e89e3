"""``ik import-registrations``: form exports in, the tracker updated, every row accounted for.

The pipeline, one module per step:

1. read each export (:mod:`readers`) and recognise the tool and its columns
   (:mod:`recognition`, overridden by a :mod:`mapping` file);
2. turn each row into registrations (one per event named) or a rejection with a reason,
   and merge duplicates, newest answers first (:mod:`entries`);
3. plan the changes against the tracker's rows: unchanged, updated or new, with ids,
   statuses, waiting list and late marks (:mod:`plan`);
4. write the tracker (only the changed cells, see :mod:`xlsxpatch`) and a rejects file per
   export in the export's own layout (:mod:`rejects`).

For every export: read = new + updated + unchanged + merged duplicates + rejected
(:mod:`import_report`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from integrakonzept.errors import IkError, ImportError_, InputFileError, TrackerError, UsageError
from integrakonzept.output import BACKUP_DIR, ensure_closed
from integrakonzept.people import normalize as norm
from integrakonzept.people import safety
from integrakonzept.people.entries import ExportRead, RowContext, cell, count, sheet_entries
from integrakonzept.people.events import Catalog
from integrakonzept.people.export_event import find_file_event
from integrakonzept.people.import_report import FileReport, ImportReport, Progress
from integrakonzept.people.mapping import MappingFile, load_mapping, write_mapping_file
from integrakonzept.people.plan import ImportPlan, plan_import
from integrakonzept.people.readers import CellValue, Sheet, Source, read_source
from integrakonzept.people.recognition import (
    Layout,
    missing_name_message,
    profile_priority,
    recognise,
)
from integrakonzept.people.rejects import record_rejects, rejects_path, write_rejects
from integrakonzept.people.roster import tracker_path
from integrakonzept.people.schema import ADDED_COLUMNS, COLUMN_BY_KEY, Field
from integrakonzept.people.trackerfile import TrackerState, read_tracker, write_rows
from integrakonzept.people.workbook import (
    add_columns,
    data_languages,
    fingerprint,
    languages_in,
    refresh_file,
    roundtrip_losses,
    save_new,
)

if TYPE_CHECKING:
    from integrakonzept.process.model import Process

__all__ = [
    "FileReport",
    "ImportReport",
    "Progress",
    "import_registrations",
    "resolve_phase",
]


# --- reading exports ---------------------------------------------------------------------


def _pick_sheet(source: Source, mapping: MappingFile | None) -> tuple[Sheet, Layout]:
    best: tuple[Sheet, Layout] | None = None
    best_score: tuple[int, int] = (-1, -1)
    for sheet in source.sheets:
        if not sheet.rows:
            continue
        layout = recognise(sheet, mapping)
        score = sum(len(c) for f, c in layout.columns.items() if f is not Field.IGNORE)
        score += len(layout.options) + (2 if layout.has_name else 0)
        ranked = (profile_priority(layout.profile) if layout.has_name else 0, score)
        if ranked > best_score:
            best, best_score = (sheet, layout), ranked
    if best is None:
        raise InputFileError(f"Die Datei {source.path.name} ist leer.")
    return best


def read_layout(path: Path, mapping: MappingFile | None) -> tuple[Sheet, Layout]:
    """Read one export and recognise its tool and columns (nothing else)."""
    return _pick_sheet(read_source(path), mapping)


def _file_report(path: Path, sheet: Sheet, layout: Layout) -> FileReport:
    """How ``path`` was read (tool, columns), before any row is looked at."""
    return FileReport(
        path=path,
        label=sheet.label,
        tool=layout.tool,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
        unrecognised=list(layout.unrecognised),
        readings=list(layout.readings),
        header_row=layout.header_row,
    )


def _read_export(
    path: Path,
    index: int,
    catalog: Catalog,
    phase: str | None,
    mapping: MappingFile | None,
    seq_start: int,
    progress: Progress | None,
) -> ExportRead:
    sheet, layout = read_layout(path, mapping)
    report = _file_report(path, sheet, layout)
    if not layout.has_name:
        raise missing_name_message(sheet, layout)
    data = sheet.rows[layout.header_index + 1 :]
    stamp_values: list[CellValue] = []
    for i in layout.columns.get(Field.REGISTERED_AT, []):
        stamp_values.extend(cell(r, i) for r in data)
    order = norm.slash_order(stamp_values)
    stamps = [s for s in (norm.timestamp(v, order) for v in stamp_values) if s is not None]
    if not data:
        report.empty = True
        report.notes.append(
            "Die Datei enthält keine Anmeldungen (nur die Kopfzeile) – ist es der richtige Export?"
        )
    file_event = find_file_event(path, sheet, layout, catalog, phase, stamps)
    report.event_how = file_event.how
    ctx = RowContext(
        catalog=catalog,
        phase=phase,
        default_event=file_event.default,
        layout=layout,
        sheet=sheet,
        source=f"{path.name} ({layout.tool})",
        slash_order=order,
        file_index=index,
        skip_event_columns=file_event.skip_columns,
    )
    return sheet_entries(ctx, report, seq_start, progress)


def _failed(path: Path, error: IkError) -> FileReport:
    return FileReport(path=path, label=path.name, tool="", error=error.message, hint=error.hint)


# --- the import --------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the block (restored afterwards).

    An import allocates millions of small objects (cells, entries, keys) that live until
    the import ends and hold no reference cycles: every few thousand allocations the
    collector walks all of them again for nothing, a tenth of a 100,000-row import.
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _without_collector(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with _collector_paused():
            return func(*args, **kwargs)

    return paused


def resolve_phase(catalog: Catalog, phase: str | None, all_ids: Sequence[str]) -> str | None:
    """Check ``--phase``: an event phase of the process."""
    if phase is None:
        return None
    if catalog.event(phase) is not None:
        return phase
    known = ", ".join(catalog.ids) or "(keine)"
    # a wrong --phase is a wrong call (exit code 2), like every other bad option value
    if phase in all_ids:
        raise UsageError(
            f"Die Phase „{phase}“ ist keine Veranstaltung; Anmeldungen gibt es nur für "
            f"Veranstaltungen: {known}."
        )
    raise UsageError(
        f"Die Phase „{phase}“ gibt es in der Prozessdatei nicht. Veranstaltungen: {known}."
    )


@safety.holding_tracker_lock
@_without_collector
def import_registrations(
    process: Process,
    exports: Sequence[Path],
    *,
    phase: str | None = None,
    tracker: Path | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    on_read: Callable[[FileReport], None] | None = None,
    write_mapping: Path | None = None,
) -> ImportReport:
    """Import form exports into the tracker; see the module docstring.

    ``on_read`` sees each export's report as soon as the file is read (the tool, the
    column → field table), before anything is written. A file that cannot be read or
    has no name column is reported with its error; the other files are still imported.
    With ``write_mapping`` the exports' columns are written to that mapping file and
    nothing else is changed.

    A second import into the same tracker waits until this one is done
    (:func:`safety.tracker_lock`), so no update is lost. ``process`` is the loaded process
    file; the tracker is ``tracker`` or the process file's ``tracker:``.
    """
    catalog = Catalog.from_process(process)
    if not catalog.events:
        raise ImportError_(
            "Die Prozessdatei enthält keine Veranstaltung (Phase mit art: auftakt, workshop …)."
        )
    resolved_phase = resolve_phase(catalog, phase, [p.id for p in process.phases])
    mapping_data = load_mapping(mapping) if mapping is not None else None
    if mapping_data is not None and mapping_data.events:
        unknown = sorted(set(mapping_data.events.values()) - set(catalog.ids))
        if unknown:
            raise ImportError_(
                f"{mapping}: veranstaltungen: die Phase „{unknown[0]}“ gibt es nicht. "
                f"Veranstaltungen: {', '.join(catalog.ids)}."
            )
        catalog = catalog.with_aliases(mapping_data.events)
    path = tracker_path(process, tracker)
    if path.exists():
        ensure_closed(path, TrackerError)
    if not exports:
        raise ImportError_("Keine Exportdatei angegeben.")

    if write_mapping is not None:
        return _write_mapping_only(exports, write_mapping, mapping_data, catalog, path, on_read)

    # the tracker first: its reader's memory is free again before the exports are parsed
    state = read_tracker(path) if path.exists() else None
    reads: list[ExportRead] = []
    file_reports: list[FileReport] = []
    seq = 0
    for export in exports:
        try:
            read = _read_export(
                export, len(reads), catalog, resolved_phase, mapping_data, seq, progress
            )
        except IkError as exc:  # this file only: the others are still imported
            failed = _failed(export, exc)
            file_reports.append(failed)
            if on_read is not None:
                on_read(failed)
            continue
        seq += len(read.sheet.rows) + 1
        reads.append(read)
        file_reports.append(read.report)
        if on_read is not None:
            on_read(read.report)

    if not reads:  # no file could be read: nothing to plan, the tracker stays as it is
        return ImportReport(
            tracker=path,
            files=file_reports,
            events=[],
            created=False,
            changed=False,
            dry_run=dry_run,
        )
    plan, summaries = plan_import(state.rows if state else [], reads, catalog, release=True)
    report = ImportReport(
        tracker=path,
        files=file_reports,
        events=[summaries[e] for e in catalog.ids],
        created=state is None,
        changed=state is None or not plan.empty,
        dry_run=dry_run,
    )
    kept = sum(f.kept_edits for f in report.files)
    if kept:
        report.notes.append(
            count(kept, "von Hand korrigierte Angabe wurde", "von Hand korrigierte Angaben wurden")
            + " nicht durch neuere Antworten überschrieben."
        )
    if plan.ids_added:
        report.notes.append(
            count(
                plan.ids_added,
                "von Hand eingetragene Zeile hat",
                "von Hand eingetragene Zeilen haben",
            )
            + " IDs bzw. den Status „angemeldet“ bekommen."
        )
    stale = state is not None and (
        state.fingerprint != fingerprint(catalog) or not state.derived_complete
    )
    if state is not None and not stale:
        spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
        missing = sorted((spoken | data_languages(state.rows)) - state.listed_languages)
        if missing:
            one = len(missing) == 1
            report.notes.append(
                ("Dolmetsch-Sprache" if one else "Dolmetsch-Sprachen")
                + " ohne eigene Spalte in der Übersicht: "
                + ", ".join(missing)
                + " – „ik tracker“ nimmt sie auf (die Summe „Dolmetschen“ zählt sie schon)."
            )
    # columns newer than the tracker (e.g. „Sprache“) are added on this import
    to_add = [k for k in ADDED_COLUMNS if state is not None and k not in state.columns]
    added_headers = {COLUMN_BY_KEY[k].header for k in to_add}
    missing_optional = [
        h for h in (state.missing_optional if state is not None else []) if h not in added_headers
    ]
    if missing_optional:
        one = len(missing_optional) == 1
        report.notes.append(
            f"Die Anmeldeliste hat keine {'Spalte' if one else 'Spalten'} "
            + ", ".join(f"„{h}“" for h in missing_optional)
            + (
                "; diese Angabe wurde nicht übernommen."
                if one
                else "; diese Angaben wurden nicht übernommen."
            )
        )
    for summary in report.events:
        if summary.capacity is not None and summary.waitlist and summary.free:
            report.notes.append(
                f"{summary.id}: {count(summary.free, 'Platz', 'Plätze')} frei und "
                f"{summary.waitlist} auf der Warteliste – bitte "
                f"{'die Person' if summary.waitlist == 1 else 'Personen'} nachrücken lassen "
                "(Status auf „angemeldet“)."
            )
    for read in reads:
        target = rejects_path(read.sheet)
        if read.rejected_rows:
            read.report.rejects_path = target
        elif target.is_file() and target.resolve() != read.sheet.path.resolve():
            read.report.rejects_removed = target  # stale: this import rejects nothing
        elif target.resolve() == read.sheet.path.resolve():
            read.report.notes.append(
                "Alle Zeilen dieser Datei mit abgelehnten Zeilen wurden übernommen; Sie "
                "brauchen sie nicht mehr und können sie löschen (ik purge löscht sie nach der "
                "Aufbewahrungsfrist)."
            )
    if dry_run:
        if to_add:
            report.notes.append(_added_note(sorted(added_headers), planned=True))
        if stale:
            report.notes.append(
                "Die Blätter Übersicht, Veranstaltungen und Handlungsfelder würden an die "
                "Prozessdatei angepasst."
            )
        return report

    from integrakonzept.output import Change, Writer

    written: list[Path] = []
    rejects_writer = Writer()  # the one writer: backup of a corrected file, stale ones removed
    for read in reads:
        done = write_rejects(
            read.sheet, read.layout.header_index, read.rejected_rows, read.width, rejects_writer
        )
        if done is not None and done.change is Change.REMOVED:
            read.report.rejects_backup = done.backup
        elif done is not None:
            written.append(done.path)
            read.report.rejects_backup = done.backup
        read.entries = []  # planned: the rows to write are in ``plan`` now
    if written:  # so that ik purge finds them, wherever the exports are
        record_rejects(path, written)
    if state is not None:
        state.rows = []
    if not report.changed and not stale and not to_add:
        return report
    if progress is not None:
        progress("Schreiben", 0, 1)
    report.changed = True
    report.backup, report.losses = _write_tracker(
        path, state, plan, catalog, stale, force, to_add, report.notes
    )
    report.refreshed = stale
    if progress is not None:
        progress("Schreiben", 1, 1)
    return report


def _write_tracker(
    path: Path,
    state: TrackerState | None,
    plan: ImportPlan,
    catalog: Catalog,
    stale: bool,
    force: bool,
    to_add: list[str] | None = None,
    notes: list[str] | None = None,
) -> tuple[Path | None, list[str]]:
    """Write the planned changes through temporary files; returns (backup, losses).

    ``to_add``: columns the tracker lacks (added right of its table first, unless that
    would lose something – then ``notes`` says why not)."""
    from integrakonzept.output import Writer

    losses: list[str] = []
    with safety.rewriting(path) as new_temp:
        if state is not None and to_add:
            headers = [COLUMN_BY_KEY[k].header for k in to_add]
            dropped = roundtrip_losses(path)
            if dropped and not force:
                if notes is not None:
                    notes.append(
                        _added_note(headers, planned=False)
                        + f" Die Anmeldeliste würde dabei {'; '.join(dropped)} verlieren; mit --force ergänzt "
                        "ik die Spalte trotzdem (Sicherung in "
                        f"{BACKUP_DIR})."
                    )
            else:
                widened = new_temp()
                if add_columns(path, widened, to_add):
                    state = read_tracker(widened)
                    losses = list(dropped)
                    if notes is not None:
                        notes.append(_added_note(headers, planned=None))
                elif notes is not None:
                    notes.append(
                        _added_note(headers, planned=False)
                        + " Rechts neben der Tabelle stehen schon Daten; legen Sie die Spalte "
                        "selbst in der Tabelle an (Überschrift genau so), dann füllt ik sie."
                    )
        if state is None:
            blank = new_temp()
            spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
            save_new(catalog, blank, spoken)
            state = read_tracker(blank)
        patched = new_temp()
        appends, plan.appends = plan.appends, []
        write_rows(state, plan.updates, appends, patched, release=True)
        del appends
        final = patched
        if stale:
            refreshed = new_temp()
            losses = refresh_file(patched, refreshed, catalog, force=force)
            final = refreshed
        return Writer().commit(final, path).backup, losses


def _added_note(headers: list[str], *, planned: bool | None) -> str:
    """„Die Spalte „Sprache“ wurde ergänzt.“ (``planned``: würde; ``False``: not added)."""
    one = len(headers) == 1
    quoted = ", ".join(f"„{h}“" for h in headers)
    what = f"Die {'Spalte' if one else 'Spalten'} {quoted}"
    if planned is None:
        return f"{what} {'wurde' if one else 'wurden'} rechts an die Tabelle angefügt."
    if planned:
        return f"{what} {'würde' if one else 'würden'} rechts an die Tabelle angefügt."
    return f"{what} {'fehlt' if one else 'fehlen'} in der Anmeldeliste und wurde nicht ergänzt."


def _write_mapping_only(
    exports: Sequence[Path],
    target: Path,
    mapping: MappingFile | None,
    catalog: Catalog,
    tracker: Path,
    on_read: Callable[[FileReport], None] | None,
) -> ImportReport:
    """``--write-mapping``: read the exports, write their columns as a mapping file."""
    read: list[tuple[Sheet, Layout]] = []
    reports: list[FileReport] = []
    for export in exports:
        try:
            sheet, layout = read_layout(export, mapping)
        except IkError as exc:
            failed = _failed(export, exc)
            reports.append(failed)
            if on_read is not None:
                on_read(failed)
            continue
        report = _file_report(export, sheet, layout)
        reports.append(report)
        read.append((sheet, layout))
        if on_read is not None:
            on_read(report)
    result = ImportReport(
        tracker=tracker, files=reports, events=[], created=False, changed=False, dry_run=True
    )
    if read:
        result.mapping_written = write_mapping_file(target, read, catalog)
    return result
