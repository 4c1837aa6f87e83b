"""filters: each quality rule drops the document it is for and keeps real articles."""
from __future__ import annotations

import json
import tomllib

import pytest

from conftest import BENCH_DEV, ROOT
from pipeline.config import stage_defaults
from pipeline.document import Document
from pipeline.stages.filters import Filters

ARTICLE = (
    "The council voted on Tuesday to rebuild the old harbour wall before the winter storms arrive. "
    "Engineers had warned for years that the stones were loosening and that a breach could flood "
    "the lower streets, where several hundred families live close to the water. The work will take "
    "eighteen months and will be paid for by a national resilience fund, the mayor said.\n"
    "Residents welcomed the decision but asked for the footpath to stay open during the work.")


def drop_rule(text: str, meta=None, **config) -> str | None:
    doc = Filters(**config)(Document("d", "d.txt", "text", text, meta=meta or {}))
    return doc.drop.rule if doc.dropped else None


@pytest.mark.parametrize("text,rule", [
    ("Page not found.", "filters.min_words"),
    ("#news #harbour #storm #wall #council #vote #town #sea #flood #winter " * 3, "filters.symbol_ratio"),
    ("Read the full story... Click here... More soon... And more... Next... " * 4, "filters.symbol_ratio"),
    ("12 34 56 78 90 11 22 33 44 55 66 77 88 99 price 1.99 2.49 3.99 " * 4, "filters.alpha_words"),
    ("Buy cheap harbour tickets now and save\nA different line of text here\n" * 30, "filters.duplicate_lines"),
    (" ".join(["cheap flights", "to anywhere", "book now"] * 40), "filters.top_ngram"),
])
def test_each_rule_drops_its_case(text, rule):
    assert drop_rule(text) == rule


def test_drop_reason_is_a_sentence_with_the_figure():
    doc = Filters()(Document("d", "d.txt", "text", "Page not found."))
    assert doc.drop.reason.startswith("The clean text has 3 words") and doc.drop.detail == "words=3"


@pytest.mark.parametrize("text", [
    ARTICLE,
    # a sports results story: many numbers, still an article
    ARTICLE + "\n" + "Palm Bay 14 11 6 15 — 44\nRockledge 10 12 8 9 — 39\n" * 3,
    # Japanese: one word per character, no spaces
    "港の古い防波堤を冬の嵐の前に建て直すことを市議会が火曜日に決めた。" * 5,
    # a how-to list repeating its item pattern
    "\n".join(f"Step {i}: {task}." for i, task in enumerate([
        "check the wall for loose stones and mark them", "clear the weeds from the joints",
        "mix the lime mortar in small batches", "wet the stones before pointing them",
        "press the mortar into the joints with a trowel", "brush the joints once the mortar sets",
        "cover the wall if rain is forecast", "check the work again after a week"], 1)),
])
def test_real_text_is_kept(text):
    assert drop_rule(text) is None


def test_zero_switches_a_rule_off():
    spam = " ".join(["cheap flights", "to anywhere", "book now"] * 40)
    assert drop_rule(spam, max_top_ngram=[0, 0, 0], max_duplicate_lines=0) is None


def test_language_rules():
    meta = {"language": "de", "language_score": 0.99}
    assert drop_rule(ARTICLE, meta, languages=["en"]) == "filters.language"
    assert drop_rule(ARTICLE, {"language": "en", "language_score": 0.5}, languages=["en"],
                     min_language_score=0.9) == "filters.language"
    assert drop_rule(ARTICLE, {"language": "en", "language_score": 0.95}, languages=["en"],
                     min_language_score=0.9) is None
    assert Filters(languages=["en"]).required_keys() == ("language", "language_score")


def test_max_top_ngram_needs_three_values():
    with pytest.raises(ValueError, match="max_top_ngram"):
        Filters(max_top_ngram=[0.2])


def test_default_toml_lists_every_key_with_its_default():
    table = tomllib.loads((ROOT / "configs" / "default.toml").read_text())["stages"]["filters"]
    assert table == stage_defaults("filters")


@pytest.mark.skipif(not (BENCH_DEV / "gold.jsonl").is_file(), reason="shared/bench/dev is not beside the checkout")
def test_defaults_keep_the_dev_reference_bodies():
    gold = [json.loads(line) for line in (BENCH_DEV / "gold.jsonl").read_text().splitlines() if line.strip()]
    dropped = [g["id"] for g in gold if drop_rule(g["articleBody"]) is not None]
    assert len(dropped) <= 0.02 * len(gold), dropped


@pytest.mark.skipif(not (BENCH_DEV / "page").is_dir(), reason="shared/bench/dev is not beside the checkout")
def test_defaults_keep_every_dev_page_in_its_raw_text_forms():
    # before any cleaning a page's visible text holds its menus twice, its share bars...: the
    # filters judge the clean text, but must not empty a real article page even if debris stays
    dropped = [(f.parent.name, f.name, drop_rule(f.read_text(encoding="utf-8")))
               for form in ("page", "merged") for f in sorted((BENCH_DEV / form).glob("*.txt"))]
    assert [d for d in dropped if d[2] is not None] == []
