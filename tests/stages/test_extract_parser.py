"""extract: pages parsed with the stage's own parser (html_clean.html_parser: a C-level element
class lookup) give the same trees as trafilatura's load_html, and the same extraction."""
from __future__ import annotations

import gzip

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from conftest import BENCH_DEV
from pipeline.stages.extract import dom_clean as html_clean

# Inputs that take load_html's other branches: an encoding declaration in a str (lxml refuses it,
# so the bytes are parsed), no <html> in the first 50 characters with one block or two (the
# "dubious" check), a self-closing <html/>, a doctype line, control characters XML forbids,
# an empty string, plain text, lone surrogates, markup that is all comment.
ODD = [
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
    "<p>one block only</p>",
    "<div>first</div><div>second</div>",
    '<html/>\n<body><p>self-closing html</p></body>',
    "<!DOCTYPE html>\n<html><body><p>doctype</p></body></html>",
    "<html><body><p>bad \x00\x01\x0b chars</p></body></html>",
    "",
    "just some text, no markup at all",
    "<html><body><p>lone \ud800 surrogate</p></body></html>",
    "<!-- only a comment -->",
    "<html><body><form><label>Name</label><input value='x'><select><option>a</option></select>"
    "<textarea>t</textarea></form><p>form fields</p></body></html>",
]


def dev_pages() -> list[str]:
    paths = sorted((BENCH_DEV / "html").glob("*.html.gz"))
    assert paths, f"the shared dev pages should be beside the checkout ({BENCH_DEV})"
    return [gzip.decompress(p.read_bytes()).decode("utf-8") for p in paths]


def serialise(tree) -> bytes | None:
    return None if tree is None else etree.tostring(tree, encoding="utf-8", method="html")


@pytest.mark.parametrize("html", ODD, ids=range(len(ODD)))
def test_odd_inputs_parse_as_load_html_does(html: str) -> None:
    ours = html_clean.parse(html, html_clean.html_parser())
    theirs = load_html(html)
    assert serialise(ours) == serialise(theirs)


def test_every_dev_page_parses_and_extracts_as_with_load_html() -> None:
    import trafilatura

    parser = html_clean.html_parser()
    for html in dev_pages():
        ours, theirs = html_clean.parse(html, parser), load_html(html)
        assert serialise(ours) == serialise(theirs)
        # every element a plain HtmlElement (no Python lookup per proxy), comments and the like
        # still lxml.html's classes
        assert all(type(el) is HtmlElement for el in ours.iter() if isinstance(el.tag, str))
        kw = dict(include_comments=False, deduplicate=False, favor_precision=True, with_metadata=False)
        assert trafilatura.bare_extraction(ours, **kw).text == trafilatura.bare_extraction(theirs, **kw).text
