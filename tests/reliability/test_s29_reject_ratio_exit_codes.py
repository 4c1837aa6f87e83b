"""Scenario 29: too many rejects exit 2 with the good documents committed; 0 inputs exit 0."""
from __future__ import annotations

import pytest

from invariants import check, snapshot
from rel import doc_set, manifests, pipe_run, write_config


@pytest.mark.parametrize("bad,code,status", [(3, 2, "degraded"), (1, 0, "ok")])
def test_s29_reject_ratio_exit_codes(tmp_path, bad, code, status):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(10 - bad):
        (inp / f"good{i}.txt").write_text(f"Good document number {i} has enough plain words to be kept.")
    for i in range(bad):
        (inp / f"bad{i}.txt").write_bytes(b"")
    cfg = write_config(tmp_path / "c.toml", pipeline={"max_reject_ratio": 0.2})
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, config=cfg)
    assert res.returncode == code, res.stderr
    assert manifests(out)[-1]["status"] == status
    assert len(doc_set(out)) == 10 - bad
    check(out, before=before, root=tmp_path, units=10)


def test_s29_zero_inputs(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    res = pipe_run(inp, out)
    assert res.returncode == 0, res.stderr
    assert "0 discovered" in res.stdout
    assert manifests(out) == []
    check(out)
