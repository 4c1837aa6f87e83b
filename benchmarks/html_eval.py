#!/usr/bin/env python3
"""The HTML path beside bare trafilatura, in one process, on both dev sets.

    .venv/bin/python benchmarks/html_eval.py                      # pipeline and bare, both sets
    .venv/bin/python benchmarks/html_eval.py --set extract.favor_precision=false
    .venv/bin/python benchmarks/html_eval.py --no-bare --cpu       # also CPU ms per page in extract
    .venv/bin/python benchmarks/html_eval.py --rules               # per-rule false removals

The pipeline's stages are built from configs/default.toml (``--set stage.key=JSON`` overrides a
key) and run in-process with ``pipeline.process.process`` on each page, decoded as the sources
decode it; the scores are the shared scorers' own functions (check_bench.score on
../shared/bench/dev, check_snippets.evaluate on ../shared/bench/snippets), so the figures equal
``check_bench.py --variants html`` and ``check_snippets.py --variants html`` without their
subprocess and Parquet round trip. "bare" is ``trafilatura.extract(html, include_comments=False)``
on the same decoded page, the peer issue 16 names.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages() -> dict[str, dict]:
    """{set name: {case id: decoded html}} plus the reference data, decoded as sources.load does."""
    from pipeline.sources.decode import decode

    dev = SHARED / "bench" / "dev"
    snip = SHARED / "bench" / "snippets"
    gold = {}
    for line in (dev / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row["articleBody"]
    cases = [json.loads(line) for line in (snip / "cases.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]

    def read(path: Path) -> str:
        return decode(gzip.decompress(path.read_bytes()), is_html=True).text

    return {
        "dev": {"pages": {cid: read(dev / "html" / f"{cid}.html.gz") for cid in sorted(gold)}, "gold": gold},
        "snippets": {"pages": {c["id"]: read(snip / "html" / f"{c['id']}.html.gz") for c in cases},
                     "cases": cases},
    }


def build_stages(overrides: dict[str, dict], only: list[str] | None = None):
    import dataclasses

    from pipeline.config import load

    config = load(ROOT / "configs" / "default.toml")
    stages = tuple((name, {**opts, **overrides.get(name, {})}) for name, opts in config.stages
                   if not only or name in only)
    return dataclasses.replace(config, stages=stages).build_stages()


def run_pipeline(stages, pages: dict[str, str], timings: dict | None = None,
                 removed: dict | None = None) -> dict[str, str]:
    """{case id: clean text}; ``removed`` ({case id: [(rule, text)]}) collects what the extract
    stage's rules took: its line rules' edits, and its DOM rules' elements found again in-process."""
    from pipeline.document import Document
    from pipeline.process import process
    from pipeline.stages.extract import dom_clean

    extract = next((s for s in stages if s.name == "extract"), None)
    out = {}
    for cid, html in pages.items():
        doc = process(Document(doc_id=cid, source=f"{cid}.html", content_type="html", text=html), stages,
                      timings)
        out[cid] = "" if doc.dropped else doc.text
        if removed is not None and extract is not None:
            tree = dom_clean.parse(html)
            got = [(r.rule, r.text) for r in dom_clean.prune(tree, extract.dom_rules)] if tree is not None else []
            got += [(e.rule, e.before) for e in doc.edits if e.stage == "extract" and e.before.strip()]
            removed[cid] = got
    return out


def rule_report(data: dict, removed: dict[str, dict]) -> list[str]:
    """Per extract rule and set: removals, and how many held article text (a must-keep snippet, or
    a line / element whose 4-word shingles are mostly in the dev reference body) or debris (a
    must-drop snippet)."""
    from collections import Counter

    cb = _module(SHARED / "checks" / "check_bench.py")
    cs = _module(SHARED / "checks" / "check_snippets.py")
    cases = {c["id"]: c for c in data["snippets"]["cases"]}
    count: Counter = Counter()
    for name in ("dev", "snippets"):
        for cid, items in removed.get(name, {}).items():
            for rule, text in items:
                count[rule, name, "n"] += 1
                if name == "dev":
                    gold, got = cb.shingles(data["dev"]["gold"][cid]), cb.shingles(text)
                    count[rule, name, "article"] += sum((gold & got).values()) > 0.5 * sum(got.values())
                else:
                    t = cs.norm(text)
                    count[rule, name, "article"] += any(cs.norm(x) in t for x in cases[cid]["with"])
                    count[rule, name, "debris"] += any(cs.norm(x) in t for x in cases[cid]["without"])
    rules = sorted({k[0] for k in count})
    lines = ["rule | dev removals (held reference text) | snippets removals (held must-keep / must-drop)"]
    for rule in rules:
        lines.append(f"{rule} | {count[rule, 'dev', 'n']} ({count[rule, 'dev', 'article']}) | "
                     f"{count[rule, 'snippets', 'n']} ({count[rule, 'snippets', 'article']} / "
                     f"{count[rule, 'snippets', 'debris']})")
    return lines


