"""Charts for the documentation: drawn once, written as SVG (HTML/PDF) or PNG (Word).

A chart is a :class:`Drawing`: a list of a few primitives (rectangles, lines,
circles, polygons, text) in CSS pixels. :meth:`Drawing.svg` writes it as SVG text
(WeasyPrint embeds it as vectors, browsers show it); :meth:`Drawing.png` paints the
same primitives with Pillow at print resolution for python-docx, which cannot embed
SVG. One drawing, two outputs: the Word document and the PDF show the same chart,
with no plotting library and no converter program.

Layout needs text widths before any font is loaded; :func:`text_width` uses the
advance widths of DejaVu Sans, the one font family of every ik output
(:mod:`integrakonzept.render.fonts`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from integrakonzept.results.phases import PhaseState as PhaseState  # (re-exported)

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

FONT_FAMILY = "'DejaVu Sans', sans-serif"
FONT_FILES = (("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),)

INK = "#1A1A1A"
MUTED = "#5F6B77"
GRID = "#D5DAE0"
ACCENT = "#1F3A5F"
LIGHT = "#7FA7CE"
WARM = "#D9822B"
TODAY = "#B3261E"

Anchor = Literal["start", "middle", "end"]

# Advance widths of DejaVu Sans in 1/1000 em for " " … "~", then äöüÄÖÜß–„“…·.
_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~äöüÄÖÜß–„“…·"
)
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838, 613, 612, 634, 684, 787, 732, 630, 500, 518, 518, 1000, 318,
)
_ADVANCE = dict(zip(_CHARS, _WIDTHS, strict=True))
BOLD_FACTOR = 1.11


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in px at font size ``size``."""
    units = sum(_ADVANCE.get(ch, 700) for ch in text)
    return units / 1000 * size * (BOLD_FACTOR if bold else 1.0)


