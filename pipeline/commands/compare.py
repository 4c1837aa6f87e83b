"""pipeline compare: what changed between two corpora (e.g. before and after a config change)."""
from __future__ import annotations

import argparse
import logging

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline compare clean-old clean             # after re-running with a new rule or config
  pipeline compare clean-old clean --sample 20 --format json > compare.json

Lists the documents whose clean text changed, appeared or disappeared (and whether they are now
rejected), the rules whose edit counts moved, and a short line diff for a sample of the changed.
Exit status 0 whether or not anything changed; read the output (or --format json).
"""


def add_parser(sub) -> None:
    p = sub.add_parser("compare", help="what changed between two corpora",
                       description="Compare two corpus folders: documents changed, appeared or gone, "
                                   "rule counts that moved, short diffs for a sample.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", help="the reference corpus folder")
    p.add_argument("new", help="the corpus folder to review")
    p.add_argument("--sample", type=int, default=5, metavar="N", help="changed documents to diff (default 5)")
    p.add_argument("--format", default="text", choices=("text", "json"))


def main(args) -> int:
    import json

    from ..audit.compare import compare
    from ..audit.corpus import AuditError

    try:
        res = compare(args.old, args.new, sample=args.sample)
    except AuditError as exc:
        log.error("%s", exc)
        return 1
    if args.format == "json":
        print(json.dumps(res.as_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"# {args.old} (run {res.old_run}) -> {args.new} (run {res.new_run})"
          + (f"  config changed: {', '.join(res.config_keys) or 'hash only'}" if res.config_changed
             else "  same config"))
    print(f"documents: {len(res.changed)} changed, {len(res.appeared)} appeared, "
          f"{len(res.disappeared)} disappeared, {res.unchanged} unchanged")
    for label, ids in (("changed", res.changed), ("appeared", res.appeared)):
        if ids:
            print(f"  {label}: " + ", ".join(ids[:20]) + (f" … (+{len(ids) - 20})" if len(ids) > 20 else ""))
    for d in res.disappeared[:20]:
        print(f"  disappeared: {d['doc_id']} ({d['now']})")
    if res.rules:
        print("rules whose counts moved (edits old -> new, documents old -> new):")
        for r in res.rules:
            print(f"  {r['rule']:<30} {r['old']:>6} -> {r['new']:<6} ({r['delta']:+d})   "
                  f"docs {r['old_docs']} -> {r['new_docs']}")
    else:
        print("no rule's counts moved")
    for r in res.rejects:
        print(f"rejects {r['rule']}: {r['old']} -> {r['new']} ({r['delta']:+d})")
    for s in res.samples:
        moved = ", ".join(f"{k} {a}->{b}" for k, (a, b) in s["rules"].items())
        print(f"\n## {s['doc_id']}  {moved}")
        for line in s["diff"]:
            print(f"  {line}")
    return 0
