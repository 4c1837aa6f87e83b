"""Command line: parse flags, set up logging and progress, call the library, report, exit.

Exit codes (sysexits, as schedulers expect): 0 success (per-document rejects allowed);
2 reject ratio above max_reject_ratio (good documents still committed); 75 lock held or
transient I/O error (retry on the next tick); 78 bad config, config or library drift, missing
dependency; 130/143 interrupted.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from pathlib import Path

EXIT_OK, EXIT_DEGRADED, EXIT_TEMPFAIL, EXIT_CONFIG = 0, 2, 75, 78
DEFAULT_CONFIG = "configs/default.toml"

log = logging.getLogger("pipeline")

RUN_EXAMPLES = """\
examples:
  pipeline run                                   # raw/ -> clean/ with configs/default.toml
  pipeline run --input /data/scraped --output /data/corpus --workers 2
  pipeline run --config my.toml --full-refresh   # rebuild after changing the config

Only new and changed inputs are processed; a run with nothing new writes nothing.
Output: OUTPUT/documents, OUTPUT/edits, OUTPUT/meta_edits, OUTPUT/rejects (Parquet) and
OUTPUT/_runs/<run_id>.json (the manifest). Exit codes: 0 ok, 2 too many rejects,
75 output locked or I/O error (retry later), 78 config/dependency problem or drift.
"""

DIFF_EXAMPLES = """\
examples:
  pipeline diff 001_87baeee10ab8ebbf             # what cleaning changed, rule by rule
  pipeline diff some/page --hide normalise       # leave out whitespace edits
  pipeline diff some/page --edits | less -R      # one line per edit instead of inline

