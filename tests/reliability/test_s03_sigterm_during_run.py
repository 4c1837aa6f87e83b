"""Scenario 3: SIGTERM at 30% progress: exit 143 within 10 s, finished batches committed, the run
marked interrupted, and the next run processes exactly the units not yet committed."""
from __future__ import annotations

import signal
import time

import pytest

from invariants import check, snapshot
from rel import doc_set, make_mixed, manifests, pipe_run, start, write_config


def _scenario(tmp_path, n):
    inp, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "ref"
    make_mixed(inp, n, jsonl_every=min(50, n // 20))
    cfg = write_config(tmp_path / "c.toml", pipeline={"shard_rows": n // 10})
    assert pipe_run(inp, ref, config=cfg).returncode == 0
    reference = doc_set(ref)
    before = snapshot(tmp_path, out)
    proc = start("run", "--input", str(inp), "--output", str(out), "--config", str(cfg), "--workers", "2",
                 "--no-progress")
    deadline = time.monotonic() + 300
    while len(manifests(out)) < 3:  # the commit log is the progress file: 3 of ~10 batches
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    t0 = time.monotonic()
    code = proc.wait(timeout=30)
    assert time.monotonic() - t0 < 10
    assert code == 143, proc.stderr.read()
    ms = manifests(out)
    assert ms[-1]["status"] == "interrupted" and ms[-1]["final"]
    assert all(m["status"] == "running" for m in ms[:-1])
    committed = {i["input_path"] for m in ms for i in m["inputs"]}
    check(out)  # G2: no temp file after SIGTERM
    rerun = pipe_run(inp, out, config=cfg)
    assert rerun.returncode == 0, rerun.stderr
    later = manifests(out)[len(ms):]
    redone = [i["input_path"] for m in later for i in m["inputs"]]
    all_inputs = {p.name for p in inp.iterdir()}
    assert sorted(redone) == sorted(all_inputs - committed), "the rerun must process exactly the rest"
    check(out, before=before, root=tmp_path, reference=reference)


def test_s03_sigterm_during_run(tmp_path):
    _scenario(tmp_path, 200)


@pytest.mark.slow
def test_s03_sigterm_during_run_2000_docs(tmp_path):
    _scenario(tmp_path, 2000)


def test_s03_sigint_exits_130(tmp_path):
    """Ctrl-C (SIGINT) takes the same path as SIGTERM, with exit code 130."""
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 150, jsonl_every=10)
    cfg = write_config(tmp_path / "c.toml", pipeline={"shard_rows": 15})
    proc = start("run", "--input", str(inp), "--output", str(out), "--config", str(cfg), "--workers", "2",
                 "--no-progress")
    deadline = time.monotonic() + 300
    while len(manifests(out)) < 1:
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130, proc.stderr.read()
    assert manifests(out)[-1]["status"] == "interrupted"
    check(out)
