"""The plan as a table (Rich, Markdown, Excel), a Gantt chart (terminal, SVG, PDF),
Mermaid text and calendar entries. Pure: a :class:`Plan` in, text or bytes out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from integrakonzept.plan.compute import Plan, Step

if TYPE_CHECKING:
    from rich.console import Group, RenderableType
    from rich.text import Text

    from integrakonzept.plan.days import LandCalendar
    from integrakonzept.process.model import Process

HEADERS = ("Datum", "Tag", "Schritt", "Regel", "Puffer", "Hinweis")
KIND_MARK = {"sitzung": "⚑", "veranstaltung": "●", "frist": "◆", "fenster": "█", "zeitraum": "█"}
#: steps drawn as bars from ``day`` to ``end``
SPANS = ("fenster", "zeitraum")


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _weekday(value: date) -> str:
    from babel.dates import format_date

    return format_date(value, "EEEEEE", locale="de_DE")


def _slack(step: Step) -> str:
    slack = step.slack
    if slack is None or step.planned is None:
        return ""
    sign = "+" if slack > 0 else ("−" if slack < 0 else "±")
    from integrakonzept.render.locale import counted

    return f"{sign}{counted(abs(slack), 'Tag', 'Tage')} (geplant {_day(step.planned)})"


def rows(plan: Plan) -> list[tuple[str, str, str, str, str, str]]:
    """The table rows (all text), in date order."""
    out = []
    for step in plan.steps:
        if step.end is not None and step.end != step.day:
            when = f"{_day(step.day)}–{_day(step.end)}"
            weekday = f"{_weekday(step.day)}–{_weekday(step.end)}"
        else:
            when, weekday = _day(step.day), _weekday(step.day)
        out.append((when, weekday, step.title, step.rule, _slack(step), "; ".join(step.notes)))
    return out


def _summary(plan: Plan) -> str:
    return (
        f"{plan.title} – {plan.municipality} ({plan.land_name}): "
        f"Beschluss {plan.decision_body} am {_day(plan.decision)}"
    )


def _fallback(plan: Plan) -> str | None:
    if plan.fallback is None:
        return None
    f = plan.fallback
    return (
        f"Ausweichtermin, falls eine Frist verpasst wird: {f.body} am {_day(f.sitting)} "
        f"(Endfassung für die Mitzeichnung der Ämter dann fertig bis {_day(f.draft)})."
    )


# --- Markdown ---------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(plan: Plan) -> str:
    """The plan as a Markdown document: summary, table, warnings, assumptions."""
    lines = [f"# Zeitplan: {plan.title}", "", _summary(plan) + ".", ""]
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "|".join("---" for _ in HEADERS) + "|")
    for row in rows(plan):
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    fallback = _fallback(plan)
    if fallback:
        lines += ["", fallback]
    if plan.warnings:
        lines += ["", "## Warnungen", ""] + [f"- {w}" for w in plan.warnings]
    if plan.assumptions:
        lines += ["", "## Annahmen (bitte bestätigen)", ""] + [f"- {a}" for a in plan.assumptions]
    lines += [
        "",
        f"Feiertage und Schulferien: {plan.land_name}; Schulferien bekannt bis "
        f"{_day(plan.horizon)}. Fristen, die auf ein Wochenende oder einen Feiertag fielen, "
        "sind auf den Arbeitstag davor gelegt.",
    ]
    return "\n".join(lines) + "\n"


# --- Mermaid ------------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    # ':' and '#' and ';' have a meaning in Mermaid's gantt syntax.
    return text.replace(":", " –").replace("#", "Nr.").replace(";", ",")


def to_mermaid(plan: Plan) -> str:
    """A Mermaid ``gantt`` with explicit dates (no ``excludes``: Mermaid ignores dates there)."""
    lines = [
        "gantt",
        f"    title {_mermaid_text(_summary(plan))}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %d.%m.",
    ]
    for group, steps in _groups(plan):
        lines.append(f"    section {_mermaid_text(group)}")
        for step in steps:
            name = _mermaid_text(step.title)
            if step.kind in SPANS and step.end is not None:
                end = step.end + timedelta(days=1)  # Mermaid's end is exclusive
                lines.append(f"    {name} :{step.day.isoformat()}, {end.isoformat()}")
            else:
                tag = "crit, milestone" if step.kind == "frist" else "milestone"
                lines.append(f"    {name} :{tag}, {step.day.isoformat()}, 0d")
    return "\n".join(lines) + "\n"


def _groups(plan: Plan) -> Iterator[tuple[str, list[Step]]]:
    order: dict[str, list[Step]] = {}
    for step in plan.steps:
        order.setdefault(step.group, []).append(step)
    # Rows in the order of their first date: events first, council last.
    yield from sorted(order.items(), key=lambda item: min(s.day for s in item[1]))


# --- terminal ------------------------------------------------------------------------------


def to_rich(plan: Plan, calendar: LandCalendar, *, gantt: bool = True) -> Group:
    """Summary, the table and (optionally) the Gantt chart for the terminal."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_summary(plan), title_justify="left", show_lines=False)
    for header in HEADERS:
        table.add_column(header, overflow="fold", no_wrap=header in ("Datum", "Tag"))
    for step, row in zip(plan.steps, rows(plan), strict=True):
        style = "bold" if step.kind == "sitzung" else ("" if step.is_deadline else "cyan")
        slack = step.slack
        cells = list(row)
        table.add_row(*cells[:4], Text(cells[4], style="red" if slack is not None and slack < 0 else ""), cells[5], style=style)
    parts: list[RenderableType] = [table]
    fallback = _fallback(plan)
    if fallback:
        parts.append(Text(fallback))
    if gantt:
        parts.append(Text(""))
        parts.append(gantt_text(plan, calendar))
    return Group(*parts)