Removed text is shown as [-text-]<rule> and added text as {+text+}<rule> (red and green on a
terminal). The base is the input file's text (or, for HTML, the extractor's output).
"""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pipeline",
        description="Clean scraped web pages (HTML, text, JSONL) into an audited Parquet corpus.",
        epilog="Run 'pipeline COMMAND --help' for each command's options and examples.",
    )
    ap.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                    help="how much to log on stderr (default INFO)")
    ap.add_argument("--log-format", default="text", choices=["text", "json"],
                    help="'json' prints one JSON object per log line, for log collectors")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("run", help="clean an input folder into an output corpus",
                       description="Clean every new or changed file under --input into --output.",
                       epilog=RUN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("--input", default="raw", help="folder of .txt/.html/.jsonl files, optionally .gz (default raw)")
    r.add_argument("--output", default="clean", help="corpus folder to create or update (default clean)")
    r.add_argument("--config", default=None,
                   help=f"TOML config (default {DEFAULT_CONFIG} if it exists, else built-in defaults)")
    r.add_argument("--workers", type=int, default=0, help="worker processes (default: one per CPU)")
    r.add_argument("--engine", default="local", choices=["local"], help="where stages run (default local)")
    r.add_argument("--full-refresh", action="store_true",
                   help="reprocess every input and replace the corpus (after a config or version change)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    d = sub.add_parser("diff", help="show what cleaning changed in one document",
                       description="Show one document's base text with every edit marked by its rule.",
                       epilog=DIFF_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("doc_id", help="the document's doc_id (its input path without suffixes)")
    d.add_argument("--output", default="clean", help="corpus folder (default clean)")
    d.add_argument("--hide", action="append", default=[], metavar="RULE",
                   help="apply a rule's (or a whole stage's) edits silently; repeatable")
    d.add_argument("--edits", action="store_true", help="list the edits one per line instead")
    d.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    return ap


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"level": record.levelname, "logger": record.name, "message": record.getMessage()},
                          ensure_ascii=False)


def _setup_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if fmt == "json" else logging.Formatter("%(levelname)s %(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)


def _check_dependencies() -> str | None:
    """Import every core library before touching the output; name the one that fails."""
    import importlib

    for module, package in (("lxml", "lxml"), ("lxml_html_clean", "lxml_html_clean"),
                            ("trafilatura", "trafilatura"), ("ftfy", "ftfy"), ("langdetect", "langdetect"),
                            ("pyarrow", "pyarrow"), ("wordfreq", "wordfreq"), ("regex", "regex")):
        try:
            importlib.import_module(module)
        except Exception as exc:
            return (f"missing dependency: {package} cannot be imported ({type(exc).__name__}: {exc}). "
                    "Reinstall with 'make run' or '.venv/bin/pip install -e .'")
    return None


def cmd_run(args) -> int:
    from . import config as cfg
    from .run import DriftError, run
    from .sink import LockHeld, UnsafePath

    problem = _check_dependencies()
    if problem:
        log.error(problem)
        return EXIT_CONFIG
    if not os.path.isdir(args.input):
        log.error("input folder %s does not exist; pass --input DIR", args.input)
        return EXIT_CONFIG
    path = args.config or (DEFAULT_CONFIG if Path(DEFAULT_CONFIG).is_file() else None)
    try:
        config = cfg.load(path)
    except cfg.ConfigError as exc:
        log.error("%s", exc)
        return EXIT_CONFIG

    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="file", desc="cleaning", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        res = run(args.input, args.output, config, workers=args.workers, engine=args.engine,
                  full_refresh=args.full_refresh, progress=progress)
    except LockHeld as exc:
        log.error("%s", exc)
        return EXIT_TEMPFAIL
    except (DriftError, UnsafePath) as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    except OSError as exc:
        log.error("I/O error writing %s: %s; nothing was committed, retry later", exc.filename or args.output,
                  exc.strerror or exc)
        return EXIT_TEMPFAIL
    finally:
        if bar is not None:
            bar.close()
    _summary(res, args.output)
    return EXIT_DEGRADED if res.status == "degraded" else EXIT_OK


def _summary(res, output: str) -> None:
    out = sys.stdout
    if res.status == "noop":
        print(f"nothing new: {res.discovered} inputs discovered, {res.skipped_unchanged} unchanged; "
              f"nothing written to {output}", file=out)
        return
    print(f"run {res.run_id}: {res.discovered} discovered ({res.new} new, {res.changed} changed, "
          f"{res.skipped_unchanged} unchanged) -> {res.written} written, {res.rejected} rejected, "
          f"{res.skipped_duplicate} duplicates, in {res.seconds:.1f}s", file=out)
    if res.reject_reasons:
        top = ", ".join(f"{k} {v}" for k, v in res.reject_reasons.most_common(5))
        print(f"  top reject reasons: {top}", file=out)
    if res.rules:
        top = ", ".join(f"{k} {v}" for k, v in res.rules.most_common(6))
        print(f"  rules that fired most: {top}", file=out)
    if res.status == "degraded":
        print(f"  status DEGRADED: {res.reject_ratio:.0%} of inputs were rejected, above max_reject_ratio",
              file=out)
    print(f"  corpus: {output}/documents (see 'pipeline diff DOC_ID --output {output}')", file=out)


def cmd_diff(args) -> int:
    from .audit import inline_diff, render
    from .edits import EditError, undo
    from .sink import Store

    store = Store(args.output)
    if not store.latest():
        log.error("%s holds no committed corpus; run 'pipeline run --output %s' first", args.output, args.output)
        return 1
    import pyarrow.compute as pc

    docs = store.read("documents")
    row = docs.filter(pc.equal(docs["doc_id"], args.doc_id)).to_pylist()
    if not row:
        rej = store.read("rejects")
        rrow = rej.filter(pc.equal(rej["doc_id"], args.doc_id)).to_pylist()
        if rrow:
            r = rrow[0]
            print(f"{args.doc_id} was rejected by {r['stage']} ({r['rule']}): {r['reason']} {r['detail'] or ''}")
            return 0
        ids = docs["doc_id"].to_pylist()[:5]
        log.error("no document %r in %s; some doc_ids there: %s", args.doc_id, args.output, ", ".join(ids))
        return 1
    doc = row[0]
    edits = store.read("edits")
    erows = sorted(edits.filter(pc.equal(edits["doc_id"], args.doc_id)).to_pylist(), key=lambda e: e["seq"])
    metas = store.read("meta_edits")
    mrows = metas.filter(pc.equal(metas["doc_id"], args.doc_id)).to_pylist()
    try:
        base = undo(doc["text"], erows)
    except EditError as exc:
        log.error("the audit of %s does not replay: %s", args.doc_id, exc)
        return 1
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(f"# {doc['doc_id']}  source={doc['source']}  type={doc['content_type']}  language={doc['language']}"
          f"  edits={len(erows)}")
    for m in sorted(mrows, key=lambda r: r["seq"]):
        print(f"# meta {m['field']}: {m['before']} -> {m['after']}  ⟨{m['rule']}⟩")
    if args.edits:
        for e in erows:
            if e["rule"] in args.hide or e["stage"] in args.hide:
                continue
            print(f"{e['seq']:>4} {e['rule']:<28} @{e['start']:<6} -{e['before']!r} +{e['after']!r}")
        return 0
    print(render(inline_diff(base, erows, hide=args.hide), colour))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.command:
        _parser().print_help()
        return 0
    _setup_logging(args.log_level, args.log_format)
    # SIGTERM (systemd stop, kill) takes the same orderly path as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return {"run": cmd_run, "diff": cmd_diff}[args.command](args)
    except KeyboardInterrupt:
        log.error("interrupted; nothing from this run was committed unless its manifest was written")
        return 130
    except BrokenPipeError:
        return 0
