"""page_metadata must fill the fields the pipeline keeps exactly as trafilatura's extract_metadata."""
from __future__ import annotations

import glob
import gzip
import os

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from trafilatura.utils import load_html

from pipeline.stages.extract import _META
from pipeline.stages.extract.page_meta import page_metadata
from conftest import ROOT

SHARED = os.path.join(ROOT.parent, "shared")


def pages() -> list[tuple[str, str]]:
    out = []
    for path in sorted(glob.glob(os.path.join(SHARED, "bench", "dev", "html", "*.html.gz"))):
        out.append((os.path.basename(path), gzip.decompress(open(path, "rb").read()).decode("utf-8")))
    for path in sorted(glob.glob(os.path.join(SHARED, "seeds", "**", "*.htm*"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as fh:
            out.append((os.path.basename(path), fh.read()))
    return out


PAGES = pages()


def test_pages_are_there_and_hold_metadata():
    assert len(PAGES) >= 54, "the shared dev pages should be beside the checkout"
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    found = [page_metadata(load_html(html), None, params) for _name, html in PAGES]
    # the comparison below is not vacuous: most pages have a title and a date to compare
    assert sum(1 for m in found if m.title) >= 50 and sum(1 for m in found if m.date) >= 40


@pytest.mark.parametrize("name,html", PAGES, ids=[p[0][:12] for p in PAGES])
def test_kept_fields_equal_extract_metadata(name, html):
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    theirs = extract_metadata(load_html(html), None, params, False, None)
    ours = page_metadata(load_html(html), None, params)
    fields = [theirs_name for theirs_name, _ours in _META]
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}


# Author markup that takes the less common paths of extract_author: a <rel>me</rel> child, an
# <author> element, a pruned date inside the byline (its tail joins the text before it, without a
# space), a candidate inside a comment box (passed over), a data-testid card, an itemprop'd root.
AUTHOR_CASES = [
    "<html><body><p>x</p><span>By<rel>me</rel> Jane Roe</span></body></html>",
    "<html><body><author>Jane Q. Public</author></body></html>",
    "<html><body><div class='byline'>By Jane<span class='date'>May 2</span>Roe, staff</div></body></html>",
    "<html><body><div id='comments'><span class='author'>Commenter Name</span></div>"
    "<p class='authorName'>Real Author</p></body></html>",
    "<html><body><div data-testid='AuthorCard'><a>Ann</a> <time>today</time> Lee</div></body></html>",
    "<html itemprop='author'><body><p>Someone Writes Here</p></body></html>",
    "<html><body><div class='sidebar'><a rel='author'>Side Bar</a></div><h4 id='xiaobian'>Li Ming"
    "<figure>cap</figure></h4></body></html>",
]


@pytest.mark.parametrize("html", [h for _n, h in PAGES] + AUTHOR_CASES,
                         ids=[n for n, _h in PAGES] + [f"case{i}" for i in range(len(AUTHOR_CASES))])
def test_page_author_is_extract_author(html):
    from trafilatura.metadata import extract_author

    from pipeline.stages.extract.page_meta import page_author

    assert page_author(load_html(html)) == extract_author(load_html(html))
