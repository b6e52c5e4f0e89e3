"""The public process page (``seite/``) by construction: structure, languages, privacy, no leaks.

Every page of both examples and of the generated process matrix (tests/process_matrix.py)
is parsed and checked for what WCAG 2.1 AA / BITV 2.0 ask of its structure and for what
must never appear. The browser checks (axe, vnu, 320 px, network log) are in tests/site/.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from site_html import Parsed, parse

from integrakonzept.output import Writer
from integrakonzept.process.load import load_process
from integrakonzept.process.model import EventPhase, Process
from integrakonzept.results.participation import participation
from integrakonzept.results.report import outcome_missing, phase_state
from integrakonzept.site.page import (
    CSP,
    FRAGMENT,
    SiteResult,
    build_site,
    page_folder,
    page_languages,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/prozess.yaml"))
STATE_WORDS_DE = {
    "abgeschlossen",
    "läuft",
    "geplant",
    "vorbei, Ergebnisse folgen",
    "abgesagt",
    "verschoben",
}
ENGLISH = re.compile(
    r"\b(the|and|with|for|registration|register|calendar|results|download|contact|event|"
    r"language|page|upcoming|past|status of|step)\b",
    re.IGNORECASE,
)
LEAKS = ("None", "{{", "}}", "{%", "%}", "undefined", "nan ", "Traceback", "\x00", "\x01")
FOCUSABLE = ("a", "button", "input", "select", "textarea")


def build(process: Process, root: Path, today: date) -> SiteResult:
    return build_site(
        process,
        Writer(),
        root,
        today=today,
        figures=participation(process, None),
        documentation=False,
    )


def _rtl(code: str) -> bool:
    return code in ("ar", "fa", "prs")


def check_document(doc: Parsed, html: str, *, lang: str, today: date, process: Process) -> None:
    """What every standalone page must be (see the module docstring)."""
    (root,) = doc.all("html")
    assert doc.doctype
    assert root.attrs.get("lang") == lang
    assert root.attrs.get("dir") == ("rtl" if _rtl(lang) else "ltr")
    # CSP: nothing but the page's own folder
    metas = [m for m in doc.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert [m.attrs["content"] for m in metas] == [CSP]
    assert "default-src 'self'" in CSP and "script" not in html.lower().replace("noscript", "")
    # landmarks and headings
    assert len(doc.all("main")) == 1 and doc.all("header") and doc.all("footer")
    assert doc.headings.count(1) == 1 and doc.headings[0] == 1
    for before, after in zip(doc.headings, doc.headings[1:], strict=False):
        assert after <= before + 1, f"Überschrift springt von h{before} auf h{after}"
    # skip link: the first focusable element, to the main content
    focusable = [
        e for e in doc.elements if e.tag in FOCUSABLE and ("href" in e.attrs or e.tag != "a")
    ]
    assert focusable[0].attrs.get("href") == "#ik-inhalt"
    assert doc.all("main")[0].attrs.get("id") == "ik-inhalt"
    _check_common(doc, html, lang=lang, today=today, process=process)


def _check_common(doc: Parsed, html: str, *, lang: str, today: date, process: Process) -> None:
    # no external resource of any kind: stylesheets, images, frames, scripts are local (or data:)
    for element in doc.elements:
        for attr in ("src", "srcset", "data", "poster"):
            if attr in element.attrs:
                value = element.attrs[attr]
                assert not re.match(r"^(https?:)?//", value), f"externe Ressource: {value}"
                assert element.tag == "img", f"<{element.tag}> lädt etwas"
        if element.tag == "link" and element.attrs.get("rel") in ("stylesheet", "preload", "icon"):
            assert not re.match(r"^(https?:)?//", element.attrs["href"])
    assert not doc.all("script") and not doc.all("iframe") and not doc.all("object")
    assert "@import" not in html and "fonts.googleapis" not in html
    for img in doc.all("img"):
        assert img.attrs.get("alt", "").strip(), f"Bild ohne Alternativtext: {img.attrs}"
    # ids: unique, prefixed
    ids = [e.attrs["id"] for e in doc.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("ik-") for i in ids), ids
    for element in doc.elements:
        for ref in ("aria-labelledby",):
            if ref in element.attrs:
                assert element.attrs[ref] in ids
    # the timeline: status as text on every step, aria-current on the one running step
    figures = participation(process, None)
    states = [
        "open"
        if outcome_missing(p, today)
        else phase_state(
            p, today, isinstance(p, EventPhase) and figures.event(p.id).attendance_recorded
        )
        for p in process.phases
    ]
    steps = [e for e in doc.elements if "ik-schritt" in e.attrs.get("class", "").split()]
    assert len(steps) == len(process.phases)
    current = [e for e in doc.elements if e.attrs.get("aria-current") == "step"]
    # the step that runs today, else the next one ahead; none once everything lies behind
    assert len(current) == (1 if {"running", "ahead"} & set(states) else 0)
    if current:
        wanted = "running" if "running" in states else "ahead"
        assert current[0] is steps[states.index(wanted)]
    statuses = [e for e in doc.elements if e.attrs.get("class") == "ik-status"]
    assert len(statuses) == len(process.phases)
    if lang == "de":
        for status, state in zip(statuses, states, strict=True):
            word = status.text.strip().removeprefix("Status: ")
            assert word in STATE_WORDS_DE
            assert (state == "running") == (word == "läuft")
    assert all(s.text.strip() for s in statuses)
    # dates as <time datetime>
    for t in doc.all("time"):
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", t.attrs.get("datetime", "")), t.attrs
        assert t.text.strip()
    assert today.isoformat() in [t.attrs["datetime"] for t in doc.all("time")]
    # tables: caption and th scope
    assert len(doc.all("caption")) == len(doc.all("table"))
    assert all(c.text.strip() for c in doc.all("caption"))
    for th in doc.all("th"):
        assert th.attrs.get("scope") in ("col", "row")
    # no empty section: each has more than its heading
    for section in doc.all("section"):
        heading_text = ""
        for e in doc.elements:
            if e.attrs.get("id") == section.attrs.get("aria-labelledby"):
                heading_text = e.text
        assert len(section.text.strip()) > len(heading_text.strip()) + 3
    # language links name their language in it
    for a in doc.all("a"):
        if "hreflang" in a.attrs and a.attrs.get("lang") is None:
            assert a.attrs.get("type") == "application/pdf" or a.attrs.get("hreflang") == "de"
        assert a.text.strip(), f"Link ohne Text: {a.attrs}"
        assert a.text.strip().lower() not in ("hier", "mehr", "link", "here")
    # what must never show
    text = doc.visible_text
    attributes = " ".join(v for e in doc.elements for v in e.attrs.values())
    for leak in LEAKS:
        assert leak not in text, leak
        assert leak not in attributes, leak
    if lang == "de":
        german_only = " ".join(t for t, text_lang in doc.texts if text_lang in ("de", ""))
        assert not ENGLISH.findall(german_only), ENGLISH.findall(german_only)


def _pages(result: SiteResult) -> dict[str, Path]:
    folder = result.folder
    return {
        code: folder / page_folder(code) / "index.html"
        for code in ["de", *[p.parent.name for p in result.pages if p.parent != folder]]
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("today", [date(2025, 3, 10), date(2025, 3, 19), date(2026, 11, 25)])
def test_example_pages(example: Path, today: date, tmp_path: Path) -> None:
    process = load_process(example)
    result = build(process, tmp_path, today)
    assert (tmp_path / "seite" / "index.html").is_file()
    assert len(result.pages) == len(page_languages(process))
    for page in result.pages:
        html = page.read_text(encoding="utf-8")
        doc = parse(html)
        lang = doc.all("html")[0].attrs["lang"]
        assert page == result.folder / page_folder(lang) / "index.html"
        check_document(doc, html, lang=lang, today=today, process=process)


def test_upcoming_event_is_complete(tmp_path: Path) -> None:
    """An upcoming event: full date, time, venue, access, registration link that says where, QR, .ics."""
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    build(process, tmp_path, date(2025, 3, 1))  # before the registration deadline (5 March)
    html = (tmp_path / "seite" / "index.html").read_text(encoding="utf-8")
    doc = parse(html)
    text = doc.visible_text.replace("\u00a0", " ")
    assert "Mittwoch, 19. März 2025" in text and "16:00 bis 19:00 Uhr" in text
    assert "Rathaus Elmshorn, Kollegiumssaal" in text
    assert "Der Ort ist ohne Stufen erreichbar." in text
    assert "Kinderbetreuung" in text or "Betreuung" in text
    links = {a.text.strip(): a.attrs["href"] for a in doc.all("a")}
    assert links["Zur Anmeldung: Auftaktveranstaltung „Elmshorn im Dialog“"].startswith(
        "https://anmeldung.example.de/elmshorn-auftakt?utm_source=prozessseite"
    )
    (qr,) = doc.all("img")
    assert (tmp_path / "seite" / qr.attrs["src"]).is_file()
    assert "https://anmeldung.example.de/elmshorn-auftakt" in qr.attrs["alt"]
    assert "https://anmeldung.example.de/elmshorn-auftakt" in text  # the address, visible
    ics = links["Kalendereintrag: Auftaktveranstaltung „Elmshorn im Dialog“"]
    assert (tmp_path / "seite" / ics).read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert re.search(r"\(ICS, \d+ KB\)", text)
    assert (tmp_path / "seite" / "termine.ics").is_file()
    # after the event: no longer under the next dates, but in the past ones
    build(process, tmp_path / "später", date(2025, 3, 20))
    later = parse((tmp_path / "später" / "seite" / "index.html").read_text(encoding="utf-8"))
    assert "Nächste Termine" not in later.visible_text
    assert "Vergangene Termine" in later.visible_text
    assert not any(a.text.startswith("Zur Anmeldung") for a in later.all("a"))


def test_downloads_say_format_and_size(tmp_path: Path) -> None:
    """Invitations to coming public events per language and, once a phase is done, the
    documentation: link text says what it is, then format and size."""
    process = load_process(ROOT / "examples" / "ostholstein-2025" / "prozess.yaml")
    figures = participation(process, None)
    pdf = b"%PDF-1.7 " + b"x" * 5000
    invitations = {
        tmp_path / "beteiligung-ehrenamt" / "beteiligung-ehrenamt-einladung.pdf": pdf,
        tmp_path / "beteiligung-ehrenamt" / "beteiligung-ehrenamt-einladung-ar.pdf": pdf,
    }
    result = build_site(
        process,
        Writer(),
        tmp_path,
        today=date(2025, 5, 20),
        figures=figures,
        invitations=invitations,
    )
    doc = parse((result.folder / "index.html").read_text(encoding="utf-8"))
    items = [li.text.strip() for li in doc.all("li") if "(PDF, " in li.text]
    assert items[0].startswith("Dokumentation des Beteiligungsprozesses (Deutsch)")
    assert re.fullmatch(r".*\(PDF, \d+ KB\)", items[0])
    assert (
        "Einladung: Beteiligungsveranstaltung für Zivilgesellschaft und Ehrenamt (Arabisch) (PDF, 5 KB)"
        in items
    )
    assert (result.folder / "dateien" / "beteiligung-ehrenamt-einladung-ar.pdf").read_bytes() == pdf
    assert (result.folder / "dateien" / "dokumentation.pdf").read_bytes().startswith(b"%PDF")
    # after the event: no invitation any more; before anything is done: no documentation
    later = build_site(
        process,
        Writer(),
        tmp_path / "b",
        today=date(2025, 5, 25),
        figures=figures,
        invitations=invitations,
    )
    assert "einladung" not in (later.folder / "index.html").read_text(encoding="utf-8")
    early = build_site(
        process, Writer(), tmp_path / "c", today=date(2025, 3, 1), figures=figures, invitations={}
    )
    assert not (early.folder / "dateien" / "dokumentation.pdf").exists()


def test_council_step_is_not_done_by_the_calendar(tmp_path: Path) -> None:
    """A council decision long past without a recorded outcome is neither done nor planned:
    its day is over and its outcome follows (issue 8, one truth); before it, it is planned."""
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    build(process, tmp_path, date(2026, 11, 25))
    doc = parse((tmp_path / "seite" / "index.html").read_text(encoding="utf-8"))
    step = next(e for e in doc.elements if e.attrs.get("id") == "ik-phase-beschluss")
    assert "Status: vorbei, Ergebnisse folgen" in step.text
    assert "geplant" not in step.text and "abgeschlossen" not in step.text
    build(process, tmp_path / "vorher", date(2025, 3, 10))
    doc = parse((tmp_path / "vorher" / "seite" / "index.html").read_text(encoding="utf-8"))
    step = next(e for e in doc.elements if e.attrs.get("id") == "ik-phase-beschluss")
    assert "Status: geplant" in step.text
    assert "ik-meilenstein" in step.attrs["class"]


def test_page_url_in_calendar_description(tmp_path: Path, write_yaml: object) -> None:
    source = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    source += "\nveroeffentlichung:\n  basis_url: https://www.elmshorn.example.de/fileadmin/ik\n"
    path = tmp_path / "prozess.yaml"
    path.write_text(source, encoding="utf-8")
    process = load_process(path)
    assert process.publication.base_url == "https://www.elmshorn.example.de/fileadmin/ik/"
    result = build(process, tmp_path / "out", date(2025, 3, 10))
    ics = (result.folder / "termine.ics").read_bytes().decode("utf-8")
    unfolded = ics.replace("\r\n ", "")
    assert "https://www.elmshorn.example.de/fileadmin/ik/index.html" in unfolded
    fragment = (result.folder / FRAGMENT).read_text(encoding="utf-8")
    assert (
        'href="https://www.elmshorn.example.de/fileadmin/ik/dateien/auftakt-termin.ics"' in fragment
    )
    assert not any("basis_url" in w for w in result.warnings)


LANGUAGE_SETS = [
    ["de"],
    ["de", "ar", "tr"],
    ["de", "de-x-ls", "uk", "ru"],
    ["de", "fa", "prs", "pl", "en"],
]


def test_generated_processes(tmp_path: Path) -> None:
    """Every process of the matrix in several languages, on a day before, during and after it:
    every page passes, and there is one page per language with its own ``lang``/``dir``."""
    import yaml

    from process_matrix import COUNT, process_data

    folder = tmp_path / "matrix"
    folder.mkdir()
    for i in range(COUNT):
        data = process_data(i)
        data["sprachen"] = LANGUAGE_SETS[i % len(LANGUAGE_SETS)]
        if i % 3 == 0:
            data["veroeffentlichung"] = {"basis_url": f"https://www.example.de/seite-{i}"}
        path = folder / f"prozess-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        process = load_process(path)
        first = min(p.first_day() for p in process.phases)
        last = max(p.last_day() for p in process.phases)
        for today in (first.replace(day=1), first, last):
            result = build(process, tmp_path / "out" / path.stem / today.isoformat(), today)
            langs = []
            for page in result.pages:
                html = page.read_text(encoding="utf-8")
                doc = parse(html)
                lang = doc.all("html")[0].attrs["lang"]
                langs.append(lang)
                check_document(doc, html, lang=lang, today=today, process=process)
            assert langs == data["sprachen"]


def test_after_the_deadline_no_call_to_register(tmp_path: Path) -> None:
    """Review: on 10 March the page still asked to register by 5 March, with the form link."""
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    deadline = next(p for p in process.event_phases() if p.id == "auftakt").registration
    assert deadline is not None and deadline.deadline == date(2025, 3, 5)
    build(process, tmp_path / "vor", date(2025, 3, 1))
    before = (tmp_path / "vor" / "seite" / "index.html").read_text(encoding="utf-8")
    assert "bis zum" in before and "Zur Anmeldung" in before
    build(process, tmp_path / "nach", date(2025, 3, 10))
    after = parse((tmp_path / "nach" / "seite" / "index.html").read_text(encoding="utf-8"))
    event = next(e for e in after.elements if e.attrs.get("id") == "ik-termin-auftakt")
    assert "Die Anmeldefrist endete am" in event.text and "5. März 2025" in event.text
    assert "Bitte melden Sie sich" not in event.text and "Zur Anmeldung" not in event.text
    # the way to ask for a remaining place stays
    assert "E-Mail" in event.text or "Telefon" in event.text


def test_results_of_a_phase_not_yet_begun_stay_off(tmp_path: Path) -> None:
    """Review: with the page dated before the kick-off, its results were already shown."""
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    auftakt = next(p for p in process.phases if p.id == "auftakt")
    assert auftakt.results is not None and auftakt.results.fields
    goal = next(g for f in auftakt.results.fields for g in f.goals + f.ideas)
    build(process, tmp_path / "vor", date(2025, 3, 10))
    assert goal not in (tmp_path / "vor" / "seite" / "index.html").read_text(encoding="utf-8")
    build(process, tmp_path / "nach", date(2025, 3, 20))
    assert goal in (tmp_path / "nach" / "seite" / "index.html").read_text(encoding="utf-8")


def test_past_events_with_only_a_month_are_listed(tmp_path: Path) -> None:
    process = load_process(ROOT / "examples" / "ostholstein-2025" / "prozess.yaml")
    monthly = [p for p in process.event_phases() if not p.date.is_exact]
    assert monthly
    build(process, tmp_path, date(2026, 11, 25))
    doc = parse((tmp_path / "seite" / "index.html").read_text(encoding="utf-8"))
    past = next(e for e in doc.elements if e.tag == "table")
    for phase in monthly:
        assert phase.title in past.text


def test_sources_of_results_in_the_page_language(tmp_path: Path) -> None:
    """The phase a result comes from is named in the page's language where it is translated,
    else marked as German (WCAG 3.1.2)."""
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    build(process, tmp_path, date(2026, 11, 25))
    translated = process.translations["tr"].phases["auftakt"].title
    assert translated
    html = (tmp_path / "seite" / "tr" / "index.html").read_text(encoding="utf-8")
    quellen = re.findall(r'<span class="ik-quelle">(.*?)</span></li>', html, re.S)
    assert quellen
    for quelle in quellen:
        assert "Auftaktveranstaltung" not in re.sub(r'<span lang="de"[^>]*>.*?</span>', "", quelle)


def test_easy_german_page_is_a_draft_without_hard_german(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    process = load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml")
    assert process.background
    path = tmp_path / "prozess.yaml"
    assert "sprachen: [de, ar, tr, uk]" in source
    path.write_text(
        source.replace("sprachen: [de, ar, tr, uk]", "sprachen: [de, de-x-ls]"), encoding="utf-8"
    )
    process = load_process(path)
    result = build(process, tmp_path / "out", date(2025, 3, 10))
    html = (result.folder / "leichte-sprache" / "index.html").read_text(encoding="utf-8")
    assert "Entwurf in Leichter Sprache" in html
    assert process.background.split(".")[0] not in html
    german = (result.folder / "index.html").read_text(encoding="utf-8")
    assert process.background.split(".")[0] in german


def test_cancelled_or_postponed_event_invites_no_registration(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    for status, word in (("verschoben", "verschoben"), ("abgesagt", "abgesagt")):
        path = tmp_path / f"{status}.yaml"
        path.write_text(
            source.replace(
                "    datum: 2025-03-19\n", f"    datum: 2025-03-19\n    status: {status}\n", 1
            ),
            encoding="utf-8",
        )
        process = load_process(path)
        build(process, tmp_path / status, date(2025, 3, 10))
        doc = parse((tmp_path / status / "seite" / "index.html").read_text(encoding="utf-8"))
        assert not any(a.text.startswith("Zur Anmeldung") for a in doc.all("a"))
        step = next(e for e in doc.elements if e.attrs.get("id") == "ik-phase-auftakt")
        assert f"Status: {word}" in step.text


def test_what_publishing_still_needs_is_one_warning(tmp_path: Path) -> None:
    """Without `veroeffentlichung:` the page is still made; one warning lists each missing key
    (was four warnings on every build); with every key given, none."""
    source = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    assert "veroeffentlichung:" not in source
    result = build(load_process(ROOT / "examples" / "elmshorn-2025" / "prozess.yaml"), tmp_path / "a", date(2025, 3, 1))
    assert len(result.warnings) == 1
    (warning,) = result.warnings
    for key in ("basis_url", "datenschutz_url", "impressum_url", "barrierefreiheit_url", "schlichtungsstelle_url"):
        assert f"veroeffentlichung.{key}" in warning
    assert warning.count("\n  – ") == 4
    path = tmp_path / "prozess.yaml"
    path.write_text(
        source
        + "\nveroeffentlichung:\n"
        + "  basis_url: https://www.elmshorn.example.de/integration/\n"
        + "  datenschutz_url: https://www.elmshorn.example.de/datenschutz\n"
        + "  impressum_url: https://www.elmshorn.example.de/impressum\n"
        + "  barrierefreiheit_url: https://www.elmshorn.example.de/barrierefreiheit\n",
        encoding="utf-8",
    )
    assert build(load_process(path), tmp_path / "b", date(2025, 3, 1)).warnings == []
