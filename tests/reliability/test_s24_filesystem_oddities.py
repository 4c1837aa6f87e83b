"""Scenario 24: links, loops, FIFOs, devices and vanishing files in the input tree.

The mode-000 case cannot be tested as root (root reads any file); it runs as any other user."""
from __future__ import annotations

import os
import time

from invariants import check, snapshot
from rel import live_rows, pipe_run, reject_reasons

TEXT = "A real document with a fair number of plain words in it"


def test_s24_filesystem_oddities(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    (inp / "a").mkdir(parents=True)
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-OUTSIDE words that must never be read")
    os.symlink(canary, inp / "escape.txt")
    os.symlink("/dev/zero", inp / "zero.html")
    os.symlink("..", inp / "a" / "loop")
    os.mkfifo(inp / "pipe.html")
    os.symlink(inp / "missing.txt", inp / "broken.txt")
    (inp / "real.txt").write_text(TEXT)
    os.symlink(inp / "real.txt", inp / "link.txt")
    (inp / "a" / "inner.txt").write_text(TEXT + " inside a folder")
    (inp / "gone.txt").write_text(TEXT + " that vanishes")
    units = 7
    if os.geteuid() != 0:
        (inp / "locked.txt").write_text(TEXT + " locked")
        os.chmod(inp / "locked.txt", 0)
        units += 1
    before = snapshot(tmp_path, out)
    t0 = time.monotonic()
    res = pipe_run(inp, out, PIPELINE_VANISH_HOOK="gone.txt")
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - t0 < 30
    reasons = reject_reasons(out)
    assert reasons["escape.txt"] == "symlink_escape"
    assert reasons["zero.html"] in ("symlink_escape", "not_regular_file")
    assert reasons["pipe.html"] == "not_regular_file"
    assert reasons["broken.txt"] == "vanished"
    assert reasons["gone.txt"] == "vanished"
    if os.geteuid() != 0:
        assert reasons["locked.txt"] == "unreadable"
    docs = live_rows(out, "documents")
    assert sorted(r["doc_id"] for r in docs) == ["a/inner", "real"]  # the loop visited once, the link deduped
    assert not any("CANARY" in r["text"] for r in docs + live_rows(out, "rejects") if r["text"])
    (inp / "gone.txt").write_text(TEXT + " that vanishes")  # put back for the G6 comparison
    for p in (inp / "gone.txt", inp):
        os.utime(p, ns=(before[str(p)][2],) * 2)
    check(out, before=before, root=tmp_path, units=units)
