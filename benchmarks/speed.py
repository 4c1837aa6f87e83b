"""Speed and scale benchmark: the pipeline against the libraries it stands on and the tools a user
would reach for instead, in one invocation.

    .venv/bin/python benchmarks/speed.py            # full run (make bench), about 20 minutes
    .venv/bin/python benchmarks/speed.py --quick    # tiny sizes, one repetition (the smoke test)

Writes benchmarks/results/speed.md: medians of several repetitions and the ratios the project
targets (issues 7 and 19), and the costs of the audit's extraction alignment (issue 17), near-
duplicate signatures and WARC reading (issue 18). Every figure comes from this one process tree
and this one invocation, on the dev pages of ../shared/bench/dev, so the ratios compare like with
like. Ratios are throughput ratios: 1.3x means the pipeline processes 1.3 times as many documents
per second as the other program.

Never run by the test suite (except --quick, whose figures mean nothing): timings on a shared or
busy machine mean little (the report records the load average before and after, to tell a quiet
run from a noisy one).
"""
from __future__ import annotations

import argparse
import gzip
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

# Issue 19 replaced issue 7's text target (10 MB/s per core: one langdetect call alone costs about
# twice that budget) by ratios to the text chains users would write or run instead, and raised the
# HTML target to bare trafilatura's own speed; issue 17 bounds the extraction alignment's cost.
TARGETS = {
    "html_vs_trafilatura": 1.0,
    "html_vs_naive": 1.3,
    "text_vs_naive": 2.0,
    "text_vs_datatrove": 3.0,
    "align_share": 0.10,
    "scaling_2_vs_1": 1.8,
    "rss_growth": 0.20,
}

