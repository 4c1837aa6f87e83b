"""The per-document fold: stages in order, html-only stages skip text, a raising stage becomes a
drop naming it (never a crashed run), and nothing runs after a drop."""
from __future__ import annotations

from pipeline.document import Document
from pipeline.edits import Proposal, apply
from pipeline.process import process, to_reject
from pipeline.stages.base import Stage


class Upper(Stage):
    name = "upper"

    def __call__(self, doc):
        return apply(doc, self.name, [Proposal(0, 1, doc.text[:1].upper(), "upper.first")])


class Boom(Stage):
    name = "boom"

    def __call__(self, doc):
        raise RuntimeError("kaboom")


class HtmlOnly(Upper):
    name = "htmlonly"
    content_types = ("html",)


def test_order_skip_error_and_stop():
    calls = []

    class Spy(Stage):
        name = "spy"

        def __call__(self, doc):
            calls.append(doc.text)
            return doc

    doc = Document(doc_id="d", source="d.txt", content_type="text", text="hello")
    timings = {}
    out = process(doc, [HtmlOnly(), Upper(), Spy(), Boom(), Spy()], timings)
    assert out.text == "Hello" and [e.rule for e in out.edits] == ["upper.first"]
    assert calls == ["Hello"]  # once: the second spy runs after the drop, so it never runs
    assert (out.drop.stage, out.drop.rule) == ("boom", "boom.error")
    assert "RuntimeError" in out.drop.reason and "kaboom" in out.drop.detail
    assert set(timings) == {"upper", "spy", "boom"}
    rej = to_reject(out)
    assert (rej.doc_id, rej.stage, rej.rule, rej.text) == ("d", "boom", "boom.error", "Hello")
