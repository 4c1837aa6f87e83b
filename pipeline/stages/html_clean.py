"""DOM pre-cleaning for the extract stage: remove captions, credits, bylines, related-link lists,
sign-up boxes, share bars, ad slots and teaser articles before trafilatura reads the page.

This runs before the base text exists (the extractor's output is the base), so what it removes
is not an edit: the stage records it as notes (matches and characters per rule). The vocabulary is
data in ``html_clean_rules.py``.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .html_clean_rules import DOM_RULES, DomRule

# Words of a class or id value: split at non-alphanumerics and at lower->upper case changes.
_SPLIT = re.compile(r"[^0-9A-Za-z]+|(?<=[a-z])(?=[A-Z])")
_WS = re.compile(r"\s+")
# Taxonomy classes CMSs put on the article element itself ("category-social-media", "tag-related",
# "format-link" on a WordPress <article>): they name the post's topics, not what the element is.
_TAXONOMY = re.compile(r"(?:category|tag|cat|topic|term|format|type)[-_]", re.IGNORECASE)


class Removal(NamedTuple):
    rule: str
    text: str   # the element's visible text, spaces collapsed


def parse(html: str):
    """Parse a page the way trafilatura does (its ``load_html``: lxml's HTML parser with
    ``huge_tree`` off and no entity resolution, comments and processing instructions dropped).
    Returns None when the text is not HTML."""
    from trafilatura.utils import load_html

    return load_html(html)


def _words(el, memo: dict) -> frozenset[str]:
    key = (el.get("class") or "", el.get("id") or "")
    if key not in memo:  # a theme repeats a few class values over thousands of elements
        memo[key] = _attr_words(*key)
    return memo[key]


def _attr_words(classes: str, ident: str) -> frozenset[str]:
    out: set[str] = set()
    for attr, value in (("class", classes), ("id", ident)):
        for token in value.split():
            if attr == "class" and _TAXONOMY.match(token):
                continue
            out.update(w.lower() for w in _SPLIT.split(token) if w)
    return frozenset(out)


def _text(el) -> str:
    # pieces joined by a space so neighbouring blocks ("<li>a</li><li>b</li>") stay apart
    return _WS.sub(" ", " ".join(el.itertext())).strip()


def _matches(el, rule: DomRule, words: set[str]) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if rule.tags and tag in rule.tags:
        hit = True
    else:
        hit = bool(rule.words) and not rule.words.isdisjoint(words)
    if hit and rule.inside_tags:
        hit = any(a.tag in rule.inside_tags for a in el.iterancestors())
    if hit and rule.all_links:
        hit = _all_links(el)
    if hit and rule.keep_if_holds:
        hit = not any(d.tag in rule.keep_if_holds for d in el.iterdescendants())
    return hit


def _outermost(el, rule: DomRule):
    found = el
    for a in el.iterancestors():
        if a.tag in rule.inside_tags:
            found = a
    return found


def _all_links(el) -> bool:
    items = [li for li in el if li.tag == "li"]
    if len(items) < 2:
        return False
    for li in items:
        text = _text(li)
        linked = "".join(_text(a) for a in li.iter("a"))
        if not text or len(linked.replace(" ", "")) < len(text.replace(" ", "")):
            return False
    return True


def _delete(el) -> None:
    """Remove ``el`` but keep its tail text (the text after it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def prune(tree, rules: Sequence[DomRule] = DOM_RULES) -> list[Removal]:
    """Remove the elements the rules match from ``tree`` (in place); return what went, in
    document order. An element inside one already removed is not looked at; ``<body>`` and
    ``<html>`` are never removed."""
    # Most elements carry neither a rule's tag nor a class/id word any rule names: they are
    # passed over on one set lookup, without splitting their attributes or walking ancestors.
    tags = frozenset().union(*(r.tags for r in rules))
    vocab = frozenset().union(*(r.words for r in rules))
    chosen: list[tuple[object, DomRule]] = []
    texts: dict = {}  # lxml keeps one proxy per node while referenced: identity works
    memo: dict = {}

    def text_of(el) -> str:
        if el not in texts:
            texts[el] = _text(el)
        return texts[el]

    stack = [tree]
    while stack:  # pre-order (document order), not descending into what a rule matched
        el = stack.pop()
        tag = el.tag
        if isinstance(tag, str) and tag not in ("html", "body", "head"):
            rule = _first_rule(el, tag, rules, tags, vocab, text_of, memo)
            if rule is not None:
                chosen.append((el, rule))
                continue
        stack.extend(reversed(el))
    out = [Removal(rule.name, text_of(el)) for el, rule in chosen]
    for el, _ in chosen:
        _delete(el)
    return out


def _first_rule(el, tag: str, rules: Sequence[DomRule], tags: frozenset, vocab: frozenset, text_of,
                memo: dict):
    if tag not in tags:
        if not vocab or (el.get("class") is None and el.get("id") is None):
            return None
        words = _words(el, memo)
        if vocab.isdisjoint(words):
            return None
    else:
        words = _words(el, memo)
    for rule in rules:
        if not _matches(el, rule, words):
            continue
        if rule.max_chars and len(text_of(el)) > rule.max_chars:
            continue
        if rule.max_share and len(text_of(el)) > rule.max_share * len(text_of(_outermost(el, rule))):
            continue
        return rule
    return None
