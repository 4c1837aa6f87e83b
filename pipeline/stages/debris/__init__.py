"""debris: scraping debris glued into or around the article, removed as audited edits.

Concepts (vocabularies in rules.py): photo credits and the captions after them, a lead
image caption and byline glued to the first sentence, comment forms, theme widgets, share bars,
inserts, and author bios. Bylines and bio names become ``author``.
"""
from __future__ import annotations

import re
from bisect import bisect_left

import regex

from ...document import Document
from ...edits import Proposal, apply, set_meta
from ..base import Stage
from .rules import BIO_HEADINGS, COPYRIGHT_AFTER_NAME, CREDIT_LINE, LINE_RULES
from ..metadata import canonical_author

# A person's name: 2-4 capitalised words or initials ("John M. Curtis", "Finian Cunningham").
_NAME = r"\p{Lu}[\p{Ll}'’-]+(?:[ ](?:\p{Lu}\.|\p{Lu}[\p{Ll}'’-]+)){1,3}"

# "© AGENCY [YEAR] / " opens a credit as image sliders print it (Sputnik-style "© AFP 2022 / NAME").
_CREDIT_HEAD = regex.compile(r"©[ \u00a0]?\p{Lu}[\p{L}&.'-]*(?:[ ]\p{Lu}[\p{L}&.'-]*){0,3}"
                             r"(?:[ ](?:19|20)\d\d)?[ ]?/[ ]?")
# The photographer's name after the slash: capitalised or upper-case words, cut where the next
# block was glued on without a space ("KalninsNATO", "BASAYEVRussian").
_CREDIT_NAME = regex.compile(r"(?:\p{Lu}[\p{Ll}'’-]*(?=\p{Lu}\p{Ll}|[ \n]|$)|\p{Lu}+(?=\p{Lu}\p{Ll}|[ \n]|$))"
                             r"(?:[ ](?:\p{Lu}[\p{Ll}'’-]*(?=\p{Lu}\p{Ll}|[ \n]|$)|\p{Lu}+(?=\p{Lu}\p{Ll}|[ \n]|$))){0,3}")

# Lead image caption + byline glued to the first sentence: "Russian and NATO flagsFinian
# CunninghamJaw, jaw is better": the caption (no sentence punctuation) ends in a lower-case letter
# glued to the name, and the name is glued to the first word of the article.
_LEAD = regex.compile(rf"(?P<caption>[^\n.!?]{{3,150}}?\p{{Ll}})(?P<byline>{_NAME})(?=\p{{Lu}}\p{{Ll}})")
_BYLINE_LINE = regex.compile(rf"(?i:by|von|par|por|di|door)[ ](?P<name>{_NAME}(?:(?:,|[ ]and|[ ]&)[ ]{_NAME})*)",
                             regex.V1)
_BIO_NAME = regex.compile(rf"(?P<n>{_NAME})[ ,]")
# A literal every match of a line pattern holds, for patterns that do not start with one (they
# may start with any character): the pre-filter tries them only on lines holding it ("Name / AFP":
# "/").
_GUARDS = {CREDIT_LINE[2]: "/", COPYRIGHT_AFTER_NAME: "©"}
# The pre-filter keys a trimmed line by its first _KEY_CHARS characters: three tell "Sha(re)",
# "Adv(ertisement)" and "Pho(to:)" from "The", which no pattern starts with, and few enough
# distinct keys come up that each is asked of the patterns once per process, not once a line.
_KEY_CHARS = 3
# Keys the memo holds at most before it starts over (a bound over a long run of many scripts).
_KEY_MEMO = 100_000
# How many leading non-blank lines the byline rule looks at.
_BYLINE_LINES = 3

# A caption printed twice in a row (the <img alt> text, then the <figcaption>): at least 20
# characters so short repeated words ("ha ha") never qualify, at most 400 (captions are short).
_MIN_CAPTION, _MAX_CAPTION = 20, 400
# How far after the credit's slash the photographer's name may run before the caption starts.
_MAX_NAME_CHARS = 60


def _compile_lines(patterns):
    return regex.compile(r"(?:" + "|".join(patterns) + r")", regex.IGNORECASE)


