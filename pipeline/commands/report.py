"""pipeline report: one self-contained HTML file to audit a corpus in a browser, offline."""
from __future__ import annotations

import argparse
import logging
import os

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline report --output clean                      # writes clean/report.html
  pipeline report --output clean --out /tmp/r.html --max-diffs 200

The file needs no network: styles, scripts, charts (SVG) and data are inside it. Each document's
diff can be viewed between any two pipeline points with any rule hidden. Diffs are embedded for a
sample (--max-diffs, and a size budget); 'pipeline diff DOC_ID' shows any document.
"""


def add_parser(sub) -> None:
    from ..report import DIFF_BUDGET, MAX_DIFFS

    p = sub.add_parser("report", help="write a self-contained HTML report of a corpus",
                       description="Write one static HTML file: run summary, rule and reject charts, "
                                   "a searchable document list and per-document diffs.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--output", default="clean", help="corpus folder (default clean)")
    p.add_argument("--out", default=None, help="HTML file to write (default OUTPUT/report.html)")
    p.add_argument("--max-diffs", type=int, default=MAX_DIFFS, metavar="N",
                   help=f"documents whose diff is embedded (default {MAX_DIFFS})")
    p.add_argument("--max-diff-mb", type=float, default=DIFF_BUDGET / 1e6, metavar="MB",
                   help=f"size budget for embedded diffs (default {DIFF_BUDGET / 1e6:g})")


def main(args) -> int:
    from ..audit.reader import load_or_explain
    from ..audit import plural
    from ..report import build

    corpus = load_or_explain(args.output, log)
    if corpus is None:
        return 1
    built = build(corpus, max_diffs=max(0, args.max_diffs), budget=int(args.max_diff_mb * 1e6))
    out = args.out or os.path.join(args.output, "report.html")
    tmp = f"{out}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(built.html)
    os.replace(tmp, out)  # a reader never sees half a report
    size = os.path.getsize(out)
    print(f"wrote {out} ({size / 1e6:.1f} MB): {plural(built.documents, 'document')}, "
          f"{plural(built.rejects, 'reject')}, "
          f"diffs embedded for {built.diffs_shown}")
    return 0
