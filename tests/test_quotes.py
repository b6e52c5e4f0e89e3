"""Quotation marks inside a quoted title become ‚…‘ in every message (one helper)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.render.typography import quoted

EXAMPLE = "examples/elmshorn-2025/prozess.yaml"
NESTED = re.compile(r"„[^“]*„")


def test_a_title_with_quotes_is_quoted_with_single_ones_inside() -> None:
    assert quoted("Auftaktveranstaltung „Elmshorn im Dialog“") == (
        "„Auftaktveranstaltung ‚Elmshorn im Dialog‘“"
    )
    assert quoted('Fest "Vielfalt"') == "„Fest ‚Vielfalt‘“"


@given(st.text(alphabet="ab „“\"", max_size=20))
def test_quoted_never_nests_double_marks(text: str) -> None:
    result = quoted(text)
    assert result.startswith("„") and result.endswith("“")
    assert "„" not in result[1:-1] and "“" not in result[1:-1]


@pytest.mark.parametrize(
    ("command", "day"),
    [("status", "2025-03-06"), ("status", "2025-09-01")],
)
def test_messages_do_not_nest_german_quotes(command: str, day: str) -> None:
    result = CliRunner().invoke(
        app, [command, EXAMPLE, "--today", day], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Elmshorn im Dialog" in text
    assert not NESTED.search(text), NESTED.search(text)
    assert "ergebnisse ein" not in text  # a noun is written with a capital letter


def test_check_asks_for_the_results_with_a_capital_noun() -> None:
    result = CliRunner().invoke(app, ["check", EXAMPLE, "--today", "2025-09-01"])
    text = " ".join(result.output.split())
    assert "tragen Sie die Ergebnisse unter „ergebnisse:“ ein" in text
