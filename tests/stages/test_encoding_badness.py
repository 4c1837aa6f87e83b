"""encoding.looks_bad must answer exactly as ftfy's is_bad: it only searches ftfy's own pattern
near the characters a match needs, which is sound if (a) every alternative of the pattern must
match a character outside _BAD_SAFE, (b) no match is longer than _BAD_WIDTH, and (c) the pattern
has no look-around or anchor a window could change (only "^", which searching from pos > 0 never
matches)."""
from __future__ import annotations

import glob
import os
import re
from re import _constants as C
from re import _parser as P

from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages import encoding as mod
from conftest import ROOT

_SAFE = re.compile(f"[{mod._BAD_SAFE}]")


def _chars(item) -> set[str] | None:
    """The characters one top-level item matches, if it is a plain literal or positive class."""
    op, av = item
    if op is C.LITERAL:
        return {chr(av)}
    if op is not C.IN:
        return None
    out: set[str] = set()
    for o, a in av:
        if o is C.LITERAL:
            out.add(chr(a))
        elif o is C.RANGE:
            out.update(chr(c) for c in range(a[0], a[1] + 1))
        else:  # NEGATE or a category (\s, \w): too wide to count on
            return None
    return out


def _walk(items):
    for op, av in items:
        yield op, av
        if op is C.SUBPATTERN:
            yield from _walk(av[-1])
        elif op is C.BRANCH:
            for b in av[1]:
                yield from _walk(b)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            yield from _walk(av[2])


def test_every_alternative_needs_a_character_outside_the_safe_set():
    tree = P.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert len(tree.data) == 1 and tree.data[0][0] is C.BRANCH
    branches = tree.data[0][1][1]
    assert len(branches) > 30
    for branch in branches:
        needed = [chars for chars in map(_chars, branch.data)
                  if chars and not any(_SAFE.match(c) for c in chars)]
        assert needed, f"alternative {branch.data} can match only safe characters"


def test_matches_are_short_and_have_no_lookaround():
    tree = P.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= mod._BAD_WIDTH
    assert not BADNESS_RE.flags & (re.MULTILINE | re.IGNORECASE)
    for op, av in _walk(tree.data):
        assert op not in (C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS)
        if op is C.AT:
            assert av is C.AT_BEGINNING


_ALPHABET = ["a", "Z", " ", ".", "5", "é", "Ã", "Â", "©", "â€", "™", "’", "“", "”", "—", "…", "\xa0", "°", "£",
             "€", "×", "²", "Ø", "Ù", "Ð", "Î", "œ", "Œ", "в", "Ђ", "В", "Г", "Р", "С", "β", "Β", "Ο", "ā", "√",
             "≈", "‚", "Ä", "ó", "╔", "█", "\x80", "\x9d", "¡", "¿", "«", "»", "¬", "¦", "ƒ", "\ufffd", "а", "ж",
             "日", "한", "ا", "ГўВЂВ", "Гў"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join))
def test_looks_bad_is_is_bad_on_random_text(line):
    assert mod.looks_bad(line, BADNESS_RE.search) == is_bad(line)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_looks_bad_is_is_bad_on_any_text(line):
    assert mod.looks_bad(line, BADNESS_RE.search) == is_bad(line)


def test_looks_bad_is_is_bad_on_known_mojibake():
    for line in ["cafÃ© line", "Ã ", "x Â ", "donâ€™t", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "вЂ”", "ГўВЂВњa", "ÃƒÂ©", "Ø§Ù„",
                 "a ‚Äôb", "\x80", "plain", "naïve “quoted” — 5 €"]:
        assert mod.looks_bad(line, BADNESS_RE.search) == is_bad(line), line


def test_looks_bad_is_is_bad_on_dev_lines():
    root = os.path.join(ROOT.parent, "shared", "bench", "dev")
    paths = sorted(glob.glob(os.path.join(root, "page", "*")) + glob.glob(os.path.join(root, "merged", "*")))
    assert paths, "the shared dev pages should be beside the checkout"
    seen = 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                assert mod.looks_bad(line, BADNESS_RE.search) == is_bad(line), line
                # the same line with mojibake spliced in the middle and at the start
                for moji in ("Ã©", "â€™", "Ã "):
                    mid = len(line) // 2
                    spliced = line[:mid] + moji + line[mid:]
                    assert mod.looks_bad(spliced, BADNESS_RE.search) == is_bad(spliced), spliced
                    assert mod.looks_bad(moji + line, BADNESS_RE.search) == is_bad(moji + line)
                seen += 1
    assert seen > 1000
