"""Leichte Sprache has one code everywhere (``de-x-ls``); older spellings are aliases."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrakonzept.cli.app import app
from integrakonzept.errors import UsageError
from integrakonzept.process.load import load_process
from integrakonzept.render.languages import LEICHTE_SPRACHE, language

ROOT = Path(__file__).resolve().parents[2]
ALIASES = ["de-x-ls", "de-LS", "DE_LS", "de-ls", "leichte-sprache", "LS", "de-DE-x-ls"]


def test_the_code_is_a_valid_private_use_tag() -> None:
    assert LEICHTE_SPRACHE == "de-x-ls"
    assert re.fullmatch(r"[a-z]{2}-x-[a-z0-9]{1,8}", LEICHTE_SPRACHE)


@pytest.mark.parametrize("spelling", ALIASES)
def test_every_spelling_means_leichte_sprache(spelling: str) -> None:
    found = language(spelling)
    assert found.code == "de-x-ls" and found.is_easy
    assert found.html_lang == "de-x-ls"
    assert found.file_suffix == "-leichte-sprache"


@pytest.mark.parametrize("spelling", ALIASES)
def test_process_file_accepts_the_old_spellings(
    spelling: str, write_yaml: Callable[..., Path], minimal_yaml: str
) -> None:
    text = minimal_yaml.replace("handlungsfelder:", f"sprachen: [de, {spelling}]\nhandlungsfelder:", 1)
    text += f"uebersetzungen:\n  {spelling}:\n    titel: Ein Plan für alle in Musterstadt\n"
    process = load_process(write_yaml(text))
    assert process.languages == ["de", "de-x-ls"]
    assert list(process.translations) == ["de-x-ls"]


def test_the_hint_names_the_one_code() -> None:
    with pytest.raises(UsageError) as error:
        language("ku")
    assert "de-x-ls (Leichte Sprache)" in (error.value.hint or "")
    assert "de-LS" not in (error.value.hint or "")


def test_cli_help_and_readme_name_the_one_code() -> None:
    result = CliRunner().invoke(app, ["invitation", "--help"], env={"COLUMNS": "300"}, terminal_width=300)
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert "de-x-ls (Leichte Sprache, Entwurf)" in help_text
    assert "de-LS" not in help_text
    for path in (ROOT / "README.md", ROOT / "templates" / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert "--lang de-x-ls" in text, path
        # the old spelling appears only where the README says it is still understood
        for line in text.splitlines():
            if "de-LS" in line:
                assert "weiter verstanden" in line or "Lesotho" in line, line
