"""Helpers for the document tests: fixture processes and readers that use real programs.

PDFs are read with pdftotext (poppler) and rasterised with pdftoppm; QR codes are
decoded with zxing-cpp; DOCX files are opened by LibreOffice. Nothing is mocked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from integrakonzept.process.load import load_process
from integrakonzept.process.model import Process

if TYPE_CHECKING:
    from PIL.Image import Image

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "data" / "golden"
UPDATE_GOLDEN = os.environ.get("IK_UPDATE_GOLDEN") == "1"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def example(name: str) -> Process:
    return load_process(EXAMPLES / name / "prozess.yaml")


def write_process(folder: Path, text: str) -> Process:
    path = folder / "prozess.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_process(path)


# A process with the awkward cases: month-only date, no registration, invitation only,
# a venue whose article must be declined, paarform, no motto, no partners, no press contact.
EDGE = """
titel: Integrationskonzept Musterstadt
kommune:
  name: Musterstadt
  art: Gemeinde
veranstalter:
  institution: Gemeinde Musterstadt
kontakt:
  name: Erika Muster
  email: integration@musterstadt.example.de
gendern: paarform
handlungsfelder:
  - id: sprache
    titel: Sprache
  - id: arbeit
    titel: Arbeit
phasen:
  - id: monat
    art: workshop
    titel: Workshop Sprache
    datum: 2030-04
    zielgruppen: [einwohnende]
  - id: offen
    art: beteiligung
    titel: Bürgerdialog
    datum: 2030-05-06
    beginn: "18:00"
    ort:
      name: Alte Feuerwache
      strasse: Hauptstraße 1
      plz: "12345"
      ort: Musterstadt
  - id: geladen
    art: fachforum
    titel: Fachforum Arbeit
    datum: 2030-06-10
    beginn: "10:00"
    ende: "13:00"
    zugang: einladung
    zielgruppen: [hauptamt]
    anmeldung:
      frist: 2030-06-01
      email: integration@musterstadt.example.de
  - id: umfrage
    art: online_befragung
    titel: Umfrage
    von: 2030-07-01
    bis: 2030-07-31
  - id: beschluss
    art: ratsbeschluss
    titel: Beschluss
    datum: 2030-10
"""

# Names that must come out escaped in HTML and intact everywhere else.
SCRIPT = "<script>alert(1)</script>"
AMPERSAND = "Müller & Söhne"
HOSTILE = f"""
titel: Integrationskonzept Musterstadt
motto: "Vielfalt & Teilhabe {SCRIPT}"
kommune:
  name: Musterstadt
  art: Stadt
veranstalter:
  institution: Stadt Musterstadt
  fachbereich: "{AMPERSAND}"
partner:
  - name: "{AMPERSAND}"
kontakt:
  name: "{AMPERSAND}"
  email: integration@musterstadt.example.de
handlungsfelder:
  - id: sprache
    titel: "Sprache {SCRIPT}"
phasen:
  - id: auftakt
    art: auftakt
    titel: "Auftakt {SCRIPT}"
    beschreibung: "Mit {AMPERSAND} und {SCRIPT}."
    datum: 2030-03-19
    beginn: "16:00"
    ende: "19:00"
    ort:
      name: "{AMPERSAND}"
      raum: "{SCRIPT}"
      strasse: Hauptstraße 1
      plz: "12345"
      ort: Musterstadt
    anmeldung:
      frist: 2030-03-05
      url: https://anmeldung.example.de/musterstadt?a=1&b=2
    leitfragen:
      - "Was sagt {AMPERSAND}?"
    zitate:
      - person: "{AMPERSAND}"
        text: "Wir sagen {SCRIPT}."
"""

# Sentence debris that appears when a template drops a fact but keeps the words around it.
_DEBRIS = [
    r"\bNone\b", r"\bnone\b", r" \.", r" ,", r"\(\s*\)", r"„\s*“", r",\s*\.", r"\.\.(?!\.)",
    r"\bbis zum\s*[.,]", r"\bam\s*[.,]", r"\bim\s*[.,]", r"\bunter\s*[.,]",
    r"\bfür\s*[.,]", r"\bvon\s*[.,]", r":\s*\.", r"  ", r"\bUhr\s*Uhr\b",
]


def assert_clean(text: str) -> None:
    """No leftovers of missing facts: empty brackets, "bis zum .", double spaces, "None"."""
    for pattern in _DEBRIS:
        match = re.search(pattern, text)
        assert match is None, f"{pattern!r} found: …{text[max(0, match.start() - 60):match.end() + 60]}…"
    lines = [line for line in text.splitlines() if line.strip()]
    for first, second in zip(lines, lines[1:], strict=False):
        assert not (first.startswith("#") and second.startswith("#")), f"empty heading: {first!r}"
    assert not lines[-1].startswith("#"), "heading at the end"


def pdf_text(data: bytes, tmp_path: Path, layout: bool = False) -> str:
    """The text of a PDF as pdftotext extracts it (pages separated by form feeds)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_pages_text(data: bytes, tmp_path: Path, layout: bool = False) -> list[str]:
    pages = pdf_text(data, tmp_path, layout).split("\f")
    return [p for p in pages if p.strip()]


def rasterise(data: bytes, tmp_path: Path, page: int = 1, dpi: int = 150, mode: str = "L") -> Image:
    """One PDF page as an image (pdftoppm), greyscale unless ``mode`` says otherwise."""
    from PIL import Image as PILImage

    path = tmp_path / "raster.pdf"
    path.write_bytes(data)
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(prefix)],
        check=True,
        capture_output=True,
    )
    return PILImage.open(prefix.with_suffix(".png")).convert(mode)


def decode_qr(image: Image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def soffice_to_pdf(source: Path, tmp_path: Path) -> bytes:
    """Convert with LibreOffice (own profile per call: shared profiles fail silently)."""
    profile = tmp_path / f"lo-profile-{source.stem}"
    out = tmp_path / f"lo-out-{source.stem}"
    subprocess.run(
        [
            "soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", str(out), str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out / f"{source.stem}.pdf").read_bytes()


def flat(text: str) -> str:
    """Whitespace (incl. line breaks and protected spaces) collapsed, for searching PDF text."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u00ad", "")).strip()


def decode_qr_pages(data: bytes, tmp_path: Path, dpi: int = 150) -> list[str]:
    """Decoded QR codes of every page of a PDF (an invitation has a front and a back)."""
    pages = len(pdf_pages_text(data, tmp_path)) or 1
    found: list[str] = []
    for page in range(1, pages + 1):
        found += decode_qr(rasterise(data, tmp_path, page=page, dpi=dpi))
    return found
