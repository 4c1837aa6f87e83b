"""The page metadata the extract stage keeps, read with trafilatura's own metadata functions.

``trafilatura.metadata.extract_metadata`` also reads categories, tags, the licence and the
host name, which the pipeline does not keep: on the dev pages those took 2.5-3 ms of its 5 ms per
page (``extract_catstags`` walks the whole tree twice, ``extract_license`` once). This runs the
same steps in the same order for the fields the pipeline keeps (title, author, date, url,
sitename, description) and nothing else; tests/test_html_meta.py checks that every kept field
equals ``extract_metadata``'s on the dev pages and seeds. Tied to the pinned trafilatura version.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)


def page_metadata(tree, default_url: str | None, date_params: dict):
    """A ``trafilatura.settings.Document`` with title, author, date, url, sitename and
    description filled as ``extract_metadata(tree, default_url, date_params)`` fills them."""
    from htmldate import find_date
    from trafilatura.metadata import (META_URL, examine_meta, extract_meta_json, extract_sitename,
                                      extract_title, extract_url)

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # as extract_metadata does: bugs in trafilatura's JSON-LD reader
        log.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = page_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    metadata.date = find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.filedate = date_params.get("max_date")
    metadata.clean_and_trim()
    return metadata


def page_author(tree) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``, computed in one walk over the page.

    extract_author prunes comment boxes, sidebars, dates, figures... (``AUTHOR_DISCARD_XPATHS``)
    from a deep copy of the page, then takes the first element of ``AUTHOR_XPATHS`` whose text is
    3-119 characters. Its XPaths test class and id values with EXSLT regular expressions, a Python
    call per element and attribute: 16 ms a page on the dev pages, for half of which the stage
    needs it. Here each XPath's predicate is evaluated in Python on one walk (``_author_paths``),
    the pruned elements are skipped instead of deleted (candidates inside one passed over), and a
    candidate's text is read as it would be after the deletion (``_pruned_text``).
    tests/stages/test_html_meta.py checks it equals extract_author on the dev pages."""
    from trafilatura.metadata import normalize_authors
    from trafilatura.utils import trim

    pruned, candidates = _author_paths(tree)
    for found in candidates:
        for elem in found:
            if elem in pruned or any(a in pruned for a in elem.iterancestors()):
                continue
            pieces: list[str] = []
            _pruned_text(elem, pruned, pieces)
            content = trim(" ".join(pieces))
            if content and 2 < len(content) < 120:
                return normalize_authors(None, content)
    return None


# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS and AUTHOR_XPATHS (2.3.1) as Python predicates
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
                            r"article-(?:share|support)|print|category|meta-date|meta-reviewer")
_AUTHOR_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_AUTHOR_CLASS_1 = re.compile(r"author-?name|AuthorName|authorName")
_AUTHOR_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_AUTHOR_ID_2 = re.compile(r"author|zuozhe|bianji|xiaobian")
_AUTHOR_CLASS_2 = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_AUTHOR_ID_3 = re.compile(r"[Aa]uthor")
_AUTHOR_CLASS_3 = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


def _author_paths(tree) -> tuple[set, tuple[list, list, list]]:
    """The elements the discard XPaths match (a set) and those each author XPath matches (in
    document order), from one walk. Only ``rel='me'`` (a child element <rel> whose text is "me")
    looks beyond the element's own tag and attributes: those parents are found first."""
    rel_me = {r.getparent() for r in tree.iter("rel") if "".join(r.itertext()) == "me"}
    pruned: set = set()
    first: list = []
    second: list = []
    third: list = []
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in ("time", "figure"):
            pruned.add(el)
        if not el.attrib:
            if tag == "author" or (el in rel_me and tag in _AUTHOR_TAGS_1):
                first.append(el)
            continue
        get = el.get
        cls, ident, itemprop, component = get("class") or "", get("id") or "", get("itemprop") or "", \
            get("data-component") or ""
        if (tag in _DISCARD_TAGS and el is not tree
                and (ident == "comments" or cls in ("comments", "title", "date") or _DISCARD_ID.search(ident)
                     or _DISCARD_CLASS.search(cls) or "Figure" in component)):
            pruned.add(el)
        if tag == "author" or (tag in _AUTHOR_TAGS_1 and (
                get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
                or el in rel_me or get("data-testid") in ("AuthorCard", "AuthorURL")
                or _AUTHOR_CLASS_1.search(cls))):
            first.append(el)
        if tag in _AUTHOR_TAGS_2 and (cls in ("byline", "username", "byl", "BBL") or "author" in itemprop
                                      or _AUTHOR_ID_2.search(ident) or _AUTHOR_CLASS_2.search(cls)):
            second.append(el)
        if ("Byline" in component or "author" in itemprop or _AUTHOR_ID_3.search(ident)
                or _AUTHOR_CLASS_3.search(cls)):
            third.append(el)
    return pruned, (first, second, third)


def _pruned_text(el, pruned: set, out: list[str]) -> None:
    """The pieces ``el.itertext()`` gives once the ``pruned`` elements are deleted with
    ``delete_element`` (their subtrees gone, their tails joined to the previous sibling's tail or
    the parent's text)."""
    stack = [_pieces(el, pruned)]
    while stack:  # a stack of generators: pages nest deeper than Python's recursion limit
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, str):
            out.append(item)
        else:
            stack.append(_pieces(item, pruned))


