"""joins.capital_runs jumps from one run to the next capital after it; it must list exactly the
runs the plain walk over every capital hint lists (the reference below)."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BENCH_DEV
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
