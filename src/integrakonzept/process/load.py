"""Read a process file: strict YAML, validation, every problem with file:line:col.

The YAML 1.1 traps are closed here, once: an unquoted ``18:00`` stays the text
"18:00" (not the number 1080), ``2025-02-30`` is reported at its line (not a
bare ValueError), ``no``/``yes``/``on``/``off`` stay text, ``01067`` stays a
postal code, and a key given twice is an error instead of silently last-wins.
Dates and times reach pydantic as text and are parsed there.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from integrakonzept.errors import InputFileError, Problem, ProcessFileError, os_reason
from integrakonzept.process.model import (
    EventPhase,
    MilestonePhase,
    OnlinePhase,
    Process,
)
from integrakonzept.safe_yaml import PROCESS_LIMITS, SafeBase, YamlProblem, read_limited
from integrakonzept.safe_yaml import decode as decode_yaml_bytes
from integrakonzept.safe_yaml import load as load_yaml

PathTuple = tuple[str | int, ...]


class StrictLoader(SafeBase):  # type: ignore[misc]
    """SafeLoader without the YAML 1.1 implicit timestamp, sexagesimal, octal and yes/no rules.

    Built on libyaml's C parser where PyYAML has it (same positions, far faster).
    """


StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in {
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        }
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Integers without leading zeros or underscores: "01067" (a postal code) stays text.
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)
# "1.000" and "100.000" are German thousands, not 1.0 and 100.0: they stay text, and the
# number types (process.types.Count, Figure, Euro) read them.
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?![-+]?[0-9]{1,3}(?:\.[0-9]{3})+$)"
        r"(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$"
    ),
    list("-+0123456789."),
)


@dataclass
class Locator:
    """Maps a path in the document (keys and list indexes) to its position."""

    file: str
    values: dict[PathTuple, yaml.Mark] = field(default_factory=dict)
    keys: dict[PathTuple, yaml.Mark] = field(default_factory=dict)
    data: Any = None

    def mark(self, path: PathTuple, *, key: bool = False) -> yaml.Mark | None:
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe not in self.values and probe:
            probe = probe[:-1]
        return self.values.get(probe)

    def problem(self, path: PathTuple, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(path, key=key)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(self.file, line, col, self.display(path), message)

    def display(self, path: PathTuple) -> str:
        """``phasen[auftakt].ort.plz``: list items by their id where they have one."""
        out = ""
        node = self.data
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and part < len(node) else None
                ident = item.get("id") if isinstance(item, dict) else None
                out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part + 1}]"
                node = item
            else:
                out += f".{part}" if out else part
                node = node.get(part) if isinstance(node, dict) else None
        return out


def _read_text(path: Path) -> str:
    try:
        raw = read_limited(path, PROCESS_LIMITS)
    except FileNotFoundError:
        raise InputFileError(
            f"Die Datei {path} gibt es nicht.",
            "Mit „ik new-process ORDNER“ legen Sie eine neue Prozessdatei an.",
        ) from None
    except IsADirectoryError:
        raise InputFileError(
            f"{path} ist ein Ordner; erwartet wird die Prozessdatei (YAML)."
        ) from None
    except OSError as exc:
        raise InputFileError(f"{path} kann nicht gelesen werden: {os_reason(exc)}.") from None
    except YamlProblem as exc:
        raise ProcessFileError(
            [Problem(str(path), 1, 1, "", exc.message)],
            "Eine Prozessdatei ist wenige Kilobyte groß; prüfen Sie, ob die richtige Datei gemeint ist.",
        ) from None
    try:
        return decode_yaml_bytes(raw)
    except YamlProblem as exc:
        raise ProcessFileError(
            [Problem(str(path), exc.line, exc.column, "", exc.message)],
            "Speichern Sie die Datei als UTF-8 (im Editor: Kodierung „UTF-8“).",
        ) from None


def _walk(
    node: yaml.Node,
    path: PathTuple,
    loc: Locator,
    duplicates: list[tuple[PathTuple, yaml.Mark, str]],
) -> None:
    loc.values[path] = node.start_mark
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            if key in seen:
                message = f"Schlüssel „{key}“ steht doppelt (zuerst in Zeile {seen[key].line + 1})"
                duplicates.append((path + (key,), key_node.start_mark, message))
            else:
                seen[key] = key_node.start_mark
                loc.keys[path + (key,)] = key_node.start_mark
                _walk(value_node, path + (key,), loc, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), loc, duplicates)


def parse_yaml(text: str, file: str) -> tuple[Any, Locator]:
    """Parse YAML strictly and within limits; return the data and a :class:`Locator` for it."""
    loc = Locator(file)
    duplicates: list[tuple[PathTuple, yaml.Mark, str]] = []
    try:
        data = load_yaml(
            text, StrictLoader, PROCESS_LIMITS, lambda root: _walk(root, (), loc, duplicates)
        )
    except YamlProblem as exc:
        hint = (
            "Häufige Ursachen: Einrückung mit Tabulatoren, fehlendes Leerzeichen nach „:“, "
            "ein Doppelpunkt im Text ohne Anführungszeichen."
            if exc.syntax
            else "Korrigieren Sie die genannte Stelle und prüfen Sie erneut mit „ik check“."
        )
        raise ProcessFileError([Problem(file, exc.line, exc.column, "", exc.message)], hint) from None
    if data is None:
        raise ProcessFileError(
            [Problem(file, 1, 1, "", "Die Datei ist leer.")],
            "Mit „ik new-process ORDNER“ legen Sie eine vollständige Prozessdatei an.",
        )
    loc.data = data
    if duplicates:
        problems = [
            Problem(file, mark.line + 1, mark.column + 1, loc.display(path), message)
            for path, mark, message in duplicates
        ]
        raise ProcessFileError(problems, "Jeder Schlüssel darf je Abschnitt nur einmal vorkommen.")
    if not isinstance(data, dict):
        kind = "eine Liste" if isinstance(data, list) else "ein einzelner Wert"
        raise ProcessFileError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    f"Erwartet werden Schlüssel wie „titel:“ und „phasen:“, gefunden wurde {kind}.",
                )
            ]
        )
    return data, loc


# --- pydantic error translation ------------------------------------------------------------


def _model_at(path: PathTuple, data: Any) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (for key suggestions)."""

    cls: Any = Process
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None
        info = next((f for f in cls.model_fields.values() if f.alias == part), None)
        if info is None:
            return None
        node = node.get(part) if isinstance(node, dict) else None
        cls = _unwrap(info.annotation, node)
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def _unwrap(annotation: Any, node: Any) -> Any:
    import types
    from typing import Union, get_args, get_origin

    origin = get_origin(annotation)
    if origin in (list,):
        inner = get_args(annotation)[0]
        return _unwrap(inner, node[0] if isinstance(node, list) and node else None)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if (
            all(isinstance(o, type) and issubclass(o, BaseModel) for o in options)
            and len(options) > 1
        ):
            kind = node.get("art") if isinstance(node, dict) else None
            for option in options:
                field = option.model_fields.get("kind")
                if field is not None and kind in get_args(field.annotation):
                    return option
            return None
        return _unwrap(options[0], node) if len(options) == 1 else None
    args = get_args(annotation)
    if args and hasattr(annotation, "__metadata__"):
        return _unwrap(args[0], node)
    return annotation


