"""``ik export-results`` lays out the PDF in a child process on the other core: the files are
the same bytes as when everything is made in one process, an error in the PDF comes out as
it would without the child, and no child outlives the call."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from results_helpers import Case

from integrakonzept.errors import IkError
from integrakonzept.output import Writer
from integrakonzept.people.roster import roster_for
from integrakonzept.process.load import load_process
from integrakonzept.results import export
from integrakonzept.results.export import Background, ExportOptions, export_results

pytest_plugins = ["results_fixtures"]  # fixtures: musterstadt, musterstadt_module
TODAY = date(2030, 6, 15)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _files(
    case: Case,
    out: Path,
    *,
    rows: bool,
    with_personal_data: bool = False,
    formats: tuple[str, ...] = export.FORMATS,
    templates: Path | None = None,
) -> dict[str, bytes]:
    process = load_process(case.process)
    options = ExportOptions(
        formats=formats, today=TODAY, with_personal_data=with_personal_data, templates=templates
    )
    export_results(process, Writer(), roster=roster_for(process, rows=rows), output=out, options=options)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _no_children() -> bool:
    """No child process of this one is left (running or unreaped)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
@pytest.mark.parametrize("personal", [False, True])
def test_the_files_are_the_same_with_and_without_the_child(
    musterstadt_module: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, personal: bool
) -> None:
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(export, "_cores", lambda: 2)
    monkeypatch.setattr(os, "fork", counted_fork)
    both = _files(musterstadt_module, tmp_path / "zwei", rows=personal, with_personal_data=personal)
    assert len(forks) == 1  # the PDF was made in a child
    monkeypatch.setattr(export, "_cores", lambda: 1)
    one = _files(musterstadt_module, tmp_path / "eins", rows=personal, with_personal_data=personal)
    assert len(forks) == 1  # one core: no child
    assert list(both) == list(one) and len(both) >= 7
    assert both == one
    assert _no_children()


def test_only_the_pdf_no_child(musterstadt_module: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing to make beside the PDF there is nothing to overlap: no child."""
    monkeypatch.setattr(export, "_cores", lambda: 2)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    files = _files(musterstadt_module, tmp_path / "pdf", rows=False, formats=("pdf", "md"))
    assert any(name.endswith(".pdf") for name in files)


@needs_fork
def test_an_error_in_the_pdf_comes_out_as_without_the_child(
    musterstadt: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "vorlagen" / "results"
    templates.mkdir(parents=True)
    (templates / "dokumentation.html.j2").write_text("{{ gibt_es_nicht }}", encoding="utf-8")
    errors = []
    for cores in (2, 1):
        monkeypatch.setattr(export, "_cores", lambda cores=cores: cores)
        with pytest.raises(IkError) as caught:
            _files(musterstadt, tmp_path / f"out{cores}", rows=False, templates=templates.parent)
        errors.append((type(caught.value), caught.value.message, caught.value.hint))
    assert errors[0] == errors[1]
    assert "gibt_es_nicht" in errors[0][1]
    assert _no_children()


@needs_fork
def test_an_error_here_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_cores", lambda: 2)
    job = Background(lambda: b"x" * 1_000_000)  # more than a pipe holds: the child waits
    assert job.pid
    job.cancel()
    assert _no_children()
    assert Background(lambda: b"done").result() == b"done"
    assert _no_children()


def test_a_failing_child_runs_the_job_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong in the child, the result is made in this process."""
    monkeypatch.setattr(export, "_cores", lambda: 2)
    here = os.getpid()

    def job() -> bytes:
        if os.getpid() != here:
            raise MemoryError  # only in the child
        return b"made here"

    assert Background(job).result() == b"made here"
