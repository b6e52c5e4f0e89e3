"""Charts: one drawing, written as SVG and painted as PNG; timeline states; escaping."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

from PIL import Image

from integrakonzept.results.charts import (
    ACCENT,
    WARM,
    Series,
    TimelineItem,
    bar_chart,
    text_width,
    timeline,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"


def _items() -> list[TimelineItem]:
    return [
        TimelineItem("Auftakt", "19.03.2030", "event", date(2030, 3, 19), date(2030, 3, 19), True, "done"),
        TimelineItem("Befragung", "01.06.–30.06.2030", "online", date(2030, 6, 1), date(2030, 6, 30), True, "running"),
        TimelineItem("Workshop", "Oktober 2030", "event", date(2030, 10, 1), date(2030, 10, 31), False, "ahead"),
        TimelineItem("Beschluss", "November 2030", "milestone", date(2030, 11, 1), date(2030, 11, 30), False, "ahead"),
    ]


def test_timeline_marks_done_running_and_ahead() -> None:
    drawing = timeline(_items(), date(2030, 6, 15))
    root = ET.fromstring(drawing.svg())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Auftakt", "Befragung", "Workshop", "Beschluss", "heute"} <= set(texts)
    assert {"abgeschlossen", "läuft", "geplant"} <= set(texts)
    # Month labels as often as they fit side by side (here every second month).
    months = [t for t in texts if t in {"März", "Apr", "Mai", "Juni", "Juli", "Aug", "Sept", "Okt", "Nov"}]
    assert months[0] == "März" and len(months) >= 4
    # done: a filled dot; running: an orange bar; ahead: a white diamond with an outline
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "6"]
    assert circles and circles[0].get("fill") == ACCENT
    assert any(r.get("fill") == WARM for r in root.iter(f"{SVG}rect"))
    (diamond,) = list(root.iter(f"{SVG}polygon"))
    assert diamond.get("fill") == "#FFFFFF" and diamond.get("stroke") == ACCENT
    assert "Befragung: 01.06.–30.06.2030 (läuft)" in root.find(f"{SVG}desc").text  # type: ignore[union-attr]


def test_the_same_drawing_paints_as_png() -> None:
    drawing = timeline(_items(), date(2030, 6, 15))
    image = Image.open(io.BytesIO(drawing.png(scale=2)))
    assert image.size == (round(drawing.width * 2), round(drawing.height * 2))
    assert round(image.info["dpi"][0]) == 192
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000) or []}
    assert (0xD9, 0x82, 0x2B) in colours  # the running phase in orange
    assert (0x1F, 0x3A, 0x5F) in colours  # done in the accent colour


def test_bar_chart_hides_suppressed_values_and_escapes_text() -> None:
    drawing = bar_chart(
        "Rollen",
        ["Müller & Söhne <GmbH>", "Politik"],
        [Series("Personen", [12, None], ["12", "< 3"], ACCENT)],
        markers=[20, None],
    )
    svg = drawing.svg()
    root = ET.fromstring(svg)  # well-formed despite & and <
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Müller & Söhne <GmbH>" in texts and "< 3" in texts
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == ACCENT]
    assert len(bars) == 2  # the legend swatch and the one visible bar; none for „< 3“
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{SVG}line"))  # places


def test_text_width_and_wrap() -> None:
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert text_width("Abc", 10, bold=True) > text_width("Abc", 10)
    lines = wrap("Auftaktveranstaltung „Elmshorn im Dialog“ mit sehr langem Titel", 120, 10)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 10) <= 120 for line in lines)
