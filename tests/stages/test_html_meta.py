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