class _Prefilter:
    """Which lines of a text may fullmatch one of the line patterns, by the trimmed line's key
    (its first _KEY_CHARS characters, or all of it if shorter): only the patterns that can start
    with the key are tried on the line, as one alternation (a line whose key starts none, most
    lines of prose, is not tried at all), and the patterns in _GUARDS only on lines holding
    their literal.

    Whether a pattern can start with a key is ``regex``'s partial match: ``fullmatch(key,
    partial=True)`` finds a (partial) match exactly when ``key`` is the start of some string the
    pattern fullmatches. The patterns have no look-around or anchor
    (tests/stages/test_debris_scan.py), so what follows the key cannot change the answer. The
    alternation fullmatches the line exactly when one of its patterns does (same flags as the
    rules' own), so every line a rule fullmatches passes, and no other."""

    def __init__(self, patterns: list[str]):
        self.free = tuple(p for p in patterns if p not in _GUARDS)
        self.guarded = tuple(p for p in patterns if p in _GUARDS)
        guards = sorted({_GUARDS[p] for p in self.guarded})
        # (one search in C per line; the literals are plain characters, stdlib re is enough)
        self.holds_guard = re.compile("|".join(map(re.escape, guards))).search if guards else None
        self.keys: dict[str, regex.Pattern | None] = {}    # key -> the alternation it selects
        self.unions: dict[tuple[int, ...], regex.Pattern] = {}  # pattern indices -> alternation
        self.each: list[regex.Pattern] | None = None
        self.any_free = _compile_lines(self.free) if self.free else None
        self.any_guarded = _compile_lines(self.guarded) if self.guarded else None

    def _select(self, key: str) -> regex.Pattern | None:
        if self.any_free is None or self.any_free.fullmatch(key, partial=True) is None:
            return None
        if self.each is None:
            self.each = [_compile_lines([p]) for p in self.free]
        chosen = tuple(i for i, p in enumerate(self.each) if p.fullmatch(key, partial=True) is not None)
        union = self.unions.get(chosen)
        if union is None:
            union = self.unions[chosen] = _compile_lines([self.free[i] for i in chosen])
        return union

    def starts(self, text: str) -> list[int]:
        """The offset of each line that passes, in text order."""
        keys = self.keys
        if len(keys) > _KEY_MEMO:
            keys.clear()
        holds_guard, guarded = self.holds_guard, self.any_guarded
        out, pos = [], 0
        for line in text.split("\n"):
            trimmed = line.strip()
            if trimmed:
                key = trimmed[:_KEY_CHARS]
                try:
                    union = keys[key]
                except KeyError:
                    union = keys[key] = self._select(key)
                if (union is not None and union.fullmatch(trimmed)) or (
                        holds_guard is not None and holds_guard(trimmed) and guarded.fullmatch(trimmed)):
                    out.append(pos)
            pos += len(line) + 1
        return out


def _doubled(text: str, start: int) -> tuple[int, int] | None:
    """Find a caption repeated back to back starting within _MAX_NAME_CHARS of ``start``.

    Returns (caption start, end of the second copy) or None.
    """
    limit = min(len(text), start + _MAX_NAME_CHARS)
    for p in range(start, limit):
        probe = text[p:p + _MIN_CAPTION]
        if len(probe) < _MIN_CAPTION or probe[0].isspace():
            continue
        q = text.find(probe, p + _MIN_CAPTION, p + _MAX_CAPTION + 1 + _MIN_CAPTION)
        while q >= 0:
            first = text[p:q]
            gap = 1 if first.endswith(" ") else 0
            body = first[:-1] if gap else first
            if text.startswith(body, q) and len(body) >= _MIN_CAPTION:
                return p, q + len(body)
            q = text.find(probe, q + 1, p + _MAX_CAPTION + 1 + _MIN_CAPTION)
    return None


