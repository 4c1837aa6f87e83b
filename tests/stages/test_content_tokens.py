"""content: the shortcuts taken in splitting a text into blocks and tokens give what the plain
computation gives: blocks built as tuples equal Block(...) line by line, and block_tokens (\\w+ for
a text with no ideograph or kana, one search per line) equals _TOKEN's findall on each lowered
line, on every dev page of both text forms and on generated text around the script boundaries."""
from __future__ import annotations

import re

from hypothesis import example, given, settings, strategies as st

from pipeline.stages.content.features import _CJK, _TOKEN, Block, _may_hold_cjk, block_tokens, blocks
from conftest import dev_text_paths

# ---- the reference: the plain computation ----

_ANY_CJK = re.compile(f"[{_CJK}]")


def ref_blocks(text: str) -> list[Block]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Block(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def ref_tokens(blks) -> list[list[str]]:
    return [_TOKEN.findall(b.text.lower()) for b in blks]


def assert_same(text: str) -> None:
    blks = blocks(text)
    expected = ref_blocks(text)
    assert blks == expected
    assert all(type(b) is Block for b in blks)
    assert [(b.start, b.end, b.text) for b in blks] == [(b.start, b.end, b.text) for b in expected]
    assert block_tokens(blks) == ref_tokens(expected)
    if _ANY_CJK.search(text.lower()):
        assert _may_hold_cjk(text.lower())


# ---- the dev pages ----

def test_dev_pages_blocks_and_tokens_equal_the_plain_computation():
    paths = dev_text_paths("page", "merged")
    assert len(paths) >= 100
    for path in paths:
        assert_same(path.read_text(encoding="utf-8"))


# ---- generated text ----

# the edges of the ideograph and kana ranges, Hangul (inside the span U+3040-U+FAFF but not an
# ideograph), word characters that are not letters (digits, underscore, combining marks), case
# changes that change the length (İ), a final sigma, astral letters and a lone surrogate
EDGES = ["\u303f", "\u3040", "\u30ff", "\u3100", "\u33ff", "\u3400", "\u4dbf", "\u4dc0", "\u4e00", "\u9fff",
         "\ua000", "\uf8ff", "\uf900", "\ufaff", "\ufb00", "한", "東京", "ア", "の", "_", "9", "٣", "²",
         "e\u0301", "İ", "Σ", "ς", "𝐀", "😀", "\ud800", "\xa0", "\t", "-", ".", " "]
line = st.lists(st.sampled_from(EDGES + list("aZ 1")), max_size=15).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(line, max_size=12).map("\n".join))
@example("東京 tower\nplain ascii line\n\nİSTANBUL ΣΑΣ")
@example("only_ascii words, 12 of them\n  \n")
def test_generated_text_blocks_and_tokens_equal_the_plain_computation(text):
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_may_hold_cjk_sees_every_ideograph_and_kana(text):
    if _ANY_CJK.search(text):
        assert _may_hold_cjk(text)
    # and the \w+ search it allows agrees with _TOKEN on any text that has none
    if not _may_hold_cjk(text):
        assert re.findall(r"\w+", text) == _TOKEN.findall(text)


def test_each_range_edge_is_seen():
    for lo, hi in re.findall("(.)-(.)", _CJK):
        for c in (lo, hi):
            assert _may_hold_cjk("abc " + c), hex(ord(c))
    assert not _may_hold_cjk("plain text, é, Ж, \u303f, \ufb00 and 😀")
