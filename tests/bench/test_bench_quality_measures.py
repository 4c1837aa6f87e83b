"""bench-quality's harm measures (benchmarks/quality_measures.py): false splits found by walking the
real edits back, false drops from reject texts, per-rule shares on snippet pages."""
from __future__ import annotations

import sys

from pipeline.document import Document
from pipeline.edits import Proposal, apply
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import quality_measures as qm  # noqa: E402


def joined_then_split(text: str, at: int) -> tuple[str, list[dict]]:
    doc = Document(doc_id="d", source="d.txt", content_type="text", text=text)
    doc = apply(doc, "joins", [Proposal(at, at, "\n\n", "joins.paragraph_glue")])
    doc = apply(doc, "content", [Proposal(0, 5, "", "content.menu_item")])
    return doc.text, [e.__dict__ for e in doc.edits]


def test_split_inside_a_reference_paragraph_is_false():
    text = "Menu\nThe test uses StaticLiveServerTestCase for the browser checks in this suite."
    at = text.index("ServerTestCase")
    clean, edits = joined_then_split(text, at)
    points = qm.split_points(clean, edits)
    assert len(points) == 1
    left, right = points[0]
    assert left.endswith("StaticLive") and right.startswith("ServerTestCase")
    paragraphs = qm.reference_paragraphs("The test uses StaticLiveServerTestCase for the browser checks in this suite.")
    assert qm.false_split(left, right, paragraphs)


def test_split_at_a_reference_paragraph_break_is_not_false():
    text = "Menu\nThe proposal is to be welcomed.Nevertheless the council voted against it today."
    clean, edits = joined_then_split(text, text.index("Nevertheless"))
    (left, right), = qm.split_points(clean, edits)
    gold = "The proposal is to be welcomed.\n\nNevertheless the council voted against it today."
    assert not qm.false_split(left, right, qm.reference_paragraphs(gold))


def test_false_drop_needs_the_reference_in_the_rejected_text():
    gold = {"a": "one two three four five six seven eight", "b": "nine ten eleven twelve thirteen fourteen"}
    rejects = {"a": ("filters.top_ngram", "one two three four five six seven eight"),
               "b": ("filters.min_words", "menu menu")}
    assert qm.false_drops(rejects, gold) == {"a": "filters.top_ngram"}
    case = {"with": ["keep this", "and this"], "without": ["drop"]}
    assert qm.false_drops({"s": ("filters.x", "keep this and that")}, {"s": case}) == {"s": "filters.x"}
    assert qm.false_drops({"s": ("filters.x", "nothing")}, {"s": case}) == {}


def test_snippet_rule_share_counts_must_keep_text_missing_from_the_output():
    case = {"with": ["The article sentence that matters."], "without": ["Subscribe to our newsletter"]}
    removals = [("page:s", "content.page_footer", "The article sentence that matters.\n"),
                ("page:s", "content.menu_item", "Subscribe to our newsletter\n")]
    rates = qm.snippet_rule_rates(removals, {"page:s": case}, {"page:s": "Other text."})
    assert rates["content.page_footer"] == [1, len(case["with"][0]), len(case["with"][0])]
    assert rates["content.menu_item"] == [1, len(case["without"][0]), 0]
