"""Helpers for the reliability scenarios (RELIABILITY.md): fixtures generated in the test, the real
CLI in a subprocess, and the output read back through the manifest."""
from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_WORDS = ("river market station garden winter morning council report village history music teacher "
          "harbour bridge letter summer forest doctor family kitchen museum window evening journey "
          "question answer people country number season island machine").split()


def env(**extra) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    return {**base, "PYTHONHASHSEED": "0", **{k: str(v) for k, v in extra.items()}}


def cmd(*args: str, faults: bool = False) -> list[str]:
    """``python -m pipeline ARGS``; with ``faults``, the tests' launcher that injects the faults the
    PIPELINE_* variables name (faulty.py: the production CLI reads none of them)."""
    if faults:
        return [sys.executable, str(Path(__file__).resolve().parent / "faulty.py"), *args]
    return [sys.executable, "-m", "pipeline", *args]


def run(*args: str, timeout: float = 300, **env_extra) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` as a scheduler runs it."""
    return subprocess.run(cmd(*args, faults=bool(env_extra)), cwd=ROOT, env=env(**env_extra),
                          capture_output=True, text=True, timeout=timeout)


def start(*args: str, **env_extra) -> subprocess.Popen:
    return subprocess.Popen(cmd(*args, faults=bool(env_extra)), cwd=ROOT, env=env(**env_extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pipe_run(inp: Path, out: Path, *extra: str, config: Path | None = None, workers: int = 2,
             timeout: float = 300, **env_extra) -> subprocess.CompletedProcess:
    args = ["run", "--input", str(inp), "--output", str(out), "--workers", str(workers), "--no-progress"]
    if config:
        args += ["--config", str(config)]
    return run(*args, *extra, timeout=timeout, **env_extra)


def write_config(path: Path, pipeline: dict | None = None, limits: dict | None = None) -> Path:
    """A TOML config: the built-in defaults with these [pipeline] and [limits] keys."""
    lines = []
    for section, values in (("pipeline", pipeline or {}), ("limits", limits or {})):
        lines.append(f"[{section}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, tag: str) -> str:
    """A unique paragraph of plain words (the tag keeps every document distinct for dedup)."""
    return f"Report {tag}. " + " ".join(sentence(rng) for _ in range(4))


def html_page(text: str, title: str = "A page") -> str:
    paras = "".join(f"<p>{p}</p>" for p in text.split(". "))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{paras}</article></body></html>")


def make_mixed(inp: Path, n: int, seed: int = 7, jsonl_every: int = 50, prefix: str = "") -> int:
    """About ``n`` documents: .txt, .html, .txt.gz files and JSONL files of ``jsonl_every`` records.
    Returns the number of documents written."""
    rng = random.Random(seed)
    inp.mkdir(parents=True, exist_ok=True)
    made = 0
    i = 0
    while made < n:
        kind = i % 4
        if kind == 3 and n - made >= jsonl_every:
            with open(inp / f"batch{i:05d}.jsonl", "w", encoding="utf-8") as fh:
                for k in range(jsonl_every):
                    fh.write(json.dumps({"id": f"{prefix}j{i}-{k}", "text": body(rng, f"{prefix}j{i}-{k}")}) + "\n")
            made += jsonl_every
        elif kind == 1:
            (inp / f"page{i:05d}.html").write_text(html_page(body(rng, f"h{i}"), f"Title {i}"), encoding="utf-8")
            made += 1
        elif kind == 2:
            with gzip.open(inp / f"note{i:05d}.txt.gz", "wt", encoding="utf-8") as fh:
                fh.write(body(rng, f"g{i}"))
            made += 1
        else:
            (inp / f"doc{i:05d}.txt").write_text(body(rng, f"t{i}"), encoding="utf-8")
            made += 1
        i += 1
    return made


def manifests(out: Path) -> list[dict]:
    runs = out / "_runs"
    if not runs.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(runs.glob("*.json")) if not p.name.startswith((".", "_"))]


def live_rows(out: Path, table: str, columns: list[str] | None = None) -> list[dict]:
    """Rows of ``table`` as the latest manifest defines the corpus."""
    import pyarrow.parquet as pq

    ms = manifests(out)
    if not ms:
        return []
    rows = []
    for name in ms[-1]["files"].get(table, []):
        rows += pq.read_table(out / table / name, columns=columns).to_pylist()
    return rows


def doc_set(out: Path) -> set[tuple[str, str]]:
    return {(r["doc_id"], r["text_sha256"]) for r in live_rows(out, "documents", ["doc_id", "text_sha256"])}


def rejects(out: Path) -> list[dict]:
    return live_rows(out, "rejects")


def reject_reasons(out: Path) -> dict[str, str]:
    """source -> reject rule."""
    return {r["source"]: r["rule"] for r in rejects(out)}


SEEDS_DIR = ROOT.parent / "shared" / "seeds" / "raw"
