"""Throughput cost of the extraction sandbox on the dev HTML pages (not a test: run it by hand).

    .venv/bin/python tests/reliability/measure_sandbox.py [rounds]

Compares the same stages over ../shared/bench/dev/html run (a) in this process and (b) through the
sandboxed worker pool with one worker (pipes, pickling, deadlines, RLIMIT_AS). The machine is shared,
so the figure is CPU time (this process plus its workers), which is what throughput on busy cores
is made of; the pool's one-time start (forking, the warm-up page) is shown apart.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from pipeline import config as cfg
from pipeline.driver.work import UnitWork
from pipeline.engines.local import LocalEngine
from pipeline.process import process_unit
from pipeline.corpus import doc_ids
from pipeline.sources import discover, file_sha256

HTML = Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev" / "html"


def main(rounds: int = 3) -> None:
    config = cfg.load(None)
    units = discover(str(HTML))
    tasks = [(u, i, file_sha256(u, config.limits)) for u, i in zip(units, doc_ids(units))]
    stages = config.build_stages()
    process_unit(*tasks[0], stages, config.limits)  # warm up, as the pool does before forking
    plain, boxed, start = [], [], []
    for _ in range(rounds):
        c0 = time.process_time()
        direct = [process_unit(u, i, s, stages, config.limits)[0] for u, i, s in tasks]
        plain.append(time.process_time() - c0)
        c0, k0 = time.process_time(), _children()
        it = LocalEngine(1).map(UnitWork(config), tasks[:1])
        list(it)
        start.append(time.process_time() - c0 + _children() - k0)
        c0, k0 = time.process_time(), _children()
        pooled = [items for items, _t in LocalEngine(1).map(UnitWork(config), tasks)]
        boxed.append(time.process_time() - c0 + _children() - k0)
        assert [[getattr(x, "text", None) for x in a] for a in direct] == \
               [[getattr(x, "text", None) for x in b] for b in pooled]
    p, b, s0 = min(plain), min(boxed), min(start)
    steady = b - s0
    print(f"{len(tasks)} pages, CPU seconds (best of {rounds}): in-process {p:.2f}, sandboxed {b:.2f} "
          f"(of which pool start {s0:.2f}); overhead {100 * (b - p) / p:+.1f}% including the start, "
          f"{100 * (steady - p) / p:+.1f}% per page")


def _children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
