"""Invitations in the languages of the town: catalogues, words, QR codes, right to left."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from documents_support import decode_qr_pages, example, needs_poppler, pdf_text

from integrakonzept.documents.invitation import invitation, language_source
from integrakonzept.errors import UsageError
from integrakonzept.render import catalogue
from integrakonzept.render.languages import LANGUAGES, language

TRANSLATED = [code for code in catalogue.languages() if code != "de"]
URL = "https://anmeldung.example.de/elmshorn-auftakt"

# Words each language's page must hold (fixed texts of the catalogue and formatted dates),
# chosen without the lam-alef ligature, which pdftotext reverses.
EXPECTED = {
    "de": ["Sie sind herzlich eingeladen.", "Mittwoch, 19. März 2025", "Bitte melden Sie sich bis zum 5. März 2025 an."],
    "en": ["You are warmly invited.", "Wednesday, 19 March 2025", "Please register by 5 March 2025."],
    "tr": ["Sizi içtenlikle davet ediyoruz.", "19 Mart 2025 Çarşamba", "Lütfen en geç 5 Mart 2025 tarihine kadar kayıt olun."],
    "ar": ["يسعدنا أن ندعوكم", "مارس", "يُرجى التسجيل حتى", "عند الطلب"],
    "uk": ["Щиро запрошуємо вас.", "середа, 19 березня 2025", "Будь ласка, зареєструйтеся до 5 березня 2025"],
    "ru": ["Сердечно приглашаем вас.", "среда, 19 марта 2025", "Пожалуйста, зарегистрируйтесь до 5 марта 2025"],
    "pl": ["Serdecznie zapraszamy.", "środa, 19 marca 2025", "Prosimy o zgłoszenie do 5 marca 2025."],
    "fa": ["صمیمانه از شما دعوت", "چهارشنبه", "مارس", "تعداد جاها محدود است"],
    "prs": ["از شما صمیمانه دعوت", "چهارشنبه", "مارچ", "ثبت نام کنید"],
}
# Words of a language that must not show up on another language's page.
GERMAN_ONLY = ["Sie sind herzlich eingeladen", "Bitte melden Sie sich", "Gut zu wissen"]


# --- catalogues ----------------------------------------------------------------------------


def test_every_language_has_every_key_and_nothing_stale() -> None:
    assert set(TRANSLATED) >= {"en", "tr", "ar", "uk", "ru", "pl", "fa", "prs"}
    german = catalogue.keys()
    for lang, problems in catalogue.status().items():
        assert problems == {"missing": [], "unknown": [], "stale": []}, lang
        translated = catalogue.keys(lang)
        assert set(translated) == set(german), lang
        for key, wording in translated.items():
            # A translation fills in the same facts; {einwohner} is the German gender word only.
            assert catalogue.placeholders(wording) <= catalogue.placeholders(german[key]), (lang, key)
            assert catalogue.placeholders(german[key]) - catalogue.placeholders(wording) <= {"einwohner"}
            assert wording != key and wording.strip() == wording, (lang, key)


def _edited_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: callable) -> None:  # type: ignore[valid-type]
    import shutil

    target = tmp_path / "locales"
    shutil.copytree(catalogue.locales_dir(), target)
    edit(target)
    monkeypatch.setattr(catalogue, "locales_dir", lambda: target)
    catalogue.read_catalogue.cache_clear()
    catalogue._translations.cache_clear()


@pytest.mark.parametrize("kind", ["missing", "stale", "unknown"])
def test_status_finds_a_missing_a_stale_and_an_unknown_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    def edit(root: Path) -> None:
        po = root / "tr" / "LC_MESSAGES" / "einladung.po"
        text = po.read_text(encoding="utf-8")
        if kind == "missing":
            text = re.sub(r'#\. de: Gut zu wissen\nmsgid "good_to_know"\nmsgstr "[^"]*"\n', "", text)
        elif kind == "unknown":
            text += '\n#. de: Alt\nmsgid "old_key"\nmsgstr "Eski"\n'
        else:
            german = root / "de" / "LC_MESSAGES" / "einladung.po"
            german.write_text(
                german.read_text(encoding="utf-8").replace('msgstr "Gut zu wissen"', 'msgstr "Wichtig"'),
                encoding="utf-8",
            )
        po.write_text(text, encoding="utf-8")

    try:
        _edited_copy(tmp_path, monkeypatch, edit)
        assert catalogue.status()["tr"][kind] == (["old_key"] if kind == "unknown" else ["good_to_know"])
        assert catalogue.status()["en"][kind] == (["good_to_know"] if kind == "stale" else [])
    finally:
        monkeypatch.undo()
        catalogue.read_catalogue.cache_clear()
        catalogue._translations.cache_clear()


def test_catalogues_ship_in_the_package() -> None:
    for lang in ("de", *TRANSLATED):
        assert catalogue.po_path(lang).is_file()
        assert "src" in catalogue.po_path(lang).parts or "site-packages" in catalogue.po_path(lang).parts


def test_language_codes_and_errors() -> None:
    assert language("de-LS").code == "de-x-ls" and language("fa-AF").code == "prs"
    assert language("AR").rtl and language("fa").rtl and not language("tr").rtl
    with pytest.raises(UsageError) as error:
        language("ku")
    assert error.value.message == "Für die Sprache „ku“ gibt es noch keine Einladungstexte."
    assert language_source(None, "de") is None and language_source(None, "ar") == "einladung-ar"
    assert language_source("flyer-{sprache}", "uk") == "flyer-uk"


def test_interpreting_languages_named_in_each_language() -> None:
    names = {code: LANGUAGES[code].join(LANGUAGES[code].language_name(c) for c in ("ar", "uk")) for code in LANGUAGES}
    assert names["de"] == "Arabisch und Ukrainisch"
    assert names["en"] == "Arabic and Ukrainian"
    assert names["tr"] == "Arapça ve Ukraynaca"
    assert names["ru"] == "арабский и украинский"
    assert "العربية" in names["ar"] and "الأوكرانية" in names["ar"]
    assert LANGUAGES["fa"].language_name("prs") == "دری" and LANGUAGES["de"].language_name("prs") == "Dari"


# --- rendered pages ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    process = example("elmshorn-2025")
    return {
        code: invitation(process, "auftakt", lang=code, source=language_source(None, code)).pdf()
        for code in EXPECTED
    }


@needs_poppler
@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_language_page_holds_its_words_and_scans(pages: dict[str, bytes], code: str, tmp_path: Path) -> None:
    text = plain(pdf_text(pages[code], tmp_path))
    for word in EXPECTED[code]:
        assert word in text, (code, word)
    if code != "de":
        for word in GERMAN_ONLY:
            assert word not in text, (code, word)
    expected_url = URL if code == "de" else f"{URL}?utm_source=einladung-{code}"
    assert decode_qr_pages(pages[code], tmp_path) == [expected_url]


@needs_poppler
@pytest.mark.parametrize("code", ["de", "en", "ar", "fa", "prs"])
def test_document_language_and_tags(pages: dict[str, bytes], code: str) -> None:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pages[code]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == code and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    # PDF/UA-1: identified in the XMP metadata, viewers show the title, not the file name.
    assert b"pdfuaid" in root["/Metadata"].get_data() and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata is not None and reader.metadata.title.startswith(catalogue.text("invitation", code))


def _words(pdf: bytes, tmp_path: Path) -> list[list[tuple[float, float, str]]]:
    """Lines of (xMin, xMax, word) in reading order as poppler reads them (pdftotext -bbox-layout)."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", html, flags=re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', line)
        lines.append([(float(a), float(b), w) for a, b, w in words])
    return lines