def _weeks(plan: Plan) -> list[date]:
    first = plan.first_day - timedelta(days=plan.first_day.weekday())
    weeks = []
    day = first
    while day <= plan.last_day:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


def _month_labels(weeks: list[date]) -> list[tuple[int, date]]:
    """(column, week) of each month label: the first week of each month; only the
    leading, partial month gives way where two labels would touch."""
    labels: list[tuple[int, date]] = []
    for i, week in enumerate(weeks):
        if i == 0 or week.month != weeks[i - 1].month:
            if labels and i < labels[-1][0] + 3:
                labels.pop()
            labels.append((i, week))
    return labels


def month_header(weeks: list[date]) -> str:
    """Month numbers above the first week of each month, one column per week.

    A label needs two columns and a gap; only the leading, partial month can be too short
    for that, and then its label gives way – never a later month's.
    """
    labels = _month_labels(weeks)
    width = max([len(weeks)] + [i + 2 for i, _ in labels])
    header = [" "] * width
    for i, week in labels:
        header[i : i + 2] = f"{week.month:02d}"
    return "".join(header)


def year_header(weeks: list[date]) -> str:
    """The year above the first month label and above every month label where the year
    changes (so „01“ after „12“ is not read as the same year). Where two years would touch,
    the earlier gives way: the later one starts the new year."""
    years: list[tuple[int, int]] = []
    for i, week in _month_labels(weeks):
        if not years or week.year != years[-1][1]:
            if years and i < years[-1][0] + 5:
                years.pop()
            years.append((i, week.year))
    width = max([len(weeks)] + [i + 4 for i, _ in years])
    header = [" "] * width
    for i, year in years:
        header[i : i + 4] = str(year)
    return "".join(header).rstrip()


def gantt_text(plan: Plan, calendar: LandCalendar) -> Text:
    """One line per group, one column per week; school-holiday weeks shaded, public
    holidays marked, and a legend with the German names."""
    from rich.text import Text

    weeks = _weeks(plan)
    label_width = min(34, max(len(g) for g, _ in _groups(plan)) + 1)
    holidays = calendar.holidays_between(weeks[0], weeks[-1] + timedelta(days=6))
    school_days = {d for d, _, public in holidays if not public}
    public_days = {d for d, _, public in holidays if public}

    def week_days(week: date) -> list[date]:
        return [week + timedelta(days=i) for i in range(7)]

    shaded = [any(d in school_days for d in week_days(w)[:5]) for w in weeks]
    out = Text()
    title = "Zeitplan (Wochen ab Montag)"
    if len(title) > label_width:  # short row labels: the title gets a line of its own
        out.append(title + "\n", style="bold")
        title = ""
    out.append(title.ljust(label_width) + " ", style="bold")
    out.append(year_header(weeks) + "\n")
    out.append(" " * (label_width + 1) + month_header(weeks) + "\n")
    rank = {"⚑": 4, "●": 3, "◆": 2, "█": 1}
    for group, steps in _groups(plan):
        out.append(group[: label_width - 1].ljust(label_width) + " ")
        for w_index, week in enumerate(weeks):
            end = week + timedelta(days=6)
            mark = "·"
            for step in steps:
                last = step.end or step.day
                if step.day <= end and last >= week:
                    candidate = KIND_MARK[step.kind]
                    if rank[candidate] > rank.get(mark, 0):
                        mark = candidate
            style = "on grey23" if shaded[w_index] else ""
            if mark == "◆":
                style += " bold red"
            elif mark == "⚑":
                style += " bold"
            out.append(mark, style=style.strip())
        out.append("\n")
    out.append("Schulferien".ljust(label_width) + " ")
    for flag in shaded:
        out.append("░" if flag else " ", style="on grey23" if flag else "")
    out.append("\n")
    out.append("Feiertage".ljust(label_width) + " ")
    for week in weeks:
        hit = any(d in public_days for d in week_days(week))
        out.append("F" if hit else " ", style="bold magenta" if hit else "")
    out.append("\n")
    out.append(
        "⚑ Sitzung  ● Veranstaltung  ◆ Frist  █ Zeitraum (auch Online-Phasen)  ░ Schulferien  "
        "F Feiertag\n"
    )
    for name, first, last in _holiday_ranges(holidays):
        when = _day(first) if first == last else f"{_day(first)}–{_day(last)}"
        out.append(f"  {when} {name}\n", style="dim")
    return out


