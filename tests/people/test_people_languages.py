"""Interpreting languages given in English (or another language babel knows) are stored
under their German name (review: an English Google Forms export gave „Ukrainian“)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st
from people_helpers import EXPORTS, tracker_rows
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.people import normalize as norm
from integrakonzept.people.imports import import_registrations
from integrakonzept.process.load import load_process

ELMSHORN = Path(__file__).parents[2] / "examples" / "elmshorn-2025"
GERMAN = Locale("de").languages
ENGLISH = Locale("en").languages
#: languages with one name in English and another in German ("Ukrainian" / "Ukrainisch")
CODES = sorted(
    code
    for code in ("uk", "pt", "ar", "tr", "fa", "ru", "ps", "ku", "ti", "so", "ro", "bg", "pl")
    if code in GERMAN and code in ENGLISH and GERMAN[code] != ENGLISH[code]
)


@pytest.mark.parametrize(
    ("answer", "german"),
    [
        ("Ukrainian", "Ukrainisch"),
        ("Yes, Portuguese", "Portugiesisch"),
        ("yes, in Arabic", "Arabisch"),
        ("Portuguese and Turkish", "Portugiesisch, Türkisch"),
        ("українська", "Ukrainisch"),  # the language's own name
        ("Türkçe", "Türkisch"),
        ("Arabic / Kurmanji-Dialekt", "Arabisch / Kurmanji-Dialekt"),  # the rest as written
        ("Portugiesisch und Ukrainisch", "Portugiesisch und Ukrainisch"),  # German stays
        ("ja, Arabisch", "Arabisch"),
        ("Yes, sign language please", "Sign language please"),
        ("No", ""),
    ],
)
def test_language_names_become_german(answer: str, german: str) -> None:
    assert norm.interpreter(answer) == german


@settings(max_examples=40, deadline=None)
@given(codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
def test_any_english_name_babel_knows_becomes_its_german_name(codes: list[str]) -> None:
    answer = ", ".join(ENGLISH[c] for c in codes)
    result = norm.interpreter(answer)
    assert result == ", ".join(GERMAN[c] for c in codes)
    assert not any(ENGLISH[c] in result for c in codes)


def test_english_export_stores_and_shows_the_german_name(tmp_path: Path) -> None:
    shutil.copytree(ELMSHORN, tmp_path / "e")
    process = tmp_path / "e" / "prozess.yaml"
    assert CliRunner().invoke(app, ["tracker", str(process)]).exit_code == 0
    for name in ("gforms-de.csv", "gforms-en.csv"):
        shutil.copy(EXPORTS / name, tmp_path / name)
    report = import_registrations(load_process(process), [tmp_path / "gforms-de.csv", tmp_path / "gforms-en.csv"])
    languages = {r["Dolmetschen"] for r in tracker_rows(report.tracker)} - {None, ""}
    assert "Ukrainisch" in languages and "Portugiesisch" in languages
    assert "Ukrainian" not in languages
    notes = " ".join(report.notes)
    # Ukrainisch has its column (the process offers it): only Portugiesisch is named
    assert "Übersicht: Portugiesisch –" in notes and "Ukrainian" not in notes
