"""Scenario 13: gzip bombs (1 GiB of zeros) are cut off at the cap with bounded memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib

import pytest

from invariants import check, snapshot
from rel import ROOT, cmd, env, live_rows, reject_reasons, write_config


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    """1 GiB of zeros gzip-compressed (about 1 MB), built once by streaming zeros through zlib."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 24)
    parts = [comp.compress(zeros) for _ in range(64)]
    return b"".join(parts) + comp.flush()


def _run_measured(args: list[str], **extra) -> tuple[int, str, str, int]:
    """Run the CLI from a fresh interpreter that reports its children's peak RSS (KiB)."""
    probe = ("import json, resource, subprocess, sys\n"
             "p = subprocess.run(json.loads(sys.argv[1]), capture_output=True, text=True)\n"
             "print(json.dumps([p.returncode, p.stdout, p.stderr,"
             " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n")
    out = subprocess.run([sys.executable, "-c", probe, json.dumps(cmd(*args))], cwd=ROOT, env=env(**extra),
                         capture_output=True, text=True, timeout=120)
    return tuple(json.loads(out.stdout))


@pytest.mark.slow
def test_s13_gzip_bombs(tmp_path, bomb):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "bomb.jsonl.gz").write_bytes(bomb)
    (inp / "bomb.html.gz").write_bytes(bomb)
    (inp / "bomb.html").write_bytes(bomb)           # no .gz suffix: found by its magic bytes
    os.mkfifo(inp / "pipe.html")                     # the acceptance case's companions
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE-CANARY words that must never be read into the corpus")
    os.symlink(outside, inp / "escape.txt")
    for i in range(3):
        (inp / f"good{i}.txt").write_text(f"A good document number {i} with plenty of plain words in it.")
    cfg = write_config(tmp_path / "c.toml", limits={"max_decompressed_bytes": 256 << 20,
                                                   "max_doc_bytes": 20_000_000})
    before = snapshot(tmp_path, out)
    t0 = time.monotonic()
    code, stdout, stderr, maxrss_kib = _run_measured(["run", "--input", str(inp), "--output", str(out),
                                                      "--config", str(cfg), "--workers", "2", "--no-progress"])
    assert code == 0, stderr
    assert time.monotonic() - t0 < 30
    assert maxrss_kib * 1024 < 1 << 30, f"peak RSS {maxrss_kib} KiB"
    reasons = reject_reasons(out)
    assert {k: reasons[k] for k in ("bomb.jsonl.gz", "bomb.html.gz", "bomb.html")} == dict.fromkeys(
        ("bomb.jsonl.gz", "bomb.html.gz", "bomb.html"), "decompression_limit")
    assert reasons["pipe.html"] == "not_regular_file" and reasons["escape.txt"] == "symlink_escape"
    details = {r["source"]: r["detail"] for r in live_rows(out, "rejects")}
    assert "stopped after inflating" in details["bomb.html"]
    assert {r["doc_id"] for r in live_rows(out, "documents")} == {"good0", "good1", "good2"}
    check(out, before=before, root=tmp_path, units=8)
