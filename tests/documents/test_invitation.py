"""The invitation: what pdftotext reads, what a phone camera scans, what a browser shows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from documents_support import (
    AMPERSAND,
    EDGE,
    HOSTILE,
    SCRIPT,
    decode_qr_pages,
    example,
    flat,
    needs_poppler,
    pdf_pages_text,
    pdf_text,
    rasterise,
    write_process,
)

from integrakonzept.documents.invitation import invitation, write_invitation
from integrakonzept.errors import IkError, UsageError
from integrakonzept.output import Writer

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def elmshorn_pdf() -> bytes:
    return invitation(example("elmshorn-2025"), "auftakt").pdf()


def test_pdf_text_holds_the_facts(elmshorn_pdf: bytes, tmp_path: Path) -> None:
    text = flat(pdf_text(elmshorn_pdf, tmp_path))
    for fact in [
        "Einladung · Integrationskonzept 2.0".upper(),
        "Auftaktveranstaltung „Elmshorn im Dialog“",
        "„Vielfalt, Gemeinschaft und Teilhabe“",
        "Mittwoch, 19. März 2025, 16:00 bis 19:00 Uhr",
        "Einlass ab 15:30 Uhr",
        "Sie sind herzlich eingeladen.",
        "Rathaus Elmshorn, Kollegiumssaal",
        "Schulstraße 15-17, 25335 Elmshorn",
        "Der Ort ist ohne Stufen erreichbar.",
        "Interessierte Einwohner*innen",
        "Bitte melden Sie sich bis zum 5. März 2025 an.",
        "Die Plätze sind begrenzt.",
        "https://anmeldung.example.de/elmshorn-auftakt",
        "integration@elmshorn.example.de",
        "Dolmetschen: Auf Wunsch übersetzen wir für Sie. Bitte sagen Sie es uns bei der Anmeldung.",
        "Kinderbetreuung: Für Ihre Kinder gibt es eine Betreuung (Kinderschutzbund Elmshorn).",
        "Die Teilnahme ist kostenlos.",
        "16:45 Arbeitsgruppen zu den Handlungsfeldern",
        "Welche neuen Aufgaben stehen an?",
        "Kontakt: Frau Katrin Beispiel, Integrationskoordinatorin · Telefon 04121 231-475",
        "In Zusammenarbeit mit: KIESEL (Kooperation Interkulturelle Sozial- und Bildungsarbeit Elmshorn)",
    ]:
        assert flat(fact) in text, fact
    # Written for the invited, in plain German: no administrative passive, no "nicht öffentlich".
    for wording in ("Wir laden Sie herzlich ein", "nicht öffentlich", "wird angeboten", "Platzzahl", "stufenlos"):
        assert wording not in text, wording
    assert "Diese Einladung gibt es auch auf: Arabisch, Türkisch und Ukrainisch" not in text  # no list given


def test_front_and_back_for_the_print_shop(elmshorn_pdf: bytes, tmp_path: Path) -> None:
    # Body text at 12 pt (accessible print) takes a front and a back page at most.
    assert len(pdf_pages_text(elmshorn_pdf, tmp_path)) <= 2
    for phase in ("zukunftskonferenz", "beteiligung-ehrenamt"):
        assert len(pdf_pages_text(invitation(example("ostholstein-2025"), phase).pdf(), tmp_path)) <= 2


def test_qr_code_scans_to_the_registration_url(elmshorn_pdf: bytes, tmp_path: Path) -> None:
    assert decode_qr_pages(elmshorn_pdf, tmp_path) == ["https://anmeldung.example.de/elmshorn-auftakt"]


def test_qr_source_tag(tmp_path: Path) -> None:
    pdf = invitation(example("elmshorn-2025"), "auftakt", source="flyer").pdf()
    assert decode_qr_pages(pdf, tmp_path) == ["https://anmeldung.example.de/elmshorn-auftakt?utm_source=flyer"]
    # The printed link stays short and readable.
    assert "utm_source" not in pdf_text(pdf, tmp_path)


def test_pdf_is_reproducible_and_tagged() -> None:
    import pypdf

    first = invitation(example("elmshorn-2025"), "auftakt").pdf()
    assert first == invitation(example("elmshorn-2025"), "auftakt").pdf()
    reader = pypdf.PdfReader(io.BytesIO(first))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "de"
    assert reader.metadata is not None and reader.metadata.title == "Einladung: Auftaktveranstaltung „Elmshorn im Dialog“"
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_invitation_only_without_qr(tmp_path: Path) -> None:
    result = invitation(example("ostholstein-2025"), "zukunftskonferenz")
    text = flat(pdf_text(result.pdf(), tmp_path))
    # Never tell the invited that the event is closed (issue 9).
    assert "nicht öffentlich" not in text and "nur mit Einladung" not in text
    assert "Dienstag, 25. März 2025, 09:30 bis 15:00 Uhr" in text
    assert "Bitte melden Sie sich bis zum 14. März 2025 an." in text
    assert "Platzzahl" not in text and "<svg" not in result.html and "QR-Code" not in text


def test_event_without_registration_and_no_partners(tmp_path: Path) -> None:
    process = write_process(tmp_path, EDGE)
    result = invitation(process, "offen")
    text = flat(pdf_text(result.pdf(), tmp_path))
    assert "Montag, 6. Mai 2030, ab 18:00 Uhr" in text and "Alte Feuerwache" in text
    assert "Anmeldung" not in text and "Zusammenarbeit" not in text and "Motto" not in text
    assert "Kontakt: Erika Muster · integration@musterstadt.example.de" in text


def test_month_only_event_has_no_invitation_yet(tmp_path: Path) -> None:
    with pytest.raises(IkError) as error:
        invitation(write_process(tmp_path, EDGE), "monat")
    assert error.value.message == (
        "Für „Workshop Sprache“ steht erst der Monat fest (April 2030); eine Einladung braucht den genauen Tag."
    )


def test_online_phase_has_no_invitation(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as error:
        invitation(write_process(tmp_path, EDGE), "umfrage")
    assert error.value.message == "Die Phase „umfrage“ ist keine Veranstaltung (Online-Befragung)."


def test_hostile_names_escaped_in_html_and_intact_in_pdf(tmp_path: Path) -> None:
    result = invitation(write_process(tmp_path, HOSTILE), "auftakt")
    assert "<script>" not in result.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.html and "Müller &amp; Söhne" in result.html
    text = flat(pdf_text(result.pdf(), tmp_path))
    assert f"Auftakt {SCRIPT}" in text and f"{AMPERSAND}, {SCRIPT}" in text
    assert decode_qr_pages(result.pdf(), tmp_path) == ["https://anmeldung.example.de/musterstadt?a=1&b=2"]


def test_logo_and_house_colour(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (200, 30, 30)).save(logo)
    text = EDGE.replace("gendern: paarform", "gendern: paarform\nlogo: logo.png\nfarbe: '#C81E1E'")
    result = invitation(write_process(tmp_path, text), "offen")
    assert 'src="data:image/png;base64,' in result.html and "--accent: #C81E1E" in result.html
    page = rasterise(result.pdf(), tmp_path, dpi=50, mode="RGB")
    top = {page.getpixel((x, y)) for x in range(0, page.width, 2) for y in range(0, 100, 2)}
    assert (200, 30, 30) in top  # the logo
    assert any(abs(r - 200) < 8 and abs(g - 30) < 8 and abs(b - 30) < 8 for r, g, b in top)


def test_missing_logo_is_a_clear_error(tmp_path: Path) -> None:
    text = EDGE.replace("gendern: paarform", "gendern: paarform\nlogo: fehlt.png")
    with pytest.raises(IkError) as error:
        invitation(write_process(tmp_path, text), "offen")
    assert error.value.message.startswith(f"Die Logo-Datei {tmp_path / 'fehlt.png'} kann nicht gelesen werden")


def test_write_files(tmp_path: Path) -> None:
    writer = Writer()
    paths = write_invitation(example("elmshorn-2025"), "auftakt", writer, output=tmp_path)
    # One invitation per language of "sprachen: [de, ar, tr, uk]".
    assert [p.name for p in paths] == [
        f"auftakt-einladung{suffix}.{ext}" for suffix in ("", "-ar", "-tr", "-uk") for ext in ("pdf", "html")
    ]
    one = write_invitation(example("elmshorn-2025"), "auftakt", writer, output=tmp_path / "x.pdf", languages=["de"])
    assert [p.name for p in one] == ["x.pdf", "x.html"]
    assert paths[0].read_bytes().startswith(b"%PDF")


def _intro(html: str) -> str:
    import re

    found = re.search(r'<section class="intro">\s*<p>(.*?)</p>', html, re.S)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("description", "opener"),
    [
        (None, True),
        ("Beim Auftakt können alle Interessierten mitmachen.", True),
        ("Zum Auftakt sind alle Interessierten eingeladen, mitzumachen.", False),
        ("Wir laden alle Interessierten herzlich ein.", False),
        ("Die Stadt lädt zum Austausch ein.", False),
    ],
)
def test_the_invitation_says_eingeladen_once(description: str | None, opener: bool) -> None:
    """„Sie sind herzlich eingeladen.“ opens the invitation unless the description already
    invites – never „eingeladen … eingeladen“ twice in a row."""
    process = example("elmshorn-2025")
    phase = process.phase("auftakt")
    assert phase is not None
    object.__setattr__(phase, "description", description)
    intro = _intro(invitation(process, "auftakt").html)
    assert intro.startswith("Sie sind herzlich eingeladen.") is opener
    assert intro.count("eingeladen") + intro.count(" ein.") <= 1
    if description:
        assert description in intro


def test_shipped_examples_and_new_processes_invite_once() -> None:
    intro = _intro(invitation(example("elmshorn-2025"), "auftakt").html)
    assert intro.startswith("Sie sind herzlich eingeladen. Beim Auftakt können alle")
    assert intro.count("eingeladen") == 1
    from integrakonzept.render.templating import builtin_templates_dir

    scaffold = (builtin_templates_dir() / "new-process" / "prozess.yaml.j2").read_text("utf-8")
    assert "eingeladen" not in scaffold.split("beschreibung: >-", 1)[1].split("# ", 1)[0]
