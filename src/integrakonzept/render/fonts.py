"""The one font family of every output, and how wide a text set in it is.

Every PDF, DOCX and XLSX names the same open family, DejaVu Sans (Debian
``fonts-dejavu-core``): it covers Latin with Turkish, Polish and Vietnamese
letters, Cyrillic and Arabic, so a tracker full of names from many countries
prints without a fallback font, and a page breaks the same on every machine that
has it installed (``.ci/run`` installs it). WeasyPrint embeds it in PDFs.

Knowing the font also lets ik measure text without laying out a page: column
widths from content (DOCX, XLSX) and the rows that fit on a sign-up sheet page
are computed from the font's advance widths (:func:`text_width`). Without the
font files (a machine without DejaVu) an average width is used instead: the
result is then an estimate, never an error.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: The family named in CSS, in Word styles and in spreadsheet cells.
FONT_FAMILY = "DejaVu Sans"
#: CSS ``font-family`` value: the family first, a generic fallback only for a missing install.
CSS_FONT_STACK = '"DejaVu Sans", sans-serif'

_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
#: Average advance of a DejaVu Sans letter in em, used when the font file is missing.
_FALLBACK_EM = 0.6
#: ``line-height: normal`` of DejaVu Sans (ascent + descent over units per em).
NORMAL_LINE_HEIGHT = 1.164


def _font_dirs() -> list[Path]:
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
            Path.home() / ".fonts", Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    if sys.platform == "win32":  # pragma: no cover - Windows only
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return dirs


@functools.cache
def font_file(bold: bool = False) -> Path | None:
    """The installed DejaVu Sans file (regular or bold), or ``None``."""
    name = _FILES[bold]
    for directory in _font_dirs():
        if not directory.is_dir():
            continue
        direct = [directory / "truetype/dejavu" / name, directory / "dejavu" / name, directory / name]
        for candidate in direct:
            if candidate.is_file():
                return candidate
        for candidate in directory.rglob(name):
            return candidate
    return None


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float] | None:
    """Advance widths in em by code point, and the em width of a missing glyph."""
    path = font_file(bold)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    with TTFont(str(path)) as font:
        units = float(font["head"].unitsPerEm)
        metrics = dict(font["hmtx"].metrics)
        cmap = dict(font.getBestCmap())
    widths = {code: metrics[glyph][0] / units for code, glyph in cmap.items()}
    return widths, metrics[".notdef"][0] / units


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points, set in DejaVu Sans at ``size_pt`` (no kerning)."""
    table = _advances(bold)
    if table is None:
        return len(text) * _FALLBACK_EM * size_pt
    widths, missing = table
    return sum(widths.get(ord(char), missing) for char in text) * size_pt


