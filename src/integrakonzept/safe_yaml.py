"""Hostile-input-proof YAML reading for every YAML file ik reads (process file, mapping file).

PyYAML alone is not safe against hostile files: an alias bomb ("billion laughs") expands to
billions of nodes in anyone who walks the data, 1,000 nested brackets end in a RecursionError,
control characters end in an English ``ReaderError`` and a 50 MB file is read whole. This module
puts limits in front of the parser, all of them checked in bounded time and memory:

* the file size is checked before it is read (and no more than the limit is ever read);
* the text is decoded (UTF-8, or UTF-16/32 with a byte order mark) and control characters are
  refused with their line and column;
* a first pass over the parser's *events* (flat, not recursive) refuses too deep nesting, too long
  values, recursive aliases and more expanded values than allowed (an alias counts as the whole
  subtree it stands for), before anything is composed;
* only then is the document composed and constructed – by libyaml's C parser where PyYAML has it
  (same line and column positions as the Python parser, much faster).

Every problem becomes a :class:`YamlProblem` with a German message and a 1-based position;
PyYAML's English texts never reach the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: The fastest safe loader available: libyaml's C parser, else the pure-Python one.
SafeBase: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one kind of YAML file."""

    max_bytes: int
    max_depth: int
    max_values: int
    max_value_chars: int


#: A process file is a few kilobytes; these bounds leave a hundredfold margin.
PROCESS_LIMITS = Limits(
    max_bytes=2_000_000, max_depth=40, max_values=100_000, max_value_chars=50_000
)
#: A mapping file has two levels of short keys and values.
MAPPING_LIMITS = Limits(max_bytes=1_000_000, max_depth=10, max_values=20_000, max_value_chars=5_000)


class YamlProblem(Exception):
    """A YAML file cannot be read; ``message`` is German, ``line``/``column`` are 1-based.

    ``syntax`` is true for a YAML syntax error (where indentation hints help).
    """

    def __init__(self, message: str, line: int = 1, column: int = 1, *, syntax: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.syntax = syntax


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# --- reading and decoding ---------------------------------------------------------------


def read_limited(path: Path, limits: Limits) -> bytes:
    """Read at most ``limits.max_bytes`` bytes; a larger file is a :class:`YamlProblem`.

    OS errors (missing file, folder, permission) are left to the caller, who knows what
    the file is for.
    """
    with path.open("rb") as handle:
        raw = handle.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise YamlProblem(
            f"Die Datei ist zu groß (mehr als {_number(limits.max_bytes // 1000)} KB); "
            "erwartet wird eine kurze Textdatei."
        )
    return raw


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 with a BOM; anything else is refused."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raw, encoding = raw[len(bom) :], name
            break
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise YamlProblem(
                f"Die Datei ist nicht lesbar kodiert (Kennung {encoding.upper()}, aber ungültige Bytes)."
            ) from None
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            "Die Datei ist nicht UTF-8-kodiert (z. B. Windows-1252 oder ISO-8859-1).", line, column
        ) from None


# Characters YAML does not allow (YAML 1.1 "printable" set, as PyYAML and libyaml check it).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CONTROL_NAMES = {
    0x00: "Nullzeichen NUL",
    0x07: "Signalton BEL",
    0x08: "Rückschritt BS",
    0x0B: "vertikaler Tabulator",
    0x0C: "Seitenvorschub",
    0x1B: "Escape",
    0x7F: "Löschzeichen DEL",
    0xFEFF: "Byte-Order-Mark",
    0xFFFE: "Nicht-Zeichen",
    0xFFFF: "Nicht-Zeichen",
}


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting line breaks as YAML does."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def check_characters(text: str) -> None:
    """Refuse the first character YAML does not allow, with its position and name."""
    match = _NON_PRINTABLE.search(text)
    if match is None:
        return
    char = match.group()
    code = ord(char)
    name = _CONTROL_NAMES.get(code, "Steuerzeichen")
    line, column = position(text, match.start())
    raise YamlProblem(
        f"unsichtbares Zeichen U+{code:04X} ({name}) ist nicht erlaubt; bitte löschen",
        line,
        column,
    )


