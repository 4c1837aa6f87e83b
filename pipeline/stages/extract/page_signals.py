"""What a page says about itself, read as the page wrote it: the candidates the metadata choice
picks from (``fields``) before any normalisation.

Sources (each a list, page order): JSON-LD (``headline``, ``author.name``, ``datePublished``,
``dateModified``, ``publisher.name``), ``<meta>`` (``author``, ``og:title``, ``twitter:title``,
``og:site_name``, ``article:published_time``, ``og:locale``, ``Content-Language``),
``rel=author`` links, byline elements (``itemprop=author``, class names holding "byline"),
``<h1>``, ``<title>``, ``<time datetime>`` and ``<html lang>``.
"""
from __future__ import annotations

import json
import re

_WS = re.compile(r"\s+")
# JSON-LD types that describe the page's own article (not a site, a breadcrumb or an organisation)
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Posting|Report|WebPage|Review|Recipe|HowTo)$")
_BYLINE_CLASS = ("byline", "author-name", "authorname", "article-author", "post-author", "entry-author")
_MAX_NAME_CHARS = 120  # a byline element longer than this is a bio, not a name
# XHTML-era pages wrap their JSON-LD in a CDATA section (often behind "//" so old parsers skip it)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _text(value) -> str:
    return _WS.sub(" ", value or "").strip()


def _elem_text(elem) -> str:
    return _text(elem.text_content())


def _walk(node, out: list[dict]) -> None:
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            if isinstance(value, (dict, list)):
                _walk(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk(value, out)


def _names(value, people: bool = False) -> list[str]:
    """``author`` / ``publisher`` values of JSON-LD as names: a string, a {"name"} object, a list.
    ``people``: leave out objects typed as an organisation (sites list their publisher among the
    authors: "Condé Nast; Louise Matsakis")."""
    if isinstance(value, str):
        return [_text(value)] if value.strip() and not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        if people and any("Organization" in t for t in _types(value)):
            return []
        name = value.get("name")
        return _names(name) if isinstance(name, (str, list)) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v, people)]
    return []


def _types(node: dict) -> list[str]:
    t = node.get("@type")
    return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _json_ld(tree) -> list[dict]:
    nodes: list[dict] = []
    for elem in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            _walk(json.loads(_CDATA.sub("", elem.text or ""), strict=False), nodes)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; trafilatura's own reader already tried to repair it
    # the article's own node first, then the others in page order
    return sorted(nodes, key=lambda n: not any(_ARTICLE_TYPE.search(t) for t in _types(n)))


def page_signals(tree) -> dict[str, list[str]]:
    """Every candidate value the page holds, by source name (lists in page order, empty ones kept
    out)."""
    s: dict[str, list[str]] = {}

    def add(key, value):
        value = _text(value) if isinstance(value, str) else ""
        if value and value not in s.setdefault(key, []):
            s[key].append(value)

    for node in _json_ld(tree):
        article = any(_ARTICLE_TYPE.search(t) for t in _types(node))
        if article and isinstance(node.get("headline"), str):
            add("ld_headline", node["headline"])
        if article:
            for name in _names(node.get("author"), people=True):
                add("ld_author", name)
            for name in _names(node.get("publisher")):
                add("ld_publisher", name)
        for key, ours in (("datePublished", "ld_published"), ("dateModified", "ld_modified")):
            if article and isinstance(node.get(key), str):
                add(ours, node[key])
    head = tree.find(".//head")
    for meta in (head.iterfind(".//meta") if head is not None else ()):
        content = meta.get("content") or ""
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        equiv = (meta.get("http-equiv") or "").lower()
        if equiv == "content-language":
            add("content_language", content)
        elif key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            if not content.startswith(("http://", "https://")):
                add("meta_author", content)
        elif key in ("og:title", "twitter:title"):
            add(key.replace(":", "_"), content)
        elif key in ("og:site_name", "application-name"):
            add("site_name", content)
        elif key in ("article:published_time", "og:published_time", "datepublished", "dc.date.issued",
                     "date", "pubdate", "publishdate"):
            add("meta_published", content)
        elif key in ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                     "last-modified"):
            add("meta_modified", content)
        elif key == "og:locale":
            add("og_locale", content)
        elif key in ("article:publisher", "publisher") and not content.startswith(("http://", "https://")):
            add("meta_publisher", content)
    for elem in tree.iterfind(".//a[@rel]"):
        if "author" in (elem.get("rel") or "").lower().split():
            add("rel_author", _elem_text(elem))
    # one predicate, not the union of two paths: the same elements in the same (document) order,
    # without lxml sorting and merging two node-sets
    for elem in tree.xpath('.//*[@itemprop="author" or contains(@class, "byline") or contains(@class, '
                           '"author")]'):
        if elem.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        cls = (elem.get("class") or "").lower()
        if elem.get("itemprop") == "author" or any(c in cls for c in _BYLINE_CLASS):
            name = elem.find('.//*[@itemprop="name"]')
            text = _elem_text(name if name is not None else elem)
            if len(text) <= _MAX_NAME_CHARS:
                add("byline", text)
    for elem in tree.iterfind(".//h1"):
        add("h1", _elem_text(elem))
    title = tree.find(".//head/title") if head is not None else None
    if title is None:
        title = tree.find(".//title")
    if title is not None:
        add("title_tag", _elem_text(title))
    for elem in tree.xpath('.//time[@datetime][@pubdate or @itemprop="datePublished"]'):
        add("time_published", elem.get("datetime"))
    root = tree.getroottree().getroot()
    add("html_lang", root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        or root.get("xml:lang") or "")
    return s
