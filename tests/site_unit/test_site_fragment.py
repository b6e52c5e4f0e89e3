"""The CMS fragment (``seite/einbettung.html``) survives a TYPO3-like rich-text sanitiser.

TYPO3 (≥ 9.5.29) cleans rich text with an allow-list (typo3/html-sanitizer): plain semantic
tags, global ``id``/``class``/``lang``/``dir``/``title``/``aria-*`` attributes, links with
http(s)/mailto/tel. nh3 (the ammonia sanitiser) with such an allow-list stands in for it: the
fragment must come out with the same text, links, images, dates, headings and languages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import nh3
import pytest
from site_html import Parsed, parse

from integrakonzept.output import Writer
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation
from integrakonzept.site.page import FRAGMENT, build_site, page_folder, page_languages

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/prozess.yaml"))
BASE = "https://www.musterstadt.example.de/fileadmin/integration/"

GLOBAL = {
    "id",
    "class",
    "lang",
    "dir",
    "title",
    "role",
    "aria-current",
    "aria-labelledby",
    "aria-label",
}
TAGS = {
    "a",
    "abbr",
    "article",
    "b",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "section",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
}
ATTRIBUTES = {
    "*": GLOBAL,
    "a": {"href", "hreflang", "type"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "th": {"scope"},
    "td": set(),
}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


def meaning(doc: Parsed) -> dict[str, object]:
    """What a reader gets from the fragment: text, links, images, dates, headings, languages."""
    return {
        "text": re.sub(r"\s+", " ", doc.visible_text).strip(),
        "links": [(a.attrs.get("href"), a.text.strip()) for a in doc.all("a")],
        "images": [(i.attrs.get("src"), i.attrs.get("alt")) for i in doc.all("img")],
        "times": [t.attrs.get("datetime") for t in doc.all("time")],
        "headings": doc.headings,
        "langs": [e.attrs["lang"] for e in doc.elements if "lang" in e.attrs],
        "current": [
            e.attrs.get("id") for e in doc.elements if e.attrs.get("aria-current") == "step"
        ],
        "scopes": [e.attrs.get("scope") for e in doc.all("th")],
    }


def _with_base(example: Path, tmp_path: Path) -> Path:
    source = example.read_text(encoding="utf-8")
    source += f"\nveroeffentlichung:\n  basis_url: {BASE}\n"
    path = tmp_path / "prozess.yaml"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("today", [date(2025, 3, 10), date(2025, 6, 1)])
def test_fragment_survives_the_sanitiser(example: Path, today: date, tmp_path: Path) -> None:
    process = load_process(_with_base(example, tmp_path))
    build_site(
        process, Writer(), tmp_path / "out", today=today, figures=participation(process, None)
    )
    for code in page_languages(process):
        fragment = (tmp_path / "out" / "seite" / page_folder(code) / FRAGMENT).read_text(
            encoding="utf-8"
        )
        before = parse(fragment)
        # the rules of the fragment itself
        assert "<script" not in fragment and "<style" not in fragment and "<svg" not in fragment
        assert " style=" not in fragment and "<html" not in fragment and "<body" not in fragment
        assert before.headings[0] == 2 and 1 not in before.headings
        ids = [e.attrs["id"] for e in before.elements if "id" in e.attrs]
        assert ids and all(i.startswith("ik-") for i in ids) and len(ids) == len(set(ids))
        for a in before.all("a"):
            href = a.attrs["href"]
            assert re.match(r"^(https://|mailto:|tel:)", href), href
        for img in before.all("img"):
            assert img.attrs["src"].startswith(BASE) and img.attrs["alt"].strip()
        # through the sanitiser, nothing a reader needs is lost
        after = parse(sanitise(fragment))
        assert meaning(after) == meaning(before)


def test_fragment_without_base_url_warns(tmp_path: Path) -> None:
    process = load_process(EXAMPLES[0])
    result = build_site(
        process, Writer(), tmp_path, today=date(2025, 3, 10), figures=participation(process, None)
    )
    assert any("veroeffentlichung.basis_url" in w for w in result.warnings)
    fragment = (result.folder / FRAGMENT).read_text(encoding="utf-8")
    assert 'href="dateien/' in fragment or 'href="termine.ics"' in fragment
    iframe = (result.folder / "iframe.txt").read_text(encoding="utf-8")
    assert "title=" in iframe and "basis_url" in iframe


def test_sanitiser_would_strip_what_the_fragment_avoids() -> None:
    """The stand-in sanitiser is strict: it removes script, style and style attributes."""
    dirty = '<p style="color:red">x</p><script>alert(1)</script><style>p{}</style><svg></svg>'
    clean = sanitise(dirty)
    assert "style" not in clean and "script" not in clean and "svg" not in clean and "x" in clean
