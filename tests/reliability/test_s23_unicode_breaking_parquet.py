"""Scenario 23: lone surrogates, NUL characters and a non-UTF-8 file name never fail a batch.

NUL policy: NUL and the other C0 controls but tab and newline are stripped by normalise, each an
audited edit (normalise.control_chars)."""
from __future__ import annotations

import os

import pyarrow.parquet as pq

from invariants import check, snapshot
from rel import live_rows, pipe_run

WORDS = "plain words about the harbour bridge and the evening light"


def test_s23_unicode_breaking_parquet(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "weird.jsonl").write_text(
        '{"id": "sur", "text": "Broken \\ud800 surrogate among ' + WORDS + '"}\n'
        '{"id": "nul", "text": "Nul\\u0000 char\\u0001acters among ' + WORDS + '"}\n', encoding="utf-8")
    raw_name = b"bad\xff\nname.html"
    with open(os.path.join(os.fsencode(inp), raw_name), "w") as fh:
        fh.write(f"<html><body><article><p>A page with a strange name and {WORDS}</p></article></body></html>")
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out)
    assert res.returncode == 0, res.stderr
    docs = {r["doc_id"].removeprefix("weird.jsonl/"): r for r in live_rows(out, "documents")}
    assert "\ufffd surrogate" in docs["sur"]["text"]
    assert "\x00" not in docs["nul"]["text"] and "\x01" not in docs["nul"]["text"]
    edits = live_rows(out, "edits")
    # repaired where it enters (a JSON escape) and noted, or by normalise as an edit: audited either way
    assert ("sources.invalid_unicode" in (docs["sur"]["notes"] or "")
            or any(e["doc_id"] == "weird.jsonl/sur" and e["rule"] == "normalise.invalid_unicode" for e in edits))
    assert sum(e["doc_id"] == "weird.jsonl/nul" and e["rule"] == "normalise.control_chars" for e in edits) == 2
    # the odd name: an escaped string column plus the exact bytes, which round-trip
    odd = [r for r in docs.values() if r["input_path_raw"]]
    assert len(odd) == 1 and odd[0]["input_path_raw"] == raw_name
    assert odd[0]["input_path"] == "bad\\xff\nname.html"
    for f in (out / "documents").glob("*.parquet"):
        pq.read_table(f)
    check(out, before=before, root=tmp_path, units=3)