class _Spans:
    """Claimed (start, end) spans; a span overlapping a claimed one is refused. Kept sorted, so a
    page with thousands of debris lines is not checked span against span (quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.empty: list[int] = []  # zero-length spans, checked one by one (none in practice)

    def claim(self, start: int, end: int) -> bool:
        # the claimed non-empty spans do not overlap, so sorted by start their ends are sorted
        # too: only the last one starting before ``end`` can reach past ``start``
        i = bisect_left(self.starts, end)
        if i and self.ends[i - 1] > start:
            return False
        if start < end and any(start < p < end for p in self.empty):
            return False
        if start == end:
            self.empty.append(start)
        else:
            self.starts.insert(i, start)
            self.ends.insert(i, end)
        return True


class Debris(Stage):
    """Remove scraping debris by concept; each removal is an edit named for its concept.

    Args:
        rules: which rule groups run (all by default); names as in the audit, e.g.
            "debris.photo_credit", "debris.comment_form".
    """

    name = "debris"
    writes = ("author",)
    ALL_RULES = ("debris.photo_credit", "debris.image_caption", "debris.lead_caption", "debris.byline",
                 "debris.author_bio", "debris.credit_line", *LINE_RULES)

    def __init__(self, *, rules: list[str] = ALL_RULES):
        unknown = sorted(set(rules) - set(self.ALL_RULES))
        if unknown:
            raise ValueError(f"unknown debris rules {unknown}; valid: {', '.join(self.ALL_RULES)}")
        self.rules = frozenset(rules)
        self._line_rules = [(name, _compile_lines(p)) for name, p in LINE_RULES.items() if name in self.rules]
        self._bio = _compile_lines(BIO_HEADINGS)
        self._credit_line = _compile_lines(CREDIT_LINE)
        scanned = [p for name, p in LINE_RULES.items() if name in self.rules]
        if "debris.author_bio" in self.rules:
            scanned.append(BIO_HEADINGS)
        if "debris.credit_line" in self.rules:
            scanned.append(CREDIT_LINE)
        self._scanned = tuple(x for group in scanned for x in group)

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        props: list[Proposal] = []
        authors: list[tuple[str, str]] = []  # (rule, name), most trusted first
        taken = _Spans()

        def add(start, end, rep, rule):
            if not taken.claim(start, end):
                return False
            props.append(Proposal(start, end, rep, rule))
            return True

        if "debris.lead_caption" in self.rules:
            self._lead(text, add, authors)
        if "debris.photo_credit" in self.rules:
            self._credits(text, add)
        self._lines(text, add, authors)
        doc = apply(doc, self.name, props)
        if authors and not doc.meta.get("author"):
            rule, name = authors[0]
            # metadata runs before debris, so the byline's "A and B" is joined the documented way here
            doc = set_meta(doc, self.name, rule, author=canonical_author(name))
        return doc

    def _lead(self, text, add, authors):
        start = len(text) - len(text.lstrip())
        m = _LEAD.match(text, start)
        if m:
            add(m.start("caption"), m.end("caption"), "", "debris.lead_caption")
            add(m.start("byline"), m.end("byline"), "", "debris.byline")
            authors.append(("debris.byline", m.group("byline")))

    def _credits(self, text, add):
        for m in _CREDIT_HEAD.finditer(text):
            doubled = _doubled(text, m.end())
            if doubled:
                cap_start, cap_end = doubled
                end = cap_end + (1 if text[cap_end:cap_end + 1] == " " else 0)
                if add(m.start(), cap_start, "", "debris.photo_credit") and "debris.image_caption" in self.rules:
                    add(cap_start, end, "\n\n" if end < len(text) and text[end] != "\n" else "",
                        "debris.image_caption")
                continue
            name = _CREDIT_NAME.match(text, m.end())
            end = name.end() if name else m.end()
            add(m.start(), end, "\n\n" if end < len(text) and text[end] not in " \n" else "",
                "debris.photo_credit")

    def _lines(self, text, add, authors):
        """Line rules, in text order. Only the first _BYLINE_LINES non-blank lines (the byline
        rule's) and the lines the pre-filter passes (_Prefilter) are looked at: no rule can match
        any other line."""
        starts, end = set(), -1
        while len(starts) < _BYLINE_LINES and (found := _next_nonblank(text, end)):
            starts.add(found[0])
            end = found[1]
        early = set(starts)
        if self._scanned:
            starts.update(self.resource("prefilter", lambda: _Prefilter(list(self._scanned))).starts(text))
        for s in sorted(starts):
            e = text.find("\n", s)
            e = len(text) if e < 0 else e
            line = text[s:e].strip()
            if line:
                self._line(text, s, e, line, s in early, add, authors)

    def _line(self, text, s, e, line, early, add, authors):
        span_end = e + 1 if text[e:e + 1] == "\n" else e
        for rule, pattern in self._line_rules:
            if pattern.fullmatch(line):
                add(s, span_end, "", rule)
                return
        following = _next_nonblank(text, e) if "debris.author_bio" in self.rules and \
            self._bio.fullmatch(line) else None
        if following:
            bs, be = following
            name = _BIO_NAME.match(text[bs:be])
            if name and add(s, be + (1 if text[be:be + 1] == "\n" else 0), "", "debris.author_bio"):
                authors.append(("debris.author_bio", name.group("n")))
        elif early and "debris.byline" in self.rules and _BYLINE_LINE.fullmatch(line):
            if add(s, span_end, "", "debris.byline"):
                authors.insert(0, ("debris.byline", _BYLINE_LINE.fullmatch(line).group("name")))
        elif ("debris.credit_line" in self.rules and len(line.split()) <= 15
              and self._credit_line.fullmatch(line)):
            add(s, span_end, "", "debris.credit_line")


def _next_nonblank(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the first non-blank line after the line ending at ``end`` (-1: from the
    text's start)."""
    pos = end + 1
    while pos <= len(text):
        e = text.find("\n", pos)
        e = len(text) if e < 0 else e
        if text[pos:e].strip():
            return pos, e
        pos = e + 1
    return None
