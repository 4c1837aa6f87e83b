#!/usr/bin/env python3
"""Cleaning quality on the dev pages: `make bench-quality` -> benchmarks/results/quality.md.

For each input form (html, page, merged) it runs the pipeline (`python -m pipeline run`, the
command users run) over the dev pages and scores the clean text against the reference article
bodies with the shared benchmark measure (imported from ../shared/checks/check_bench.py, not
re-implemented). In the same run it scores the peers that are installed: bare trafilatura
(include_comments=False) on HTML, and with the `bench` extra jusText (English stop-list, on HTML
and on the text forms' lines) and datatrove's C4 line rules on the text forms. It also reports:

* gold survival: the reference bodies themselves given as text input; the share the pipeline
  keeps (the quality filters must not drop real articles), and which rule dropped the others;
* per rule, the characters it removed and the share of them that were reference text missing
  from the output (its false-removal rate; rules above 10 % are flagged). Text rules are read
  from the run's edits; the extract stage's DOM pre-cleaning from the removed elements, found
  again in-process with the same rules.

Usage: .venv/bin/python benchmarks/quality.py [--limit N] [--out FILE] [--config FILE]
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FORMS = ("html", "page", "merged")
# A rule whose removals are more than this share reference text is a rule to fix or delete
# (issue 4).
FLAG_SHARE = 0.10
# The text forms' honest figure: the content model is fitted on these dev pages, so each page is
# also scored by a model (trees and decoder settings) fitted without any page of its site.
CV_LABEL = "pipeline, site-grouped 5-fold CV (content model refit per fold)"
_WORD = re.compile(r"\w+")


def load_check_bench(path: Path):
    if not path.is_file():
        raise SystemExit(f"{path}: the shared benchmark scorer is missing; pass --checks PATH to "
                         "check_bench.py (it lives in shared/checks/ beside the checkout)")
    spec = importlib.util.spec_from_file_location("check_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_gold(cases: Path, limit: int) -> dict[str, str]:
    gold = {}
    for line in (cases / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row["articleBody"]
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    return {cid: gold[cid] for cid in ids}


def _read(folder: Path, columns: list[str]) -> list[dict]:
    import pyarrow.dataset as ds

    if not folder.exists() or not any(not f.name.startswith((".", "_")) for f in folder.rglob("*.parquet")):
        return []
    return ds.dataset(str(folder), format="parquet").to_table(columns=columns).to_pylist()


def run_pipeline(cb, inputs: dict[str, Path | str], work: Path, config: Path, suffix: str):
    """Run the CLI over ``inputs`` (case id -> file to copy, or text to write); return the clean
    texts, the edit rows and the reject rows, keyed by case id."""
    inp, out = work / "input", work / "output"
    inp.mkdir(parents=True)
    for cid, src in inputs.items():
        if isinstance(src, Path):
            shutil.copy(src, inp / f"{cid}{suffix}")
        else:
            (inp / f"{cid}{suffix}").write_text(src, encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", str(inp), "--output", str(out),
           "--config", str(config), "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 2):
        raise SystemExit(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    docs = _read(out / "documents", ["source", "doc_id", "text"])
    ids = {row["doc_id"]: cb.case_id(row["source"]) for row in docs}
    pred = {cb.case_id(row["source"]): row["text"] or "" for row in docs}
    edits = [dict(row, case=ids.get(row["doc_id"], row["doc_id"]))
             for row in _read(out / "edits", ["doc_id", "seq", "rule", "before", "after"])]
    rejects = {cb.case_id(row["source"]): row["rule"] for row in _read(out / "rejects", ["source", "rule"])}
    return pred, edits, rejects, seconds


def lost_reference_chars(removed: str, gold: str, output: str) -> tuple[int, int]:
    """(characters of ``removed`` that are reference text missing from ``output``, all its word
    characters). A word counts as reference text when a run of up to 4 removed words around it is
    in the reference; text the output still holds (a pull quote repeating a sentence) is not lost.
    """
    words = _WORD.findall(removed)
    if not words:
        return 0, 0
    k = min(4, len(words))
    gold_words, out_words = _WORD.findall(gold), _WORD.findall(output)
    in_gold = {tuple(gold_words[i:i + k]) for i in range(len(gold_words) - k + 1)}
    in_out = {tuple(out_words[i:i + k]) for i in range(len(out_words) - k + 1)}
    lost = [False] * len(words)
    for i in range(len(words) - k + 1):
        gram = tuple(words[i:i + k])
        if gram in in_gold and gram not in in_out:
            for j in range(i, i + k):
                lost[j] = True
    return sum(len(w) for w, x in zip(words, lost) if x), sum(len(w) for w in words)


def edit_removals(edits: list[dict]) -> list[tuple[str, str, str]]:
    """(case, rule, removed text) for each edit that takes words out: its result's words are some
    of the words it replaced (a Unicode normalisation that merges a combining accent is not one)."""
    out = []
    for e in edits:
        before, after = e["before"] or "", e["after"] or ""
        b, a = Counter(_WORD.findall(before)), Counter(_WORD.findall(after))
        if not (a - b) and sum(b.values()) > sum(a.values()):
            out.append((e["case"], e["rule"], before))
    return out


def dom_removals(cases: Path, ids, config: Path) -> list[tuple[str, str, str]]:
    """(case, rule, removed text) for the extract stage's DOM pre-cleaning, in-process."""
    sys.path.insert(0, str(ROOT))
    from pipeline import config as config_mod
    from pipeline.sources.decode import decode
    from pipeline.stages.extract import dom_clean as html_clean

    stages = config_mod.load(config).build_stages()
    extract = next((s for s in stages if s.name == "extract"), None)
    if extract is None:
        return []
    out = []
    for cid in ids:
        data = gzip.decompress((cases / "html" / f"{cid}.html.gz").read_bytes())
        tree = html_clean.parse(decode(data, is_html=True).text)
        if tree is not None:
            out.extend((cid, r.rule, r.text) for r in html_clean.prune(tree, extract.dom_rules))
    return out


