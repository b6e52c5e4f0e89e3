"""``ik new-process``: a complete, commented, valid process file to start from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from integrakonzept.errors import OutputError, UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import MunicipalityKind
from integrakonzept.process.presets import CUSTOM, PRESETS, slug

PROCESS_FILE = "prozess.yaml"
SCHEMA_FILE = "ik-schema.json"

_ARTICLE = {"Stadt": "Die", "Kreis": "Der", "Bezirk": "Der", "Gemeinde": "Die", "Amt": "Das"}
_COUNCIL = {
    "Stadt": "Rat der Stadt",
    "Kreis": "Kreistag",
    "Bezirk": "Bezirksverordnetenversammlung",
    "Gemeinde": "Gemeindevertretung",
    "Amt": "Amtsausschuss",
}


@dataclass(frozen=True)
class ScaffoldOptions:
    name: str
    kind: MunicipalityKind = "Stadt"
    preset: str = "kommunal"
    custom_fields: tuple[str, ...] = ()
    today: date | None = None
    force: bool = False


def _month(day: date, months: int) -> str:
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _fields(options: ScaffoldOptions) -> tuple[list[dict[str, str]], str, str]:
    if options.preset == CUSTOM:
        titles = [t.strip() for t in options.custom_fields if t.strip()]
        if not titles:
            raise UsageError(
                "Für eigene Handlungsfelder fehlt die Liste.",
                'Geben Sie sie mit --feld an, z. B. --feld "Sprache" --feld "Wohnen".',
            )
        label, source = "Eigene Liste", "eigene Festlegung"
    else:
        preset = PRESETS.get(options.preset)
        if preset is None:
            raise UsageError(
                f"Die Vorlage „{options.preset}“ für Handlungsfelder gibt es nicht.",
                f"Möglich sind: {', '.join([*PRESETS, CUSTOM])}.",
            )
        titles, label, source = list(preset.fields), preset.label, preset.source
    taken: set[str] = set()
    return [{"id": slug(t, taken), "title": t} for t in titles], label, source


def render_process_file(options: ScaffoldOptions) -> str:
    """The text of a new process file (valid as it stands)."""
    from integrakonzept.render.templating import render_template

    name = options.name.strip()
    if not name:
        raise UsageError(
            "Der Name der Kommune fehlt.", 'Beispiel: ik new-process elmshorn --kommune "Elmshorn"'
        )
    today = options.today or date.today()
    fields, label, source = _fields(options)
    kickoff = _next_weekday(today + timedelta(weeks=8), 2)  # a Wednesday eight weeks ahead
    domain = slug(name, set())
    return render_template(
        "new-process/prozess.yaml.j2",
        {
            "file_name": PROCESS_FILE,
            "title": f"Integrationskonzept {name}",
            "name": name,
            "kind": options.kind,
            "kind_article": f"{_ARTICLE[options.kind]} {options.kind}",
            "institution": f"{options.kind} {name}",
            "domain": domain,
            "postal_code": "12345",
            "preset_label": label,
            "preset_source": source,
            "fields": fields,
            "group_ids": [f["id"] for f in fields[:4]],
            "kickoff": kickoff.isoformat(),
            "deadline": (kickoff - timedelta(days=14)).isoformat(),
            "forum_month": _month(kickoff, 1),
            "survey_from": (kickoff + timedelta(days=7)).isoformat(),
            "survey_to": (kickoff + timedelta(days=35)).isoformat(),
            "conference_month": _month(kickoff, 3),
            "writing_month": _month(kickoff, 4),
            "committee_month": _month(kickoff, 5),
            "council_month": _month(kickoff, 6),
            "council_body": _COUNCIL[options.kind],
        },
    )


def create_process(directory: Path, options: ScaffoldOptions, writer: Writer) -> Path:
    """Create ``directory`` with ``prozess.yaml`` and the editor schema ``ik-schema.json``."""
    from integrakonzept.process.load import parse_yaml
    from integrakonzept.process.model import Process
    from integrakonzept.process.schema import schema_text

    target = directory / PROCESS_FILE
    if target.exists() and not options.force:
        raise OutputError(
            f"{target} gibt es schon.",
            "Mit --force wird die Datei überschrieben (der alte Inhalt geht verloren).",
        )
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} ist eine Datei, kein Ordner.")
    text = render_process_file(options)
    data, _ = parse_yaml(text, str(target))
    Process.model_validate(data)  # the scaffold must always be valid; a failure here is a bug
    writer.write(target, text)
    writer.write(directory / SCHEMA_FILE, schema_text())
    return target
