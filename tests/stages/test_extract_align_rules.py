"""Extraction as edits (pipeline/stages/extract/align.py): the proposals turn the page text into
exactly the extractor's output, whatever the two are, and each removed span carries the reason
it went."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pipeline.document import Document
from pipeline.edits import apply, undo
from pipeline.stages.extract import Extract, align, dom_clean
from pipeline.stages.extract.page_text import Marked, page_text


def _run(page: str, text: str, marks=()):
    doc = apply(Document("d", "d", "html", page), "extract", align.propose(page, text, marks))
    assert doc.text == text
    assert undo(doc.text, doc.edits) == page
    return doc.edits


def _removed(edits, rule):
    """What edits of ``rule`` removed; the line break before a removed last line goes with it."""
    return [e.before.removeprefix("\n") if e.start else e.before for e in edits if e.rule == rule and e.before]


def test_blocks_not_kept_are_boilerplate_whole_lines():
    page = "Home\nNews\nSport\nThe council voted on Monday.\nShop owners welcomed it.\nCopyright 2024"
    edits = _run(page, "The council voted on Monday.\nShop owners welcomed it.")
    assert _removed(edits, align.BOILERPLATE) == ["Home\nNews\nSport\n", "Copyright 2024"]
    assert {e.rule for e in edits} == {align.BOILERPLATE}


def test_words_dropped_inside_a_kept_block_are_inline():
    page = "Menu\nHe was praised for his role in the fight against fraud.\nEnd of story here."
    edits = _run(page, "He was praised for his role against fraud.\nEnd of story here.")
    assert _removed(edits, align.INLINE) == ["in the fight "]
    assert _removed(edits, align.BOILERPLATE) == ["Menu\n"]


def test_list_and_table_markup_and_spacing_are_reformat():
    page = "Intro line of the article.\nfirst item\nsecond item\nTicker\tLast\nHD\t225.86\nnon\xa0breaking"
    text = ("Intro line of the article.\n- first item\n- second item\n| Ticker | Last |\n|---|---|\n"
            "| HD | 225.86 |\nnon breaking")
    edits = _run(page, text)
    assert {e.rule for e in edits} == {align.REFORMAT}
    assert all(not any(c.isalnum() for c in e.before + e.after) or e.before.strip() == e.after.strip()
               for e in edits), edits


def test_a_dom_rule_removal_is_named_for_the_rule():
    page = "Headline of the day\nA photo of the square. Photo: Agency\nThe council voted.\nRelated one\nRelated two"
    cap = page.index("A photo")
    rel = page.index("Related one")
    marks = [Marked(cap, page.index("\nThe council"), "extract.dom_caption"),
             Marked(rel, len(page), "extract.dom_related")]
    edits = _run(page, "The council voted.", marks)
    assert _removed(edits, "extract.dom_caption") == ["A photo of the square. Photo: Agency\n"]
    assert _removed(edits, "extract.dom_related") == ["Related one\nRelated two"]
    assert _removed(edits, align.BOILERPLATE) == ["Headline of the day\n"]


def test_the_stage_names_an_inline_credit_and_a_link_list():
    html = ("<html><head><title>T</title></head><body><ul><li><a href='/'>Home</a></li>"
            "<li><a href='/a'>Sport</a></li></ul><article><p>The council voted on Monday to close the square "
            "to traffic for the whole summer, after a long debate that ran late into the evening.</p>"
            "<p>Shop owners welcomed the decision <span class='credit'>Photo: Jane Roe</span> and said more "
            "people on foot would mean more customers for every shop on the square this year.</p>"
            "</article></body></html>")
    # dom_link_list is off by default (it costs must-keep text on the snippet sites): named here
    doc = Extract(dom_rules=["extract.dom_credit", "extract.dom_link_list"])(Document("d", "d", "html", html))
    assert undo(doc.text, doc.edits) == page_text(dom_clean.parse(html))[0]
    rules = {e.rule: e.before for e in doc.edits}
    assert rules["extract.dom_link_list"] == "Home\nSport\n"
    assert rules["extract.dom_credit"].strip() == "Photo: Jane Roe"
    assert "Photo" not in doc.text and "Shop owners welcomed the decision" in doc.text


_lines = st.lists(st.text(alphabet="ab c-|\t\xa0.\n", max_size=12), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_lines, _lines, st.data())
def test_any_two_texts_round_trip(page_lines, text_lines, data):
    page, text = "\n".join(page_lines), "\n".join(text_lines)
    marks, pos = [], 0
    for _ in range(data.draw(st.integers(0, 3))):
        if pos >= len(page):
            break
        s = data.draw(st.integers(pos, len(page)))
        e = data.draw(st.integers(s, len(page)))
        if e > s:
            marks.append(Marked(s, e, "extract.dom_x"))
        pos = e
    _run(page, text, marks)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdef ", min_size=1, max_size=20), min_size=1, max_size=12), st.data())
def test_kept_lines_leave_no_edit(lines, data):
    """Lines the extractor kept whole are never touched: only the others are removed."""
    page = "\n".join(" ".join(l.split()) or "x" for l in lines)
    kept = [l for l in page.split("\n") if data.draw(st.booleans())]
    edits = _run(page, "\n".join(kept))
    removed_words = sum(len(e.before.split()) for e in edits)
    assert removed_words == len(page.split()) - sum(len(l.split()) for l in kept)
