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
    from integrakonzept.people.rejects import _write_csv

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
        _write_csv(rejects, [["Name", "Grund"], ["Ada", "ohne E-Mail"]], ";")
    finally:
        os.umask(old)
    assert stat.S_IMODE(public.stat().st_mode) == 0o666 & ~umask
    for path in (private, draft, rejects):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
