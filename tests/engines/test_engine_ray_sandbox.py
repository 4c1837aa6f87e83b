"""--engine ray runs every document in the local engine's sandbox: on a real local Ray cluster, a
page that hangs past doc_timeout_seconds, one that kills its process and one that exhausts its
memory become the local engine's named rejects, each unit goes on from its next document, and
the whole corpus is the local engine's row for row.

The faults come from the tests' launcher (tests/reliability/faulty.py), which hands them to the
Ray workers through the run's ``runtime_env``; the production CLI reads no fault variable."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, read_table
from test_engine_ray import TABLES, _assert_same_corpus

FAULTY = ROOT / "tests" / "reliability" / "faulty.py"
# a hang, a crash and a memory exhaustion in single-page units, and a crash in the middle of a
# JSONL unit (its later records must still be processed)
HOOKS = "sleep:page1,exit:page3,oom:page5,exit:rec_b"
EXPECTED = {"page1.html": "extraction_timeout", "page3.html": "extraction_crashed",
            "page5.html": "extraction_crashed"}


def _page(k: int) -> str:
    paras = "".join(f"<p>Page {k} has a paragraph of plain words about the harbour, the bridge and "
                    f"the market of item {k}, sentence {s}.</p>" for s in range(4))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Title {k}</title></head>"
            f"<body><article><h1>Title {k}</h1>{paras}</article></body></html>")


def _faulty_run(inp: Path, out: Path, config: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_") and k != "RAY_ADDRESS"}
    env.update(PYTHONHASHSEED="0", RAY_USAGE_STATS_ENABLED="0", PIPELINE_EXTRACT_HOOK=HOOKS)
    return subprocess.run([sys.executable, str(FAULTY), "run", "--input", str(inp), "--output", str(out),
                           "--config", str(config), "--no-progress", *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _respawns(out: Path) -> int:
    # only a run's last commit counts them: a run over limits.commit_seconds (60 s, reached on a
    # busy machine) commits in the middle too
    return sum(json.loads(p.read_text()).get("respawns", 0) for p in (out / "_runs").glob("*.json")
               if not p.name.startswith((".", "_")))


def test_ray_engine_sandbox_gives_the_local_engines_rejects(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    for k in range(8):
        (inp / f"page{k}.html").write_text(_page(k), encoding="utf-8")
    records = [{"id": f"rec_{c}", "text": f"Record {c} is a short note about the river, the station and "
                                           f"the village council, written for record {c}."} for c in "abcd"]
    (inp / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("[limits]\ndoc_timeout_seconds = 3\nworker_memory_bytes = 805306368\n")

    local, ray_out = tmp_path / "local", tmp_path / "ray"
    res = _faulty_run(inp, local, config, "--workers", "1")
    assert res.returncode == 0, res.stderr
    res = _faulty_run(inp, ray_out, config, "--workers", "2", "--engine", "ray")
    assert res.returncode == 0, res.stderr

    for out in (local, ray_out):
        rejects = {r["doc_id"]: (r["source"], r["rule"]) for r in read_table(out, "rejects")}
        reasons = {src: rule for src, rule in rejects.values() if src.endswith(".html")}
        assert reasons == EXPECTED, out.name
        crashed = [d for d, (src, rule) in rejects.items() if src.startswith("records.jsonl:")]
        assert len(crashed) == 1 and "rec_b" in crashed[0] and rejects[crashed[0]][1] == "extraction_crashed"
        docs = {r["doc_id"] for r in read_table(out, "documents")}
        # every other page, and the JSONL records after the one that crashed, were written
        assert len(docs) == 5 + 3, sorted(docs)
        assert sum("rec_c" in d or "rec_d" in d for d in docs) == 2, sorted(docs)
        assert _respawns(out) == 4, out.name  # each fault replaced its sandbox worker, nothing else did
    for table in TABLES[:2]:
        assert read_table(local, table), f"the input must give {table} rows for the comparison to mean anything"
    _assert_same_corpus(local, ray_out)
