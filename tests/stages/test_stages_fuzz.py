"""Every text stage on random text: never raises, keeps the edit contract, and normalise's layout
promise holds whatever came before it."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline import config as cfg
from pipeline.document import Document
from pipeline.edits import replay, undo
from pipeline.process import process

# The characters the stages care about: letters of both cases, sentence punctuation, digits, the
# whitespace and invisible characters normalise handles, mojibake-prone and credit characters.
ALPHABET = st.sampled_from(list("aAbBzZéÉ.!?,;:'\"”’ 0129\n\n\t\r©/*-") +
                           ["\u00a0", "\u200b", "\u00ad", "\x00", "\x85", "\u2028", "\ud800", "Ã©", "â€™",
                            "&amp;", "ﬁ", "Leave a Reply", "Back to top", "By Jane Doe", "About the Author",
                            "© AFP 2021 / ", "welcomed.Nevertheless", "flagsFinian"])
TEXT = st.lists(ALPHABET, max_size=80).map("".join)

_STAGES = cfg.load(None, {"stages": [s for s in cfg.DEFAULT_STAGES if s != "extract"]}).build_stages()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_each_stage_keeps_the_edit_contract(text):
    doc = Document(doc_id="f", source="f.txt", content_type="text", text=text)
    for stage in _STAGES:
        before = doc
        doc = stage(doc)  # a stage that raises here would turn documents into rejects in a run
        new = doc.edits[len(before.edits):]
        assert undo(doc.text, new) == before.text, stage.name
        assert replay(before.text, new) == doc.text, stage.name
        if doc.dropped:
            break
    assert undo(doc.text, doc.edits) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_clean_text_layout(text):
    doc = process(Document(doc_id="f", source="f.txt", content_type="text", text=text), _STAGES)
    if doc.drop is not None:
        assert doc.drop.stage == "filters", doc.drop  # never a stage error
        return
    out = doc.text
    assert out == out.strip()
    assert "\n\n\n" not in out and "\r" not in out
    assert not re.search(r"[ \t]\n|\n[ \t]", out)
    assert not re.search(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]", out)
    out.encode("utf-8")  # storable
