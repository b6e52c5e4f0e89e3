"""Press texts in one source format ("ik-Text"), written out as Markdown, text, HTML and DOCX.

A press-release template renders to ik-Text, a small Markdown-like format.
Parsing it once and writing each output format from the parsed blocks keeps
the wording in one place (the template) and the escaping in one place (each
writer). Values from the process file are inserted raw; every writer escapes
for its own format, so ``<script>`` and ``Müller & Söhne`` survive intact.

ik-Text, block by block (blocks are separated by blank lines)::

    @kicker Pressemitteilung          Dachzeile
    @dateline Elmshorn, 18.02.2025    Ortsmarke und Datum
    # Überschrift                     the headline (once)
    @subtitle Unterzeile              a line below the headline
    ## Zwischenüberschrift
    Absatz …                          lines of a paragraph are joined;
    … Zeile mit Umbruch \\             a trailing backslash keeps the line break
    > Zitat                           a quotation paragraph
    - Aufzählungspunkt
    ---                               everything below is the appendix (contacts),
                                      not counted in the length of the text
    @note Kleingedrucktes

Inline: ``**fett**``. Web and e-mail addresses become links. A single ``*``
(the gender star) is just a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal[
    "kicker", "dateline", "title", "subtitle", "heading", "paragraph", "quote", "item", "rule", "note"
]

_SINGLE_LINE: tuple[tuple[str, BlockKind], ...] = (
    ("@kicker ", "kicker"),
    ("@dateline ", "dateline"),
    ("@subtitle ", "subtitle"),
    ("@note ", "note"),
    ("## ", "heading"),
    ("# ", "title"),
)
_URL_RE = re.compile(r"https?://[^\s<>\"“”„»«]+")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TRAILING = ".,;:!?)]}'"


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting: bold and/or a link target."""

    text: str
    bold: bool = False
    href: str | None = None


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    lines: tuple[Line, ...] = ()

    @property
    def text(self) -> str:
        """The plain text; hard line breaks as ``\\n``."""
        return "\n".join("".join(run.text for run in line) for line in self.lines)


@dataclass(frozen=True)
class TextDoc:
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str:
        for block in self.blocks:
            if block.kind == "title":
                return block.text
        return ""

    def body(self) -> list[Block]:
        """Blocks before the first rule that belong to the text proper (headline to last paragraph)."""
        result: list[Block] = []
        for block in self.blocks:
            if block.kind == "rule":
                break
            if block.kind in {"title", "subtitle", "heading", "paragraph", "quote", "item"}:
                result.append(block)
        return result

    def length(self) -> tuple[int, int]:
        """Characters (with spaces) and words of headline and body, as press offices count them."""
        texts = [block.text.replace("\n", " ") for block in self.body()]
        joined = " ".join(texts)
        return len(joined), len(joined.split())

    def with_note(self, text: str) -> TextDoc:
        """A copy with a note at the end (after a rule, added if there is none)."""
        blocks = list(self.blocks)
        if not any(b.kind == "rule" for b in blocks):
            blocks.append(Block("rule"))
        blocks.append(Block("note", (parse_inline(text),)))
        return TextDoc(tuple(blocks))

    def groups(self) -> Iterator[tuple[BlockKind, list[Block]]]:
        """Blocks with consecutive list items grouped, for writers that need a list container."""
        pending: list[Block] = []
        for block in self.blocks:
            if block.kind == "item":
                pending.append(block)
                continue
            if pending:
                yield "item", pending
                pending = []
            yield block.kind, [block]
        if pending:
            yield "item", pending


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    kind: BlockKind | None = None
    lines: list[list[str]] = field(default_factory=list)

    def start(self, kind: BlockKind, text: str) -> None:
        self.flush()
        self.kind = kind
        self.lines = [[]]
        self.add(text)

    def add(self, text: str) -> None:
        hard = text.endswith("\\")
        content = text[:-1].rstrip() if hard else text.strip()
        if content:
            self.lines[-1].append(content)
        if hard:
            self.lines.append([])

    def flush(self) -> None:
        if self.kind is not None:
            lines = tuple(parse_inline(" ".join(parts)) for parts in self.lines if parts)
            if lines:
                self.blocks.append(Block(self.kind, lines))
        self.kind = None
        self.lines = []


