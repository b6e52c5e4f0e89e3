"""The QR code of a tagged invitation PDF has its text alternative in the structure tree:
the ``/Figure`` element carries ``/Alt`` (PDF/UA), in the language of the page."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from documents_support import example
from pypdf.generic import ArrayObject, DictionaryObject

from integrakonzept.documents.invitation import invitation, language_source
from integrakonzept.documents.qr import qr_svg, qr_svg_file
from integrakonzept.render.catalogue import text
from integrakonzept.render.languages import language

URL = "https://anmeldung.example.de/elmshorn-auftakt"


def figures(pdf: bytes) -> list[dict[str, Any]]:
    """Every /Figure of the PDF's structure tree with its /Alt (``None`` if it has none)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "the PDF is not tagged"
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject):
            return
        if node.get("/S") == "/Figure":
            alt = node.get("/Alt")
            found.append({"alt": None if alt is None else str(alt)})
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("lang", ["de", "ar", "uk", "de-x-ls"])
def test_the_qr_figure_has_its_alt_text(lang: str) -> None:
    process = example("elmshorn-2025")
    result = invitation(process, "auftakt", lang=lang, source=language_source(None, lang))
    found = figures(result.pdf())
    assert found, "no figure in the tagged PDF"
    assert all(f["alt"] for f in found), found  # no figure without a text alternative
    # the catalogue's wording in the page's language, naming the registration address
    expected = text("qr_alt", language(lang).catalogue, url=URL)
    assert URL in expected
    assert [f["alt"] for f in found].count(expected) == 1, (expected, found)


def test_the_svg_carries_its_title() -> None:
    svg = qr_svg(URL, title="QR-Code <Anmeldung> & mehr")
    assert svg.startswith("<svg ") and "<title>QR-Code &lt;Anmeldung&gt; &amp; mehr</title>" in svg
    assert svg.index("<title>") < svg.index("<path")
    assert f"<title>{URL}</title>".encode() in qr_svg_file(URL)
