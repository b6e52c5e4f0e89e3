"""``ik export-results`` lays out DOCX, PDF and XLSX in forked workers on both cores
(:mod:`integrakonzept.render.pool`): the files are the same bytes as when everything is
made in one process, an error comes out as it would without workers, and no worker
outlives the call."""

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
from integrakonzept.render import pool
from integrakonzept.results.export import FORMATS, ExportOptions, export_results

pytest_plugins = ["results_fixtures"]  # fixtures: musterstadt, musterstadt_module
TODAY = date(2030, 6, 15)
needs_fork = pytest.mark.skipif(not pool.can_fork(), reason="no safe fork on this system")


def _files(
    case: Case,
    out: Path,
    *,
    rows: bool,
    with_personal_data: bool = False,
    formats: tuple[str, ...] = FORMATS,
    templates: Path | None = None,
) -> dict[str, bytes]:
    process = load_process(case.process)
    options = ExportOptions(
        formats=formats, today=TODAY, with_personal_data=with_personal_data, templates=templates
    )
    roster = roster_for(process, rows=rows)
    export_results(process, Writer(), roster=roster, output=out, options=options)
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
def test_the_files_are_the_same_with_and_without_workers(
    musterstadt_module: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, personal: bool
) -> None:
    started: list[bool] = []
    real_start = pool.RenderPool.start

    def start(self: pool.RenderPool, prepare: object = None) -> None:
        real_start(self)
        started.append(self.parallel)

    monkeypatch.setattr(pool.RenderPool, "start", start)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    both = _files(musterstadt_module, tmp_path / "zwei", rows=personal, with_personal_data=personal)
    monkeypatch.setattr(pool, "available_cores", lambda: 1)
    one = _files(musterstadt_module, tmp_path / "eins", rows=personal, with_personal_data=personal)
    assert started == [True, False]  # the check can fail: workers ran, then none
    assert list(both) == list(one) and len(both) >= 7
    assert both == one
    assert _no_children()


@needs_fork
def test_an_error_comes_out_as_without_workers(
    musterstadt: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "vorlagen" / "results"
    templates.mkdir(parents=True)
    (templates / "dokumentation.html.j2").write_text("{{ gibt_es_nicht }}", encoding="utf-8")
    errors = []
    for cores in (2, 1):
        monkeypatch.setattr(pool, "available_cores", lambda cores=cores: cores)
        out = tmp_path / f"out{cores}"
        with pytest.raises(IkError) as caught:
            _files(musterstadt, out, rows=False, templates=templates.parent)
        errors.append((type(caught.value), caught.value.message, caught.value.hint))
        # what comes before the PDF is written, nothing after it
        names = sorted(p.name for p in out.iterdir())
        assert any(n.endswith(".docx") for n in names)
        assert not any(n.endswith((".pdf", ".xlsx")) for n in names)
    assert errors[0] == errors[1]
    assert "gibt_es_nicht" in errors[0][1]
    assert _no_children()
