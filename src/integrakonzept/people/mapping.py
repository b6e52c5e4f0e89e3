"""The mapping file (``--mapping``): column → field, event labels → phase ids, tool name.

The user writes it (or has ``--write-mapping`` write it) when ik reads a column wrongly;
it overrides the recognition of :mod:`integrakonzept.people.recognition`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.errors import InputFileError, os_reason
from integrakonzept.people.normalize import quote
from integrakonzept.people.schema import FIELD_KEYS_DE, Field

if TYPE_CHECKING:
    from integrakonzept.people.events import Catalog
    from integrakonzept.people.readers import Sheet
    from integrakonzept.people.recognition import Layout


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
    from integrakonzept.safe_yaml import MAPPING_LIMITS, YamlProblem, decode, read_limited
    from integrakonzept.safe_yaml import load as load_yaml

    if not path.exists():
        raise InputFileError(f"Die Zuordnungsdatei {path} gibt es nicht.")
    try:
        raw = read_limited(path, MAPPING_LIMITS)
    except OSError as exc:
        raise InputFileError(
            f"Die Zuordnungsdatei {path} kann nicht gelesen werden: {os_reason(exc)}."
        ) from None
    except YamlProblem as exc:
        raise InputFileError(f"{path}: {exc.message}") from None
    try:
        data = load_yaml(decode(raw), _string_key_loader(), MAPPING_LIMITS)
    except YamlProblem as exc:
        raise InputFileError(
            f"{path}:{exc.line}:{exc.column}: Die Zuordnungsdatei ist kein gültiges YAML: "
            f"{exc.message}."
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
            f"{path}: unbekannter Schlüssel {quote(str(unknown[0]))}.",
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
                f"{path}: spalten: {quote(str(header))}: unbekanntes Feld {quote(str(key))}.",
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

    from integrakonzept.safe_yaml import SafeBase

    class Loader(SafeBase):  # type: ignore[misc]
        """SafeLoader without YAML 1.1 surprises: scalars stay strings except ints and null."""

    keep = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:null"}
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag in keep]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


# --- writing (--write-mapping) ------------------------------------------------------------

#: the key written for each field (the first German key of :data:`FIELD_KEYS_DE`)
FIELD_KEY: dict[Field, str] = {}
for _key, _field in FIELD_KEYS_DE.items():
    FIELD_KEY.setdefault(_field, _key)

_FIELD_HELP = (
    "vorname, nachname, name (ganzer Name), email, organisation, rolle, telefon, "
    "veranstaltung, angemeldet_am, uhrzeit, dolmetschen, kinderbetreuung, barrierefreiheit, "
    "handlungsfeld, datenschutz, fotos, anmerkungen, status, ignorieren"
)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def write_mapping_file(
    target: Path, read: Sequence[tuple[Sheet, Layout]], catalog: Catalog
) -> Path:
    """Write a complete, commented mapping file for exports as ik read them.

    Every column is listed with the field ik gave it (nothing cut); option columns
    (``Frage [Option]``) appear once, by their question. Event texts of the files that
    name no event exactly are listed, commented out, under ``veranstaltungen``.
    """
    from integrakonzept.output import Writer
    from integrakonzept.people import normalize as norm
    from integrakonzept.people.schema import FIELD_LABELS

    lines = [
        "# Zuordnungsdatei für „ik import-registrations … --mapping DATEI“.",
        "# Geschrieben aus: "
        + ", ".join(f"{sheet.label} ({layout.tool})" for sheet, layout in read),
        "# Jede Spalte steht hier mit dem Feld, zu dem ik sie gelesen hat. Stimmt ein Feld",
        "# nicht, tragen Sie das richtige ein; Spalten, die nicht übernommen werden sollen,",
        "# bekommen „ignorieren“.",
        f"# Felder: {_FIELD_HELP}.",
    ]
    first_layout = read[0][1]
    if first_layout.tool:
        lines.append(f"werkzeug: {_quote(first_layout.tool)}")
    lines.append(f"kopfzeile: {first_layout.header_row}")
    lines.append("spalten:")
    seen: set[str] = set()
    event_values: dict[str, None] = {}
    for sheet, layout in read:
        if len(read) > 1:
            lines.append(f"  # --- {sheet.label}")
        option_groups: dict[str, list[str]] = {}
        for reading in layout.readings:
            if reading.option is not None:
                question = reading.header[: reading.header.rfind(reading.option)].rstrip(" [(–—-")
                option_groups.setdefault(question, []).append(reading.header)
        for reading in layout.readings:
            header = reading.header
            if reading.option is not None:
                header = header[: header.rfind(reading.option)].rstrip(" [(–—-")
                if header in seen:
                    continue
            key = norm_header(header)
            if key in seen:
                continue
            seen.add(key)
            seen.add(header)
            field_ = reading.field or Field.IGNORE
            if reading.field is None:
                comment = "nicht erkannt – bitte das passende Feld eintragen"
            elif reading.option is not None:
                shown = option_groups.get(header, [])
                comment = f"{FIELD_LABELS[field_]}; eine Spalte je Antwort ({len(shown)})"
            elif reading.how == "Systemspalte":
                comment = f"Systemspalte von {layout.tool}"
                if reading.weak:
                    comment += ", nur wenn keine Frage dieses Feld hat"
            else:
                comment = FIELD_LABELS[field_]
            lines.append(f"  {_quote(header)}: {FIELD_KEY[field_]}  # {comment}")
        for index in layout.columns.get(Field.EVENT, []):
            for row in sheet.rows[layout.header_index + 1 :]:
                value = row[index] if index < len(row) else ""
                text = norm.text(value)
                if text and len(event_values) < 200:
                    event_values.setdefault(text, None)
    lines.append("veranstaltungen:")
    lines.append(
        "  # Wert in der Datei: Phasen-ID. Nur nötig, wo ik die Veranstaltung nicht selbst erkennt."
    )
    lines.append(f"  # Phasen-IDs: {', '.join(catalog.ids)}")
    for text in event_values:
        match = catalog.resolve_event(text)
        if match.exact:
            continue
        if match.ids:
            lines.append(f"  {_quote(text)}: {match.ids[0]}  # erkannt")
        else:
            which = f"mehrdeutig: {', '.join(match.ambiguous)}" if match.ambiguous else "unbekannt"
            lines.append(f"  # {_quote(text)}: PHASEN-ID  ({which})")
    if not event_values:
        lines.append("  # (die Datei hat keine Spalte für die Veranstaltung)")
    Writer().write(target, "\n".join(lines) + "\n")
    return target