def plain(text: str) -> str:
    """Extracted text without the embedding marks pdftotext puts around right-to-left runs."""
    return " ".join(re.sub("[\u202a-\u202e]", "", text).split())


ARABIC = re.compile(r"[\u0600-\u06FF]")


@needs_poppler
@pytest.mark.parametrize("code", ["ar", "fa", "prs"])
def test_right_to_left_pages_read_from_the_right(pages: dict[str, bytes], code: str, tmp_path: Path) -> None:
    from integrakonzept.render.catalogue import text

    lines = _words(pages[code], tmp_path)
    # pdftotext -bbox lists glyph runs left to right with their characters as drawn;
    # reversed, an Arabic-script run reads as the word. Find a sentence of the catalogue
    # and check that, in reading order, each word stands left of the one before it.
    checked = 0
    for key in ("step_free_yes", "register_by", "invite_you"):
        sentence = text(key, code, date="").replace("\u200c", "").split()
        words = [w for w in sentence if ARABIC.search(w) and "لا" not in w and "لأ" not in w]
        for line in lines:
            drawn = {w[::-1].replace("\u200c", ""): x_min for x_min, _, w in line}
            if len(words) >= 2 and all(w in drawn for w in words):
                positions = [drawn[w] for w in words]
                assert positions == sorted(positions, reverse=True), (key, positions)
                checked += 1
                break
    assert checked >= 2, code
    # Paragraphs start at the right margin: the greeting's first word ends where the page's text does.
    right_edge = max(x_max for line in lines for _, x_max, _ in line)
    first = text("invite_you", code).split()[0]
    greeting = [x_max for line in lines for _, x_max, w in line if w[::-1] == first]
    assert greeting and right_edge - greeting[0] < 3, (first, greeting, right_edge)
    # The German street name and the phone number keep their own order inside the page.
    page = plain(pdf_text(pages[code], tmp_path))
    assert "Schulstraße 15-17, 25335 Elmshorn" in page and "04121 231-475" in page