def wrap(text: str, width: float, size: float, max_lines: int = 2, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; shorten the last with „…“."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size, bold) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    for i, line in enumerate(lines):
        while text_width(line, size, bold) > width and len(line) > 2:
            line = line[:-3].rstrip() + "…"
        lines[i] = line
    return lines or [""]


# --- primitives -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    stroke_width: float = 0
    rx: float = 0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None
    stroke: str | None = None
    stroke_width: float = 0


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str | None
    stroke: str | None = None
    stroke_width: float = 0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 11
    anchor: Anchor = "start"
    bold: bool = False
    fill: str = INK


Shape = Rect | Line | Circle | Polygon | Text


@dataclass
class Drawing:
    """A chart in CSS pixels (96 per inch)."""

    width: float
    height: float
    title: str
    description: str = ""
    shapes: list[Shape] = field(default_factory=list)

    def add(self, *shapes: Shape) -> None:
        self.shapes.extend(shapes)

    # --- SVG ----------------------------------------------------------------------------

    def svg(self, element_id: str = "chart") -> str:
        """The drawing as a standalone SVG document (also fine inline in HTML)."""
        # (imported here: xml.sax.saxutils brings urllib.request and ssl along, which
        # ik build and ik status do not otherwise need)
        from xml.sax.saxutils import escape, quoteattr

        w, h = _num(self.width), _num(self.height)
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
            f'width="{w}" height="{h}" role="img" aria-labelledby="{element_id}-title'
            f'{f" {element_id}-desc" if self.description else ""}" '
            f"font-family={quoteattr(FONT_FAMILY)}>",
            f'<title id="{element_id}-title">{escape(self.title)}</title>',
        ]
        if self.description:
            out.append(f'<desc id="{element_id}-desc">{escape(self.description)}</desc>')
        out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>')
        for shape in self.shapes:
            out.append(_svg_shape(shape))
        out.append("</svg>")
        return "\n".join(out) + "\n"

    # --- PNG ----------------------------------------------------------------------------

    def png(self, scale: float = 3.0) -> bytes:
        """The drawing painted with Pillow, ``scale`` device pixels per CSS pixel."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (round(self.width * scale), round(self.height * scale)), "white")
        draw = ImageDraw.Draw(image)
        fonts = _Fonts(scale)
        for shape in self.shapes:
            _paint(draw, shape, scale, fonts)
        buffer = io.BytesIO()
        # 96 CSS px per inch: Word then sizes the picture like the SVG.
        image.save(buffer, "PNG", dpi=(96 * scale, 96 * scale), optimize=True)
        return buffer.getvalue()


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _paint_attrs(fill: str | None, stroke: str | None, stroke_width: float) -> str:
    parts = [f'fill="{fill or "none"}"']
    if stroke and stroke_width:
        parts.append(f'stroke="{stroke}" stroke-width="{_num(stroke_width)}"')
    return " ".join(parts)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        rx = f' rx="{_num(shape.rx)}"' if shape.rx else ""
        return (
            f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
            f'height="{_num(shape.h)}"{rx} {_paint_attrs(shape.fill, shape.stroke, shape.stroke_width)}/>'
        )
    if isinstance(shape, Line):
        dash = f' stroke-dasharray="{_num(shape.dash[0])} {_num(shape.dash[1])}"' if shape.dash else ""
        return (
            f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" '
            f'y2="{_num(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Circle):
        return (
            f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" r="{_num(shape.r)}" '
            f"{_paint_attrs(shape.fill, shape.stroke, shape.stroke_width)}/>"
        )
    if isinstance(shape, Polygon):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        return (
            f'<polygon points="{points}" '
            f"{_paint_attrs(shape.fill, shape.stroke, shape.stroke_width)}/>"
        )
    from xml.sax.saxutils import escape

    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}" '
        f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
    )


class _Fonts:
    """TrueType fonts for Pillow, found by file name; Pillow's own font as a last resort."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.cache: dict[tuple[float, bool], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}

    def get(self, size: float, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        from PIL import ImageFont

        key = (size, bold)
        if key not in self.cache:
            pixels = max(1, round(size * self.scale))
            font: ImageFont.FreeTypeFont | ImageFont.ImageFont | None = None
            from integrakonzept.render.fonts import font_file

            installed = font_file(bold)
            if installed is not None:
                font = ImageFont.truetype(str(installed), pixels)
            for regular, heavy in FONT_FILES if font is None else ():
                try:
                    font = ImageFont.truetype(heavy if bold else regular, pixels)
                    break
                except OSError:
                    continue
            if font is None:
                font = ImageFont.load_default(pixels)
            self.cache[key] = font
        return self.cache[key]


def _paint(draw: ImageDraw.ImageDraw, shape: Shape, s: float, fonts: _Fonts) -> None:
    if isinstance(shape, Rect):
        box = (shape.x * s, shape.y * s, (shape.x + shape.w) * s, (shape.y + shape.h) * s)
        width = max(1, round(shape.stroke_width * s)) if shape.stroke and shape.stroke_width else 0
        outline = shape.stroke if width else None
        if shape.rx:
            draw.rounded_rectangle(box, radius=shape.rx * s, fill=shape.fill, outline=outline, width=width)
        else:
            draw.rectangle(box, fill=shape.fill, outline=outline, width=width)
    elif isinstance(shape, Line):
        width = max(1, round(shape.width * s))
        if shape.dash is None:
            draw.line((shape.x1 * s, shape.y1 * s, shape.x2 * s, shape.y2 * s), fill=shape.stroke, width=width)
        else:
            _dashed(draw, shape, s, width)
    elif isinstance(shape, Circle):
        box = (
            (shape.cx - shape.r) * s,
            (shape.cy - shape.r) * s,
            (shape.cx + shape.r) * s,
            (shape.cy + shape.r) * s,
        )
        width = max(1, round(shape.stroke_width * s)) if shape.stroke and shape.stroke_width else 0
        draw.ellipse(box, fill=shape.fill, outline=shape.stroke if width else None, width=width)
    elif isinstance(shape, Polygon):
        points = [(x * s, y * s) for x, y in shape.points]
        width = max(1, round(shape.stroke_width * s)) if shape.stroke and shape.stroke_width else 0
        draw.polygon(points, fill=shape.fill, outline=shape.stroke if width else None, width=width)
    else:
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
        font = fonts.get(shape.size, shape.bold)
        draw.text((shape.x * s, shape.y * s), shape.text, fill=shape.fill, font=font, anchor=anchor)


def _dashed(draw: ImageDraw.ImageDraw, line: Line, s: float, width: int) -> None:
    assert line.dash is not None
    x1, y1, x2, y2 = line.x1 * s, line.y1 * s, line.x2 * s, line.y2 * s
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        return
    on, off = line.dash[0] * s, line.dash[1] * s
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    pos = 0.0
    while pos < length:
        end = min(pos + on, length)
        draw.line((x1 + dx * pos, y1 + dy * pos, x1 + dx * end, y1 + dy * end), fill=line.stroke, width=width)
        pos = end + off


# --- bar charts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One colour of bars: a value (or ``None`` with a text such as „< 3“) per category."""

    name: str
    values: Sequence[int | None]
    labels: Sequence[str]
    colour: str


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    markers: Sequence[int | None] | None = None,
    marker_label: str = "Plätze",
    width: float = 480,
    description: str = "",
) -> Drawing:
    """Horizontal grouped bars with the value at the end of each bar.

    Hidden counts (``None``) get no bar, only their text, so a suppressed „< 3“ is not
    drawn as some length that would give it away. ``markers`` draws a thin line per
    category (e.g. the capacity of an event).
    """
    size = 10.5
    label_w = min(210.0, max(90.0, max((text_width(c, size) for c in categories), default=90) + 8))
    left = label_w + 10
    right = 46.0
    bar_h = 13.0 if len(series) > 1 else 16.0
    gap = 3.0
    group_pad = 12.0
    top = 10.0
    legend_h = 22.0 if len(series) > 1 or markers else 0.0
    lines = [wrap(c, label_w, size) for c in categories]
    group_h = [max(len(series) * (bar_h + gap) - gap, len(ls) * 13.0) for ls in lines]
    plot_h = sum(group_h) + group_pad * (len(categories) + 1)
    axis_h = 20.0
    height = top + legend_h + plot_h + axis_h
    drawing = Drawing(width, height, title, description)

    values = [v for s in series for v in s.values if v is not None]
    values += [m for m in (markers or []) if m is not None]
    maximum = _nice_max(max(values, default=1))
    plot_w = width - left - right

    def x_of(value: float) -> float:
        return left + plot_w * value / maximum

    y0 = top + legend_h
    # grid and axis labels
    for tick in _ticks(maximum):
        x = x_of(tick)
        drawing.add(Line(x, y0, x, y0 + plot_h, GRID, 0.8))
        drawing.add(Text(x, y0 + plot_h + 14, _fmt_int(tick), 9, "middle", fill=MUTED))
    drawing.add(Line(left, y0, left, y0 + plot_h, MUTED, 1))

    y = y0 + group_pad
    for index in range(len(categories)):
        h = group_h[index]
        label_lines = lines[index]
        first_base = y + h / 2 - (len(label_lines) - 1) * 13.0 / 2 + 4
        for n, line in enumerate(label_lines):
            drawing.add(Text(left - 8, first_base + n * 13.0, line, size, "end"))
        bars_h = len(series) * (bar_h + gap) - gap
        if markers is not None and markers[index] is not None:
            mx = x_of(markers[index] or 0)
            drawing.add(Line(mx, y - 3, mx, y + h + 3, INK, 1.6, (3, 2)))
        by = y + (h - bars_h) / 2
        for s in series:
            value = s.values[index]
            label = s.labels[index]
            if value is not None and value > 0:
                drawing.add(Rect(left, by, x_of(value) - left, bar_h, s.colour))
            end = x_of(value) if value is not None else left
            if label:
                # a white box under the number keeps it readable over the capacity line
                drawing.add(Rect(end + 2, by + 1, text_width(label, 9.5) + 4, bar_h - 2, "#FFFFFF"))
                drawing.add(Text(end + 4, by + bar_h - 3, label, 9.5, fill=INK if value is not None else MUTED))
            by += bar_h + gap
        y += h + group_pad

    if legend_h:
        lx = left
        for s in series:
            drawing.add(Rect(lx, top, 11, 11, s.colour))
            drawing.add(Text(lx + 15, top + 9.5, s.name, 9.5))
            lx += 15 + text_width(s.name, 9.5) + 16
        if markers is not None and any(m is not None for m in markers):
            drawing.add(Line(lx + 5, top - 1, lx + 5, top + 12, INK, 1.6, (3, 2)))
            drawing.add(Text(lx + 12, top + 9.5, marker_label, 9.5))
    return drawing


