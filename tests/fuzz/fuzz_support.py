"""Shared pieces of the fuzz tests: the fixed budget, byte mutations, the German check."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from conftest import ENGLISH
from integrakonzept.errors import IkError, ProcessFileError

#: The fixed budget: enough examples to find the classic failures, few enough for CI.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-be",
    "latin-1",
    "cp1252",
    "cp850",
    "iso-8859-15",
    "mac_roman",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "utf-7",
]

CONTROL = [bytes([c]) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] + [
    "\x85".encode(),
    "\u2028".encode(),
    "\ufeff".encode(),
    "\ufffe".encode(),
    b"\xed\xa0\x80",
]

def _without_quotes(text: str) -> str:
    """Drop quoted user values („…“), options and file names: only ik's own words count."""
    text = re.sub(r"„[^“]*“", "„…“", text)
    return re.sub(r"--[\w-]+|\S+\.(?:yaml|csv|xlsx)\b", "…", text)


def assert_german(exc: IkError) -> None:
    """The error's message and hint are ik's German words, not a library's English."""
    texts = [exc.message, exc.hint or ""]
    if isinstance(exc, ProcessFileError):
        # the head line lists file:line:col: path – the path holds the user's own keys
        texts = [exc.hint or "", *(p.message for p in exc.problems)]
    for text in texts:
        found = ENGLISH.search(_without_quotes(text))
        assert found is None, f"English in the message: {text!r}"


@st.composite
def mutate(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random edits: cuts, inserted bytes, control characters, copies."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(["cut", "insert", "control", "replace", "copy", "delete"]))
        if kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif kind == "control":
            out[at:at] = draw(st.sampled_from(CONTROL))
        elif kind == "replace" and at < len(out):
            out[at] = draw(st.integers(0, 255))
        elif kind == "copy":
            end = draw(st.integers(at, min(len(out), at + 400)))
            out[at:at] = out[at:end] * draw(st.integers(1, 5))
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 50))]
    return bytes(out)
