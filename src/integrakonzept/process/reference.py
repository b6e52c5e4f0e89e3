"""The README's reference of every YAML key, generated from the model.

``python -m integrakonzept.process.reference`` prints it; a test keeps the
README in step with the model, so the documentation cannot drift.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from integrakonzept.process import model as m

# (model, heading, YAML path) in reading order.
SECTIONS: list[tuple[type[BaseModel], str, str]] = [
    (m.Process, "Oberste Ebene", ""),
    (m.Municipality, "Kommune", "kommune"),
    (m.Organiser, "Veranstalter", "veranstalter"),
    (m.Partner, "Partner (Listeneintrag)", "partner[]"),
    (m.Contact, "Ansprechperson", "kontakt, pressekontakt"),
    (m.Handlungsfeld, "Handlungsfeld (Listeneintrag)", "handlungsfelder[]"),
    (m.MailSettings, "E-Mail-Versand (ik mail)", "email_versand"),
    (m.EventPhase, "Phase: Veranstaltung", "phasen[] mit art: auftakt … praesentation"),
    (m.Venue, "Veranstaltungsort", "phasen[].ort"),
    (m.Registration, "Anmeldung", "phasen[].anmeldung"),
    (m.Interpreting, "Dolmetschen", "phasen[].dolmetschen (Kurzform: true)"),
    (m.Childcare, "Kinderbetreuung", "phasen[].kinderbetreuung (Kurzform: true/false)"),
    (m.WorkingGroups, "Arbeitsgruppen", "phasen[].arbeitsgruppen"),
    (m.ProgrammeItem, "Programmpunkt (Listeneintrag)", "phasen[].programm[]"),
    (m.Quote, "Zitat (Listeneintrag)", "zitate[]"),
    (m.OnlinePhase, "Phase: Online", "phasen[] mit art: online_befragung, online_kommentierung"),
    (
        m.MilestonePhase,
        "Phase: Meilenstein",
        "phasen[] mit art: verschriftlichung, gremienberatung, ratsbeschluss",
    ),
    (m.Results, "Ergebnisse", "phasen[].ergebnisse"),
    (
        m.FieldResult,
        "Ergebnis je Handlungsfeld (Listeneintrag)",
        "phasen[].ergebnisse.handlungsfelder[]",
    ),
    (m.Measure, "Maßnahme (Listeneintrag)", "…handlungsfelder[].massnahmen[]"),
    (m.Body, "Gremium (Listeneintrag, für ik plan)", "gremien[]"),
    (m.Planning, "Planung (ik plan)", "planung"),
    (m.Amtsblatt, "Amtsblatt", "planung.amtsblatt"),
    (m.LeadTimes, "Vorlaufzeiten", "planung.vorlauf"),
    (m.Translation, "Übersetzung (je Sprachcode)", "uebersetzungen.<sprache>"),
    (m.PhaseTranslation, "Übersetzung einer Phase", "uebersetzungen.<sprache>.phasen.<phase>"),
    (m.Privacy, "Datenschutz", "datenschutz"),
    (m.DataProtectionOfficer, "Datenschutzbeauftragte", "datenschutz.datenschutzbeauftragte"),
    (m.SupervisoryAuthority, "Aufsichtsbehörde", "datenschutz.aufsichtsbehoerde"),
    (m.Publication, "Öffentliche Prozessseite", "veroeffentlichung"),
]

_TITLES = {model: title for model, title, _ in SECTIONS}


def _format(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if len(options) == 1:
        return _format(options[0], defs)
    kinds = {o.get("type") for o in options}
    patterns = [o.get("pattern", "") for o in options]
    if any(p.startswith(r"^(\d{4}(-") for p in patterns):
        return "Datum JJJJ-MM-TT, Monat JJJJ-MM, Frühjahr 2026, Anfang 2026 oder Jahr 2027"
    if kinds == {"string", "number"} and not any(patterns):
        return "Text"
    if r"^\d{5}$" in patterns:
        return "Postleitzahl (5 Ziffern)"
    if kinds == {"integer", "string"}:
        return "Zahl (120, 1.200) oder ungefähr (über 120)" if len(options) > 2 else "ganze Zahl"
    if kinds == {"number", "string"}:
        return "Betrag (12500, 100.000 oder 12.500,50)"
    if options and {o.get("type") for o in options} >= {"boolean"}:
        return "true/false"
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        model = getattr(m, name)
        return f"Abschnitt ({_TITLES.get(model, name)})"
    if "discriminator" in prop or "oneOf" in prop:
        return "Phase (je nach art)"
    kind = prop.get("type")
    if kind == "array":
        return f"Liste: {_format(prop.get('items', {}), defs)}"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if prop.get("format") == "date":
        return "Datum JJJJ-MM-TT"
    if prop.get("format") == "time":
        return 'Uhrzeit "HH:MM"'
    if prop.get("format") == "email":
        return "E-Mail-Adresse"
    if prop.get("format") == "uri":
        return "Internetadresse https://…"
    if prop.get("format") == "path":
        return "Dateipfad"
    pattern = prop.get("pattern", "")
    if pattern.startswith("^([01]?"):
        return 'Uhrzeit "HH:MM"'
    if pattern.startswith(r"^\d{4}-\d{2}"):
        return "Datum JJJJ-MM-TT oder Monat JJJJ-MM"
    if pattern == r"^\d{5}$":
        return "Postleitzahl (5 Ziffern)"
    if pattern.startswith("^#"):
        return "Farbe #RRGGBB"
    if pattern.startswith("^[a-z0-9]"):
        return "Kennung (a–z, 0–9, -, _)"
    if kind == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        return (
            "ganze Zahl"
            + (f" ≥ {low}" if low is not None else "")
            + (f" ≤ {high}" if high is not None else "")
        )
    if kind == "number" or (options and {o.get("type") for o in options} == {"number", "string"}):
        return "Zahl"
    if "examples" in prop and any("+49" in str(e) for e in prop["examples"]):
        return "Telefonnummer"
    if "examples" in prop and "de" in prop["examples"]:
        return "Sprachcode"
    return "Text"


def _default(info: Any) -> str:
    if info.is_required():
        return "**Pflicht**"
    if info.default_factory is not None:
        value = info.default_factory()
        if isinstance(value, BaseModel):  # a section with its own defaults
            return "Standardwerte (siehe dort)"
        return f"`{json.dumps(value, ensure_ascii=False)}`" if value else "leer"
    if info.default is None or info.default is PydanticUndefined:
        return "–"
    if isinstance(info.default, bool):
        return f"`{str(info.default).lower()}`"
    return f"`{info.default}`"


def reference_markdown() -> str:
    """Markdown tables: one per section, one row per key."""
    out: list[str] = []
    for model, title, where in SECTIONS:
        schema = model.model_json_schema(by_alias=True)
        props = schema.get("properties", {})
        defs = schema.get("$defs", {})
        heading = f"#### {title}" + (f" – `{where}`" if where else "")
        out += [heading, "", "| Schlüssel | Bedeutung | Format | Standard |", "|---|---|---|---|"]
        for info in model.model_fields.values():
            alias = info.alias or ""
            prop = props.get(alias, {})
            meaning = (info.description or "").replace("|", "\\|")
            out.append(f"| `{alias}` | {meaning} | {_format(prop, defs)} | {_default(info)} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(reference_markdown())
