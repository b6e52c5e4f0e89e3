"""Approximate figures („über 120“) on the public process page: the German page says them
as the process file does, every other language says how exact they are in its own words,
and no page prints the bare number."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from integrakonzept.output import Writer
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation
from integrakonzept.site.page import build_site

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 1)  # after every event of the Ostholstein example


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("figure", "german", "english"),
    [
        ("über 1200", "über 1.200", "more than 1,200"),
        ("knapp 40", "knapp 40", "up to 40"),
        ("rund 50", "rund 50", "about 50"),
    ],
)
def test_page_keeps_how_exact_a_figure_is(
    tmp_path: Path, figure: str, german: str, english: str
) -> None:
    source = ROOT / "examples" / "ostholstein-2025" / "prozess.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.pop("vorlagen", None)
    data["sprachen"] = ["de", "en", "ar"]
    for phase in data["phasen"]:
        if phase["id"] == "zukunftskonferenz":
            phase.setdefault("ergebnisse", {})["teilnehmende"] = figure
    path = tmp_path / "prozess.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    process = load_process(path)
    build_site(process, Writer(), tmp_path / "out", today=TODAY, figures=participation(process, None))
    pages = {p.parent.name: _text(p.read_text(encoding="utf-8"))
             for p in (tmp_path / "out").rglob("index.html")}
    de = next(text for name, text in pages.items() if name == "seite")
    en = pages["en"]
    number = german.split()[-1]
    assert german in de
    assert not re.search(rf"(?<!{german.split()[0]} ){re.escape(number)}\b", de.replace(german, ""))
    assert english.replace(",", "") in en.replace(",", "") or english in en
    assert german not in en  # no German word in the English page
    ar = pages["ar"]
    assert figure.split()[0] not in ar
