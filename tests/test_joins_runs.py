"""joins.capital_runs jumps from one run to the next capital after it; it must list exactly the
runs the plain walk over every capital hint lists (the reference below)."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BENCH_DEV
from pipeline.document import Document
from pipeline.stages import joins as mod

_HINT = regex.compile(r"\S\p{Lu}")


def reference_runs(text):
    runs, end = [], -1
    for m in _HINT.finditer(text):
        if m.start() < end:
            continue
        start = mod._RUN_START.match(text, 0, m.start()).start()
        end = mod._RUN_END.match(text, m.start()).end()
        runs.append((start, end))
    return runs


_PIECES = ["a", "B", "ab", "CD", "É", "é", " ", "  ", "\n", "\t", "\u00a0", "\u2003", ".", "(", ")", "2017", "’",
           "İ", "ǅ", "Ⅻ", "\u200b", "x" * 5]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50).map("".join))
def test_same_runs_as_the_plain_walk(text):
    assert mod.capital_runs(text) == reference_runs(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_same_runs_on_any_text(text):
    assert mod.capital_runs(text) == reference_runs(text)


def test_same_runs_on_dev_text():
    paths = sorted((BENCH_DEV / "page").glob("*.txt")) + sorted((BENCH_DEV / "merged").glob("*.txt"))
    assert paths, "the shared dev pages should be beside the checkout"
    runs = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert mod.capital_runs(text) == reference_runs(text)
        runs += len(mod.capital_runs(text))
    assert runs > 1000


_GLUE = ["the", "end", "of", "it", ".", "!", "?", "…", "”", ")", "]", "(", "“", "The", "NATO", "iPhone", "flags",
         "Finian", "2017", "1899", "20", "19", "24", "U.S.", "e.g.", "Mr.", " ", "\n", "A", "Bb", "Ünter", "١٩٩٩"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_GLUE), max_size=40).map("".join))
def test_every_match_holds_a_needed_literal(text):
    for pattern, needs in [(mod._SENTENCE, mod._SENTENCE_NEEDS), (mod._YEAR, mod._YEAR_NEEDS),
                           (mod._EXCLAIM, mod._EXCLAIM_NEEDS)]:
        for m in pattern.finditer(text):
            assert any(lit in m.group() for lit in needs), (pattern.pattern, m.group())


def _without_literal_filter(text, monkeypatch):
    stage = mod.Joins()
    doc = Document(doc_id="d", source="s", content_type="text", text=text)
    fast = stage(doc)
    with monkeypatch.context() as mp:
        mp.setattr(mod, "_holding", lambda runs, pieces, literals: runs)
        full = stage(doc)
    assert fast.text == full.text and fast.edits == full.edits
    return fast


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_GLUE), max_size=60).map("".join))
def test_literal_filter_changes_nothing_on_random_text(text):
    from _pytest.monkeypatch import MonkeyPatch

    _without_literal_filter(text, MonkeyPatch())


def test_literal_filter_changes_nothing_on_dev_text(monkeypatch):
    paths = sorted((BENCH_DEV / "merged").glob("*.txt")) + sorted((BENCH_DEV / "page").glob("*.txt"))
    assert paths
    edits = sum(len(_without_literal_filter(p.read_text(encoding="utf-8"), monkeypatch).edits) for p in paths)
    assert edits > 1000