def longest_word_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of the widest word: the narrowest a column can be without breaking a word."""
    words = text.replace("\u00a0", "\u2060").split()
    return max((text_width(w, size_pt, bold=bold) for w in words), default=0.0)


def wrap(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> list[str]:
    """Greedy line breaking at spaces, the way a browser or word processor breaks text.

    A word wider than the line stays on a line of its own (the renderer would break
    or hyphenate it; the count of lines is then a lower bound). Explicit line
    breaks (``\\n``) are kept.
    """
    lines: list[str] = []
    space = text_width(" ", size_pt, bold=bold)
    for paragraph in text.split("\n"):
        current = ""
        current_width = 0.0
        for word in paragraph.split(" "):
            if not word:
                continue
            word_width = text_width(word, size_pt, bold=bold)
            if current and current_width + space + word_width > width_pt:
                lines.append(current)
                current, current_width = word, word_width
            elif current:
                current += " " + word
                current_width += space + word_width
            else:
                current, current_width = word, word_width
        lines.append(current)
    return lines


def line_count(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a box ``width_pt`` wide.

    A word wider than the box counts as the lines it takes when broken between
    letters (as a spreadsheet program wraps it).
    """
    lines = wrap(text, width_pt, size_pt, bold=bold)
    extra = 0
    if width_pt > 0:
        for line in lines:
            for word in line.split(" "):
                wide = text_width(word, size_pt, bold=bold)
                if wide > width_pt:
                    extra += int(wide // width_pt)
    return len(lines) + extra


def widest(texts: Iterable[str], size_pt: float, *, bold: bool = False) -> float:
    """The widest of ``texts`` on one line, in points."""
    return max((text_width(t, size_pt, bold=bold) for t in texts), default=0.0)


def _fragments(word: str) -> list[str]:
    """A word split at its soft hyphens (each fragment but the last ends in a hyphen)."""
    parts = word.split("\u00ad")
    return [p + "-" for p in parts[:-1]] + [parts[-1]]


def min_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The narrowest a box can be without breaking a word (soft hyphens are breaks)."""
    words = text.replace("\n", " ").split()
    return max(
        (text_width(f, size_pt, bold=bold) for w in words for f in _fragments(w)), default=0.0
    )


def max_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of the longest line of ``text`` set without wrapping."""
    return max(
        (text_width(line.replace("\u00ad", ""), size_pt, bold=bold) for line in text.split("\n")),
        default=0.0,
    )


def column_widths(
    columns: list[list[tuple[str, float, bool]]],
    available: float,
    padding: float,
) -> list[float]:
    """Column widths from content, the way a browser lays out an automatic table.

    ``columns`` holds, for each column, its texts as ``(text, size_pt, bold)``;
    ``available`` is the table width and ``padding`` the left + right cell margin,
    both in points. Every column gets at least its widest word (so no word is
    broken); the room that is left goes to the columns whose text would otherwise
    wrap, in proportion to how much wider they would like to be. If even the
    widest words do not fit, the widths are scaled down evenly (then a renderer
    must hyphenate; give long headers soft hyphens).
    """
    minimum = [
        max((min_width(t, s, bold=b) for t, s, b in column), default=0.0) + padding
        for column in columns
    ]
    maximum = [
        max(max((max_width(t, s, bold=b) for t, s, b in column), default=0.0) + padding, low)
        for column, low in zip(columns, minimum, strict=True)
    ]
    if not columns:
        return []
    if sum(maximum) <= available:
        extra = available - sum(maximum)
        total = sum(maximum) or 1.0
        return [m + extra * m / total for m in maximum]
    if sum(minimum) <= available:
        extra = available - sum(minimum)
        wishes = [hi - lo for lo, hi in zip(minimum, maximum, strict=True)]
        total_wish = sum(wishes) or 1.0
        return [lo + extra * w / total_wish for lo, w in zip(minimum, wishes, strict=True)]
    scale = available / sum(minimum)
    return [m * scale for m in minimum]


def hyphenate(word: str, lang: str = "de_DE") -> str:
    """``word`` with soft hyphens at its German hyphenation points (Pyphen, as WeasyPrint)."""
    if len(word) < 8 or "\u00ad" in word:
        return word
    hyphenated: str = _pyphen(lang).inserted(word, hyphen="\u00ad")
    return hyphenated


@functools.cache
def _pyphen(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=lang)


def hyphenate_to_fit(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> str:
    """``text`` with soft hyphens only in the words wider than ``width_pt``.

    Words that fit stay as they are (their text reads the same when copied); a word
    that does not fit gets its German hyphenation points, so a renderer breaks it
    there ("Teil-genommen") and not after any letter ("Teilgenomm-en").
    """
    def fit(word: str) -> str:
        if text_width(word, size_pt, bold=bold) <= width_pt:
            return word
        return hyphenate(word)

    return "\n".join(" ".join(fit(w) for w in line.split(" ")) for line in text.split("\n"))


def use_in_workbook(workbook: Any, size: float = 10) -> None:
    """Set DejaVu Sans on every font of an openpyxl workbook, the default font included.

    Call it after the sheets are written: cells keep their bold, colour and size;
    only the family changes (and the theme's font scheme, which would bring Calibri
    back in Excel, is dropped). Cell styles refer to fonts by position, so the list
    keeps its order and length.
    """
    import copy

    from openpyxl.utils.indexed_list import IndexedList

    renamed = []
    for index, font in enumerate(workbook._fonts):
        new = copy.copy(font)
        new.name = FONT_FAMILY
        new.scheme = None
        if index == 0:
            new.sz = size
        renamed.append(new)
    workbook._fonts = IndexedList(renamed)
    normal = workbook._named_styles["Normal"]
    normal.font = renamed[0]
