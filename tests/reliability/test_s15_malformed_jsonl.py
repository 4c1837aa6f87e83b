"""Scenario 15: every bad JSONL line gets its own named reject; a 50 MB line is never buffered."""
from __future__ import annotations

import json

from invariants import check, snapshot
from rel import doc_set, live_rows, pipe_run

GOOD = "A valid line with a good number of plain words about the harbour"


def test_s15_malformed_jsonl(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    lines = [
        b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": GOOD + " one"}).encode(),   # 1 BOM
        json.dumps({"id": "crlf", "text": GOOD + " two"}).encode() + b"\r",           # 2 CRLF
        b"{not json",                                                                  # 3
        json.dumps({"id": "nokey", "body": "x"}).encode(),                              # 4
        json.dumps({"id": "num", "text": 5}).encode(),                                  # 5
        b"",                                                                           # 6 empty
        b'{"id": "huge", "text": "' + b"w " * (25 << 20) + b'"}',                        # 7: 50 MB
        json.dumps({"id": "last", "text": GOOD + " three"}).encode(),                   # 8
    ]
    (inp / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    # the good records differ by one word only, to stay apart for exact dedup; near dedup is off
    cfg = tmp_path / "c.toml"
    cfg.write_text("[pipeline]\nnear_dedup = false\n")
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, config=cfg)
    assert res.returncode == 0, res.stderr
    assert {d for d, _ in doc_set(out)} == {"mixed.jsonl/bom", "mixed.jsonl/crlf", "mixed.jsonl/last"}
    rej = {r["source"]: (r["rule"], r["detail"]) for r in live_rows(out, "rejects")}
    assert {k: v[0] for k, v in rej.items()} == {"mixed.jsonl:3": "malformed_json", "mixed.jsonl:4": "missing_field",
                                               "mixed.jsonl:5": "missing_field", "mixed.jsonl:7": "too_large"}
    assert all(f"line {k.split(':')[1]}" in d for k, (_r, d) in rej.items())
    check(out, before=before, root=tmp_path, units=7)


def test_s15_line_reader_is_bounded():
    """The reader keeps at most the cap of a long line in memory (the RSS part of the scenario)."""
    import tracemalloc

    from pipeline.sources.jsonl import iter_lines

    cap = 1 << 20
    chunks = (b"x" * (1 << 20) for _ in range(50))   # one 50 MB line, in 1 MB chunks
    tracemalloc.start()
    got = list(iter_lines(chunks, cap))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert got == [(1, 0, None)]
    assert peak < 4 * cap
