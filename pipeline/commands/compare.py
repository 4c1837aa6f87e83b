"""pipeline compare: what changed between two corpora (e.g. before and after a config change)."""
from __future__ import annotations

import argparse
import logging

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline compare clean-old clean             # after re-running with a new rule or config
  pipeline compare clean-old clean --sample 20 --format json > compare.json
  pipeline compare --output clean 000001 latest    # two runs of one folder, from their manifests

Lists the documents whose clean text changed, appeared or disappeared (and whether they are now
rejected), the rules whose edit counts moved, and a short line diff for a sample of the changed.
With --output, OLD and NEW are run ids of that folder (a unique prefix, or 'latest'): a later run
deletes the rows it replaces, so two runs are compared from their manifests only (config keys,
inputs, counts, rule and reject counts); for text diffs run the new config into a second folder.
Exit status 0 whether or not anything changed; read the output (or --format json).
"""


def add_parser(sub) -> None:
    p = sub.add_parser("compare", help="what changed between two corpora",
                       description="Compare two corpus folders: documents changed, appeared or gone, "
                                   "rule counts that moved, short diffs for a sample.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", help="the reference corpus folder (a run id with --output)")
    p.add_argument("new", help="the corpus folder to review (a run id with --output)")
    p.add_argument("--output", default=None, metavar="DIR",
                   help="compare two runs of this one folder: OLD and NEW are run ids")
    p.add_argument("--sample", type=int, default=5, metavar="N", help="changed documents to diff (default 5)")
    p.add_argument("--format", default="text", choices=("text", "json"))


def main(args) -> int:
    import json

    from ..audit.compare import compare
    from ..audit.reader import AuditError

    if args.output:
        return _runs(args)
    try:
        res = compare(args.old, args.new, sample=args.sample)
    except AuditError as exc:
        log.error("%s", exc)
        return 1
    if args.format == "json":
        print(json.dumps(res.as_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"# {args.old} (run {res.old_run}) -> {args.new} (run {res.new_run})")
    print("config: " + ("; ".join(res.config_changes) if res.config_changes
                        else "changed" if res.config_changed else "same"))
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


def _runs(args) -> int:
    import json

    from ..audit.reader import AuditError
    from ..audit.runs import compare_runs

    try:
        res = compare_runs(args.output, args.old, args.new)
    except AuditError as exc:
        log.error("%s", exc)
        return 1
    if args.format == "json":
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(f"# {args.output}: run {res['old_run']} -> run {res['new_run']} (from the run manifests)")
    print("config: " + ("; ".join(res["config_changes"]) if res["config_changes"] else "same"))
    for name, (a, b) in res["versions_changed"].items():
        print(f"version {name}: {a} -> {b}")
    print(f"inputs: {len(res['inputs_changed'])} changed, {len(res['inputs_appeared'])} appeared, "
          f"{len(res['inputs_disappeared'])} disappeared")
    for label in ("changed", "appeared", "disappeared"):
        ids = res[f"inputs_{label}"]
        if ids:
            print(f"  {label}: " + ", ".join(ids[:20]) + (f" … (+{len(ids) - 20})" if len(ids) > 20 else ""))
    counts = [f"{k} {a}->{b}" for k, (a, b) in res["counts"].items() if a != b]
    print("counts: " + (", ".join(counts) if counts else "same"))
    a, b = res["processed"]
    print(f"rules whose counts moved (over the {a} and {b} inputs each run processed):")
    for r in res["rules"] or [{"rule": "none", "old": 0, "new": 0, "delta": 0}]:
        print(f"  {r['rule']:<30} {r['old']:>6} -> {r['new']:<6} ({r['delta']:+d})")
    for r in res["rejects"]:
        print(f"rejects {r['rule']}: {r['old']} -> {r['new']} ({r['delta']:+d})")
    print("text diffs: run the new settings into a second folder and 'pipeline compare OLD_DIR NEW_DIR'")
    return 0
