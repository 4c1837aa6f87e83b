"""pipeline diff: what the cleaning changed in one document, rule by rule."""
from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline diff 001_87baeee10ab8ebbf             # what cleaning changed, rule by rule
  pipeline diff some/page --hide normalise       # leave out whitespace edits
  pipeline diff some/page --edits | less -R      # one line per edit instead of inline
  pipeline diff some/page --from debris --to debris   # only what the debris stage did
  pipeline diff some/page --from joins           # text before joins -> clean text
  pipeline diff some/page --hide extract         # an HTML page: only what the stages after extraction did
  pipeline diff 001_87b                          # any unique start of a doc_id

Removed text is shown as [-text-]<rule> and added text as {+text+}<rule> (red and green on a
terminal). The base is the input file's text or, for HTML, the page's visible text (one line per
block), so what extraction removed shows as extract.* edits (extract.boilerplate: blocks the
extractor did not keep; extract.dom_*: furniture a DOM rule removed; extract.inline: words dropped
inside a kept block; extract.reformat: spacing and list markup); corpora written before that start
HTML from the extractor's output. Points for --from and --to: input, clean, or a stage name (--from
STAGE is the text before it, --to STAGE after it); the texts are rebuilt from the recorded edits,
nothing is re-run.
"""


def add_parser(sub) -> None:
    d = sub.add_parser("diff", help="show what cleaning changed in one document",
                       description="Show one document's base text with every edit marked by its rule.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("doc_id", help="the document's doc_id (its input path without suffixes), or any "
                                  "unique start of one")
    d.add_argument("--output", default="clean", help="corpus folder (default clean)")
    d.add_argument("--hide", action="append", default=[], metavar="RULE",
                   help="apply a rule's (or a whole stage's) edits silently; repeatable")
    d.add_argument("--from", dest="start", default="input", metavar="POINT",
                   help="compare from this point: input (default), clean, or the text before a stage")
    d.add_argument("--to", dest="stop", default="clean", metavar="POINT",
                   help="compare to this point: clean (default), input, or the text after a stage")
    d.add_argument("--edits", action="store_true", help="list the edits one per line instead")
    d.add_argument("--color", choices=["auto", "always", "never"], default="auto")


def main(args) -> int:
    import pyarrow.compute as pc

    from ..audit import inline_diff, render
    from ..audit.reader import BASE_NAMES, AuditError, base_kind, between, resolve_id, stages_between
    from ..edits import EditError, undo
    from ..sink import Store

    store = Store(args.output)
    if not store.latest():
        log.error("%s holds no committed corpus; run 'pipeline run --output %s' first", args.output, args.output)
        return 1

    ids = store.read("documents", ["doc_id"])["doc_id"].to_pylist()
    ids += store.read("rejects", ["doc_id"])["doc_id"].to_pylist()
    found_id, could = resolve_id(args.doc_id, ids)
    if could:
        log.error("%r starts %d doc_ids in %s: %s; give more of it", args.doc_id, len(could), args.output,
                  ", ".join(could[:5]) + (", ..." if len(could) > 5 else ""))
        return 1
    args.doc_id = found_id or args.doc_id

    def rows(table: str) -> list[dict]:
        t = store.read(table)
        return t.filter(pc.equal(t["doc_id"], args.doc_id)).to_pylist()

    found = rows("documents")
    if not found:
        rejected = rows("rejects")
        if rejected:
            r = rejected[0]
            print(f"{args.doc_id} was rejected by {r['stage']} ({r['rule']}): {r['reason']} {r['detail'] or ''}")
            return 0
        log.error("no document %r in %s; some doc_ids there: %s", args.doc_id, args.output, ", ".join(ids[:5]))
        return 1
    doc = found[0]
    edits = sorted(rows("edits"), key=lambda e: e["seq"])
    try:
        base = undo(doc["text"], edits)
    except EditError as exc:
        log.error("the audit of %s does not replay: %s", args.doc_id, exc)
        return 1
    kind = base_kind(doc, edits)
    stages = list(store.latest().get("config", {}).get("pipeline", {}).get("stages", []))
    try:
        base, edits = between(base, edits, stages, args.start, args.stop)
        shown = set(stages_between(stages, args.start, args.stop))
    except (AuditError, EditError) as exc:
        log.error("%s", exc)
        return 1
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(f"# {doc['doc_id']}  source={doc['source']}  type={doc['content_type']}  language={doc['language']}"
          f"  edits={len(edits)}"
          + (f"  from={args.start} to={args.stop}" if (args.start, args.stop) != ("input", "clean") else ""))
    print(f"# input point: {BASE_NAMES[kind]}")
    for m in sorted(rows("meta_edits"), key=lambda r: r["seq"]):
        if (m["stage"] not in shown and m["stage"] in stages) or m["stage"] in args.hide or m["rule"] in args.hide:
            continue
        print(f"# meta {m['field']}: {m['before']} -> {m['after']}  ⟨{m['rule']}⟩")
    if args.edits:
        for e in edits:
            if e["rule"] not in args.hide and e["stage"] not in args.hide:
                print(f"{e['seq']:>4} {e['rule']:<28} @{e['start']:<6} -{e['before']!r} +{e['after']!r}")
        return 0
    print(render(inline_diff(base, edits, hide=args.hide), colour))
    return 0
