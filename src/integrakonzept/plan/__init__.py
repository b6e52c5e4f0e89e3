"""``ik plan``: every deadline of the process, planned backwards from the council's decision.

:func:`make_plan` loads nothing and writes nothing: a process model in, a :class:`Plan`
out. :func:`render` turns a plan into one of the output formats. The ``holidays``
package (public and school holidays of the Land) is imported only when a plan is made.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from integrakonzept.errors import IkError, UsageError
from integrakonzept.plan.compute import Plan, Step, build_plan
from integrakonzept.plan.days import LandCalendar

if TYPE_CHECKING:
    from integrakonzept.output import Writer
    from integrakonzept.process.model import Process

Format = Literal["table", "md", "xlsx", "ics", "mermaid", "svg", "pdf"]
FORMATS: tuple[str, ...] = ("table", "md", "xlsx", "ics", "mermaid", "svg", "pdf")
#: File names when a format is written to the output folder.
FILE_NAMES = {
    "md": "zeitplan.md",
    "xlsx": "zeitplan.xlsx",
    "ics": "fristen.ics",
    "mermaid": "zeitplan.mmd",
    "svg": "zeitplan.svg",
    "pdf": "zeitplan.pdf",
}


def make_plan(
    process: Process, *, decision: date | None = None, today: date | None = None
) -> tuple[Plan, LandCalendar]:
    """The plan of ``process`` and the holiday calendar it was computed with."""
    from integrakonzept.plan.compute import _require

    calendar = LandCalendar(_require(process))
    return build_plan(process, decision=decision, today=today, calendar=calendar), calendar


def next_deadlines(
    process: Process, today: date, limit: int = 5
) -> tuple[list[Step], str | None]:
    """The next ``limit`` plan deadlines from ``today`` for ``ik status``, and a note.

    A process without ``kommune.land`` or ``gremien`` has no plan: nothing, no note.
    A plan that cannot be made (no decision date) gives the reason as the note.
    """
    if process.municipality.land is None or not process.bodies:
        return [], None
    try:
        plan, _calendar = make_plan(process, today=today)
    except IkError as exc:
        return [], f"ik plan: {exc.message}"
    return plan.upcoming(today, limit), None


def write_plan_calendar(
    process: Process,
    writer: Writer,
    *,
    output: Path | None = None,
    decision: date | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the plan's deadlines as ``fristen.ics`` (for ``ik calendar --plan``)."""
    plan, calendar = make_plan(process, decision=decision)
    path = target(process, "ics", output)
    previous = path.read_bytes() if path.is_file() else None
    writer.write(path, render(plan, calendar, process, "ics", previous=previous, now=now))
    return path


def check_format(value: str) -> Format:
    """``--format`` of ``ik plan``; an unknown one is a usage error (exit code 2)."""
    if value not in FORMATS:
        raise UsageError(
            f"Das Format „{value}“ gibt es nicht.", f"Möglich sind: {', '.join(FORMATS)}."
        )
    return value  # type: ignore[return-value]


def render(
    plan: Plan,
    calendar: LandCalendar,
    process: Process,
    fmt: Format,
    *,
    previous: bytes | None = None,
    now: datetime | None = None,
) -> str | bytes:
    """The plan in ``fmt`` (not ``table``, which is a Rich renderable: see render.to_rich)."""
    from integrakonzept.plan import formats as r

    if fmt == "md":
        return r.to_markdown(plan)
    if fmt == "mermaid":
        return r.to_mermaid(plan)
    if fmt == "xlsx":
        return r.to_xlsx(plan)
    if fmt == "ics":
        return r.to_ics(plan, process, previous=previous, now=now)
    if fmt == "svg":
        return r.to_svg(plan, calendar)
    if fmt == "pdf":
        return r.to_pdf(plan, calendar)
    raise IkError(f"Das Format „{fmt}“ wird im Terminal angezeigt, nicht als Datei geschrieben.")


def target(process: Process, fmt: Format, output: Path | None) -> Path:
    """Where ``fmt`` is written: ``output`` (file or folder) or the process's output folder."""
    from integrakonzept.documents.common import target_file

    return target_file(process, output, FILE_NAMES[fmt])


__all__ = [
    "FORMATS",
    "Format",
    "LandCalendar",
    "Plan",
    "Step",
    "build_plan",
    "make_plan",
    "next_deadlines",
    "render",
    "write_plan_calendar",
]


def deadline_rows(process: Process, day: date) -> tuple[list[tuple[date, str, str]], str | None]:
    """The next deadlines for ``ik status``: (day, what, rule) rows and a note, if any.

    ``ik status`` asks for them through the CLI: the status dashboard (results) sits below
    the plan in the layer order.
    """
    steps, note = next_deadlines(process, day)
    rows = []
    for step in steps:
        what = step.title
        if step.end is not None:
            what += f" (Beginn; läuft bis {step.end:%d.%m.%Y})"
        rows.append((step.day, what, step.rule))
    return rows, note
