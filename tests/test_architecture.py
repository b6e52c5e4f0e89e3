"""The import graph of ``src/`` follows the layer order documented in the README ("Aufbau").

Data flows one way: the process file becomes a model, the tracker a roster, both become
figures, figures become documents, and the CLI sits on top. A module may import from its
own package and from packages *below* it, never from one above – also not inside a
function or under ``TYPE_CHECKING`` (that is how cycles start).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "integrakonzept"

#: lowest first; the README's "Aufbau" section shows the same order
LAYERS: tuple[tuple[str, ...], ...] = (
    ("", "errors", "safe_yaml"),  # the package (__version__), errors, the hardened YAML reader
    ("output",),  # the one writer
    ("render",),  # infrastructure: locale, templating, PDF, DOCX, fonts, catalogue
    ("process",),  # the process file -> model, checks, scaffold
    ("people",),  # tracker, roster, meanings of its values, imports, mail records
    ("results",),  # figures, documentation, status dashboard
    ("documents",),  # press releases, invitations, sign-up sheets, QR, calendar, ik build
    ("site",),  # the public process page (ik build -> seite/)
    ("plan",),  # deadlines backwards from the council decision
    ("cli", "__main__", "start"),  # parse, load, call, report; start = the entry point
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _package(module: str) -> str:
    """``integrakonzept.people.roster`` -> ``people``; ``integrakonzept`` -> ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(source: str, module: str) -> list[tuple[str, int]]:
    """Every ``integrakonzept`` module ``source`` imports (anywhere in the file), with line."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "integrakonzept":
                found += [(f"integrakonzept.{a.name}", node.lineno) for a in node.names]
            elif node.module.startswith("integrakonzept."):
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".")[: -node.level]
            found.append((".".join([*base, node.module or ""]).rstrip("."), node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("integrakonzept")]
    return found


def violations(files: dict[str, str]) -> list[str]:
    """``file: line: a -> b`` for every import that runs up the layer order."""
    problems: list[str] = []
    for name, source in files.items():
        module = "integrakonzept." + name.removesuffix(".py").replace("/", ".")
        module = module.removesuffix(".__init__")
        own = _package(module) if "/" in name else name.removesuffix(".py")
        own = "" if own == "__init__" else own
        for target, line in imports_of(source, module):
            other = _package(target)
            if other == own or other not in RANK or own not in RANK:
                continue
            if RANK[other] > RANK[own]:
                problems.append(f"{name}:{line}: {own or 'integrakonzept'} -> {other}")
    return problems


def _sources() -> dict[str, str]:
    return {
        path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SRC.rglob("*.py"))
    }


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in SRC.glob("*.py")} - {"__init__"}
    assert packages | modules <= set(RANK), sorted((packages | modules) - set(RANK))


def test_no_import_runs_against_the_layer_order() -> None:
    assert violations(_sources()) == []


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("render/locale.py", "from integrakonzept.process.types import PartialDate\n", 1),
        ("process/model.py", "def f():\n    from integrakonzept.results import report\n", 1),
        ("people/x.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
         "    from integrakonzept.documents.kit import KitResult\n", 1),
        ("results/x.py", "from integrakonzept import cli\n", 1),
        ("documents/x.py", "from integrakonzept.results.participation import Participation\n", 0),
        ("people/x.py", "from integrakonzept.people.status import Status\nimport integrakonzept.errors\n", 0),
    ],
)
def test_the_checker_sees_an_import_against_the_order(name: str, source: str, expected: int) -> None:
    assert len(violations({name: source})) == expected


#: the functions that open and read a process file; only the CLI calls them
LOADERS = frozenset({"load_process", "load_with_locator"})
#: where the loader may be named: the CLI (it loads, then calls the library) and the loader
LOADER_ALLOWED = ("cli/", "process/load.py")


def loader_calls(files: dict[str, str]) -> list[str]:
    """``file: line: name`` wherever a module below the CLI imports or calls the loader."""
    problems: list[str] = []
    for name, source in files.items():
        if name.startswith(LOADER_ALLOWED):
            continue
        for node in ast.walk(ast.parse(source)):
            found: list[str] = []
            if isinstance(node, ast.ImportFrom):
                found = [a.name for a in node.names if a.name in LOADERS]
            elif isinstance(node, ast.Attribute) and node.attr in LOADERS:
                found = [node.attr]
            elif isinstance(node, ast.Name) and node.id in LOADERS:
                found = [node.id]
            problems += [f"{name}:{node.lineno}: {f}" for f in found]
    return sorted(set(problems))


def test_nothing_below_the_cli_loads_the_process_file() -> None:
    assert loader_calls(_sources()) == []


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("people/x.py", "def f(p):\n    from integrakonzept.process.load import load_process\n"
         "    return load_process(p)\n", 2),
        ("documents/x.py", "from integrakonzept.process import load\nload.load_with_locator(p)\n", 1),
        ("results/x.py", "from integrakonzept.process.load import Locator, parse_yaml\n", 0),
        ("cli/x.py", "from integrakonzept.process.load import load_process\n", 0),
        ("process/load.py", "def load_process(path): ...\n", 0),
    ],
)
def test_the_checker_sees_a_loader_call(name: str, source: str, expected: int) -> None:
    assert len(loader_calls({name: source})) == expected


#: calls that put a file in place; only the one writer (output.py) makes them
WRITING_CALLS = frozenset(
    {"os.replace", "os.rename", "os.fsync", "shutil.copy", "shutil.copy2", "shutil.copyfile",
     "shutil.move", "atomic_write_bytes", "write_text", "write_bytes"}
)
#: append-only journals (one line per event, fsync'd so a crash loses nothing): no writer
#: can append, so they keep their own two lines
WRITING_ALLOWED = {
    "output.py": "the one writer",
    "people/mailrecords.py:os.fsync": "journal of sent mails",
    # the writer's own atomic primitive, for a hidden record that is deliberately not reported
    "documents/calendar.py:atomic_write_bytes": "SEQUENCE/DTSTAMP record .ik-kalender.json",
}


def writing_calls(files: dict[str, str]) -> list[str]:
    """``file: line: call`` for every file write outside :mod:`integrakonzept.output`:
    renames, copies, ``write_text``/``write_bytes``, and ``temp.replace(path)``."""
    problems: list[str] = []
    for name, source in files.items():
        if name in WRITING_ALLOWED:
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            call = ""
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                call = f"{func.value.id}.{func.attr}"
                if func.attr == "replace" and any(t in func.value.id for t in ("temp", "tmp")):
                    call = "Path.replace"
            if isinstance(func, ast.Attribute) and func.attr in ("write_text", "write_bytes"):
                call = func.attr
            elif isinstance(func, ast.Name):
                call = func.id
            if (call in WRITING_CALLS or call == "Path.replace") and (
                f"{name}:{call}" not in WRITING_ALLOWED
            ):
                problems.append(f"{name}:{node.lineno}: {call}")
    return problems


def test_only_the_one_writer_puts_files_in_place() -> None:
    assert writing_calls(_sources()) == []


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("people/x.py", "import os\nos.replace(a, b)\n", 1),
        ("people/x.py", "temp.replace(path)\n", 1),
        ("people/x.py", "target.write_text('x')\n", 1),
        ("people/x.py", "text.replace('a', 'b')\n", 0),
        ("output.py", "import os\nos.replace(a, b)\n", 0),
        ("people/mailrecords.py", "import os\nos.fsync(1)\n", 0),
        ("people/mailrecords.py", "import os\nos.replace(a, b)\n", 1),
    ],
)
def test_the_checker_sees_a_write_outside_the_writer(name: str, source: str, expected: int) -> None:
    assert len(writing_calls({name: source})) == expected
