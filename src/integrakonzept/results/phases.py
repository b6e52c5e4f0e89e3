"""The state of a phase – planned, running, held, results missing, cancelled, postponed –
by one rule for the documentation, the public page, the documents and ``ik status``.

Its own small module (the rule needs only the process model) so that asking it does not
load the documentation and its charts: ``ik build`` asks on every run whether the public
page offers the documentation.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from integrakonzept.process.model import AnyPhase

PhaseState = Literal["done", "running", "ahead", "open", "cancelled", "postponed"]
#: ``status:`` of the process file -> the state it sets
STATUS_STATE: dict[str, PhaseState] = {
    "geplant": "ahead",
    "läuft": "running",
    "abgeschlossen": "done",
    "abgesagt": "cancelled",
    "verschoben": "postponed",
}


def phase_state(phase: AnyPhase, today: date, attendance_taken: bool = False) -> PhaseState:
    """The state of a phase, the same in every document and in ``ik status``.

    ``status:`` in the process file decides where it is given. Otherwise the dates: a
    phase not yet over is planned or running. A past event or online phase counts as held
    only when results are recorded (``ergebnisse:``) or attendance was taken in the tracker
    (``participation``); else it is "open" (results missing). A council step (Gremien-
    beratung, Ratsbeschluss) is done only when its outcome is recorded (``beschluss:``);
    until then it stays planned, whatever the date. ``attendance_taken``: the figures say
    attendance was recorded for this event (:attr:`EventFigures.attendance_recorded`).
    """
    from integrakonzept.process.model import EventPhase, MilestonePhase

    if phase.status is not None:
        return STATUS_STATE[phase.status]
    if isinstance(phase, MilestonePhase) and phase.needs_outcome:
        return "done" if phase.outcome is not None else "ahead"
    first, last = phase.first_day(), phase.last_day()
    if last >= today:
        return "running" if first <= today else "ahead"
    if isinstance(phase, MilestonePhase):
        return "done"
    if phase.results is not None:
        return "done"
    if isinstance(phase, EventPhase) and attendance_taken:
        return "done"
    return "open"


def outcome_missing(phase: AnyPhase, today: date) -> bool:
    """A past council step without its outcome (:meth:`MilestonePhase.outcome_missing`)."""
    from integrakonzept.process.model import MilestonePhase

    return isinstance(phase, MilestonePhase) and phase.outcome_missing(today)
