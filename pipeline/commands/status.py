"""pipeline status: the last runs of a corpus, from its commit log (for cron mails and dashboards)."""
from __future__ import annotations

import argparse
import json
import os

EXAMPLES = """\
examples:
  pipeline status --output /data/corpus           # the last 5 runs
  pipeline status --output /data/corpus --json    # machine-readable, one object per run

Each run shows its status (ok, degraded, interrupted, or running for a run that was killed),
unit counts (written, rejected, deferred, skipped), duration, rejects by reason and deferred inputs.
"""


# What --json prints of each run (the manifest model's summary holds more: config, inputs, rules).
JSON_FIELDS = ("run_id", "started", "commits", "status", "seconds", "counts", "rejects_by_reason", "deferred",
               "respawns")


def add_parser(sub) -> None:
    s = sub.add_parser("status", help="show the last runs of a corpus",
                       description="Summarise the last runs recorded in OUTPUT/_runs.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--output", default="clean", help="corpus folder (default clean)")
    s.add_argument("--last", type=int, default=5, help="how many runs to show (default 5)")
    s.add_argument("--json", action="store_true", help="print JSON instead of text")


def main(args) -> int:
    from . import EXIT_CONFIG, EXIT_OK

    if not os.path.isdir(os.path.join(args.output, "_runs")):
        print(f"{args.output} holds no corpus yet (no _runs folder)")
        return EXIT_CONFIG if not os.path.isdir(args.output) else EXIT_OK
    from ..sink.manifest import runs

    shown = runs(args.output)[-args.last:] if args.last > 0 else []
    if args.json:
        for r in shown:
            print(json.dumps({k: r.get(k) for k in JSON_FIELDS}, ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    if not shown:
        print(f"{args.output}: no runs committed yet")
    for r in shown:
        c = r["counts"]
        status = r["status"] if r["status"] != "running" else "killed (no final commit)"
        print(f"{r['run_id']} {status}: {c.get('discovered', 0)} units -> {c.get('written', 0)} written, "
              f"{c.get('rejected', 0)} rejected, {c.get('deferred', 0)} deferred, "
              f"{c.get('skipped_unchanged', 0)} unchanged, {c.get('skipped_duplicate', 0)} duplicates; "
              f"{r['commits']} commits, {r['seconds'] or 0:.1f}s")
        if r["rejects_by_reason"]:
            print("  rejects: " + ", ".join(f"{k} {v}" for k, v in sorted(r["rejects_by_reason"].items(),
                                                                           key=lambda kv: -kv[1])))
        for d in r["deferred"][:10]:
            print(f"  deferred {d['input_path']}: {d['reason']}")
    return EXIT_OK
