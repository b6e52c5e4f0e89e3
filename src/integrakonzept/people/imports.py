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

import contextlib
from collections.abc import Sequence
from pathlib import Path

from integrakonzept.errors import ImportError_, TrackerError
from integrakonzept.people import normalize as norm
from integrakonzept.people import safety
from integrakonzept.people.entries import ExportRead, RowContext, cell, sheet_entries
from integrakonzept.people.events import Catalog
from integrakonzept.people.import_report import FileReport, ImportReport, Progress
from integrakonzept.people.mapping import MappingFile, load_mapping
from integrakonzept.people.plan import ImportPlan, plan_import
from integrakonzept.people.readers import CellValue, Sheet, Source, read_source
from integrakonzept.people.recognition import Layout, missing_fields_message, recognise
from integrakonzept.people.rejects import rejects_path, write_rejects
from integrakonzept.people.schema import Field
from integrakonzept.people.tracker import (
    TrackerState,
    data_languages,
    fingerprint,
    languages_in,
    read_tracker,
    refresh_file,
    save_new,
    write_rows,
)

__all__ = ["FileReport", "ImportReport", "Progress", "import_registrations", "resolve_phase"]


# --- reading exports ---------------------------------------------------------------------


def _pick_sheet(source: Source, mapping: MappingFile | None) -> tuple[Sheet, Layout]:
    best: tuple[Sheet, Layout] | None = None
    best_score = -1
    for sheet in source.sheets:
        if not sheet.rows:
            continue
        layout = recognise(sheet, mapping)
        score = sum(len(c) for f, c in layout.columns.items() if f is not Field.IGNORE)
        score += len(layout.options) + (2 if layout.has_name else 0)
        if score > best_score:
            best, best_score = (sheet, layout), score
    if best is None:
        raise ImportError_(f"{source.path.name} enthält keine Daten.")
    return best


def _read_export(
    path: Path,
    index: int,
    catalog: Catalog,
    phase: str | None,
    mapping: MappingFile | None,
    seq_start: int,
    progress: Progress | None,
) -> ExportRead:
    source = read_source(path)
    sheet, layout = _pick_sheet(source, mapping)
    default_event = catalog.events[0].id if len(catalog.events) == 1 else None
    need_event = phase is None and default_event is None
    if not layout.has_name or (need_event and not layout.has(Field.EVENT)):
        raise missing_fields_message(sheet, layout, need_event=need_event)
    report = FileReport(
        path=path,
        label=sheet.label,
        tool=layout.tool,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
        unrecognised=list(layout.unrecognised),
    )
    if phase is None and not layout.has(Field.EVENT) and default_event is not None:
        report.notes.append(
            f"Keine Spalte für die Veranstaltung: alle Zeilen gehören zu „{default_event}“ "
            "(die einzige Veranstaltung der Prozessdatei)."
        )
    stamp_values: list[CellValue] = []
    for i in layout.columns.get(Field.REGISTERED_AT, []):
        stamp_values.extend(cell(r, i) for r in sheet.rows[layout.header_index + 1 :])
    ctx = RowContext(
        catalog=catalog,
        phase=phase,
        default_event=default_event,
        layout=layout,
        sheet=sheet,
        source=f"{path.name} ({layout.tool})",
        slash_order=norm.slash_order(stamp_values),
        file_index=index,
    )
    return sheet_entries(ctx, report, seq_start, progress)


# --- the import --------------------------------------------------------------------------


def resolve_phase(catalog: Catalog, phase: str | None, all_ids: Sequence[str]) -> str | None:
    """Check ``--phase``: an event phase of the process."""
    if phase is None:
        return None
    if catalog.event(phase) is not None:
        return phase
    known = ", ".join(catalog.ids) or "(keine)"
    if phase in all_ids:
        raise ImportError_(
            f"Die Phase „{phase}“ ist keine Veranstaltung; Anmeldungen gibt es nur für "
            f"Veranstaltungen: {known}."
        )
    raise ImportError_(
        f"Die Phase „{phase}“ gibt es in der Prozessdatei nicht. Veranstaltungen: {known}."
    )


