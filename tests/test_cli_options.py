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


# --- exit codes: 2 for a wrong call (an option value ik cannot use), 1 for a file or its data
# Each command with the options it needs; "{file}" is the process file.
COMMANDS: dict[str, list[str]] = {
    "check": [],
    "build": [],
    "press-release": ["--phase", "auftakt", "--kind", "ankuendigung"],
    "letter": ["--phase", "auftakt"],
    "invitation": ["--phase", "auftakt"],
    "signup-sheet": ["--phase", "auftakt"],
    "qr": ["--phase", "auftakt"],
    "calendar": ["--phase", "auftakt"],
    "tracker": [],
    "status": [],
    "export-results": [],
    "plan": [],
    "privacy-notice": [],
    "purge": ["--dry-run"],
    "mail": ["--phase", "auftakt", "--kind", "dank", "--dry-run"],
    "attendance": ["--phase", "auftakt", "--present", "{file}"],
    "import-registrations": ["{file}", "--dry-run"],
}
TODAY_COMMANDS = [
    "check", "build", "press-release", "letter", "invitation", "status", "export-results",
    "plan", "privacy-notice", "purge", "mail",
]  # fmt: skip
FORMAT_COMMANDS = ["press-release", "letter", "export-results", "plan"]
PHASE_COMMANDS = [c for c, a in COMMANDS.items() if "--phase" in a] + ["import-registrations"]


def _with(command: str, option: str, value: str) -> list[str]:
    args = list(COMMANDS[command])
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return [command, "{file}", *args]


USAGE_CASES = (
    [_with(c, "--today", "2025-02-30") for c in TODAY_COMMANDS]
    + [_with(c, "--format", "png") for c in FORMAT_COMMANDS]
    + [_with(c, "--phase", "gibtsnicht") for c in PHASE_COMMANDS]
    + [_with("press-release", "--kind", "gibtsnicht"), _with("mail", "--kind", "gibtsnicht")]
    + [_with("invitation", "--lang", "xx"), _with("plan", "--decision", "morgen")]
    + [["plan", "{file}", "--format", "table", "-o", "{file}.txt"]]
    + [[c, "{file}", *COMMANDS[c], "--gibtsnicht"] for c in COMMANDS]
)


