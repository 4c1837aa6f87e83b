"""pipeline export: a corpus as a training set in the Hugging Face datasets layout, with a card."""
from __future__ import annotations

import argparse
import logging

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline export --output clean --to dataset                     # data/<language>/train-*.parquet + README.md
  pipeline export --output clean --to dataset --validation 0.01   # 1 % of doc ids in a validation split
  pipeline export --output clean --to dataset --by all --format jsonl

Then: datasets.load_dataset("dataset", "en"). The split is stable: a document's split depends only
on its doc_id. README.md is a dataset card generated from the corpus (counts, rules, rejects,
config hash, versions, inputs); --license sets its license (default: other).
"""


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write a corpus as a Hugging Face dataset folder with a card",
                       description="Export the documents of a corpus in the Hugging Face datasets folder "
                                   "layout (data/<config>/<split>-*.parquet) with a generated README.md.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--output", default="clean", help="the corpus folder to export (default clean)")
    p.add_argument("--to", required=True, help="destination folder (new or empty)")
    p.add_argument("--by", default="language", choices=("language", "all"),
                   help="one config per language (default), or one for all documents")
    p.add_argument("--format", default="parquet", choices=("parquet", "jsonl"))
    p.add_argument("--validation", type=float, default=0.0, metavar="SHARE",
                   help="share of documents in a validation split, by doc_id hash (default 0: none)")
    p.add_argument("--license", default="other", help="the card's license id (default other)")
    p.add_argument("--name", help="the card's title (default: the corpus folder's name)")


def main(args) -> int:
    from ..export import ExportError, export
    from ..sink.lock import LockHeld
    from . import EXIT_CONFIG, EXIT_OK, EXIT_TEMPFAIL

    try:
        stats = export(args.output, args.to, by=args.by, fmt=args.format, validation=args.validation,
                       license_id=args.license, name=args.name)
    except ExportError as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    except LockHeld as exc:
        log.error("%s", exc)
        return EXIT_TEMPFAIL
    for (config, split), n in sorted(stats.rows.items()):
        print(f"  {config}/{split}: {n} documents")
    print(f"exported {stats.documents} documents to {args.to} (card: {args.to}/README.md)")
    return EXIT_OK