def parse(source: str) -> TextDoc:
    """Parse ik-Text (see the module docstring)."""
    builder = _Builder()
    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            builder.flush()
            continue
        if line == "---":
            builder.flush()
            builder.blocks.append(Block("rule"))
            continue
        for prefix, kind in _SINGLE_LINE:
            if line.startswith(prefix):
                builder.start(kind, line[len(prefix) :])
                builder.flush()
                break
        else:
            if line.startswith("- "):
                builder.start("item", line[2:])
            elif line.startswith("> "):
                if builder.kind == "quote":
                    builder.add(line[2:])
                else:
                    builder.start("quote", line[2:])
            elif builder.kind in {"paragraph", "quote", "item"}:
                builder.add(line)
            else:
                builder.start("paragraph", line)
    builder.flush()
    return TextDoc(tuple(builder.blocks))


def parse_inline(text: str) -> Line:
    """Split ``text`` into runs: ``**bold**`` and automatic links."""
    parts = text.split("**")
    if len(parts) % 2 == 0:  # an unpaired ** stays literal
        parts = [*parts[:-2], parts[-2] + "**" + parts[-1]]
    runs: list[Run] = []
    for index, part in enumerate(parts):
        if part:
            runs.extend(_links(part, bold=index % 2 == 1))
    return tuple(runs)


def _links(text: str, *, bold: bool) -> Iterator[Run]:
    spans: list[tuple[int, int, str]] = []
    for match in _URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        spans.append((match.start(), match.start() + len(url), url))
    taken = [(a, b) for a, b, _ in spans]
    for match in _EMAIL_RE.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            spans.append((match.start(), match.end(), "mailto:" + match.group(0)))
    spans.sort()
    position = 0
    for start, end, href in spans:
        if start > position:
            yield Run(text[position:start], bold)
        yield Run(text[start:end], bold, href)
        position = end
    if position < len(text):
        yield Run(text[position:], bold)


# --- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)(?:(\d+)([.)])|([#>+=~-]))")


def _md_escape(text: str) -> str:
    escaped = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))
    return escaped


def _md_line(line: Line, *, plain: bool = False) -> str:
    out: list[str] = []
    for run in line:
        if run.href is not None:
            target = run.href.removeprefix("mailto:")
            piece = f"<{target}>"
        else:
            piece = _md_escape(run.text)
        if run.bold and not plain and piece.strip():
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            piece = f"{lead}**{piece.strip()}**{trail}"
        out.append(piece)
    text = "".join(out)
    # Block markers at the start of a line (#, >, -, +, 1.) would change the structure.
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) or "") + "\\" + (m.group(3) or m.group(4)), text, count=1
    )


def _md_lines(block: Block, *, plain: bool = False) -> str:
    return "\\\n".join(_md_line(line, plain=plain) for line in block.lines)


def to_markdown(doc: TextDoc) -> str:
    """CommonMark: headline as ``#``, quotes as ``>``, gender stars and ``<`` escaped."""
    chunks: list[str] = []
    for kind, blocks in doc.groups():
        block = blocks[0]
        if kind == "item":
            chunks.append("\n".join("- " + _md_lines(b).replace("\n", "\n  ") for b in blocks))
        elif kind == "rule":
            chunks.append("---")
        elif kind == "title":
            chunks.append("# " + _md_lines(block).replace("\\\n", " "))
        elif kind == "heading":
            chunks.append("## " + _md_lines(block).replace("\\\n", " "))
        elif kind in {"kicker", "subtitle"}:
            chunks.append(f"**{_md_lines(block, plain=True)}**")
        elif kind == "note":
            chunks.append(f"*{_md_lines(block, plain=True)}*")
        elif kind == "quote":
            chunks.append("> " + _md_lines(block).replace("\n", "\n> "))
        else:
            chunks.append(_md_lines(block))
    return "\n\n".join(chunks) + "\n"


# --- plain text (e-mail) -----------------------------------------------------------------


def to_text(doc: TextDoc) -> str:
    """Plain text for the body of an e-mail: no markup, paragraphs as single lines."""
    chunks: list[str] = []
    for kind, blocks in doc.groups():
        if kind == "item":
            chunks.append("\n".join("- " + b.text.replace("\n", "\n  ") for b in blocks))
        elif kind == "rule":
            chunks.append("* * *")
        else:
            chunks.append(blocks[0].text)
    return "\n\n".join(chunks) + "\n"
