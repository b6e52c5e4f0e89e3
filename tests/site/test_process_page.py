"""The public process page in a real browser, offline (issue 17).

One Chromium for the whole module (:mod:`browser_harness` says how it is started and
what each check does). First the checks themselves are shown to work: a deliberately
bad page and fragment (``data/schlecht``) must trip every one of them, a small good page
(``data/gut``) none.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_harness import (
    build_site,
    check_page,
    expected_language,
    fragment_language,
    fragment_path,
    fragment_problems,
    host_page,
    launched_browser,
    page_path,
    report,
    vnu_errors,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_browser() as started:
        yield started


# --- the checks catch what they are for ---------------------------------------------------


@pytest.fixture(scope="module")
def bad_page(browser: Browser) -> dict[str, list[str]]:
    return check_page(browser, DATA / "schlecht" / "index.html", lang="de", direction="ltr")


def test_request_log_catches_an_external_font(bad_page: dict[str, list[str]]) -> None:
    assert any("https://fonts.googleapis.com/css2?family=Roboto" in p for p in bad_page["anfragen"])
    assert any(p.startswith("Anfrage nach außen:") for p in bad_page["anfragen"])
    assert any(
        "Verweis auf eine fremde Quelle: link rel=stylesheet" in p for p in bad_page["anfragen"]
    )


def test_axe_catches_missing_lang_low_contrast_and_missing_alt(
    bad_page: dict[str, list[str]],
) -> None:
    rules = {p.split()[1] for p in bad_page["axe"]}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= rules, bad_page["axe"]
    # the readable message names the element
    assert any("color-contrast" in p and ".grau" in p for p in bad_page["axe"])


def test_language_check_catches_missing_lang(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["lang"] == ["lang=„“ statt „de“"]


def test_missing_skip_link_is_reported(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["sprunglink"] == [
        "Der erste Tab fokussiert keinen Sprunglink, sondern a href=index.html „Startseite“"
    ]


def test_too_wide_at_320_px_is_reported(bad_page: dict[str, list[str]]) -> None:
    (problem,) = bad_page["320px"]
    assert problem.startswith("Bei 320 px Breite ist die Seite ")
    assert "div.breit" in problem


def test_own_rules_catch_links_tables_ids_and_scripts(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["regeln"] == [
        "Linktext sagt nicht, wohin: „hier“ → termine.html",
        "Link ins Leere: „hier“ → termine.html",
        "Link in eine andere Sprache ohne passendes lang: „العربية“ (hreflang=ar, lang=–)",
        "Sprungziel fehlt: „Zu den Ergebnissen“ → #nirgends",
        "Tabelle ohne Kopfzellen (th): „Wann Was 10.04. Werkstatt“",
        "id „doppelt“ steht 2-mal auf der Seite",
        "1 Skript(e) auf der Seite: sie soll ohne JavaScript auskommen",
    ]


def test_keyboard_walk_catches_invisible_focus(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["tastatur"] == [
        "Fokus nicht sichtbar (kein outline/box-shadow): „Startseite“",
        "Fokus nicht sichtbar (kein outline/box-shadow): „hier“",
        "Fokus nicht sichtbar (kein outline/box-shadow): „العربية“",
        "Fokus nicht sichtbar (kein outline/box-shadow): „Zu den Ergebnissen“",
        "Fokus nicht sichtbar (kein outline/box-shadow): „Startseite auf Englisch“",
    ]


def test_text_spacing_catches_clipped_text(bad_page: dict[str, list[str]]) -> None:
    assert (
        "Mit größerem Zeilen- und Zeichenabstand abgeschnitten: p „Knapp bemessen“"
        in (bad_page["abstaende"])
    )


def test_words_broken_in_the_middle_are_reported(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["worttrennung"] == ["Wort mitten getrennt: p „Teilnehmende“"]


def test_print_view_renders(bad_page: dict[str, list[str]]) -> None:
    assert bad_page["druck"] == []


def test_report_lists_every_problem(bad_page: dict[str, list[str]]) -> None:
    text = report(Path("schlecht/index.html"), bad_page)
    assert text.startswith("schlecht/index.html:\n  [lang] lang=„“ statt „de“")
    assert text.count("\n  [") == sum(len(p) for p in bad_page.values())


def test_fragment_rules_catch_what_a_cms_strips() -> None:
    problems = fragment_problems(
        (DATA / "schlecht" / "einbettung.html").read_text(encoding="utf-8")
    )
    assert problems == [
        "<style> im Fragment (ein Editor entfernt es oder die CSP sperrt es)",
        "id „prozess“ ohne Präfix „ik-“",
        "<h2 style=…> im Fragment",
        "<a href=„termine.ics“>: im CMS braucht es eine absolute Adresse",
        "Sprungziel „#prozess“ ohne Präfix „ik-“",
        "<script> im Fragment (ein Editor entfernt es oder die CSP sperrt es)",
        "<!DOCTYPE> im Fragment: es ist der Teil einer Seite, keine ganze Seite",
    ]


@pytest.fixture(scope="module")
def fixture_hosts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The good fragment in a CMS host page, and a stylesheet with a typo."""
    folder = tmp_path_factory.mktemp("fixtures")
    broken_css = folder / "kaputt.css"
    broken_css.write_text("body { colr: red; }\n", encoding="utf-8")
    return {
        "host": host_page(DATA / "gut" / "einbettung.html", folder / "cms.html"),
        "css": broken_css,
    }


