"""The mapping file (``--mapping``): column → field, event labels → phase ids, tool name.

The user writes it (or has ``--write-mapping`` write it) when ik reads a column wrongly;
it overrides the recognition of :mod:`integrakonzept.people.recognition`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from integrakonzept.errors import InputFileError
from integrakonzept.people.schema import FIELD_KEYS_DE, Field


def norm_header(text: str) -> str:
    """Normalise a header for comparison: case, spacing, BOM, trailing ``:*?`` and ``..``."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" :*?.").strip()


@dataclass(frozen=True)
class MappingFile:
    """A user's mapping file: column → field, event labels → phase ids, tool name."""

    columns: dict[str, Field] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    tool: str | None = None
    header_row: int | None = None
    path: Path | None = None


_MAPPING_KEYS = {"spalten", "veranstaltungen", "werkzeug", "kopfzeile"}


def load_mapping(path: Path) -> MappingFile:
    """Read a mapping file (YAML) with German keys; errors name the file and the key."""
    import yaml

    if not path.exists():
        raise InputFileError(f"Die Zuordnungsdatei {path} gibt es nicht.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(
            f"Die Zuordnungsdatei {path} kann nicht gelesen werden: {exc}."
        ) from exc
    try:
        data = yaml.load(text, Loader=_string_key_loader())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise InputFileError(
            f"{where}: Die Zuordnungsdatei ist kein gültiges YAML "
            f"({getattr(exc, 'problem', None) or exc})."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputFileError(
            f"{path}: Die Zuordnungsdatei muss Schlüssel wie „spalten:“ enthalten."
        )
    unknown = sorted(set(map(str, data)) - _MAPPING_KEYS)
    if unknown:
        raise InputFileError(
            f"{path}: unbekannter Schlüssel „{unknown[0]}“.",
            "Erlaubt sind: spalten, veranstaltungen, werkzeug, kopfzeile.",
        )
    columns: dict[str, Field] = {}
    raw_columns = data.get("spalten") or {}
    if not isinstance(raw_columns, dict):
        raise InputFileError(f"{path}: „spalten“ muss Spaltenüberschrift: feld-Paare enthalten.")
    allowed = ", ".join(sorted(FIELD_KEYS_DE))
    for header, key in raw_columns.items():
        name = str(key).strip().casefold() if key is not None else ""
        if name not in FIELD_KEYS_DE:
            raise InputFileError(
                f"{path}: spalten: „{header}“: unbekanntes Feld „{key}“.",
                f"Erlaubte Felder: {allowed}.",
            )
        columns[norm_header(str(header))] = FIELD_KEYS_DE[name]
    events: dict[str, str] = {}
    raw_events = data.get("veranstaltungen") or {}
    if not isinstance(raw_events, dict):
        raise InputFileError(f"{path}: „veranstaltungen“ muss Wert: phasen-id-Paare enthalten.")
    for label, phase_id in raw_events.items():
        events[norm_header(str(label))] = str(phase_id).strip()
    tool = data.get("werkzeug")
    header_row = data.get("kopfzeile")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise InputFileError(f"{path}: „kopfzeile“ muss eine Zeilennummer ab 1 sein.")
    return MappingFile(columns, events, str(tool) if tool is not None else None, header_row, path)


def _string_key_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader without YAML 1.1 surprises: scalars stay strings except ints and null."""

    keep = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:null"}
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag in keep]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader
