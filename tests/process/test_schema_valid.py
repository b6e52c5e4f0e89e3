"""Every file that ``ik check`` accepts validates against ``ik schema`` with a standard JSON
Schema validator (check-jsonschema, formats on), and files the loader refuses are refused too."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_FILES, MINIMAL, ROOT
from integrakonzept.errors import ProcessFileError
from integrakonzept.output import Writer
from integrakonzept.process.load import load_process
from integrakonzept.process.presets import PRESETS
from integrakonzept.process.scaffold import ScaffoldOptions, create_process
from integrakonzept.process.schema import schema_text

CHECK = Path(sys.executable).with_name("check-jsonschema")


def _validate(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    assert CHECK.is_file() or shutil.which("check-jsonschema"), "check-jsonschema is missing"
    program = str(CHECK) if CHECK.is_file() else "check-jsonschema"
    return subprocess.run(
        [program, "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def _accepted_files(tmp_path: Path) -> list[Path]:
    files = list(EXAMPLE_FILES) + [ROOT / "tests" / "people" / "prozess.yaml"]
    today = date(2026, 11, 22)
    for preset in sorted(PRESETS):
        files.append(
            create_process(
                tmp_path / f"preset-{preset}",
                ScaffoldOptions(name="Bad Oldesloe", preset=preset, today=today),
                Writer(),
            )
        )
    for kind in ("Stadt", "Kreis", "Bezirk", "Gemeinde", "Amt"):
        files.append(
            create_process(
                tmp_path / f"kind-{kind}",
                ScaffoldOptions(name="Nordfriesland", kind=kind, today=today),  # type: ignore[arg-type]
                Writer(),
            )
        )
    from process_matrix import write_matrix  # the varied files of the text-quality test

    files += write_matrix(tmp_path / "matrix")
    golden = ROOT / "tests" / "data" / "press"
    files += sorted(golden.glob("*.yaml"))
    return files


def test_every_accepted_file_validates_against_the_schema(tmp_path: Path) -> None:
    schema = tmp_path / "ik-schema.json"
    schema.write_text(schema_text(), encoding="utf-8")
    files = _accepted_files(tmp_path)
    assert len(files) >= 60
    for path in files:
        load_process(path)  # ik check accepts it
    result = _validate(schema, files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


# Files the loader refuses; the schema must refuse them too (an editor underlines them).
REFUSED = {
    "seconds": MINIMAL.replace('beginn: "16:00"', 'beginn: "16:00:00"'),
    "dotted-time": MINIMAL.replace('beginn: "16:00"', 'beginn: "16.00"'),
    "plz-short": MINIMAL + "    ort:\n      name: Rathaus\n      plz: 999\n",
    "plz-text": MINIMAL + '    ort:\n      name: Rathaus\n      plz: "2533"\n',
    "unknown-key": MINIMAL + "    raum: 12\n",
    "no-title": MINIMAL.replace("titel: Integrationskonzept Musterstadt\n", ""),
    "count-words": MINIMAL + "    kapazitaet: viele\n",
    "bad-approx": MINIMAL + "    ergebnisse:\n      teilnehmende: sehr viele\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_files_the_loader_refuses_fail_the_schema(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(REFUSED[name]).lstrip("\n"), encoding="utf-8")
    with pytest.raises(ProcessFileError):
        load_process(path)
    schema = tmp_path / "ik-schema.json"
    schema.write_text(schema_text(), encoding="utf-8")
    result = _validate(schema, [path])
    assert result.returncode == 1, result.stdout
