"""The documentation as HTML (for the PDF) and as Markdown, from the built-in templates.

Templates live in ``templates/results/`` and can be overridden like every other ik
template (``vorlagen:`` in the process file or ``--templates``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from integrakonzept.results.report import Report

HTML_TEMPLATE = "results/dokumentation.html.j2"
MARKDOWN_TEMPLATE = "results/dokumentation.md.j2"


def render_html(report: Report, templates: Path | None = None) -> str:
    """The documentation as one HTML page with the charts inline as SVG."""
    from markupsafe import Markup

    from integrakonzept.render.templating import render_template

    svg = {slug: Markup(chart.drawing.svg(f"chart-{slug}")) for slug, chart in report.charts.items()}
    context = {"r": report, "svg": svg, "lang": "de", "gender_style": report.gender_style}
    return render_template(HTML_TEMPLATE, context, templates)


def render_pdf(report: Report, templates: Path | None = None) -> bytes:
    """The documentation as PDF (WeasyPrint, A4, tagged)."""
    from integrakonzept.render.pdf import html_to_pdf

    return html_to_pdf(render_html(report, templates))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([#>+=~-])")


def markdown_text(value: object) -> str:
    """Text from the process file for Markdown: markup characters are escaped.

    The same rule as the press texts (:mod:`integrakonzept.documents.textdoc`): ``*``,
    ``_``, brackets, ``<``/``>`` and entities are shown as written, never interpreted.
    """
    text = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", str(value)))
    return _MD_LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def markdown_cell(value: object) -> str:
    """Text for a Markdown table cell: escaped, on one line."""
    return markdown_text(" ".join(str(value).split()))


def render_markdown(
    report: Report, images: Mapping[str, str], templates: Path | None = None
) -> str:
    """The documentation as Markdown; ``images`` maps chart slugs to SVG file names."""
    from integrakonzept.render.templating import render_template

    context = {
        "r": report,
        "images": dict(images),
        "cell": markdown_cell,
        "md": markdown_text,
        "lang": "de",
        "gender_style": report.gender_style,
    }
    text = render_template(MARKDOWN_TEMPLATE, context, templates)
    # Templates leave runs of blank lines where optional blocks are missing.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
