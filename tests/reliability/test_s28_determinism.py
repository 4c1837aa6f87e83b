"""Scenario 28: TZ, locale, hash seed and worker count change nothing in the content."""
from __future__ import annotations

import shutil

from invariants import check, snapshot
from rel import SEEDS_DIR, live_rows, make_mixed, pipe_run

IGNORED = {"run_id", "pipeline_version"}


def _content(out):
    docs = sorted((r["doc_id"], r["text_sha256"], r["language"]) for r in live_rows(out, "documents"))
    rejects = sorted((r["source"], r["rule"]) for r in live_rows(out, "rejects"))
    edits = sorted(tuple(sorted((k, str(v)) for k, v in r.items() if k not in IGNORED))
                   for r in live_rows(out, "edits"))
    return docs, rejects, edits


def test_s28_determinism(tmp_path):
    inp = tmp_path / "in"
    make_mixed(inp, 60, jsonl_every=20)
    for f in sorted(SEEDS_DIR.iterdir())[:10]:
        shutil.copy(f, inp / f.name)
    (inp / "empty.txt").write_bytes(b"")
    before = snapshot(inp, tmp_path / "none")
    a = pipe_run(inp, tmp_path / "a", workers=1, TZ="UTC", LANG="C", LC_ALL="C", PYTHONHASHSEED="1")
    b = pipe_run(inp, tmp_path / "b", workers=2, TZ="Asia/Kolkata", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                 PYTHONHASHSEED="987")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    ca, cb = _content(tmp_path / "a"), _content(tmp_path / "b")
    assert ca[0] == cb[0]
    assert ca[1] == cb[1]
    assert ca[2] == cb[2]
    for out in ("a", "b"):
        check(tmp_path / out, before=before, root=inp)
