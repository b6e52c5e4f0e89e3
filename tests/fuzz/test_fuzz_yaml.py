"""Fuzzing the two YAML readers (process file, mapping file) with hypothesis.

Every input – random bytes, truncated or mutated real files, any encoding, control characters,
alias bombs, unknown tags, deep nesting – must end in a loaded model or an ``IkError`` with a
German message, never another exception, and within the time and memory budget asserted by
:func:`fuzz_support.bounded`. The budget of examples is fixed so that CI stays fast.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_support import ENCODINGS, FUZZ, assert_german, mutate
from hypothesis import given
from hypothesis import strategies as st

from conftest import bounded
from integrakonzept.errors import IkError
from integrakonzept.people.mapping import load_mapping
from integrakonzept.process.load import load_process
from integrakonzept.process.model import Process

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_bytes()
MAPPING = (ROOT / "tests" / "data" / "exports" / "limesurvey-zuordnung.yaml").read_bytes()

# Pieces of YAML syntax; random sequences of them reach every corner of the parser.
TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    ",",
    "?",
    "? ",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "!foo ",
    "!!str ",
    "!!python/object:os.system ",
    "!<tag:x> ",
    "%YAML 1.1\n",
    "%TAG ! x\n",
    "---\n",
    "...\n",
    "\n",
    "  ",
    "    ",
    "\t",
    "'",
    '"',
    "\\",
    "#",
    "|",
    ">",
    "<<: ",
    "titel",
    "phasen",
    "x",
    "ä",
    "😀",
    "\u202e",
    "\x00",
    "\x0b",
    "\x85",
    "\u2028",
    "\ufeff",
    "=HYPERLINK(1)",
    "0x1",
    "18:00",
    "2025-02-30",
    "no",
    "~",
    "null",
    "1e9999",
]
yaml_soup = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def _run_process(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prozess.yaml"
        path.write_bytes(data)
        with bounded():
            try:
                result = load_process(path)
            except IkError as exc:
                assert_german(exc)
            else:
                assert isinstance(result, Process)


def _run_mapping(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zuordnung.yaml"
        path.write_bytes(data)
        with bounded():
            try:
                load_mapping(path)
            except IkError as exc:
                assert_german(exc)


@FUZZ
@given(st.binary(max_size=3000))
def test_process_random_bytes(data: bytes) -> None:
    _run_process(data)


@FUZZ
@given(mutate(EXAMPLE))
def test_process_mutated_example(data: bytes) -> None:
    _run_process(data)


@FUZZ
@given(st.integers(0, len(EXAMPLE)), st.sampled_from(ENCODINGS))
def test_process_truncated_in_any_encoding(cut: int, encoding: str) -> None:
    text = EXAMPLE.decode("utf-8")[:cut]
    _run_process(text.encode(encoding, errors="replace"))


@FUZZ
@given(yaml_soup)
def test_process_yaml_soup(text: str) -> None:
    _run_process(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(st.integers(2, 12), st.integers(2, 12), st.sampled_from(["[{}]", "{{k: {}}}", "- {}"]))
def test_alias_bombs_of_any_shape(levels: int, width: int, shape: str) -> None:
    lines = ["a0: &a0 lol"]
    for i in range(1, levels + 1):
        aliases = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"a{i}: &a{i} [{aliases}]")
    _run_process("\n".join(lines).encode())
    _run_mapping("\n".join(lines).encode())


@FUZZ
@given(st.integers(1, 5000), st.sampled_from(["[", "{a: ", "- ", "a:\n"]))
def test_nesting_of_any_depth(depth: int, opening: str) -> None:
    if opening == "a:\n":
        text = "".join(" " * i + "a:\n" for i in range(min(depth, 400))) + "x\n"
    else:
        text = "titel:\n  " + opening * depth + "x\n"
    _run_process(text.encode())
    _run_mapping(text.encode())


@FUZZ
@given(st.binary(max_size=2000))
def test_mapping_random_bytes(data: bytes) -> None:
    _run_mapping(data)


@FUZZ
@given(mutate(MAPPING))
def test_mapping_mutated(data: bytes) -> None:
    _run_mapping(data)


@FUZZ
@given(yaml_soup, st.sampled_from(ENCODINGS))
def test_mapping_yaml_soup(text: str, encoding: str) -> None:
    _run_mapping(text.encode(encoding, errors="replace"))
