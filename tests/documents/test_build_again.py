"""``ik build`` with nothing changed does only what it must: no renderer is even imported,
and it still says everything it says after making the documents."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from conftest import MINIMAL
from integrakonzept.cli import app
from integrakonzept.output import Change, Writer, Written

runner = CliRunner()
cli_app = importlib.import_module("integrakonzept.cli.app")
#: what only making a document needs (PDF, HTML templates, QR codes, DOCX, calendar files,
#: spreadsheets, the documentation with its charts), and what ik never needs offline
#: (xml.sax.saxutils would bring it along)
RENDERERS = (
    "weasyprint", "jinja2", "qrcode", "PIL", "docx", "icalendar", "openpyxl",
    "python_calamine", "fontTools", "integrakonzept.results.report",
    "integrakonzept.results.charts", "urllib.request", "http.client", "ssl",
)  # fmt: skip


def _built(write_yaml: Callable[[str], Path]) -> Path:
    path = write_yaml(MINIMAL)
    first = runner.invoke(app, ["build", str(path), "--date", "2030-03-01"])
    assert first.exit_code == 0, first.output
    return path


def _fresh_build(path: Path, env: dict[str, str]) -> tuple[list[str], dict[str, str], str]:
    """``ik build`` through the entry point in a fresh interpreter (stderr a pipe): the
    modules then loaded, pydantic's plugin setting, and what it said."""
    code = (
        "import sys, os, json\n"
        "from integrakonzept.start import main\n"
        f"sys.argv = ['ik', 'build', {str(path)!r}, '--date', '2030-03-01']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print(json.dumps([sorted(sys.modules), dict(os.environ)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env=env,
    )
    modules, environ = json.loads(result.stdout.strip().splitlines()[-1])
    return modules, environ, result.stderr


def test_unchanged_build_imports_no_renderer(write_yaml: Callable[[str], Path]) -> None:
    path = _built(write_yaml)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    modules, environ, said = _fresh_build(path, env)
    assert " 0 erstellt, 0 aktualisiert" in said
    assert "veroeffentlichung.basis_url" in said  # the warnings, every time
    loaded = sorted({m for m in modules for r in RENDERERS if m == r or m.startswith(r + ".")})
    assert loaded == []
    assert "integrakonzept.process.model" in modules  # the process file is still checked
    assert environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    # a value the user set is kept
    _, environ, _ = _fresh_build(path, {**env, "PYDANTIC_DISABLE_PLUGINS": "logfire"})
    assert environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"
    # a changed process file: documents are made (and their renderers imported) again
    path.write_text(
        path.read_text(encoding="utf-8").replace("Musterstadt", "Beispielstadt"),
        encoding="utf-8",
    )
    modules, _, said = _fresh_build(path, env)
    assert "jinja2" in modules and "aktualisiert:" in said


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(
        st.tuples(st.sampled_from(list(Change)), st.text(min_size=1), st.booleans()), max_size=8
    ),
    terminal=st.booleans(),
)
def test_report_prints_what_a_print_per_line_printed(
    items: list[tuple[Change, str, bool]], terminal: bool
) -> None:
    """The report of written files is one call to Rich: the same characters as one call per
    line, whatever the paths hold (markup, emoji codes, tabs, control characters)."""
    written = [Written(Path(p), c, Path(p + ".bak") if b else None) for c, p, b in items]
    expected = io.StringIO()
    console = Console(file=expected, highlight=False, force_terminal=terminal, width=40)
    for item in written:
        console.print(f"{item.change.value}: {item.path}", soft_wrap=True, markup=False)
        if item.backup is not None:
            text = f"Sicherung der bisherigen Fassung: {item.backup}"
            console.print(text, soft_wrap=True, markup=False)
    got = io.StringIO()
    module = vars(cli_app)  # the console is made on first use, kept in the module
    saved = module.get("err_console")
    module["err_console"] = Console(file=got, highlight=False, force_terminal=terminal, width=40)
    try:
        cli_app.report(Writer(written=written))
    finally:
        if saved is None:
            del module["err_console"]
        else:
            module["err_console"] = saved
    assert got.getvalue() == expected.getvalue()
