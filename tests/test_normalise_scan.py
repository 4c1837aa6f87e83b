"""normalise finds the characters it fixes through a one-class scan; that must find exactly the
matches a scan with the full pattern finds."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.stages import normalise as mod

_CHARS = ["a", "b", " ", "\n", "\r", "\r\n", "\t", "\u2028", "\u2029", "\x85", "\x00", "\x07", "\x1f", "\x7f",
          "\x80", "\x9f", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u00a0", "\u2003", "\u3000", "\ud800", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CHARS), max_size=40).map("".join))
def test_one_class_scan_finds_what_the_full_pattern_finds(text):
    fast = [(m.start(), m.end(), m.lastgroup) for m in
            (mod._CHARS.match(text, h.start()) for h in mod._ANY_CHAR.finditer(text))]
    full = [(m.start(), m.end(), m.lastgroup) for m in mod._CHARS.finditer(text)]
    assert fast == full
    out = mod.Normalise()(Document(doc_id="d", source="s", content_type="text", text=text))
    assert "\r" not in out.text and "\u00a0" not in out.text and "\ud800" not in out.text
