"""Scenario 1: 50 kill -9 at seeded random moments over 2,000 mixed documents, then one full run.

The delay before each kill is the start-up time (a run over one text and one HTML file: the
imports and the warm-up a run does before its workers start, which a run over an empty folder
skips) plus a draw from [0, (clean run time - start-up) / 10], rather than [0, clean run time]:
each run resumes where the last commit left off, so with the full range the corpus is complete
after a few iterations and most of the 50 kills would land on start-up or on runs with nothing
left to do.
"""
from __future__ import annotations

import os
import random
import signal
import time

import pytest
import pyarrow.parquet as pq

from invariants import check, snapshot
from rel import doc_set, make_mixed, manifests, pipe_run, start, write_config

SHARD = 200
JSONL = 50
WORKERS = 2


@pytest.mark.slow
def test_s01_sigkill_repeated(tmp_path):
    inp, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "ref"
    make_mixed(inp, 2000, jsonl_every=JSONL)
    cfg = write_config(tmp_path / "c.toml", pipeline={"shard_rows": SHARD})
    t0 = time.monotonic()
    assert pipe_run(inp, ref, config=cfg).returncode == 0
    clean_seconds = time.monotonic() - t0
    reference = doc_set(ref)
    make_mixed(tmp_path / "two", 2, jsonl_every=JSONL)
    t0 = time.monotonic()
    assert pipe_run(tmp_path / "two", tmp_path / "two_out", config=cfg).returncode == 0
    startup = time.monotonic() - t0
    before = snapshot(inp, out)
    rng = random.Random(1234)
    counter = tmp_path / "calls.txt"
    seen_calls, committed_docs, working = 0, 0, 0
    for _ in range(50):
        proc = start("run", "--input", str(inp), "--output", str(out), "--config", str(cfg), "--workers",
                     str(WORKERS), "--no-progress", PIPELINE_EXTRACT_COUNT=str(counter))
        time.sleep(startup + rng.uniform(0, (clean_seconds - startup) / 10))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _out, err = proc.communicate()
        if "swept" not in err and proc.returncode != -9:
            raise AssertionError(err)
        check(out, after_kill=True)  # every visible file opens: partial files are only ever .tmp-*
        docs = len(doc_set(out))
        calls = len(counter.read_text().split()) if counter.exists() else 0
        # work redone after a kill: what the run processed but did not commit
        redone = (calls - seen_calls) - (docs - committed_docs)
        assert redone <= WORKERS * (SHARD + JSONL), redone
        working += calls > seen_calls and proc.returncode == -9
        seen_calls, committed_docs = calls, docs
    final = pipe_run(inp, out, config=cfg)
    assert final.returncode == 0, final.stderr
    assert "swept" in final.stderr
    check(out, before=before, root=inp, reference=reference)
    assert working >= 3, f"only {working} of the 50 kills landed on a run that was processing"
    for m in manifests(out):
        for table, rows in m["rows"].items():
            for name, n in rows.items():
                if (out / table / name).exists():
                    assert pq.read_metadata(out / table / name).num_rows == n
