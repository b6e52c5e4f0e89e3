"""Offline browser checks for the public process page (issue 17).

Debian's Chromium (``/usr/bin/chromium``) is driven by Playwright from PyPI with
``executable_path`` – never ``playwright install``: nothing is downloaded at test time.
axe-core checks WCAG 2.0/2.1/2.2 A and AA plus the landmark best practices; the Nu Html
Checker (``vnu.jar`` from npm ``vnu-jar``, run with Debian's Java) validates the markup.
What both miss is checked here (see ``shared/reference/process-page.md`` §3.4): every
request the page makes (there must be none but its own files), no cookies or storage, the
first Tab on a working skip link, no horizontal scrolling at 320 CSS px, a print rendering,
``lang``/``dir``, link texts that say where they go, table headers and unique ids; for the
CMS fragment also what a rich-text sanitiser would strip.

``.ci/run`` installs all of it (the npm packages into the git-ignored ``.tools/``). On a
machine without Chromium, Java or the npm tools the tests skip and say what to install;
with ``CI`` set they fail instead, so CI can never pass by skipping them.

Each check returns a list of readable problems (empty = fine), so one test can report
everything that is wrong with a page at once.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("IK_CHROMIUM", "/usr/bin/chromium"))
#: npm packages installed by .ci/run (``npm install --prefix .tools``), git-ignored
TOOLS = ROOT / ".tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"

#: Launch flags measured on Debian 12 as root: no sandbox (root), no GPU, and none of
#: Chromium's own background traffic (updates, sync, QUIC probes). Playwright starts the
#: browser with a new, empty temporary profile (its own ``--user-data-dir``) and removes it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA (what BITV 2.0 / EN 301 549 ask for) …
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: … plus axe's best-practice rules for landmarks, headings and the skip link.
AXE_BEST_PRACTICE = [
    "region",
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-unique",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-complementary-is-top-level",
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
    "skip-link",
    "tabindex",
]

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

#: Link texts that do not say where the link goes (SC 2.4.4), compared case-insensitively
#: after trimming whitespace and final punctuation.
VAGUE_LINK_TEXTS = frozenset(
    {
        "hier",
        "hier klicken",
        "klicken sie hier",
        "mehr",
        "mehr erfahren",
        "weiter",
        "weiterlesen",
        "link",
        "here",
        "click here",
        "more",
        "read more",
    }
)

#: Elements a CMS rich-text sanitiser strips or a host's Content-Security-Policy blocks.
FRAGMENT_FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "style",
        "link",
        "meta",
        "iframe",
        "object",
        "embed",
        "svg",
        "form",
        "html",
        "head",
        "body",
    }
)
#: What a fragment's ids start with, so that they cannot collide with the CMS page's own.
FRAGMENT_ID_PREFIX = "ik-"

_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


# --- tools -------------------------------------------------------------------------------


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def need(available: bool, message: str) -> None:
    """Skip locally when a tool is missing; fail in CI, which installs every tool."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{message} – CI installs it in .ci/run, the browser tests must not skip there")
    pytest.skip(message)


def need_browser_stack() -> None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        need(False, 'Playwright/axe fehlen: .venv/bin/pip install -e ".[test]"')
    need(CHROMIUM.is_file(), f"{CHROMIUM} fehlt: apt-get install chromium")
    need(AXE_JS.is_file(), f"{AXE_JS} fehlt: bash .ci/run (npm install --prefix .tools axe-core)")


def need_vnu() -> str:
    java = shutil.which("java")
    need(java is not None, "Java fehlt: apt-get install default-jre-headless")
    need(VNU_JAR.is_file(), f"{VNU_JAR} fehlt: bash .ci/run (npm install --prefix .tools vnu-jar)")
    assert java is not None
    return java


