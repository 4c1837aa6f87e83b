"""The edit model's contract (DESIGN.md): apply then undo gives the input back, replay from the base
gives the new text, every edit's offsets index the text just before it; bad spans are refused."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from pipeline.document import Document
from pipeline.edits import EditError, Proposal, apply, replay, set_meta, undo

# Text with some multi-code-point characters and newlines, so offsets are tested on more than ASCII.
TEXT = st.text(alphabet=st.sampled_from("ab c\n\u00e9\u2019\U0001F600\u00a0."), max_size=60)
RULES = st.sampled_from(["t.one", "t.two", "other.rule"])


@st.composite
def text_and_proposals(draw):
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    # consecutive pairs of sorted cuts never overlap; equal cuts make inserts (empty spans), and two
    # inserts at one point apply in the order given (the sort is stable); the order is shuffled
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    props = [Proposal(s, e, draw(st.text(alphabet="xy\n ", max_size=5)), draw(RULES)) for s, e in spans]
    order = draw(st.permutations(range(len(props))))
    return text, [props[i] for i in order]


def _doc(text: str, **meta) -> Document:
    return Document(doc_id="d", source="d.txt", content_type="text", text=text, meta=meta)


def _expected(text: str, props: list[Proposal]) -> str:
    out, pos = [], 0
    for p in sorted(props, key=lambda p: (p.start, p.end)):
        out += [text[pos:p.start], p.replacement]
        pos = p.end
    return "".join(out) + text[pos:]


@settings(max_examples=300, deadline=None)
@given(text_and_proposals())
def test_apply_then_undo_gives_the_input_back(case):
    text, props = case
    doc = apply(_doc(text), "t", props)
    assert doc.text == _expected(text, props)
    assert undo(doc.text, doc.edits) == text
    assert replay(text, doc.edits) == doc.text
    for e in doc.edits:
        assert e.end - e.start == len(e.before)
        assert e.before != e.after  # no-op proposals leave no record
        assert e.stage == "t"
    assert [e.seq for e in doc.edits] == list(range(len(doc.edits)))


@settings(max_examples=150, deadline=None)
@given(text_and_proposals(), st.data())
def test_two_stages_chain_and_undo_through_both(case, data):
    text, props = case
    first = apply(_doc(text), "t", props)
    # a second stage proposes on the first stage's output
    mid = first.text
    cut = data.draw(st.integers(0, len(mid)))
    second = apply(first, "u", [Proposal(cut, len(mid), "END", "u.tail")])
    assert [e.seq for e in second.edits] == list(range(len(second.edits)))
    assert undo(second.text, second.edits) == text
    assert replay(text, second.edits) == second.text
    # replay up to the second stage's first edit gives the first stage's output
    if len(second.edits) > len(first.edits):
        assert replay(text, second.edits, upto_seq=len(first.edits)) == first.text
    # edit rows as the sink stores them (dicts) undo the same way
    rows = [e.__dict__ for e in reversed(second.edits)]
    assert undo(second.text, rows) == text


@pytest.mark.parametrize("props", [
    [Proposal(2, 5, "", "t.a"), Proposal(4, 6, "", "t.b")],        # overlap
    [Proposal(0, 3, "x", "t.a"), Proposal(1, 2, "y", "t.b")],      # nested
    [Proposal(3, 3, "x", "t.a"), Proposal(2, 4, "y", "t.b")],      # insert inside a replaced span
    [Proposal(0, 11, "", "t.a")],                                  # past the end (len 10)
    [Proposal(-1, 2, "", "t.a")],                                  # before the start
    [Proposal(5, 4, "", "t.a")],                                   # end before start
])
def test_overlapping_or_out_of_range_proposals_raise(props):
    with pytest.raises(EditError):
        apply(_doc("0123456789"), "t", props)


def test_rule_names_must_be_stage_dot_name():
    with pytest.raises(EditError, match="stage.snake_case"):
        apply(_doc("abc"), "t", [Proposal(0, 1, "x", "norule")])


def test_undo_refuses_edits_that_do_not_match_the_text():
    doc = apply(_doc("hello world"), "t", [Proposal(0, 5, "HELLO", "t.up")])
    with pytest.raises(EditError):
        undo("something else entirely", doc.edits)
    with pytest.raises(EditError):
        replay("jello world", doc.edits)


def test_set_meta_records_only_actual_changes():
    doc = _doc("x", title="Same", author="Old")
    out = set_meta(doc, "metadata", "metadata.canonical", title="Same", author="New", url="https://a.b/")
    assert dict(out.meta) == {"title": "Same", "author": "New", "url": "https://a.b/"}
    assert [(m.field, m.before, m.after) for m in out.meta_edits] == [("author", "Old", "New"),
                                                                       ("url", None, "https://a.b/")]
    assert [m.seq for m in out.meta_edits] == [0, 1]
    assert all(m.stage == "metadata" and m.rule == "metadata.canonical" for m in out.meta_edits)
    # nothing changes: the very same document comes back, with no record
    assert set_meta(out, "metadata", "metadata.canonical", title="Same", author="New") is out
    again = set_meta(out, "language", "language.langdetect", language="en")
    assert [m.seq for m in again.meta_edits] == [0, 1, 2]


def test_document_metadata_cannot_be_changed_in_place():
    doc = _doc("x", title="T")
    with pytest.raises(TypeError):
        doc.meta["title"] = "other"  # type: ignore[index]


@st.composite
def any_proposals(draw):
    text = draw(st.text(alphabet="abc", max_size=12))
    n = len(text)
    props = []
    for _ in range(draw(st.integers(0, 4))):
        s = draw(st.integers(-2, n + 2))
        e = draw(st.integers(s, n + 3))
        # about one in three is a no-op (replacement equal to the span): it must still claim its span
        rep = text[s:e] if 0 <= s <= e <= n and draw(st.integers(0, 2)) == 0 else draw(st.text("xy", max_size=2))
        props.append(Proposal(s, e, rep, "t.r"))
    return text, props


def _conflict(text: str, props: list[Proposal]) -> bool:
    """Out of range, or two spans sharing a character, or an insert strictly inside another span."""
    if any(not (0 <= p.start <= p.end <= len(text)) for p in props):
        return True
    for i, a in enumerate(props):
        for b in props[i + 1:]:
            if a.start < b.end and b.start < a.end:  # share a character
                return True
            for ins, span in ((a, b), (b, a)):
                if ins.start == ins.end and span.start < ins.start < span.end:
                    return True
    return False


@settings(max_examples=400, deadline=None)
@given(any_proposals())
@example(("abcabc", [Proposal(0, 3, "abc", "t.noop"), Proposal(2, 4, "x", "t.r")]))
def test_edit_error_exactly_when_spans_conflict(case):
    text, props = case
    if _conflict(text, props):
        with pytest.raises(EditError):
            apply(_doc(text), "t", props)
    else:
        doc = apply(_doc(text), "t", props)
        assert undo(doc.text, doc.edits) == text
        assert doc.text == _expected(text, props)


def test_apply_records_edits_equal_to_ones_built_by_the_dataclass():
    """apply builds its Edits without the frozen dataclass's __init__: they must be the same
    objects, with every field the dataclass declares (a field added to Edit fails here)."""
    import dataclasses

    from pipeline.document import Edit
    from pipeline.edits import _record

    made = _record(3, "joins", "joins.camel_glue", 5, 9, "ab c", "abc")
    built = Edit(seq=3, stage="joins", rule="joins.camel_glue", start=5, end=9, before="ab c", after="abc")
    assert made == built and hash(made) == hash(built)
    assert list(vars(made)) == [f.name for f in dataclasses.fields(Edit)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.after = "x"
    doc = Document(doc_id="d", source="s", content_type="text", text="one two  three")
    out = apply(doc, "normalise", [Proposal(7, 9, " ", "normalise.spaces"), Proposal(0, 0, "> ", "normalise.quote"),
                                   Proposal(0, 0, "", "normalise.noop"), Proposal(3, 3, ",", "normalise.comma")])
    assert out.text == "> one, two three"
    # zero-width insertions at one offset keep the order they were proposed in
    assert [(e.rule, e.start, e.end, e.before, e.after) for e in out.edits] == [
        ("normalise.quote", 0, 0, "", "> "), ("normalise.comma", 5, 5, "", ","), ("normalise.spaces", 10, 12, "  ", " ")]
    assert all(type(e) is Edit for e in out.edits)
