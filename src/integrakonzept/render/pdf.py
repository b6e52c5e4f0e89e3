"""HTML to PDF with WeasyPrint: tagged, reproducible, several documents in one file.

WeasyPrint is imported only here and only when a PDF is made (it takes almost a
second to import). Two runs over the same HTML give the same bytes: the font
subsetter stamps fonts with the current time unless ``SOURCE_DATE_EPOCH`` is
set, so it is set (to 0) while rendering; the HTML carries no creation date.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def _reproducible() -> Iterator[None]:
    """Reproducible bytes (see the module docstring), and no cycle collection meanwhile.

    A layout makes hundreds of thousands of short-lived objects, which keep triggering
    the cycle collector over everything the process holds (the model, the templates,
    WeasyPrint's own tables); almost all of them are freed by reference counting anyway.
    Pausing the collector while WeasyPrint works makes a PDF about a fifth faster and
    leaves the peak memory alike (measured with a 2000-row sign-up sheet: +2 %).
    """
    import gc

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _options() -> dict[str, Any]:
    # Tagged PDF: screen readers follow headings, lists and tables (BITV for public bodies).
    return {"pdf_tags": True}


def html_to_pdf(html: str, base_url: Path | None = None, variant: str | None = None) -> bytes:
    """Render one HTML document (with print CSS) to PDF bytes.

    ``variant`` is a WeasyPrint ``pdf_variant`` such as ``pdf/ua-1`` (accessible PDF:
    PDF/UA identification, document title shown instead of the file name).
    """
    return merge_html_to_pdf([html], base_url, variant)


def _weasyprint() -> Any:
    """Import WeasyPrint without its import-time notice about a missing system library.

    Without libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools (slower,
    same result) and warns at import that a future version will need the library.
    That is a note for whoever installs the system, not for a coordinator.
    """
    import warnings

    with warnings.catch_warnings(), _without_library_search():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
    return weasyprint


#: the sonames WeasyPrint lists for its C libraries on Linux (weasyprint/text/ffi.py)
_LINUX_LIBRARIES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
)


@contextmanager
def _without_library_search() -> Iterator[None]:
    """Let WeasyPrint's import load its C libraries by their Linux sonames only.

    WeasyPrint tries Windows- and macOS-style names first; for each miss, cffi asks
    ``ctypes.util.find_library``, which on Linux runs ``ldconfig``, ``gcc`` and ``ld`` –
    some fifty processes and about 0.15 s before the first PDF. When every library it
    needs loads by its soname (what ``find_library`` would find in the end), the search
    is switched off for the import; otherwise (an unusual installation) nothing changes.
    """
    import sys

    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        yield
        return
    import ctypes
    import ctypes.util

    try:
        for name in _LINUX_LIBRARIES:
            ctypes.CDLL(name)
    except OSError:
        yield
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def warm_up() -> None:
    """Import WeasyPrint and lay out one small page (font configuration, C declarations,
    the default style sheet): done once before workers are forked, they all share it."""
    weasyprint = _weasyprint()
    html = (
        '<html lang="de"><body style="font-family: DejaVu Sans">'
        "<h1>Ü</h1><p><b>a</b> <i>b</i></p><table><tr><th>c</th><td>d</td></tr></table>"
        "</body></html>"
    )
    with _reproducible():
        weasyprint.HTML(string=html).render(**_options()).write_pdf(**_options())


def merge_html_to_pdf(
    documents: Sequence[str], base_url: Path | None = None, variant: str | None = None
) -> bytes:
    """Render several HTML documents into one PDF.

    Each document is laid out on its own, so page counters ("Seite 1 von 2")
    restart for each; used for one sign-up sheet per working group.
    """
    weasyprint = _weasyprint()

    if not documents:
        raise ValueError("no documents to render")
    url = str(base_url) + os.sep if base_url is not None else None
    with _reproducible():
        rendered = [
            weasyprint.HTML(string=html, base_url=url).render(**_options()) for html in documents
        ]
        first = rendered[0]
        if len(rendered) > 1:
            pages = [page for document in rendered for page in document.pages]
            first = first.copy(pages)
        extra = {"pdf_variant": variant} if variant else {}
        data: bytes = first.write_pdf(**_options(), **extra)
    return data


def anchors_per_page(html: str, base_url: Path | None = None) -> list[list[str]]:
    """The element ids (``id="…"``) laid out on each page, in page order.

    Lets a document measure its own pagination, e.g. how many table rows fit
    on a page, without guessing from font metrics.
    """
    weasyprint = _weasyprint()
    url = str(base_url) + os.sep if base_url is not None else None
    with _reproducible():
        document = weasyprint.HTML(string=html, base_url=url).render(**_options())
    return [list(page.anchors) for page in document.pages]


def render_documents(documents: Sequence[str], base_url: Path | None = None) -> list[Any]:
    """Lay out HTML documents (WeasyPrint ``Document`` objects) without writing a PDF yet.

    A caller can read the pages (``document.pages[i].anchors``) to check its own
    pagination and then write the very same layout with :func:`write_documents`.
    """
    weasyprint = _weasyprint()
    url = str(base_url) + os.sep if base_url is not None else None
    with _reproducible():
        return [weasyprint.HTML(string=html, base_url=url).render(**_options()) for html in documents]


def write_documents(rendered: Sequence[Any]) -> bytes:
    """One PDF from documents laid out by :func:`render_documents` (page counters kept)."""
    if not rendered:
        raise ValueError("no documents to render")
    with _reproducible():
        first = rendered[0]
        if len(rendered) > 1:
            first = first.copy([page for document in rendered for page in document.pages])
        data: bytes = first.write_pdf(**_options())
    return data
