"""Press releases: golden Markdown for the examples, facts in every format, clean text.

Golden files live in tests/data/golden/. After an intended change of wording, regenerate
them with ``IK_UPDATE_GOLDEN=1 pytest tests/documents/test_press.py`` and review the diff.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from documents_support import (
    AMPERSAND,
    EDGE,
    GOLDEN,
    HOSTILE,
    SCRIPT,
    UPDATE_GOLDEN,
    assert_clean,
    example,
    flat,
    needs_poppler,
    needs_soffice,
    pdf_text,
    soffice_to_pdf,
    write_process,
)

from integrakonzept.documents.press import press_release, write_press_release
from integrakonzept.errors import IkError, UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import Process

GOLDEN_CASES = [
    ("elmshorn-2025", "auftakt", "ankuendigung", date(2025, 2, 18)),
    ("elmshorn-2025", "auftakt", "nachbericht", date(2025, 4, 3)),

    ("ostholstein-2025", "zukunftskonferenz", "nachbericht", date(2025, 3, 27)),

    ("ostholstein-2025", "beteiligung-ehrenamt", "ankuendigung", date(2025, 5, 12)),
    ("ostholstein-2025", "befragung", "aufruf", date(2025, 6, 10)),
    ("ostholstein-2025", "kommentierung", "aufruf", date(2025, 10, 27)),
]


@pytest.mark.parametrize(("name", "phase", "kind", "day"), GOLDEN_CASES, ids=lambda v: str(v))
def test_golden_markdown(name: str, phase: str, kind: str, day: date) -> None:
    markdown = press_release(example(name), phase, kind, release_date=day).render("md").decode("utf-8")
    golden = GOLDEN / f"{name}-{phase}-{kind}.md"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8"), f"regenerate: IK_UPDATE_GOLDEN=1 (file {golden.name})"


@pytest.mark.parametrize(("name", "phase", "kind", "day"), GOLDEN_CASES, ids=lambda v: str(v))
def test_examples_read_cleanly(name: str, phase: str, kind: str, day: date) -> None:
    assert_clean(press_release(example(name), phase, kind, release_date=day).render("txt").decode("utf-8"))


ELMSHORN_FACTS = [
    "Pressemitteilung",
    "Elmshorn, 18.02.2025",
    "Mittwoch, 19. März 2025",
    "von 16:00 bis 19:00 Uhr",
    "Einlass ist ab 15:30 Uhr",
    "Adresse: Rathaus Elmshorn, Kollegiumssaal, Schulstraße 15-17, 25335 Elmshorn",
    "interessierte Einwohner*innen",
    "Die Zahl der Plätze ist begrenzt.",
    "bis zum 5. März 2025 erforderlich: online unter https://anmeldung.example.de/elmshorn-auftakt "
    "oder per E-Mail an integration@elmshorn.example.de.",
    "Auf Anfrage sind Dolmetscher*innen vor Ort.",
    "Für Kinder gibt es eine Betreuung durch den Kinderschutzbund Elmshorn.",
    "Der Veranstaltungsort ist stufenlos erreichbar.",
    "Die Teilnahme ist kostenlos.",
    "Das Motto lautet „Vielfalt, Gemeinschaft und Teilhabe“.",
    "„Es geht um ein offenes und inklusives Miteinander",
    "sagt Erster Stadtrat Dirk Moritz.",
    "Im April 2025 folgt die Fachrunde mit Hauptamtlichen",
    "entscheidet die Stadtverordnetenversammlung voraussichtlich im Oktober 2025.",
    "KIESEL steht für „Kooperation Interkulturelle Sozial- und Bildungsarbeit Elmshorn“.",
    "Frau Katrin Beispiel, Integrationskoordinatorin",
    "Telefon: 04121 231-475",
    "Herr Jan Muster, Pressesprecher",
    "presse@elmshorn.example.de",
]


@pytest.fixture(scope="module")
def elmshorn_announcement() -> object:
    return press_release(example("elmshorn-2025"), "auftakt", "ankuendigung", release_date=date(2025, 2, 18))


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_fact_in_every_text_format(elmshorn_announcement: object, fmt: str) -> None:
    import html

    raw = elmshorn_announcement.render(fmt).decode("utf-8")  # type: ignore[attr-defined]
    if fmt == "md":
        raw = raw.replace("\\*", "*").replace("<https", "https").replace(">", "")
        raw = raw.replace("<integration", "integration").replace("<presse", "presse")
    if fmt == "html":
        import re

        raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    text = flat(raw)
    for fact in ELMSHORN_FACTS:
        assert flat(fact) in text, (fmt, fact)


def _docx_text(data: bytes) -> tuple[list[tuple[str, str]], object]:
    import docx

    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs], document


def test_docx_is_a4_with_word_styles_and_links(elmshorn_announcement: object) -> None:
    data = elmshorn_announcement.render("docx")  # type: ignore[attr-defined]
    paragraphs, document = _docx_text(data)
    section = document.sections[0]  # type: ignore[attr-defined]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = {text: style for style, text in paragraphs}
    assert styles["Elmshorn lädt zur Auftaktveranstaltung „Elmshorn im Dialog“ ein"] == "Title"
    assert styles["Pressemitteilung"] == "Dachzeile"
    assert styles["Elmshorn, 18.02.2025"] == "Ortsmarke"
    assert styles["Anmeldung und Hinweise"] == "Heading 2"
    text = flat(" ".join(t for _, t in paragraphs))
    for fact in ELMSHORN_FACTS:
        assert flat(fact) in text, fact
    rels = [r.target_ref for r in document.part.rels.values() if r.is_external]  # type: ignore[attr-defined]
    assert "https://anmeldung.example.de/elmshorn-auftakt" in rels
    assert "mailto:integration@elmshorn.example.de" in rels
    normal = document.styles["Normal"].element.xml  # type: ignore[attr-defined]
    assert 'w:val="de-DE"' in normal, "spell checking in German"
    assert document.core_properties.title.startswith("Elmshorn lädt")  # type: ignore[attr-defined]
    footer = document.sections[0].footer.paragraphs[0]._p.xml  # type: ignore[attr-defined]
    assert "NUMPAGES" in footer and "PAGE" in footer


def test_docx_letterhead_with_logo(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), (0, 90, 156)).save(tmp_path / "logo.png")
    process = write_process(tmp_path, EDGE.replace("gendern: paarform", "gendern: paarform\nlogo: logo.png"))
    data = press_release(process, "offen", "ankuendigung", release_date=date(2030, 1, 10)).render("docx")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    _, document = _docx_text(data)
    header = document.sections[0].header  # type: ignore[attr-defined]
    assert header.tables[0].rows[0].cells[0].text == "Gemeinde Musterstadt"


def test_docx_bytes_are_reproducible(elmshorn_announcement: object) -> None:
    first = elmshorn_announcement.render("docx")  # type: ignore[attr-defined]
    again = press_release(
        example("elmshorn-2025"), "auftakt", "ankuendigung", release_date=date(2025, 2, 18)
    ).render("docx")
    assert first == again
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


@needs_soffice
@needs_poppler
@pytest.mark.slow
def test_libreoffice_opens_the_docx_and_the_pdf_holds_the_facts(
    elmshorn_announcement: object, tmp_path: Path
) -> None:
    source = tmp_path / "pm.docx"
    source.write_bytes(elmshorn_announcement.render("docx"))  # type: ignore[attr-defined]
    text = flat(pdf_text(soffice_to_pdf(source, tmp_path), tmp_path)).casefold()
    for fact in ELMSHORN_FACTS:  # the kicker is set in capitals by its Word style
        assert flat(fact).casefold() in text, fact
    assert "seite 1 von 2" in text


# --- awkward processes ------------------------------------------------------------------


@pytest.fixture
def edge(tmp_path: Path) -> Process:
    return write_process(tmp_path, EDGE)


def _txt(process: Process, phase: str, kind: str = "ankuendigung", day: date = date(2030, 1, 10)) -> str:
    release = press_release(process, phase, kind, release_date=day)
    assert_clean(release.render("md").decode("utf-8"))
    text = release.render("txt").decode("utf-8")
    assert_clean(text)
    return text


def test_month_only_date_is_not_announced(edge: Process) -> None:
    # Nothing invented: without a day there is no announcement (the report may follow later).
    with pytest.raises(UsageError) as info:
        press_release(edge, "monat", "ankuendigung", release_date=date(2030, 1, 10))
    assert info.value.message == (
        "Für „Workshop Sprache“ steht der Tag noch nicht fest (April 2030); eine Ankündigung "
        "braucht Tag, Ort und Uhrzeit."
    )


def test_event_without_registration(edge: Process) -> None:
    text = _txt(edge, "offen")
    assert "Die Gemeinde Musterstadt lädt alle Interessierten zum Bürgerdialog ein." in text
    assert "Er findet am Montag, 6. Mai 2030, ab 18:00\u00a0Uhr in der Alten Feuerwache statt." in text
    assert "Anmeld" not in text and "Plätze" not in text
    assert "\nOrt und Hinweise\n" in text


def test_invitation_only_event_gets_no_public_announcement(edge: Process) -> None:
    with pytest.raises(UsageError) as info:
        press_release(edge, "geladen", "ankuendigung", release_date=date(2030, 1, 10))
    assert info.value.message.startswith("„Fachforum Arbeit“ ist nur für Eingeladene")
    assert info.value.hint is not None and "ik letter" in info.value.hint


def test_no_announcement_after_the_event(edge: Process) -> None:
    with pytest.raises(UsageError) as info:
        press_release(edge, "offen", "ankuendigung", release_date=date(2030, 5, 7))
    assert info.value.message == (
        "„Bürgerdialog“ ist vorbei; eine Ankündigung mit Datum 07.05.2030 käme zu spät."
    )
    with pytest.raises(UsageError, match="seit dem 31.07.2030 beendet"):
        press_release(edge, "umfrage", "aufruf", release_date=date(2030, 8, 1))


def test_no_motto_no_partners_no_press_contact(edge: Process) -> None:
    text = _txt(edge, "offen")
    assert "Motto" not in text and "Partner im Prozess" not in text
    assert "Pressekontakt" not in text and "\nKontakt\nErika Muster\n" in text


def test_call_without_url_still_offers_a_contact(edge: Process) -> None:
    text = _txt(edge, "umfrage", "aufruf")
    assert "Vom 1. bis 31. Juli 2030 läuft die Online-Befragung „Umfrage“." in text
    assert "online unter" not in text
    assert "Wer nicht online teilnehmen kann, wendet sich an Erika Muster" in text


def test_gender_styles() -> None:
    text = _txt(example("ostholstein-2025"), "beteiligung-ehrenamt", day=date(2025, 5, 12))
    assert "Dolmetscher:innen" in text and "*innen" not in text


def test_neutral_gender_style(tmp_path: Path) -> None:
    process = write_process(
        tmp_path,
        EDGE.replace("gendern: paarform", "gendern: neutral").replace(
            "    titel: Bürgerdialog\n", "    titel: Bürgerdialog\n    zielgruppen: [einwohnende]\n"
        ),
    )
    assert "interessierte Einwohnende" in _txt(process, "offen")


def test_participants_can_be_passed_in() -> None:
    release = press_release(
        example("elmshorn-2025"), "auftakt", "nachbericht", release_date=date(2025, 4, 3), participants=47
    )
    text = release.render("txt").decode("utf-8")
    assert text.count("47 Einwohner*innen") == 2 and "50 Einwohner" not in text


def test_dates_in_the_past_and_future_relative_to_the_release() -> None:
    process = example("ostholstein-2025")
    early = _txt(process, "beteiligung-ehrenamt", day=date(2025, 2, 1))
    assert "Zuvor stehen noch die Zukunftskonferenz" in early and "mit 75" not in early
    late = _txt(process, "beteiligung-ehrenamt", day=date(2025, 5, 12))
    assert "Vorausgegangen sind die Zukunftskonferenz „Ostholstein auf dem Weg zum Integrationskonzept“ " \
        "am 25. März 2025 mit 75 Fachleuten" in late


# --- hostile input ------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Process:
    return write_process(tmp_path, HOSTILE)


def test_hostile_names_escaped_in_html(hostile: Process) -> None:
    page = press_release(hostile, "auftakt", "ankuendigung", release_date=date(2030, 1, 10)).render("html").decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Müller &amp; Söhne" in page and "Müller & Söhne" not in page
    assert 'href="https://anmeldung.example.de/musterstadt?a=1&amp;b=2"' in page


def test_hostile_names_intact_in_docx_text_and_markdown(hostile: Process) -> None:
    from markdown_it import MarkdownIt

    release = press_release(hostile, "auftakt", "ankuendigung", release_date=date(2030, 1, 10))
    paragraphs, _ = _docx_text(release.render("docx"))
    docx_text = "\n".join(t for _, t in paragraphs)
    assert SCRIPT in docx_text and AMPERSAND in docx_text
    text = release.render("txt").decode()
    assert f"Auftakt {SCRIPT}" in text and f"Mit {AMPERSAND} und {SCRIPT}." in text
    rendered = MarkdownIt("commonmark").render(release.render("md").decode())
    assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


@needs_soffice
@needs_poppler
@pytest.mark.slow
def test_hostile_names_intact_in_the_pdf_of_the_docx(hostile: Process, tmp_path: Path) -> None:
    source = tmp_path / "hostile.docx"
    source.write_bytes(press_release(hostile, "auftakt", "ankuendigung", release_date=date(2030, 1, 10)).render("docx"))
    text = flat(pdf_text(soffice_to_pdf(source, tmp_path), tmp_path))
    assert SCRIPT in text and AMPERSAND in text


# --- errors -------------------------------------------------------------------------------


def test_kind_must_fit_the_phase() -> None:
    process = example("ostholstein-2025")
    with pytest.raises(UsageError) as call:
        press_release(process, "zukunftskonferenz", "aufruf", release_date=date(2025, 3, 1))
    assert call.value.message == "Ein Aufruf gehört zu einer Online-Phase; „zukunftskonferenz“ ist eine Veranstaltung (Integrationskonferenz)."
    with pytest.raises(UsageError) as report:
        press_release(process, "befragung", "nachbericht", release_date=date(2025, 9, 1))
    assert report.value.message == "Ein Nachbericht gehört zu einer Veranstaltung; „befragung“ ist eine Online-Phase (Online-Befragung)."
    with pytest.raises(UsageError) as kind:
        press_release(process, "befragung", "interview", release_date=date(2025, 9, 1))
    assert kind.value.message == "„interview“ ist keine Art von Pressemitteilung."
    with pytest.raises(UsageError) as unknown:
        press_release(process, "gibtsnicht", "aufruf", release_date=date(2025, 9, 1))
    assert unknown.value.message == "Die Phase „gibtsnicht“ gibt es in der Prozessdatei nicht."
    assert unknown.value.hint is not None and "zukunftskonferenz, expertenrunden" in unknown.value.hint
    assert unknown.value.exit_code == 2


def test_report_needs_results_and_a_past_event(edge: Process) -> None:
    with pytest.raises(IkError) as no_results:
        press_release(edge, "offen", "nachbericht", release_date=date(2030, 6, 1))
    assert no_results.value.message == "Für „Bürgerdialog“ sind noch keine Ergebnisse eingetragen."
    with pytest.raises(UsageError) as too_early:
        press_release(example("elmshorn-2025"), "auftakt", "nachbericht", release_date=date(2025, 3, 1))
    assert too_early.value.message == (
        "Ein Nachbericht zu „Auftaktveranstaltung „Elmshorn im Dialog““ kann nicht vor der "
        "Veranstaltung erscheinen (Datum der Mitteilung: 01.03.2025)."
    )


def test_write_formats_and_file_names(tmp_path: Path) -> None:
    process = example("elmshorn-2025")
    writer = Writer()
    day = date(2025, 2, 18)
    write_press_release(process, "auftakt", "ankuendigung", writer, formats=["md", "txt"], output=tmp_path, release_date=day)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "auftakt-pressemitteilung-ankuendigung.md", "auftakt-pressemitteilung-ankuendigung.txt",
    ]
    write_press_release(process, "auftakt", "ankuendigung", writer, formats=[], output=tmp_path / "pm.html", release_date=day)
    assert (tmp_path / "pm.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    text = write_press_release(process, "auftakt", "ankuendigung", writer, formats=[], output=Path("-"), release_date=day)
    assert text is not None and text.startswith("Pressemitteilung\n\nElmshorn, 18.02.2025")
    with pytest.raises(UsageError, match="kein DOCX"):
        write_press_release(process, "auftakt", "ankuendigung", writer, formats=["docx"], output=Path("-"), release_date=day)
    with pytest.raises(UsageError, match="Das Format „pdf“ gibt es nicht."):
        write_press_release(process, "auftakt", "ankuendigung", writer, formats=["pdf"], output=tmp_path, release_date=day)


_APPLIES = {
    "zukunftskonferenz": {"ankuendigung", "nachbericht"},  # an event
    "kommentierung": {"aufruf"},  # an online phase
    "kreistag": set(),  # a council step: no release of its own
}


@pytest.mark.parametrize(
    ("phase_id", "kind"),
    [
        (phase_id, kind)
        for phase_id, applies in _APPLIES.items()
        for kind in ("ankuendigung", "aufruf", "nachbericht")
        if kind not in applies
    ],
)
def test_a_wrong_kind_hints_only_at_kinds_that_apply(phase_id: str, kind: str) -> None:
    process = example("ostholstein-2025")
    applies = _APPLIES[phase_id]
    with pytest.raises(UsageError) as error:
        press_release(process, phase_id, kind, release_date=date(2025, 3, 1))
    hint = error.value.hint or ""
    named = set(re.findall(r"--kind (\w+)", hint))
    assert named == applies, hint
    if not applies:
        assert "Meilenstein" in hint and "Online-Phasen gibt es" not in hint


@pytest.mark.parametrize(
    ("title", "kind", "event", "nominative"),
    [
        # a motto or slogan: the kind in front, the title quoted
        ("Integration gemeinsam gestalten", "auftakt", True,
         "die Auftaktveranstaltung „Integration gemeinsam gestalten“"),
        ("Vielfalt leben", "workshop", True, "der Workshop „Vielfalt leben“"),
        # names a topic, not a gathering
        ("Erster Entwurf im Gespräch", "workshop", True, "der Workshop „Erster Entwurf im Gespräch“"),
        ("Zusammenleben im Dorf", "workshop", True, "der Workshop „Zusammenleben im Dorf“"),
        # names the gathering: used as a noun, adjective in lower case
        ("Ganztägige Planungswerkstatt", "workshop", True, "die ganztägige Planungswerkstatt"),
        ("Fachrunde mit Hauptamtlichen", "fachforum", True, "die Fachrunde mit Hauptamtlichen"),
        ("Fachtag Integration", "konferenz", True, "der Fachtag Integration"),
        ("Auftakt im Rathaus", "auftakt", True, "der Auftakt im Rathaus"),
        # steps of the process are named by what they are
        ("Entwurf des Konzepts", "verschriftlichung", False, "der Entwurf des Konzepts"),
        ("Beratung im Sozialausschuss", "gremienberatung", False, "die Beratung im Sozialausschuss"),
    ],
)
def test_a_title_is_used_as_a_noun_only_where_it_names_the_event(
    title: str, kind: str, event: bool, nominative: str
) -> None:
    from integrakonzept.documents.phrases import title_np

    assert title_np(title, kind, event=event).definite("nom") == nominative


def test_no_slogan_is_declined_as_a_noun_in_a_release() -> None:
    """„laden zur Integration gemeinsam gestalten ein“ is not German."""
    import sys

    import yaml

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from integrakonzept.process.load import load_process
    from process_matrix import process_data

    data = process_data(1)
    auftakt = next(p for p in data["phasen"] if p["id"] == "auftakt")
    assert auftakt["titel"] == "Integration gemeinsam gestalten"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prozess.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        process = load_process(path)
    day = process.phase("auftakt").first_day()
    text = press_release(process, "auftakt", "ankuendigung", release_date=day - timedelta(days=10)).render("txt")
    report = press_release(process, "auftakt", "nachbericht", release_date=day + timedelta(days=2))
    for release in (text.decode("utf-8"), report.render("txt").decode("utf-8")):
        flat = " ".join(release.split())
        assert "Auftaktveranstaltung „Integration gemeinsam gestalten“" in flat
        assert not re.search(r"\b(zur|der|die|bei der) Integration gemeinsam gestalten", flat)
