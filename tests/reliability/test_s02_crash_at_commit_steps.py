"""Scenario 2: a crash at each step of the commit protocol, then a rerun."""
from __future__ import annotations

import pytest

from invariants import check, snapshot
from rel import doc_set, make_mixed, pipe_run, write_config

POINTS = ("after_tmp_write", "after_fsync", "after_verify", "after_rename", "after_manifest_tmp",
          "after_manifest_commit", "after_rejects_commit")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Inputs (with one reject, so the rejects table is written) and a clean reference run."""
    base = tmp_path_factory.mktemp("s02")
    inp = base / "in"
    make_mixed(inp, 40, jsonl_every=10)
    (inp / "empty.txt").write_bytes(b"")
    cfg = write_config(base / "c.toml", pipeline={"shard_rows": 15})
    ref = base / "ref"
    assert pipe_run(inp, ref, config=cfg).returncode == 0
    return inp, cfg, doc_set(ref)


@pytest.mark.parametrize("point", POINTS)
def test_s02_crash_at_commit_steps(tmp_path, corpus, point):
    inp, cfg, reference = corpus
    out = tmp_path / "out"
    before = snapshot(inp, out)
    crashed = pipe_run(inp, out, config=cfg, PIPELINE_CRASH_AT=point)
    assert crashed.returncode == 137, crashed.stderr
    check(out, after_kill=True)
    rerun = pipe_run(inp, out, config=cfg)
    assert rerun.returncode == 0, rerun.stderr
    assert "swept" in rerun.stderr
    # a shard renamed into place but never committed is gone, not read: no duplicates, nothing lost
    check(out, before=before, root=inp, reference=reference)


def test_s12_verify_after_write(tmp_path, corpus):
    """Scenario 12 (kept here, it shares the fixture): a temp shard cut short between close and rename."""
    inp, cfg, reference = corpus
    out = tmp_path / "out"
    bad = pipe_run(inp, out, config=cfg, PIPELINE_CRASH_AT="after_close_corrupt")
    assert bad.returncode == 75, bad.stderr
    assert "not committed" in bad.stderr or "rows" in bad.stderr
    check(out)
    assert pipe_run(inp, out, config=cfg).returncode == 0
    check(out, reference=reference)
