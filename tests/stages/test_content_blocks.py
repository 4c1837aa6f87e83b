"""content: the article's lines of a text input stay word for word, page furniture goes, as audited
edits named content.*; HTML and clean text are left alone; no language comes out empty."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load
from pipeline.document import Document
from pipeline.edits import undo
from pipeline.process import process
from pipeline.stages.content import Content, decode
from conftest import ROOT, dev_text_paths, read_table, run_cli

CASES = ROOT / "tests" / "cases" / "content"
# The article paragraphs (and an in-article subheading) of each case page: they must come out unchanged.
ARTICLE = {
    "page_en.txt": ("The city council voted", "Supporters said", "What the plan includes", "The plan includes",
                    "Work is expected"),
    "page_pt.txt": ("A prefeitura inaugurou", "O espaço conta", "Segundo a secretaria"),
}
FURNITURE = {
    "page_en.txt": ("Sign in", "Related stories", "Council delays vote", "Privacy policy", "All rights reserved"),
    "page_pt.txt": ("Buscar", "Leia também", "Obras na avenida", "Fale conosco", "Todos os direitos"),
}


@pytest.fixture(scope="module")
def stages():
    return load(ROOT / "configs" / "default.toml").build_stages()


def run(stages, name: str, content_type: str = "text") -> Document:
    text = (CASES / name).read_text(encoding="utf-8")
    return process(Document(doc_id=name, source=name, content_type=content_type, text=text), stages)


@pytest.mark.parametrize("name", sorted(ARTICLE))
def test_article_lines_kept_verbatim_and_furniture_removed(stages, name):
    doc = run(stages, name)
    source_lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    paragraphs = doc.text.split("\n\n")
    for opening in ARTICLE[name]:
        original = next(line for line in source_lines if line.startswith(opening))
        assert original in paragraphs, f"{opening!r} changed or lost"
    for furniture in FURNITURE[name]:
        assert furniture not in doc.text
    rules = {e.rule for e in doc.edits if e.stage == "content"}
    assert rules and all(r.startswith("content.") for r in rules)


def test_edits_undo_to_the_input(stages):
    doc = run(stages, "page_en.txt")
    assert undo(doc.text, doc.edits) == (CASES / "page_en.txt").read_text(encoding="utf-8")


def test_clean_article_is_not_changed():
    text = (CASES / "clean_de.txt").read_text(encoding="utf-8")
    doc = Content()(Document(doc_id="d", source="d", content_type="text", text=text))
    assert doc.text == text and not doc.edits


def test_html_inputs_are_left_alone_by_default():
    text = (CASES / "page_en.txt").read_text(encoding="utf-8")
    doc = Document(doc_id="h", source="h.html", content_type="html", text=text)
    assert not Content().applies(doc)
    assert Content(content_types=["text", "html"]).applies(doc)


def test_same_input_same_output(stages):
    assert run(stages, "page_pt.txt").text == run(stages, "page_pt.txt").text


def test_decoder_follows_neighbours_unless_sure():
    # a weak "drop" among confident "keep" lines follows its neighbours; a sure one does not
    assert decode([3.0, 3.0, -0.5, 3.0, 3.0], 0.0, 2.0) == [True] * 5
    assert decode([3.0, 3.0, -9.0, 3.0, 3.0], 0.0, 2.0) == [True, True, False, True, True]
    assert decode([], 0.0, 2.0) == []


def test_model_that_keeps_nothing_falls_back_to_best_lines():
    lines = ["Menu", "Home", "A long enough line of ordinary words that reads like a sentence here.", "Footer"]
    text = "\n".join(lines)
    stage = Content()
    # a model that rejects everything, put in the stage's resource slot before its first use
    stage.resource("model", lambda: {**stage._read_model(), "bias": 50.0})
    assert stage._load()["bias"] == 50.0
    doc = stage(Document(doc_id="x", source="x", content_type="text", text=text))
    assert lines[2] in doc.text


def test_no_dev_page_comes_out_empty_in_any_language(tmp_path):
    """Every dev page (19 of them not English) keeps some text after the whole pipeline."""
    inp = tmp_path / "in"
    inp.mkdir()
    pages = dev_text_paths("page")
    for f in pages:
        (inp / f.name).write_bytes(f.read_bytes())
    run_cli("run", "--input", str(inp), "--output", str(tmp_path / "out"), check=True)
    docs = read_table(tmp_path / "out", "documents")
    assert len(docs) == len(pages)
    assert all(d["n_words"] > 20 for d in docs)
    edits = read_table(tmp_path / "out", "edits")
    assert any(e["rule"].startswith("content.") for e in edits)
