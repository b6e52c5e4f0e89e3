"""The command line: start-up cost, exit codes, prompts, the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrakonzept import __version__
from integrakonzept.cli import app
from integrakonzept.cli import process as process_cli

runner = CliRunner()
HEAVY = {
    "weasyprint",
    "openpyxl",
    "docx",
    "qrcode",
    "jinja2",
    "babel",
    "icalendar",
    "python_calamine",
    "PIL",
}


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from integrakonzept.cli import main\n"
        "sys.argv = ['ik', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(HEAVY)!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version_imports_no_command_line_library() -> None:
    """``ik --version`` (the installed entry point) loads neither Typer, Rich nor a command."""
    code = (
        "import sys\n"
        "from integrakonzept.start import main\n"
        "sys.argv = ['ik', '--version']\n"
        "main()\n"
        "loaded = {m for m in sys.modules if m.split('.')[0] in {'typer', 'rich', 'click'}"
        " or m.startswith('integrakonzept.cli')}\n"
        "print(sorted(loaded | ({m.split('.')[0] for m in sys.modules} & "
        f"set({sorted(HEAVY)!r}))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [f"ik {__version__}", "[]"]


def test_entry_point_runs_the_command_line() -> None:
    """Everything but a lone ``--version`` goes to the full command line."""
    ik = Path(sys.executable).parent / "ik"
    for args, code, expected in (
        (["--version"], 0, f"ik {__version__}"),
        (["-q", "--version"], 0, f"ik {__version__}"),
        (["--help"], 0, "new-process"),
        (["--versio"], 2, ""),
    ):
        result = subprocess.run([str(ik), *args], capture_output=True, text=True)
        assert result.returncode == code, (args, result.stderr)
        assert expected in result.stdout
        if code:
            assert "--version" in result.stderr  # click's own usage error, not a traceback
            assert "Traceback" not in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"ik {__version__}\n"


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integrakonzept", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == f"ik {__version__}"


def test_installed_entry_point(tmp_path: Path) -> None:
    ik = Path(sys.executable).parent / "ik"
    assert ik.exists(), "the package must be installed (pip install -e .)"
    result = subprocess.run(
        [str(ik), "new-process", str(tmp_path / "p"), "--kommune", "Elmshorn"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert f"erstellt: {tmp_path / 'p' / 'prozess.yaml'}" in result.stderr
    check = subprocess.run(
        [str(ik), "check", str(tmp_path / "p" / "prozess.yaml")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    # valid, with one warning for each placeholder the user still has to replace
    assert "in Ordnung – 7 Phasen, davon 3 Veranstaltungen, 9 Handlungsfelder; 10 Warnungen." in check.stderr
    assert check.stderr.count("noch ein Platzhalter aus ik new-process") == 10


def test_new_process_never_prompts_without_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new-process", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "Fehler: Der Name der Kommune fehlt." in result.stderr
    assert not (tmp_path / "p").exists()


def test_new_process_asks_in_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_cli, "_interactive", lambda: True)
    result = runner.invoke(
        app, ["new-process", str(tmp_path / "p")], input="Ostholstein\nKreis\nkgst-2017\n"
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "p" / "prozess.yaml").read_text(encoding="utf-8")
    assert (
        'name: "Ostholstein"' in text
        and "art: Kreis" in text
        and "Arbeitsmarkt und Wirtschaft" in text
    )


def test_new_process_refuses_to_overwrite(tmp_path: Path) -> None:
    args = ["new-process", str(tmp_path), "--kommune", "Kiel"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert f"Fehler: {tmp_path / 'prozess.yaml'} gibt es schon." in again.stderr
    assert "Hinweis: Mit --force" in again.stderr
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_new_process_unknown_kind(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["new-process", str(tmp_path), "--kommune", "Kiel", "--art", "Dorf"]
    )
    assert result.exit_code == 2
    assert "Fehler: Die Art „Dorf“ gibt es nicht." in result.stderr


def test_check_reports_errors_with_exit_1(write_yaml, minimal_yaml: str) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(minimal_yaml.replace("art: Stadt", "art: Dorf"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:4:8: kommune.art: „Dorf“ ist hier nicht erlaubt" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_warnings_exit_0(write_yaml, minimal_yaml: str) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(minimal_yaml)
    result = runner.invoke(app, ["check", str(path), "--today", "2030-04-01"])
    assert result.exit_code == 0
    assert "Warnung: " in result.stderr and "phasen[auftakt].datum" in result.stderr
    assert "1 Warnung." in result.stderr


def test_check_bad_today_is_a_usage_error(write_yaml, minimal_yaml: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", str(write_yaml(minimal_yaml)), "--today", "morgen"])
    assert result.exit_code == 2
    assert "„morgen“ ist kein Datum im Format JJJJ-MM-TT." in result.stderr


def test_schema_is_json_with_german_keys() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"titel", "kommune", "phasen", "handlungsfelder"} <= set(schema["properties"])
    assert set(schema["required"]) == {
        "titel",
        "kommune",
        "veranstalter",
        "handlungsfelder",
        "phasen",
    }
    # A contact or a press contact (either is enough): the schema says what the loader says.
    assert schema["anyOf"] == [{"required": ["kontakt"]}, {"required": ["pressekontakt"]}]


def test_help_is_german_without_placeholders() -> None:
    for command in ([], ["press-release"], ["attendance"], ["new-process"], ["letter"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Diese Hilfe anzeigen und beenden." in result.stdout
        for english in ("Show this message", "<bool>", "[required]", "Options", "Arguments"):
            assert english not in result.stdout, (command, english)


def test_help_text_is_rewrapped_not_broken_twice() -> None:
    from integrakonzept.cli.app import rewrap

    assert rewrap("Eins zwei\ndrei.\n\nNeuer Absatz\nhier.") == "Eins zwei drei.\n\nNeuer Absatz hier."
    result = runner.invoke(app, ["press-release", "--help"], terminal_width=200)
    assert "wo sie für diese Veranstaltung vollständig erfasst ist" in " ".join(result.stdout.split())
    # A source line break would leave a short line; wide terminals show whole paragraphs.
    assert "für diese\n" not in result.stdout


def test_today_and_date_are_one_option() -> None:
    for name in ("--today", "--date"):
        result = runner.invoke(
            app, ["press-release", "examples/elmshorn-2025/prozess.yaml", "-p", "auftakt", "-k",
                  "ankuendigung", name, "2025-02-18", "-o", "-"],
        )
        assert result.exit_code == 0, result.output
        assert "Elmshorn, 18.02.2025" in result.stdout


@pytest.mark.parametrize(
    ("args", "german"),
    [
        (["build"], "Fehler: Es fehlt die Angabe DATEI."),
        (["status", "x.yaml", "--verbose"], "Fehler: Die Option --verbose gibt es nicht."),
        (["plann"], "Fehler: Den Befehl plann gibt es nicht. Meinten Sie 'plan'?"),
        (
            ["signup-sheet", "x.yaml", "--phase", "a", "--rows", "-3"],
            "Fehler: Ungültiger Wert für '--rows': der Wert muss mindestens 0 sein.",
        ),
        (["check", "x.yaml", "extra"], "Fehler: Unerwartete zusätzliche Angabe: extra."),
        (
            ["build", "x.yaml", "--dat", "2025-03-10"],
            "Fehler: Die Option --dat gibt es nicht. Meinten Sie --date oder --today?",
        ),
        (
            ["press-release", "x.yaml", "--phase", "auftakt"],
            "Fehler: Es fehlt die Option --kind / -k.",
        ),
    ],
)
def test_usage_errors_are_german(args: list[str], german: str) -> None:
    code = (
        "import sys\n"
        "from integrakonzept.cli import main\n"
        f"sys.argv = ['ik', *{args!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    err = " ".join(result.stderr.split())
    assert result.returncode == 2, result.stderr
    assert german in err
    assert "Aufruf: ik" in err
    for english in ("Usage:", "Missing", "No such", "Invalid value", "Did you mean", "Input should",
                    "Try '", "Possible options", "' / '"):
        assert english not in err, err


def test_unknown_click_wording_is_kept() -> None:
    from integrakonzept.cli.app import german_error_text

    assert german_error_text("Etwas ganz anderes.") == "Etwas ganz anderes."
    assert german_error_text("'abc' is not a valid integer.") == "„abc“ ist keine ganze Zahl."


def test_help_page_says_aufruf() -> None:
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    assert "Aufruf: " in result.stdout and "Usage:" not in result.stdout
