"""Hostile YAML: each attack ends in a located German message, in bounded time and memory."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import bounded
from integrakonzept.errors import InputFileError, ProcessFileError
from integrakonzept.people.mapping import load_mapping
from integrakonzept.process.load import load_process
from integrakonzept.safe_yaml import MAPPING_LIMITS, PROCESS_LIMITS

Write = Callable[..., Path]

# Words of PyYAML's English messages; none may reach the user. (Narrower than the fuzz
# tests' list: these messages quote the hostile value, e.g. „!python/object:…“.)
ENGLISH = re.compile(
    r"\b(found|expected|while|scanning|parsing|constructor|could not|not allowed|"
    r"character|stream|mapping|anchor|alias)\b"
)
#: hostile YAML is refused faster and with less memory than the fuzz budget allows
BUDGET = {"seconds": 5.0, "megabytes": 64.0}


def process_problems(path: Path) -> list[str]:
    with bounded(**BUDGET), pytest.raises(ProcessFileError) as info:
        load_process(path)
    for problem in info.value.problems:
        assert not ENGLISH.search(problem.message), problem.message
    assert info.value.hint is None or not ENGLISH.search(info.value.hint)
    return [str(p).removeprefix(f"{path}:") for p in info.value.problems]


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    (message,) = process_problems(path)
    assert message.endswith(
        "die Datei ist zu umfangreich: mehr als 100.000 Werte (Verweise mit „*“ ausgeschrieben gezählt)"
    )
    assert message.startswith("6:40:")  # the alias that crosses the limit


def test_alias_bomb_in_a_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    with bounded(**BUDGET), pytest.raises(InputFileError) as info:
        load_mapping(path)
    assert "zu umfangreich: mehr als 20.000 Werte" in info.value.message
    assert not ENGLISH.search(info.value.message)


def test_modest_aliases_still_work(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("  name: Musterstadt\n", "  name: &stadt Musterstadt\n").replace(
        "  institution: Stadt Musterstadt\n", "  institution: *stadt\n"
    )
    assert load_process(write_yaml(text)).organiser.institution == "Musterstadt"


def test_recursive_alias(tmp_path: Path) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text("titel: &t [x, *t]\n", encoding="utf-8")
    assert process_problems(path) == ["1:15: der Verweis „*t“ zeigt auf sich selbst"]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000 (Nullzeichen NUL)"),
        ("\x0b", "U+000B (vertikaler Tabulator)"),
        ("\x1b", "U+001B (Escape)"),
        ("\x7f", "U+007F (Löschzeichen DEL)"),
        ("\x9b", "U+009B (Steuerzeichen)"),
        ("\ufffe", "U+FFFE (Nicht-Zeichen)"),
    ],
)
def test_control_characters_are_refused_with_position(
    write_yaml: Write, minimal_yaml: str, char: str, name: str
) -> None:
    text = minimal_yaml.replace("titel: Sprache", f"titel: Spr{char}ache")
    line = text.lstrip("\n").split("\n").index(f"    titel: Spr{char}ache") + 1
    assert process_problems(write_yaml(text)) == [
        f"{line}:15: unsichtbares Zeichen {name} ist nicht erlaubt; bitte löschen"
    ]


def test_control_character_in_a_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_text("spalten:\n  Vor\x00name: vorname\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_mapping(path)
    assert info.value.message == (
        f"{path}:2:6: Die Zuordnungsdatei ist kein gültiges YAML: "
        "unsichtbares Zeichen U+0000 (Nullzeichen NUL) ist nicht erlaubt; bitte löschen."
    )


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused_at_its_place(tmp_path: Path, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    path = tmp_path / "prozess.yaml"
    path.write_text("titel: " + opening * 200 + closing * 200 + "\n", encoding="utf-8")
    (message,) = process_problems(path)
    # the file's own mapping is the first level; the 40th bracket opens the 41st
    column = 8 + (PROCESS_LIMITS.max_depth - 1) * len(opening)
    assert message == f"1:{column}: zu tief verschachtelt (mehr als 40 Ebenen)"


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_extreme_nesting_ends_without_recursion_error(tmp_path: Path, opening: str) -> None:
    closing = {"[": "]", "{a: ": "}", "- ": ""}[opening]
    path = tmp_path / "prozess.yaml"
    path.write_text("titel:\n  " + opening * 100_000 + "x" + closing * 100_000 + "\n")
    (message,) = process_problems(path)
    assert message.endswith(": zu tief verschachtelt (mehr als 40 Ebenen)")


def test_deep_block_nesting(tmp_path: Path) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text("".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x\n")
    (message,) = process_problems(path)
    assert message.endswith("zu tief verschachtelt (mehr als 40 Ebenen)")


def test_deep_nesting_in_a_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_text("spalten: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    with bounded(**BUDGET), pytest.raises(InputFileError) as info:
        load_mapping(path)
    assert (
        f"zu tief verschachtelt (mehr als {MAPPING_LIMITS.max_depth} Ebenen)" in info.value.message
    )


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "prozess.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("titel: x\nbeschreibung: |\n")
        for _ in range(50_000):
            handle.write("  " + "Lorem ipsum dolor sit amet " * 37 + "\n")
    assert path.stat().st_size > 50_000_000
    assert process_problems(path) == [
        "1:1: Die Datei ist zu groß (mehr als 2.000 KB); erwartet wird eine kurze Textdatei."
    ]


def test_huge_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_bytes(b"# " + b"x" * 2_000_000)
    with pytest.raises(InputFileError) as info:
        load_mapping(path)
    assert info.value.message == (
        f"{path}: Die Datei ist zu groß (mehr als 1.000 KB); erwartet wird eine kurze Textdatei."
    )


def test_overlong_value(write_yaml: Write, minimal_yaml: str) -> None:
    text = minimal_yaml.replace("titel: Auftakt", "titel: " + "A" * 60_000)
    messages = process_problems(write_yaml(text))
    assert messages == [
        f"{text.lstrip().splitlines().index('    titel: ' + 'A' * 60_000) + 1}:12: "
        "ein Wert ist zu lang (60.000 Zeichen, erlaubt sind 50.000)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "titel: !python/object:os.system x\n",
            "1:8: YAML-Fehler: unbekannte Markierung „!python/object:os.system“",
        ),
        ("titel: !!binary aGFsbG8=\nx: !foo 1\n", "2:4: YAML-Fehler: unbekannte Markierung „!foo“"),
        ("titel: *nirgends\n", "1:8: der Verweis „*nirgends“ hat keinen Anker „&nirgends“ davor"),
        ("a: &x 1\nb: &x 2\n", "2:4: YAML-Fehler: derselbe Anker „&…“ steht zweimal"),
        (
            "? [a]\n: b\n",
            "1:3: YAML-Fehler: ein Schlüssel muss ein einfacher Text sein, keine Liste und kein Abschnitt",
        ),
        (
            "titel: [a, b\n",
            "2:1: YAML-Fehler: „]“ fehlt: eine Liste in eckigen Klammern ist nicht geschlossen",
        ),
        (
            'titel: "a\\qb"\n',
            "1:10: YAML-Fehler: unbekannte Escape-Folge mit „\\“ in doppelten Anführungszeichen (einfache Anführungszeichen verwenden)",
        ),
        (
            "titel: @x\n",
            "1:8: YAML-Fehler: dieses Zeichen kann keinen Wert beginnen (Sonderzeichen wie @ oder ` am Anfang? Dann Text in Anführungszeichen setzen)",
        ),
        ('titel: "x\\ud83d"\n', "1:12: YAML-Fehler: ungültige Unicode-Escape-Folge"),
        ("titel: - x\n", "1:8: YAML-Fehler: ein Listeneintrag „- …“ ist hier nicht erlaubt"),
        ("%YAML 9.9\n---\na: 1\n", "1:1: YAML-Fehler: nur YAML 1.1/1.2 wird unterstützt"),
    ],
)
def test_yaml_errors_are_german(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text(text, encoding="utf-8")
    (message,) = process_problems(path)
    assert message.startswith(expected), message


def test_unknown_tag_gets_no_hint_about_tabs(tmp_path: Path) -> None:
    path = tmp_path / "prozess.yaml"
    path.write_text("titel: !foo x\n", encoding="utf-8")
    with pytest.raises(ProcessFileError) as info:
        load_process(path)
    assert "Tabulator" not in (info.value.hint or "")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(
    tmp_path: Path, minimal_yaml: str, encoding: str
) -> None:
    path = tmp_path / "prozess.yaml"
    data = minimal_yaml.lstrip().encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert load_process(path).municipality.name == "Musterstadt"


def test_the_c_parser_is_used() -> None:
    import yaml

    from integrakonzept.process.load import StrictLoader

    assert yaml.__with_libyaml__
    assert issubclass(StrictLoader, yaml.CSafeLoader)