@pytest.fixture(scope="module")
def fixture_vnu(fixture_hosts: dict[str, Path]) -> dict[Path, list[str]]:
    """One run of the Nu Html Checker over every fixture file (Java starts in seconds)."""
    return vnu_errors(
        [
            DATA / "schlecht" / "index.html",
            DATA / "gut" / "index.html",
            DATA / "gut" / "seite.css",
            fixture_hosts["host"],
            fixture_hosts["css"],
        ]
    )


def test_vnu_catches_duplicate_id_and_missing_alt(fixture_vnu: dict[Path, list[str]]) -> None:
    errors = fixture_vnu[DATA / "schlecht" / "index.html"]
    assert any("Duplicate ID “doppelt”" in e for e in errors), errors
    assert any("must have an “alt” attribute" in e for e in errors), errors


def test_vnu_checks_css(fixture_vnu: dict[Path, list[str]], fixture_hosts: dict[str, Path]) -> None:
    assert fixture_vnu[fixture_hosts["css"]] == [
        "1.14-1.16: CSS: “colr”: Property “colr” doesn't exist."
    ]


def test_good_fixtures_are_valid_html(
    fixture_vnu: dict[Path, list[str]], fixture_hosts: dict[str, Path]
) -> None:
    assert fixture_vnu[DATA / "gut" / "index.html"] == []
    assert fixture_vnu[DATA / "gut" / "seite.css"] == []
    assert fixture_vnu[fixture_hosts["host"]] == []


def test_good_page_passes_every_check(browser: Browser) -> None:
    path = DATA / "gut" / "index.html"
    results = check_page(browser, path, lang="de", direction="ltr")
    assert not report(path, results), report(path, results)


def test_good_fragment_passes_in_a_host_page(
    browser: Browser, fixture_hosts: dict[str, Path]
) -> None:
    fragment = DATA / "gut" / "einbettung.html"
    assert fragment_problems(fragment.read_text(encoding="utf-8")) == []
    host = fixture_hosts["host"]
    results = check_page(
        browser,
        host,
        lang="de",
        direction="ltr",
        own_site=("https://www.musterstadt.example.de/integration/", DATA / "gut"),
    )
    assert not report(host, results), report(host, results)


