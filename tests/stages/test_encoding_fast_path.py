"""encoding: plain ASCII and already-clean lines never reach ftfy (the fast path), and produce no edits."""
from __future__ import annotations

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.stages.encoding import Encoding
from conftest import ROOT


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


def test_clean_non_ascii_lines_skip_ftfy(ftfy_calls):
    text = "Café “quoted” — naïve Straße 5 €\nthe ﬁnal line\nP&eacute;rez"
    out = Encoding()(_doc(text))
    assert out.text == "Café “quoted” — naïve Straße 5 €\nthe final line\nPérez"
    assert ftfy_calls == ["the ﬁnal line", "P&eacute;rez"]


# Characters that make mojibake, entities, ligatures, controls and unnormalised text.
_MOJI = ["Ã©", "Ã", "&", "&amp", ";", "AT&T", "&#x", "â€™", "â€œ", "Ã¼", "Ã¶", "Â ", "Â", "ï»¿", "Ð¿Ñ€Ð¸", "ã‚", "\x80", "\x9d", "\x1b[31m",
         "&amp;", "&eacute;", "&EACUTE;", "&#233;", "ﬁ", "Ĳ", "ǆ", "e\u0301", "Å", "Å", "é", "’", "“", "—",
         "…", "ü", "ß", "€", "£", "½", "²", "№", "Ω", "ж", "日本", "한", " ", "a", "Z", "5", ".", "<", ">",
         "╔", "¿", "¡", "«", "»", "°", "±", "×", "·"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MOJI), max_size=12).map("".join))
def test_lines_the_fast_test_passes_are_left_alone_by_ftfy(line):
    """The stage skips ftfy for lines its test calls unchanged: ftfy must agree on every one."""
    stage = Encoding()
    unchanged = stage._unchanged()
    if unchanged(line):
        fixed, _steps = ftfy.fix_and_explain(line, ftfy.TextFixerConfig(**stage.options))
        assert fixed == line


def test_fast_test_agrees_with_ftfy_on_dev_lines():
    import glob
    import os

    stage = Encoding()
    unchanged, config = stage._unchanged(), ftfy.TextFixerConfig(**stage.options)
    paths = sorted(glob.glob(os.path.join(ROOT.parent, "shared", "bench", "dev",
                                          "page", "*")))
    assert paths, "the shared dev pages should be beside the checkout"
    skipped = 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                if unchanged(line):
                    skipped += 1
                    assert ftfy.fix_and_explain(line, config).text == line
    assert skipped > 1000  # the test is not vacuous: most dev lines take the fast path
