"""JSON Schema of the process file, for editors (VS Code YAML) and ``ik schema``."""

from __future__ import annotations

import json


def schema_dict() -> dict[str, object]:
    from integrakonzept.process.model import Process

    schema = Process.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2) + "\n"
