"""pipeline run: clean an input folder into a corpus."""
from __future__ import annotations

import argparse
import errno
import logging
import signal
import os
import sys

from . import DEFAULT_CONFIG, EXIT_CONFIG, EXIT_DEGRADED, EXIT_OK, EXIT_TEMPFAIL, load_config

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline run                                   # raw/ -> clean/ with configs/default.toml
  pipeline run --input /data/scraped --output /data/corpus --workers 2
  pipeline run --config my.toml --full-refresh   # rebuild after changing the config

Only new and changed inputs are processed; a run with nothing new writes nothing.
Output: OUTPUT/documents, OUTPUT/edits, OUTPUT/meta_edits, OUTPUT/rejects (Parquet) and
OUTPUT/_runs/<run_id>.json (the manifest). Exit codes: 0 ok, 2 too many rejects,
75 output locked or I/O error (retry later), 78 config/dependency problem or drift.
"""


def add_parser(sub) -> None:
    r = sub.add_parser("run", help="clean an input folder into an output corpus",
                       description="Clean every new or changed file under --input into --output.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("--input", default="raw", help="folder of .txt/.html/.jsonl files, optionally .gz (default raw)")
    r.add_argument("--output", default="clean", help="corpus folder to create or update (default clean)")
    r.add_argument("--config", default=None,
                   help=f"TOML config (default {DEFAULT_CONFIG} if it exists, else built-in defaults)")
    r.add_argument("--workers", type=int, default=0, help="worker processes (default: one per CPU)")
    r.add_argument("--engine", default="local", choices=["local", "ray"],
                   help="where stages run: local processes, or a Ray cluster (needs the ray extra; default local)")
    r.add_argument("--ray-address", default=os.environ.get("RAY_ADDRESS"),
                   help="Ray cluster to run on with --engine ray (default $RAY_ADDRESS; unset starts a local one)")
    r.add_argument("--full-refresh", action="store_true",
                   help="reprocess every input and replace the corpus (after a config or version change)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


class _Signals:
    """SIGTERM/SIGINT during a run set a flag the run checks between documents: the batch in
    progress is dropped, the run is committed as interrupted, and the exit code says which signal."""

    def __init__(self):
        self.signum: int | None = None

    def __enter__(self):
        self.old = {s: signal.signal(s, self._set) for s in (signal.SIGTERM, signal.SIGINT)}
        return self

    def _set(self, signum, frame):
        self.signum = signum

    def __call__(self) -> int | None:
        return self.signum

    def __exit__(self, *exc):
        for s, h in self.old.items():
            signal.signal(s, h)


def main(args) -> int:
    from ..driver import DriftError, run
    from ..driver.preflight import check_dependencies
    from ..sink import LockHeld, UnsafePath

    problem = check_dependencies()
    if problem:
        log.error(problem)
        return EXIT_CONFIG
    if not os.path.isdir(args.input):
        log.error("input folder %s does not exist; pass --input DIR", args.input)
        return EXIT_CONFIG
    config = load_config(args.config)
    if config is None:
        return EXIT_CONFIG

    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="file", desc="cleaning", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    if args.engine == "ray":
        from ..engines.ray import missing

        if missing():
            log.error("%s", missing())
            return EXIT_CONFIG
    try:
        with _Signals() as sig:
            res = run(args.input, args.output, config, workers=args.workers, engine=args.engine,
                      address=args.ray_address, full_refresh=args.full_refresh, progress=progress, stop=sig)
    except LockHeld as exc:
        log.error("%s", exc)
        return EXIT_TEMPFAIL
    except (DriftError, UnsafePath) as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    except OSError as exc:
        name = errno.errorcode.get(exc.errno or 0, "I/O error")
        log.error("%s writing %s: %s; the batch in progress was not committed (earlier commits are "
                  "intact), retry later", name, exc.filename or args.output, exc.strerror or exc)
        return EXIT_TEMPFAIL
    finally:
        if bar is not None:
            bar.close()
    summary(res, args.output)
    if res.status == "interrupted":
        return 128 + (sig.signum or signal.SIGINT)
    return EXIT_DEGRADED if res.status == "degraded" else EXIT_OK


def summary(res, output: str) -> None:
    out = sys.stdout
    deferred = f", {res.deferred} deferred" if res.deferred else ""
    if res.status == "noop":
        print(f"nothing new: {res.files} files, {res.discovered} discovered, {res.skipped_unchanged} "
              f"unchanged{deferred}; nothing written to {output}", file=out)
        for d in res.deferred_inputs[:10]:
            print(f"  deferred {d['input_path']}: {d['reason']} ({d['detail']})", file=out)
        return
    print(f"run {res.run_id} {res.status}: {res.files} files, {res.discovered} units discovered ({res.new} new "
          f"files, {res.changed} changed, {res.skipped_unchanged} unchanged{deferred}) -> {res.written} "
          f"written, {res.rejected} rejected, {res.skipped_duplicate} duplicates, in {res.commits} commits, "
          f"{res.seconds:.1f}s", file=out)
    if res.swept:
        print(f"  swept {res.swept} leftover files of an earlier crashed run", file=out)
    if res.respawns:
        print(f"  {res.respawns} worker processes replaced after a timeout, crash or memory limit", file=out)
    for d in res.deferred_inputs[:10]:
        print(f"  deferred {d['input_path']}: {d['reason']} ({d['detail']})", file=out)
    if res.reject_reasons:
        top = ", ".join(f"{k} {v}" for k, v in res.reject_reasons.most_common(5))
        print(f"  top reject reasons: {top}", file=out)
    if res.rules:
        top = ", ".join(f"{k} {v}" for k, v in res.rules.most_common(6))
        print(f"  rules that fired most: {top}", file=out)
    if res.status == "degraded":
        print(f"  status DEGRADED: {res.reject_ratio:.0%} of inputs were rejected, above max_reject_ratio",
              file=out)
    if res.status == "interrupted":
        print("  status INTERRUPTED: the batch in progress was dropped; the next run continues from the "
              "last commit", file=out)
    print(f"  corpus: {output}/documents (see 'pipeline diff DOC_ID --output {output}')", file=out)