@contextmanager
def launched_browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile; closed at the end."""
    need_browser_stack()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- opening a page ----------------------------------------------------------------------


@dataclass
class Visit:
    """One page open in its own browser context, with every outside request it tried."""

    page: Page
    context: BrowserContext
    path: Path
    requests: list[str] = field(default_factory=list)


@contextmanager
def visit(
    browser: Browser,
    path: Path,
    *,
    viewport: dict[str, int] = DESKTOP,
    own_site: tuple[str, Path] | None = None,
) -> Iterator[Visit]:
    """Open ``path`` (``file:``); record and abort every request that is not a local file.

    ``own_site`` = (base URL, folder) answers requests below the base URL from the folder:
    the CMS fragment links to the town's own server with absolute URLs, which is the same
    origin there and no third party.
    """
    context = browser.new_context(viewport=viewport, service_workers="block")
    requests: list[str] = []

    def note(url: str) -> None:
        if url not in requests:
            requests.append(url)

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(_LOCAL_SCHEMES):
            route.continue_()
            return
        if own_site is not None and url.startswith(own_site[0]):
            local = own_site[1] / url.removeprefix(own_site[0]).split("?")[0].split("#")[0]
            if local.is_file():
                route.fulfill(path=local)
                return
        note(url)
        route.abort()

    context.route("**/*", handle)
    # A second, independent record: anything that reaches the network stack at all.
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(_LOCAL_SCHEMES)
            or (own_site is not None and request.url.startswith(own_site[0]))
            else note(request.url)
        ),
    )
    page = context.new_page()
    page.on("websocket", lambda socket: note(socket.url))
    try:
        page.goto(path.as_uri(), wait_until="load")
        yield Visit(page=page, context=context, path=path, requests=requests)
    finally:
        context.close()


# --- checks on an open page ----------------------------------------------------------------


def request_problems(record: Visit) -> list[str]:
    """Requests to anyone but the page's own files, and cookies or storage it set."""
    problems = [f"Anfrage nach außen: {url}" for url in record.requests]
    foreign = record.page.evaluate(
        """() => {
        const found = [];
        const external = (v) => /^(https?:)?\\/\\//i.test((v || '').trim());
        for (const el of document.querySelectorAll('[src], [srcset], link[href], [poster], object[data], form[action]')) {
          for (const a of ['src', 'srcset', 'poster', 'data', 'action']) {
            if (external(el.getAttribute(a))) found.push(el.tagName.toLowerCase() + ' ' + a + '=' + el.getAttribute(a));
          }
          if (el.tagName === 'LINK' && external(el.getAttribute('href')))
            found.push('link rel=' + el.getAttribute('rel') + ' href=' + el.getAttribute('href'));
        }
        for (const el of document.querySelectorAll('[style]')) {
          if (/url\\(\\s*['"]?(https?:)?\\/\\//i.test(el.getAttribute('style'))) found.push('style=' + el.getAttribute('style'));
        }
        return found;
    }"""
    )
    problems += [f"Verweis auf eine fremde Quelle: {ref}" for ref in foreign]
    cookies = record.context.cookies()
    if cookies:
        problems.append("Cookies gesetzt: " + ", ".join(c["name"] for c in cookies))
    stored = record.page.evaluate(
        """() => { try { return localStorage.length + sessionStorage.length; } catch (e) { return 0; } }"""
    )
    if stored:
        problems.append(f"{stored} Einträge in localStorage/sessionStorage")
    return problems


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.x A/AA and of the landmark best practices."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": True} for rule in AXE_BEST_PRACTICE},
        "resultTypes": ["violations"],
    }
    result = Axe.from_file(AXE_JS).run(page, options=options)
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


def axe_problems(page: Page) -> list[str]:
    """One readable line per violation and affected element."""
    problems = []
    for violation in axe_violations(page):
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            problems.append(
                f"axe {violation['id']} ({violation['impact']}): {violation['help']} – {target}: "
                f"{summary[:300]} [{violation['helpUrl'].split('?')[0]}]"
            )
        if len(violation["nodes"]) > 5:
            problems.append(
                f"axe {violation['id']}: … und {len(violation['nodes']) - 5} weitere Stellen"
            )
    return problems


