"""debris looks line by line only at the first lines and the lines its pre-filter passes (a line's
first characters may start a pattern's match, or it holds a guard literal); that must give exactly
what checking every line with every rule gives (the reference below is the line loop the stage had
before any pre-filter)."""
from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dev_text_paths
from pipeline.document import Document
from pipeline.stages import debris as mod
from pipeline.stages.debris.rules import BIO_HEADINGS, CREDIT_LINE, LINE_RULES

_LINE = regex.compile(r"[^\n]*")


class Reference(mod.Debris):
    """Every non-blank line through every rule, in order."""

    def _lines(self, text, add, authors):
        lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
        nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
        for idx, (s, e) in enumerate(nonblank):
            line = text[s:e].strip()
            span_end = e + 1 if text[e:e + 1] == "\n" else e
            for rule, pattern in self._line_rules:
                if pattern.fullmatch(line):
                    add(s, span_end, "", rule)
                    break
            else:
                if "debris.author_bio" in self.rules and self._bio.fullmatch(line) and idx + 1 < len(nonblank):
                    bs, be = nonblank[idx + 1]
                    name = regex.match(rf"(?P<n>{mod._NAME})[ ,]", text[bs:be])
                    if name and add(s, be + (1 if text[be:be + 1] == "\n" else 0), "", "debris.author_bio"):
                        authors.append(("debris.author_bio", name.group("n")))
                elif idx < 3 and "debris.byline" in self.rules and mod._BYLINE_LINE.fullmatch(line):
                    if add(s, span_end, "", "debris.byline"):
                        authors.insert(0, ("debris.byline", mod._BYLINE_LINE.fullmatch(line).group("name")))
                elif ("debris.credit_line" in self.rules and len(line.split()) <= 15
                      and self._credit_line.fullmatch(line)):
                    add(s, span_end, "", "debris.credit_line")


def _same(text, rules=mod.Debris.ALL_RULES):
    doc = Document(doc_id="d", source="s", content_type="text", text=text)
    fast, ref = mod.Debris(rules=rules)(doc), Reference(rules=rules)(doc)
    assert fast.text == ref.text
    assert fast.edits == ref.edits
    assert fast.meta == ref.meta and fast.meta_edits == ref.meta_edits
    return ref


def test_line_patterns_have_no_anchor_or_lookaround():
    """The pre-filter asks whether a line's first characters may start a match: what follows
    them cannot change the answer only for patterns that never look beyond what they consume."""
    patterns = [p for group in LINE_RULES.values() for p in group] + list(BIO_HEADINGS) + list(CREDIT_LINE)
    for p in patterns:
        # ("[^" opens a negated class, which consumes a character like any class: not an anchor)
        assert not re.search(r"\(\?[=!<>]|\\[bBAZGz]|\$|(?<!\[)\^|\*\+|\+\+|\?\+|\}\+", p), p


def test_guards_are_literals_every_match_holds():
    from re import _constants as C
    from re import _parser as P

    for pattern, literal in mod._GUARDS.items():
        assert len(literal) == 1
        # a top-level literal: no alternative or repeat can skip it
        assert (C.LITERAL, ord(literal)) in list(P.parse(pattern, re.IGNORECASE)), pattern


_PIECES = ["Leave a Reply", "leave a comment to ", "Post Comment", "Cancel reply", "Name", "Email", " *", "*",
           "3 comments", "12 replies", "Comments are closed.", "Back to top", "Loading...", "loading",
           "Search for:", "Share", "share this post", ":", "Share on Facebook", "Facebook", "Twitter",
           "WhatsApp", " | ", "Like this:", "Advertisement", "Continue reading", "Anzeige", "Publicité",
           "About the author", "Über den Autor", "Об авторе", "John Smith", "Jane Doe", ", ", " is a writer.",
           "By ", "by ", "von ", " and ", "Photo: ", "Image by ", "(Photo courtesy of ", ")", "AFP", "Getty Images",
           " / ", "/", "Reuters", " via ", "Sputnik", "© ", "The council voted on Tuesday", ".", "the", "a",
           " ", "  ", "\t", "\n", "\n", "\n\n", "\u00a0", "\u2003", "\u2028", "\x1c", "\x85", "\u3000", "\r",
           "x" * 70, "word " * 9, "\nBy John Smith\n", "\nAbout the author\n\nJohn Smith is"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_scan_finds_what_every_line_finds_on_random_text(text):
    _same(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
       st.lists(st.sampled_from(mod.Debris.ALL_RULES), unique=True))
def test_scan_follows_the_enabled_rules(text, rules):
    _same(text, rules)


def test_byline_on_the_third_line_and_bio_before_blank_lines():
    ref = _same("Headline\n\nStandfirst here\n  By John Smith and Jane Doe \nBody text.")
    assert [e.rule for e in ref.edits] == ["debris.byline"] and ref.meta["author"]
    assert _same("A\nB\nC\nBy John Smith\nBody.").edits == ()
    ref = _same("Body.\nAbout the author\n\n \nJohn Smith, a writer.\nEnd")
    assert [e.rule for e in ref.edits] == ["debris.author_bio"]
    assert _same("Body.\nAbout the author\n \n").edits == ()


def test_scan_finds_what_every_line_finds_on_dev_text():
    paths = dev_text_paths("page", "merged")
    edits = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        edits += len(_same(text).edits)
        edits += len(_same(text.replace("\n", "\n  \t")).edits)  # lines with blanks to trim
    assert edits > 100  # the rules fire on the dev pages: the comparison is not vacuous


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=30))
def test_spans_refuse_exactly_what_a_check_against_every_span_refuses(spans):
    fast, taken = mod._Spans(), []
    for start, length in spans:
        end = start + length
        expected = not any(s < end and start < e for s, e in taken)
        if expected:
            taken.append((start, end))
        assert fast.claim(start, end) == expected


def test_many_debris_lines_stay_linear():
    import time

    text = "share\n" * 20000
    t0 = time.process_time()
    out = mod.Debris()(Document(doc_id="d", source="s", content_type="text", text=text))
    assert len(out.edits) == 20000 and out.text == ""
    assert time.process_time() - t0 < 5  # the span-against-every-span check took 15 s here