# --- the event pass: depth, sizes, aliases ------------------------------------------------


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def prescan(text: str, loader_cls: type[Any], limits: Limits) -> None:
    """Walk the parser's events once and refuse what would cost unbounded time or memory."""
    loader = loader_cls(text)
    try:
        depth = 0
        expanded = 0
        starts: list[tuple[str | None, int]] = []  # (anchor, ``expanded`` at collection start)
        sizes: dict[str, int] = {}  # anchor -> number of values it stands for
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    raise YamlProblem(
                        f"zu tief verschachtelt (mehr als {limits.max_depth} Ebenen)",
                        *_at(event.start_mark),
                    )
                expanded += 1
                starts.append((event.anchor, expanded - 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                anchor, before = starts.pop()
                if anchor is not None:
                    sizes[anchor] = expanded - before
            elif isinstance(event, yaml.ScalarEvent):
                if len(event.value) > limits.max_value_chars:
                    raise YamlProblem(
                        f"ein Wert ist zu lang ({_number(len(event.value))} Zeichen, "
                        f"erlaubt sind {_number(limits.max_value_chars)})",
                        *_at(event.start_mark),
                    )
                expanded += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                anchor = event.anchor or ""
                if anchor not in sizes:
                    open_anchors = {a for a, _ in starts}
                    message = (
                        f"der Verweis „*{anchor}“ zeigt auf sich selbst"
                        if anchor in open_anchors
                        else f"der Verweis „*{anchor}“ hat keinen Anker „&{anchor}“ davor"
                    )
                    raise YamlProblem(message, *_at(event.start_mark))
                expanded += sizes[anchor]
            if expanded > limits.max_values:
                raise YamlProblem(
                    f"die Datei ist zu umfangreich: mehr als {_number(limits.max_values)} Werte "
                    "(Verweise mit „*“ ausgeschrieben gezählt)",
                    *_at(event.start_mark),
                )
    finally:
        loader.dispose()


# --- the public entry point ---------------------------------------------------------------


def load(
    text: str,
    loader_cls: type[Any],
    limits: Limits,
    inspect: Callable[[yaml.Node], None] | None = None,
) -> Any:
    """Check, parse and construct one YAML document; ``None`` for an empty one.

    ``inspect`` is called with the composed root node before construction (the process
    loader records positions there). Raises :class:`YamlProblem`.
    """
    check_characters(text)
    try:
        prescan(text, loader_cls, limits)
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return None
            if inspect is not None:
                inspect(root)
            return loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _at(mark)
        message = german_message(exc)
        if (exc.problem or "").startswith("exceeded maximum nesting depth"):
            # libyaml's own limit (1,000 levels), met while it looks ahead for a key
            depth = f"zu tief verschachtelt (mehr als {limits.max_depth} Ebenen)"
            raise YamlProblem(depth, line, column) from None
        if _char_at(text, line, column) == "\t" and exc.problem_mark is not None:
            message = f"YAML-Fehler: {_TAB}"
        raise YamlProblem(message, line, column, syntax=_is_syntax(exc)) from None
    except yaml.YAMLError:
        raise YamlProblem("YAML-Fehler: die Datei ist kein gültiges YAML") from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise YamlProblem("zu tief verschachtelt") from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = _LINE_BREAK.split(text)
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


_TAB = "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken"


def _is_syntax(exc: yaml.MarkedYAMLError) -> bool:
    return not isinstance(exc, yaml.constructor.ConstructorError | yaml.composer.ComposerError)


# PyYAML (Python) and libyaml (C) word the same problem differently; both map to one text.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("found character '\\t' that cannot start any token", _TAB),
    (
        "found character that cannot start any token",
        "dieses Zeichen kann keinen Wert beginnen (Sonderzeichen wie @ oder ` am Anfang? Dann Text in Anführungszeichen setzen)",
    ),
    (
        "found character '",
        "dieses Zeichen kann keinen Wert beginnen (Sonderzeichen wie @ oder ` am Anfang? Dann Text in Anführungszeichen setzen)",
    ),
    (
        "block sequence entries are not allowed",
        "ein Listeneintrag „- …“ ist hier nicht erlaubt (in eine eigene Zeile schreiben und einrücken)",
    ),
    (
        "mapping values are not allowed",
        "hier ist kein „:“ erlaubt (Text mit Doppelpunkt in Anführungszeichen setzen)",
    ),
    ("could not find expected ':'", "„:“ fehlt nach dem Schlüssel"),
    (
        "found unexpected end of stream",
        "die Datei endet mitten in einem Wert (Anführungszeichen nicht geschlossen?)",
    ),
    ("did not find expected key", "Einrückung passt nicht: hier wird ein Schlüssel erwartet"),
    ("expected <block end>", "Einrückung passt nicht: hier wird ein Schlüssel erwartet"),
    (
        "did not find expected '-' indicator",
        "Einrückung passt nicht: hier wird ein Listeneintrag „- …“ erwartet",
    ),
    (
        "but found another document",
        "die Datei enthält mehrere YAML-Dokumente („---“); erwartet wird eines",
    ),
    (
        "expected a single document",
        "die Datei enthält mehrere YAML-Dokumente („---“); erwartet wird eines",
    ),
    (
        "did not find expected ',' or ']'",
        "„]“ fehlt: eine Liste in eckigen Klammern ist nicht geschlossen",
    ),
    ("expected ',' or ']'", "„]“ fehlt: eine Liste in eckigen Klammern ist nicht geschlossen"),
    (
        "did not find expected ',' or '}'",
        "„}“ fehlt: ein Abschnitt in geschweiften Klammern ist nicht geschlossen",
    ),
    (
        "expected ',' or '}'",
        "„}“ fehlt: ein Abschnitt in geschweiften Klammern ist nicht geschlossen",
    ),
    (
        "could not determine a constructor for the tag",
        "unbekannte Markierung mit „!“ (Text, der mit „!“ beginnt, in Anführungszeichen setzen)",
    ),
    (
        "found unhashable key",
        "ein Schlüssel muss ein einfacher Text sein, keine Liste und kein Abschnitt",
    ),
    (
        "found undefined alias",
        "Verweis „*…“ ohne passenden Anker „&…“ (Text, der mit „*“ beginnt, in Anführungszeichen setzen)",
    ),
    (
        "found undefined tag handle",
        "unbekannte Markierung mit „!“ (Text, der mit „!“ beginnt, in Anführungszeichen setzen)",
    ),
    ("second occurrence", "derselbe Anker „&…“ steht zweimal"),
    ("found duplicate anchor", "derselbe Anker „&…“ steht zweimal"),
    ("expected a mapping for merging", "„<<“ braucht einen Abschnitt mit Schlüsseln"),
    (
        "expected a mapping or list of mappings for merging",
        "„<<“ braucht einen Abschnitt mit Schlüsseln",
    ),
    (
        "found unknown escape character",
        "unbekannte Escape-Folge mit „\\“ in doppelten Anführungszeichen (einfache Anführungszeichen verwenden)",
    ),
    (
        "found invalid Unicode character escape code",
        "ungültige Unicode-Escape-Folge mit „\\u“ in doppelten Anführungszeichen (das Zeichen direkt schreiben)",
    ),
    (
        "expected escape sequence",
        "unvollständige Escape-Folge mit „\\“ in doppelten Anführungszeichen",
    ),
    (
        "found a tab character",
        "Tabulatorzeichen sind hier nicht erlaubt; bitte Leerzeichen verwenden",
    ),
    (
        "found unexpected ':'",
        "hier ist kein „:“ erlaubt (Text mit Doppelpunkt in Anführungszeichen setzen)",
    ),
    (
        "while scanning an alias",
        "nach „*“ fehlt der Name eines Ankers (Text, der mit „*“ beginnt, in Anführungszeichen setzen)",
    ),
    (
        "while scanning an anchor",
        "nach „&“ fehlt der Name des Ankers (Text, der mit „&“ beginnt, in Anführungszeichen setzen)",
    ),
    (
        "while scanning a directive",
        "ungültige Anweisung mit „%“ (Text, der mit „%“ beginnt, in Anführungszeichen setzen)",
    ),
    ("found incompatible YAML document", "nur YAML 1.1/1.2 wird unterstützt"),
    ("found duplicate YAML directive", "die Anweisung „%YAML“ steht zweimal"),
    ("found duplicate tag handle", "dieselbe „%TAG“-Anweisung steht zweimal"),
    ("while scanning a block scalar", "ungültiger Block-Text nach „|“ oder „>“"),
    (
        "while scanning a plain scalar",
        "ungültiger Text (Sonderzeichen? Dann in Anführungszeichen setzen)",
    ),
    ("while scanning a quoted scalar", "ungültiger Text in Anführungszeichen"),
    ("while scanning a simple key", "„:“ fehlt nach dem Schlüssel"),
    (
        "while scanning a tag",
        "ungültige Markierung mit „!“ (Text, der mit „!“ beginnt, in Anführungszeichen setzen)",
    ),
    ("while parsing a block mapping", "Einrückung passt nicht: hier wird ein Schlüssel erwartet"),
    (
        "while parsing a block collection",
        "Einrückung passt nicht: hier wird ein Listeneintrag „- …“ erwartet",
    ),
    ("while parsing a flow", "eine Klammer „[“ oder „{“ ist nicht richtig geschlossen"),
)


def german_message(exc: yaml.MarkedYAMLError) -> str:
    """A German text for a PyYAML or libyaml error; never the English original."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    tag = re.match(r"could not determine a constructor for the tag '(.{1,40})'$", problem)
    if tag:
        return (
            f"YAML-Fehler: unbekannte Markierung „{tag.group(1)}“ (Text, der mit „!“ beginnt, "
            "in Anführungszeichen setzen)"
        )
    for text in (problem, context):
        for english, german in _TRANSLATIONS:
            if text.startswith(english):
                return f"YAML-Fehler: {german}"
    return "YAML-Fehler: ungültige Syntax an dieser Stelle"


__all__ = [
    "MAPPING_LIMITS",
    "PROCESS_LIMITS",
    "Limits",
    "SafeBase",
    "YamlProblem",
    "check_characters",
    "decode",
    "german_message",
    "load",
    "position",
    "prescan",
    "read_limited",
]