def _holiday_ranges(holidays: list[tuple[date, str, bool]]) -> list[tuple[str, date, date]]:
    """Consecutive days with the same name merged into one range."""
    ranges: list[tuple[str, date, date]] = []
    for day, name, _public in sorted(holidays, key=lambda h: (h[1], h[0])):
        if ranges and ranges[-1][0] == name and ranges[-1][2] + timedelta(days=1) == day:
            ranges[-1] = (name, ranges[-1][1], day)
        else:
            ranges.append((name, day, day))
    return sorted(ranges, key=lambda r: r[1])


# --- SVG / PDF ------------------------------------------------------------------------------


def to_svg(plan: Plan, calendar: LandCalendar) -> str:
    """The Gantt chart as SVG for the documentation (school holidays shaded)."""
    from integrakonzept.results.charts import (
        ACCENT,
        GRID,
        INK,
        MUTED,
        WARM,
        Circle,
        Drawing,
        Line,
        Polygon,
        Rect,
        Text,
        wrap,
    )

    groups = list(_groups(plan))
    first = plan.first_day - timedelta(days=plan.first_day.day - 1)
    last = plan.last_day + timedelta(days=1)
    days = (last - first).days + 1
    left, top, row_h, width = 230.0, 72.0, 26.0, 1000.0
    scale = (width - left - 16) / days
    holidays = calendar.holidays_between(first, last)
    names = "Ferien und Feiertage: " + ", ".join(
        f"{n} {_day(a)}" + ("" if a == b else f"–{_day(b)}") for n, a, b in _holiday_ranges(holidays)
    )
    name_lines = wrap(names, width - 32, 9, max_lines=8)
    height = top + row_h * len(groups) + 70 + 13 * len(name_lines)

    def x(day: date) -> float:
        return left + (day - first).days * scale

    drawing = Drawing(
        width,
        height,
        f"Zeitplan: {plan.title}",
        f"Fristen rückwärts vom Beschluss am {_day(plan.decision)}; Schulferien grau.",
    )
    drawing.add(Text(16, 24, f"Zeitplan: {plan.title}", 15, bold=True))
    drawing.add(Text(16, 42, _summary(plan), 10, fill=MUTED))
    bottom = top + row_h * len(groups)
    for day, _name, public in holidays:
        if public:
            drawing.add(Line(x(day) + scale / 2, top, x(day) + scale / 2, bottom, "#B3261E", 1, (2, 2)))
        else:
            drawing.add(Rect(x(day), top, scale + 0.2, bottom - top, "#ECEFF3"))
    month = first
    while month <= last:
        drawing.add(Line(x(month), top - 4, x(month), bottom, GRID, 1))
        drawing.add(Text(x(month) + 2, top - 8, month.strftime("%m/%y"), 9, fill=MUTED))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    for index, (group, steps) in enumerate(groups):
        y = top + index * row_h
        drawing.add(Line(left, y + row_h, width - 16, y + row_h, GRID, 0.5))
        label = group if len(group) <= 34 else group[:33] + "…"
        drawing.add(Text(16, y + row_h / 2 + 4, label, 10, fill=INK))
        cy = y + row_h / 2
        for step in steps:
            cx = x(step.day) + scale / 2
            if step.kind in SPANS and step.end is not None:
                drawing.add(Rect(x(step.day), cy - 6, x(step.end) - x(step.day) + scale, 12, ACCENT, rx=2))
            elif step.kind == "frist":
                drawing.add(Polygon(((cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)), WARM))
            elif step.kind == "sitzung":
                drawing.add(Rect(cx - 5, cy - 6, 10, 12, INK))
            else:
                drawing.add(Circle(cx, cy, 5, ACCENT))
    legend_y = bottom + 24
    drawing.add(Polygon(((20, legend_y - 4), (26, legend_y + 2), (20, legend_y + 8), (14, legend_y + 2)), WARM))
    drawing.add(Text(32, legend_y + 6, "Frist", 10))
    drawing.add(Rect(80, legend_y - 4, 10, 12, INK))
    drawing.add(Text(96, legend_y + 6, "Sitzung", 10))
    drawing.add(Circle(165, legend_y + 2, 5, ACCENT))
    drawing.add(Text(175, legend_y + 6, "Veranstaltung", 10))
    drawing.add(Rect(270, legend_y - 4, 20, 12, ACCENT, rx=2))
    drawing.add(Text(296, legend_y + 6, "Zeitraum", 10))
    drawing.add(Rect(370, legend_y - 4, 20, 12, "#ECEFF3"))
    drawing.add(Text(396, legend_y + 6, f"Schulferien {plan.land_name}", 10))
    drawing.add(Line(560, legend_y - 4, 560, legend_y + 8, "#B3261E", 1, (2, 2)))
    drawing.add(Text(568, legend_y + 6, "Feiertag", 10))
    for index, line in enumerate(name_lines):
        drawing.add(Text(16, legend_y + 30 + 13 * index, line, 9, fill=MUTED))
    return drawing.svg("zeitplan")