def _nice_max(value: float) -> float:
    if value <= 5:
        return 5
    magnitude = float(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(maximum: float) -> list[float]:
    step = maximum / 5
    return [step * i for i in range(6)]


def _fmt_int(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:.1f}".replace(".", ",")


# --- timeline ---------------------------------------------------------------------------

#: done, running, ahead (planned), open (over, but no results recorded), cancelled, postponed
PhaseShape = Literal["event", "online", "milestone"]


@dataclass(frozen=True)
class TimelineItem:
    label: str
    when: str  # "19.03.2025", "April 2025", "16.06.–15.08.2025"
    shape: PhaseShape
    first: date
    last: date
    exact: bool  # a day (or a span of days) rather than only a month
    state: PhaseState
    #: what to say instead of the state's label (a past council step without its outcome)
    state_text: str | None = None

    @property
    def state_label(self) -> str:
        return self.state_text or STATE_LABELS[self.state]


STATE_LABELS: dict[PhaseState, str] = {
    "done": "abgeschlossen",
    "running": "läuft",
    "ahead": "geplant",
    "open": "Ergebnisse fehlen",
    "cancelled": "abgesagt",
    "postponed": "verschoben",
}


def _month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def _add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def timeline(
    items: Sequence[TimelineItem],
    today: date,
    *,
    title: str = "Zeitstrahl des Beteiligungsprozesses",
    width: float = 480,
    accent: str = ACCENT,
) -> Drawing:
    """All phases on a time axis: done (filled), running (orange), ahead (outlined).

    A phase known to the day is a dot (a bar if it spans days); a phase known only to the
    month is a lighter bar over that month; milestones are diamonds; a dashed red line
    marks today.
    """
    from babel.dates import format_date

    size = 9.5
    label_w = 190.0
    left = label_w + 14
    right = 14.0
    top = 8.0
    axis_h = 30.0
    legend_h = 56.0
    labels = [wrap(i.label, label_w - 6, size, max_lines=2) for i in items]
    heights = [12.0 + 12.0 * len(lines) for lines in labels]
    # the axis spans the process; "heute" is marked only where it falls inside it
    firsts = [i.first for i in items] or [today]
    lasts = [i.last for i in items] or [today]
    start = _month_start(min(firsts))
    end_month = _add_months(_month_start(max(lasts)), 1)
    months = (end_month.year - start.year) * 12 + end_month.month - start.month
    height = top + axis_h + sum(heights) + legend_h
    description = "; ".join(f"{i.label}: {i.when} ({i.state_label})" for i in items)
    drawing = Drawing(width, height, title, description)
    plot_w = width - left - right
    span = (end_month - start).days

    def x_of(d: date) -> float:
        return left + plot_w * (d - start).days / span

    y_axis = top + axis_h
    rows_bottom = y_axis + sum(heights)
    y = y_axis
    for index, h in enumerate(heights):
        if index % 2 == 0:
            drawing.add(Rect(0, y, width, h, "#F4F6F8"))
        y += h
    # Month labels every 1, 2, 3, 4, 6 or 12 months: as often as they fit side by side.
    room = plot_w / max(months, 1)
    step = next((n for n in (1, 2, 3, 4, 6, 12) if room * n >= 30), 12)
    next_year_x = 0.0  # a year label never runs into the next one
    for n in range(months + 1):
        month = _add_months(start, n)
        x = x_of(month)
        drawing.add(Line(x, y_axis - 4, x, rows_bottom, GRID, 0.8))
        if n < months and n % step == 0:
            mid = (x + x_of(_add_months(month, 1))) / 2
            label = format_date(month, "MMM", locale="de_DE").rstrip(".")
            drawing.add(Text(mid, y_axis - 8, label, 9, "middle", fill=MUTED))
        if n < months and (n == 0 or month.month == 1) and x >= next_year_x:
            drawing.add(Text(x + 2, top + 9, str(month.year), 9, bold=True, fill=MUTED))
            next_year_x = x + 2 + text_width(str(month.year), 9, True) + 6
    drawing.add(Line(left, y_axis, width - right, y_axis, MUTED, 1))

    y = y_axis
    for item, lines, h in zip(items, labels, heights, strict=True):
        cy = y + h / 2
        for n, line in enumerate(lines):
            drawing.add(Text(6, y + 14 + 12 * n, line, size))
        drawing.add(Text(6, y + 13 + 12 * len(lines), item.when, 9, fill=MUTED))
        y += h
        fill, stroke, soft = _state_colours(item.state, accent)
        x1, x2 = x_of(item.first), x_of(item.last + ONE_DAY)
        if item.shape == "milestone":
            mx = (x1 + x2) / 2
            if not item.exact:
                drawing.add(Line(x1, cy, x2, cy, stroke, 1.2, (2, 2)))
            r = 7.0
            drawing.add(
                Polygon(((mx, cy - r), (mx + r, cy), (mx, cy + r), (mx - r, cy)), fill, stroke, 1.4)
            )
        elif not item.exact:
            drawing.add(Rect(x1 + 1, cy - 5, max(x2 - x1 - 2, 4), 10, soft, stroke, 1.2, 5))
        elif item.shape == "online" or item.last > item.first:
            drawing.add(Rect(x1, cy - 5, max(x2 - x1, 6), 10, fill, stroke, 1.4, 5))
        else:
            drawing.add(Circle((x1 + x2) / 2, cy, 6, fill, stroke, 1.4))

    if start <= today < end_month:
        tx = (x_of(today) + x_of(today + ONE_DAY)) / 2
        drawing.add(Line(tx, y_axis - 2, tx, rows_bottom + 4, TODAY, 1.4, (4, 3)))
        drawing.add(Text(tx, rows_bottom + 15, "heute", 9, "middle", True, TODAY))

    ly = rows_bottom + 22
    lx = 6.0
    shown = {i.state for i in items}
    for state in (s for s in STATE_ORDER if s in shown or s in ("done", "ahead")):
        fill, stroke, _ = _state_colours(state, accent)
        drawing.add(Circle(lx + 5, ly - 4, 5, fill, stroke, 1.4))
        label = STATE_LABELS[state]
        drawing.add(Text(lx + 14, ly, label, 9))
        lx += 14 + text_width(label, 9) + 18
    key = ("Punkt: Veranstaltung · Balken: Online-Phase bzw. nur der Monat steht fest · "
           "Raute: Meilenstein")
    for n, line in enumerate(wrap(key, width - 12, 9, max_lines=2)):
        drawing.add(Text(6, ly + 16 + 12 * n, line, 9, fill=MUTED))
    return drawing


STATE_ORDER: tuple[PhaseState, ...] = ("done", "running", "ahead", "open", "postponed", "cancelled")
ONE_DAY = timedelta(days=1)


def _state_colours(state: PhaseState, accent: str) -> tuple[str, str, str]:
    """(fill, stroke, light fill for month-only spans)."""
    if state == "done":
        return accent, accent, _lighten(accent, 0.55)
    if state == "running":
        return WARM, WARM, _lighten(WARM, 0.5)
    if state == "open":
        return _lighten(WARM, 0.6), WARM, _lighten(WARM, 0.8)
    if state in ("cancelled", "postponed"):
        return "#FFFFFF", MUTED, "#FFFFFF"
    return "#FFFFFF", accent, "#FFFFFF"


def _lighten(colour: str, amount: float) -> str:
    """Mix ``colour`` with white (Pillow draws opaque colours, so no opacity)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02X}" for c in mix)
