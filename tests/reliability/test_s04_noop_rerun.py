"""Scenario 4: rerunning with nothing new writes nothing and reads nothing past a stat."""
from __future__ import annotations

import hashlib

from invariants import check, snapshot
from rel import make_mixed, manifests, pipe_run


def _hashes(out):
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()
            and p.name != ".lock"}


def test_s04_noop_rerun(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 20, jsonl_every=5)
    counter = tmp_path / "calls.txt"
    first = pipe_run(inp, out, PIPELINE_EXTRACT_COUNT=counter)
    assert first.returncode == 0, first.stderr
    assert len(counter.read_text().split()) == 20
    counter.unlink()
    before_out, before = _hashes(out), snapshot(tmp_path, out)
    again = pipe_run(inp, out, PIPELINE_EXTRACT_COUNT=counter)
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout
    assert not counter.exists(), "the no-op run processed documents"
    assert len(manifests(out)) == 1, "a no-op run makes no commit"
    assert _hashes(out) == before_out
    check(out, before=before, root=tmp_path)
