"""Shared pieces of the document commands: finding phases, output paths, the release stamp."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from integrakonzept.errors import UsageError
from integrakonzept.process.model import (
    KIND_LABELS,
    AnyPhase,
    EventPhase,
    OnlinePhase,
    Process,
)


def find_phase(process: Process, phase_id: str) -> AnyPhase:
    """The phase ``phase_id``, or a usage error listing the ids that exist."""
    try:
        return process.phase(phase_id)
    except KeyError:
        known = ", ".join(p.id for p in process.phases)
        raise UsageError(
            f"Die Phase „{phase_id}“ gibt es in der Prozessdatei nicht.",
            f"Vorhandene Phasen: {known}.",
        ) from None


def _ids(phases: list[EventPhase] | list[OnlinePhase]) -> str:
    return ", ".join(p.id for p in phases) or "keine"


def event_phase(process: Process, phase_id: str) -> EventPhase:
    """The event ``phase_id``; a usage error if it is an online phase or a milestone."""
    phase = find_phase(process, phase_id)
    if not isinstance(phase, EventPhase):
        raise UsageError(
            f"Die Phase „{phase_id}“ ist keine Veranstaltung ({KIND_LABELS[phase.kind]}).",
            f"Veranstaltungen: {_ids(process.event_phases())}.",
        )
    return phase


def online_phase(process: Process, phase_id: str) -> OnlinePhase:
    """The online phase ``phase_id``; a usage error otherwise."""
    phase = find_phase(process, phase_id)
    if not isinstance(phase, OnlinePhase):
        raise UsageError(
            f"Die Phase „{phase_id}“ ist keine Online-Phase ({KIND_LABELS[phase.kind]}).",
            f"Online-Phasen: {_ids(process.online_phases())}.",
        )
    return phase


def require_exact_date(phase: EventPhase, document: str) -> date:
    """The day of ``phase``; an error naming ``document`` if only the month is known."""
    from integrakonzept.errors import IkError
    from integrakonzept.render.locale import format_partial

    if not phase.date.is_exact:
        raise IkError(
            f"Für „{phase.title}“ steht erst der Monat fest ({format_partial(phase.date)}); "
            f"{document} braucht den genauen Tag.",
            f"Tragen Sie in der Prozessdatei bei der Phase „{phase.id}“ das Datum als JJJJ-MM-TT ein.",
        )
    return phase.date.as_date()


def output_dir(process: Process, output: Path | None) -> Path:
    """The folder to write into: ``output`` if given, else the process's ``ausgabe``."""
    if output is not None:
        return output
    if process.output is None:  # pragma: no cover - the loader always sets it
        return Path.cwd() / "ausgabe"
    return process.output


def target_file(process: Process, output: Path | None, default_name: str) -> Path:
    """``output`` if it names a file; ``output/default_name`` if it is a folder (or absent)."""
    if output is not None and (output.suffix and not output.is_dir()):
        return output
    return output_dir(process, output) / default_name


def stamp(day: date) -> datetime:
    """A fixed moment for metadata (DOCX core properties) derived from a document's date."""
    return datetime.combine(day, time(9, 0))
