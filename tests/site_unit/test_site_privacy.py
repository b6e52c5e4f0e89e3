"""The public page shows figures, never people: nothing of a registration reaches ``seite/``.

The Ostholstein example gets a tracker with 40 registrations for the Zukunftskonferenz
(attendance taken: 33 came; the process file says ``teilnehmende: 75``) and 2 for the
Beteiligungsveranstaltung (a count small enough to be suppressed). The page must show 33
(the one count), never 75, and no name, e-mail address, phone number or note of anyone.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from site_html import parse
from typer.testing import CliRunner

from conftest import EXAMPLES
from integrakonzept.cli import app
from integrakonzept.output import Writer
from integrakonzept.people.roster import roster_for
from integrakonzept.process.load import load_process
from integrakonzept.results.participation import participation
from integrakonzept.site.page import build_site

runner = CliRunner()
ZK, EA = "zukunftskonferenz", "beteiligung-ehrenamt"
SECRET_NAMES = [f"Quxbertina{i}" for i in range(40)]
SECRET_MAILS = [f"geheim{i}@privat-beispiel.de" for i in range(40)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("privacy")
    folder = base / "p"
    shutil.copytree(
        EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    lines = ["Vorname;Nachname;E-Mail;Telefon;Rolle;Veranstaltung;Anmerkungen"]
    lines += [
        f"{SECRET_NAMES[i]};Zwoelfhaus;{SECRET_MAILS[i]};0171 555{i:04d};Hauptamt;{ZK};rollstuhl-{i}"
        for i in range(40)
    ]
    lines += [f"Einzelne{i};Person;einzeln{i}@privat-beispiel.de;;Ehrenamt;{EA};" for i in range(2)]
    (base / "export.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (base / "da.txt").write_text("\n".join(SECRET_MAILS[:33]) + "\n", encoding="utf-8")
    (base / "ea.txt").write_text(
        "einzeln0@privat-beispiel.de\neinzeln1@privat-beispiel.de\n", encoding="utf-8"
    )
    for args in (
        ["tracker", str(process_file)],
        ["import-registrations", str(process_file), str(base / "export.csv")],
        ["attendance", str(process_file), "--phase", ZK, "--present", str(base / "da.txt")],
        ["attendance", str(process_file), "--phase", EA, "--present", str(base / "ea.txt")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    process = load_process(process_file)
    roster = roster_for(process)
    assert roster is not None
    figures = participation(process, roster)
    assert figures.event(ZK).participants == 33
    assert figures.event(EA).participants == 2
    result = build_site(process, Writer(), base / "out", today=date(2025, 6, 1), figures=figures)
    return result.folder


def _texts(folder: Path) -> dict[Path, str]:
    return {
        p: p.read_bytes().decode("utf-8", "replace")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".html", ".ics", ".txt", ".css")
    }


def test_no_personal_data_anywhere(site: Path) -> None:
    texts = _texts(site)
    assert texts
    for path, text in texts.items():
        for secret in [
            *SECRET_NAMES,
            *SECRET_MAILS,
            "Zwoelfhaus",
            "Einzelne0",
            "rollstuhl-",
            "0171",
        ]:
            assert secret not in text, f"{secret} in {path.name}"


def test_no_personal_data_in_the_documentation_pdf(site: Path) -> None:
    """The documentation offered for download (PDF) shows figures only."""
    from pypdf import PdfReader

    pdf = site / "dateien" / "dokumentation.pdf"
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "Dokumentation des Beteiligungsprozesses" in text
    for secret in [*SECRET_NAMES, *SECRET_MAILS, "Zwoelfhaus", "Einzelne0", "rollstuhl-", "0171"]:
        assert secret not in text


def test_the_one_count_small_counts_suppressed(site: Path) -> None:
    doc = parse((site / "index.html").read_text(encoding="utf-8"))
    text = doc.visible_text
    assert "75" not in text
    rows = [r.text for r in doc.all("tr")]
    (zk_row,) = [r for r in rows if "Zukunftskonferenz" in r]
    assert "33" in zk_row
    (ea_row,) = [r for r in rows if "Ehrenamt" in r]
    assert ea_row.endswith("abgeschlossenweniger als 3")  # status cell, then the count cell
    steps = [e.text for e in doc.elements if "ik-schritt" in e.attrs.get("class", "")]
    assert any("Teilnehmende: 33" in s for s in steps)
    assert any("Teilnehmende: weniger als 3" in s for s in steps)
