"""pipeline rules: per stage and rule, how often it fired and what it removed, with examples."""
from __future__ import annotations

import argparse
import logging

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline rules --output clean                        # table in stage order
  pipeline rules --output clean --sort chars_removed   # the rules that remove most first
  pipeline rules --output clean --format csv > rules.csv

Columns: documents touched, edits, characters removed and added. The table shows one example per
rule with context as ...left[-removed-]{+added+}right...; json and csv carry every example.
"""


def add_parser(sub) -> None:
    from ..audit.stats import SORT_KEYS

    p = sub.add_parser("rules", help="how often each cleaning rule fired and what it removed",
                       description="Per stage and rule: documents touched, edits, characters removed "
                                   "and added, and short examples with context.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--output", default="clean", help="corpus folder (default clean)")
    p.add_argument("--sort", default="stage", choices=("stage", *[k for k in SORT_KEYS if k != "stage"]),
                   help="order rows by this column, largest first for counts (default: stage order)")
    p.add_argument("--format", default="table", choices=("table", "json", "csv"))
    p.add_argument("--examples", type=int, default=3, metavar="N", help="examples per rule (default 3)")


def main(args) -> int:
    import csv
    import json
    import sys

    from ..audit import plural
    from ..audit.reader import load_or_explain
    from ..audit.stats import example_line, rule_stats

    corpus = load_or_explain(args.output, log)
    if corpus is None:
        return 1
    stats = rule_stats(corpus, examples=max(0, args.examples))
    if args.sort in ("rule",):
        stats.sort(key=lambda s: s.rule)
    elif args.sort != "stage":
        stats.sort(key=lambda s: (-getattr(s, args.sort), s.rule))
    if args.format == "json":
        json.dump([s.row() for s in stats], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if args.format == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["stage", "rule", "docs", "edits", "chars_removed", "chars_added", "examples"])
        for s in stats:
            w.writerow([s.stage, s.rule, s.docs, s.edits, s.chars_removed, s.chars_added,
                        " | ".join(f"{x['doc_id']}: {example_line(x)}" for x in s.examples)])
        return 0
    if not stats:
        print(f"no edits in {args.output}: no rule changed any document")
        return 0
    width = max(len(s.rule) for s in stats)
    print(f"{'stage':<10} {'rule':<{width}} {'docs':>6} {'edits':>7} {'removed':>9} {'added':>8}  example")
    for s in stats:
        ex = example_line(s.examples[0]) if s.examples else ""
        print(f"{s.stage:<10} {s.rule:<{width}} {s.docs:>6} {s.edits:>7} {s.chars_removed:>9} "
              f"{s.chars_added:>8}  {ex[:100]}")
    docs = len(corpus.documents)
    print(f"\n{plural(len(stats), 'rule')} over {plural(docs, 'document')} ({plural(len(corpus.rejects), 'reject')} not counted); "
          f"'pipeline diff DOC_ID --output {args.output}' shows one document")
    return 0