def rule_rates(removals, gold, pred) -> dict[str, list[int]]:
    """rule -> [removals, characters removed, reference characters lost]."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cid, rule, text in removals:
        lost, total = lost_reference_chars(text, gold.get(cid, ""), pred.get(cid, ""))
        r = rates[rule]
        r[0] += 1
        r[1] += total
        r[2] += lost
    return rates


# ---- peers -----------------------------------------------------------------------------------

def peer_trafilatura(html: dict[str, str]) -> dict[str, str]:
    import trafilatura

    out = {}
    for cid, page in html.items():
        res = trafilatura.bare_extraction(page, include_comments=False, deduplicate=False)
        out[cid] = (res.text if res is not None else "") or ""
    return out


def peer_justext(pages: dict[str, str], *, lines: bool) -> dict[str, str] | None:
    try:
        import justext
    except ImportError:
        return None
    from html import escape

    stop = justext.get_stoplist("English")
    out = {}
    for cid, page in pages.items():
        if lines:  # a text form: each line one paragraph
            page = "<html><body>" + "".join(f"<p>{escape(l)}</p>" for l in page.split("\n")) + "</body></html>"
        paras = justext.justext(page.encode("utf-8"), stop, encoding="utf-8")
        out[cid] = "\n\n".join(p.text for p in paras if not p.is_boilerplate)
    return out


def peer_c4(pages: dict[str, str]) -> dict[str, str] | None:
    try:
        from datatrove.data import Document as DtDocument
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError:
        return None
    # The line rules only: terminal punctuation, >= 3 words, no "javascript", no policy lines.
    # The document-level drops (fewer than 5 sentences, lorem ipsum, a curly bracket) are off: they
    # need a sentence tokenizer and empty whole pages rather than clean them.
    flt = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)
    out = {}
    for cid, text in pages.items():
        doc = DtDocument(text=text, id=cid)
        res = flt.filter(doc)
        out[cid] = doc.text if res is True or (isinstance(res, tuple) and res[0]) else ""
    return out


# ---- cross-validation ------------------------------------------------------------------------

def content_cv(cases: Path, score) -> tuple[dict | None, str]:
    """The content model's site-grouped 5-fold CV figures per text form (training/train_content.py:
    trees and decoder settings refitted per fold, nothing fitted on the scored pages), or None and
    the reason it could not run."""
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        return None, ("not computed: scikit-learn and numpy are missing "
                      "(`.venv/bin/pip install -e '.[bench]'` or `'.[train]'`)")
    spec = importlib.util.spec_from_file_location("train_content", ROOT / "training" / "train_content.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    t0 = time.perf_counter()
    cv, _ = train.cross_validate(score, train.prepare(cases), log=lambda _msg: None)
    return ({form: {"precision": p, "recall": r, "f1": f, "empty": e} for form, (p, r, f, e) in cv.items()},
            f"{time.perf_counter() - t0:.0f} s")


# ---- report ----------------------------------------------------------------------------------

def _f(x: float) -> str:
    return f"{x:.3f}"


def render(n_pages: int, scores: list[tuple], survival: tuple, rates: dict, timing: str) -> str:
    kept, total, drops = survival
    lines = [
        "# Cleaning quality on the dev pages",
        "",
        f"Written by `make bench-quality` (`benchmarks/quality.py`) on {n_pages} pages of "
        "`shared/bench/dev`; measure: 4-word-shingle P / R / F1 averaged over pages "
        "(`shared/checks/check_bench.py`). Peers are computed in the same run. The content "
        "stage's model is fitted on these pages: the text forms' `pipeline` rows are in-sample, the "
        "CV rows score each page with a model fitted without its site (training/train_content.py; "
        "the CV rows classify the lines as they reach the content stage, the stages after it are "
        "not run).",
        "",
        "## Scores",
        "",
        "| input | system | P | R | F1 | empty |",
        "|---|---|---|---|---|---|",
    ]
    for form, system, res in scores:
        lines.append(f"| {form} | {system} | {_f(res['precision'])} | {_f(res['recall'])} | "
                     f"{_f(res['f1'])} | {res['empty']} |")
    lines += [
        "",
        "## Gold survival",
        "",
        f"The reference bodies given as text input: **{kept}/{total} kept "
        f"({kept / total:.1%})** with the default config (floor: 98 %).",
    ]
    if drops:
        lines.append("")
        lines += [f"- `{cid[:16]}` dropped by `{rule}`" for cid, rule in sorted(drops.items())]
    lines += [
        "",
        "## False removals per rule",
        "",
        "Share of the characters a rule removed that were reference text and are missing from the "
        f"output (forms pooled; html DOM rules found again in-process). Above {FLAG_SHARE:.0%}: "
        "**FLAG**, a rule to fix or delete.",
        "",
        "| rule | removals | characters | reference share | |",
        "|---|---|---|---|---|",
    ]
    for rule in sorted(rates):
        n, chars, lost = rates[rule]
        share = lost / chars if chars else 0.0
        lines.append(f"| `{rule}` | {n} | {chars} | {share:.1%} | {'**FLAG**' if share > FLAG_SHARE else ''} |")
    lines += ["", f"Time: {timing}.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=SHARED / "bench" / "dev")
    ap.add_argument("--checks", type=Path, default=SHARED / "checks" / "check_bench.py")
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "default.toml")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "quality.md")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (by id); 0: all")
    ap.add_argument("--forms", nargs="+", default=list(FORMS), choices=FORMS)
    ap.add_argument("--no-cv", action="store_true", help="skip the content model's cross-validation")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    cb = load_check_bench(args.checks)
    gold = read_gold(args.cases, args.limit)
    scores: list[tuple] = []
    timings: list[str] = []
    removals: list[tuple[str, str, str]] = []
    preds: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        for form in args.forms:
            folder, suffix = cb.VARIANTS[form]
            files = {cid: args.cases / folder / f"{cid}{suffix}" for cid in gold}
            pred, edits, _, secs = run_pipeline(cb, files, Path(tmp) / form, args.config, suffix)
            preds[form] = pred
            scores.append((form, "pipeline", cb.score(gold, pred)))
            timings.append(f"{form} {secs:.0f} s")
            removals += [(f"{form}:{cid}", rule, text) for cid, rule, text in edit_removals(edits)]
            if form == "html":
                pages = {cid: gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for cid, f in files.items()}
                removals += [(f"html:{cid}", rule, text)
                             for cid, rule, text in dom_removals(args.cases, list(gold), args.config)]
                scores.append((form, "trafilatura (include_comments=False)", cb.score(gold, peer_trafilatura(pages))))
                jt = peer_justext(pages, lines=False)
            else:
                pages = {cid: f.read_text(encoding="utf-8") for cid, f in files.items()}
                jt = peer_justext(pages, lines=True)
                c4 = peer_c4(pages)
                if c4 is not None:
                    scores.append((form, "datatrove C4 line rules", cb.score(gold, c4)))
            if jt is not None:
                scores.append((form, "jusText (English stop-list)", cb.score(gold, jt)))
        kept_pred, _, rejects, _ = run_pipeline(cb, dict(gold), Path(tmp) / "gold", args.config, ".txt")
    survival = (len(kept_pred), len(gold), rejects)
    text_forms = [f for f in args.forms if f != "html"]
    if text_forms and not args.no_cv and not args.limit:
        cv, how = content_cv(args.cases, cb.score)
        timings.append(f"content CV {how}" if cv else "content CV " + how)
        if cv is None:
            print(f"content CV {how}")
        for form in text_forms if cv else ():
            at = max(i for i, row in enumerate(scores) if row[0] == form and row[1] == "pipeline")
            scores.insert(at + 1, (form, CV_LABEL, cv[form]))
    form_gold = {f"{form}:{cid}": body for form in preds for cid, body in gold.items()}
    form_pred = {f"{form}:{cid}": text for form, pred in preds.items() for cid, text in pred.items()}
    rates = rule_rates(removals, form_gold, form_pred)
    report = render(len(gold), scores, survival, rates,
                    f"{time.perf_counter() - t0:.0f} s in all; pipeline runs: {', '.join(timings)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    for form, system, res in scores:
        print(f"{form:<7} {system:<40} F1 {res['f1']:.3f}")
    print(f"gold survival {survival[0]}/{survival[1]}; report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
