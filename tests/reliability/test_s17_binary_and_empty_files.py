"""Scenario 17: binary or empty files under text names, and a 2 GB sparse file that is never read."""
from __future__ import annotations

import os
import random
import subprocess
import time

from invariants import check, snapshot
from rel import pipe_run, reject_reasons


def test_s17_binary_and_empty_files(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "png.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (inp / "pdf.html").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (inp / "elf.html").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(300))
    (inp / "random.html").write_bytes(random.Random(5).randbytes(4096))
    (inp / "empty.html").write_bytes(b"")
    subprocess.run(["truncate", "-s", "2G", str(inp / "sparse.html")], check=True)
    before = snapshot(tmp_path, out)
    t0 = time.monotonic()
    res = pipe_run(inp, out)
    assert res.returncode == 0, res.stderr
    assert reject_reasons(out) == {"png.html": "binary_content", "pdf.html": "binary_content",
                                   "elf.html": "binary_content", "random.html": "binary_content",
                                   "empty.html": "empty_file", "sparse.html": "too_large"}
    # the sparse file is decided from lstat alone: reading 2 GB would take far longer than the run
    assert time.monotonic() - t0 < 15
    assert os.stat(inp / "sparse.html").st_blocks == 0
    check(out, before=before, root=tmp_path, units=6)
