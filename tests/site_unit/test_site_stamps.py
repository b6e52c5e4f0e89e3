"""``ik build`` makes the public page (``seite/``) and the overview (``index.html``) again only
when something they show changed: a build with nothing changed renders and writes nothing,
and after every kind of change the page is exactly what a build from scratch makes (never a
stale page)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL
from integrakonzept import output as output_module
from integrakonzept.cli import app
from integrakonzept.documents import kit as kit_module
from integrakonzept.output import STAMPS, Change, Writer
from integrakonzept.process.load import load_process
from integrakonzept.process.model import Process
from integrakonzept.render import catalogue as catalogue_module
from integrakonzept.render.templating import builtin_templates_dir
from integrakonzept.results.participation import Participation, participation
from integrakonzept.site import page as page_module
from integrakonzept.site.page import SiteResult, build_site, site_environment

BEFORE = date(2025, 3, 10)  # the Auftakt ahead: QR code, calendar, invitations offered
SOURCE = EXAMPLES / "elmshorn-2025" / "prozess.yaml"


def _invitations(root: Path, size: int = 2000) -> dict[Path, bytes]:
    """Stand-ins for the invitation PDFs of a build (the page copies them and lists sizes)."""
    folder = root / "auftakt"
    return {
        folder / f"auftakt-einladung{suffix}.pdf": b"%PDF-1.7 " + bytes([65 + i]) * size
        for i, suffix in enumerate(("", "-ar", "-tr", "-uk"))
    }


class Renders:
    """Counts the pages rendered (the real renderer still runs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = page_module.render_page

        def spy(*args: Any, **kwargs: Any) -> str:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(page_module, "render_page", spy)


def _site(
    process: Process,
    root: Path,
    *,
    today: date = BEFORE,
    figures: Participation | None = None,
    invitations: dict[Path, bytes] | None = None,
    templates: Path | None = None,
    renew: bool = False,
    documentation: bool = False,
) -> tuple[Writer, SiteResult]:
    """The page as ``ik build`` makes it: the writer keeps the stamps of ``root``."""
    writer = Writer()
    writer.keep_stamps(root, renew=renew)
    result = build_site(
        process,
        writer,
        root,
        today=today,
        figures=figures or participation(process, None),
        invitations=_invitations(root) if invitations is None else invitations,
        templates=templates,
        documentation=documentation,
    )
    return writer, result


def _files(root: Path) -> dict[str, tuple[int, bytes]]:
    folder = root / "seite"
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _report(writer: Writer) -> list[tuple[str, Change]]:
    return [(w.path.as_posix(), w.change) for w in writer.written]


@pytest.fixture(scope="module")
def process() -> Process:
    return load_process(SOURCE)


@pytest.fixture
def built(process: Process, tmp_path: Path) -> tuple[Path, Writer, SiteResult]:
    root = tmp_path / "ausgabe"
    writer, result = _site(process, root)
    return root, writer, result


def _assert_fresh(process: Process, root: Path, **options: Any) -> None:
    """Everything a build from scratch (``--neu``) makes is already there, byte for byte."""
    writer, _ = _site(process, root, renew=True, **options)
    assert {change for _, change in _report(writer)} == {Change.UNCHANGED}, _report(writer)


def _assert_skipped(
    process: Process, root: Path, monkeypatch: pytest.MonkeyPatch, **options: Any
) -> Writer:
    """Nothing changed: nothing is rendered, no file touched, all reported unchanged."""
    before = _files(root)
    renders = Renders(monkeypatch)
    writer, _ = _site(process, root, **options)
    assert renders.count == 0
    assert _files(root) == before
    assert {change for _, change in _report(writer)} == {Change.UNCHANGED}
    monkeypatch.undo()
    return writer


def test_unchanged_page_is_not_made_again(
    process: Process, built: tuple[Path, Writer, SiteResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, first, made = built
    assert {change for _, change in _report(first)} == {Change.CREATED}
    writer = _assert_skipped(process, root, monkeypatch)
    # the same files, in the same order, as when they were made
    assert [path for path, _ in _report(writer)] == [path for path, _ in _report(first)]
    _, again = _site(process, root)
    assert again.files == made.files and again.pages == made.pages
    assert again.warnings == made.warnings and again.warnings  # basis_url etc. still said
    stamps = json.loads((root / STAMPS).read_text(encoding="utf-8"))
    assert set(stamps["groups"]["seite"]["files"]) == {
        f"seite/{name}" for name in _files(root)
    }


def _with_auftakt(process: Process, **changes: Any) -> Process:
    phases = [p.model_copy(update=changes) if p.id == "auftakt" else p for p in process.phases]
    return process.model_copy(update={"phases": phases})


def _more_participants(process: Process) -> Participation:
    figures = participation(process, None)
    events = [
        dataclasses.replace(e, participants_from_file=77) if e.phase_id == "auftakt" else e
        for e in figures.events
    ]
    return dataclasses.replace(figures, events=events)


AFTER = date(2025, 3, 20)  # the Auftakt is over: its figures are shown
#: one change of each kind of input: (name, options of the next build, text the page then
#: shows); the build before it was on the same day (:data:`AFTER` where the options say so)
CHANGES: list[tuple[str, Callable[[Process, Path], dict[str, Any]], str | None]] = [
    (
        "phase title",
        lambda p, _: {"process": _with_auftakt(p, title="Auftakt im Rathaus")},
        "Auftakt im Rathaus",
    ),
    (
        "phase description",
        lambda p, _: {"process": _with_auftakt(p, description="Mit Kinderbetreuung im Saal.")},
        "Mit Kinderbetreuung im Saal.",
    ),
    (
        "colour",
        lambda p, _: {"process": p.model_copy(update={"colour": "#7A1F3D"})},
        None,
    ),
    (
        "languages",
        lambda p, _: {"process": p.model_copy(update={"languages": ["de", "tr"]})},
        None,
    ),
    ("next day", lambda p, _: {"today": date(2025, 3, 11)}, "11. März 2025"),
    (
        "documentation offered",
        lambda p, _: {"today": AFTER, "documentation": True},
        "dokumentation.pdf",
    ),
    ("day of the event", lambda p, _: {"today": date(2025, 3, 19)}, None),
    ("figures", lambda p, _: {"today": AFTER, "figures": _more_participants(p)}, "77"),
    ("invitation", lambda p, root: {"invitations": _invitations(root, 5000)}, "5 KB"),
    ("no invitations", lambda p, _: {"invitations": {}}, None),
]


@pytest.mark.parametrize(("name", "change", "shown"), CHANGES, ids=[c[0] for c in CHANGES])
def test_every_input_remakes_the_page(
    process: Process,
    built: tuple[Path, Writer, SiteResult],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    change: Callable[[Process, Path], dict[str, Any]],
    shown: str | None,
) -> None:
    root, _, _ = built
    options = change(process, root)
    changed = options.pop("process", process)
    if options.get("today") == AFTER:  # first a build on that day, with nothing else changed
        base = {k: v for k, v in options.items() if k == "today"}
        _site(process, root, **base)
        _assert_skipped(process, root, monkeypatch, **base)
    before = _files(root)
    renders = Renders(monkeypatch)
    writer, result = _site(changed, root, **options)
    assert renders.count > 0, name
    after = _files(root)
    assert after != before
    if shown is not None:
        pages = "".join(after[name][1].decode() for name in after if name.endswith(".html"))
        assert shown in pages or shown in after, name
    monkeypatch.undo()
    _assert_fresh(changed, root, **options)
    _assert_skipped(changed, root, monkeypatch, **options)


def test_deleted_or_edited_page_file_is_made_again(
    process: Process, built: tuple[Path, Writer, SiteResult]
) -> None:
    root, _, _ = built
    before = _files(root)
    seite = root / "seite"
    (seite / "ar" / "index.html").unlink()
    (seite / "einbettung.html").write_text("von Hand geändert", encoding="utf-8")
    (seite / "dateien" / "auftakt-qr.png").unlink()
    writer, _ = _site(process, root)
    changes = {Path(path).relative_to(seite).as_posix(): c for path, c in _report(writer)}
    assert changes["ar/index.html"] is Change.CREATED
    assert changes["einbettung.html"] is Change.UPDATED
    assert changes["dateien/auftakt-qr.png"] is Change.CREATED
    assert changes["index.html"] is Change.UNCHANGED
    assert {k: v[1] for k, v in _files(root).items()} == {k: v[1] for k, v in before.items()}


def test_stamps_lost_or_damaged_make_the_page_again(
    process: Process, built: tuple[Path, Writer, SiteResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, _ = built
    for damage in ("", "{kaputt", json.dumps({"format": 1, "files": {}, "groups": []})):
        (root / STAMPS).write_text(damage, encoding="utf-8")
        renders = Renders(monkeypatch)
        _site(process, root)
        assert renders.count > 0, damage
        monkeypatch.undo()
        _assert_skipped(process, root, monkeypatch)


def test_templates_version_and_renew_remake_the_page(
    process: Process,
    built: tuple[Path, Writer, SiteResult],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root, _, _ = built
    templates = tmp_path / "vorlagen"
    (templates / "site").mkdir(parents=True)
    page = templates / "site" / "seite.html.j2"
    builtin = (builtin_templates_dir() / "site" / "seite.html.j2").read_text(encoding="utf-8")
    for marker in ("<!-- Vorlage 1 -->", "<!-- Vorlage 2 -->"):
        page.write_text(builtin.replace("</body>", marker + "</body>"), encoding="utf-8")
        renders = Renders(monkeypatch)
        _site(process, root, templates=templates)
        assert renders.count > 0
        assert marker in (root / "seite" / "index.html").read_text(encoding="utf-8")
        monkeypatch.undo()
        _assert_skipped(process, root, monkeypatch, templates=templates)
    # another ik version
    monkeypatch.setattr(output_module, "__version__", "99.0")
    renders = Renders(monkeypatch)
    _site(process, root, templates=templates)
    assert renders.count > 0
    # --neu: made again, though nothing changed
    renders = Renders(monkeypatch)
    writer, _ = _site(process, root, templates=templates, renew=True)
    assert renders.count > 0
    assert {change for _, change in _report(writer)} == {Change.UNCHANGED}


def test_translations_and_logo_are_inputs(
    process: Process, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The page's words come from the catalogues: another catalogue is another page."""
    locales = tmp_path / "locales"
    shutil.copytree(catalogue_module.locales_dir(), locales)
    monkeypatch.setattr(catalogue_module, "locales_dir", lambda: locales)
    base = site_environment(process, BEFORE, None)
    assert site_environment(process, BEFORE, None) == base
    po = locales / "de" / "LC_MESSAGES" / "seite.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site_environment(process, BEFORE, None) != base
    monkeypatch.undo()
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG eins")
    with_logo = process.model_copy(update={"logo": logo})
    first = site_environment(with_logo, BEFORE, None)
    logo.write_bytes(b"\x89PNG zwei")
    assert site_environment(with_logo, BEFORE, None) != first


def test_dry_run_and_plain_writer_keep_no_stamps(process: Process, tmp_path: Path) -> None:
    root = tmp_path / "ausgabe"
    writer = Writer(dry_run=True)
    writer.keep_stamps(root)
    build_site(process, writer, root, today=BEFORE, figures=participation(process, None))
    assert not root.exists()
    build_site(process, Writer(), root, today=BEFORE, figures=participation(process, None))
    assert not (root / STAMPS).exists()


def test_overview_is_made_again_only_when_what_it_lists_changed(
    write_yaml: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ik build`` twice: the second run renders neither the overview nor the page, writes
    nothing and still prints the warnings; a changed title remakes both, a deleted
    overview is made again."""
    runner = CliRunner()
    path = write_yaml(MINIMAL)
    root = path.parent / "ausgabe"
    first = runner.invoke(app, ["build", str(path), "--date", "2030-03-01"])
    assert first.exit_code == 0, first.output
    index = root / "index.html"
    made = index.read_bytes()
    calls: list[str] = []
    real_index, real_page = kit_module.render_index, page_module.render_page

    def index_spy(*args: Any, **kwargs: Any) -> str:
        calls.append("index")
        return real_index(*args, **kwargs)

    def page_spy(*args: Any, **kwargs: Any) -> str:
        calls.append("page")
        return real_page(*args, **kwargs)

    monkeypatch.setattr(kit_module, "render_index", index_spy)
    monkeypatch.setattr(page_module, "render_page", page_spy)
    mtimes = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    again = runner.invoke(app, ["build", str(path), "--date", "2030-03-01"])
    assert again.exit_code == 0, again.output
    assert calls == []
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == mtimes
    assert "veroeffentlichung.basis_url" in again.output  # the warning, every time
    assert " 0 erstellt, 0 aktualisiert" in again.output
    # the next day: „Stand:“ and the date of the overview change
    later = runner.invoke(app, ["build", str(path), "--date", "2030-03-02"])
    assert later.exit_code == 0, later.output
    assert calls.count("index") == 1 and "page" in calls
    assert "2. März 2030" in (root / "seite" / "index.html").read_text(encoding="utf-8")
    assert index.read_bytes() != made
    calls.clear()
    index.unlink()
    runner.invoke(app, ["build", str(path), "--date", "2030-03-02"])
    assert calls == ["index"]
    calls.clear()
    path.write_text(
        path.read_text(encoding="utf-8").replace("Musterstadt", "Beispielstadt"),
        encoding="utf-8",
    )
    runner.invoke(app, ["build", str(path), "--date", "2030-03-02"])
    assert "index" in calls and "page" in calls
    assert "Beispielstadt" in index.read_text(encoding="utf-8")
