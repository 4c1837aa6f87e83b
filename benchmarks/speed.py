"""Speed and scale benchmark: the pipeline against the libraries it stands on, in one invocation.

    .venv/bin/python benchmarks/speed.py            # full run (make bench), several minutes
    .venv/bin/python benchmarks/speed.py --quick    # tiny sizes, one repetition (the smoke test)

Writes benchmarks/results/speed.md: medians of several repetitions and the ratios the project
targets (issue 7). Every figure comes from this one process tree and this one invocation, on the
dev pages of ../shared/bench/dev, so the ratios compare like with like. Ratios are throughput
ratios: 1.3x means the pipeline processes 1.3 times as many pages per second as the baseline.

Never run by the test suite: timings on a shared or busy machine mean little (the report records
the load average before and after, to tell a quiet run from a noisy one).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev"
DEFAULT_CONFIG = ROOT / "configs" / "default.toml"

TARGETS = {
    "html_vs_trafilatura": 0.8,
    "html_vs_naive": 1.3,
    "text_mb_s_core": 10.0,
    "scaling_2_vs_1": 1.8,
    "rss_growth": 0.20,
}

SECTIONS = ("## Targets", "## HTML", "## Text", "## Scaling", "## Per-stage time share")


# ---------------------------------------------------------------- inputs

def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]{4,}", text)][:400] or ["word"]


def _vary_text(text: str, rng: random.Random) -> str:
    """A small seeded change a cleaner keeps: a word of the document inserted into each of its
    lines of 8 words or more. Lines a cleaner keeps are among those on every dev page; a change
    to a few lines only could fall on menus or teasers the content stage removes, and exact
    dedup would then drop the copy."""
    lines = text.split("\n")
    vocab = _words(text)
    for i, line in enumerate(lines):
        parts = line.split(" ")
        if len(parts) >= 8:
            parts.insert(rng.randrange(1, len(parts)), rng.choice(vocab))
            lines[i] = " ".join(parts)
    return "\n".join(lines)


def _vary_html(html: str, rng: random.Random) -> str:
    """The same change in markup: a word of the page inserted at the start of three paragraphs."""
    spots = [m.end() for m in re.finditer(r"<p(?:\s[^>]*)?>", html)]
    vocab = _words(re.sub(r"<[^>]+>", " ", html))
    for pos in sorted(rng.sample(spots, min(3, len(spots))), reverse=True):
        html = html[:pos] + rng.choice(vocab) + " " + html[pos:]
    return html


def dev_html(dev: Path, limit: int | None) -> list[tuple[str, str]]:
    files = sorted((dev / "html").glob("*.html.gz"))[:limit]
    return [(f.name[: -len(".html.gz")], gzip.decompress(f.read_bytes()).decode("utf-8")) for f in files]


def dev_text(dev: Path, form: str, limit: int | None) -> list[tuple[str, str]]:
    files = sorted((dev / form).glob("*.txt"))[:limit]
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def write_corpus(folder: Path, pages: list[tuple[str, str]], n: int, suffix: str, seed: int) -> int:
    """``n`` documents cycling over ``pages``; every copy after the first of a page is varied."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vary = _vary_html if suffix == ".html" else _vary_text
    total = 0
    for k in range(n):
        name, body = pages[k % len(pages)]
        if k >= len(pages):
            body = vary(body, rng)
        data = body.encode("utf-8")
        (folder / f"{k:06d}_{name[:16]}{suffix}").write_bytes(data)
        total += len(data)
    return total


# ---------------------------------------------------------------- measuring

def median_time(fn, reps: int, warmup: bool) -> tuple[float, list[float]]:
    if warmup:
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(sum of VmRSS over ``root`` and its descendants, VmRSS of ``root``) in KiB, from /proc."""
    total = own = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
                        total += kb
                        own = kb if pid == root else own
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total, own


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_cli_measured(args: list[str]) -> dict:
    """``python -m pipeline ARGS`` in a subprocess; peak RSS of its process tree sampled every 50 ms,
    and the CPU seconds of the driver (the ``pipeline`` process itself) and of the whole tree."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"tree": 0, "driver": 0, "driver_cpu": 0.0}

    def sample() -> None:
        while proc.poll() is None:
            tree, own = _tree_rss_kb(proc.pid)
            peak["tree"], peak["driver"] = max(peak["tree"], tree), max(peak["driver"], own)
            try:
                peak["driver_cpu"] = _cpu_seconds(proc.pid)
            except (OSError, ValueError, IndexError):
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"pipeline {' '.join(args)} exited {proc.returncode}:\n{err[-3000:]}")
    # the workers are waited for by the driver, so the tree's CPU is in this process's children usage
    tree_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"peak_tree_mb": peak["tree"] / 1024, "peak_driver_mb": peak["driver"] / 1024, "stdout": out,
            "driver_cpu": peak["driver_cpu"], "tree_cpu": tree_cpu}