def run_bare(pages: dict[str, str]) -> dict[str, str]:
    import trafilatura

    return {cid: trafilatura.extract(html, include_comments=False) or "" for cid, html in pages.items()}


def score(data: dict, preds: dict[str, dict[str, str]]) -> dict[str, dict]:
    cb = _module(SHARED / "checks" / "check_bench.py")
    cs = _module(SHARED / "checks" / "check_snippets.py")
    return {"dev": cb.score(data["dev"]["gold"], preds["dev"]),
            "snippets": cs.evaluate(data["snippets"]["cases"], preds["snippets"])}


def parse_sets(items: list[str]) -> dict:
    out: dict = {}
    for item in items:
        key, _, value = item.partition("=")
        stage, _, name = key.partition(".")
        out.setdefault(stage, {})[name] = json.loads(value)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", default=[], metavar="STAGE.KEY=JSON")
    ap.add_argument("--no-bare", action="store_true")
    ap.add_argument("--rules", action="store_true", help="per extract rule: removals holding article text")
    ap.add_argument("--cpu", action="store_true", help="report the extract stage's CPU per dev page")
    ap.add_argument("--stages", nargs="*", help="run only these stages (default: the config's list)")
    ap.add_argument("--dump", type=Path, help="write {set: {id: text}} of the pipeline to this JSON file")
    ap.add_argument("-v", action="store_true", help="list snippet misses/leaks and dev pages below 0.95")
    args = ap.parse_args(argv)
    data = load_pages()
    stages = build_stages(parse_sets(args.set), args.stages)
    preds: dict[str, dict[str, str]] = {}
    timings: dict[str, float] = {}
    removed: dict[str, dict] = {}
    for name in ("dev", "snippets"):
        t0 = time.process_time()
        removed[name] = {}
        preds[name] = run_pipeline(stages, data[name]["pages"], timings if name == "dev" else None,
                                   removed[name] if args.rules else None)
        if args.cpu and name == "dev":
            n = len(data[name]["pages"])
            print(f"dev: pipeline CPU {1000 * (time.process_time() - t0) / n:.1f} ms/page, extract wall "
                  f"{1000 * timings.get('extract', 0) / n:.1f} ms/page")
    if args.dump:
        args.dump.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    rows = [("pipeline", score(data, preds))]
    if not args.no_bare:
        rows.append(("bare", score(data, {n: run_bare(data[n]["pages"]) for n in ("dev", "snippets")})))
    for label, s in rows:
        d, sn = s["dev"], s["snippets"]
        print(f"{label:9s} dev P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.4f} empty {d['empty']}"
              f" | snippets P {sn['precision']:.3f} R {sn['recall']:.3f} F1 {sn['f1']:.4f}"
              f" (tp {sn['tp']} fp {sn['fp']} fn {sn['fn']} empty {sn['empty']})")
    if args.rules:
        print("\n".join(rule_report(data, removed)))
    if args.v:
        s = rows[0][1]
        for cid, p, r in sorted(s["dev"]["per_doc"], key=lambda x: min(x[1] or 0, x[2] or 0)):
            if min(p or 0, r or 0) < 0.95:
                print(f"  dev {cid} P {p} R {r}")
        for cid, url, empty, missed, leaked in s["snippets"]["misses"]:
            print(f"  snip {cid} {url} {'EMPTY ' if empty else ''}missed={missed} leaked={leaked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