def to_html(plan: Plan, calendar: LandCalendar) -> str:
    """A printable page: chart, table, warnings (for the PDF)."""
    from html import escape

    table = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows(plan)
    )
    warnings = "".join(f"<li>{escape(w)}</li>" for w in plan.warnings)
    fallback = _fallback(plan)
    return (
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
        f"<title>Zeitplan: {escape(plan.title)}</title><style>"
        "@page{size:A4 landscape;margin:12mm}body{font-family:'DejaVu Sans',sans-serif;font-size:8.5pt}"
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:0.5pt solid #ccc;"
        "padding:2pt 4pt;text-align:left;vertical-align:top}tr{break-inside:avoid}"
        "svg{width:100%;height:auto}</style></head><body>"
        f"<h1>Zeitplan: {escape(plan.title)}</h1><p>{escape(_summary(plan))}.</p>"
        f"{to_svg(plan, calendar)}"
        "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr></thead>"
        f"<tbody>{table}</tbody></table>"
        + (f"<p>{escape(fallback)}</p>" if fallback else "")
        + (f"<h2>Warnungen</h2><ul>{warnings}</ul>" if warnings else "")
        + "</body></html>"
    )


def to_pdf(plan: Plan, calendar: LandCalendar) -> bytes:
    from integrakonzept.render.pdf import html_to_pdf

    return html_to_pdf(to_html(plan, calendar))


# --- Excel ------------------------------------------------------------------------------


def to_xlsx(plan: Plan) -> bytes:
    """The table as a workbook (sheet „Zeitplan“; real dates in column A) plus „Hinweise“."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Zeitplan"
    font = Font(name="DejaVu Sans", size=10)
    bold = Font(name="DejaVu Sans", size=10, bold=True)
    sheet.append(["Datum", "bis", "Tag", "Schritt", "Regel", "Puffer (Tage)", "Hinweis"])
    for cell in sheet[1]:
        cell.font = bold
    for step, row in zip(plan.steps, rows(plan), strict=True):
        sheet.append(
            [step.day, step.end, row[1], step.title, step.rule, step.slack, "; ".join(step.notes)]
        )
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.font = font
        row_cells[0].number_format = "DD.MM.YYYY"
        row_cells[1].number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEFG", (12, 12, 8, 60, 60, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Hinweise")
    notes.append([_summary(plan)])
    for line in [_fallback(plan) or "", *plan.warnings, *plan.assumptions]:
        if line:
            notes.append([line])
    for row_cells in notes.iter_rows():
        for cell in row_cells:
            cell.font = font
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- calendar ---------------------------------------------------------------------------


def to_ics(
    plan: Plan, process: Process, *, previous: bytes | None = None, now: datetime | None = None
) -> bytes:
    """Every deadline and window as an all-day entry with a stable UID (``fristen.ics``)."""
    import icalendar

    from integrakonzept import __version__
    from integrakonzept.documents.calendar import restamp, slug

    base = f"{slug(process.municipality.name)}.{slug(process.title)}@integrakonzept"
    events = []
    for step in plan.deadlines():
        last = step.end or step.day
        event = icalendar.Event.new(
            uid=f"plan-{step.key}.{base}",
            summary=f"Frist: {step.title}" if step.kind == "frist" else step.title,
            start=step.day,
            end=last + timedelta(days=1),
            description="\n".join([f"Regel: {step.rule}", *step.notes]),
            categories=["Frist"],
        )
        event.add("transp", "TRANSPARENT")
        events.append(event)
    events = restamp(events, previous, (now or datetime.now(UTC)))
    calendar = icalendar.Calendar.new(
        prodid=f"-//ik integrakonzept {__version__}//DE",
        name=f"Fristen: {plan.title} {plan.municipality}",
        method="PUBLISH",
        uid=f"plan.{base}",
        subcomponents=events,
    )
    calendar.add("calscale", "GREGORIAN")
    data: bytes = calendar.to_ical()
    return data
