"""extract: DOM pre-cleaning removes page furniture by generic markup, never the article."""
from __future__ import annotations

import hashlib

from pipeline.document import Document
from pipeline.edits import undo
from pipeline.stages.extract import dom_clean as html_clean
from pipeline.stages.extract import Extract

PARAS = [
    "The council voted on Tuesday to rebuild the old harbour wall before the winter storms arrive.",
    "Engineers had warned for years that the stones were loosening and that a breach could flood "
    "the lower streets, where several hundred families live close to the water.",
    "The work will take eighteen months and will be paid for by a national resilience fund, the "
    "mayor said, adding that local firms would be asked to bid for the contracts first.",
    "Residents who spoke at the meeting welcomed the decision but asked for the footpath along the "
    "wall to stay open for as long as possible during the building work.",
]


def page(article_extra: str = "", body_extra: str = "", article_attrs: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        "<!DOCTYPE html><html><head><title>Harbour wall to be rebuilt</title>"
        '<meta name="author" content="Jane Roe"></head><body>'
        f"<article{article_attrs}><h1>Harbour wall to be rebuilt</h1>{article_extra}{paras}</article>"
        f"{body_extra}</body></html>"
    )


def texts(removals):
    return [(r.rule, r.text) for r in removals]


def test_figure_and_caption_classes_go_article_stays():
    html = page('<figure><img src="a.jpg"><figcaption>The harbour at dawn. Photo: Agency</figcaption>'
                '</figure><p class="wp-caption-text">Waves over the wall last year</p>'
                '<span class="photo-credit">Photo: John Smith</span>')
    tree = html_clean.parse(html)
    got = texts(html_clean.prune(tree))
    assert ("extract.dom_figure", "The harbour at dawn. Photo: Agency") in got
    assert ("extract.dom_caption", "Waves over the wall last year") in got
    assert ("extract.dom_credit", "Photo: John Smith") in got
    remaining = tree.text_content()
    assert all(p in remaining for p in PARAS)
    assert "Photo: Agency" not in remaining


def test_class_words_match_exactly_not_as_substrings():
    # "head", "shadow", "download", "thread" hold "ad"; "loaded" holds "ad" too: none is an ad slot
    html = page('<div class="masthead shadow-box download-links thread loaded">Kept text here</div>')
    tree = html_clean.parse(html)
    assert html_clean.prune(tree) == []
    assert "Kept text here" in tree.text_content()


def test_camel_case_and_id_words_match():
    html = page('<div id="articleByline">By Jane Roe, Harbour Reporter</div>'
                '<div id="newsletterSignup">Sign up for our morning briefing</div>')
    got = dict(texts(html_clean.prune(html_clean.parse(html))))
    assert got["extract.dom_byline"] == "By Jane Roe, Harbour Reporter"
    assert got["extract.dom_newsletter"] == "Sign up for our morning briefing"


def test_a_wrapper_named_like_furniture_keeps_the_article():
    # a page wrapper classed "ad_body" or a body-level div classed "author-jane" holds the article:
    # the rules' text caps leave such wrappers alone
    html = page(article_attrs=' class="post byline-wrap"')
    html = html.replace("<article", '<div class="ad_body"><article').replace("</article>", "</article></div>")
    tree = html_clean.parse(html)
    html_clean.prune(tree)
    assert all(p in tree.text_content() for p in PARAS)


def test_pull_quote_figure_is_kept():
    html = page('<figure class="wp-block-pullquote"><blockquote><p>We cannot wait another winter'
                '</p></blockquote></figure>')
    tree = html_clean.parse(html)
    html_clean.prune(tree)
    assert "We cannot wait another winter" in tree.text_content()


def test_nested_article_teasers_go_outer_article_stays():
    teaser = '<article class="post"><h2>Another story</h2><p>A teaser of another post that is not this one.</p></article>'
    tree = html_clean.parse(page(teaser * 2))
    got = texts(html_clean.prune(tree))
    assert [r for r, _ in got] == ["extract.dom_nested_article"] * 2
    assert all(p in tree.text_content() for p in PARAS)


def test_tail_text_after_a_removed_element_is_kept():
    tree = html_clean.parse(page('<p>Before <span class="credit">Photo: X</span> after the credit.</p>'))
    html_clean.prune(tree)
    assert "Before  after the credit." in tree.text_content()


def test_stage_records_notes_reads_author_and_keeps_the_audit():
    html = page('<figure><img src="a.jpg"><figcaption>The harbour at dawn</figcaption></figure>',
                body_extra='<div class="related-posts"><a href="/x">Other story one</a></div>')
    doc = Extract()(Document("d", "d.html", "html", html))
    assert not doc.dropped
    assert "The harbour at dawn" not in doc.text and "Other story one" not in doc.text
    assert all(p in doc.text for p in PARAS)
    notes = {key: value for stage, key, value in doc.notes if stage == "extract"}
    assert notes["dom_figure"].startswith("1 elements")
    assert doc.meta["author"] == "Jane Roe"
    base = undo(doc.text, doc.edits)
    assert hashlib.sha256(base.encode()).hexdigest() == doc.base_sha256


def test_no_dom_rules_configured_removes_nothing():
    html = page('<figure><img src="a.jpg"><figcaption>The harbour at dawn, seen from the north pier'
                '</figcaption></figure>')
    tree = html_clean.parse(html)
    assert html_clean.prune(tree, ()) == []
    assert "The harbour at dawn" in tree.text_content()


