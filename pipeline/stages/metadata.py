"""metadata: title from a headline line, and canonical forms of title, author, date, URL and domain."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..document import Document
from ..edits import Proposal, apply, set_meta
from .base import Stage
from .fields.authors import people, site_words
from .fields.dates import parse_date
from .fields.titles import strip_site

# A headline: the first line, short, not ending like a sentence or a clause. Scraped text puts the
# page's <title> or <h1> there; the seeds and the page-text bench both start that way.
# Blank lines before it do not matter (scrapers often start a file with one).
_BLANK_LINES = re.compile(r"(?:[ \t]*+\r?\n)*+[ \t]*+")
_SENTENCE_END = re.compile(r"[.,;:]$|[.!?][\"'”’)]$")
# A first line of a text input that reads as a sentence, or as a label, rather than a headline:
# two sentences in it, a last "?", "!" or "…", every cased letter upper-case ("GIRLS BASKETBALL",
# a section label), or two "Label: value" pairs ("Tested by: NAME RRP: PRICE"). Such a line is
# the title only when the page echoes it or its part between site separators (the <h1> repeats
# the <title>), or it is in Title Case ("Is Dialogue With Moscow Futile?"). On the reference
# article bodies given as input (bench/dev gold) the line-shape test alone took 7 of 54 first
# paragraphs for titles; on the page text of 511 dev and snippet pages (whose first line is the
# <title>) this keeps 503 titles (the 8 others stay in the body, as the page printed them).
_TWO_SENTENCES = re.compile(r"[^\W\d_]{2}[.!?…][\"'”’»)]?\s+[\"“‘«(]?([^\W\d_])")
_LABELS = re.compile(r"\w:\s")
# (a one-character look-around each side, not "\s+-\s+": searched along a run of spaces, that
# form retries the run from each of its characters)
_SITE_SEPARATOR = re.compile(r"(?<=\s)[-–—:](?=\s)|[|»·]")
# Segments shorter than this are no evidence of an echo: a site name or one word recurs anywhere.
_MIN_ECHO_CHARS = 12
# Title Case: at least this share of the words of four or more letters start upper-case.
_TITLE_CASE_SHARE = 0.8
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|igshid|_ga|ref_src)$", re.IGNORECASE)


def parse_published(value: str) -> str | None:
    """An ISO-8601 UTC timestamp string from the common date forms, or None
    (``fields.dates.parse_date`` without the precision)."""
    parsed = parse_date(value)
    return parsed[0] if parsed else None


def canonical_url(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def domain_of(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def first_line(text: str) -> tuple[str, int] | None:
    """The first line that is not blank, without the spaces and tabs around it (and the "\\r" of
    a "\\r\\n"), and where the line break after it ends; None when every line is blank.

    Found without a regex that tries each end of the line in turn: ``([^\\n]+?)[ \\t]*\\r?\\n``
    (the form this replaced) rescans the blanks after every character it adds, so a first line
    holding a long run of spaces took time quadratic in the run (40,000 spaces: 41 s).
    tests/test_metadata_first_line.py compares the two."""
    start = _BLANK_LINES.match(text).end()
    nl = text.find("\n", start)
    line = text[start:] if nl < 0 else text[start:nl].removesuffix("\r")
    line = line.rstrip(" \t")
    return (line, len(text) if nl < 0 else nl + 1) if line.strip() else None


def _headline(line: str, words: list[str], rest: str) -> bool:
    """Whether a short first line ending unlike a clause is a headline, not the first paragraph
    (``rest``: the text after it); see _TWO_SENTENCES."""
    cased = [c for c in line if c.isupper() or c.islower()]
    shouting = len(cased) >= 4 and not any(map(str.islower, cased))
    two = any(m.group(1).isupper() for m in _TWO_SENTENCES.finditer(line))
    if not (two or line.rstrip()[-1:] in "?!…" or shouting
            or len(_LABELS.findall(line)) >= 2):
        return True
    if _SITE_SEPARATOR.search(line):
        return True
    segments = [s.strip() for s in _SITE_SEPARATOR.split(line)]
    if any(len(s) >= _MIN_ECHO_CHARS and s in rest for s in segments):
        return True
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return not shouting and bool(long_words) and \
        sum(w[0].isupper() for w in long_words) >= _TITLE_CASE_SHARE * len(long_words)


def canonical_author(value: str, not_people: tuple[str, ...] = ()) -> str:
    """The people ``value`` names, joined by "; " (``fields.authors.people``)."""
    return "; ".join(people(value, not_people))


class Metadata(Stage):
    """Title from the first line of text inputs (and the headline line off HTML bodies); canonical
    url and domain; the site's name off the title (metadata.title_site_part), people's names in
    author (metadata.author_names, ``fields/authors.py``), published as UTC with its precision
    (metadata.date_format, ``fields/dates.py``).

    Args:
        title_from_first_line: take a short first line as the title and remove it from the body
            (text inputs: scrapers put the page title or headline there). For HTML, trafilatura
            keeps the <h1> as the first line: it leaves the body when it equals the page's title
            (the body has no title; html F1 on the dev bench 0.9659 -> 0.9684).
        max_title_words: a first line longer than this is a paragraph, not a title.
    """

    name = "metadata"
    writes = ("title", "author", "published", "published_precision", "url", "domain")

    def __init__(self, *, title_from_first_line: bool = True, max_title_words: int = 30):
        self.title_from_first_line = title_from_first_line
        self.max_title_words = max_title_words

    def __call__(self, doc: Document) -> Document:
        values = {}
        if doc.meta.get("url"):
            url = canonical_url(str(doc.meta["url"]))
            values["url"] = url
            values["domain"] = domain_of(url) if url else None
        doc = set_meta(doc, self.name, "metadata.canonical", **values) if values else doc
        sites = site_words(doc.meta.get("sitename"), doc.meta.get("domain"))
        if doc.meta.get("title") and sites:
            # before the first-line rule, which compares the body's first line with the headline
            doc = set_meta(doc, self.name, "metadata.title_site_part",
                           title=strip_site(str(doc.meta["title"]), sites))
        # HTML only with a known title: the extracted first line is removed when it is that title
        if self.title_from_first_line and (doc.content_type == "text" or doc.meta.get("title")):
            doc = self._title(doc)
        if doc.meta.get("author"):
            doc = set_meta(doc, self.name, "metadata.author_names",
                           author=canonical_author(str(doc.meta["author"]), sites) or None)
        if doc.meta.get("published"):
            parsed = parse_date(str(doc.meta["published"]))
            dated = {"published": parsed[0] if parsed else None}
            if not doc.meta.get("published_precision") or not parsed:
                dated["published_precision"] = parsed[1] if parsed else None
            doc = set_meta(doc, self.name, "metadata.date_format", **dated)
        return doc

    def _title(self, doc: Document) -> Document:
        found = first_line(doc.text)
        if not found:
            return doc
        line, end = found
        words = line.split()
        if len(words) > self.max_title_words or _SENTENCE_END.search(line.rstrip()):
            return doc
        if end >= len(doc.text.rstrip()):
            return doc  # a one-line document is its own body, not a title
        if doc.meta.get("title") and doc.meta["title"].strip() != line:
            return doc
        if not doc.meta.get("title") and not _headline(line, words, doc.text[end:]):
            return doc  # the first paragraph, not a title
        doc = apply(doc, self.name, [Proposal(0, end, "", "metadata.title_line")])
        return set_meta(doc, self.name, "metadata.title_line", title=line)