def skip_link_problems(page: Page) -> list[str]:
    """The first Tab must focus a visible link to an existing target inside ``main``."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    page.keyboard.press("Tab")
    found = page.evaluate(
        """() => {
        const el = document.activeElement;
        if (!el || el === document.body) return {problem: 'Der erste Tab fokussiert nichts.'};
        const href = el.getAttribute('href') || '';
        const text = (el.innerText || '').trim();
        const what = el.tagName.toLowerCase() + (href ? ' href=' + href : '') + ' „' + text + '“';
        if (el.tagName !== 'A' || !href.startsWith('#') || href.length < 2)
          return {problem: 'Der erste Tab fokussiert keinen Sprunglink, sondern ' + what};
        const target = document.getElementById(decodeURIComponent(href.slice(1)));
        if (!target) return {problem: 'Das Ziel des Sprunglinks fehlt: ' + what};
        if (!target.closest('main, [role=main]')) return {problem: 'Der Sprunglink führt nicht zum Hauptinhalt: ' + what};
        const box = el.getBoundingClientRect();
        if (box.width < 1 || box.height < 1 || box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth)
          return {problem: 'Der Sprunglink ist im Fokus nicht sichtbar: ' + what};
        return {problem: null};
    }"""
    )
    problem = found["problem"]
    return [problem] if problem else []


def reflow_problems(page: Page) -> list[str]:
    """No horizontal scrolling at 320 CSS px (WCAG 1.4.10); the widest culprits are named."""
    page.set_viewport_size(NARROW)
    try:
        measured = page.evaluate(
            """() => {
            const width = document.documentElement.scrollWidth;
            // the culprits: the innermost elements that stick out or whose content overflows
            const culprits = [];
            if (width > innerWidth) {
              const over = [...document.body.querySelectorAll('*')].filter((el) => {
                const r = el.getBoundingClientRect();
                return r.width > 0 && (r.right > innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1);
              });
              for (const el of over.filter((el) => !over.some((o) => o !== el && el.contains(o)))) {
                const id = el.id ? '#' + el.id : '';
                const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                const text = (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
                culprits.push(el.tagName.toLowerCase() + id + cls + ' „' + text + '“ ('
                  + Math.max(Math.round(el.getBoundingClientRect().right), el.scrollWidth) + ' px)');
              }
            }
            return {width, wide: culprits.slice(0, 5)};
        }"""
        )
    finally:
        page.set_viewport_size(DESKTOP)
    if measured["width"] <= NARROW["width"]:
        return []
    return [
        f"Bei 320 px Breite ist die Seite {measured['width']} px breit (waagrechtes Scrollen): "
        + ", ".join(measured["wide"])
    ]


def print_problems(page: Page) -> list[str]:
    """With the print stylesheet the page renders to a PDF that holds its main heading."""
    from pypdf import PdfReader

    page.emulate_media(media="print")
    try:
        heading = page.evaluate("() => (document.querySelector('h1') || {}).innerText || ''")
        data = page.pdf(format="A4", print_background=True)
    finally:
        page.emulate_media(media="screen")
    if not data.startswith(b"%PDF"):
        return ["Druckansicht: keine PDF"]
    reader = PdfReader(io.BytesIO(data))
    if not reader.pages:
        return ["Druckansicht: die PDF hat keine Seite"]
    # NFKC: PDF text of Arabic script comes out in presentation forms (U+FExx)
    text = unicodedata.normalize(
        "NFKC", " ".join((p.extract_text() or "") for p in reader.pages[:3])
    )
    words = [w for w in re.findall(r"\w+", unicodedata.normalize("NFKC", heading)) if len(w) > 3][
        :3
    ]
    missing = [w for w in words if w not in text]
    if not heading.strip():
        return ["Druckansicht: die Seite hat keine Überschrift h1"]
    if missing:
        return [
            f"Druckansicht: die Überschrift „{heading.strip()}“ fehlt im Druck ({', '.join(missing)})"
        ]
    return []


def language_problems(page: Page, lang: str, direction: str) -> list[str]:
    """``<html lang>`` as expected and the page's writing direction (``dir``)."""
    found = page.evaluate(
        """() => ({lang: document.documentElement.getAttribute('lang') || '',
                   dir: document.documentElement.getAttribute('dir') || '',
                   computed: getComputedStyle(document.body || document.documentElement).direction})"""
    )
    problems = []
    if found["lang"].lower() != lang.lower():
        problems.append(f"lang=„{found['lang']}“ statt „{lang}“")
    if direction == "rtl" and found["dir"] != "rtl":
        problems.append(f"dir=„{found['dir']}“ statt „rtl“")
    if found["computed"] != direction:
        problems.append(f"Schreibrichtung {found['computed']} statt {direction}")
    return problems


def own_rule_problems(page: Page, own_site: tuple[str, Path] | None = None) -> list[str]:
    """What axe does not report: vague link texts, links into the void (a missing file or
    anchor), a language's own name as link text („العربية“, ``hreflang``) not marked with its
    language (SC 3.1.2: read with a German voice), tables without headers, duplicate ids, and
    scripts (the page needs none; a script is what reads or stores on a device)."""
    found = page.evaluate(
        """() => {
        const text = (el) => (el.getAttribute('aria-label') || el.innerText || el.textContent || '')
          .replace(/\\s+/g, ' ').trim();
        const links = [...document.querySelectorAll('a[href]')].map((a) => ({
          label: text(a), href: a.getAttribute('href'), url: a.href,
          hreflang: a.getAttribute('hreflang'),
          lang: a.closest('[lang]') ? a.closest('[lang]').getAttribute('lang') : null,
          anchorMissing: a.getAttribute('href').startsWith('#') && a.getAttribute('href').length > 1
            && !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))),
        }));
        const tables = [...document.querySelectorAll('table')]
          .filter((t) => !t.querySelector('th'))
          .map((t) => (t.caption ? t.caption.innerText : t.innerText).replace(/\\s+/g, ' ').slice(0, 60));
        const counts = {};
        for (const el of document.querySelectorAll('[id]')) counts[el.id] = (counts[el.id] || 0) + 1;
        const dupes = Object.entries(counts).filter(([, n]) => n > 1);
        return {links, tables, dupes, scripts: document.scripts.length};
    }"""
    )
    problems = []
    for link in found["links"]:
        label, href = link["label"], link["href"]
        if label.lower().rstrip(" .:!…»›>").strip() in VAGUE_LINK_TEXTS:
            problems.append(f"Linktext sagt nicht, wohin: „{label}“ → {href}")
        if link["anchorMissing"]:
            problems.append(f"Sprungziel fehlt: „{label}“ → {href}")
        target = _local_file(link["url"], own_site)
        if target is not None and not target.exists():
            problems.append(f"Link ins Leere: „{label}“ → {href}")
        if (
            link["hreflang"]
            and _is_endonym(label, link["hreflang"])
            and link["lang"] != link["hreflang"]
        ):
            problems.append(
                f"Link in eine andere Sprache ohne passendes lang: „{label}“ "
                f"(hreflang={link['hreflang']}, lang={link['lang'] or '–'})"
            )
    problems += [f"Tabelle ohne Kopfzellen (th): „{t}“" for t in found["tables"]]
    problems += [f"id „{name}“ steht {n}-mal auf der Seite" for name, n in found["dupes"]]
    if found["scripts"]:
        problems.append(
            f"{found['scripts']} Skript(e) auf der Seite: sie soll ohne JavaScript auskommen"
        )
    return problems


def _is_endonym(label: str, code: str) -> bool:
    """Whether ``label`` names the language ``code`` in that language („العربية“ for ``ar``)."""
    from integrakonzept.render.languages import language, supported

    if not supported(code):
        return False
    return label.strip().casefold() == language(code).language_name(code).casefold()


def _local_file(url: str, own_site: tuple[str, Path] | None) -> Path | None:
    """The file a link points to on disk (``file:`` or below the page's own base URL)."""
    from urllib.parse import unquote, urlsplit

    if own_site is not None and url.startswith(own_site[0]):
        return own_site[1] / unquote(urlsplit(url).path.removeprefix(urlsplit(own_site[0]).path))
    if url.startswith("file:"):
        return Path(unquote(urlsplit(url).path))
    return None


def keyboard_problems(page: Page) -> list[str]:
    """Tab through the page: every visible link and control is reached, in document order,
    and shows where the focus is (SC 2.1.1, 2.4.3, 2.4.7)."""
    focusable = page.evaluate(
        """() => {
        const all = [...document.querySelectorAll('*')];
        window.__ikIndex = (el) => all.indexOf(el);
        const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
          + '[tabindex]:not([tabindex="-1"])';
        return [...document.querySelectorAll(selector)]
          .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
            && !el.closest('[inert], [hidden]') && !el.disabled)
          .map((el) => [all.indexOf(el), (el.innerText || el.value || el.tagName).replace(/\\s+/g, ' ').trim().slice(0, 50)]);
    }"""
    )
    problems: list[str] = []
    reached: list[int] = []
    # Chromium goes on from where the focus was (the skip link after its check): the walk
    # starts there, or at the top of a freshly loaded page.
    for step in range(len(focusable) + 2):
        if step:
            page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) return null;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow && style.boxShadow !== 'none';
            const box = el.getBoundingClientRect();
            const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
              && box.right > 0 && box.left < innerWidth;
            return {index: window.__ikIndex(el), shown: outline || shadow, inView,
                    text: (el.innerText || el.tagName).replace(/\\s+/g, ' ').trim().slice(0, 50)};
        }"""
        )
        if info is None and not step:
            continue
        if info is None or info["index"] in reached:
            break
        reached.append(info["index"])
        if not info["shown"]:
            problems.append(f"Fokus nicht sichtbar (kein outline/box-shadow): „{info['text']}“")
        if not info["inView"]:
            problems.append(f"Fokussiertes Element nicht im Bild: „{info['text']}“")
    if reached != sorted(reached):
        problems.append("Tab-Reihenfolge folgt nicht der Reihenfolge auf der Seite")
    missing = [text for index, text in focusable if index not in reached]
    problems += [f"Mit Tab nicht erreichbar: „{text}“" for text in missing[:5]]
    return problems


def word_break_problems(page: Page) -> list[str]:
    """On a desktop no word is split across two lines without a hyphen (a squeezed table
    column turns „Auftaktveranstaltung“ into „Auftaktveranstaltu / ng“). Addresses may break
    anywhere. At 320 px a long word may have to break; browsers with hyphenation dictionaries
    (this Chromium runs without them) add the hyphen there, so narrow widths are not checked."""
    found = page.evaluate(
        """() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found = [];
        for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || !parent.getClientRects().length) continue;
          if (/@|:\\/\\/|www\\./.test(node.data)) continue;  // e-mail addresses and links
          const size = parseFloat(getComputedStyle(parent).fontSize);
          for (const match of node.data.matchAll(/[^\\s\\-\\/\\u00ad\\u200b]{2,}/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
            if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > size / 2) {
              found.push(parent.tagName.toLowerCase() + ' „' + match[0] + '“');
              if (found.length >= 5) break;
            }
          }
        }
        return found;
    }"""
    )
    return [f"Wort mitten getrennt: {word}" for word in found]


def text_spacing_problems(page: Page) -> list[str]:
    """WCAG 1.4.12: with line height 1.5, paragraph spacing 2, letter spacing 0.12 and word
    spacing 0.16 (set through the CSSOM, which the page's CSP allows) nothing is cut off and
    nothing scrolls sideways at 320 px. Changes the page: run it last."""
    page.set_viewport_size(NARROW)
    try:
        found = page.evaluate(
            """() => {
            for (const el of document.querySelectorAll('body, body *')) {
              const size = parseFloat(getComputedStyle(el).fontSize);
              el.style.setProperty('line-height', (1.5 * size) + 'px', 'important');
              el.style.setProperty('letter-spacing', '0.12em', 'important');
              el.style.setProperty('word-spacing', '0.16em', 'important');
              if (el.tagName === 'P') el.style.setProperty('margin-bottom', (2 * size) + 'px', 'important');
            }
            const cut = [];
            for (const el of document.querySelectorAll('body *')) {
              const style = getComputedStyle(el);
              const box = el.getBoundingClientRect();
              if (box.width <= 1 || box.height <= 1) continue;  // visually hidden on purpose
              const clips = /(hidden|clip)/.test(style.overflowX + style.overflowY);
              if (clips && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
                cut.push(el.tagName.toLowerCase() + ' „' + (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '“');
            }
            return {width: document.documentElement.scrollWidth, cut: cut.slice(0, 5)};
        }"""
        )
    finally:
        page.set_viewport_size(DESKTOP)
    problems = [f"Mit größerem Zeilen- und Zeichenabstand abgeschnitten: {c}" for c in found["cut"]]
    if found["width"] > NARROW["width"]:
        problems.append(
            f"Mit größerem Zeilen- und Zeichenabstand bei 320 px {found['width']} px breit"
        )
    return problems


def check_page(
    browser: Browser,
    path: Path,
    *,
    lang: str,
    direction: str,
    skip_link: bool = True,
    own_site: tuple[str, Path] | None = None,
) -> dict[str, list[str]]:
    """Every browser check on one page, by name; an empty list means the check passed."""
    with visit(browser, path, own_site=own_site) as record:
        page = record.page
        results = {
            "lang": language_problems(page, lang, direction),
            "axe": axe_problems(page),
            "regeln": own_rule_problems(page, own_site),
            "sprunglink": skip_link_problems(page) if skip_link else [],
            "tastatur": keyboard_problems(page),
            "320px": reflow_problems(page),
            "worttrennung": word_break_problems(page),
            "druck": print_problems(page),
            "abstaende": text_spacing_problems(page),  # changes the page: last
        }
        # last: everything the page requested while being checked (also at 320 px and in print)
        results["anfragen"] = request_problems(record)
    return results


def report(path: Path, results: dict[str, list[str]]) -> str:
    """The problems of one page as a readable block ("" when there are none)."""
    lines = [
        f"  [{check}] {problem}" for check, problems in results.items() for problem in problems
    ]
    return f"{path}:\n" + "\n".join(lines) if lines else ""


def screenshot(browser: Browser, path: Path, target: Path, *, width: int, height: int) -> None:
    """The top ``width`` × ``height`` CSS px of the page as a small PNG (32 colours, no dithering:
    text stays sharp), taken offline like every check."""
    from PIL import Image

    with visit(browser, path, viewport={"width": width, "height": height}) as record:
        data = record.page.screenshot(animations="disabled")
        assert not record.requests, record.requests
    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(target, optimize=True)


# --- the page ik builds ------------------------------------------------------------------


def build_site(process_file: Path, out: Path) -> Path:
    """``ik build DATEI -o OUT`` as a user runs it; returns ``OUT/seite``."""
    run = subprocess.run(
        [sys.executable, "-m", "integrakonzept", "build", str(process_file), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"ik build {process_file}:\n{run.stdout}\n{run.stderr}"
    return out / "seite"


def page_path(site: Path, code: str) -> Path:
    """``seite/index.html`` (German), ``seite/leichte-sprache/index.html``, ``seite/ar/index.html``."""
    from integrakonzept.render.languages import LEICHTE_SPRACHE

    if code == "de":
        return site / "index.html"
    return site / ("leichte-sprache" if code == LEICHTE_SPRACHE else code) / "index.html"


def expected_language(code: str) -> tuple[str, str]:
    from integrakonzept.render.languages import language

    lang = language(code)
    return lang.html_lang, lang.direction


def fragment_path(site: Path, code: str) -> Path:
    return page_path(site, code).with_name("einbettung.html")


# --- the Nu Html Checker ---------------------------------------------------------------------

_VNU_LINE = re.compile(
    r'^"(?P<url>[^"]+)":(?P<where>[\d.\-]*): (?P<kind>error|fatal|warning|info)[^:]*: (?P<msg>.*)$'
)


def vnu_errors(paths: list[Path]) -> dict[Path, list[str]]:
    """Errors of the Nu Html Checker per file (HTML and, with ``--also-check-css``, CSS).

    One Java start for all files (it takes seconds); ``--errors-only`` leaves out the
    informational messages.
    """
    java = need_vnu()
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "gnu",
            "--also-check-css",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    found: dict[Path, list[str]] = {path: [] for path in paths}
    by_uri = {path.resolve().as_uri(): path for path in paths}
    unparsed = []
    for line in (result.stdout + result.stderr).splitlines():
        match = _VNU_LINE.match(line)
        if not match:
            if line.strip():
                unparsed.append(line)
            continue
        url = (
            match["url"].replace("file:/", "file:///", 1)
            if not match["url"].startswith("file:///")
            else match["url"]
        )
        path = by_uri.get(url)
        message = f"{match['where']}: {match['msg']}"
        if path is None:
            unparsed.append(line)
        else:
            found[path].append(message)
    if result.returncode not in (0, 1) or unparsed:
        raise AssertionError(
            f"vnu.jar lief nicht sauber (Exit {result.returncode}):\n" + "\n".join(unparsed)
        )
    if result.returncode == 1 and not any(found.values()):
        raise AssertionError(
            "vnu.jar meldet Fehler, die keiner Datei zuzuordnen sind:\n" + result.stderr
        )
    return found


# --- the CMS fragment ------------------------------------------------------------------------


class _FragmentScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FRAGMENT_FORBIDDEN_TAGS:
            self.problems.append(
                f"<{tag}> im Fragment (ein Editor entfernt es oder die CSP sperrt es)"
            )
        for name, value in attrs:
            value = value or ""
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> im Fragment")
            if name == "id" and not value.startswith(FRAGMENT_ID_PREFIX):
                self.problems.append(f"id „{value}“ ohne Präfix „{FRAGMENT_ID_PREFIX}“")
            if name in ("href", "src") and not re.match(
                r"^(https?://|mailto:|tel:|#)", value.strip()
            ):
                self.problems.append(
                    f"<{tag} {name}=„{value}“>: im CMS braucht es eine absolute Adresse"
                )
            if (
                name == "href"
                and value.startswith("#")
                and not value.startswith("#" + FRAGMENT_ID_PREFIX)
            ):
                self.problems.append(f"Sprungziel „{value}“ ohne Präfix „{FRAGMENT_ID_PREFIX}“")
            if name == "href" and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript:-Link im Fragment: {value}")

    def handle_comment(self, data: str) -> None:
        if "<" in data:
            self.problems.append("Markup in einem Kommentar des Fragments")


def fragment_problems(text: str) -> list[str]:
    """What a TYPO3-like sanitiser or a host's CSP would strip or block in the fragment."""
    scan = _FragmentScan()
    scan.feed(text)
    scan.close()
    if re.search(r"<!doctype", text, re.IGNORECASE):
        scan.problems.append(
            "<!DOCTYPE> im Fragment: es ist der Teil einer Seite, keine ganze Seite"
        )
    return scan.problems


class _FirstTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.attrs is None:
            self.attrs = dict(attrs)


def fragment_language(text: str) -> tuple[str, str]:
    """``lang`` and ``dir`` of the fragment's outermost element (it carries its language)."""
    first = _FirstTag()
    first.feed(text)
    attrs = first.attrs or {}
    return attrs.get("lang") or "", attrs.get("dir") or "ltr"


#: The host page's stylesheet: what a town's responsive CMS theme does for its rich text. The
#: fragment brings no CSS of its own, so its reflow and target sizes are the theme's: readable
#: line height (24 px lines, WCAG 2.5.8), long words wrap, images shrink, and data tables scroll
#: in their own box (WCAG 1.4.10 exempts content that needs two dimensions).
HOST_CSS = (
    "body { margin: 0 auto; max-width: 60rem; padding: 0 1rem; font-family: sans-serif;"
    " line-height: 1.5; overflow-wrap: break-word; }"
    " h1 { font-size: 1.5rem; } img { max-width: 100%; height: auto; }"
    " table { display: block; max-width: 100%; overflow-x: auto; }"
)


def host_page(fragment: Path, target: Path, *, lang: str = "de", direction: str = "ltr") -> Path:
    """A minimal CMS page around the fragment: the host owns ``lang``, the ``h1``, ``main``
    and the stylesheet (:data:`HOST_CSS`)."""
    target.write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}" dir="{direction}">\n'
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Integrationskonzept – Seite der Stadt</title>\n"
        f"<style>{HOST_CSS}</style></head>\n"
        '<body><a href="#inhalt">Zum Inhalt springen</a>\n'
        '<main id="inhalt"><h1>Mitreden in der Stadt</h1>\n'
        + fragment.read_text(encoding="utf-8")
        + "\n</main></body></html>\n",
        encoding="utf-8",
    )
    return target
