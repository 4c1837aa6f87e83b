"""Scenario 11: EFBIG from a real file-size limit, and ENOSPC in each writer: exit 75, no partial file,
earlier commits intact, and a rerun without the fault gives the reference corpus."""
from __future__ import annotations

import resource
import signal
import subprocess

import pytest

from invariants import check, snapshot
from rel import ROOT, cmd, doc_set, env, make_mixed, manifests, pipe_run


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """Inputs in two parts (the second hidden at first) and the reference corpus of both."""
    base = tmp_path_factory.mktemp("s11")
    inp, ref = base / "in", base / "ref"
    make_mixed(inp, 10, jsonl_every=5)
    make_mixed(inp / "more", 60, seed=9, jsonl_every=20, prefix="m")
    (inp / "more" / "empty.txt").write_bytes(b"")  # so the rejects writer has work
    assert pipe_run(inp, ref).returncode == 0
    return inp, doc_set(ref)


def _corpus(tmp_path, shared):
    inp, reference = shared
    out = tmp_path / "out"
    (inp / "more").rename(inp / ".more")  # hidden names are not inputs
    try:
        assert pipe_run(inp, out).returncode == 0  # an earlier commit that must stay intact
    finally:
        (inp / ".more").rename(inp / "more")
    return inp, out, reference


def _after_fault(tmp_path, inp, out, reference, res, before_manifests, before):
    assert res.returncode == 75, res.stderr
    assert "ENOSPC" in res.stderr or "EFBIG" in res.stderr, res.stderr
    assert str(out) in res.stderr
    assert manifests(out) == before_manifests
    check(out, before=before, root=inp)
    assert pipe_run(inp, out).returncode == 0
    check(out, reference=reference)


def test_s11_disk_full_efbig(tmp_path, shared):
    inp, out, reference = _corpus(tmp_path, shared)
    before_m, before = manifests(out), snapshot(inp, out)

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    res = subprocess.run(cmd("run", "--input", str(inp), "--output", str(out), "--workers", "2", "--no-progress"),
                         cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300, preexec_fn=limit)
    _after_fault(tmp_path, inp, out, reference, res, before_m, before)


@pytest.mark.parametrize("target", ["documents", pytest.param("rejects", marks=pytest.mark.slow),
                                    pytest.param("edits", marks=pytest.mark.slow), "_runs"])
def test_s11_disk_full_enospc(tmp_path, shared, target):
    inp, out, reference = _corpus(tmp_path, shared)
    before_m, before = manifests(out), snapshot(inp, out)
    res = pipe_run(inp, out, PIPELINE_FAULT_ENOSPC_AFTER=100, PIPELINE_FAULT_ENOSPC_TARGET=target)
    _after_fault(tmp_path, inp, out, reference, res, before_m, before)
