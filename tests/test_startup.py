"""Start-up: ``ik --help`` lists every command without importing its module, and a
command's module (with what it needs) is imported only when that command is used.

Honest, untimed checks of what is loaded (``sys.modules`` in a fresh interpreter); the
times are measured by ``benchmarks/startup.py``.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from integrakonzept.cli import app
from integrakonzept.cli.app import COMMANDS, rewrap

runner = CliRunner()

#: libraries that must never be loaded for a help page
HEAVY = (
    "weasyprint", "openpyxl", "docx", "qrcode", "jinja2", "babel", "icalendar",
    "python_calamine", "PIL", "phonenumbers", "email_validator", "holidays", "fontTools",
    "pyphen", "lxml", "yaml",
)  # fmt: skip
#: loaded by ``ik --help`` neither: Typer's Rich help (Markdown, syntax highlighting),
#: Rich itself, pydantic (Typer's parameter adapters), ik's library packages
NOT_FOR_MAIN_HELP = (
    "rich", "pygments", "markdown_it", "pydantic", "integrakonzept.process",
    "integrakonzept.people", "integrakonzept.results", "integrakonzept.documents",
    "integrakonzept.plan", "integrakonzept.render", "integrakonzept.output",
)  # fmt: skip
CLI_MODULES = sorted({module for module, _ in COMMANDS.values()})


def _loaded_after(args: list[str]) -> tuple[str, list[str]]:
    """Run ``ik ARGS`` through the installed entry point's code in a fresh interpreter;
    its stdout and every module then loaded."""
    code = (
        "import sys, json, io, contextlib\n"
        "from integrakonzept.start import main\n"
        f"sys.argv = ['ik', *{args!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n        main()\n    except SystemExit as exit:\n        assert not exit.code, exit.code\n"
        "print(json.dumps([out.getvalue(), sorted(sys.modules)]))\n"
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    text, modules = json.loads(result.stdout.strip().splitlines()[-1])
    return text, modules


def _hits(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        {name for name in names for m in modules if m == name or m.startswith(name + ".")}
    )


def test_main_help_loads_no_command_module_and_no_heavy_library() -> None:
    text, modules = _loaded_after(["--help"])
    assert "Befehle:" in text and "build" in text  # the help page was really printed
    assert _hits(modules, HEAVY) == []
    assert _hits(modules, NOT_FOR_MAIN_HELP) == []
    assert [m for m in modules if m.startswith("integrakonzept.cli.")] == ["integrakonzept.cli.app"]


@pytest.mark.parametrize("module", CLI_MODULES)
def test_command_help_loads_only_its_own_module(module: str) -> None:
    name = next(name for name, (owner, _) in COMMANDS.items() if owner == module)
    text, modules = _loaded_after([name, "--help"])
    assert f"Aufruf: ik {name}" in text
    assert _hits(modules, HEAVY) == []
    cli = sorted(m for m in modules if m.startswith("integrakonzept.cli."))
    assert cli == sorted({"integrakonzept.cli.app", f"integrakonzept.cli.{module}"})


def test_every_registered_command_is_in_the_lazy_table() -> None:
    """A command added to a module but not to ``COMMANDS`` would vanish from ``ik``."""
    for module in CLI_MODULES:
        importlib.import_module(f"integrakonzept.cli.{module}")
    registered = {
        (info.name or info.callback.__name__): info.callback.__module__  # type: ignore[union-attr]
        for info in app.registered_commands
    }
    assert registered == {
        name: f"integrakonzept.cli.{module}" for name, (module, _) in COMMANDS.items()
    }


def test_main_help_lists_every_command_with_its_german_summary() -> None:
    result = runner.invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = " ".join(result.stdout.split())
    group = get_command(app)
    for name, (_, summary) in COMMANDS.items():
        command = group.get_command(None, name)  # type: ignore[attr-defined, arg-type]
        # the table's summary is the command's own first paragraph (it cannot drift)
        assert summary == rewrap(command.help).split("\n\n")[0], name
        assert f" {name} {summary}" in listed, name
    assert listed.index(" press-release ") < listed.index(" status ")  # the table's order
    for english in ("Usage", "Options:", "Commands:", "Show this message", "[OPTIONS]"):
        assert english not in result.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_shows_german_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith(f"Aufruf: ik {name} [OPTIONEN]")
    assert COMMANDS[name][1].split()[0] in page  # the summary heads the page
    assert "Optionen:" in page and "Diese Hilfe anzeigen und beenden." in page
    for english in (
        "Usage", "Options:", "Arguments:", "[required", "default:", "Show this message",
        "<bool>", "<str>", "<list", "<path>", "<int>", "x>=", "<=x",
    ):  # fmt: skip
        assert english not in page, (name, english)


def test_help_extras_are_german() -> None:
    page = runner.invoke(app, ["export-results", "--help"], terminal_width=200).stdout
    assert "[Standard: 3; mindestens 1]" in page
    assert "DATEI Die Prozessdatei (YAML), z. B. prozess.yaml. [Pflicht]" in " ".join(page.split())
    assert "[1 bis 65535]" in runner.invoke(app, ["mail", "--help"], terminal_width=200).stdout


def test_plain_ik_shows_the_help_not_an_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integrakonzept"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2  # click: no command is a usage error
    assert "Befehle:" in result.stdout + result.stderr
    assert "Fehler:" not in result.stdout + result.stderr


def test_aborted_prompt_is_german(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom integrakonzept.cli import app\nfrom integrakonzept.cli import "
         "process\nprocess._interactive = lambda: True\n"
         f"sys.argv = ['ik', 'new-process', {str(tmp_path)!r} + '/p']\napp()"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "Abgebrochen."
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