def latest_manifest(output: Path) -> dict:
    from pipeline.sink.manifest import latest

    return latest(str(output))


def pipeline_run(input_dir: Path, work: Path, workers: int) -> dict:
    """One whole run (discover, read, stages, dedup, Parquet commit) in this process."""
    from pipeline import config as cfg
    from pipeline.driver import run

    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    config = cfg.load(DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    res = run(str(input_dir), str(out), config, workers=workers, full_refresh=True)
    return {"result": res, "manifest": latest_manifest(out)}


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    """A crawl-like .warc.gz of ``pages``: a request and a response record per page, one gzip member
    each (written with fastwarc's own writer: this measures reading, not our test files)."""
    import io

    from fastwarc.warc import WarcRecord, WarcRecordType

    with open(path, "wb") as out:
        for name, html in pages:
            body = html.encode("utf-8")
            uri = f"https://example.org/{name}"
            blocks = ((WarcRecordType.request, b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", "request"),
                      (WarcRecordType.response, b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(body) + body, "response"))
            for rtype, block, msg in blocks:
                rec = WarcRecord()
                rec.init_headers(rtype)
                rec.headers["WARC-Target-URI"] = uri
                rec.headers["Content-Type"] = f"application/http; msgtype={msg}"
                rec.set_bytes_content(block)
                buf = io.BytesIO()
                rec.write(buf)
                out.write(gzip.compress(buf.getvalue(), 6))


def bench_warc_reading(dev: Path, work: Path, reps: int) -> dict:
    """Reading cost per document (sources only: open, inflate, frame, decode) of the dev pages as
    one .warc.gz against the same pages as .html.gz files. Not part of ``main``'s report: the lead
    calls it where it fits."""
    from pipeline.document import Document
    from pipeline.sources import Limits, discover, file_sha256, load, stem_id

    pages = dev_html(dev, None)
    (work / "warc").mkdir(parents=True, exist_ok=True)
    write_warc(work / "warc" / "crawl.warc.gz", pages)
    (work / "files").mkdir(parents=True, exist_ok=True)
    for name, html in pages:
        (work / "files" / f"{name}.html.gz").write_bytes(gzip.compress(html.encode("utf-8"), 6))
    limits = Limits()

    def read(folder: Path) -> int:
        docs = 0
        for unit in discover(str(folder)):
            docs += sum(isinstance(it, Document) for it in load(unit, stem_id(unit.rel), limits,
                                                                  file_sha256(unit, limits)))
        return docs

    out = {"pages": len(pages)}
    for form in ("warc", "files"):
        assert read(work / form) == len(pages), f"{form}: not every page became a document"
        best, times = median_time(lambda: read(work / form), reps, warmup=True)
        out[f"{form}_us_per_doc"] = best / len(pages) * 1e6
        out[f"{form}_seconds"] = times
    return out


def bench_near_dedup(dev: Path, reps: int, n_index: int = 100_000) -> dict:
    """Near dedup's cost: the MinHash signature per dev page text (computed in the workers, where
    the documents row is built), and the band index at ``n_index`` kept documents: its memory
    (tracemalloc: the signatures, the band dict, the ids) and the time to load it and to decide one
    document against it. Synthetic signatures are random, so every band hash is distinct: the
    index's largest form. Not part of ``main``'s report: the lead calls it where it fits."""
    import tracemalloc

    import numpy as np

    from pipeline.corpus.near import PERMS, BandIndex, signature

    texts = [text for _name, text in dev_text(dev, "page", None)]
    best, times = median_time(lambda: [signature(t) for t in texts], reps, warmup=True)
    out = {"pages": len(texts), "signature_ms_per_doc": best / len(texts) * 1e3,
           "signature_seconds": times}
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2 ** 32, (n_index, PERMS), dtype=np.uint32)

    def load() -> BandIndex:
        index = BandIndex(0.8)  # as NearDedup.start loads it: band hashes in bulk, then one add each
        for i, (sig, hashes) in enumerate(zip(sigs, index.hashes(sigs).tolist())):
            index.add(sig.tobytes(), f"doc-{i:06d}", hashes)
        return index

    t0 = time.perf_counter()
    index = load()
    out["index_load_s"] = time.perf_counter() - t0
    del index
    tracemalloc.start()  # slows Python down several times: a second load, for the memory only
    index = load()
    out["index_mb"] = tracemalloc.get_traced_memory()[0] / 1e6  # the signatures themselves included
    tracemalloc.stop()
    probes = rng.integers(0, 2 ** 32, (1000, PERMS), dtype=np.uint32)
    t0 = time.perf_counter()
    for sig in probes:
        index.decide(sig.tobytes(), "probe")
    out["decide_us_per_doc"] = (time.perf_counter() - t0) / len(probes) * 1e6
    out["index_docs"] = n_index
    out["bands"] = f"{index.b} x {index.r}"
    return out


# ---------------------------------------------------------------- baselines

BASELINES = ROOT / "benchmarks" / "baselines.py"


def timed_process(cmd: list) -> float:
    """Wall seconds of one whole program run (interpreter start, imports, the work, the output)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    t0 = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return secs


def regex_pass(folder: Path) -> None:
    """One regex pass over the same bytes: whitespace runs collapsed (the cheapest useful cleanup),
    with the standard library's ``re`` (the issue's "one regex pass runs at 40 MB/s")."""
    ws = re.compile(r"\s+")
    for f in sorted(folder.iterdir()):
        ws.sub(" ", f.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- sections

def bench_html(dev: Path, work: Path, n_pages: int, reps: int, warmup: bool) -> dict:
    """Whole programs, each in a fresh process, interleaved repetition by repetition so a change
    in the machine's load touches all of them alike: the pipeline CLI with one worker (and with its
    default worker count, for reference), bare trafilatura, and the naive chain."""
    folder = work / "html_in"
    pages = dev_html(dev, None)
    size = write_corpus(folder, pages, n_pages, ".html", seed=1)
    out = work / "html_out"

    def pipeline_cmd(workers: int | None) -> list:
        cmd = [sys.executable, "-m", "pipeline", "run", "--input", folder, "--output", out, "--no-progress",
               "--full-refresh", "--config", DEFAULT_CONFIG]
        return cmd + (["--workers", str(workers)] if workers else [])

    programs = {"pipeline": pipeline_cmd(1), "pipeline_default": pipeline_cmd(None),
                "trafilatura": [sys.executable, BASELINES, "bare", folder],
                "naive": [sys.executable, BASELINES, "naive", folder, work / "naive"]}
    times: dict[str, list[float]] = {k: [] for k in programs}
    for rep in range(reps + (1 if warmup else 0)):  # the first round only warms the file cache
        for name, cmd in programs.items():
            shutil.rmtree(out, ignore_errors=True)
            secs = timed_process(cmd)
            if name == "pipeline":
                manifest = latest_manifest(out)
            if rep or not warmup:
                times[name].append(secs)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"pages": n_pages, "mb": size / 1e6, **med, "all": times,
            "vs_trafilatura": med["trafilatura"] / med["pipeline"], "vs_naive": med["naive"] / med["pipeline"],
            "default_vs_trafilatura": med["trafilatura"] / med["pipeline_default"],
            "default_vs_naive": med["naive"] / med["pipeline_default"],
            "stages": manifest["stage_seconds"], "run_seconds": manifest["seconds"]}


def bench_text(dev: Path, work: Path, form: str, n_docs: int, reps: int, warmup: bool) -> dict:
    folder = work / f"{form}_in"
    size = write_corpus(folder, dev_text(dev, form, None), n_docs, ".txt", seed=2)
    last: dict = {}
    pipe_t, _ = median_time(lambda: last.update(pipeline_run(folder, work, 1)), reps, warmup)
    manifest = last["manifest"]
    rx_t, _ = median_time(lambda: regex_pass(folder), reps, warmup)
    return {"form": form, "docs": n_docs, "mb": size / 1e6, "pipeline": pipe_t, "regex": rx_t,
            "pipeline_mb_s": size / 1e6 / pipe_t, "regex_mb_s": size / 1e6 / rx_t,
            "stages": manifest["stage_seconds"]}


def bench_scaling(dev: Path, work: Path, sizes: list[int], reps: int, workers: list[int]) -> list[dict]:
    """Whole CLI runs in subprocesses (so peak RSS is the run's own) on the page-text form."""
    pages = dev_text(dev, "page", None)
    out = []
    for n in sizes:
        folder = work / f"scale_{n}"
        size = write_corpus(folder, pages, n, ".txt", seed=3)
        # The RSS comparison wants the same worker count at each size; the speed-up needs several
        # repetitions only at the smallest size (the largest is one long run). There the worker
        # counts alternate run by run, so a change in the machine's load between them (other
        # tenants of a VM) falls on both sides of the ratio instead of on one.
        counts = workers if n == sizes[0] else [max(workers)]
        runs: dict[int, list[dict]] = {w: [] for w in counts}
        for _ in range(reps if n == sizes[0] else 1):
            for w in counts:
                dest = work / f"scale_out_{n}_{w}"
                shutil.rmtree(dest, ignore_errors=True)
                m = run_cli_measured(["run", "--input", str(folder), "--output", str(dest), "--workers", str(w),
                                      "--no-progress", "--full-refresh"])
                man = latest_manifest(dest)
                # the final manifest's run_counts cover every commit of the run (counts: its own batch)
                counted = man.get("run_counts", man["counts"])
                runs[w].append({**m, "seconds": man["seconds"], "written": counted["written"],
                                "duplicates": counted["skipped_duplicate"], "stages": man["stage_seconds"]})
                shutil.rmtree(dest, ignore_errors=True)
        for w in counts:
            done = runs[w]
            secs = statistics.median(r["seconds"] for r in done)
            out.append({"docs": n, "mb": size / 1e6, "workers": w, "seconds": secs, "docs_s": n / secs,
                        "driver_cpu": statistics.median(r["driver_cpu"] for r in done),
                        "driver_share": statistics.median([r["driver_cpu"] / r["tree_cpu"] for r in done if r["tree_cpu"]] or [0.0]),
                        "peak_tree_mb": max(r["peak_tree_mb"] for r in done),
                        "peak_driver_mb": max(r["peak_driver_mb"] for r in done),
                        "written": done[0]["written"], "duplicates": done[0]["duplicates"],
                        "stages": done[-1]["stages"], "reps": len(done), "all_seconds": [r["seconds"] for r in done]})
        shutil.rmtree(folder, ignore_errors=True)
    return out


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib import metadata

    libs = {n: metadata.version(n) for n in ("trafilatura", "ftfy", "langdetect", "pyarrow", "lxml", "regex")}
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "libs": libs}


