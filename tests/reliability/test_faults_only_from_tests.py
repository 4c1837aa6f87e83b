"""Fault injection lives in the tests' launcher (faulty.py), never in a production run: the CLI
given every fault variable runs as if they were unset."""
from __future__ import annotations

from rel import ROOT, cmd, doc_set, make_mixed

import subprocess

from rel import env


def test_the_production_cli_reads_no_fault_variable(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 6, jsonl_every=3)
    (inp / "gone.txt").write_text("A file the vanish fault would delete, with enough plain words in it.")
    faults = {"PIPELINE_VANISH_HOOK": "gone.txt", "PIPELINE_CRASH_AT": "after_rename",
              "PIPELINE_EXTRACT_HOOK": "exit", "PIPELINE_EXTRACT_COUNT": str(tmp_path / "count"),
              "PIPELINE_FAULT_ENOSPC_AFTER": "10"}
    res = subprocess.run(cmd("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress"),
                         cwd=ROOT, env=env(**faults), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert (inp / "gone.txt").exists() and not (tmp_path / "count").exists()
    assert "gone" in {d for d, _ in doc_set(out)}
    for path in (ROOT / "pipeline").rglob("*.py"):
        assert "PIPELINE_" not in path.read_text().replace("PIPELINE_DEFAULTS", ""), path