def import_registrations(
    process_file: Path,
    exports: Sequence[Path],
    *,
    phase: str | None = None,
    tracker: Path | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import form exports into the tracker; see the module docstring."""
    from integrakonzept.process.load import load_process

    process = load_process(process_file)
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
    path = tracker or process.tracker
    if path is None:  # pragma: no cover - the loader always sets a default
        path = process_file.parent / "anmeldungen.xlsx"
    if path.exists():
        safety.ensure_unlocked(path)
    if not exports:
        raise ImportError_("Keine Exportdatei angegeben.")

    # the tracker first: its reader's memory is free again before the exports are parsed
    state = read_tracker(path) if path.exists() else None
    reads: list[ExportRead] = []
    seq = 0
    for index, export in enumerate(exports):
        read = _read_export(export, index, catalog, resolved_phase, mapping_data, seq, progress)
        seq += len(read.sheet.rows) + 1
        reads.append(read)

    plan, summaries = plan_import(state.rows if state else [], reads, catalog)
    report = ImportReport(
        tracker=path,
        files=[r.report for r in reads],
        events=[summaries[e] for e in catalog.ids],
        created=state is None,
        changed=state is None or not plan.empty,
        dry_run=dry_run,
    )
    kept = sum(f.kept_edits for f in report.files)
    if kept:
        report.notes.append(
            f"{kept} von Hand korrigierte Angaben wurden nicht durch neuere Antworten "
            "überschrieben."
        )
    if plan.ids_added:
        report.notes.append(
            f"{plan.ids_added} von Hand eingetragene Zeilen haben IDs bzw. den Status "
            "„angemeldet“ bekommen."
        )
    stale = state is not None and (
        state.fingerprint != fingerprint(catalog) or not state.derived_complete
    )
    if state is not None and not stale:
        spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
        missing = sorted((spoken | data_languages(state.rows)) - state.listed_languages)
        if missing:
            report.notes.append(
                "Dolmetsch-Sprachen ohne eigene Spalte in der Übersicht: "
                + ", ".join(missing)
                + " – „ik tracker“ nimmt sie auf (die Summe „Dolmetschen“ zählt sie schon)."
            )
    if state is not None and state.missing_optional:
        report.notes.append(
            "Die Anmeldeliste hat keine Spalten "
            + ", ".join(f"„{h}“" for h in state.missing_optional)
            + "; diese Angaben wurden nicht übernommen."
        )
    for summary in report.events:
        if summary.capacity is not None and summary.waitlist and summary.free:
            report.notes.append(
                f"{summary.id}: {summary.free} Plätze frei und {summary.waitlist} auf der "
                "Warteliste – bitte Personen nachrücken lassen (Status auf „angemeldet“)."
            )
    for read in reads:
        if read.rejected_rows:
            read.report.rejects_path = rejects_path(read.sheet)
    if dry_run:
        if stale:
            report.notes.append(
                "Die Blätter Übersicht, Veranstaltungen und Handlungsfelder würden an die "
                "Prozessdatei angepasst."
            )
        return report

    for read in reads:
        write_rejects(read.sheet, read.layout.header_index, read.rejected_rows, read.width)
        read.entries = []  # planned: the rows to write are in ``plan`` now
    if state is not None:
        state.rows = []
    if not report.changed and not stale:
        return report
    if progress is not None:
        progress("Schreiben", 0, 1)
    report.changed = True
    report.backup, report.losses = _write_tracker(path, state, plan, catalog, stale, force)
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
) -> tuple[Path | None, list[str]]:
    """Write the planned changes through temporary files; returns (backup, losses)."""
    safety.remove_stale_temps(path)
    temps: list[Path] = []
    losses: list[str] = []
    try:
        if state is None:
            blank = safety.temp_file(path)
            temps.append(blank)
            spoken = languages_in(str(a.get("interpreter", "")) for a in plan.appends)
            save_new(catalog, blank, spoken)
            state = read_tracker(blank)
        patched = safety.temp_file(path)
        temps.append(patched)
        appends, plan.appends = plan.appends, []
        write_rows(state, plan.updates, appends, patched, release=True)
        del appends
        final = patched
        if stale:
            refreshed = safety.temp_file(path)
            temps.append(refreshed)
            losses = refresh_file(patched, refreshed, catalog, force=force)
            final = refreshed
        return safety.commit(final, path), losses
    except OSError as exc:
        raise TrackerError(
            f"{path.name} kann nicht geschrieben werden: {exc.strerror or exc}.",
            "Die bisherige Anmeldeliste ist unverändert.",
        ) from exc
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
