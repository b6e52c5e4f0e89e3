"""``ik privacy-notice``: the Art. 13 DSGVO information, complete, configurable, escaped."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.documents.privacy import privacy_notice
from integrakonzept.errors import IkError
from integrakonzept.process.load import load_process
from integrakonzept.process.model import DEFAULT_LEGAL_BASIS

ROOT = Path(__file__).resolve().parents[2]
ELMSHORN = ROOT / "examples" / "elmshorn-2025" / "prozess.yaml"
ISSUED = date(2025, 2, 1)


def docx_text(data: bytes) -> str:
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return text.replace("\xa0", " ")  # dates and numbers keep together with no-break spaces


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(ELMSHORN, tmp_path / "prozess.yaml")
    return tmp_path


def test_every_item_of_article_13(folder: Path) -> None:
    process = load_process(folder / "prozess.yaml")
    notice = privacy_notice(process, issued=ISSUED, delete_by=date(2026, 5, 31))
    text = docx_text(notice.docx())
    for required in [
        "Stadt Elmshorn, Amt für Soziales | Integration",  # controller
        "Schulstraße 15-17, 25335 Elmshorn",
        "E-Mail: integration@elmshorn.example.de",
        "E-Mail: datenschutz@elmshorn.example.de",  # data protection officer
        "Organisation der Veranstaltungen",  # purposes
        DEFAULT_LEGAL_BASIS,  # legal basis
        "Art. 9 Abs. 2 Buchst. a DSGVO",  # special categories need explicit consent
        "Keine Weitergabe an Dritte",  # recipients
        "12 Monate nach der Veranstaltung, spätestens am 31. Mai 2026",  # retention
        "Art. 15 DSGVO",
        "Art. 16 DSGVO",
        "Art. 17 DSGVO",
        "Art. 18 DSGVO",
        "Art. 21 DSGVO",
        "Art. 7 Abs. 3 DSGVO",
        "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein, Holstenstraße 98",
        "keine automatisierte Entscheidungsfindung",
    ]:
        assert required in text, required
    html = notice.html()
    assert '<html lang="de">' in html and "Holstenstraße 98, 24103 Kiel" in html
    visible = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "Pressemitteilung" not in visible + text
    assert "Katrin Beispiel" in text  # the contact of the administration, not a participant


def test_short_version_for_the_signup_sheet(folder: Path) -> None:
    notice = privacy_notice(load_process(folder / "prozess.yaml"), issued=ISSUED, delete_by=None)
    short = notice.short
    assert short.count("\n") == 1 and len(short) < 900
    assert short.startswith("Datenschutz: Verantwortlich ist die Stadt Elmshorn.")
    assert "12 Monate nach der Veranstaltung vernichtet" in short
    assert "datenschutz@elmshorn.example.de" in short
    assert "Aufsichtsbehörde (Unabhängiges Landeszentrum" in short
    # every column the sign-up sheet collects is named (Nachname/Vorname, Organisation,
    # Unterschrift), and nothing the sheet never asks for
    sentence = next(s for s in short.split(". ") if s.startswith("Wir verwenden"))
    for collected in ("Namen", "Organisation", "Unterschrift"):
        assert collected in sentence
    for never in ("E-Mail", "Telefon", "Adresse"):
        assert never not in sentence


def test_legal_basis_and_purposes_are_configurable(folder: Path) -> None:
    path = folder / "prozess.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  anschrift: Schulstraße 15-17, 25335 Elmshorn\n",
        "  anschrift: Schulstraße 15-17, 25335 Elmshorn\n"
        "  rechtsgrundlage: Art. 6 Abs. 1 Buchst. a DSGVO (Einwilligung)\n"
        "  zwecke: [Einladung zu weiteren Terminen]\n",
    )
    path.write_text(text, encoding="utf-8")
    body = docx_text(privacy_notice(load_process(path), issued=ISSUED, delete_by=None).docx())
    assert "Art. 6 Abs. 1 Buchst. a DSGVO (Einwilligung)." in body
    assert "Einladung zu weiteren Terminen" in body
    assert DEFAULT_LEGAL_BASIS not in body and "Organisation der Veranstaltungen" not in body
    assert "spätestens am" not in body


def test_hostile_values_are_escaped_and_intact(folder: Path) -> None:
    path = folder / "prozess.yaml"
    hostile = '<script>alert(1)</script> =HYPERLINK("x") \'; DROP TABLE -- \u202eabc 🙂'
    text = path.read_text(encoding="utf-8").replace(
        "    name: Behördliche Datenschutzbeauftragte der Stadt Elmshorn\n",
        f"    name: {json.dumps(hostile, ensure_ascii=False)}\n",
    )
    path.write_text(text, encoding="utf-8")
    notice = privacy_notice(load_process(path), issued=ISSUED, delete_by=None)
    assert hostile in docx_text(notice.docx())
    html = notice.html()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "\u202eabc 🙂" in html


def test_missing_section_is_explained(tmp_path: Path) -> None:
    source = (ROOT / "tests" / "people" / "prozess.yaml").read_text(encoding="utf-8")
    path = tmp_path / "prozess.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(IkError) as info:
        privacy_notice(load_process(path), issued=ISSUED, delete_by=None)
    assert info.value.message.startswith("In der Prozessdatei fehlt der Abschnitt „datenschutz:“")
    assert info.value.hint is not None and "aufsichtsbehoerde:" in info.value.hint


def test_cli_writes_three_files(folder: Path) -> None:
    result = CliRunner().invoke(
        app, ["privacy-notice", str(folder / "prozess.yaml"), "--today", "2025-02-01"]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (folder / "ausgabe").iterdir())
    assert written == [
        "datenschutzhinweise-kurz.txt",
        "datenschutzhinweise.docx",
        "datenschutzhinweise.html",
    ]


def test_the_scaffold_writes_the_section_ready_to_fill_in(tmp_path: Path) -> None:
    folder = tmp_path / "neu"
    result = CliRunner().invoke(
        app, ["new-process", str(folder), "--kommune", "Musterstadt", "--art", "Stadt"]
    )
    assert result.exit_code == 0, result.output
    notice = privacy_notice(load_process(folder / "prozess.yaml"), issued=ISSUED, delete_by=None)
    assert "datenschutz@musterstadt.bitte-ersetzen.example.de" in notice.short
    assert notice.short.startswith("Datenschutz: Verantwortlich ist die Stadt Musterstadt.")


# --- review fixes: article, parentheses, past deletion day, purposes that apply ------------

OSTHOLSTEIN = ROOT / "examples" / "ostholstein-2025" / "prozess.yaml"


def _depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize(
    ("path", "expected"),
    [(ELMSHORN, "Verantwortlich ist die Stadt Elmshorn."),
     (OSTHOLSTEIN, "Verantwortlich ist der Kreis Ostholstein.")],
    ids=["stadt", "kreis"],
)
def test_the_controller_is_named_with_its_article(path: Path, expected: str) -> None:
    short = privacy_notice(load_process(path), issued=ISSUED, delete_by=None).short
    assert short.startswith(f"Datenschutz: {expected} ")
    assert "Verantwortlich ist Stadt" not in short and "Verantwortlich ist Kreis" not in short


@pytest.mark.parametrize(
    ("controller", "expected"),
    [
        ("Gemeinde Henstedt-Ulzburg", "Verantwortlich ist die Gemeinde Henstedt-Ulzburg."),
        ("Amt Trittau", "Verantwortlich ist das Amt Trittau."),
        ("KIESEL e. V.", "Verantwortliche Stelle: KIESEL e. V."),
    ],
)
def test_a_configured_controller_gets_an_article_only_when_it_is_known(
    controller: str, expected: str
) -> None:
    process = load_process(ELMSHORN)
    assert process.privacy is not None
    privacy = process.privacy.model_copy(update={"controller": controller})
    short = privacy_notice(
        process.model_copy(update={"privacy": privacy}), issued=ISSUED, delete_by=None
    ).short
    assert short.startswith(f"Datenschutz: {expected} ")
    assert f"ist {controller}" not in short


@pytest.mark.parametrize(
    "basis", [DEFAULT_LEGAL_BASIS, "Art. 6 Abs. 1 Buchst. a DSGVO (Einwilligung)", "§ 3 LDSG"]
)
def test_the_legal_basis_is_never_nested_in_parentheses(basis: str) -> None:
    process = load_process(ELMSHORN)
    assert process.privacy is not None
    privacy = process.privacy.model_copy(update={"legal_basis": basis})
    notice = privacy_notice(
        process.model_copy(update={"privacy": privacy}), issued=ISSUED, delete_by=None
    )
    for text in (notice.short, docx_text(notice.docx())):
        assert basis in text
        for line in text.splitlines():
            assert _depth(line) <= 1, line
    assert "(Rechtsgrundlage:" not in notice.short


def test_a_deletion_day_already_past_is_not_promised() -> None:
    process = load_process(ELMSHORN)
    late = privacy_notice(process, issued=date(2026, 11, 25), delete_by=date(2026, 5, 31))
    for text in (docx_text(late.docx()), late.html()):
        assert "31. Mai 2026" not in text and "spätestens am" not in text
        assert "12 Monate nach der Veranstaltung" in text
        assert "jetzt gelöscht oder anonymisiert" in text
    early = privacy_notice(process, issued=date(2026, 5, 31), delete_by=date(2026, 5, 31))
    body = docx_text(early.docx())
    assert "spätestens am 31. Mai 2026" in body and "jetzt gelöscht" not in body


def test_the_cli_does_not_promise_a_past_deletion_day(folder: Path) -> None:
    result = CliRunner().invoke(
        app, ["privacy-notice", str(folder / "prozess.yaml"), "--today", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    html = (folder / "ausgabe" / "datenschutzhinweise.html").read_text(encoding="utf-8")
    assert "spätestens am" not in html and "jetzt gelöscht oder anonymisiert" in html


@pytest.mark.parametrize("path", [ELMSHORN, OSTHOLSTEIN], ids=["elmshorn", "ostholstein"])
def test_only_purposes_that_apply_are_listed(path: Path) -> None:
    # Neither process has funding: no proof towards funders is promised or claimed.
    notice = privacy_notice(load_process(path), issued=ISSUED, delete_by=None)
    for text in (docx_text(notice.docx()), notice.html(), notice.short):
        assert "Fördermittelgeber" not in text and "Förderung" not in text
    assert "Organisation der Veranstaltungen" in docx_text(notice.docx())


def test_ostholstein_example_gets_its_notice(tmp_path: Path) -> None:
    shutil.copy(OSTHOLSTEIN, tmp_path / "prozess.yaml")
    result = CliRunner().invoke(
        app, ["privacy-notice", str(tmp_path / "prozess.yaml"), "--today", "2025-02-01"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ausgabe" / "datenschutzhinweise-kurz.txt").is_file()
