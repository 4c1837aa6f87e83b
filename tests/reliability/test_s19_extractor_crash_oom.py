"""Scenario 19: the extractor dies, runs out of memory or blocks in C on document k."""
from __future__ import annotations

import pytest

from invariants import check, snapshot
from rel import doc_set, html_page, manifests, pipe_run, reject_reasons, write_config


@pytest.mark.parametrize("hook,reason", [("exit", "extraction_crashed"), ("oom", "extraction_crashed"),
                                         ("sleep", "extraction_timeout")])
def test_s19_extractor_crash_oom(tmp_path, hook, reason):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for k in range(6):
        (inp / f"page{k}.html").write_text(html_page(f"Page {k} has a paragraph of plain words about the "
                                                     f"harbour and the bridge and item {k}", f"T{k}"))
    cfg = write_config(tmp_path / "c.toml", limits={"doc_timeout_seconds": 3, "worker_memory_bytes": 768 << 20})
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, config=cfg, workers=1, timeout=120, PIPELINE_EXTRACT_HOOK=f"{hook}:page2")
    assert res.returncode == 0, res.stderr
    assert reject_reasons(out) == {"page2.html": reason}
    assert {d for d, _ in doc_set(out)} == {f"page{k}" for k in range(6) if k != 2}  # k+1 onward written
    assert manifests(out)[-1]["respawns"] == 1  # the parent survived and replaced the worker
    check(out, before=before, root=tmp_path, units=6)
