"""Scenario 6: new names that sort before old ones; per-unit tracking, any worker count."""
from __future__ import annotations

import json

import pytest

from invariants import check, snapshot
from rel import doc_set, html_page, manifests, pipe_run


@pytest.mark.parametrize("workers", [1, 2])
def test_s06_growing_folder(tmp_path, workers):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    words = "plain words about a harbour and a bridge in the evening light"
    (inp / "b.html").write_text(html_page(f"Bee page. {words} one", "B"))
    (inp / "d.html").write_text(html_page(f"Dee page. {words} two", "D"))
    assert pipe_run(inp, out, workers=workers).returncode == 0
    (inp / "a.html").write_text(html_page(f"Ay page. {words} three", "A"))
    (inp / "c.jsonl").write_text(json.dumps({"id": "c1", "text": f"Cee record. {words} four"}) + "\n")
    before = snapshot(tmp_path, out)
    second = pipe_run(inp, out, workers=workers)
    assert second.returncode == 0, second.stderr
    last = manifests(out)[-1]
    assert sorted(i["input_path"] for i in last["inputs"]) == ["a.html", "c.jsonl"]
    assert last["run_counts"]["skipped_unchanged"] == 2
    assert {d for d, _ in doc_set(out)} == {"a", "b", "c.jsonl/c1", "d"}  # a record id is scoped by its file
    check(out, before=before, root=tmp_path, units=4)
