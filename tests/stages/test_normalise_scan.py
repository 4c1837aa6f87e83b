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


_BLANKS = ["a", "b", ".", " ", " ", "  ", "\t", "\n", "\n", "\n\n", " \n", "\t\n ", "\r", "\x0b", "\x0c", "\x1c",
           "\x1f", "\x85", "\u00a0", "\u2003", "\u2028", "\u3000", "é"]


def reference_layout(text):
    return [(m.start(), m.end(), m.lastgroup) for m in mod._LAYOUT.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_BLANKS), max_size=40).map("".join))
def test_inner_scan_finds_what_the_layout_pattern_finds(text):
    assert mod.layout(text) == reference_layout(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_inner_scan_on_any_text(text):
    assert mod.layout(text) == reference_layout(text)


class _Reference(mod.Normalise):
    """The layout pass as it was: every _LAYOUT match proposed, no-ops included."""

    def __call__(self, doc):
        from pipeline.edits import Proposal, apply

        props = []
        for hit in mod._ANY_CHAR.finditer(doc.text):
            m = mod._CHARS.match(doc.text, hit.start())
            kind = m.lastgroup
            if (kind == "space" and not self.unicode_spaces) or (kind == "invisible" and not self.invisible_chars):
                continue
            props.append(Proposal(m.start(), m.end(), mod._REPLACE[kind], mod._RULES[kind]))
        doc = apply(doc, self.name, props)
        props = []
        for m in mod._LAYOUT.finditer(doc.text):
            kind, s = m.lastgroup, m.group()
            if kind in ("lead", "tail"):
                props.append(Proposal(m.start(), m.end(), "", "normalise.strip"))
            elif kind == "spaces":
                props.append(Proposal(m.start(), m.end(), "\t" if "\t" in s else " ", "normalise.inner_space"))
            else:
                n = s.count("\n")
                if n == 1 and not self.one_paragraph_per_line:
                    props.append(Proposal(m.start(), m.end(), "\n", "normalise.trailing_space"))
                elif n == 1:
                    props.append(Proposal(m.start(), m.end(), "\n\n", "normalise.paragraph_break"))
                else:
                    rule = "normalise.blank_lines" if n > 2 else "normalise.trailing_space"
                    props.append(Proposal(m.start(), m.end(), "\n\n", rule))
        return apply(doc, self.name, props)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_BLANKS + _CHARS), max_size=40).map("".join), st.booleans(), st.booleans(),
       st.booleans())
def test_stage_output_and_edits_as_before(text, spaces, invisible, per_line):
    opts = dict(unicode_spaces=spaces, invisible_chars=invisible, one_paragraph_per_line=per_line)
    doc = Document(doc_id="d", source="s", content_type="text", text=text)
    fast, ref = mod.Normalise(**opts)(doc), _Reference(**opts)(doc)
    assert fast.text == ref.text and fast.edits == ref.edits
