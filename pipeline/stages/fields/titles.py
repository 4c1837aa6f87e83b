"""The article's headline out of a page's title sources.

A page names its article several times: ``<title>`` (written for search results and tabs, so it
usually holds the headline plus the site's name: "Headline - Site", "Site | Headline",
"Site: Headline"), ``og:title`` and ``twitter:title`` (the headline for sharing), JSON-LD
``headline``, and ``<h1>`` elements (the headline, but on many templates also the site's logo or
a section heading: "V8", "Allergies Health Center"). A headline source is taken when its words are
in ``<title>``; a section heading shares none.
"""
from __future__ import annotations

import re
import unicodedata

# The separators between a headline and the site's name in <title> and og:title
# (the runs of spaces start only where a run starts, so a long run is not rescanned from each of
# its positions)
SEPARATOR = re.compile(r"(?<!\s)\s++(?:[-|·–—»:/]|::)\s++|(?<!\s)\s*+(?:\||·|»|::)\s*+")
_WORD = re.compile(r"\w+")
# Share of a headline source's words that must be in <title> for the two to name the same article.
# Set so that a reworded <title> ("Součkovu práci" for "Součka", 10 of 11 words) matches and a
# section heading (0 of 3) does not.
MIN_SHARED = 0.8
# A source this short (a logo's "V8", a site's "Blog") says too little to match on.
MIN_WORDS = 3


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def key(text: str) -> str:
    return " ".join(words(text))


def is_segment(source: str, title_tag: str) -> bool:
    """``title_tag`` is ``source``, or ``source`` plus a separator and more ("New Zealand" of
    "New Zealand - Wikipedia")."""
    parts = [p for p in SEPARATOR.split(title_tag) if p.strip()]
    mine = key(source)
    return bool(mine) and (mine == key(title_tag) or mine in (key(parts[0]), key(parts[-1])))


def matches(source: str, title_tag: str) -> bool:
    """``source`` (a headline candidate) names the same article as ``title_tag``."""
    ws, wt = words(source), set(words(title_tag))
    if not ws or not wt:
        return False
    if is_segment(source, title_tag):
        return True
    if len(ws) < min(MIN_WORDS, len(wt)):
        return False
    return sum(w in wt for w in ws) / len(ws) >= MIN_SHARED


def _coverage(source: str, title_tag: str) -> float:
    wt = set(words(title_tag))
    return len(wt & set(words(source))) / len(wt) if wt else 0.0


def is_site(part: str, site_names: tuple[str, ...]) -> bool:
    """``part`` (a segment of a title) is the site's name: equal to one of ``site_names`` or to
    the part before the tagline of one ("Aktuálně.cz" of "Aktuálně.cz - Víte, co se právě děje")."""
    mine = key(part)
    if not mine:
        return False
    for name in site_names:
        other = key(name)
        tagline = SEPARATOR.split(name)[0] if SEPARATOR.search(name) else None
        if other and (mine == other or mine.replace(" ", "") == other.replace(" ", "")
                      or (tagline and key(tagline) == mine)):
            return True
    return False


def strip_site(title: str, site_names: tuple[str, ...]) -> str:
    """``title`` without a leading or trailing segment that is the site's name ("Headline - Site",
    "Site | Headline", "Site: Headline"); unchanged when no segment is, or when nothing would be
    left."""
    # a site name equal to the whole title is the page's mistake (og:site_name set to the headline)
    site_names = tuple(n for n in site_names if key(n) != key(title))
    parts = SEPARATOR.split(title)
    if len(parts) < 2:
        head, sep, tail = title.partition(": ")  # "Site: Headline"
        if sep and is_site(head, site_names) and tail.strip():
            return tail.strip()
        return title
    spans = [m.span() for m in SEPARATOR.finditer(title)]
    if is_site(parts[-1], site_names) and title[:spans[-1][0]].strip():
        return title[:spans[-1][0]].strip()
    if is_site(parts[0], site_names) and title[spans[0][1]:].strip():
        return title[spans[0][1]:].strip()
    return title


def headline(sources: list[tuple[str, str]], title_tag: str | None) -> tuple[str, str] | None:
    """(source name, headline): of ``sources`` whose words are in ``title_tag``, the one that
    covers most of it (a logo's "V8" is a segment of "Outside the web · V8", the headline covers
    the rest); the first in ``sources``' order (of trust) among equals. None when none is."""
    if not title_tag:
        return None
    found = [(-_coverage(text, title_tag), i, name, text) for i, (name, text) in enumerate(sources)
             if matches(text, title_tag)]
    return min(found)[2:] if found else None