def test_unknown_rule_name_is_an_error_listing_the_valid_ones():
    import pytest

    with pytest.raises(ValueError, match="extract.dom_figure"):
        Extract(dom_rules=["extract.dom_nope"])
    with pytest.raises(ValueError, match="unknown rule 'extract.insert'"):
        Extract(dom_rules=["extract.insert"])  # a text rule in the DOM list


def test_a_list_of_bare_links_goes_a_list_with_words_stays():
    links = ('<ul><li><a href="/a">Storms flood the lower town</a></li>'
             '<li><a href="/b">Five things about sea walls</a></li></ul>')
    own = ('<ul><li>Check the <a href="/stones">stones</a> every spring</li>'
           '<li><a href="/mortar">Lime mortar</a> lasts longer than cement</li></ul>')
    tree = html_clean.parse(page(links + own))
    got = texts(html_clean.prune(tree))
    assert got == [("extract.dom_link_list", "Storms flood the lower town Five things about sea walls")]
    assert "Lime mortar lasts longer than cement" in tree.text_content()


def test_a_page_made_only_of_furniture_falls_back_to_the_uncleaned_page():
    # the whole story sits in one element classed "related" (short enough for the rule's cap):
    # cleaning would leave nothing, so the stage extracts from the page as it was and says so
    # (dom_related is off by default, so the test names it)
    story = "".join(f"<p>{p}</p>" for p in PARAS[:3])
    html = ("<html><head><title>Harbour</title></head><body>"
            f'<div class="related">{story}</div></body></html>')
    doc = Extract(dom_rules=["extract.dom_related"])(Document("d", "d.html", "html", html))
    assert not doc.dropped and PARAS[0] in doc.text
    assert ("extract", "dom_fallback") in [(stage, key) for stage, key, _ in doc.notes]


def test_a_post_article_inside_a_page_article_is_kept():
    html = page().replace("<article>", '<article class="page"><article class="post">')
    html = html.replace("</article>", "</article><p>Share this page</p></article>")
    tree = html_clean.parse(html)
    assert html_clean.prune(tree) == []
    assert all(p in tree.text_content() for p in PARAS)


def test_default_toml_lists_every_extract_key_with_its_default():
    import tomllib

    from conftest import ROOT
    from pipeline.config import stage_defaults

    table = tomllib.loads((ROOT / "configs" / "default.toml").read_text())["stages"]["extract"]
    assert table == stage_defaults("extract")



def test_cli_run_records_dom_notes_and_text_edits(tmp_path):
    import json

    from conftest import read_table, run_cli

    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "harbour.html").write_text(page(
        '<figure><img src="a.jpg"><figcaption>The harbour at dawn</figcaption></figure>'
        "<p>Advertisement</p>"), encoding="utf-8")
    run_cli("run", "--input", str(inp), "--output", str(out), "--no-progress", check=True)
    [row] = read_table(out, "documents")
    assert "The harbour at dawn" not in row["text"] and PARAS[0] in row["text"]
    assert not row["text"].startswith("Harbour wall to be rebuilt")
    assert json.loads(row["notes"])["extract.dom_figure"].startswith("1 elements")
    rules = {e["rule"] for e in read_table(out, "edits")}
    assert {"metadata.title_line", "extract.insert"} <= rules


def test_taxonomy_classes_on_a_short_post_do_not_remove_it():
    # WordPress puts the post's categories and tags on its <article>: "tag-related" names a topic
    short = "<p>The harbour wall will be rebuilt next year, the council said on Tuesday.</p>"
    html = ('<html><body><article class="post category-social-media tag-related tag-ad format-link">'
            f"{short}</article></body></html>")
    tree = html_clean.parse(html)
    assert html_clean.prune(tree) == []


def test_metadata_is_what_trafilatura_reads_from_the_uncleaned_page():
    import trafilatura

    # a date only in the text: trafilatura finds it with its extensive date search
    html = page('<div class="byline">By <span class="author">Jane Roe</span></div>'
                "<p>Posted on July 30, 2019 by the desk.</p>")
    html = html.replace("<title>", '<meta property="og:site_name" content="Coast Times"><title>')
    ref = trafilatura.bare_extraction(html, include_comments=False, deduplicate=False, with_metadata=True)
    doc = Extract()(Document("d", "d.html", "html", html))
    assert doc.meta.get("published") == ref.date == "2019-07-30"
    assert doc.meta.get("author") == ref.author
    assert doc.meta.get("sitename") == ref.sitename
    assert doc.meta.get("title") == ref.title


def test_figure_cards_and_paragraph_long_captions_stay():
    # a news list's card is a <figure> with a headline; a figcaption of paragraph length is the lead
    lead = ("On Wednesday the harbour board met for the tenth time since the storm, and with two weeks "
            "left before the engineers hand in their report the members agreed ") * 5
    html = page('<figure class="teaser"><img src="a.jpg"><figcaption>Photo: Agency</figcaption>'
                '<h2>Ferry to stop in May</h2><p>The last crossing is planned for the 31st.</p></figure>'
                f'<figure><img src="b.jpg"><figcaption>{lead}</figcaption></figure>'
                '<figure><img src="c.jpg"><figcaption>The harbour at dawn. Photo: Agency</figcaption></figure>')
    tree = html_clean.parse(html)
    got = texts(html_clean.prune(tree))
    # (the card's own figcaption, a credit, still goes)
    assert got == [("extract.dom_figure", "Photo: Agency"), ("extract.dom_figure", "The harbour at dawn. Photo: Agency")]
    assert "Ferry to stop in May" in tree.text_content() and lead.strip() in " ".join(tree.text_content().split())