def _pieces(node, pruned: set):
    """``node``'s text, then each kept child (to descend into) and the child's tail; a pruned
    child's tail joined to the piece before it."""
    current = node.text if isinstance(node.tag, str) else None  # a comment's text is no text
    for child in node:
        if child in pruned:
            if child.tail:
                current = (current or "") + child.tail
            continue
        if current is not None:
            yield current
        yield child
        current = child.tail
    if current is not None:
        yield current


# Headline sources in order of trust: og:title is the publisher's headline for sharing (and the one
# trafilatura reads first), JSON-LD headline the article's; <h1> is last because templates also
# put the site's logo or a section's name in one.
_HEADLINE_SOURCES = ("og_title", "ld_headline", "twitter_title", "h1")
# Author sources in order of trust, each a rule of its own: structured data first, then the
# page's markup; trafilatura's own choice (which merges several of these) sits before the
# byline elements, which also hold related articles' authors.
_AUTHOR_SOURCES = ("ld_author", "meta_author", None, "rel_author", "byline")


def _title_choice(current: str | None, s: dict[str, list[str]], sites: tuple[str, ...]):
    from ..fields.titles import headline, is_site, key, strip_site, words

    tag = (s.get("title_tag") or [None])[0]
    candidates = [(name, strip_site(text, sites)) for name in _HEADLINE_SOURCES for text in s.get(name, ())]
    if current and len({name for name, text in candidates if key(text) == key(strip_site(current, sites))}) >= 2:
        # two sources agree on it (og:title and <h1>...): the display headline, even when <title> and
        # JSON-LD carry a search-engine one or another article's
        return None
    found = headline(candidates, tag)
    if found:
        return ("extract.title_headline", found[1]) if found[1] != current else None
    # no headline source is in <title>: trafilatura's title, when it is one of them, is a logo or
    # a section heading ("Allergies Health Center" above "Babies Who Eat Peanuts...")
    # ... unless <title> says less: only the site's name, or fewer words ("Home", "My Blog")
    bare = strip_site(tag, sites) if tag else ""
    if (bare and current and any(current == text for _name, text in candidates) and not is_site(bare, sites)
            and len(words(bare)) >= len(words(current))):
        return "extract.title_tag", bare
    return None


def _author_choice(current: str | None, s: dict[str, list[str]], sites: tuple[str, ...]):
    from ..fields.authors import people

    for source in _AUTHOR_SOURCES:
        if source is None:
            values = [current] if current else []
        elif source == "rel_author" and len(s.get(source, ())) > 1:
            continue  # several rel=author links: the related articles' authors are among them
        else:
            values = s.get(source, [])[:1] if source == "byline" else s.get(source, [])
        names = [n for v in values for n in people(v, sites)]
        if names:
            rule = "extract.author_trafilatura" if source is None else f"extract.author_{source}"
            # the site's name left out here, where the publisher's is known; the rest of the
            # normalisation is the metadata stage's (metadata.author_names)
            kept = "; ".join(dict.fromkeys(names)) if names != [n for v in values for n in people(v)] else None
            return rule, "; ".join(values), kept
    return None


def page_choices(meta, signals: dict[str, list[str]], tree, date_params: dict) -> list[tuple[str, dict]]:
    """(rule, values) set_meta calls that turn trafilatura's metadata (``meta``) into the page's
    own: the headline rather than a section heading, the author from the most trusted source that
    names a person (the site's or publisher's name is not one), how precise the date is, and the
    declared language."""
    from ..fields.authors import site_words
    from ..fields.dates import found_precision
    from ..fields.languages import declared_tag

    sites = site_words(meta.sitename, *signals.get("site_name", ()), *signals.get("ld_publisher", ()),
                       *signals.get("meta_publisher", ()), _host(meta.url))
    out: list[tuple[str, dict]] = []
    if title := _title_choice(meta.title, signals, sites):
        out.append((title[0], {"title": title[1]}))
    if author := _author_choice(meta.author, signals, sites):
        rule, raw, kept = author
        if raw != meta.author:
            out.append((rule, {"author": raw}))
        if kept:
            out.append(("extract.author_not_site", {"author": kept}))
    elif meta.author:
        out.append(("extract.author_not_site", {"author": None}))
    if meta.date and (published := _published_not_modified(meta.date, signals)):
        out.append(("extract.date_published_not_modified", {"published": published}))
        out.append(("extract.date_precision", {"published_precision": "day"}))
    elif meta.date:
        fast = None
        if meta.date.endswith("-01"):
            from htmldate import find_date

            fast = find_date(tree, **{**date_params, "extensive_search": False, "url": meta.url})
        exact = [*signals.get("ld_published", ()), *signals.get("meta_published", ()),
                 *signals.get("time_published", ())]
        out.append(("extract.date_precision", {"published_precision": found_precision(meta.date, exact, fast)}))
    for source in ("html_lang", "og_locale", "content_language"):
        tag = next((t for t in map(declared_tag, signals.get(source, ())) if t), None)
        if tag:
            out.append((f"extract.declared_{source}", {"language_declared": tag}))
            break
    return out


def _published_not_modified(date: str, s: dict[str, list[str]]) -> str | None:
    """The page's published day when the date found is its modified ("updated") day instead:
    a page updated after publication shows the update date more prominently, and htmldate takes
    it when the published one is only in structured data."""
    from ..fields.dates import parse_date

    def days(keys):
        return {p[0][:10] for k in keys for v in s.get(k, ()) if (p := parse_date(v)) and p[1] == "day"}

    modified, published = days(("ld_modified", "meta_modified")), days(("ld_published", "meta_published"))
    if date[:10] not in modified or date[:10] in published or len(published) != 1:
        return None
    (day,) = published
    return day if day < date[:10] else None


def _host(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None
