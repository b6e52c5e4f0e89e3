"""``ik build`` and the page folder: written once, unchanged on a second run, stale files
removed, switched off with ``seite: false``; the stylesheet's promises (print, focus, contrast)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL
from integrakonzept.cli import app
from integrakonzept.documents.invitation import contrast_ratio
from integrakonzept.output import Change, Writer
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation
from integrakonzept.site.page import build_site, stylesheet

runner = CliRunner()
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    process = load_process(EXAMPLES / "ostholstein-2025" / "prozess.yaml")
    figures = participation(process, None)
    first = Writer()
    build_site(process, first, tmp_path, today=date(2025, 6, 1), figures=figures, now=NOW)
    assert {w.change for w in first.written} == {Change.CREATED}
    assert any(w.path.name == "dokumentation.pdf" for w in first.written)
    again = Writer()
    later = datetime(2025, 3, 2, tzinfo=UTC)
    build_site(process, again, tmp_path, today=date(2025, 6, 1), figures=figures, now=later)
    assert {w.change for w in again.written} == {Change.UNCHANGED}
    assert len(again.written) == len(first.written)


def test_stale_files_are_removed_own_files_kept(tmp_path: Path) -> None:
    """A language dropped from sprachen:, an event no longer offered: their files go; a file
    the coordinator put into seite/ stays."""
    source = (EXAMPLES / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    path = tmp_path / "prozess.yaml"
    path.write_text(source, encoding="utf-8")
    process = load_process(path)
    figures = participation(process, None)
    out = tmp_path / "out"
    build_site(
        process, Writer(), out, today=date(2025, 3, 10), figures=figures, documentation=False
    )
    seite = out / "seite"
    assert (seite / "ar" / "index.html").is_file()
    (seite / "gebaerdensprache.mp4").write_bytes(b"own")
    (seite / "dateien" / "flyer.pdf").write_bytes(b"own")
    path.write_text(
        source.replace("sprachen: [de, ar, tr, uk]", "sprachen: [de, tr]"), encoding="utf-8"
    )
    process = load_process(path)
    writer = Writer()
    build_site(process, writer, out, today=date(2025, 3, 20), figures=figures, documentation=False)
    removed = {
        w.path.relative_to(seite).as_posix() for w in writer.written if w.change is Change.REMOVED
    }
    assert {"ar/index.html", "ar/einbettung.html", "uk/index.html", "uk/einbettung.html"} <= removed
    assert "dateien/auftakt-qr.png" in removed  # the event is over: no registration any more
    assert not (seite / "ar" / "index.html").exists()
    assert (seite / "tr" / "index.html").is_file()
    assert (seite / "gebaerdensprache.mp4").read_bytes() == b"own"
    assert (seite / "dateien" / "flyer.pdf").read_bytes() == b"own"


def test_ik_build_writes_the_page_and_warns(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(MINIMAL)
    result = runner.invoke(app, ["build", str(path), "--date", "2030-03-01"])
    assert result.exit_code == 0, result.output
    seite = path.parent / "ausgabe" / "seite"
    assert (seite / "index.html").is_file() and (seite / "einbettung.html").is_file()
    assert (seite / "dateien" / "auftakt-einladung.pdf").read_bytes().startswith(b"%PDF")
    assert "veroeffentlichung.basis_url" in result.output
    assert "Stand: " in (seite / "index.html").read_text(encoding="utf-8")


def test_seite_false_writes_no_page(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(MINIMAL + "veroeffentlichung:\n  seite: false\n")
    result = runner.invoke(app, ["build", str(path), "--date", "2030-03-01"])
    assert result.exit_code == 0, result.output
    assert not (path.parent / "ausgabe" / "seite").exists()
    assert "basis_url" not in result.output


def test_bad_base_url_is_an_error_with_line(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(MINIMAL + "veroeffentlichung:\n  basis_url: www.musterstadt.de/seite\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "veroeffentlichung.basis_url" in result.output
    assert "keine gültige Internetadresse" in result.output


def test_stylesheet_print_focus_and_no_outside_resources() -> None:
    css = stylesheet("#1F3A5F", None)
    assert "@import" not in css and not re.search(r"url\(", css)
    assert "font-face" not in css
    print_rules = css[css.index("@media print") :]
    assert re.search(r"\.ik-sprachen[^{]*\{\s*display: none", print_rules)
    assert 'content: " (" attr(href) ")"' in print_rules
    assert ":focus" in css and "outline: 3px solid" in css
    assert "overflow-wrap: anywhere" in css


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 0xFFFFFF))
def test_house_colour_darkened_where_it_does_not_read(value: int) -> None:
    colour = f"#{value:06X}"
    css = stylesheet(colour, None)
    accent = re.search(r"--ik-akzent: (#[0-9A-F]{6});", css)
    tinted = re.search(r"--ik-akzent-getoent: (#[0-9A-F]{6});", css)
    assert accent and tinted
    assert contrast_ratio(accent.group(1), "#FFFFFF") >= 4.5
    assert contrast_ratio(tinted.group(1), "#F3F5F8") >= 4.5
    if contrast_ratio(colour, "#FFFFFF") >= 4.5:
        assert accent.group(1) == colour  # a colour that reads stays as it is
