"""Screenshots of the public process page for the README (``docs/seite-*.png``).

    .venv/bin/python tests/site/screenshots.py

Builds the Elmshorn example (``ik build``) into a temporary folder and photographs the top
of its page in every language of ``sprachen:``, on a desktop (1024 CSS px wide) and on a
small phone (320 CSS px), offline with Debian's Chromium like the browser tests. Run it
again after changing the page's templates and commit the pictures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from browser_harness import ROOT, build_site, launched_browser, page_path, screenshot  # noqa: E402

EXAMPLE = ROOT / "examples" / "elmshorn-2025" / "prozess.yaml"
DESKTOP = (1024, 1100)
PHONE = (320, 900)


def example_languages() -> list[str]:
    from integrakonzept.process.load import load_process

    return list(load_process(EXAMPLE).languages)


def screenshot_files(code: str) -> tuple[Path, Path]:
    """``docs/seite-ar.png`` (desktop) and ``docs/seite-ar-320.png`` (phone)."""
    name = "leichte-sprache" if code == "de-x-ls" else code
    return ROOT / "docs" / f"seite-{name}.png", ROOT / "docs" / f"seite-{name}-320.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, launched_browser() as browser:
        site = build_site(EXAMPLE, Path(tmp) / "ausgabe")
        for code in example_languages():
            desktop, phone = screenshot_files(code)
            page = page_path(site, code)
            screenshot(browser, page, desktop, width=DESKTOP[0], height=DESKTOP[1])
            screenshot(browser, page, phone, width=PHONE[0], height=PHONE[1])
            print(f"{desktop.relative_to(ROOT)}, {phone.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