def _run(args: list[str], process_file: Path) -> tuple[int, str]:
    result = runner.invoke(app, [a.format(file=process_file) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("args", USAGE_CASES, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_a_wrong_option_value_exits_2(process_file: Path, args: list[str]) -> None:
    code, output = _run(args, process_file)
    assert code == 2, output
    assert "Fehler:" in output
    assert "Value error" not in output and "is not" not in output  # said in German
    assert not (process_file.parent / "ausgabe").exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_or_broken_process_file_exits_1(process_file: Path, command: str) -> None:
    missing = process_file.with_name("fehlt.yaml")
    code, output = _run([command, str(missing), *COMMANDS[command]], process_file)
    assert code == 1, output
    assert "fehlt.yaml" in output
    broken = process_file.read_text(encoding="utf-8").replace(
        "datum: 2025-03-19", "datum: 2025-02-30", 1
    )
    assert broken != process_file.read_text(encoding="utf-8")
    process_file.write_text(broken, encoding="utf-8")
    code, output = _run([command, "{file}", *COMMANDS[command]], process_file)
    assert code == 1, output
    assert "diesen Tag gibt es im Kalender nicht" in output


@pytest.mark.parametrize("command", ["status", "export-results", "signup-sheet", "mail"])
def test_a_missing_tracker_exits_1(process_file: Path, command: str) -> None:
    args = [command, "{file}", *COMMANDS[command], "--tracker", "{file}.fehlt.xlsx"]
    code, output = _run(args, process_file)
    assert code == 1, output
    assert "fehlt.xlsx" in output


# --- options first, then warnings only about what is being made
CONFLICT = "Die Anmeldeliste zählt 33 Teilnehmende, die Prozessdatei nennt 75"


@pytest.fixture(scope="module")
def conflicted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ostholstein with a tracker whose attendance (33) contradicts the process file (75)
    for the Zukunftskonferenz only."""
    base = tmp_path_factory.mktemp("order")
    folder = base / "p"
    shutil.copytree(
        EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    rows = ["Vorname;Nachname;E-Mail;Veranstaltung"]
    rows += [f"V{i};N{i};z{i}@example.de;zukunftskonferenz" for i in range(40)]
    rows += [f"E{i};M{i};e{i}@example.de;beteiligung-ehrenamt" for i in range(5)]
    (base / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (base / "da.txt").write_text("".join(f"z{i}@example.de\n" for i in range(33)), "utf-8")
    (base / "ea.txt").write_text("".join(f"e{i}@example.de\n" for i in range(5)), "utf-8")
    for args in (
        ["tracker", str(process_file)],
        ["import-registrations", str(process_file), str(base / "export.csv")],
        ["attendance", str(process_file), "--phase", "zukunftskonferenz", "--present",
         str(base / "da.txt")],
        ["attendance", str(process_file), "--phase", "beteiligung-ehrenamt", "--present",
         str(base / "ea.txt")],
    ):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return process_file


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "args",
    [
        ["build", "{file}", "--phase", "gibtsnicht", "--dry-run"],
        ["build", "{file}", "--date", "2025-02-30", "--dry-run"],
        ["press-release", "{file}", "--phase", "gibtsnicht", "--kind", "nachbericht", "-o", "-"],
        [
            "press-release",
            "{file}",
            "--phase",
            "zukunftskonferenz",
            "--kind",
            "nachbericht",
            "--date",
            "gestern",
            "-o",
            "-",
        ],
    ],  # fmt: skip
    ids=lambda a: " ".join(a[:1] + a[2:]),
)
def test_a_wrong_option_is_said_before_any_warning(conflicted: Path, args: list[str]) -> None:
    result = runner.invoke(app, [a.format(file=conflicted) for a in args])
    assert result.exit_code == 2, result.output
    assert "Fehler:" in result.output
    assert "Warnung" not in result.output and CONFLICT not in _flat(result.output)


def test_warnings_only_about_the_phase_being_made(conflicted: Path) -> None:
    other = ["--phase", "beteiligung-ehrenamt", "--date", "2025-06-01"]
    for args in (
        ["build", str(conflicted), "--dry-run", *other],
        ["press-release", str(conflicted), "--kind", "nachbericht", "-o", "-", *other],
    ):
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert CONFLICT not in _flat(result.output), args[0]
    # the warning belongs to the Zukunftskonferenz and to the whole process
    for args in (
        ["press-release", str(conflicted), "--phase", "zukunftskonferenz", "--kind",
         "nachbericht", "-o", "-", "--date", "2025-06-01"],
        ["build", str(conflicted), "--dry-run", "--date", "2025-06-01", "--phase",
         "zukunftskonferenz"],
    ):  # fmt: skip
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert _flat(result.output).count(CONFLICT) == 1, args[0]


@pytest.mark.parametrize(
    ("command", "texts"),
    [("press-release", "md, txt oder html"), ("letter", "md oder txt")],
)
@pytest.mark.parametrize("formats", [["docx"], ["md", "txt"]])
def test_dash_output_takes_exactly_one_text_format(
    process_file: Path, command: str, texts: str, formats: list[str]
) -> None:
    args = [command, str(process_file), *COMMANDS[command], "-o", "-"]
    for fmt in formats:
        args += ["--format", fmt]
    code, output = _run(args, process_file)
    assert code == 2, output
    assert f"Mit -o - lässt sich genau ein Textformat ausgeben ({texts}), kein DOCX." in _flat(
        output
    )
    assert _stray_dashes(process_file) == []
