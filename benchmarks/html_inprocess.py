"""CPU time per page of the pipeline's stages on the dev HTML pages against bare
``trafilatura.extract(html, with_metadata=True)``, in one process, page by page interleaved.

    .venv/bin/python benchmarks/html_inprocess.py [REPS] [--stages]

Why CPU time and per-page interleaving: on a shared machine wall time follows the other tenants,
and even CPU time drifts with their load (caches, frequency); timing the two programs on the same
page one right after the other, alternating which goes first, puts the same drift on both sides of
the ratio. It measures the per-page work only: interpreter start, imports, the worker process and
Parquet writes are what ``benchmarks/speed.py`` (whole processes) adds. Prints the median over the
repetitions of ms/page for each and of the ratio bare/pipeline (above 1: the pipeline is faster).
"""
from __future__ import annotations

import gzip
import logging
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev" / "html"


def main(argv: list[str]) -> int:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    reps = int(argv[0]) if argv and argv[0].isdigit() else 5
    files = sorted(DEV.glob("*.html.gz"))
    if not files:
        print(f"no dev pages in {DEV}: the shared bench folder should be beside the checkout")
        return 1
    pages = [(f.name, gzip.decompress(f.read_bytes()).decode("utf-8")) for f in files]

    import trafilatura

    from pipeline import config
    from pipeline.document import Document
    from pipeline.process import process

    stages = config.load(ROOT / "configs" / "default.toml").build_stages()
    for stage in stages:
        stage.warm_up()
    for _name, html in pages:  # first use of every page: htmldate's and dateparser's caches fill
        trafilatura.extract(html, with_metadata=True)
    timings: dict[str, float] = {}
    clock = time.process_time
    pipe_ms, bare_ms, ratios = [], [], []
    for rep in range(reps):
        pipe = bare = 0.0
        for j, (name, html) in enumerate(pages):
            for which in ((0, 1) if (j + rep) % 2 == 0 else (1, 0)):
                t0 = clock()
                if which == 0:
                    process(Document(doc_id=name, source=name, content_type="html", text=html), stages, timings)
                    pipe += clock() - t0
                else:
                    trafilatura.extract(html, with_metadata=True)
                    bare += clock() - t0
        pipe_ms.append(pipe / len(pages) * 1000)
        bare_ms.append(bare / len(pages) * 1000)
        ratios.append(bare / pipe)
    print(f"{len(pages)} pages x {reps}: pipeline {statistics.median(pipe_ms):.2f} ms/page, bare trafilatura "
          f"{statistics.median(bare_ms):.2f} ms/page, bare/pipeline {statistics.median(ratios):.3f} "
          f"(each repetition: {', '.join(f'{r:.3f}' for r in ratios)})")
    if "--stages" in argv:  # wall seconds per stage, as the run manifests sum them
        total = sum(timings.values())
        print(", ".join(f"{k} {v / total:.0%}" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
