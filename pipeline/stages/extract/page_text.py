"""The base text of an HTML document: the page's visible text, as a naive scraper reads it.

The recipe is the one of the bench's ``page/`` form (``../shared/bench/dev/README.md``; like
html-text or Common Crawl WET files), so the audit starts from what a reader of the page sees:

- the tree the extract stage parsed (no second parse); ``<head>`` (so its ``<title>`` too, which
  the bench puts first: the title is metadata here, and kept out so a title read from the page
  does not look like text the extractor removed), scripts, styles, ``noscript``, ``template``,
  ``svg``, ``iframe``, ``object``, ``embed``, ``canvas`` dropped (and comments, which the parser
  already drops);
- one line per block element (``BLOCKS``), table cells of a row split by a tab;
- inline elements joined exactly as in the source; runs of ASCII whitespace collapsed to one
  space and lines trimmed of it; empty lines left out. Non-breaking and zero-width spaces stay
  (they are in the page; the extractor's own whitespace handling shows up as an edit).

``page_text`` also returns where the elements the DOM pre-cleaning chose ended up in that text,
so that what a rule removed is attributed to it (``extract.dom_<rule>``).
"""
from __future__ import annotations

import re
from typing import Mapping, NamedTuple

# Elements whose content no reader sees.
SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
                  "canvas", "title", "meta", "link"})
# Elements that start and end a line (html-text's newline tags plus the HTML5 sectioning ones).
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol",
    "option", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "body",
    "html", "select", "textarea", "label", "button",
})
CELLS = frozenset({"td", "th"})
_ASCII = " \t\n\r\f\v"
_ASCII_WS = re.compile(f"[{_ASCII}]+")


class Marked(NamedTuple):
    start: int   # offsets in the page text
    end: int
    rule: str


class _Lines:
    """The page text being built: finished lines, the current line's pieces, its pending break."""
    __slots__ = ("done", "line", "size", "space", "cell")

    def __init__(self):
        self.done: list[str] = []
        self.line: list[str] = []
        self.size = 0          # characters in done lines, with their line breaks
        self.space = False     # a collapsed space is owed before the next piece of this line
        self.cell = False      # a tab is owed before the next piece (a new table cell began)

    def pos(self) -> int:
        """Offset at which the next piece of text will start (breaks owed not counted)."""
        return self.size + sum(map(len, self.line))

    def add(self, s: str) -> None:
        if not s.strip(_ASCII):  # most pieces are the indentation between tags
            if self.line:
                self.space = True
            return
        s = _ASCII_WS.sub(" ", s)
        if s[0] == " ":
            s = s[1:]
            self.space = bool(self.line)
        tail = s[-1] == " "
        if tail:
            s = s[:-1]
        if self.line:
            if self.cell:
                self.line.append("\t")
            elif self.space:
                self.line.append(" ")
        self.line.append(s)
        self.cell = False
        self.space = tail

    def brk(self) -> None:
        if self.line:
            line = "".join(self.line)
            self.done.append(line)
            self.size += len(line) + 1
            self.line = []
        self.space = self.cell = False

    def text(self) -> str:
        self.brk()
        return "\n".join(self.done)


def page_text(tree, marks: Mapping[object, str] = {}) -> tuple[str, list[Marked]]:
    """The visible text of ``tree`` and, for each element of ``marks`` (element -> rule name) that
    holds visible text, the span of that text in it, in document order."""
    from lxml import etree

    out = _Lines()
    spans: list[Marked] = []
    opened: list = []  # (rule, start) of each element entered and not yet closed
    # lxml's own walk (C; pages nest deeper than Python's recursion limit), not descending into
    # what no reader sees; an element skipped still gets its end event, which reads its tail
    walk = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if tag in SKIP or not isinstance(tag, str):
            if event == "start":
                walk.skip_subtree()
            elif el.tail:  # a comment's or a dropped element's tail is still text of its parent
                out.add(el.tail)
            continue
        if event == "end":
            rule, start = opened.pop()
            if tag in BLOCKS and out.line:
                out.brk()
            if rule is not None:
                end = out.size - 1 if not out.line else out.pos()
                if end > start:
                    spans.append(Marked(start, end, rule))
            if el.tail:
                out.add(el.tail)
            continue
        if tag in BLOCKS:
            if out.line:
                out.brk()
        elif tag in CELLS and out.line:
            out.cell = True
        rule = marks.get(el) if marks else None
        start = 0
        if rule is not None:
            start = out.pos() + (1 if out.line and (out.space or out.cell) else 0)
        opened.append((rule, start))
        if el.text:
            out.add(el.text)
    return out.text(), sorted(spans)