@needs_poppler
def test_left_to_right_pages_start_at_the_left(pages: dict[str, bytes], tmp_path: Path) -> None:
    lines = _words(pages["uk"], tmp_path)
    greeting = next(line for line in lines if line and line[0][2] == "Щиро")
    left = min(x for line in lines for x, _, _ in line)
    assert greeting[0][0] - left < 3
    starts = [x for x, _, _ in greeting]
    assert starts == sorted(starts)


def test_html_sets_lang_and_dir() -> None:
    process = example("elmshorn-2025")
    for code, direction in (("ar", "rtl"), ("fa", "rtl"), ("prs", "rtl"), ("tr", "ltr"), ("de", "ltr")):
        html = invitation(process, "auftakt", lang=code).html
        assert f'<html lang="{code}" dir="{direction}">' in html
    ar = invitation(process, "auftakt", lang="ar").html
    # The example translates its texts into Arabic ...
    assert "<h1>لقاء الافتتاح «إلمسهورن في حوار»</h1>" in ar and "Auftaktveranstaltung" not in ar
    assert "«التنوع والتآلف والمشاركة»" in ar and "<td>كلمة ترحيب من نائب رئيس البلدية</td>" in ar
    # ... but not into Farsi: untranslated texts are marked as German, isolated from the Farsi around them.
    fa = invitation(process, "auftakt", lang="fa").html
    assert '<span class="iso" lang="de" dir="ltr">\u2066Auftaktveranstaltung „Elmshorn im Dialog“\u2069</span>' in fa
    # The QR code's text alternative is in the page's language.
    assert 'aria-label="رمز QR للتسجيل: https://anmeldung.example.de/elmshorn-auftakt"' in ar


def test_leichte_sprache_is_a_marked_draft(tmp_path: Path) -> None:
    result = invitation(example("elmshorn-2025"), "auftakt", lang="de-LS")
    assert result.file_stem == "auftakt-einladung-leichte-sprache"
    assert '<html lang="de-x-ls" dir="ltr">' in result.html
    text = " ".join(pdf_text(result.pdf(), tmp_path).split())
    assert "Entwurf in Leichter Sprache. Eine Prüf·gruppe muss diesen Text noch prüfen." in text
    for line in ("Wann ist das?", "Am Mittwoch, 19. März 2025.", "Von 16 Uhr bis 19 Uhr.", "Es gibt keine Stufen."):
        assert line in text
    # No administrative words, no italics, no untranslated description.
    assert "Beim Auftakt können alle" not in text and "Einlass" not in text
    assert "italic" not in result.html.split("<body>")[1]


# --- process texts in other languages ----------------------------------------------------------

TRANSLATED_PROCESS = """
titel: Integrationskonzept Musterstadt
kommune:
  name: Musterstadt
  art: Stadt
veranstalter:
  institution: Stadt Musterstadt
kontakt:
  name: Erika Muster
  email: integration@musterstadt.example.de
sprachen: [de, ar, tr, ku, de-LS, prs]
handlungsfelder:
  - id: sprache
    titel: Sprache
phasen:
  - id: auftakt
    art: auftakt
    titel: Auftakt
    beschreibung: Wir sprechen über das Zusammenleben.
    datum: 2030-03-19
    beginn: "16:00"
    ende: "18:00"
    ort:
      name: Rathaus
      strasse: Marktstraße 1
      plz: "12345"
      ort: Musterstadt
    dolmetschen:
      sprachen: [ar, uk]
    programm:
      - zeit: "16:00"
        titel: Begrüßung
      - zeit: "16:30"
        titel: Gespräche
uebersetzungen:
  ar:
    titel: مفهوم الاندماج في موسترشتات
    phasen:
      auftakt:
        titel: لقاء الافتتاح
        beschreibung: نتحدث عن العيش المشترك.
        programm: [الترحيب, محادثات]
  tr:
    phasen:
      auftakt:
        titel: Açılış toplantısı
        programm: [Hoş geldiniz]
      gibtsnicht:
        titel: Yok
"""


