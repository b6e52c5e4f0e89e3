"""The wheel ships the built-in templates, and the code finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once (offline: hatchling from the venv)."""
    folder = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "-q", "-w", str(folder), str(ROOT)], check=True, capture_output=True)
    (built,) = folder.glob("integrakonzept-*.whl")
    return built


def test_wheel_contains_templates_and_examples_are_not_in_it(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        n.removeprefix("integrakonzept/templates/")
        for n in names
        if n.startswith("integrakonzept/templates/")
    }
    on_disk = {
        str(p.relative_to(ROOT / "templates"))
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    assert shipped == on_disk
    assert "integrakonzept/cli/app.py" in names and "integrakonzept/py.typed" in names
    # The gettext catalogues ship as .po files; they are compiled when first used.
    catalogues = {
        str(p.relative_to(ROOT / "src")) for p in (ROOT / "src" / "integrakonzept" / "locales").rglob("*.po")
    }
    assert len(catalogues) >= 10 and catalogues <= names
    assert not any(n.startswith("examples/") or n.startswith("tests/") for n in names)


def test_installed_wheel_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    # Run from the unpacked wheel only (no source checkout on the path) and render a template.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import integrakonzept, pathlib\n"
        "assert pathlib.Path(integrakonzept.__file__).is_relative_to(sys.argv[1]), integrakonzept.__file__\n"
        "from integrakonzept.process.scaffold import ScaffoldOptions, render_process_file\n"
        "from integrakonzept.render.templating import builtin_templates_dir\n"
        "print(builtin_templates_dir())\n"
        "print('Integrationskonzept Kiel' in render_process_file(ScaffoldOptions(name='Kiel')))\n"
        "from integrakonzept.render.catalogue import text\n"
        "print(text('register_by', 'ar', date='X') == 'يُرجى التسجيل حتى X.')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(target)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    templates_dir, rendered, arabic = result.stdout.split()
    assert Path(templates_dir) == target / "integrakonzept" / "templates"
    assert rendered == "True" and arabic == "True"
