"""Option rules that hold for every command: ``-o -`` and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from integrakonzept.cli import app

runner = CliRunner()


@pytest.fixture
def process_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Elmshorn example in its own folder; the working directory is a second folder,
    so a stray ``-`` folder shows up in either place."""
    folder = tmp_path / "prozess"
    shutil.copytree(EXAMPLES / "elmshorn-2025", folder)
    work = tmp_path / "arbeit"
    work.mkdir()
    monkeypatch.chdir(work)
    return folder / "prozess.yaml"


def _stray_dashes(process_file: Path) -> list[Path]:
    return list(process_file.parent.parent.rglob("-"))


# Commands that write files a terminal cannot show (PDF, Excel, images, folders):
# ``-o -`` (or its counterpart) is a usage error, never a folder called "-".
FILE_COMMANDS = [
    ["invitation", "{file}", "--phase", "auftakt", "-o", "-"],
    ["signup-sheet", "{file}", "--phase", "auftakt", "-o", "-"],
    ["qr", "{file}", "--phase", "auftakt", "-o", "-"],
    ["build", "{file}", "-o", "-"],
    ["tracker", "{file}", "-o", "-"],
    ["export-results", "{file}", "-o", "-"],
    ["privacy-notice", "{file}", "-o", "-"],
    ["plan", "{file}", "--format", "xlsx", "-o", "-"],
    ["plan", "{file}", "--format", "pdf", "-o", "-"],
    ["mail", "{file}", "--phase", "auftakt", "--kind", "dank", "--drafts", "-"],
    ["purge", "{file}", "--export-first", "-"],
    ["import-registrations", "{file}", "{file}", "--write-mapping", "-"],
]


@pytest.mark.parametrize("args", FILE_COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_dash_output_of_a_file_command_is_refused(process_file: Path, args: list[str]) -> None:
    result = runner.invoke(app, [a.format(file=process_file) for a in args])
    assert result.exit_code == 2, result.output
    assert "„-“ (Standardausgabe) geht" in result.output
    assert "Traceback" not in result.output
    assert _stray_dashes(process_file) == []


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "{file}", "-o", "-"],
        ["calendar", "{file}", "--phase", "auftakt", "-o", "-"],
        ["calendar", "{file}", "--plan", "-o", "-"],
        ["plan", "{file}", "--format", "ics", "-o", "-"],
    ],
    ids=lambda a: " ".join(a[:1] + a[2:]),
)
def test_dash_output_of_a_calendar_is_the_ics_on_stdout(
    process_file: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [a.format(file=process_file) for a in args])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = calendar.walk("VEVENT")
    assert events
    if "--phase" in args:
        assert [str(e["UID"]).split(".")[0] for e in events] == ["auftakt"]
    assert "erstellt:" not in result.output
    assert _stray_dashes(process_file) == []
    assert not (process_file.parent / "ausgabe").exists()


@pytest.mark.parametrize("fmt", ["md", "mermaid", "svg"])
def test_dash_output_of_a_text_plan_is_stdout(process_file: Path, fmt: str) -> None:
    result = runner.invoke(app, ["plan", str(process_file), "--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Stadtverordnetenversammlung" in result.stdout
    assert _stray_dashes(process_file) == []
    assert not (process_file.parent / "ausgabe").exists()
