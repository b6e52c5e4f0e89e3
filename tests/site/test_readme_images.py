"""The README's pictures exist, are small, and show the process page in every language."""

from __future__ import annotations

import re

from browser_harness import ROOT
from screenshots import DESKTOP, PHONE, example_languages, screenshot_files

README = (ROOT / "README.md").read_text(encoding="utf-8")
IMAGES = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", README)
#: a README picture should load quickly on a slow line
MAX_BYTES = 120_000


def _section(title: str) -> str:
    """The README section whose heading starts with ``title``, up to the next heading of its
    level or above."""
    heading = re.search(rf"(?m)^(#+) {re.escape(title)}\b.*$", README)
    assert heading, f"README section „{title}“ is missing"
    rest = README[heading.end() :]
    end = re.search(rf"(?m)^#{{1,{len(heading[1])}}} ", rest)
    return rest[: end.start()] if end else rest


def test_every_readme_image_exists_has_alt_text_and_is_small() -> None:
    assert IMAGES
    for alt, target in IMAGES:
        path = ROOT / target
        assert path.is_file(), target
        assert alt.strip(), f"{target} has no alternative text"
        assert path.stat().st_size <= MAX_BYTES, f"{target}: {path.stat().st_size} bytes"


def test_process_page_section_shows_every_language_on_desktop_and_phone() -> None:
    from PIL import Image

    section = _section("Öffentliche Prozessseite")
    shown = {target for _, target in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", section)}
    for code in example_languages():
        for path, (width, height) in zip(screenshot_files(code), (DESKTOP, PHONE), strict=True):
            target = path.relative_to(ROOT).as_posix()
            assert target in shown, f"{target} is not shown in „Öffentliche Prozessseite“"
            with Image.open(path) as image:
                assert image.format == "PNG" and image.size == (width, height), target
