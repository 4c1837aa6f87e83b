"""Scenario 10: a reader during a run's commits never fails and never sees the row count go down."""
from __future__ import annotations

import json
import subprocess
import sys

from invariants import check, snapshot
from rel import make_mixed, manifests, pipe_run, start, write_config

READER = r"""
import json, os, sys, time
import pyarrow.dataset as ds, pyarrow.parquet as pq
out = sys.argv[1]
counts, errors = [], []
while not os.path.isdir(os.path.join(out, "documents")):
    time.sleep(0.01)
while len(counts) < 200:
    try:
        runs = sorted(n for n in os.listdir(os.path.join(out, "_runs")) if n.endswith(".json") and n[0] not in "._")
        if not runs:
            time.sleep(0.01); continue
        m = json.load(open(os.path.join(out, "_runs", runs[-1])))
        via_manifest = sum(pq.read_metadata(os.path.join(out, "documents", f)).num_rows for f in m["files"]["documents"])
        via_dataset = ds.dataset(os.path.join(out, "documents"), format="parquet").count_rows()
        counts.append([via_manifest, via_dataset])
    except Exception as exc:
        errors.append(repr(exc)); counts.append(None)
    time.sleep(0.01)
print(json.dumps({"counts": counts, "errors": errors}))
"""


def test_s10_reader_during_commit(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 300, jsonl_every=10)
    cfg = write_config(tmp_path / "c.toml", pipeline={"shard_rows": 30})
    before = snapshot(tmp_path, out)
    writer = start("run", "--input", str(inp), "--output", str(out), "--config", str(cfg), "--workers", "2",
                   "--no-progress")
    reader = subprocess.run([sys.executable, "-c", READER, str(out)], capture_output=True, text=True, timeout=300)
    assert writer.wait(timeout=300) == 0
    assert reader.returncode == 0, reader.stderr
    got = json.loads(reader.stdout)
    assert got["errors"] == []
    for kind in (0, 1):
        seq = [c[kind] for c in got["counts"]]
        assert all(a <= b for a, b in zip(seq, seq[1:])), f"row count went down: {seq}"
    assert len(manifests(out)) >= 10
    check(out, before=before, root=tmp_path, units=300)
