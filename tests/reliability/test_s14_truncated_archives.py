"""Scenario 14: cut and corrupt archives keep their complete records (JSONL/gzip part; WARC input
does not exist yet, so its cases wait for the WARC reader)."""
from __future__ import annotations

import gzip
import json

from invariants import check, snapshot
from rel import body, doc_set, live_rows, pipe_run, reject_reasons
import random


def _records(n: int) -> bytes:
    rng = random.Random(3)
    return b"".join(json.dumps({"id": f"r{i}", "text": body(rng, f"r{i}")}).encode() + b"\n" for i in range(n))


def test_s14_truncated_archives(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    gz = gzip.compress(_records(200))
    (inp / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    (inp / "notgzip.txt.gz").write_text("A file named gz that is plain text with enough words to keep.")
    (inp / "trailing.jsonl.gz").write_bytes(gzip.compress(_records(3)) + b"GARBAGE AFTER THE STREAM")
    before = snapshot(inp, out)
    first = pipe_run(inp, out)
    assert first.returncode == 0, first.stderr
    rejects = {r["source"]: r for r in live_rows(out, "rejects")}
    cut = [s for s, r in rejects.items() if r["rule"] == "truncated_record"]
    assert len(cut) == 1 and cut[0].startswith("cut.jsonl.gz:")
    rest = rejects["cut.jsonl.gz:rest"]
    assert rest["rule"] == "truncated_archive" and "byte" in rest["detail"]
    ids = {d for d, _ in doc_set(out)}
    complete = int(cut[0].split(":")[1]) - 1
    assert {f"cut.jsonl.gz/r{i}" for i in range(complete)} <= ids and complete > 50  # records before the cut are written
    assert "notgzip" in ids
    texts = {r["doc_id"]: r["text"] for r in live_rows(out, "documents")}
    assert all(t for t in texts.values())
    snapshot1 = (doc_set(out), reject_reasons(out))
    # a rerun from scratch gives the same result; it never flips between partial and full
    again = tmp_path / "again"
    assert pipe_run(inp, again).returncode == 0
    assert (doc_set(again), reject_reasons(again)) == snapshot1
    check(out, before=before, root=inp, units=complete + 2 + 1 + 3)