def test_translated_process_texts_and_what_is_missing(tmp_path: Path) -> None:
    from documents_support import write_process

    from integrakonzept.process.load import load_with_locator
    from integrakonzept.process.translations import (
        translation_warnings,
        untranslated,
        untranslated_report,
    )

    process = write_process(tmp_path, TRANSLATED_PROCESS)
    ar = invitation(process, "auftakt", lang="ar")
    assert "<h1>لقاء الافتتاح</h1>" in ar.html and "نتحدث عن العيش المشترك." in ar.html
    assert "<td>الترحيب</td>" in ar.html and "Begrüßung" not in ar.html
    # The interpreting languages are named in Arabic, the German fallback is marked as German.
    assert "العربية و الأوكرانية" in ar.html or "العربية والأوكرانية" in ar.html
    tr = invitation(process, "auftakt", lang="tr")
    assert "<h1>Açılış toplantısı</h1>" in tr.html
    assert '<span class="iso" lang="de" dir="ltr">Begrüßung</span>' in tr.html  # list of another length
    assert "Arapça ve Ukraynaca" in tr.html
    assert untranslated(process, "ar") == []
    assert untranslated(process, "tr") == [
        "Titel des Prozesses (titel)",
        "auftakt: Beschreibung (beschreibung)",
        "auftakt: Programm (programm)",
    ]
    assert process.languages == ["de", "ar", "tr", "ku", "de-x-ls", "prs"]  # de-LS as written on the command line
    report = untranslated_report(process)
    assert report[0].startswith("Noch nicht übersetzt (tr, Türkisch; steht auf Deutsch in der Einladung):")
    assert report[1].startswith("Sprache ku (Kurdisch): ik hat dafür noch keine Einladungstexte")
    assert report[2].startswith("Noch nicht in Leichter Sprache (de-x-ls; steht in Standarddeutsch")
    assert report[3].startswith("Noch nicht übersetzt (prs, Dari;")
    _, locator = load_with_locator(tmp_path / "prozess.yaml")
    messages = [str(w) for w in translation_warnings(process, locator)]
    assert any("Phase „gibtsnicht“ gibt es nicht" in m for m in messages)
    assert any("übersetzt: 1 Eintrag, auf Deutsch: 2 Einträge" in m for m in messages)


def test_check_lists_untranslated_texts(tmp_path: Path) -> None:
    from documents_support import write_process
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    write_process(tmp_path, TRANSLATED_PROCESS)
    result = CliRunner().invoke(app, ["check", str(tmp_path / "prozess.yaml"), "--today", "2030-01-01"])
    assert result.exit_code == 0
    assert "Noch nicht übersetzt (tr, Türkisch" in result.stderr and "(ar," not in result.stderr


