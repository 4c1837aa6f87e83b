"""joins leaves HTML inputs alone by default: their blocks come from the markup (see the stage's
``content_types``). Run through ``process`` and the default config, as the pipeline runs it."""
from __future__ import annotations

from conftest import ROOT
from pipeline.config import load
from pipeline.document import Document
from pipeline.process import process
from pipeline.stages.joins import Joins

_TEXT = "Beim Einsatz einer FRITZ!Box geht es schnell.\ncls.browser = webdriver.PhantomJS()\nflagsFinian Cunningham wrote it."


def _joins():
    return [s for s in load(ROOT / "configs" / "default.toml").build_stages() if s.name == "joins"]


def test_html_output_is_not_split_by_default():
    doc = Document(doc_id="h", source="h.html", content_type="html", text=_TEXT)
    out = process(doc, _joins())
    assert out.text == _TEXT and out.edits == ()


def test_the_same_text_input_is_split():
    doc = Document(doc_id="t", source="t.txt", content_type="text", text=_TEXT)
    out = process(doc, _joins())
    assert {e.rule for e in out.edits} >= {"joins.camel_glue"}


def test_html_is_split_when_configured():
    doc = Document(doc_id="h", source="h.html", content_type="html", text=_TEXT)
    out = process(doc, [Joins(content_types=["text", "html"])])
    assert "flags\n\nFinian" in out.text
