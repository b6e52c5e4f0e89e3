"""``ik build`` makes again only what changed: every document is stamped with a fingerprint
of its inputs (``<ausgabe>/.ik-stand.json``), and a document whose inputs and files are
unchanged is not rendered at all."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from documents_support import example
from hypothesis import given, settings
from hypothesis import strategies as st

from integrakonzept import output as output_module
from integrakonzept.documents import invitation as invitation_module
from integrakonzept.documents import press as press_module
from integrakonzept.documents import qr as qr_module
from integrakonzept.documents import signup as signup_module
from integrakonzept.documents.calendar import STATE_FILE as CALENDAR_STATE
from integrakonzept.documents.kit import OWN_ONLY, _folder_digest, build_kit
from integrakonzept.output import STAMPS, Change, Writer
from integrakonzept.process.load import load_process
from integrakonzept.process.model import Process

RELEASE = date(2025, 3, 1)
NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
SOURCE = Path(__file__).parents[1] / "people" / "prozess.yaml"


class Rendered:
    """Records which phase each renderer was called for (the real renderers still run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, str]] = []
        for module, name in (
            (invitation_module, "invitation"),
            (press_module, "press_release"),
            (signup_module, "signup_sheet"),
        ):
            real = getattr(module, name)

            def spy(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
                self.calls.append((_name, args[1]))
                return _real(*args, **kwargs)

            monkeypatch.setattr(module, name, spy)
        real_qr = qr_module.qr_png

        def qr_spy(url: str, *args: Any, **kwargs: Any) -> bytes:
            self.calls.append(("qr_png", url))
            return real_qr(url, *args, **kwargs)

        monkeypatch.setattr(qr_module, "qr_png", qr_spy)

    def phases(self) -> set[str]:
        return {phase for name, phase in self.calls if name != "qr_png"}


def _build(process: Process, root: Path, /, **options: Any) -> Writer:
    # One process: the spies of Rendered see only calls made here, not in render workers
    # (tests/documents/test_kit_parallel.py shows that workers change nothing).
    options.setdefault("workers", 1)
    writer = Writer()
    build_kit(process, writer, output=root, release_date=RELEASE, now=NOW, **options)
    return writer


def _state(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        # ik's hidden bookkeeping: the stamps, and the calendar entries issued (SEQUENCE)
        if p.is_file() and p.name not in (STAMPS, CALENDAR_STATE)
    }


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Process, Path]:
    """The test process built once. Paths are part of the inputs (moving the folder makes
    everything again), so the tests share this folder; each restores it afterwards."""
    folder = tmp_path_factory.mktemp("kit-stamps")
    shutil.copy(SOURCE, folder / "prozess.yaml")
    root = folder / "ausgabe"
    process = load_process(folder / "prozess.yaml")
    _build(process, root)
    return process, root


@pytest.fixture
def built(first_build: tuple[Process, Path]) -> Iterator[tuple[Process, Path]]:
    yield first_build
    _build(*first_build)  # back to the state of the first build


def _with_phase(process: Process, phase_id: str, **changes: Any) -> Process:
    phases = [p.model_copy(update=changes) if p.id == phase_id else p for p in process.phases]
    return process.model_copy(update={"phases": phases})


