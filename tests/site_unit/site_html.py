"""Read a page of ``seite/`` into plain facts (tags, attributes, headings, text) with html.parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "base", "col"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    #: languages of this element and its ancestors, innermost first
    langs: tuple[str, ...] = ()


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    #: (text, innermost lang) of every text node outside <head>, <style> and <script>
    texts: list[tuple[str, str]] = field(default_factory=list)
    doctype: bool = False

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    @property
    def headings(self) -> list[int]:
        return [
            int(e.tag[1])
            for e in self.elements
            if len(e.tag) == 2 and e.tag[0] == "h" and e.tag[1].isdigit()
        ]

    @property
    def visible_text(self) -> str:
        return " ".join(t for t, _ in self.texts)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self.stack: list[Element] = []
        self.skip = 0

    def handle_decl(self, decl: str) -> None:
        if decl.lower() == "doctype html":
            self.result.doctype = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        parent_langs = self.stack[-1].langs if self.stack else ()
        langs = ((values["lang"],) if "lang" in values else ()) + parent_langs
        element = Element(tag, values, langs=langs)
        self.result.elements.append(element)
        if tag in ("head", "style", "script", "title"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "style", "script", "title") and self.skip:
            self.skip -= 1
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data
        if self.skip or not data.strip():
            return
        lang = self.stack[-1].langs[0] if self.stack and self.stack[-1].langs else ""
        self.result.texts.append((data.strip(), lang))


def parse(html: str) -> Parsed:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.result
