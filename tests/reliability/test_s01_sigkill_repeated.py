"""Scenario 1: 50 kill -9 at seeded random moments over 2,000 mixed documents, then one full run.

Each kill is timed by measured progress, not by the clock: the run is killed once its workers have
processed a seeded random number of documents (the tests' launcher counts them), drawn from
[1, an eighth of the documents not yet committed]. A run must process every uncommitted document
to finish, so each kill lands while documents are in flight, on a loaded machine as on an idle
one, and the corpus is never complete before the 50th.
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
    assert pipe_run(inp, ref, config=cfg).returncode == 0
    reference = doc_set(ref)
    total = len(reference)
    before = snapshot(inp, out)
    rng = random.Random(1234)
    counter = tmp_path / "calls.txt"
    seen_calls, committed_docs, working = 0, 0, 0
    for _ in range(50):
        proc = start("run", "--input", str(inp), "--output", str(out), "--config", str(cfg), "--workers",
                     str(WORKERS), "--no-progress", PIPELINE_EXTRACT_COUNT=str(counter))
        target = seen_calls + rng.randint(1, max(1, (total - committed_docs) // 8))
        while proc.poll() is None and _calls(counter) < target:
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _out, err = proc.communicate()
        if "swept" not in err and proc.returncode != -9:
            raise AssertionError(err)
        check(out, after_kill=True)  # every visible file opens: partial files are only ever .tmp-*
        docs = len(doc_set(out))
        calls = _calls(counter)
        # work redone after a kill: what the run processed but did not commit
        redone = (calls - seen_calls) - (docs - committed_docs)
        assert redone <= WORKERS * (SHARD + JSONL), redone
        working += calls > seen_calls and proc.returncode == -9
        seen_calls, committed_docs = calls, docs
    final = pipe_run(inp, out, config=cfg)
    assert final.returncode == 0, final.stderr
    assert "swept" in final.stderr
    check(out, before=before, root=inp, reference=reference)
    assert working == 50, f"only {working} of the 50 kills landed on a run that was processing"
    for m in manifests(out):
        for table, rows in m["rows"].items():
            for name, n in rows.items():
                if (out / table / name).exists():
                    assert pq.read_metadata(out / table / name).num_rows == n


def _calls(counter) -> int:
    """Documents the runs' workers have processed so far (one line each)."""
    return len(counter.read_text().split()) if counter.exists() else 0