def _align(loc: tuple[str | int, ...], data: Any) -> PathTuple:
    """Drop union tags and type names from a pydantic ``loc`` so it follows the data."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1:
            model = _model_at(tuple(path), data)
            if model is not None and any(f.alias == part for f in model.model_fields.values()):
                path.append(part)  # a missing key: keep its name
        # else: a discriminator tag or a union member name; skip it
    return tuple(path)


_TYPE_MESSAGES: dict[str, str] = {
    "missing": "Pflichtangabe fehlt",
    "string_type": "Text erwartet",
    "string_too_short": "darf nicht leer sein",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet",
    "int_from_float": "ganze Zahl erwartet",
    "decimal_parsing": "Zahl erwartet, z. B. 12500 oder 12500.50",
    "decimal_type": "Zahl erwartet, z. B. 12500 oder 12500.50",
    "list_type": "Liste erwartet (Einträge mit „- “ beginnen)",
    "model_type": "Abschnitt mit Schlüsseln erwartet",
    "model_attributes_type": "Abschnitt mit Schlüsseln erwartet",
    "dict_type": "Abschnitt mit Schlüsseln erwartet",
    "time_parsing": "Uhrzeit im Format HH:MM erwartet, z. B. 18:00",
    "time_type": "Uhrzeit im Format HH:MM erwartet, z. B. 18:00",
    "union_tag_not_found": "Angabe „art“ fehlt",
    "bool_type": "erwartet true oder false",
    "bool_parsing": "erwartet true oder false",
    "path_type": "Dateipfad erwartet",
}


def _message(err: ErrorDetails, path: PathTuple, data: Any) -> str:
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind.startswith("ik_"):
        return err["msg"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        model = _model_at(path[:-1], data)
        allowed = sorted(f.alias for f in model.model_fields.values() if f.alias) if model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return f"unbekannter Schlüssel „{key}“ – meinten Sie „{close[0]}“?"
        if allowed:
            return f"unbekannter Schlüssel „{key}“; erlaubt sind: {', '.join(allowed)}"
        return f"unbekannter Schlüssel „{key}“"
    if kind == "literal_error":
        got = err.get("input")
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"„{got}“ ist hier nicht erlaubt; erlaubt sind: {expected}"
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        return f"unbekannte Art „{ctx.get('tag')}“; erlaubt sind: {expected}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"Zahl muss mindestens {ctx.get('ge', ctx.get('gt'))} sein"
    if kind in {"less_than_equal", "less_than"}:
        return f"Zahl darf höchstens {ctx.get('le', ctx.get('lt'))} sein"
    if kind == "too_short":
        return "mindestens ein Eintrag ist nötig"
    if kind in {"time_parsing", "time_type"} and isinstance(err.get("input"), int):
        return 'Uhrzeit im Format HH:MM erwartet, z. B. "18:00"'
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"]


def _translate(exc: ValidationError, data: Any, loc: Locator) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        path = _align(err["loc"], data)
        ctx = err.get("ctx") or {}
        if err["type"].startswith("ik_") and "field" in ctx:
            path = path + (ctx["field"],)
        elif err["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            path = path + ("art",)
        message = _message(err, path, data)
        if err["type"] == "missing" and path:
            # Point at the section that lacks the key ("kontakt:"), not at a sibling key.
            mark = loc.mark(path[:-1], key=True)
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problems.append(Problem(loc.file, line, col, loc.display(path), message))
        else:
            key = err["type"] == "extra_forbidden"
            problems.append(loc.problem(path, message, key=key))
    return problems


# --- references across the file ------------------------------------------------------------


def _ids(items: Any) -> Iterator[tuple[int, str]]:
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield i, item["id"]


def check_references(data: dict[str, Any], loc: Locator) -> list[Problem]:
    """Duplicate ids and references to unknown Handlungsfelder or phases."""
    problems: list[Problem] = []
    hf_ids: set[str] = set()
    phase_ids: set[str] = set()
    for section, ids in (("handlungsfelder", hf_ids), ("phasen", phase_ids)):
        for i, ident in _ids(data.get(section)):
            if ident in ids:
                problems.append(
                    loc.problem((section, i, "id"), f"die Kennung „{ident}“ ist schon vergeben")
                )
            ids.add(ident)

    def ref(path: PathTuple, value: Any, known: set[str], what: str) -> None:
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            tip = (
                f" – meinten Sie „{close[0]}“?"
                if close
                else (f"; bekannt sind: {', '.join(sorted(known))}" if known else "")
            )
            problems.append(loc.problem(path, f"unbekannte {what} „{value}“{tip}"))

    def refs(path: PathTuple, values: Any, known: set[str], what: str) -> None:
        if isinstance(values, list):
            for j, value in enumerate(values):
                ref(path + (j,), value, known, what)

    phases = data.get("phasen")
    if isinstance(phases, list):
        for i, phase in enumerate(phases):
            if not isinstance(phase, dict):
                continue
            base: PathTuple = ("phasen", i)
            refs(
                base + ("handlungsfelder",),
                phase.get("handlungsfelder"),
                hf_ids,
                "Handlungsfeld-Kennung",
            )
            refs(
                base + ("bezug",),
                phase.get("bezug"),
                phase_ids - {phase.get("id")},
                "Phasen-Kennung",
            )
            groups = phase.get("arbeitsgruppen")
            if isinstance(groups, dict):
                refs(
                    base + ("arbeitsgruppen", "handlungsfelder"),
                    groups.get("handlungsfelder"),
                    hf_ids,
                    "Handlungsfeld-Kennung",
                )
            results = phase.get("ergebnisse")
            if isinstance(results, dict) and isinstance(results.get("handlungsfelder"), list):
                for j, item in enumerate(results["handlungsfelder"]):
                    if isinstance(item, dict):
                        ref(
                            base + ("ergebnisse", "handlungsfelder", j, "handlungsfeld"),
                            item.get("handlungsfeld"),
                            hf_ids,
                            "Handlungsfeld-Kennung",
                        )
    body_ids: set[str] = set()
    for i, ident in _ids(data.get("gremien")):
        if ident in body_ids:
            problems.append(
                loc.problem(("gremien", i, "id"), f"die Kennung „{ident}“ ist schon vergeben")
            )
        body_ids.add(ident)
    planning = data.get("planung")
    if isinstance(planning, dict):
        # A body may appear twice (Köln: Integrationsrat before and after the committees).
        refs(("planung", "beratungsfolge"), planning.get("beratungsfolge"), body_ids, "Gremium-Kennung")
    return problems


# --- public API ----------------------------------------------------------------------------


def load_with_locator(path: Path) -> tuple[Process, Locator]:
    """Load and validate a process file; return the model and the positions of its values."""
    text = _read_text(path)
    data, loc = parse_yaml(text, str(path))
    problems: list[Problem] = []
    process: Process | None = None
    try:
        process = Process.model_validate(data)
    except ValidationError as exc:
        problems.extend(_translate(exc, data, loc))
    problems.extend(check_references(data, loc))
    if problems or process is None:
        problems.sort(key=lambda p: (p.line, p.column))
        raise ProcessFileError(
            problems, "Korrigieren Sie die genannten Stellen und prüfen Sie erneut mit „ik check“."
        )
    return _resolve_paths(process, path), loc


def _resolve_paths(process: Process, path: Path) -> Process:
    """Make file paths in the process relative to the process file's folder."""
    base = path.resolve().parent
    updates: dict[str, Path | None] = {}
    for name in ("logo", "templates", "tracker", "output"):
        value = getattr(process, name)
        if value is not None and not value.is_absolute():
            updates[name] = base / value
    updates.setdefault("tracker", process.tracker or base / "anmeldungen.xlsx")
    updates.setdefault("output", process.output or base / "ausgabe")
    return process.model_copy(update=updates)


def load_process(path: Path) -> Process:
    """Load and validate a process file (see :func:`load_with_locator`)."""
    return load_with_locator(path)[0]


__all__ = [
    "EventPhase",
    "Locator",
    "MilestonePhase",
    "OnlinePhase",
    "StrictLoader",
    "check_references",
    "load_process",
    "load_with_locator",
    "parse_yaml",
]