def test_invitation_command_writes_each_language_and_the_combined_sheet(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    out = tmp_path / "out"
    args = ["invitation", str(Path("examples/elmshorn-2025/prozess.yaml").resolve()), "--phase", "auftakt"]
    result = CliRunner().invoke(app, [*args, "-o", str(out), "--lang", "fa", "--lang", "de-LS", "--combined"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "auftakt-einladung-fa.html",
        "auftakt-einladung-fa.pdf",
        "auftakt-einladung-leichte-sprache.html",
        "auftakt-einladung-leichte-sprache.pdf",
        "auftakt-einladung-mehrsprachig.pdf",
    ]
    combined = plain(pdf_text((out / "auftakt-einladung-mehrsprachig.pdf").read_bytes(), tmp_path))
    assert "صمیمانه از شما دعوت" in combined and "Entwurf in Leichter Sprache" in combined
    bad = CliRunner().invoke(app, [*args, "-o", str(out), "--lang", "xx"])
    assert bad.exit_code == 2 and "Für die Sprache „xx“ gibt es noch keine Einladungstexte." in bad.stderr


# --- names in their own direction ------------------------------------------------------------


def test_text_direction_after_the_first_strong_character() -> None:
    from integrakonzept.render.languages import text_direction

    assert text_direction("عبد الله") == "rtl" and text_direction("محمدی") == "rtl"
    assert text_direction("Özdemir") == "ltr" and text_direction("Шевченко") == "ltr"
    assert text_direction("") == "auto" and text_direction("123") == "auto" and text_direction(None) == "auto"
    assert text_direction("(عبد") == "rtl" and text_direction("12 Müller") == "ltr"


@needs_poppler
def test_arabic_names_on_the_signup_sheet_read_from_the_right(tmp_path: Path) -> None:
    import openpyxl

    from integrakonzept.documents.signup import signup_sheet
    from integrakonzept.people.roster import read_roster

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Anmeldungen"
    sheet.append(["ID", "Veranstaltung", "Vorname", "Nachname", "Organisation", "E-Mail", "Status"])
    sheet.append(["A1", "auftakt", "محمد", "عبد الرحمن", "جمعية الجالية العربية", "m@example.de", "angemeldet"])
    sheet.append(["A2", "auftakt", "Anna", "Abel", "KIESEL", "a@example.de", "angemeldet"])
    workbook.create_sheet("Übersicht")
    workbook.save(tmp_path / "anmeldungen.xlsx")
    process = example("elmshorn-2025")
    result = signup_sheet(process, "auftakt", roster=read_roster(tmp_path / "anmeldungen.xlsx", process))
    html = result.documents[0]
    assert '<td dir="rtl">عبد الرحمن</td>' in html and '<td dir="ltr">Abel</td>' in html
    assert '<td class="org" dir="rtl">جمعية الجالية العربية</td>' in html
    lines = _words(result.pdf(), tmp_path)
    # The organisation's three words, drawn from the right: in reading order each stands left of the one before.
    words = "جمعية الجالية العربية".split()
    line = next(line for line in lines if {w[::-1] for _, _, w in line} >= set(words))
    drawn = {w[::-1]: x for x, _, w in line}
    positions = [drawn[w] for w in words]
    assert positions == sorted(positions, reverse=True)
    # A German name in the same column starts at the left of its cell, the Arabic one ends at the right.
    abel = next(x for line in lines for x, _, w in line if w == "Abel")
    rahman_end = next(x_max for line in lines for _, x_max, w in line if w[::-1] == "عبد")
    assert rahman_end > abel + 40


# --- contrast ------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#FFD700", "#00A0E0", "#E30613", "#1F3A5F", "#777777", "#FFFFFF"])
def test_house_colour_text_is_darkened_to_readable_contrast(colour: str) -> None:
    from integrakonzept.documents.invitation import contrast_ratio, readable_colour

    text = readable_colour(colour)
    assert contrast_ratio(text, "#F1F3F6") >= 4.5 and contrast_ratio(text, "#FFFFFF") >= 4.5
    if contrast_ratio(colour, "#F1F3F6") >= 4.5:
        assert text == colour.upper()  # a readable colour is left alone
    else:
        assert text != colour.upper()
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0


def test_invitation_uses_the_readable_variant_for_text(tmp_path: Path) -> None:
    from documents_support import EDGE, write_process

    process = write_process(tmp_path, EDGE.replace("gendern: paarform", "gendern: paarform\nfarbe: '#FFD700'"))
    html = invitation(process, "offen").html
    assert "--accent: #FFD700;" in html and "--accent-text: #FFD700" not in html
    assert "color: var(--accent-text)" in html and "color: var(--accent);" not in html


# --- ik build ----------------------------------------------------------------------------------


@needs_poppler
def test_build_writes_each_language_the_combined_sheet_and_names_languages_without_texts(tmp_path: Path) -> None:
    from datetime import date

    from documents_support import write_process

    from integrakonzept.documents.kit import build_kit
    from integrakonzept.output import Writer

    process = write_process(tmp_path, TRANSLATED_PROCESS)
    result = build_kit(
        process, Writer(), output=tmp_path / "out", phase_id="auftakt", release_date=date(2030, 3, 1), combined=True
    )
    folder = tmp_path / "out" / "auftakt"
    names = {p.name for p in folder.iterdir()}
    assert {"auftakt-einladung.pdf", "auftakt-einladung-ar.pdf", "auftakt-einladung-tr.html"} <= names
    assert "auftakt-einladung-mehrsprachig.pdf" in names and not any("-ku" in n for n in names)
    combined = plain(pdf_text((folder / "auftakt-einladung-mehrsprachig.pdf").read_bytes(), tmp_path))
    assert "Sie sind herzlich eingeladen." in combined and "Sizi içtenlikle davet ediyoruz." in combined
    assert "نتحدث عن العيش المشترك" in combined
    assert [(s.label, s.reason) for s in result.skipped if s.label.startswith("kit_invitation")] == [
        ("kit_invitation:ku", "kit_no_catalogue")
    ]
    index = build_kit(process, Writer(), output=tmp_path / "out", release_date=date(2030, 3, 1), combined=True)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Einladung (Arabisch)" in html and "Einladung in allen Sprachen (eine PDF)" in html
    assert "Noch nicht erstellt: Einladung (Kurdisch) – für diese Sprache hat ik noch keine festen Texte" in html
    assert index.files
