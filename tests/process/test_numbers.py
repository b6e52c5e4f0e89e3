"""German numbers in the process file: thousands read correctly, approximations kept, nothing
silently changed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from integrakonzept.errors import ProcessFileError
from integrakonzept.process.load import load_process
from integrakonzept.process.types import Figure, parse_count, parse_euro

Write = Callable[..., Path]


def _german(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _results(minimal: str, lines: str) -> str:
    return minimal.rstrip("\n") + "\n    ergebnisse:\n" + "".join(
        f"      {line}\n" for line in lines.strip().splitlines()
    )


@pytest.mark.parametrize(
    ("written", "number", "text"),
    [
        ("1.000", 1000, "1.000"),
        ("1.200", 1200, "1.200"),
        ('"1.200"', 1200, "1.200"),
        ("75", 75, "75"),
        ("über 120", 120, "über 120"),
        ("rund 50", 50, "rund 50"),
        ("mehr als 100", 100, "mehr als 100"),
        ("knapp 40", 40, "knapp 40"),
        ("Rund 1.500", 1500, "rund 1.500"),
    ],
)
def test_participants_are_read_as_written(
    write_yaml: Write, minimal_yaml: str, written: str, number: int, text: str
) -> None:
    process = load_process(write_yaml(_results(minimal_yaml, f"teilnehmende: {written}")))
    results = process.phases[0].results
    assert results is not None and results.participants is not None
    assert int(results.participants) == number
    assert results.participants.text == text
    assert results.participants.is_exact == (text[0].isdigit())


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("100.000", Decimal(100000)),
        ("12500", Decimal(12500)),
        ("12500.50", Decimal("12500.50")),
        ('"12.500,50"', Decimal("12500.50")),
        ('"1.000.000 €"', Decimal(1000000)),
    ],
)
def test_budget_in_german_notation(
    write_yaml: Write, minimal_yaml: str, written: str, amount: Decimal
) -> None:
    text = minimal_yaml.replace("handlungsfelder:", f"budget_eur: {written}\nhandlungsfelder:", 1)
    assert load_process(write_yaml(text)).budget_eur == amount


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1.0", "„1.0“ ist keine ganze Zahl; Tausender ohne Punkt schreiben (1000 statt 1.0) "
         "oder mit Punkt und drei Ziffern dahinter (1.000)"),
        ("1.5", "„1.5“ ist keine ganze Zahl; Tausender ohne Punkt schreiben (1000 statt 1.0) "
         "oder mit Punkt und drei Ziffern dahinter (1.000)"),
        ("1,200", "„1,200“ ist keine ganze Zahl; erwartet z. B. 120 oder 1.200"),
        ("viele", "„viele“ ist keine ganze Zahl; erwartet z. B. 120 oder 1.200"),
        ("-3", "Zahl darf nicht negativ sein"),
    ],
)
def test_unreadable_counts_are_refused_at_their_line(
    write_yaml: Write, minimal_yaml: str, written: str, message: str
) -> None:
    path = write_yaml(_results(minimal_yaml, f"teilnehmende: {written}"))
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    (problem,) = info.value.problems
    assert str(problem) == f"{path}:21:21: phasen[auftakt].ergebnisse.teilnehmende: {message}"


def test_capacity_needs_an_exact_number(write_yaml: Write, minimal_yaml: str) -> None:
    path = write_yaml(minimal_yaml.rstrip("\n") + "\n    kapazitaet: über 100\n")
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    assert "„über 100“: hier ist eine genaue Zahl nötig, z. B. 100" in str(info.value.problems[0])


def test_thousands_in_text_fields_stay_text(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.rstrip("\n") + "\n    ort:\n      name: Rathaus\n      raum: 1.000\n"
    phase = load_process(write_yaml(text)).phases[0]
    assert phase.venue is not None and phase.venue.room == "1.000"  # type: ignore[attr-defined]


@given(st.integers(min_value=0, max_value=10**9))
def test_count_round_trip(n: int) -> None:
    assert parse_count(_german(n)) == n
    assert parse_count(str(n)) == n
    assert Figure.parse(_german(n)).text == _german(n)
    assert Figure.parse(f"über {_german(n)}").text == f"über {_german(n)}"


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_euro_round_trip(euros: int, cents: int) -> None:
    assert parse_euro(f"{_german(euros)},{cents:02d}") == Decimal(f"{euros}.{cents:02d}")


@pytest.mark.parametrize("value", [True, 1.5, "zwölf", "1.00", "12,5,0"])
def test_bad_values_raise_german_errors(value: object) -> None:
    with pytest.raises(PydanticCustomError):
        parse_count(value)


def test_messages_count_in_german() -> None:
    from integrakonzept.render.locale import counted

    assert counted(1, "Zeile", "Zeilen") == "1 Zeile"
    assert counted(0, "Zeile", "Zeilen") == "0 Zeilen"
    assert counted(1200, "Veranstaltung", "Veranstaltungen") == "1.200 Veranstaltungen"


def test_check_counts_one_event_in_the_singular(write_yaml: Write, minimal_yaml: str) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    result = CliRunner().invoke(app, ["check", str(write_yaml(minimal_yaml)), "--today", "2030-01-01"])
    assert result.exit_code == 0, result.output
    assert "1 Phase, davon 1 Veranstaltung, 1 Handlungsfeld." in result.output
    assert "1 Veranstaltungen" not in result.output
