"""encoding: plain ASCII and already-clean lines never reach ftfy (the fast path), and produce no edits."""
from __future__ import annotations

import ftfy
import pytest

from pipeline.document import Document
from pipeline.stages.encoding import Encoding


def _doc(text: str) -> Document:
    return Document(doc_id="d", source="d.txt", content_type="text", text=text)


@pytest.fixture
def ftfy_calls(monkeypatch):
    calls = []
    real = ftfy.fix_and_explain

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(ftfy, "fix_and_explain", counting)
    return calls


def test_ascii_text_skips_ftfy(ftfy_calls):
    text = "Plain ASCII, 100% (really).\n\nA second paragraph with 'quotes' and \"more\"."
    out = Encoding()(_doc(text))
    assert out is not None and out.text == text and out.edits == ()
    assert ftfy_calls == []


def test_only_lines_that_need_a_look_reach_ftfy(ftfy_calls):
    text = "plain line\ncafÃ© line\nanother plain line"
    out = Encoding()(_doc(text))
    assert out.text == "plain line\ncafé line\nanother plain line"
    assert ftfy_calls == ["cafÃ© line"]
    assert [e.rule for e in out.edits] == ["encoding.fix_encoding"]
