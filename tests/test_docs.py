"""The README is a tested artifact: its key reference is current, its commands exist."""

from __future__ import annotations

import re

from typer.main import get_command

from conftest import ROOT
from integrakonzept.cli import app
from integrakonzept.process.reference import reference_markdown

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_yaml_reference_is_current() -> None:
    start, end = "<!-- yaml-reference:start -->\n", "<!-- yaml-reference:end -->"
    section = README[README.index(start) + len(start) : README.index(end)]
    assert section == reference_markdown(), "regenerate the README section from the model"


def test_every_command_is_in_the_readme() -> None:
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"^\| `ik ([a-z-]+)", README, flags=re.MULTILINE))
    assert commands == documented


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)
    assert "pip install -e ." in blocks[0] and "examples/" in blocks[0]
    assert blocks[1].strip().endswith("bash .ci/run")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = blocks[2].strip()
    assert ci.rstrip().splitlines()[-1] == test_command
