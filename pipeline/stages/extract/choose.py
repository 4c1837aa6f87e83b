"""Which trafilatura extraction the extract stage uses, and its one call.

Decided on both dev sets (issue 16; benchmarks/html_eval.py, extraction alone, no DOM or line rules):

    mode                     dev (54 pages) F1    snippets (457 pages, 429 sites) F1
    balanced (the default)   0.9659               0.9318   (= bare trafilatura.extract)
    favor_precision          0.9764               0.9297   (27 must-keep snippets lost, 25 leaks cut)

Precision mode gains on the 54 dev pages (mostly English news) and loses on the 429 snippet sites:
it drops linked words mid-sentence and whole blocks of short paragraphs, and it switches off the
library's own recovery of a tiny extraction (``trafilatura.core``: when a balanced extraction is
under 3,000 characters and a fifth of the page's text, it is retried in recall mode and with
jusText, and the longer one kept), which is what gets a paywalled article whole where precision
returns only its reprint notice. A per-page choice was measured too, running both modes and
keeping precision unless its text is under R times the balanced text's length: R = 0.3 / 0.5 /
0.7 / 0.9 gives snippets 0.9323 / 0.9290 / 0.9302 / 0.9320 (no trend, the spread of a few pages)
for twice the extraction time, and keeping the balanced text when the precision one is under a
share of the page's visible text did no better (0.9303 / 0.9274 / 0.9300 at 0.1 / 0.2 / 0.3). So
one balanced extraction: the page-level fallback is the library's, measured on its own benchmarks.
"""
from __future__ import annotations


def extract_text(tree, *, url: str | None, include_tables: bool, favor_precision: bool,
                 favor_recall: bool) -> str:
    """The main text of the parsed page ``tree`` ("" when trafilatura finds none): the text of
    ``trafilatura.bare_extraction(tree, url=url, include_comments=False, deduplicate=False,
    include_tables=..., favor_precision=..., favor_recall=..., with_metadata=False)``, computed by
    ``cascade`` without the fallback comparison where it cannot change it, and without copying
    ``tree`` first: ``tree`` is used up. include_comments=False: comment threads are not the
    article. deduplicate=False: its cache is process-global, which would make output depend on
    which worker saw which page first."""
    from .cascade import extract_text as cascade_text

    return cascade_text(tree, url=url, include_tables=include_tables, favor_precision=favor_precision,
                        favor_recall=favor_recall)
