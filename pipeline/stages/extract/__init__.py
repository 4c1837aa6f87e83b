"""extract: HTML to main text and metadata with trafilatura (HTML documents only).

The base text of an HTML document is the page's visible text (``page_text``: one line per block,
scripts, styles and head dropped), so what extraction removes is an edit like any other. Steps:
(1) metadata is read from the page as parsed (bylines and headlines are where the author and title
come from); (2) DOM pre-cleaning (``dom_clean``) chooses captions, credits, bylines, related-link
lists and other furniture trafilatura lets through; (3) the page text is read from the same tree,
with where each chosen element's text lies; (4) the chosen elements are removed and trafilatura
extracts the main text; (5) the difference between page text and extracted text becomes edits
(``align``: ``extract.dom_<rule>``, ``extract.boilerplate``, ``extract.inline``,
``extract.reformat``); (6) text-level leftovers it lets through ("Advertisement" inserts, sign-up
and follow-us lines, credit lines...) are removed as edits (``line_rules``).
"""
from __future__ import annotations

from collections import Counter

from ...document import Document
from ...edits import Proposal, apply, rebase, set_meta
from . import align, choose, dom_clean, dom_rules, line_rules
from ..base import Stage

# trafilatura's metadata names -> ours
_META = (("title", "title"), ("author", "author"), ("date", "published"), ("url", "url"),
         ("sitename", "sitename"), ("description", "description"))


class Extract(Stage):
    """Main content and metadata from HTML with trafilatura.

    Args:
        include_tables: keep text from tables inside the article (trafilatura ``include_tables``).
        favor_precision: trafilatura's precision mode (drops more borderline blocks). Off by
            default: it gains on the dev articles and loses on the snippet sites (``choose``).
        favor_recall: trafilatura's recall mode (keeps more borderline blocks).
        with_metadata: also read title, author, date, url and sitename from the page.
        dom_rules: DOM pre-cleaning rules to run (names as in ``dom_rules.DOM_RULES``; the default
            ``dom_rules.DEFAULT_DOM_RULES`` leaves out those that cost must-keep text); empty runs none.
        text_rules: text rules applied to the extractor's output (names as in
            ``line_rules.TEXT_RULES``); empty runs none.
    """

    name = "extract"
    writes = ("title", "author", "published", "url", "sitename", "description", "published_precision",
              "language_declared")
    content_types = ("html",)

    def __init__(self, *, include_tables: bool = True, favor_precision: bool = False,
                 favor_recall: bool = False, with_metadata: bool = True,
                 dom_rules: list[str] = dom_rules.DEFAULT_DOM_RULES,
                 text_rules: list[str] = line_rules.TEXT_RULES):
        self.include_tables = include_tables
        self.favor_precision = favor_precision
        self.favor_recall = favor_recall
        self.with_metadata = with_metadata
        known = {r.name: r for r in dom_clean.DOM_RULES}
        bad = [n for n in dom_rules if n not in known] + [n for n in text_rules if n not in line_rules.TEXT_RULES]
        if bad:
            raise ValueError(f"[stages.extract]: unknown rule {bad[0]!r}; valid dom_rules: "
                             f"{', '.join(known)}; valid text_rules: {', '.join(line_rules.TEXT_RULES)}")
        self.dom_rules = tuple(known[n] for n in dom_rules)
        self.text_rules = tuple(text_rules)

    def warm_up(self) -> None:
        # one tiny page through every step: trafilatura, htmldate and their settings import and
        # load on first use (about 0.2 s a worker need not pay again), and the parser is made
        page = "<html><body><article><p>A short page with a few plain words in it.</p></article></body></html>"
        self(Document(doc_id="warm-up", source="warm-up", content_type="html", text=page))

    def _parse(self, html: str):
        # lxml parsers do not pickle: one per process, in the resource slot
        return dom_clean.parse(html, self.resource("parser", dom_clean.html_parser))

    def __call__(self, doc: Document) -> Document:
        from trafilatura.settings import DEFAULT_CONFIG, set_date_params

        from .page_meta import page_choices, page_metadata
        from .page_signals import page_signals
        from .page_text import page_text

        tree = self._parse(doc.text)
        if tree is None:
            return self._empty(doc)
        meta = None
        if self.with_metadata:
            # the arguments bare_extraction itself passes; before pruning, so the byline elements
            # pre-cleaning removes still give the author
            date_params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
            meta = page_metadata(tree, doc.meta.get("url"), date_params)
            choices = page_choices(meta, page_signals(tree), tree, date_params)
        chosen = dom_clean.select(tree, self.dom_rules)
        page, marks = page_text(tree, {el: rule.name for el, rule in chosen})
        removals = dom_clean.remove(chosen)
        text = self._extract(tree, doc)
        fallback = not text.strip() and bool(removals)
        if fallback:
            # pre-cleaning left the extractor nothing (a page built only of what the rules call
            # furniture): the page as it was is better than no document
            text, removals, marks = self._extract(self._parse(doc.text), doc), [], []
        if not text.strip():
            return self._empty(doc)
        doc = _as_edits(rebase(doc, self.name, page), self.name, text, marks)
        doc = _note_removals(doc, self.name, removals)
        if fallback:
            doc = doc.with_note(self.name, "dom_fallback",
                                "DOM pre-cleaning left no main text; extracted from the uncleaned page")
        values = {}
        for theirs, ours in _META if meta is not None else ():
            value = getattr(meta, theirs, None)
            if isinstance(value, str) and value.strip() and not doc.meta.get(ours):
                values[ours] = value.strip()
        given = {k for k, v in doc.meta.items() if v}  # a JSONL record's own title, author... stay
        doc = set_meta(doc, self.name, "extract.trafilatura_metadata", **values)
        for rule, changes in choices if meta is not None else ():
            doc = set_meta(doc, self.name, rule, **{k: v for k, v in changes.items() if k not in given})
        proposals = line_rules.propose(doc.text, doc.meta.get("title") or "", self.text_rules)
        return apply(doc, self.name, proposals)

    def _extract(self, tree, doc: Document) -> str:
        return choose.extract_text(tree, url=doc.meta.get("url"), include_tables=self.include_tables,
                                   favor_precision=self.favor_precision, favor_recall=self.favor_recall)

    def _empty(self, doc: Document) -> Document:
        return rebase(doc, self.name, "").drop_with(
            self.name, "extraction_empty", "The extractor found no main text in the page.",
            f"{len(doc.text)} characters of HTML gave no text")


def _as_edits(doc: Document, stage: str, text: str, marks) -> Document:
    """``doc`` (its text the page text) turned into the extractor's output ``text`` by edits that
    say why each span went (``align``)."""
    out = apply(doc, stage, align.propose(doc.text, text, marks))
    if out.text != text:  # never seen on the dev pages; the clean text must not depend on it
        out = apply(doc, stage, [Proposal(0, len(doc.text), text, align.BOILERPLATE)])
        out = out.with_note(stage, "align_fallback", "the alignment with the page text failed; "
                            "one edit replaces the page with the extractor's output")
    return out


def _note_removals(doc: Document, stage: str, removals: list[dom_clean.Removal]) -> Document:
    """One note per DOM rule that fired, keyed by the rule name without the stage (the sink
    prefixes it again): "N elements, M characters"."""
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for r in removals:
        counts[r.rule] += 1
        chars[r.rule] += len(r.text)
    for rule in sorted(counts):
        doc = doc.with_note(stage, rule.split(".", 1)[-1], f"{counts[rule]} elements, {chars[rule]} characters")
    return doc
