"""The base text of an HTML document is the page's visible text: undoing all edits of a document
(every stage's, the extractor's included) gives back exactly the page text read from the same
HTML, on every dev page of both benches; and that page text holds the words of the bench's own
``page/`` form (the naive scraper's view of the page, built by a different program)."""
from __future__ import annotations

import gzip
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from pipeline.config import load
from pipeline.document import Document
from pipeline.edits import sha256_text, undo
from pipeline.process import process
from pipeline.sources.decode import decode
from pipeline.stages.extract import dom_clean
from pipeline.stages.extract.page_text import page_text
from conftest import SHARED

BENCH = SHARED / "bench"
PAGES = sorted((BENCH / "dev" / "html").glob("*.html.gz")) + sorted((BENCH / "snippets" / "html").glob("*.html.gz"))
_WORD = re.compile(r"\w+")


def _html(path: Path) -> str:
    return decode(gzip.decompress(path.read_bytes()), is_html=True).text


@pytest.mark.slow
def test_undo_gives_the_page_text_on_every_dev_page():
    assert len(PAGES) > 500, f"bench pages missing under {BENCH}"
    stages = load(None).build_stages()
    kept = 0
    for path in PAGES:
        html = _html(path)
        doc = process(Document(path.name, path.name, "html", html), stages)
        if doc.dropped:
            continue
        kept += 1
        base = undo(doc.text, doc.edits)
        assert base == page_text(dom_clean.parse(html))[0], path.name
        assert sha256_text(base) == doc.base_sha256, path.name
        assert not any(k == "align_fallback" for _, k, _ in doc.notes), f"{path.name}: alignment failed"
    assert kept > 500


def test_page_text_holds_the_words_of_the_bench_page_form():
    shares = []
    for path in sorted((BENCH / "dev" / "html").glob("*.html.gz")):
        page_form = (BENCH / "dev" / "page" / path.name.replace(".html.gz", ".txt")).read_text("utf-8")
        ours = page_text(dom_clean.parse(_html(path)))[0]
        want, got = Counter(_WORD.findall(page_form)), Counter(_WORD.findall(ours))
        shares.append(sum((want & got).values()) / max(1, sum(want.values())))
    assert len(shares) == 54
    assert statistics.median(shares) >= 0.9
    assert sum(s > 0.8 for s in shares) >= 0.9 * len(shares)
