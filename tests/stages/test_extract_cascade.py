"""extract: the cascade (trafilatura's extraction with its readability/jusText comparison run only
where it can change the result) gives bare_extraction's text on every dev page, and its bound on
readability's output holds for readability's real output."""
from __future__ import annotations

import gzip
from copy import copy

import pytest
import trafilatura
from lxml.etree import tostring
from trafilatura import core
from trafilatura.external import try_readability
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.utils import trim
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from conftest import BENCH_DEV
from pipeline.stages.extract import cascade, dom_clean, dom_rules

RULES = tuple(r for r in dom_clean.DOM_RULES if r.name in dom_rules.DEFAULT_DOM_RULES)

# A page whose own extraction is under MIN_EXTRACTED_SIZE: jusText runs, so the comparison must.
SHORT = ("<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav><article><h1>Title</h1>"
         "<p>A short notice of a few words, the whole article.</p></article>"
         "<footer>Footer text of the site, copyright and the like.</footer></body></html>")


def dev_trees():
    paths = sorted((BENCH_DEV / "html").glob("*.html.gz"))
    assert paths, f"the shared dev pages should be beside the checkout ({BENCH_DEV})"
    for p in paths:
        html = gzip.decompress(p.read_bytes()).decode("utf-8")
        for cleaned in (False, True):
            tree = dom_clean.parse(html)
            if cleaned:  # as the stage hands it over: after DOM pre-cleaning
                dom_clean.remove(dom_clean.select(tree, RULES))
            yield f"{p.name[:12]}-{'cleaned' if cleaned else 'raw'}", tree


def bare_text(tree, **kw) -> str:
    result = trafilatura.bare_extraction(copy(tree), include_comments=False, deduplicate=False,
                                         with_metadata=False, **kw)
    return (result.text if result is not None else "") or ""


def cascade_text(tree, **kw) -> str:
    args = {"include_tables": True, "favor_precision": False, "favor_recall": False} | kw
    return cascade.extract_text(copy(tree), url=None, **args)


def test_same_text_as_bare_extraction_on_every_dev_page() -> None:
    differ, compared = [], 0
    for name, tree in dev_trees():
        if bare_text(tree) != cascade_text(tree):
            differ.append(name)
        compared += 1
    assert compared == 108 and not differ, f"cascade text differs from bare_extraction's on {differ}"


@pytest.mark.parametrize("mode", ["favor_precision", "favor_recall"])
def test_same_text_in_the_other_modes(mode: str) -> None:
    for name, tree in list(dev_trees())[:24]:
        assert bare_text(tree, **{mode: True}) == cascade_text(tree, **{mode: True}), name


def _compared_tree(tree):
    """The raw tree compare_extraction hands readability (comments off, not a forum page)."""
    return prune_unwanted_nodes(prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH),
                                REMOVE_COMMENTS_AND_LISTS_XPATH)


def test_readability_output_within_the_bound_and_comparison_mostly_skipped() -> None:
    options = Extractor(output_format="python", comments=False, dedup=False)
    skipped = 0
    for name, tree in dev_trees():
        raw = _compared_tree(tree)
        algo = trim(tostring(try_readability(copy(raw)), method="text", encoding="utf-8").decode("utf-8"))
        assert len(algo) <= cascade.readability_bound(raw), name
        body, text = extract_content(core._prepare_tree(raw, options, None)[0], options)
        skipped += not cascade._comparison_may_change(body, text, lambda: cascade.readability_bound(raw), options)
    # 88 of the 108 trees on trafilatura 2.3.1; the point of the module is that most are skipped
    assert skipped >= 80, skipped


def test_short_page_runs_the_comparison_and_matches() -> None:
    tree = dom_clean.parse(SHORT)
    options = Extractor(output_format="python", comments=False, dedup=False)
    raw = _compared_tree(tree)
    body, text = extract_content(core._prepare_tree(raw, options, None)[0], options)
    assert cascade._comparison_may_change(body, text, lambda: cascade.readability_bound(raw), options)
    assert cascade_text(tree) == bare_text(tree) != ""