def test_wrong_language_and_direction_are_reported(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    shutil.copy(DATA / "gut" / "index.html", page)
    shutil.copy(DATA / "gut" / "seite.css", tmp_path / "seite.css")
    results = check_page(browser, page, lang="ar", direction="rtl")
    assert results["lang"] == [
        "lang=„de“ statt „ar“",
        "dir=„ltr“ statt „rtl“",
        "Schreibrichtung ltr statt rtl",
    ]


# --- the real page: what `ik build` writes for the examples ----------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: The examples as they are, and Elmshorn once more in five languages: Arabic and Farsi
#: (right to left), Leichte Sprache and English next to German.
MANY_LANGUAGES = ["de", "ar", "de-x-ls", "fa", "en"]
#: where the tests pretend the folder seite/ is uploaded (answered from the built folder)
BASE_URL = "https://www.kommune.example.de/integrationskonzept/"
PROCESSES = {
    "elmshorn": EXAMPLES / "elmshorn-2025",
    "ostholstein": EXAMPLES / "ostholstein-2025",
    "vielsprachig": EXAMPLES / "elmshorn-2025",
}


def _languages(name: str) -> list[str]:
    """The languages a process's page is written in: every entry of ``sprachen:``."""
    if name == "vielsprachig":
        return MANY_LANGUAGES
    from integrakonzept.process.load import load_process

    return list(load_process(PROCESSES[name] / "prozess.yaml").languages)


LANGUAGE_CASES = [(name, code) for name in PROCESSES for code in _languages(name)]


@dataclass(frozen=True)
class Built:
    """One process built by ``ik build`` into a temporary folder."""

    process_file: Path
    site: Path
    base_url: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Each process built once, as a user builds it (``ik build DATEI -o ORDNER``)."""
    from integrakonzept.process.load import load_process

    result = {}
    for name, folder in PROCESSES.items():
        work = tmp_path_factory.mktemp(name)
        source = work / "prozess"
        shutil.copytree(
            folder, source, ignore=shutil.ignore_patterns("ausgabe", "anmeldungen.xlsx")
        )
        process_file = source / "prozess.yaml"
        text = process_file.read_text(encoding="utf-8")
        if name == "vielsprachig":
            changed = re.sub(
                r"(?m)^sprachen: \[.*\]$", f"sprachen: [{', '.join(MANY_LANGUAGES)}]", text
            )
            assert changed != text, "sprachen: not found in the Elmshorn example"
            text = changed
        if load_process(PROCESSES[name] / "prozess.yaml").publication.base_url is None:
            # The web team's setting: where seite/ is uploaded. Only with it can the CMS
            # fragment link absolutely (without it ik build warns; see the README).
            assert "veroeffentlichung:" not in text, f"{name}: veroeffentlichung without basis_url"
            text += f"\nveroeffentlichung:\n  basis_url: {BASE_URL}{name}/\n"
        process_file.write_text(text, encoding="utf-8")
        site = build_site(process_file, work / "ausgabe")
        base = load_process(process_file).publication.base_url
        assert base is not None
        result[name] = Built(process_file, site, str(base))
    return result


def test_every_language_has_its_page(built: dict[str, Built]) -> None:
    for name, build in built.items():
        expected = {page_path(build.site, code) for code in _languages(name)}
        found = set(build.site.glob("index.html")) | set(build.site.glob("*/index.html"))
        assert found == expected, name


@pytest.mark.parametrize(
    ("name", "code"), LANGUAGE_CASES, ids=[f"{n}-{c}" for n, c in LANGUAGE_CASES]
)
def test_page_passes_every_browser_check(
    browser: Browser, built: dict[str, Built], name: str, code: str
) -> None:
    path = page_path(built[name].site, code)
    lang, direction = expected_language(code)
    results = check_page(browser, path, lang=lang, direction=direction)
    assert not report(path, results), report(path, results)


@pytest.mark.parametrize(
    ("name", "code"), LANGUAGE_CASES, ids=[f"{n}-{c}" for n, c in LANGUAGE_CASES]
)
def test_fragment_survives_a_cms_and_passes_in_a_host_page(
    browser: Browser, built: dict[str, Built], name: str, code: str, tmp_path: Path
) -> None:
    """The fragment in a German CMS page: nothing a sanitiser strips, its own ``lang``/``dir``
    in a foreign language, and every browser check of the host page passes."""
    build = built[name]
    fragment = fragment_path(build.site, code)
    text = fragment.read_text(encoding="utf-8")
    problems = fragment_problems(text)
    assert not problems, f"{fragment}:\n  " + "\n  ".join(problems)
    lang, direction = expected_language(code)
    if lang != "de":
        assert fragment_language(text) == (lang, direction)
    host = host_page(fragment, tmp_path / "cms.html")
    results = check_page(
        browser, host, lang="de", direction="ltr", own_site=(build.base_url, build.site)
    )
    assert not report(host, results), report(host, results)


def other_pages(site: Path) -> list[Path]:
    """Every further page of ``seite/`` (e.g. the accessibility statement)."""
    return sorted(
        p for p in site.rglob("*.html") if p.name not in ("index.html", "einbettung.html")
    )


def test_other_pages_pass_every_browser_check(browser: Browser, built: dict[str, Built]) -> None:
    problems = []
    for build in built.values():
        for path in other_pages(build.site):
            folder = path.parent.relative_to(build.site).as_posix()
            code = {".": "de", "leichte-sprache": "de-x-ls"}.get(folder, folder)
            lang, direction = expected_language(code)
            problems.append(report(path, check_page(browser, path, lang=lang, direction=direction)))
    assert not "".join(problems), "\n".join(p for p in problems if p)


def test_all_pages_fragments_and_stylesheets_are_valid(
    built: dict[str, Built], tmp_path: Path
) -> None:
    """The Nu Html Checker over every page, every fragment (in its host page) and the CSS."""
    files = []
    for name, build in built.items():
        files += sorted(build.site.rglob("*.css")) + [
            p for p in sorted(build.site.rglob("*.html")) if p.name != "einbettung.html"
        ]
        for code in _languages(name):
            files.append(
                host_page(fragment_path(build.site, code), tmp_path / f"{name}-{code}-cms.html")
            )
    errors = vnu_errors(files)
    found = "\n".join(
        f"{path}:\n  " + "\n  ".join(lines) for path, lines in errors.items() if lines
    )
    assert not found, found
