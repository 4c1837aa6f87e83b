"""Scenario 20: texts with no language features get "und" (lang_reason=no_features), never an
exception; a fixed seed gives one answer for the same text."""
from __future__ import annotations

import json

from invariants import check, snapshot
from rel import live_rows, pipe_run

EDGE = {"empty": "", "spaces": "   ", "digits": "12345 678", "url": "http://example.com/a", "punct": "!!!???",
        "cjk": "栈", "armenian": "Բարեւ ձեզ, ինչպես եք այսօր"}


def test_s20_langdetect_edge_cases(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    lines = [json.dumps({"id": k, "text": v}) for k, v in EDGE.items()]
    lines += [json.dumps({"id": f"otec{i}", "text": "Otec matka syn."}) for i in range(30)]
    (inp / "edge.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[pipeline]\ndedup = false\nnear_dedup = false\n[stages.filters]\nmin_words = 0\n")
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, config=cfg)
    assert res.returncode == 0, res.stderr
    # record ids are scoped by their file ("edge.jsonl/empty"): keyed here by the record's own id
    rows = {r["doc_id"].removeprefix("edge.jsonl/"): r for r in live_rows(out, "documents")}
    filtered = {r["doc_id"].removeprefix("edge.jsonl/"): r["rule"] for r in live_rows(out, "rejects")}
    assert all(rule.startswith("filters.") for rule in filtered.values()), filtered  # never an exception
    for k in ("empty", "spaces", "digits", "punct"):
        if k in filtered:
            continue
        assert rows[k]["language"] == "und" and rows[k]["language_score"] == 0.0
        assert json.loads(rows[k]["notes"])["language.lang_reason"] == "no_features"
    assert all(rows[k]["language"] for k in ("cjk", "armenian") if k not in filtered)
    assert len({rows[f"otec{i}"]["language"] for i in range(30)}) == 1
    assert len({rows[f"otec{i}"]["language_score"] for i in range(30)}) == 1
    check(out, before=before, root=tmp_path, units=len(EDGE) + 30)
