"""Compiled templates are kept between runs (Jinja's bytecode cache in the user's cache
folder), and an edited template is never served from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RENDER = """
import sys
from pathlib import Path
from integrakonzept.render.templating import render_template
print(render_template("gruss.md.j2", {"name": "Elmshorn"}, Path(sys.argv[1])), end="")
"""


def _render(templates: Path, cache: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(templates)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), **env},
        check=True,
    )
    return result.stdout


def test_compiled_templates_are_kept_and_an_edit_is_compiled_anew(tmp_path: Path) -> None:
    templates, cache = tmp_path / "vorlagen", tmp_path / "cache"
    templates.mkdir()
    template = templates / "gruss.md.j2"
    template.write_text("Hallo {{ name }}!", encoding="utf-8")
    assert _render(templates, cache) == "Hallo Elmshorn!"
    kept = list((cache / "integrakonzept" / "vorlagen").iterdir())
    assert kept, "nothing kept in the cache"
    assert (cache / "integrakonzept" / "vorlagen").stat().st_mode & 0o077 == 0  # the user's only
    # the same size and modification time: only the source itself tells the versions apart
    stat = template.stat()
    template.write_text("Moin {{ name }}!", encoding="utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _render(templates, cache) == "Moin Elmshorn!"


def test_no_cache_when_switched_off_or_not_writable(tmp_path: Path) -> None:
    templates, cache = tmp_path / "vorlagen", tmp_path / "cache"
    templates.mkdir()
    (templates / "gruss.md.j2").write_text("Hallo {{ name }}!", encoding="utf-8")
    assert _render(templates, cache, IK_NO_CACHE="1") == "Hallo Elmshorn!"
    assert not cache.exists()
    blocked = tmp_path / "datei"
    blocked.write_text("kein Ordner", encoding="utf-8")  # the cache folder cannot be made
    assert _render(templates, blocked) == "Hallo Elmshorn!"


@pytest.mark.parametrize("broken", ["{{ name ", "{% for x in %}"])
def test_a_broken_template_is_reported_not_cached(tmp_path: Path, broken: str) -> None:
    templates, cache = tmp_path / "vorlagen", tmp_path / "cache"
    templates.mkdir()
    (templates / "gruss.md.j2").write_text(broken, encoding="utf-8")
    with pytest.raises(subprocess.CalledProcessError) as failed:
        _render(templates, cache)
    assert "gruss.md.j2" in failed.value.stderr
    (templates / "gruss.md.j2").write_text("Hallo {{ name }}!", encoding="utf-8")
    assert _render(templates, cache) == "Hallo Elmshorn!"
