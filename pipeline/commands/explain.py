"""pipeline explain: run the stages on one input file, write nothing, and say what each rule did."""
from __future__ import annotations

import argparse
import logging
import os

from . import EXIT_CONFIG, load_config

log = logging.getLogger("pipeline")

EXAMPLES = """\
examples:
  pipeline explain raw/some-page.html            # stage by stage, every edit with its rule
  pipeline explain page.txt --config my.toml --text   # and print the clean text at the end

Nothing is written. The config is chosen as 'pipeline run' chooses it. Each edit is shown as
rule @offset -'removed' +'added' (offsets in the text as it was before that edit).
"""
SHOW = 100     # characters of an edit's removed/added text shown before eliding


def add_parser(sub) -> None:
    p = sub.add_parser("explain", help="run the stages on one file and show what each rule did",
                       description="Run the configured stages on one input file without writing a corpus "
                                   "and print, stage by stage, every edit, metadata change and drop.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="one input file (.txt, .html, .jsonl, optionally .gz)")
    p.add_argument("--config", default=None, help="TOML config (default as for 'pipeline run')")
    p.add_argument("--text", action="store_true", help="print each document's clean text at the end")


def _clip(s: str) -> str:
    return s if len(s) <= SHOW else s[:SHOW // 2] + "…" + s[-SHOW // 2:]


def _short(s: str | None) -> str:
    return repr(_clip(s or ""))


def main(args) -> int:
    from ..document import Document
    from ..process import process
    from ..sources import Unit, file_sha256, kind_of, load, stem_id

    if not os.path.isfile(args.file):
        log.error("%s is not a file; pass one input file", args.file)
        return 1
    config = load_config(args.config)
    if config is None:
        return EXIT_CONFIG
    st = os.lstat(args.file)
    rel = os.path.basename(args.file)
    unit = Unit(rel=rel, path=os.path.abspath(args.file), kind=kind_of(rel), size=st.st_size,
                mtime_ns=st.st_mtime_ns)
    stages = config.build_stages()
    print(f"# {args.file}  type={unit.kind}  config={config.path}  stages: {' -> '.join(s.name for s in stages)}")
    for item in load(unit, stem_id(rel), config.limits, file_sha256(unit, config.limits)):
        if not isinstance(item, Document):
            print(f"\n## {item.doc_id}: rejected while reading ({item.rule}): {item.reason} {item.detail or ''}")
            continue
        doc = item
        print(f"\n## {doc.doc_id}  {len(doc.text)} characters read")
        for stage, key, value in doc.notes:
            print(f"   note {stage}.{key}: {value}")
        doc = process(doc, stages, observe=_show)
        kept = "rejected" if doc.dropped else "kept"
        print(f"=> {kept}: {len(doc.text)} characters, {len(doc.edits)} edit{'' if len(doc.edits) == 1 else 's'}")
        if args.text and not doc.dropped:
            print("\n" + doc.text)
    return 0


def _show(stage, before, doc) -> None:
    """What one stage did to the document: its edits, metadata changes, notes and drop."""
    if doc is None:
        print(f"{stage.name}: skipped (does not apply to {before.content_type})")
        return
    edits, metas = doc.edits[len(before.edits):], doc.meta_edits[len(before.meta_edits):]
    rules = sorted({e.rule for e in edits})
    summary = f"{len(edits)} edit{'' if len(edits) == 1 else 's'}" + (f" ({', '.join(rules)})" if rules else "")
    if doc.base_sha256 != before.base_sha256:
        summary += f"; new base text of {len(doc.text)} characters (extracted)"
    print(f"{stage.name}: {summary}, {len(before.text)} -> {len(doc.text)} characters")
    for e in edits:
        print(f"   {e.rule:<28} @{e.start:<6} -{_short(e.before)} +{_short(e.after)}")
    for m in metas:
        print(f"   meta {m.field}: {_clip(repr(m.before))} -> {_clip(repr(m.after))}  ({m.rule})")
    for n in doc.notes[len(before.notes):]:
        print(f"   note {n[1]}: {n[2]}")
    if doc.dropped:
        d = doc.drop
        print(f"   DROPPED by {d.rule}: {d.reason} {d.detail or ''}")
