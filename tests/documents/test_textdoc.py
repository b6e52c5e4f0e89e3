"""ik-Text: parsing, and the Markdown/text writers read back by a real CommonMark parser."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from integrakonzept.documents.textdoc import Run, parse, parse_inline, to_markdown, to_text

SOURCE = """\
@kicker Pressemitteilung
@dateline Elmshorn, 18.02.2025

# Elmshorn lädt ein

@subtitle Anmeldung bis 5. März

Erster Satz.
Zweiter Satz mit **fett** und https://example.de/a?b=1.

> Ein Zitat
> über zwei Zeilen.

- Punkt eins
- Punkt zwei

---

**Kontakt** \\
Frau Beispiel \\
E-Mail: info@example.de
"""


def test_blocks_and_line_joining() -> None:
    doc = parse(SOURCE)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [
        "kicker", "dateline", "title", "subtitle", "paragraph", "quote", "item", "item", "rule", "paragraph",
    ]
    assert doc.title == "Elmshorn lädt ein"
    assert doc.blocks[4].text == "Erster Satz. Zweiter Satz mit fett und https://example.de/a?b=1."
    assert doc.blocks[5].text == "Ein Zitat über zwei Zeilen."
    assert doc.blocks[-1].text == "Kontakt\nFrau Beispiel\nE-Mail: info@example.de"


def test_inline_bold_and_links() -> None:
    runs = parse_inline("Mit **fett**, https://example.de/x. und a.b@example.de!")
    assert runs == (
        Run("Mit "),
        Run("fett", bold=True),
        Run(", "),
        Run("https://example.de/x", href="https://example.de/x"),
        Run(". und "),
        Run("a.b@example.de", href="mailto:a.b@example.de"),
        Run("!"),
    )


def test_single_star_is_a_character() -> None:
    assert parse_inline("Einwohner*innen und Übersetzer*innen") == (Run("Einwohner*innen und Übersetzer*innen"),)
    assert parse_inline("ein ** allein") == (Run("ein ** allein"),)


def test_length_counts_headline_and_body_not_contacts() -> None:
    doc = parse(SOURCE)
    characters, words = doc.length()
    body = "Elmshorn lädt ein Anmeldung bis 5. März Erster Satz. Zweiter Satz mit fett und " \
        "https://example.de/a?b=1. Ein Zitat über zwei Zeilen. Punkt eins Punkt zwei"
    assert characters == len(body) and words == len(body.split())


def _plain(markdown: str) -> str:
    """Render Markdown with a real CommonMark parser and return the visible text."""
    rendered = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_markdown_is_valid_commonmark_for_the_whole_document() -> None:
    markdown = to_markdown(parse(SOURCE))
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<h1>Elmshorn lädt ein</h1>" in rendered
    assert "<strong>fett</strong>" in rendered
    assert '<a href="https://example.de/a?b=1">' in rendered
    assert "<blockquote>" in rendered and "<li>Punkt eins</li>" in rendered
    assert "<hr />" in rendered
    assert "Kontakt</strong><br />" in rendered  # hard line breaks survive


def test_gender_stars_and_html_are_escaped_in_markdown() -> None:
    text = "Einwohner*innen und Übersetzer*innen treffen <script>alert(1)</script> & Müller_Söhne [x](y)"
    markdown = to_markdown(parse(text))
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<em>" not in rendered and "<script>" not in rendered
    assert _plain(markdown).strip() == text


safe_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u00a0\u2028\u2029"
    ),
    min_size=1,
    max_size=60,
).map(lambda s: " ".join(s.split())).filter(
    # "**" is bold, a leading marker makes a block and a trailing "\\" a line break: by design.
    lambda s: s and "**" not in s and not s.startswith(("@", "#", "- ", "> ")) and not s.endswith("\\")
)


@given(safe_text)
def test_any_paragraph_text_survives_markdown_and_text(text: str) -> None:
    doc = parse(text)
    assert to_text(doc) == text + "\n" or "http" in text or "@" in text
    # CommonMark drops trailing backslash-less white space only; the words must come back.
    assert _plain(to_markdown(doc)).strip() == text.strip()


def test_plain_text_has_no_markup() -> None:
    text = to_text(parse(SOURCE))
    assert "**" not in text and "@kicker" not in text and "\\" not in text
    assert "Kontakt\nFrau Beispiel\nE-Mail: info@example.de" in text
    assert "- Punkt eins\n- Punkt zwei" in text
