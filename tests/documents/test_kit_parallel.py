"""``ik build`` on both cores writes exactly what the serial build writes.

The kit renders its PDFs in forked workers (render/pool.py) while the main process writes
every file in step order. Against a serial build (``workers=1``) of the same inputs: the
same files with the same bytes (PDFs included: they are reproducible), the same report
lines in the same order, the same result (files, skipped, warnings, invitation bytes),
the same stamps – and the same error when a document cannot be made.
"""

from __future__ import annotations

import shutil
from collections.abc import Hashable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

import pytest
from documents_support import EXAMPLES, example

from integrakonzept.documents.kit import KitResult, build_kit
from integrakonzept.errors import IkError
from integrakonzept.output import STAMPS, Writer
from integrakonzept.process.model import Process
from integrakonzept.render import pool as render_pool

pytestmark = pytest.mark.skipif(not render_pool.can_fork(), reason="workers fork on Linux only")

NOW = datetime(2025, 4, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each build's pool forked (else the comparison would show nothing)."""
    seen: list[bool] = []
    start = render_pool.RenderPool.start

    def spy(self: render_pool.RenderPool, *args: object, **kwargs: object) -> None:
        start(self, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(self.parallel)

    monkeypatch.setattr(render_pool.RenderPool, "start", spy)
    return seen


def _build(
    process: Process, out: Path, workers: int, **options: object
) -> tuple[list[tuple[str, str]], KitResult, dict[str, bytes]]:
    writer = Writer()
    result = build_kit(
        process,
        writer,
        output=out,
        now=NOW,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )
    report = [(w.change.value, w.path.relative_to(out).as_posix()) for w in writer.written]
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return report, result, files


def _relative(result: KitResult, out: Path) -> object:
    return (
        [(f.phase_id, f.label, f.path.relative_to(out)) for f in result.files],
        result.skipped,
        result.warnings,
        result.placeholders,
        {p.relative_to(out): data for p, data in result.invitations.items()},
    )


@pytest.mark.parametrize(
    ("name", "release", "combined"),
    [
        ("elmshorn-2025", date(2025, 3, 1), True),  # invitations in 4 languages, 3 sheets
        ("ostholstein-2025", date(2025, 4, 10), False),
    ],
)
def test_parallel_build_writes_what_the_serial_build_writes(
    tmp_path: Path, forks: list[bool], name: str, release: date, combined: bool
) -> None:
    process = example(name)
    builds = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        report, result, files = _build(
            process, out, workers, release_date=release, combined=combined
        )
        builds[workers] = (report, _relative(result, out), files)
    assert forks == [False, True]
    serial, parallel = builds[1], builds[2]
    assert parallel[0] == serial[0]  # the report: same lines, same order
    assert parallel[1] == serial[1]
    assert parallel[2].keys() == serial[2].keys()
    assert [k for k in serial[2] if parallel[2][k] != serial[2][k]] == []
    assert sum(k.endswith(".pdf") for k in serial[2]) >= 4 and STAMPS in serial[2]
    # Again, nothing changed: no PDF is asked for, nothing is forked, all is unchanged.
    forks.clear()
    report, _, files = _build(process, tmp_path / "w2", 2, release_date=release, combined=combined)
    assert forks == [False]
    assert {change for change, _ in report} == {"unverändert"}
    assert files == parallel[2]
    # A sheet deleted and a PDF edited by hand: made again alike (the plan asks for them).
    pdfs = sorted(k for k in serial[2] if k.endswith(".pdf"))
    again = {}
    forks.clear()
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        (out / pdfs[0]).write_bytes(b"von Hand")
        (out / pdfs[-1]).unlink()
        report, _, files = _build(process, out, workers, release_date=release, combined=combined)
        again[workers] = (report, files)
    assert forks == [False, True] and again[1] == again[2]
    assert files == parallel[2]
    assert {c for c, path in again[2][0] if path in (pdfs[0], pdfs[-1])} == {
        "aktualisiert",
        "erstellt",
    }


def test_a_document_that_fails_fails_alike(tmp_path: Path, forks: list[bool]) -> None:
    """A broken template of the user: the same German error, after the same files."""
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLES / "elmshorn-2025", folder)
    templates = folder / "vorlagen"
    templates.mkdir()
    (templates / "signup-sheet.html.j2").write_text(
        "<html><body>{{ gibt_es_nicht }}</body></html>", encoding="utf-8"
    )
    from integrakonzept.process.load import load_process

    process = load_process(folder / "prozess.yaml")
    outcomes = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        writer = Writer()
        with pytest.raises(IkError) as caught:
            build_kit(process, writer, output=out, release_date=date(2025, 3, 1), now=NOW,
                      templates=templates, workers=workers)  # fmt: skip
        written = [(w.change.value, w.path.relative_to(out).as_posix()) for w in writer.written]
        outcomes.append((type(caught.value), caught.value.message, caught.value.hint, written))
    assert forks == [False, True]
    assert outcomes[0] == outcomes[1]
    assert "gibt_es_nicht" in outcomes[0][1]
    assert any(path.endswith("einladung.pdf") for _, path in outcomes[0][3])  # made before
    assert not any("teilnahmeliste" in path for _, path in outcomes[0][3])


def _command_output(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, cores: int
) -> tuple[str, dict[str, bytes]]:
    from typer.testing import CliRunner

    from integrakonzept.cli import app
    from integrakonzept.documents import calendar

    class Frozen(datetime):  # calendar entries are stamped when they are issued
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:
            return cls(2025, 4, 10, 8, 0, tzinfo=UTC)

    monkeypatch.setattr(calendar, "datetime", Frozen)
    monkeypatch.setattr(render_pool, "available_cores", lambda: cores)
    out = tmp_path / name
    result = CliRunner().invoke(
        app, ["build", str(EXAMPLES / "elmshorn-2025" / "prozess.yaml"), "-o", str(out),
              "--date", "2025-04-10"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return result.output.replace(str(out), "<ausgabe>"), files


def test_ik_build_with_its_public_page_writes_what_the_serial_build_writes(
    tmp_path: Path, forks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command: the documentation PDF of the public page is laid out on another core
    during the kit; report, warnings and every file (seite/ included) stay alike."""
    asked: list[object] = []
    ask = render_pool.RenderPool.ask

    def spy(self: render_pool.RenderPool, key: Hashable, job: render_pool.Job) -> None:
        asked.append(key)
        ask(self, key, job)

    monkeypatch.setattr(render_pool.RenderPool, "ask", spy)
    serial = _command_output(tmp_path, "serial", monkeypatch, 1)
    assert asked == []  # one core: nothing asked ahead
    parallel = _command_output(tmp_path, "parallel", monkeypatch, 2)
    assert forks == [False, True]
    assert asked[0] == "dokumentation.pdf" and len(asked) >= 5
    assert parallel[0] == serial[0]
    assert "seite/dateien/dokumentation.pdf" in serial[0] and "Warnung" in serial[0]
    assert parallel[1].keys() == serial[1].keys()
    assert [k for k in serial[1] if parallel[1][k] != serial[1][k]] == []