def test_second_build_renders_and_writes_nothing(
    built: tuple[Process, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    process, root = built
    before = _state(root)
    assert {"auftakt", "workshop-bildung", "online-befragung"} <= {p.split("/")[0] for p in before}
    stamps = json.loads((root / STAMPS).read_text(encoding="utf-8"))["files"]
    # every file is stamped, the overview page too
    assert set(stamps) == set(before)
    rendered = Rendered(monkeypatch)
    writer = _build(process, root)
    assert rendered.calls == []
    assert {w.change for w in writer.written} == {Change.UNCHANGED}
    assert len(writer.written) == len(before)
    assert _state(root) == before  # no file touched (same modification times)


def test_one_phase_changed_renders_only_its_documents(
    built: tuple[Process, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    process, root = built
    before = _state(root)
    rendered = Rendered(monkeypatch)
    changed = _with_phase(process, "workshop-bildung", description="Neu: mit Kinderbetreuung.")
    writer = _build(changed, root)
    assert rendered.phases() == {"workshop-bildung"}
    assert ("qr_png", "https://anmeldung.example.de/auftakt") not in rendered.calls
    after = _state(root)
    differs = {name for name in before if after[name] != before[name]}
    assert differs, "the workshop's documents show the description"
    # the workshop's files, and the calendar of all phases (it describes every phase)
    assert {n for n in differs if not n.startswith("workshop-bildung/")} == {"termine.ics"}
    assert {"auftakt", "online-befragung"}.isdisjoint(
        w.path.parent.name for w in writer.written if w.change is not Change.UNCHANGED
    )


def test_timeline_change_renders_the_texts_that_recall_it(
    built: tuple[Process, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new title of the workshop is recalled by the other phases' texts (next steps):
    their texts are made again, while the sign-up sheets and QR codes of other phases are
    not."""
    process, root = built
    rendered = Rendered(monkeypatch)
    _build(_with_phase(process, "workshop-bildung", title="Werkstatt Sprache"), root)
    assert ("press_release", "auftakt") in rendered.calls
    assert ("signup_sheet", "auftakt") not in rendered.calls
    assert not any(name == "qr_png" for name, _ in rendered.calls)
    assert "Werkstatt Sprache" in (
        root / "auftakt" / "auftakt-pressemitteilung-ankuendigung.md"
    ).read_text(encoding="utf-8")


def test_edited_or_deleted_files_are_made_again(
    built: tuple[Process, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    process, root = built
    before = _state(root)
    html = root / "auftakt" / "auftakt-einladung.html"
    html.write_text("von Hand geändert", encoding="utf-8")
    (root / "workshop-bildung" / "workshop-bildung-teilnahmeliste.pdf").unlink()
    rendered = Rendered(monkeypatch)
    writer = _build(process, root)
    assert rendered.phases() == {"auftakt", "workshop-bildung"}
    assert ("signup_sheet", "auftakt") not in rendered.calls
    assert html.read_bytes() == before["auftakt/auftakt-einladung.html"][1]
    changes = {w.path.relative_to(root).as_posix(): w.change for w in writer.written}
    assert changes["auftakt/auftakt-einladung.html"] is Change.UPDATED
    assert changes["workshop-bildung/workshop-bildung-teilnahmeliste.pdf"] is Change.CREATED
    assert changes["auftakt/auftakt-einladung.pdf"] is Change.UNCHANGED


def test_new_template_version_or_option_makes_everything_again(
    built: tuple[Process, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    process, root = built
    events = {"auftakt", "workshop-bildung"}
    # a user template folder (even an empty one counts: it might override any template)
    templates = tmp_path / "vorlagen"
    templates.mkdir()
    (templates / "README.txt").write_text("eigene Vorlagen", encoding="utf-8")
    rendered = Rendered(monkeypatch)
    _build(process, root, templates=templates)
    assert events <= rendered.phases()
    # another ik version
    monkeypatch.setattr(output_module, "__version__", "99.0")
    rendered = Rendered(monkeypatch)
    _build(process, root, templates=templates)
    assert events <= rendered.phases()
    # --neu: everything again, though nothing changed
    rendered = Rendered(monkeypatch)
    writer = _build(process, root, templates=templates, renew=True)
    assert events <= rendered.phases()
    assert {w.change for w in writer.written} == {Change.UNCHANGED}  # same content


def test_dry_run_keeps_no_stamps(tmp_path: Path) -> None:
    shutil.copy(SOURCE, tmp_path / "prozess.yaml")
    writer = Writer(dry_run=True)
    root = tmp_path / "ausgabe"
    build_kit(load_process(tmp_path / "prozess.yaml"), writer, output=root, release_date=RELEASE)
    assert not root.exists()


def _texts(process: Process, phase_ids: list[str]) -> dict[str, str]:
    """The texts of ``phase_ids`` that could recall other phases."""
    from integrakonzept.documents.invitation import invitation, invitation_languages
    from integrakonzept.documents.press import press_release

    texts = {}
    for phase_id in phase_ids:
        phase = next(p for p in process.phases if p.id == phase_id)
        if phase.kind == "online_befragung":
            kinds = ["aufruf"]
        else:
            kinds = ["ankuendigung"]
            for code in invitation_languages(process):
                inv = invitation(
                    process, phase_id, lang=code, languages=invitation_languages(process)
                )
                texts[f"{phase_id}:{code}"] = inv.html
        for kind in kinds:
            release = press_release(process, phase_id, kind, release_date=RELEASE)
            texts[f"{phase_id}:{kind}"] = release.render("md").decode()
    return texts


def test_own_only_fields_are_shown_by_their_phase_only() -> None:
    """Changing any :data:`OWN_ONLY` field of the workshop (to the value of the fully
    described first event of the Elmshorn example) leaves the texts of the phases before and
    after it alike – so skipping them is safe. A timeline field (the title) does not."""
    process = load_process(SOURCE)
    full = next(p for p in example("elmshorn-2025").phases if p.id == "auftakt")
    others = ["auftakt", "online-befragung"]
    baseline = _texts(process, others)
    workshop = next(p for p in process.phases if p.id == "workshop-bildung")
    for name in sorted(OWN_ONLY):
        value = getattr(full, name)
        assert value is not None and value != getattr(workshop, name), name
        changed = _with_phase(process, "workshop-bildung", **{name: value})
        assert _texts(changed, others) == baseline, name
    assert "title" not in OWN_ONLY
    retitled = _with_phase(process, "workshop-bildung", title=full.title)
    assert _texts(retitled, others) != baseline


def _listing(*folders: Path | None) -> list[tuple[str, int, int]]:
    """The plain way to list a folder (pathlib's rglob): what :func:`_folder_digest` must
    return, only faster."""
    found = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                found.append((path.as_posix(), info.st_size, info.st_mtime_ns))
    return found


NAMES = ["a", "a-b", "a.b", "B", "ä", "a b", "__pycache__", ".versteckt", "z"]


@settings(max_examples=60, deadline=None)
@given(
    files=st.lists(
        st.tuples(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4), st.binary(max_size=9)),
        max_size=14,
    ),
    links=st.booleans(),
)
def test_folder_digest_is_the_plain_listing(
    files: list[tuple[list[str], bytes]], links: bool
) -> None:
    """Every file with its size and time, in pathlib's order, without ``__pycache__``;
    symlinked files count, symlinked folders are not entered (as rglob does)."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "vorlagen"
        root.mkdir()
        for parts, data in files:
            path = root.joinpath(*parts)
            with contextlib.suppress(OSError):  # a file where a folder should be, or vice versa
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        if links:
            (root / "ziel").mkdir()
            (root / "ziel" / "datei").write_bytes(b"x")
            (root / "link-to-folder").symlink_to(root / "ziel", target_is_directory=True)
            (root / "link-to-nowhere").symlink_to(root / "fehlt")
            (root / "link-to-file").symlink_to(root / "ziel" / "datei")
        other = Path(name) / "leer"
        assert _folder_digest(root, None, other) == _listing(root, None, other)
        with contextlib.chdir(root):
            assert _folder_digest(Path()) == _listing(Path())
            assert _folder_digest(Path("a")) == _listing(Path("a"))
            assert _folder_digest(Path("ziel")) == _listing(Path("ziel"))
