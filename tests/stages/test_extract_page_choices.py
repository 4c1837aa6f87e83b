"""The extract stage's metadata choices on made-up pages: which source gives the title, the
author, the date's precision and the declared language, each recorded under its own rule."""
from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.stages.extract import Extract

BODY = ("<p>The river rose two metres overnight and the old bridge was closed to traffic before dawn. "
        "Residents of the lower town moved their cars to higher ground.</p>"
        "<p>By the afternoon the water had started to fall, and engineers began to inspect the piers. "
        "The bridge should open again next week if no damage is found.</p>"
        "<p>The town council will meet on Friday to discuss a new flood wall along the east bank.</p>")


def page(head: str, body_top: str = "", lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
            f"{body_top}<article>{BODY}</article></body></html>")


def run(html: str) -> Document:
    doc = Document(doc_id="p", source="p.html", source_sha256="", content_type="html", text=html, meta={})
    return Extract()(doc)


def rules(doc: Document, field: str) -> list[str]:
    return [m.rule for m in doc.meta_edits if m.field == field]


def test_section_heading_in_h1_gives_way_to_the_title_tag():
    doc = run(page("<title>River closes old bridge overnight</title>", "<h1>Weather Centre</h1>"))
    assert doc.meta["title"] == "River closes old bridge overnight"
    assert rules(doc, "title")[-1] == "extract.title_tag"


def test_og_title_in_the_title_tag_is_the_headline_without_the_site():
    doc = run(page('<title>River closes old bridge | Valley Courier</title>'
                   '<meta property="og:title" content="River closes old bridge | Valley Courier">'
                   '<meta property="og:site_name" content="Valley Courier">', "<h1>Valley Courier</h1>"))
    assert doc.meta["title"] == "River closes old bridge"


def test_logo_h1_is_not_the_headline():
    doc = run(page("<title>River closes old bridge overnight · Courier</title>",
                   "<h1>Courier</h1><h1>River closes old bridge overnight</h1>"))
    assert doc.meta["title"] == "River closes old bridge overnight"


def test_json_ld_person_beats_publisher_listed_as_author():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
          '{"@type": "Organization", "name": "Courier Media"}, {"@type": "Person", "name": "Lena Holm"}]}'
          '</script><meta name="author" content="Courier Media">')
    doc = run(page("<title>River closes old bridge</title>" + ld))
    assert doc.meta["author"] == "Lena Holm"
    assert "extract.author_ld_author" in rules(doc, "author")


def test_cdata_wrapped_json_ld_is_read():
    ld = ('<script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle", '
          '"author": {"@type": "Person", "name": "Lena Holm"}}\n//]]></script>')
    assert run(page("<title>River closes old bridge</title>" + ld)).meta["author"] == "Lena Holm"


def test_author_equal_to_the_site_name_is_left_out():
    doc = run(page('<title>River closes old bridge</title><meta name="author" content="Valley Courier">'
                   '<meta property="og:site_name" content="Valley Courier">'))
    assert not doc.meta.get("author")


@pytest.mark.parametrize("head,precision", [
    ('<meta property="article:published_time" content="2021-05-14T08:00:00Z">', "day"),
    ('<meta property="article:published_time" content="2021-06-01T08:00:00Z">', "day"),
])
def test_dated_page_has_day_precision(head, precision):
    doc = run(page("<title>River closes old bridge</title>" + head))
    assert doc.meta["published_precision"] == precision


def test_copyright_year_only_is_year_precision():
    # htmldate's last resort is the copyright year, returned as 1 January
    doc = run(page("<title>River closes old bridge</title>", "<footer>© 2019 Valley Courier</footer>"))
    assert doc.meta["published"].startswith("2019-01-01")
    assert doc.meta["published_precision"] == "year"


@pytest.mark.parametrize("date,exact,fast,precision", [
    ("2019-05-14", [], None, "day"),
    ("2019-05-01", [], None, "month"),
    ("2019-01-01", [], None, "year"),
    ("2019-05-01", ["2019-05-01T10:00:00+00:00"], None, "day"),
    ("2019-05-01", ["2019-05"], None, "month"),
    ("2019-01-01", [], "2019-01-01", "day"),
])
def test_found_precision(date, exact, fast, precision):
    from pipeline.stages.fields.dates import found_precision

    assert found_precision(date, exact, fast) == precision


@pytest.mark.parametrize("head,lang,expected,rule", [
    ("", "de-AT", "de-AT", "extract.declared_html_lang"),
    ('<meta property="og:locale" content="cs_CZ">', "", "cs-CZ", "extract.declared_og_locale"),
    ('<meta http-equiv="Content-Language" content="fr, en">', "", "fr", "extract.declared_content_language"),
])
def test_declared_language_and_its_source(head, lang, expected, rule):
    doc = run(page("<title>River closes old bridge</title>" + head, lang=lang))
    assert doc.meta["language_declared"] == expected
    assert rules(doc, "language_declared") == [rule]


@pytest.mark.parametrize("found,signals,expected", [
    # the found day is the modified one, structured data gives an earlier published day
    ("2021-06-20", {"ld_modified": ["2021-06-20T10:00:00Z"], "ld_published": ["2021-05-10T08:00:00Z"]}, "2021-05-10"),
    ("2021-06-20", {"meta_modified": ["2021-06-20"], "meta_published": ["2021-05-10"]}, "2021-05-10"),
    # the found day is also a published day, or nothing says it is the modified one: kept
    ("2021-06-20", {"ld_modified": ["2021-06-20"], "ld_published": ["2021-06-20"]}, None),
    ("2021-06-20", {"ld_published": ["2021-05-10"]}, None),
    # two different published days: no way to tell which
    ("2021-06-20", {"ld_modified": ["2021-06-20"], "ld_published": ["2021-05-10"], "meta_published": ["2021-04-01"]}, None),
    # a "published" day after the modified one is not the original
    ("2021-06-20", {"ld_modified": ["2021-06-20"], "ld_published": ["2021-07-01"]}, None),
])
def test_published_preferred_over_modified(found, signals, expected):
    from pipeline.stages.extract.page_meta import _published_not_modified

    assert _published_not_modified(found, signals) == expected


def test_generic_title_tag_does_not_replace_the_h1():
    doc = run(page("<title>My Blog</title>", "<h1>River closes old bridge overnight</h1>"))
    assert doc.meta["title"] == "River closes old bridge overnight"
    assert "extract.title_tag" not in rules(doc, "title")


def test_headline_two_sources_agree_on_stays_when_title_tag_names_another():
    # <title> left over from another article (or written for search engines); og:title and <h1> agree
    doc = run(page('<title>Storm closes schools across the county for two days</title>'
                   '<meta property="og:title" content="River closes old bridge overnight">',
                   "<h1>River closes old bridge overnight</h1>"))
    assert doc.meta["title"] == "River closes old bridge overnight"


def test_site_name_equal_to_the_headline_strips_nothing():
    doc = run(page('<title>The flood: how the town held</title>'
                   '<meta property="og:site_name" content="The flood: how the town held">'))
    assert doc.meta["title"] == "The flood: how the town held"
