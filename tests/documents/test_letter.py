"""The personal invitation letter: only for closed events, written to the guest, in time."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from documents_support import example
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.documents.kit import build_kit
from integrakonzept.documents.letter import invitation_letter
from integrakonzept.errors import UsageError
from integrakonzept.output import Writer
from integrakonzept.process.load import load_process

FACHTAG = Path(__file__).resolve().parents[1] / "data" / "press" / "kreis-fachtag.yaml"
DAY = date(2025, 10, 20)


def test_letter_speaks_to_the_guest() -> None:
    text = invitation_letter(load_process(FACHTAG), "fachtag", letter_date=DAY).render("txt").decode()
    assert text.startswith("Nordfriesland, 20.10.2025\n\nEinladung: Fachtag Integration\n")
    assert "Sehr geehrte Damen und Herren,\n\nder Kreis Nordfriesland lädt Sie herzlich zum Fachtag Integration ein." in text
    assert "Wann: Donnerstag, 20. November 2025, 09:00 bis 15:30\u00a0Uhr" in text
    assert "Wo: Kreishaus Husum, Kreistagssitzungssaal, Marktstraße 6, 25813 Husum" in text
    assert "Bitte sagen Sie uns Bescheid, ob Sie kommen" in text
    assert "Mit freundlichen Grüßen\n\nInken Petersen\nKoordinatorin\nKreis Nordfriesland" in text
    # Never tell an invitee that the event is closed, and no press-release furniture.
    for absent in ("nicht öffentlich", "nur auf Einladung", "Pressemitteilung", "Umfang:"):
        assert absent not in text


def test_salutation_can_be_personal() -> None:
    letter = invitation_letter(
        load_process(FACHTAG), "fachtag", letter_date=DAY, salutation="Liebe Frau Jensen"
    )
    assert "Liebe Frau Jensen,\n\nder Kreis" in letter.render("txt").decode()


def test_docx_holds_the_letter() -> None:
    import docx

    data = invitation_letter(load_process(FACHTAG), "fachtag", letter_date=DAY).render("docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Einladung: Fachtag Integration" in paragraphs
    assert any(p.startswith("der Kreis Nordfriesland lädt Sie herzlich") for p in paragraphs)


def test_public_past_or_undated_events_get_no_letter() -> None:
    process = load_process(FACHTAG)
    with pytest.raises(UsageError, match="käme zu spät"):
        invitation_letter(process, "fachtag", letter_date=date(2025, 11, 21))
    with pytest.raises(UsageError, match="ist öffentlich"):
        invitation_letter(example("elmshorn-2025"), "auftakt", letter_date=date(2025, 2, 1))
    with pytest.raises(Exception, match="steht erst der Monat fest"):
        invitation_letter(example("elmshorn-2025"), "fachrunde-hauptamt", letter_date=date(2025, 2, 1))


def test_build_makes_the_letter_instead_of_an_announcement(tmp_path: Path) -> None:
    result = build_kit(load_process(FACHTAG), Writer(), output=tmp_path, release_date=DAY)
    made = {p.name for p in (tmp_path / "fachtag").iterdir()}
    assert {"fachtag-einladungsbrief.docx", "fachtag-einladungsbrief.md"} <= made
    assert not any("ankuendigung" in name for name in made)
    assert any(s.reason == "kit_invitation_only" for s in result.skipped)


def test_cli_letter_to_stdout() -> None:
    result = CliRunner().invoke(app, ["letter", str(FACHTAG), "-p", "fachtag", "--today", "2025-10-20", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "lädt Sie herzlich zum Fachtag Integration ein" in result.stdout