SECTIONS = ("## Targets", "## HTML", "## Text", "## Costs of the audit, near dedup and WARC input", "## Scaling",
            "## Per-stage time share")


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
    one .warc.gz against the same pages as .html.gz files (issue 18), in this process."""
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
    the documents row is built), and the band index (``corpus.nearindex.NearIndex``, the one the
    NearDedup step keeps beside the corpus) at ``n_index`` documents: building it from stored
    signatures (a rebuild), saving it, loading it as a run starts (time and memory), and one new
    document added and decided against it. Synthetic signatures are random, so every band hash is
    distinct: the index's largest form."""
    import tracemalloc

    import numpy as np

    from pipeline.corpus.near import PERMS, NearDedup, signature

    texts = [text for _name, text in dev_text(dev, "page", None)]
    best, times = median_time(lambda: [signature(t) for t in texts], reps, warmup=True)
    out = {"pages": len(texts), "signature_ms_per_doc": best / len(texts) * 1e3,
           "signature_seconds": times}
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2 ** 32, (n_index, PERMS), dtype=np.uint32)
    rows = [(f"in/{i // 100:04d}.txt", f"in/{i // 100:04d}.txt#{i % 100}", f"doc-{i:06d}", i % 100, -1)
            for i in range(n_index)]
    step = NearDedup(0.8)
    extra = {"bench": True}

    index = step._fresh()
    t0 = time.perf_counter()
    index.set_base(rows, sigs)
    out["index_build_s"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.near.npz"
        t0 = time.perf_counter()
        with open(path, "wb") as fh:
            index.save(fh, extra)
        out["index_save_s"] = time.perf_counter() - t0
        out["index_file_mb"] = path.stat().st_size / 1e6
        del index
        loaded = step._fresh()
        t0 = time.perf_counter()
        loaded.load(str(path), extra)
        out["index_load_s"] = time.perf_counter() - t0
        del loaded
        tracemalloc.start()  # slows Python down several times: a second load, for the memory only
        index = step._fresh()
        index.load(str(path), extra)
        out["index_mb"] = tracemalloc.get_traced_memory()[0] / 1e6  # the signatures themselves included
        tracemalloc.stop()
    probes = rng.integers(0, 2 ** 32, (1000, PERMS), dtype=np.uint32)
    hashes = index.hashes(probes)
    t0 = time.perf_counter()
    for k, (sig, hs) in enumerate(zip(probes, hashes)):
        i = index.add("probe.txt", f"probe.txt#{k}", f"probe-{k}", n_index + k, sig, hs)
        index.decide(i)
    out["decide_us_per_doc"] = (time.perf_counter() - t0) / len(probes) * 1e6
    out["index_docs"] = n_index
    out["bands"] = f"{index.b} x {index.r}"
    return out


# ---------------------------------------------------------------- other programs

BASELINES = ROOT / "benchmarks" / "baselines.py"  # the HTML peers: bare trafilatura, the naive chain
PEERS = ROOT / "benchmarks" / "peers"  # the text peers: text_naive.py, text_datatrove.py
DATATROVE_MISSING = "not installed: `pip install -e '.[bench]'` (which `make bench` does)"


def timed_process(cmd: list) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole program run (interpreter start, imports, the work,
    the output). CPU is user + system of the process and of every child it waited for (the
    pipeline's worker, datatrove's manager process), from this process's children usage."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return secs, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def datatrove_available() -> bool:
    """The datatrove chain needs the bench extra: datatrove and spaCy (its English word splitter)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("datatrove", "spacy"))


def interleaved(programs: dict[str, list], reps: int, before_each=None,
                after_each=None) -> dict[str, dict[str, list[float]]]:
    """Each program run ``reps`` times, round by round (one run of each per round), so a change in
    the machine's load between rounds falls on all of them alike; wall and CPU seconds per run.
    ``before_each(name)`` / ``after_each(name)`` run around each program, outside its timing."""
    times = {k: {"wall": [], "cpu": []} for k in programs}
    for _ in range(reps):
        for name, cmd in programs.items():
            if before_each is not None:
                before_each(name)
            wall, cpu = timed_process(cmd)
            times[name]["wall"].append(wall)
            times[name]["cpu"].append(cpu)
            if after_each is not None:
                after_each(name)
    return times


def parquet_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(folder.rglob("*.parquet")))


def no_content_config(work: Path) -> Path:
    """The default config with the content stage left out of [pipeline] stages and its table
    deleted (every other key as it is), for the reference row "pipeline without its content stage"."""
    from pipeline import config as cfg

    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    new, n = re.subn(r'^(stages\s*=\s*\[.*?)"content",\s*', r"\1", text, count=1, flags=re.M)
    new, m = re.subn(r"^\[stages\.content\]\n(?:(?!\[).*\n)*", "", new, count=1, flags=re.M)
    path = work / "no_content.toml"
    path.write_text(new, encoding="utf-8")
    base, changed = cfg.load(DEFAULT_CONFIG).resolved, cfg.load(path).resolved
    rest = lambda r: {k: v for k, v in r["stages"].items() if k != "content"}  # noqa: E731
    if n != 1 or m != 1 or "content" in changed["stages"] or rest(base) != rest(changed) \
            or changed["limits"] != base["limits"]:
        raise RuntimeError(f"could not take the content stage out of {DEFAULT_CONFIG}'s [pipeline] stages: "
                           "update no_content_config in benchmarks/speed.py to its format")
    return path


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
    manifest: dict = {}

    def clear(_name: str) -> None:
        shutil.rmtree(out, ignore_errors=True)

    def keep_manifest(name: str) -> None:
        if name == "pipeline":  # the one-worker run's stage seconds (the last repetition's)
            manifest.update(latest_manifest(out))

    if warmup:  # one round that only warms the file cache
        interleaved(programs, 1, clear)
    times = interleaved(programs, reps, clear, keep_manifest)
    med = {k: statistics.median(v["wall"]) for k, v in times.items()}
    cpu = {k: statistics.median(v["cpu"]) for k, v in times.items()}
    return {"pages": n_pages, "mb": size / 1e6, **med, "cpu": cpu, "all": {k: v["wall"] for k, v in times.items()},
            "vs_trafilatura": med["trafilatura"] / med["pipeline"], "vs_naive": med["naive"] / med["pipeline"],
            "default_vs_trafilatura": med["trafilatura"] / med["pipeline_default"],
            "default_vs_naive": med["naive"] / med["pipeline_default"],
            "stages": manifest["stage_seconds"], "run_seconds": manifest["seconds"]}


def bench_text(dev: Path, work: Path, n_docs: int, reps: int, warmup: bool) -> dict:
    """The text path against its peers (issue 19), whole programs interleaved as for HTML, on
    ``n_docs`` page texts: the pipeline CLI with one worker (default config; also without its
    content stage and on the merged form, for reference), the naive text chain and the datatrove
    chain (benchmarks/peers/)."""
    page = work / "text_page_in"
    merged = work / "text_merged_in"
    size = write_corpus(page, dev_text(dev, "page", None), n_docs, ".txt", seed=2)
    merged_size = write_corpus(merged, dev_text(dev, "merged", None), n_docs, ".txt", seed=2)
    outs = {k: work / f"text_out_{k}" for k in ("pipeline", "pipeline_no_content", "pipeline_merged", "naive",
                                               "datatrove")}

    def pipeline_cmd(folder: Path, out: Path, config: Path) -> list:
        return [sys.executable, "-m", "pipeline", "run", "--input", folder, "--output", out, "--no-progress",
                "--full-refresh", "--workers", "1", "--config", config]

    def programs(src: Path, mrg: Path) -> dict[str, list]:
        progs = {"pipeline": pipeline_cmd(src, outs["pipeline"], DEFAULT_CONFIG),
                 "pipeline_no_content": pipeline_cmd(src, outs["pipeline_no_content"], no_content_config(work)),
                 "pipeline_merged": pipeline_cmd(mrg, outs["pipeline_merged"], DEFAULT_CONFIG),
                 "naive": [sys.executable, PEERS / "text_naive.py", src, outs["naive"]]}
        if datatrove_available():
            progs["datatrove"] = [sys.executable, PEERS / "text_datatrove.py", src, outs["datatrove"]]
        return progs

    clear = lambda name: shutil.rmtree(outs[name], ignore_errors=True)  # noqa: E731
    if warmup:
        # A whole warm-up round would double the section's time (the datatrove chain alone takes
        # longer than the rest together): each program once on the first 54 documents instead,
        # which loads its libraries' files into the page cache, then every input file read once.
        small, small_m = work / "text_warm_page", work / "text_warm_merged"
        for src, dst in ((page, small), (merged, small_m)):
            dst.mkdir(exist_ok=True)
            for f in sorted(src.iterdir())[:54]:
                shutil.copy(f, dst / f.name)
        interleaved(programs(small, small_m), 1, clear)
        for f in [*page.iterdir(), *merged.iterdir()]:
            f.read_bytes()
    times = interleaved(programs(page, merged), reps, clear)
    med = {k: statistics.median(v["wall"]) for k, v in times.items()}
    cpu = {k: statistics.median(v["cpu"]) for k, v in times.items()}
    manifests = {k: latest_manifest(outs[k]) for k in ("pipeline", "pipeline_no_content", "pipeline_merged")}
    written = {k: m.get("run_counts", m["counts"])["written"] for k, m in manifests.items()}
    written["naive"] = parquet_rows(outs["naive"])
    if "datatrove" in times:
        written["datatrove"] = parquet_rows(outs["datatrove"] / "data")
    out = {"docs": n_docs, "mb": size / 1e6, "merged_mb": merged_size / 1e6, "seconds": med, "cpu": cpu,
           "all": {k: v["wall"] for k, v in times.items()}, "written": written,
           "stages": manifests["pipeline"]["stage_seconds"],
           "stages_merged": manifests["pipeline_merged"]["stage_seconds"],
           "vs_naive": med["naive"] / med["pipeline"]}
    if "datatrove" in med:
        out["vs_datatrove"] = med["datatrove"] / med["pipeline"]
    return out


def bench_align(dev: Path, reps: int, warmup: bool, limit: int | None = None) -> dict:
    """The audit's extraction alignment (issue 17) against the whole HTML path, in this process:
    each dev html page through every stage of the default config (``process``, as a worker runs
    it), with the three steps the audit adds timed by wrapping them: reading the page text
    (``page_text.page_text``), aligning the extractor's output with it (``align.propose``) and
    applying the resulting edits (the rest of ``extract._as_edits``). The share's denominator is
    the stages' time only (no reading, dedup or Parquet writes), so it is an upper bound of the
    share of a whole run."""
    import pipeline.stages.extract as extract_mod
    from pipeline import config as cfg
    from pipeline.document import Document
    from pipeline.process import process
    from pipeline.sources import Limits, discover, file_sha256, load, stem_id
    from pipeline.stages.extract import align as align_mod
    from pipeline.stages.extract import page_text as page_text_mod

    spent = {"page_text": 0.0, "propose": 0.0, "as_edits": 0.0}
    calls = dict.fromkeys(spent, 0)
    hooks = (("page_text", page_text_mod, "page_text"), ("propose", align_mod, "propose"),
             ("as_edits", extract_mod, "_as_edits"))
    originals = []
    for key, module, attr in hooks:
        if not callable(getattr(module, attr, None)):
            raise RuntimeError(f"{module.__name__}.{attr} is gone: update bench_align in benchmarks/speed.py to "
                               "where the extract stage now reads the page text, aligns and applies the edits")
        original = getattr(module, attr)
        originals.append((module, attr, original))

        def timed(*a, _f=original, _k=key, **kw):
            t0 = time.perf_counter()
            try:
                return _f(*a, **kw)
            finally:
                spent[_k] += time.perf_counter() - t0
                calls[_k] += 1
        setattr(module, attr, timed)
    try:
        stages = cfg.load(DEFAULT_CONFIG).build_stages()
        for stage in stages:
            stage.warm_up()
        limits = Limits()
        docs = [d for unit in discover(str(dev / "html"))
                for d in load(unit, stem_id(unit.rel), limits, file_sha256(unit, limits)) if isinstance(d, Document)]
        docs = docs[:limit]
        passes = []
        for rep in range(reps + (1 if warmup else 0)):
            for k in spent:
                spent[k], calls[k] = 0.0, 0
            timings: dict[str, float] = {}
            for doc in docs:
                process(doc, stages, timings)
            if min(calls.values()) < len(docs):
                raise RuntimeError(f"the bench's hooks saw {calls} calls for {len(docs)} pages: update bench_align in "
                                   "benchmarks/speed.py to how the extract stage now builds its edits")
            if rep or not warmup:
                passes.append({**spent, "apply": spent["as_edits"] - spent["propose"],
                               "extract": timings.get("extract", 0.0), "stages": sum(timings.values())})
    finally:
        for module, attr, original in originals:
            setattr(module, attr, original)
    med = {k: statistics.median(p[k] for p in passes) for k in passes[0]}
    audit = med["page_text"] + med["as_edits"]
    return {"pages": len(docs), "ms": {k: v / len(docs) * 1e3 for k, v in med.items()},
            "audit_ms": audit / len(docs) * 1e3, "share": audit / med["stages"],
            "share_of_extract": audit / med["extract"], "reps": len(passes)}


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

    libs = {}
    for name in ("trafilatura", "ftfy", "langdetect", "pyarrow", "lxml", "regex", "numpy", "fastwarc", "datatrove",
                 "spacy"):
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = "not installed"
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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "es" if noun.endswith("s") else "s")


def _reps(all_times: dict[str, list[float]]) -> str:
    return "; ".join(f"{k} " + ", ".join(f"{t:.2f}" for t in v) for k, v in all_times.items())


TEXT_PROGRAMS = {
    "pipeline": "pipeline, 1 worker (default config)",
    "pipeline_no_content": "pipeline, 1 worker, without its content stage (reference)",
    "naive": "naive chain (ftfy, C4-like line regexes, langdetect, one pyarrow write)",
    "datatrove": "datatrove chain (FTFYFormatter, C4QualityFilter, GopherRepetitionFilter, GopherQualityFilter, "
                 "FineWebQualityFilter, langdetect, ParquetWriter)",
}


def report(info: dict, html: dict, text: dict, costs: dict, scaling: list[dict], meta: dict) -> str:
    small = [s for s in scaling if s["docs"] == min(x["docs"] for x in scaling)]
    one = next((s for s in small if s["workers"] == 1), None)
    two = next((s for s in small if s["workers"] == 2), None)
    speedup = two["docs_s"] / one["docs_s"] if one and two else float("nan")
    wmax = max(s["workers"] for s in scaling)
    at = {s["docs"]: s for s in scaling if s["workers"] == wmax}
    lo, hi = at[min(at)], at[max(at)]
    growth = hi["peak_tree_mb"] / lo["peak_tree_mb"] - 1
    align, near, warc = costs["align"], costs["near"], costs["warc"]
    secs, cpu, n = text["seconds"], text["cpu"], text["docs"]
    dt = text.get("vs_datatrove")
    dt_row = (f"{dt:.2f}x | >= {TARGETS['text_vs_datatrove']}x | {_ok(dt, TARGETS['text_vs_datatrove'])}" if dt
              else f"not measured | >= {TARGETS['text_vs_datatrove']}x | datatrove {DATATROVE_MISSING}")
    n_dev = len(dev_html(DEV, None)) if DEV.is_dir() else "?"
    L = ["# Speed and scale", "",
         f"Measured {meta['when']} by `{meta['command']}` ({meta['mode']}; median of "
         f"{_n(meta['reps'], 'repetition')}" + ("" if meta["quick"] else " after a warm-up") + ", unless noted).",
         f"Machine: {info['cpu']}, {info['cores']} cores, {info['system']}, Python {info['python']}; "
         + ", ".join(f"{k} {v}" for k, v in info["libs"].items()) + ".",
         f"Load average before {meta['load_before']}, after {meta['load_after']} (a load above the core "
         "count means other work shared the machine and the figures are noisy).", "",
         "## Targets", "",
         "Speed ratios are the other program's wall seconds over the pipeline's (one worker), whole processes "
         "on the same inputs; the sections below say how each was measured.", "",
         "| measure | measured | target | met |", "| --- | ---: | ---: | --- |",
         f"| HTML pipeline vs bare trafilatura (with metadata) | {html['vs_trafilatura']:.2f}x | "
         f">= {TARGETS['html_vs_trafilatura']}x | {_ok(html['vs_trafilatura'], TARGETS['html_vs_trafilatura'])} |",
         f"| HTML pipeline vs naive chain | {html['vs_naive']:.2f}x | >= {TARGETS['html_vs_naive']}x | "
         f"{_ok(html['vs_naive'], TARGETS['html_vs_naive'])} |",
         f"| text pipeline vs naive text chain ({n} page texts) | {text['vs_naive']:.2f}x | "
         f">= {TARGETS['text_vs_naive']}x | {_ok(text['vs_naive'], TARGETS['text_vs_naive'])} |",
         f"| text pipeline vs datatrove chain ({n} page texts) | {dt_row} |",
         f"| extraction alignment, share of the HTML path's stage time | {align['share']:.1%} | "
         f"<= {TARGETS['align_share']:.0%} | {_ok(align['share'], TARGETS['align_share'], higher=False)} |",
         f"| 2 workers vs 1 ({one['docs'] if one else '?'} docs) | {speedup:.2f}x | >= {TARGETS['scaling_2_vs_1']}x | "
         f"{_ok(speedup, TARGETS['scaling_2_vs_1'])} |",
         f"| peak RSS at {hi['docs']} vs {lo['docs']} docs | {growth:+.0%} | <= +{TARGETS['rss_growth']:.0%} | "
         f"{_ok(growth, TARGETS['rss_growth'], higher=False)} |", "",
         "## HTML", "",
         f"{html['pages']} pages ({html['mb']:.1f} MB of HTML; the {n_dev} dev pages repeated with seeded changes). "
         "Every program is timed as a whole process, as a user runs it (interpreter start, imports, first-use "
         "loading, the work, the output), the programs interleaved repetition by repetition. Pipeline: `python -m "
         "pipeline run --workers 1 --full-refresh` with the default config into a fresh folder (one worker process "
         "does the pages; the driver process reads, hashes and writes beside it). The targets use this one-worker "
         f"figure; the default worker count ({os.cpu_count()} here) is shown for reference. CPU seconds are user + "
         "system of the program and its children (load-independent, unlike seconds). Start-up is paid once per "
         "run (about 2 s of CPU for the pipeline, 0.4 s for bare trafilatura); the per-page work alone, page by "
         "page interleaved in one process, is what `benchmarks/html_inprocess.py` measures.", "",
         "| what | seconds | pages/s | CPU s | pipeline (1 worker) speed ratio |",
         "| --- | ---: | ---: | ---: | ---: |",
         f"| pipeline, 1 worker (default config) | {html['pipeline']:.2f} | {html['pages'] / html['pipeline']:.1f} | "
         f"{html['cpu']['pipeline']:.2f} | 1.00x |",
         f"| pipeline, default workers | {html['pipeline_default']:.2f} | "
         f"{html['pages'] / html['pipeline_default']:.1f} | {html['cpu']['pipeline_default']:.2f} | "
         f"{html['pipeline'] / html['pipeline_default']:.2f}x |",
         f"| bare `trafilatura.extract(..., with_metadata=True)` | {html['trafilatura']:.2f} | "
         f"{html['pages'] / html['trafilatura']:.1f} | {html['cpu']['trafilatura']:.2f} | "
         f"{html['vs_trafilatura']:.2f}x |",
         f"| naive chain (trafilatura, ftfy, langdetect, one pyarrow write) | {html['naive']:.2f} | "
         f"{html['pages'] / html['naive']:.1f} | {html['cpu']['naive']:.2f} | {html['vs_naive']:.2f}x |", "",
         f"With the default worker count the pipeline runs {html['default_vs_trafilatura']:.2f}x bare trafilatura "
         f"and {html['default_vs_naive']:.2f}x the naive chain.", "",
         "All repetitions (s): " + _reps(html["all"]), "",
         "## Text", "",
         f"{n} page texts ({text['mb']:.2f} MB of UTF-8; the {n_dev} dev pages' `page/` form repeated with seeded "
         "changes a cleaner keeps: exact dedup keeps every copy, near dedup, on by default, drops most copies "
         "as `dedup.near` after every stage ran on them, hence `written`). Whole processes, one worker each, "
         "interleaved repetition by repetition as for HTML"
         + ("" if meta["quick"] else "; warm-up: each program once on the first 54 documents, then every input "
            "file read once") + ". Pipeline: `python -m pipeline run --workers 1 --full-refresh` (default config). "
         "Peers (benchmarks/peers/, each what a user would write or run): `text_naive.py` (ftfy's `fix_text`, "
         "C4's line rules as regexes, langdetect seeded on the kept text, one Parquet write) and `text_datatrove.py` "
         "(a `LocalPipelineExecutor`, 1 task, 1 worker, datatrove's filters with their defaults; languages labelled "
         "with langdetect because datatrove's `LanguageFilter` downloads its fastText model and this machine has no "
         "network). Per core: docs/s and MB/s are per wall second of one worker; docs per CPU second count every "
         "process of the program (the pipeline's driver too), so they do not depend on the machine's load. "
         "`written` is the rows of the program's output: the peers' filters drop whole documents, the pipeline "
         "keeps a document while any of its text is kept.", "",
         "| program | written | seconds | docs/s | MB/s | CPU s | docs per CPU s | pipeline speed ratio (wall / CPU) |",
         "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in TEXT_PROGRAMS.items():
        if key not in secs:
            L.append(f"| {label} | - | - | - | - | - | - | {DATATROVE_MISSING} |")
            continue
        ratio = f"{secs[key] / secs['pipeline']:.2f}x / {cpu[key] / cpu['pipeline']:.2f}x"
        L.append(f"| {label} | {text['written'][key]} | {secs[key]:.2f} | {n / secs[key]:.1f} | "
                 f"{text['mb'] / secs[key]:.2f} | {cpu[key]:.2f} | {n / cpu[key]:.1f} | {ratio} |")
    L += ["", f"Page-text docs/s per core (issue 16 asks that it not fall): {n / secs['pipeline']:.1f} docs/s "
          f"({text['mb'] / secs['pipeline']:.2f} MB/s) with one worker, {n / cpu['pipeline']:.1f} docs per CPU "
          "second.", "",
          f"The merged form (`merged/`, {text['merged_mb']:.2f} MB, same documents), the same command: "
          f"{secs['pipeline_merged']:.2f} s, {n / secs['pipeline_merged']:.1f} docs/s, "
          f"{text['merged_mb'] / secs['pipeline_merged']:.2f} MB/s, {cpu['pipeline_merged']:.2f} CPU s, "
          f"{text['written']['pipeline_merged']} written.", "",
          "All repetitions (s): " + _reps(text["all"]), "",
          "## Costs of the audit, near dedup and WARC input", "",
          "### Extraction alignment (issue 17)", "",
          f"The {align['pages']} dev html pages through every stage of the default config in one process (as a "
          f"worker runs them), median of {_n(align['reps'], 'pass')}"
          + ("" if meta["quick"] else " after a warm-up pass")
          + "; the audit's three steps timed by wrapping them: reading the page's visible text "
          "(`page_text`), aligning the extractor's output with it (`align.propose`) and applying the edits "
          "(the rest of `_as_edits`). The share divides by the stages' time only (no reading, dedup or "
          "Parquet writes): an upper bound of its share of a whole run.", "",
          "| step | ms per page |", "| --- | ---: |",
          f"| page text | {align['ms']['page_text']:.2f} |",
          f"| alignment (`align.propose`) | {align['ms']['propose']:.2f} |",
          f"| applying the extraction edits | {align['ms']['apply']:.2f} |",
          f"| **the audit's extraction steps** | **{align['audit_ms']:.2f}** |",
          f"| the extract stage (all of it) | {align['ms']['extract']:.2f} |",
          f"| all stages (the HTML path) | {align['ms']['stages']:.2f} |", "",
          f"Share of the HTML path: {align['share']:.1%} (target <= {TARGETS['align_share']:.0%}); of the extract "
          f"stage: {align['share_of_extract']:.1%}.", "",
          "### Near-duplicate signatures and index (issue 18)", "",
          f"MinHash signature (`pipeline.corpus.near.signature`, computed in the workers) of each of the "
          f"{near['pages']} dev page texts, in this process, median of {_n(len(near['signature_seconds']), 'pass')}: "
          f"**{near['signature_ms_per_doc']:.2f} ms per document**, "
          f"{near['signature_ms_per_doc'] / (secs['pipeline'] / n * 1e3):.1%} of the pipeline's wall time per "
          "page-text document above (an upper bound: the pipeline signs the clean text, shorter than the page's). "
          "The band index at "
          f"{near['index_docs']:,} kept documents (synthetic random signatures, so every band hash is distinct: its "
          f"largest form; {near['bands']} bands x rows; `corpus.nearindex.NearIndex`, the index the step keeps "
          f"beside the corpus): built from stored signatures (a rebuild) in {near['index_build_s']:.2f} s, saved in "
          f"{near['index_save_s']:.2f} s ({near['index_file_mb']:.0f} MB file), loaded as a run starts in "
          f"{near['index_load_s']:.2f} s taking **{near['index_mb']:.0f} MB** (tracemalloc: signatures, sorted band "
          f"arrays, ids), and {near['decide_us_per_doc']:.0f} µs to add and decide one new document against it.", "",
          "### WARC reading (issue 18)", "",
          f"The {warc['pages']} dev html pages as one `.warc.gz` (a request and a response record per page, one gzip "
          "member each, written by fastwarc) against the same pages as `.html.gz` files, read by the pipeline's "
          f"sources in this process (discover, open, inflate, frame, decode), median of "
          f"{_n(len(warc['warc_seconds']), 'pass')} after a warm-up:", "",
          "| input | µs per document |", "| --- | ---: |",
          f"| `.warc.gz` (per response record) | {warc['warc_us_per_doc']:.0f} |",
          f"| `.html.gz` files | {warc['files_us_per_doc']:.0f} |", "",
          f"WARC / files: {warc['warc_us_per_doc'] / warc['files_us_per_doc']:.2f}x the time per document.", "",
          "## Scaling", "",
          "Whole `python -m pipeline run` subprocesses on the page-text form (dev pages repeated with seeded "
          "changes: exact dedup keeps them, near dedup drops most copies after every stage ran on them). "
          "Seconds are the run's own (manifest `seconds`, without "
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
          "Summed stage seconds from the run manifests (`stage_seconds`; `sources` is reading and decoding), "
          "of the last repetition of each run above.", "",
          f"### HTML ({html['pages']} pages, one worker)", ""]
    L += _stage_table(html["stages"])
    L += ["", f"### page text ({n} docs, one worker)", ""]
    L += _stage_table(text["stages"])
    L += ["", f"### merged text ({n} docs, one worker)", ""]
    L += _stage_table(text["stages_merged"])
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
    warmup = not args.quick
    # 1,080 page texts: the dev pages 20 times over, the size issue 19's peer figures were taken at
    # 540 HTML pages (10 per dev page): start-up (interpreter, imports, the worker, first-use loading:
    # about 2 s of CPU for the pipeline against 0.4 s for bare trafilatura) is paid once per run, and
    # at 162 pages it weighed like a third of the work; a crawl's run is thousands of pages
    html_pages, text_docs = (4, 8) if args.quick else (540, 1080)
    sizes = [8, 16] if args.quick else [1000, 20000]
    index_docs, align_pages = (5_000, 4) if args.quick else (100_000, None)
    meta = {"when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "reps": reps,
            "mode": "quick mode: tiny sizes, figures meaningless" if args.quick else "full", "quick": args.quick,
            "command": "python benchmarks/speed.py" + (" --quick" if args.quick else ""), "load_before": _load()}
    info = machine()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()

        def done(what: str) -> None:
            print(f"{what} done ({time.perf_counter() - t0:.0f}s, load {_load()})", file=sys.stderr)

        html = bench_html(args.dev, work, html_pages, reps, warmup)
        done("html")
        text = bench_text(args.dev, work, text_docs, reps, warmup)
        done("text")
        costs = {"align": bench_align(args.dev, reps, warmup, align_pages),
                 "near": bench_near_dedup(args.dev, reps, index_docs),
                 "warc": bench_warc_reading(args.dev, work / "warc_bench", reps)}
        done("costs")
        scaling = bench_scaling(args.dev, work, sizes, reps, [1, 2])
        done("scaling")
    meta["load_after"] = _load()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(info, html, text, costs, scaling, meta), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
