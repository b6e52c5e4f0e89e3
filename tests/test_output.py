"""The one writer: atomic, unchanged files untouched, lock files respected, backups of the
user's work, stale files removed, dry runs only plan – and one report for all of it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrakonzept.errors import OutputError
from integrakonzept.output import BACKUP_DIR, KEEP_BACKUPS, Change, Writer


def test_created_updated_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a" / "x.csv"
    writer = Writer()
    assert writer.write(path, "1").change is Change.CREATED
    assert writer.write(path, "1").change is Change.UNCHANGED
    assert writer.write(path, "2").change is Change.UPDATED
    assert path.read_text(encoding="utf-8") == "2"
    assert not (path.parent / BACKUP_DIR).exists()  # no backup unless asked for
    assert [p.name for p in path.parent.iterdir()] == ["x.csv"]  # no temporary files left


@pytest.mark.parametrize("lock", [".~lock.x.xlsx#", "~$x.xlsx", "~$xlsx"])
def test_a_file_open_in_an_office_program_is_never_written(tmp_path: Path, lock: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"old")
    (tmp_path / lock).write_bytes(b"")
    with pytest.raises(OutputError) as info:
        Writer().write(path, b"new")
    assert info.value.message.startswith("x.xlsx ist gerade in ")
    assert f"(Sperrdatei {lock})" in info.value.message
    assert path.read_bytes() == b"old"
    with pytest.raises(OutputError):
        Writer().remove(path)
    assert path.exists()


def test_backup_keeps_the_users_version_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "export-abgelehnt.csv"
    writer = Writer()
    first = writer.write(path, "ik 1", backup=True)
    assert first.change is Change.CREATED and first.backup is None
    path.write_text("corrected by the user", encoding="utf-8")
    second = writer.write(path, "ik 2", backup=True)
    assert second.change is Change.UPDATED and second.backup is not None
    assert second.backup.parent == tmp_path / BACKUP_DIR
    assert second.backup.read_text(encoding="utf-8") == "corrected by the user"
    assert writer.write(path, "ik 2", backup=True).backup is None  # unchanged: no copy


def test_backups_are_limited(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    writer = Writer()
    for n in range(KEEP_BACKUPS + 3):
        writer.write(path, str(n), backup=True)
    assert len(list((tmp_path / BACKUP_DIR).iterdir())) == KEEP_BACKUPS


def test_remove_a_stale_file(tmp_path: Path) -> None:
    path = tmp_path / "old-abgelehnt.csv"
    path.write_text("stale", encoding="utf-8")
    writer = Writer()
    done = writer.remove(path, backup=True)
    assert done is not None and done.change is Change.REMOVED and not path.exists()
    assert done.backup is not None and done.backup.read_text(encoding="utf-8") == "stale"
    assert writer.remove(path) is None  # nothing to remove: nothing reported


def test_dry_run_only_plans(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("old", encoding="utf-8")
    writer = Writer(dry_run=True)
    assert writer.write(path, "new", backup=True).change is Change.PLANNED
    assert writer.remove(path) is not None
    assert path.read_text(encoding="utf-8") == "old" and not (tmp_path / BACKUP_DIR).exists()
    assert writer.counts()[Change.PLANNED] == 2


@given(st.lists(st.binary(max_size=20), min_size=1, max_size=6))
def test_the_file_always_holds_the_last_write(contents: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.bin"
        writer = Writer()
        for data in contents:
            writer.write(path, data)
        assert path.read_bytes() == contents[-1]
        changes = [w.change for w in writer.written]
        assert changes[0] is Change.CREATED
        for before, after, change in zip(contents, contents[1:], changes[1:], strict=False):
            assert change is (Change.UNCHANGED if before == after else Change.UPDATED)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002, 0o077])
def test_outputs_follow_the_umask_personal_data_stays_private(tmp_path: Path, umask: int) -> None:
    """A public page or an invitation on a shared drive must be readable by others as the
    umask allows; tracker exports, mail drafts and reject files with personal data are 0600."""
    from integrakonzept.people.rejects import _csv_bytes

    old = os.umask(umask)
    try:
        writer = Writer()
        public = tmp_path / "seite" / "index.html"
        writer.write(public, "<p>Hallo</p>")
        writer.write(public, "<p>Neu</p>")  # an update keeps following the umask
        private = tmp_path / "liste.xlsx"
        writer.write(private, b"personal", private=True)
        draft = tmp_path / "entwuerfe" / "1.EML"
        writer.write(draft, "To: a@example.org\n\nHallo")
        rejects = tmp_path / "export-abgelehnt.csv"
        writer.write(rejects, _csv_bytes([["Name", "Grund"], ["Ada", "ohne E-Mail"]], ";"), private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(public.stat().st_mode) == 0o666 & ~umask
    for path in (private, draft, rejects):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_commit_makes_a_finished_temporary_file_the_new_version(tmp_path: Path) -> None:
    """The tracker is written in pieces to a temporary file; ``commit`` is the one writer's
    way to make it the file: lock check, backup of the previous version, atomic rename,
    the same report."""
    path = tmp_path / "anmeldungen.xlsx"
    first = tmp_path / ".neu1"
    first.write_bytes(b"v1")
    writer = Writer()
    assert writer.commit(first, path).change is Change.CREATED
    second = tmp_path / ".neu2"
    second.write_bytes(b"v2")
    done = writer.commit(second, path)
    assert done.change is Change.UPDATED and path.read_bytes() == b"v2"
    assert done.backup is not None and done.backup.read_bytes() == b"v1"
    assert done.backup.parent == tmp_path / BACKUP_DIR
    assert not first.exists() and not second.exists()
    third = tmp_path / ".neu3"
    third.write_bytes(b"v3")
    assert writer.commit(third, path, backup=False).backup is None
    assert len(list((tmp_path / BACKUP_DIR).iterdir())) == 1
    # open in Excel: refused, nothing replaced, the temporary file is the caller's to delete
    (tmp_path / "~$anmeldungen.xlsx").write_bytes(b"")
    fourth = tmp_path / ".neu4"
    fourth.write_bytes(b"v4")
    with pytest.raises(OutputError) as info:
        writer.commit(fourth, path)
    assert info.value.message == (
        "anmeldungen.xlsx ist gerade in Excel geöffnet (Sperrdatei ~$anmeldungen.xlsx)."
    )
    assert path.read_bytes() == b"v3"
    assert [w.change for w in writer.written] == [Change.CREATED, Change.UPDATED, Change.UPDATED]
    # a dry run plans only
    dry = Writer(dry_run=True)
    assert dry.commit(fourth, tmp_path / "neu.xlsx").change is Change.PLANNED
    assert not (tmp_path / "neu.xlsx").exists()


@pytest.mark.parametrize(
    ("name", "program"), [("a.docx", "Word"), ("a.xlsx", "Excel"), ("a.pdf", "Microsoft Office")]
)
def test_the_one_lock_rule_names_the_program(tmp_path: Path, name: str, program: str) -> None:
    from integrakonzept.errors import TrackerError
    from integrakonzept.output import ensure_closed

    path = tmp_path / name
    (tmp_path / f"~${name}").write_bytes(b"")
    with pytest.raises(TrackerError) as info:  # the tracker's commands ask for their error
        ensure_closed(path, TrackerError)
    assert info.value.message == f"{name} ist gerade in {program} geöffnet (Sperrdatei ~${name})."
    assert info.value.hint is not None and info.value.hint.startswith(
        f"Schließen Sie die Datei in {program} und"
    )
