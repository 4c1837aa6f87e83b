"""content training (training/data.py, train_content.py): snippet pages give partial line labels,
folds keep a site's pages together across both sets, and the per-page scoring the settings are
chosen with counts what the shared scorers count."""
from __future__ import annotations

import sys

import pytest

from pipeline.stages.content.features import blocks
from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "training"))
data = pytest.importorskip("data")


def test_snippet_labels_are_partial():
    text = "Home\nShare this\nThe council   voted on Tuesday to build a park.\nIt opens next year.\nAbout us"
    blks = blocks(text)
    y = data.snippet_labels(blks, keep=["The council voted on Tuesday"], drop=["Share this", "About us"])
    assert y == [None, 0, 1, None, 0]


def test_a_snippet_across_lines_labels_every_line_it_touches():
    blks = blocks("Intro\nThe park will\nopen next year.\nFooter")
    assert data.snippet_labels(blks, keep=["will open next"], drop=[]) == [None, 1, 1, None]


def test_a_line_holding_both_kinds_is_unlabelled():
    blks = blocks("Great article text.Share on Twitter")
    assert data.snippet_labels(blks, keep=["Great article text."], drop=["Share on Twitter"]) == [None]


def test_gold_labels_short_lines_only_in_place():
    gold = "The plan includes a playground and paths.\n\nNews\n\nWork starts in spring next year."
    blks = blocks("News\nThe plan includes a playground and paths.\nNews\nWork starts in spring next year.")
    assert data.labels(blks, gold) == [0, 1, 1, 1]


def test_folds_keep_a_site_together_across_sets():
    train = pytest.importorskip("train_content")
    pages = [{"site": s} for s in ("a.org", "b.org", "a.org", "c.org", "b.org", "d.org", "e.org", "f.org")]
    fold = train.folds(pages)
    assert fold[0] == fold[2] and fold[1] == fold[4]
    assert len(set(fold)) == 5


def test_page_scoring_matches_the_shared_scorers():
    train = pytest.importorskip("train_content")
    scorer = train.Scorer(SHARED / "checks")
    gold = "One two three four five six seven.\n\nEight nine ten eleven twelve."
    page = {"set": "dev", "id": "x", "gold": gold}
    pred = "One two three four five six seven. Menu item here now"
    stats = scorer.page(page, pred)
    res = scorer.bench.score({"x": gold}, {"x": pred})
    assert stats == res["per_doc"][0][1:]
    case = {"id": "s", "url": "http://a.org/x", "with": ["keep me", "also keep"], "without": ["drop me"]}
    spage = {"set": "snippets", "id": "s", "case": case}
    tp, fp, fn = scorer.page(spage, "keep  me\nand drop me")
    r = scorer.snippets.evaluate([case], {"s": "keep  me\nand drop me"})
    assert (tp, fp, fn) == (r["tp"], r["fp"], r["fn"]) == (1, 1, 1)