def _ok(value: float, target: float, higher: bool = True) -> str:
    return "yes" if (value >= target if higher else value <= target) else "**no**"


def _stage_table(stages: dict[str, float]) -> list[str]:
    total = sum(stages.values()) or 1.0
    lines = ["| stage | seconds | share |", "| --- | ---: | ---: |"]
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {secs:.3f} | {secs / total:.1%} |")
    return lines


def report(info: dict, html: dict, texts: list[dict], scaling: list[dict], meta: dict) -> str:
    small = [s for s in scaling if s["docs"] == min(x["docs"] for x in scaling)]
    one = next((s for s in small if s["workers"] == 1), None)
    two = next((s for s in small if s["workers"] == 2), None)
    speedup = two["docs_s"] / one["docs_s"] if one and two else float("nan")
    wmax = max(s["workers"] for s in scaling)
    at = {s["docs"]: s for s in scaling if s["workers"] == wmax}
    lo, hi = at[min(at)], at[max(at)]
    growth = hi["peak_tree_mb"] / lo["peak_tree_mb"] - 1
    text_min = min(t["pipeline_mb_s"] for t in texts)
    L = ["# Speed and scale", "",
         f"Measured {meta['when']} by `{meta['command']}` ({meta['mode']}; median of {meta['reps']} "
         f"repetitions" + ("" if meta["quick"] else " after one warm-up") + ", unless noted).",
         f"Machine: {info['cpu']}, {info['cores']} cores, {info['system']}, Python {info['python']}; "
         + ", ".join(f"{k} {v}" for k, v in info["libs"].items()) + ".",
         f"Load average before {meta['load_before']}, after {meta['load_after']} (a load above the core "
         "count means other work shared the machine and the figures are noisy).", "",
         "## Targets", "",
         "| measure | measured | target | met |", "| --- | ---: | ---: | --- |",
         f"| HTML pipeline vs bare trafilatura (with metadata) | {html['vs_trafilatura']:.2f}x | "
         f">= {TARGETS['html_vs_trafilatura']}x | {_ok(html['vs_trafilatura'], TARGETS['html_vs_trafilatura'])} |",
         f"| HTML pipeline vs naive chain | {html['vs_naive']:.2f}x | >= {TARGETS['html_vs_naive']}x | "
         f"{_ok(html['vs_naive'], TARGETS['html_vs_naive'])} |",
         f"| text MB/s per core (slowest form) | {text_min:.2f} | >= {TARGETS['text_mb_s_core']} | "
         f"{_ok(text_min, TARGETS['text_mb_s_core'])} |",
         f"| 2 workers vs 1 ({one['docs'] if one else '?'} docs) | {speedup:.2f}x | >= {TARGETS['scaling_2_vs_1']}x | "
         f"{_ok(speedup, TARGETS['scaling_2_vs_1'])} |",
         f"| peak RSS at {hi['docs']} vs {lo['docs']} docs | {growth:+.0%} | <= +{TARGETS['rss_growth']:.0%} | "
         f"{_ok(growth, TARGETS['rss_growth'], higher=False)} |", "",
         "## HTML", "",
         f"{html['pages']} pages ({html['mb']:.1f} MB of HTML; the {len(dev_html(DEV, None)) if DEV.is_dir() else '?'} "
         "dev pages repeated with seeded changes). Every program is timed as a whole process, as a user runs it "
         "(interpreter start, imports, first-use loading, the work, the output), the three interleaved "
         "repetition by repetition. Pipeline: `python -m pipeline run --workers 1 --full-refresh` with the "
         "default config into a fresh folder (one worker process does the pages; the driver process reads, "
         "hashes and writes beside it). The targets use this one-worker figure; the default worker count "
         f"({os.cpu_count()} here) is shown for reference.", "",
         "| what | seconds | pages/s | pipeline (1 worker) speed ratio |", "| --- | ---: | ---: | ---: |",
         f"| pipeline, 1 worker (default config) | {html['pipeline']:.2f} | {html['pages'] / html['pipeline']:.1f} | 1.00x |",
         f"| pipeline, default workers | {html['pipeline_default']:.2f} | "
         f"{html['pages'] / html['pipeline_default']:.1f} | {html['pipeline'] / html['pipeline_default']:.2f}x |",
         f"| bare `trafilatura.extract(..., with_metadata=True)` | {html['trafilatura']:.2f} | "
         f"{html['pages'] / html['trafilatura']:.1f} | {html['vs_trafilatura']:.2f}x |",
         f"| naive chain (trafilatura, ftfy, langdetect, one pyarrow write) | {html['naive']:.2f} | "
         f"{html['pages'] / html['naive']:.1f} | {html['vs_naive']:.2f}x |", "",
         f"With the default worker count the pipeline runs {html['default_vs_trafilatura']:.2f}x bare trafilatura "
         f"and {html['default_vs_naive']:.2f}x the naive chain.", "",
         "All repetitions (s): " + "; ".join(f"{k} " + ", ".join(f"{t:.2f}" for t in v) for k, v in html["all"].items()),
         "", "## Text", "",
         "One core (one worker), whole runs; MB are UTF-8 input bytes.", "",
         "| form | docs | MB | pipeline MB/s per core | one regex pass MB/s | pipeline / regex |",
         "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for t in texts:
        L.append(f"| {t['form']} | {t['docs']} | {t['mb']:.2f} | {t['pipeline_mb_s']:.2f} | {t['regex_mb_s']:.1f} | "
                 f"{t['pipeline_mb_s'] / t['regex_mb_s']:.3f}x |")
    L += ["", "## Scaling", "",
          "Whole `python -m pipeline run` subprocesses on the page-text form (dev pages repeated with seeded "
          "changes, so exact dedup keeps them). Seconds are the run's own (manifest `seconds`, without "
          "interpreter start-up); peak RSS is sampled every 50 ms over the process tree (driver + workers). "
          "Driver CPU is the `pipeline` process's own (reading, dedup, Parquet writes, start-up), its share "
          "that of the whole tree's CPU: unlike seconds, it does not depend on the machine's load, and it is "
          "what the driver takes from the workers on a machine with as many cores as workers.", "",
          "| docs | MB | workers | runs | seconds | docs/s | written | duplicates | peak RSS tree MB | peak RSS driver MB "
          "| driver CPU s | driver CPU share |",
          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in scaling:
        L.append(f"| {s['docs']} | {s['mb']:.1f} | {s['workers']} | {s['reps']} | {s['seconds']:.2f} | {s['docs_s']:.1f} | "
                 f"{s['written']} | {s['duplicates']} | {s['peak_tree_mb']:.0f} | {s['peak_driver_mb']:.0f} | "
                 f"{s['driver_cpu']:.1f} | {s['driver_share']:.1%} |")
    L += ["", f"Speed-up 2 workers vs 1: {speedup:.2f}x. Peak RSS (tree) {lo['peak_tree_mb']:.0f} MB at {lo['docs']} "
          f"docs, {hi['peak_tree_mb']:.0f} MB at {hi['docs']} ({growth:+.0%}); driver alone "
          f"{lo['peak_driver_mb']:.0f} -> {hi['peak_driver_mb']:.0f} MB.", "",
          f"The {lo['docs']}-document runs alternate 1 and 2 workers; all seconds: "
          + "; ".join(f"{s['workers']} worker{'s' if s['workers'] > 1 else ''} "
                      + ", ".join(f"{t:.2f}" for t in s["all_seconds"])
                      for s in scaling if s["docs"] == lo["docs"]) + ".", "",
          "## Per-stage time share", "",
          "Summed stage seconds from the run manifests (`stage_seconds`; `sources` is reading and decoding).", "",
          f"### HTML ({html['pages']} pages, one worker)", ""]
    L += _stage_table(html["stages"])
    for t in texts:
        L += ["", f"### {t['form']} text ({t['docs']} docs, one worker)", ""]
        L += _stage_table(t["stages"])
    L += ["", f"### page text, {hi['docs']} docs, {hi['workers']} workers", ""]
    L += _stage_table(hi["stages"])
    return "\n".join(L) + "\n"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes and one repetition (smoke test)")
    ap.add_argument("--reps", type=int, default=None, help="repetitions per measure (default 3, quick 1)")
    ap.add_argument("--dev", type=Path, default=DEV, help="the dev pages folder (default ../shared/bench/dev)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed.md",
                    help="report to write (default benchmarks/results/speed.md)")
    args = ap.parse_args(argv)
    if not (args.dev / "html").is_dir():
        print(f"no dev pages in {args.dev}/html; pass --dev DIR (the shared bench/dev folder)", file=sys.stderr)
        return 78
    reps = args.reps or (1 if args.quick else 3)
    html_pages, text_docs = (4, 4) if args.quick else (162, 540)
    sizes = [8, 16] if args.quick else [1000, 20000]
    meta = {"when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "reps": reps,
            "mode": "quick mode: tiny sizes, figures meaningless" if args.quick else "full", "quick": args.quick,
            "command": "python benchmarks/speed.py" + (" --quick" if args.quick else ""), "load_before": _load()}
    info = machine()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        html = bench_html(args.dev, work, html_pages, reps, not args.quick)
        print(f"html done ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
        texts = [bench_text(args.dev, work, form, text_docs, reps, not args.quick) for form in ("page", "merged")]
        print(f"text done ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
        scaling = bench_scaling(args.dev, work, sizes, reps, [1, 2])
        print(f"scaling done ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    meta["load_after"] = _load()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(info, html, texts, scaling, meta), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
