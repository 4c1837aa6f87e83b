"""Scenario 25: ids that look like paths stay column values; no file is named after them."""
from __future__ import annotations

import json

from invariants import check, snapshot
from rel import live_rows, pipe_run

WORDS = "with a fair number of plain words about the harbour"


def test_s25_path_traversal_ids(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    ids = [f"../../../../{tmp_path}/pwned", "a/b/c", "nul\x00id", "x" * 300,
           "http://example.com/../../etc/passwd"]
    (inp / "ids.jsonl").write_text("\n".join(json.dumps({"id": i, "text": f"Document {n} {WORDS}"})
                                             for n, i in enumerate(ids)) + "\n")
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out)
    assert res.returncode == 0, res.stderr
    assert sorted(r["doc_id"] for r in live_rows(out, "documents")) == sorted(f"ids.jsonl/{i}" for i in ids)  # stored exactly, scoped by the file
    assert not (tmp_path / "pwned").exists()
    for p in out.rglob("*"):
        assert p.name == ".lock" or p.name.startswith(("part-", "0")) or p.is_dir(), p
    check(out, before=before, root=tmp_path, units=len(ids))
