"""Build the HTML report for a generated corpus of N documents and print build time and size.

    .venv/bin/python benchmarks/report_scale.py [--docs 20000] [--keep DIR]

The corpus is synthetic but goes through the real edit helper and the real store: documents of
2-8k characters with debris lines, glued paragraphs and single line breaks, cleaned by edits named
like the real rules, 2% rejected. Only the report build (read the corpus, compose, render, write)
is timed.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from pipeline.document import Document, Reject  # noqa: E402
from pipeline.edits import Proposal, apply, set_meta, sha256_text  # noqa: E402
from pipeline.sink import Store  # noqa: E402
from pipeline.sink.rows import document_row, edit_rows, meta_edit_rows, reject_row  # noqa: E402

WORDS = ("the council said on monday that a new plan for the river bridge would cost more than "
         "expected and residents asked why work had stopped after the storm damaged the old road").split()
STAGES = ["extract", "encoding", "metadata", "debris", "joins", "normalise", "language", "filters"]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def make_doc(i: int, rng: random.Random) -> Document:
    paras = []
    for _ in range(rng.randint(4, 14)):
        paras.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
        if rng.random() < 0.15:
            paras.append(f"© Photo Agency {rng.randint(2000, 2025)}")
    if rng.random() < 0.3:
        paras.append("Leave a Reply")
    text = "\n".join(paras)
    doc = Document(doc_id=f"doc{i:06d}", source=f"doc{i:06d}.txt", content_type="text", text=text,
                   source_sha256=sha256_text(text), base_sha256=sha256_text(text))
    props, pos = [], 0
    for line in text.split("\n"):
        if line.startswith("©"):
            props.append(Proposal(pos, min(len(text), pos + len(line) + 1), "", "debris.photo_credit"))
        elif line == "Leave a Reply":
            props.append(Proposal(pos, pos + len(line), "", "debris.comment_form"))
        pos += len(line) + 1
    doc = apply(doc, "debris", props)
    t = doc.text
    doc = apply(doc, "normalise", [Proposal(k, k + 1, "\n\n", "normalise.paragraph_break")
                                   for k, c in enumerate(t) if c == "\n"])
    return set_meta(doc, "language", "language.langdetect", language=rng.choice(["en"] * 8 + ["de", "fr"]),
                    language_score=1.0)


def generate(root: str, n: int) -> None:
    rng = random.Random(7)
    store = Store(root)
    store.prepare()
    run = {"run_id": "000001-20260101T000000Z", "pipeline_version": "bench", "config_sha256": "0" * 64}
    rows: dict[str, list[dict]] = {"documents": [], "edits": [], "meta_edits": [], "rejects": []}
    for i in range(n):
        doc = make_doc(i, rng)
        inp = {"input_path": doc.source, "input_sha256": doc.source_sha256, "input_size": len(doc.text),
               "input_mtime_ns": 0}
        if i % 50 == 49:
            rej = Reject(doc_id=doc.doc_id, source=doc.source, stage="filters", rule="filters.too_short",
                         reason="The text is shorter than the minimum.", detail="", text=doc.text,
                         source_sha256=doc.source_sha256, content_type="text")
            rows["rejects"].append(reject_row(rej, inp, run))
            continue
        rows["documents"].append(document_row(doc, inp, run))
        rows["edits"].extend(edit_rows(doc, inp, run))
        rows["meta_edits"].extend(meta_edit_rows(doc, inp, run))
    manifest = {"run_id": run["run_id"], "seq": 1, "status": "ok", "pipeline_version": "bench",
                "versions": {"pipeline": "bench"},
                "started": "2026-01-01T00:00:00+00:00", "seconds": 0, "config_path": "generated",
                "config_sha256": run["config_sha256"], "config": {"pipeline": {"stages": STAGES}},
                "counts": {"discovered": n, "new": n, "changed": 0, "skipped_unchanged": 0,
                           "written": len(rows["documents"]), "rejected": len(rows["rejects"]),
                           "skipped_duplicate": 0}}
    store.commit(run["run_id"], rows, set(), manifest, shard_rows=5000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--keep", default=None, help="build the corpus here and keep it (default: a temp dir)")
    args = ap.parse_args()
    root = args.keep or tempfile.mkdtemp(prefix="report-scale-")
    t0 = time.perf_counter()
    if not Store(root).latest():
        generate(root, args.docs)
    t1 = time.perf_counter()
    from pipeline.audit.reader import load
    from pipeline.report import build

    corpus = load(root)
    t2 = time.perf_counter()
    built = build(corpus)
    out = os.path.join(root, "report.html")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(built.html)
    t3 = time.perf_counter()
    n_edits = sum(len(v) for v in corpus.edits.values())
    print(f"corpus: {built.documents} documents, {built.rejects} rejects, {n_edits} edits "
          f"(generated in {t1 - t0:.1f}s)")
    print(f"report: {os.path.getsize(out) / 1e6:.1f} MB, diffs embedded for {built.diffs_shown}; "
          f"build {t3 - t1:.1f}s (read {t2 - t1:.1f}s, compose+render+write {t3 - t2:.1f}s) -> {out}")
    # the command a user runs, interpreter start and imports included
    t4 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "report", "--output", root, "--out", out + ".cli.html"],
                   check=True, stdout=subprocess.DEVNULL, cwd=os.path.join(os.path.dirname(__file__), ".."))
    print(f"'pipeline report' end to end: {time.perf_counter() - t4:.1f}s, "
          f"{os.path.getsize(out + '.cli.html') / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
