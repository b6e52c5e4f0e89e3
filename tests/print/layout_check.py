"""Reads a PDF page by page with pdfplumber (character positions) and lists layout faults.

A fault is something a reader of the printed page would notice:

* text outside the printable area (``MARGIN_MM`` from every edge) or off the page;
* text smaller than ``MIN_SIZE_PT``;
* a table cell whose text runs out of the cell (cells found from the ruling lines and
  filled rectangles that draw the table), or letters printed over other letters;
* a page with fewer than ``MIN_BODY_LINES`` lines of body text (running headers and
  footers in the outer ``RUNNING_MM`` of the page do not count).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MM = 72 / 25.4
MARGIN_MM = 7.0
MIN_SIZE_PT = 8.0
MIN_BODY_LINES = 3
RUNNING_MM = 17.0
TOLERANCE = 1.2  # points


@dataclass(frozen=True)
class Fault:
    page: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"Seite {self.page}: {self.kind}: {self.detail}"


def _visible(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in chars if c["text"].strip() and c["text"] not in "\u00ad"]


def _snippet(chars: list[dict[str, Any]], around: dict[str, Any]) -> str:
    line = sorted(
        (c for c in chars if abs(c["top"] - around["top"]) < 2), key=lambda c: c["x0"]
    )
    text = "".join(c["text"] for c in line)
    return text[:80]


def _lines(chars: list[dict[str, Any]]) -> list[float]:
    """Baselines of the text lines (chars grouped by their bottom edge)."""
    bottoms = sorted(c["bottom"] for c in chars)
    lines: list[float] = []
    for bottom in bottoms:
        if not lines or bottom - lines[-1] > 2.0:
            lines.append(bottom)
    return lines


def _overlaps(chars: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs of letters printed over each other (more than a third of the smaller box)."""
    found = []
    ordered = sorted(chars, key=lambda c: c["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x0"] >= a["x1"]:
                break
            if a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.3 and abs(a["top"] - b["top"]) < 0.3:
                continue  # the same glyph drawn twice (fake bold, shadow)
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if w <= 0 or h <= 0:
                continue
            smaller = min(
                (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
            )
            # Glyph boxes of one line touch by design (side bearings, kerning): count only
            # a real overlap, and only between letters of different lines or far apart.
            if smaller > 0 and w * h > smaller / 3 and (abs(a["top"] - b["top"]) > 1.5 or w > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])):
                found.append((a, b))
    return found


def _cells(page: Any, chars: list[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    """Cells of the tables drawn with lines or filled rectangles.

    A chart's grid and bars also look like a table to pdfplumber; a real table has text
    in most of its cells, a chart's grid mostly empty cells: those are left out.
    """
    settings = {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": 2,
        "intersection_tolerance": 2,
    }
    cells: list[tuple[float, float, float, float]] = []
    for table in page.find_tables(settings):
        if len(table.rows) < 2 or max(len(r.cells) for r in table.rows) < 2:
            continue
        found = [c for c in table.cells if c is not None]
        filled = [
            c for c in found
            if any(c[0] <= (h["x0"] + h["x1"]) / 2 <= c[2] and c[1] <= (h["top"] + h["bottom"]) / 2 <= c[3] for h in chars)
        ]
        if len(filled) * 2 >= len(found):
            cells += found
    return cells


def check_pdf(path: Path, *, check_cells: bool = True) -> list[Fault]:
    """Every layout fault of the PDF at ``path``."""
    import pdfplumber

    faults: list[Fault] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = _visible(page.chars)
            width, height = float(page.width), float(page.height)
            edge = MARGIN_MM * MM
            for c in chars:
                if c["x0"] < edge - TOLERANCE or c["x1"] > width - edge + TOLERANCE or c["top"] < edge - TOLERANCE or c["bottom"] > height - edge + TOLERANCE:
                    faults.append(Fault(number, "Text außerhalb des Druckbereichs", _snippet(chars, c)))
                    break
            # pdfplumber gives turned letters (upright False) the advance as "size": only
            # upright text is measured (turned text is the tracker's overview headers).
            small = [c for c in chars if c.get("upright", True) and c["size"] < MIN_SIZE_PT - 0.05]
            if small:
                faults.append(Fault(number, f"Schrift kleiner als {MIN_SIZE_PT:g} pt", f"{small[0]['size']:.1f} pt: {_snippet(chars, small[0])}"))
            running = RUNNING_MM * MM
            body = [c for c in chars if c["top"] > running and c["bottom"] < height - running]
            if len(_lines(body)) < MIN_BODY_LINES:
                faults.append(Fault(number, f"weniger als {MIN_BODY_LINES} Zeilen Text", " / ".join(_snippet(chars, c) for c in body[:1]) or "leer"))
            overlapping = _overlaps(chars)
            if overlapping:
                a, b = overlapping[0]
                faults.append(Fault(number, "Text überdeckt Text", f"„{_snippet(chars, a)}“ / „{_snippet(chars, b)}“"))
            if check_cells:
                for x0, top, x1, bottom in _cells(page, chars):
                    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
                    out = [c for c in inside if c["x0"] < x0 - TOLERANCE or c["x1"] > x1 + TOLERANCE]
                    # Text that starts in a cell and runs past its right edge.
                    spill = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom and c["x0"] < x1 - TOLERANCE < c["x1"]]
                    if out or spill:
                        bad = (out or spill)[0]
                        faults.append(Fault(number, "Text ragt aus der Tabellenzelle", _snippet(chars, bad)))
                        break
    return faults
