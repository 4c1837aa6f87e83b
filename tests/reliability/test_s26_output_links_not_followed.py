"""Scenario 26: a link planted at an output, lock or temp path is refused or replaced, never written through."""
from __future__ import annotations

import os

import pytest

from invariants import check, snapshot
from rel import pipe_run

TEXT = "A document with a fair number of plain words in it"


@pytest.mark.parametrize("planted", [".lock", "_runs", "documents", "documents/.tmp-part-x.parquet"])
def test_s26_output_links_not_followed(tmp_path, planted):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(TEXT)
    canary = tmp_path / "canary"
    canary.mkdir() if planted in ("_runs", "documents") else canary.write_text("CANARY")
    (out / planted).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(canary, out / planted)
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out)
    if planted.startswith("documents/.tmp-"):
        assert res.returncode == 0, res.stderr  # a stray temp name is swept (the link, not its target)
        check(out, before=before, root=tmp_path)
    else:
        assert res.returncode == 78, res.stderr
        assert "unsafe output path" in res.stderr
        check(out, before=before, root=tmp_path, after_kill=True)
    assert (canary.is_dir() and not any(canary.iterdir())) or canary.read_text() == "CANARY"
