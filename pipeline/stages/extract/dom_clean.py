"""DOM pre-cleaning for the extract stage: remove captions, credits, bylines, related-link lists,
sign-up boxes, share bars, ad slots and teaser articles before trafilatura reads the page.

``select`` chooses the elements, the stage reads the page text (the base) with them still in
place, then ``remove`` takes them out: what a rule removed becomes ``extract.dom_<concept>`` edits
(``align``), and the stage also notes matches and characters per rule. The vocabulary is data in
``dom_rules.py``.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .dom_rules import DOM_RULES, DomRule

# Words of a class or id value: split at non-alphanumerics and at lower->upper case changes.
_SPLIT = re.compile(r"[^0-9A-Za-z]+|(?<=[a-z])(?=[A-Z])")
_WS = re.compile(r"\s+")
# Taxonomy classes CMSs put on the article element itself ("category-social-media", "tag-related",
# "format-link" on a WordPress <article>): they name the post's topics, not what the element is.
_TAXONOMY = re.compile(r"(?:category|tag|cat|topic|term|format|type)[-_]", re.IGNORECASE)


class Removal(NamedTuple):
    rule: str
    text: str   # the element's visible text, spaces collapsed


def html_parser():
    """lxml's HTML parser with trafilatura's settings (its ``HTML_PARSER``: ``huge_tree`` off, no
    entity resolution, comments and processing instructions dropped), but with a C-level element
    class lookup: lxml.html's own lookup is a Python method called for every element proxy
    created (about 4,000 per dev page, by trafilatura's walks and ours); without it the extract
    stage took 35.0 / 41.6 / 36.7 ms of CPU per dev page against 42.0 / 40.6 / 43.3 (three
    interleaved runs on a noisy machine). Every element is then a plain ``HtmlElement``: the form-field subclasses lxml.html
    would pick for <form>, <input>, <select>, <textarea> and <label> add only form-handling
    methods, which neither trafilatura's extraction nor the stages call. One parser per stage
    instance (parsers are not shared across threads)."""
    from lxml import etree
    from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


def parse(html: str, parser=None):
    """Parse a page the way trafilatura's ``load_html`` does a string, with ``parser`` (from
    ``html_parser``; a new one when None). Returns None when the text is not HTML.
    tests/test_extract_parser.py checks that both parse every dev page and odd inputs alike."""
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    parser = parser if parser is not None else html_parser()

    # load_html's steps for a str (trafilatura 2.3), with the parser passed in
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(html, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_bytes = _parse_bytes(html, parser), True
    except Exception:  # load_html logs it and goes on the same way
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(html, parser)
    if tree is not None and dubious and len(tree) < 2:
        tree = None  # not (well-formed) HTML
    return tree


def _parse_bytes(html: str, parser):
    from lxml.html import fromstring

    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=parser)
    except Exception:
        return None


def _words(el, memo: dict) -> frozenset[str]:
    """The words of ``el``'s class and id that can be one of the rules' (memo[""]: the pattern of
    the rules' words, from ``_vocab_pattern``)."""
    key = (el.get("class") or "", el.get("id") or "")
    words = memo.get(key)
    if words is None:  # a theme repeats a few class values over thousands of elements
        pattern = memo[""]
        words = memo[key] = (_attr_words(*key) if pattern is None or pattern.search(f"{key[0]} {key[1]}".lower())
                             else frozenset())
    return words


def _vocab_pattern(vocab: frozenset[str]):
    return re.compile("|".join(re.escape(w) for w in sorted(vocab))) if vocab else None


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
    return remove(select(tree, rules))


def remove(chosen: Sequence[tuple[object, DomRule]]) -> list[Removal]:
    """Remove the elements ``select`` chose; return what went, in document order."""
    out = [Removal(rule.name, _text(el)) for el, rule in chosen]
    for el, _ in chosen:
        _delete(el)
    return out


def select(tree, rules: Sequence[DomRule] = DOM_RULES) -> list[tuple[object, DomRule]]:
    """The elements the rules match, with the rule, in document order (``prune`` without the
    removal, so the page text can be read with them still in place)."""
    # Most elements carry neither a rule's tag nor a class/id word any rule names: they are
    # passed over on one set lookup, without splitting their attributes or walking ancestors.
    from lxml import etree

    tags = frozenset().union(*(r.tags for r in rules))
    vocab = frozenset().union(*(r.words for r in rules))
    # a class/id value holding none of the words even as a substring has none of them as a word
    # (its words are substrings of it, lowercased): it is passed over without being split
    memo: dict = {"": _vocab_pattern(vocab)}
    chosen: list[tuple[object, DomRule]] = []
    texts: dict = {}  # lxml keeps one proxy per node while referenced: identity works

    def text_of(el) -> str:
        if el not in texts:
            texts[el] = _text(el)
        return texts[el]

    # lxml's own walk (C), told not to descend into a matched element: the order of the explicit
    # stack of Python proxies this replaced, at a third of its cost
    walk = etree.iterwalk(tree, events=("start",))
    for _event, el in walk:
        tag = el.tag
        if isinstance(tag, str) and tag not in ("html", "body", "head"):
            rule = _first_rule(el, tag, rules, tags, vocab, text_of, memo)
            if rule is not None:
                chosen.append((el, rule))
                walk.skip_subtree()
    return chosen


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
