"""Stage boundaries rebuilt from the edit log, and the inline diff over a stage range."""
from __future__ import annotations

import pytest

from pipeline.audit import inline_diff, original, visible
from pipeline.audit.reader import AuditError, between, stages_between
from pipeline.document import Document
from pipeline.edits import Proposal, apply, undo

STAGES = ["debris", "joins", "normalise"]


def _doc() -> tuple[str, list[dict], dict[str, str]]:
    base = "Photo: AP\nFirst partSecond part\n\n\nEnd"
    doc = Document(doc_id="d", source="d.txt", content_type="text", text=base)
    doc = apply(doc, "debris", [Proposal(0, 10, "", "debris.photo_credit")])
    after_debris = doc.text
    doc = apply(doc, "joins", [Proposal(10, 10, "\n\n", "joins.paragraph_glue")])
    after_joins = doc.text
    doc = apply(doc, "normalise", [Proposal(len(after_joins) - 5, len(after_joins) - 3, "", "normalise.blank_lines")])
    edits = [e.__dict__ for e in doc.edits]
    assert undo(doc.text, edits) == base
    return base, edits, {"debris": after_debris, "joins": after_joins, "clean": doc.text}


def test_every_boundary_is_the_text_the_stage_saw():
    base, edits, texts = _doc()
    start, inside = between(base, edits, STAGES, "joins", "joins")
    assert start == texts["debris"] and [e["rule"] for e in inside] == ["joins.paragraph_glue"]
    segs = inline_diff(start, inside)
    assert original(segs) == texts["debris"] and visible(segs) == texts["joins"]
    start, inside = between(base, edits, STAGES, "input", "clean")
    assert start == base and visible(inline_diff(start, inside)) == texts["clean"]
    start, inside = between(base, edits, STAGES, "normalise", "clean")
    assert start == texts["joins"] and visible(inline_diff(start, inside)) == texts["clean"]


def test_points_are_checked():
    assert stages_between(STAGES, "joins", "normalise") == ["joins", "normalise"]
    assert stages_between(STAGES, "input", "debris") == ["debris"]
    with pytest.raises(AuditError, match="choose input, clean or a stage"):
        stages_between(STAGES, "extract", "clean")
    with pytest.raises(AuditError, match="comes after"):
        stages_between(STAGES, "normalise", "debris")
