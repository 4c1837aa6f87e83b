#!/usr/bin/env python3
"""Cleaning quality on both dev sets: `make bench-quality` -> benchmarks/results/quality.md.

For each set (../shared/bench/dev: 54 article pages with reference bodies; ../shared/bench/snippets:
457 pages with must-keep and must-drop snippets) and each input form (html, page, merged) it runs
the pipeline (`python -m pipeline run`, the command users run) and scores the clean text with the
set's shared scorer (check_bench.py / check_snippets.py, imported, not re-implemented). In the same
run it scores the peers: bare trafilatura (include_comments=False) on HTML, and with the `bench`
extra jusText (English stop-list, on HTML and on the text forms' lines) and datatrove's C4 line
rules on the text forms. It also reports (benchmarks/quality_measures.py says how each is counted):

* the harm forms of the dev set: the reference bodies given as text (gold) and the pipeline's own
  page-form output given back (again); both are 1.0 for a pipeline that does no harm;
* the content model's site-grouped, nested cross-validation figures beside the in-sample ones
  (training/train_content.py: the model is fitted on both sets);
* false drops: rejected pages whose reference text was in the text at the drop;
* false splits: line breaks the joins stage put inside a reference paragraph or snippet;
* per rule and set, the share of the characters it removed that were reference text (rules above
  10 % are flagged). Text rules are read from the runs' edits; the extract stage's DOM
  pre-cleaning from the removed elements, found again in-process with the same rules.

A `## Metadata` section already in the output file (benchmarks/quality_meta.py writes it) is kept.

Usage: .venv/bin/python benchmarks/quality.py [--sets dev snippets] [--forms ...] [--limit N] [--no-cv]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_measures import (edit_removals, false_drops, false_split, gold_rule_rates,  # noqa: E402
                              reference_paragraphs, snippet_rule_rates, split_points)

FORMS = ("html", "page", "merged")
SETS = ("dev", "snippets")
# A rule whose removals are more than this share reference text is a rule to fix or delete.
FLAG_SHARE = 0.10
CV_LABEL = "pipeline content stage, site-grouped 5-fold CV (nested)"
IN_LABEL = "pipeline content stage, in-sample"


def _load(name: str, path: Path):
    if not path.is_file():
        raise SystemExit(f"{path}: the shared scorer is missing; pass --checks DIR (shared/checks/ "
                         "beside the checkout)")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BenchSet:
    """One benchmark folder: its cases, the file of each case in each form, and its scorer."""

    def __init__(self, name: str, folder: Path, checks: Path, limit: int):
        self.name, self.folder = name, folder
        if name == "dev":
            self.scorer = _load("check_bench", checks / "check_bench.py")
            rows = [json.loads(l) for l in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
            self.reference = {r["id"]: r["articleBody"] for r in rows}
        else:
            self.scorer = _load("check_snippets", checks / "check_snippets.py")
            rows = [json.loads(l) for l in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
            self.reference = {r["id"]: r for r in rows}
        ids = sorted(self.reference)[:limit] if limit else sorted(self.reference)
        self.reference = {cid: self.reference[cid] for cid in ids}

    def suffix(self, form: str) -> str:
        return self.scorer.VARIANTS[form][1]

    def file(self, form: str, cid: str) -> Path:
        folder, suffix = self.scorer.VARIANTS[form]
        return self.folder / folder / f"{cid}{suffix}"

    def text(self, form: str, cid: str) -> str:
        """The input as text: HTML decoded as the pipeline decodes it, text forms unzipped."""
        data = self.file(form, cid).read_bytes()
        if self.file(form, cid).name.endswith(".gz"):
            data = gzip.decompress(data)
        if form == "html":
            from pipeline.sources.decode import decode

            return decode(data, is_html=True).text
        return data.decode("utf-8")

    def score(self, pred: dict[str, str]) -> dict:
        """{"precision", "recall", "f1", "empty"} with the set's own scorer."""
        if self.name == "dev":
            return self.scorer.score(self.reference, pred)
        return self.scorer.evaluate(list(self.reference.values()), pred)

    def case_id(self, source: str, suffix: str) -> str:
        name = Path(str(source)).name
        return name[: -len(suffix)] if name.endswith(suffix) else name


def _read(folder: Path, columns: list[str]) -> list[dict]:
    import pyarrow.dataset as ds

    if not folder.exists() or not any(not f.name.startswith((".", "_")) for f in folder.rglob("*.parquet")):
        return []
    return ds.dataset(str(folder), format="parquet").to_table(columns=columns).to_pylist()


def run_pipeline(bench: BenchSet, inputs: dict[str, Path | str], work: Path, config: Path, suffix: str):
    """Run the CLI over ``inputs`` (case id -> file to copy, or text to write); return the clean
    texts, the edit rows per case, the rejects (case -> (rule, text at the drop)) and seconds."""
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
    ids = {row["doc_id"]: bench.case_id(row["source"], suffix) for row in docs}
    pred = {bench.case_id(row["source"], suffix): row["text"] or "" for row in docs}
    edits: dict[str, list[dict]] = defaultdict(list)
    for row in _read(out / "edits", ["doc_id", "seq", "stage", "rule", "start", "end", "before", "after"]):
        if row["doc_id"] in ids:
            edits[ids[row["doc_id"]]].append(row)
    rejects = {bench.case_id(row["source"], suffix): (row["rule"], row["text"])
               for row in _read(out / "rejects", ["source", "rule", "text"])}
    return pred, edits, rejects, seconds


def dom_removals(pages: dict[str, str], config: Path) -> list[tuple[str, str, str]]:
    """(case, rule, removed text) for the extract stage's DOM pre-cleaning, in-process."""
    from pipeline import config as config_mod
    from pipeline.stages.extract import dom_clean

    extract = next((s for s in config_mod.load(config).build_stages() if s.name == "extract"), None)
    if extract is None:
        return []
    out = []
    for cid, page in pages.items():
        tree = dom_clean.parse(page)
        if tree is not None:
            out.extend((cid, r.rule, r.text) for r in dom_clean.prune(tree, extract.dom_rules))
    return out


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
        try:
            paras = justext.justext(page.encode("utf-8", "replace"), stop, encoding="utf-8")
        except Exception:  # noqa: BLE001 - a page the peer cannot parse scores as empty for it
            paras = []
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

def content_cv(dev: Path, snippets: Path, checks: Path) -> tuple[dict | None, str]:
    """The content model's in-sample and nested site-grouped CV figures per (set, form)
    (training/train_content.py), or None and the reason it could not run."""
    train = _load("train_content", ROOT / "training" / "train_content.py")
    model = ROOT / "pipeline" / "stages" / "content" / "content_model.json"
    if train.FIGURES.exists():
        saved = json.loads(train.FIGURES.read_text(encoding="utf-8"))
        if saved["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest():
            return ({(s, f): (tuple(ins), tuple(cv)) for s, f, ins, cv in saved["figures"]},
                    f"from {train.FIGURES.relative_to(ROOT)}, the training run that wrote the shipped model")
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        return None, ("not computed: scikit-learn and numpy are missing "
                      "(`.venv/bin/pip install -e '.[bench]'` or `'.[train]'`)")
    t0 = time.perf_counter()
    figs = train.figures_in_and_cv(train.Scorer(checks), train.prepare(ROOT, dev, snippets), log=lambda _m: None)
    return figs, f"recomputed in {time.perf_counter() - t0:.0f} s"


# ---- report ----------------------------------------------------------------------------------

def _f(x: float) -> str:
    return f"{x:.3f}"


def render(sets, scores, harm, cv, drops, splits, rates, timing) -> str:
    lines = [
        "# Cleaning quality on the dev sets",
        "",
        "Written by `make bench-quality` (`benchmarks/quality.py`). Sets: `shared/bench/dev` "
        f"({len(sets['dev'].reference) if 'dev' in sets else 0} article pages; 4-word-shingle P / R / F1 "
        "averaged over pages, `check_bench.py`) and `shared/bench/snippets` "
        f"({len(sets['snippets'].reference) if 'snippets' in sets else 0} pages; must-keep / must-drop "
        "snippets summed over pages, `check_snippets.py`). Peers are computed in the same run. The "
        "content stage's model is fitted on both sets: the text forms' `pipeline` rows are in-sample; the "
        "content-stage rows below them classify the lines as they reach the content stage (the stages "
        "after it are not run), in-sample and with each page scored by a model fitted without its "
        "site (decoder and gate settings chosen by an inner CV).",
        "",
        "## Scores",
        "",
        "| set | input | system | P | R | F1 | empty |",
        "|---|---|---|---|---|---|---|",
    ]
    for set_name, form, system, res in scores:
        lines.append(f"| {set_name} | {form} | {system} | {_f(res['precision'])} | {_f(res['recall'])} | "
                     f"{_f(res['f1'])} | {res['empty']} |")
    lines += ["", "## Harm", "",
              "Text that is already clean must come through: `gold` feeds the dev reference bodies in "
              "as text (scored against themselves), `again` the pipeline's own page-form output "
              "(scored against that output). A pipeline that does no harm scores 1.0 on both.", "",
              "| form | P | R | F1 | exact | empty |", "|---|---|---|---|---|---|"]
    for form, res in harm:
        lines.append(f"| {form} | {_f(res['precision'])} | {_f(res['recall'])} | {_f(res['f1'])} | "
                     f"{_f(res['exact'])} | {res['empty']} |")
    if cv is not None:
        figs, how = cv
        lines += ["", "## Content model: in-sample and cross-validated", "",
                  "The content stage alone on the lines that reach it (training/train_content.py; "
                  f"{how}). CV: sites dealt into 5 folds over both sets; each page is scored by trees fitted "
                  "without its site, decoded with the decoder and gate settings an inner site-grouped "
                  "CV on the other folds chose.", "",
                  "| set | form | in-sample P / R / F1 | CV (nested) P / R / F1 |", "|---|---|---|---|"]
        for (set_name, form), (ins, out) in figs.items():
            lines.append(f"| {set_name} | {form} | {' / '.join(map(_f, ins))} | {' / '.join(map(_f, out))} |")
    lines += ["", "## False drops", "",
              "Rejected pages whose reference was in the text at the drop (half the reference body's "
              "shingles, or half the must-keep snippets): filters must not drop real articles.", "",
              "| set | form | pages | rejected | false drops | rate | rules |", "|---|---|---|---|---|---|---|"]
    for (set_name, form), (n, rejected, false) in drops.items():
        rules = ", ".join(f"`{r}` {k}" for r, k in sorted(_count(false.values()).items()))
        lines.append(f"| {set_name} | {form} | {n} | {rejected} | {len(false)} | {len(false) / n:.1%} | {rules} |")
    lines += ["", "## False splits", "",
              "Line breaks the joins stage inserted where a reference paragraph (dev) or a must-keep "
              "snippet (snippets) holds the text on both sides joined as it was.", "",
              "| set | form | breaks inserted | false splits | share |", "|---|---|---|---|---|"]
    for (set_name, form), (n, false) in splits.items():
        lines.append(f"| {set_name} | {form} | {n} | {false} | {false / n:.1%} |" if n else
                     f"| {set_name} | {form} | 0 | 0 | - |")
    lines += ["", "## False removals per rule", "",
              "dev: share of the word characters a rule removed that are reference text missing from the "
              "output. snippets: of the characters a rule removed inside annotated snippets, the share in "
              "must-keep snippets missing from the output. Forms pooled (html DOM rules found again "
              f"in-process). Above {FLAG_SHARE:.0%}: **FLAG**, a rule to fix or delete.", "",
              "| rule | dev removals | dev characters | dev reference share | snippets removals | "
              "snippets characters in snippets | snippets must-keep share | |",
              "|---|---|---|---|---|---|---|---|"]
    for rule in sorted(set().union(*[r.keys() for r in rates.values()])):
        cells, flag = [], False
        for set_name in SETS:
            n, chars, lost = rates.get(set_name, {}).get(rule, [0, 0, 0])
            share = lost / chars if chars else 0.0
            flag |= share > FLAG_SHARE
            cells += [str(n), str(chars), f"{share:.1%}" if chars else "-"]
        lines.append(f"| `{rule}` | {' | '.join(cells)} | {'**FLAG**' if flag else ''} |")
    lines += ["", f"Time: {timing}.", ""]
    return "\n".join(lines)


def _count(values) -> dict:
    out: dict = defaultdict(int)
    for v in values:
        out[v] += 1
    return out


def keep_metadata(old: str, new: str) -> str:
    """``new`` with the `## Metadata` section of ``old`` (benchmarks/quality_meta.py's) after it."""
    m = re.search(r"^## Metadata\n.*?(?=^## |\Z)", old, flags=re.M | re.S)
    return new if not m else new.rstrip("\n") + "\n\n" + m.group(0).rstrip("\n") + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=SHARED / "bench" / "dev")
    ap.add_argument("--snippets", type=Path, default=SHARED / "bench" / "snippets")
    ap.add_argument("--checks", type=Path, default=SHARED / "checks")
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "default.toml")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "quality.md")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases of each set (by id); 0: all")
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    ap.add_argument("--forms", nargs="+", default=list(FORMS), choices=FORMS)
    ap.add_argument("--no-cv", action="store_true", help="skip the content model's cross-validation")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    t0 = time.perf_counter()
    sets = {name: BenchSet(name, args.dev if name == "dev" else args.snippets, args.checks, args.limit)
            for name in args.sets}
    scores, harm, timings = [], [], []
    drops, splits, removals = {}, {}, defaultdict(list)
    preds: dict[str, dict[str, str]] = defaultdict(dict)
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        for set_name, bench in sets.items():
            for form in args.forms:
                suffix = bench.suffix(form)
                files = {cid: bench.file(form, cid) for cid in bench.reference}
                pred, edits, rejects, secs = run_pipeline(bench, files, Path(tmp) / set_name / form, args.config, suffix)
                scores.append((set_name, form, "pipeline", bench.score(pred)))
                timings.append(f"{set_name} {form} {secs:.0f} s")
                _harm_measures(bench, form, pred, edits, rejects, drops, splits, removals, preds)
                pages = {cid: bench.text(form, cid) for cid in bench.reference}
                if form == "html":
                    removals[set_name] += [(f"html:{cid}", rule, text) for cid, rule, text in dom_removals(pages, args.config)]
                    scores.append((set_name, form, "trafilatura (include_comments=False)",
                                   bench.score(peer_trafilatura(pages))))
                    peers = [("jusText (English stop-list)", peer_justext(pages, lines=False))]
                else:
                    peers = [("datatrove C4 line rules", peer_c4(pages)),
                             ("jusText (English stop-list)", peer_justext(pages, lines=True))]
                scores += [(set_name, form, name, bench.score(p)) for name, p in peers if p is not None]
                if set_name == "dev" and form == "page":
                    again, _, _, secs = run_pipeline(bench, pred, Path(tmp) / "dev" / "again", args.config, ".txt")
                    harm.append(("again", bench.scorer.score(pred, again)))
                    timings.append(f"dev again {secs:.0f} s")
        if "dev" in sets:
            bench = sets["dev"]
            pred, edits, rejects, secs = run_pipeline(bench, dict(bench.reference), Path(tmp) / "dev" / "gold",
                                                      args.config, ".txt")
            harm.insert(0, ("gold", bench.scorer.score(bench.reference, pred)))
            timings.append(f"dev gold {secs:.0f} s")
            _harm_measures(bench, "gold", pred, edits, rejects, drops, splits, removals, preds)
    rates = {}
    for set_name, bench in sets.items():
        pred = {f"{form}:{cid}": text for (s, form), p in preds.items() if s == set_name for cid, text in p.items()}
        refs = {f"{form}:{cid}": ref for (s, form) in preds if s == set_name for cid, ref in bench.reference.items()}
        rates[set_name] = (gold_rule_rates if set_name == "dev" else snippet_rule_rates)(removals[set_name], refs, pred)
    cv = None
    if not args.no_cv and not args.limit and len(sets) == len(SETS):
        figs, how = content_cv(args.dev, args.snippets, args.checks)
        cv = (figs, how) if figs else None
        timings.append(f"content CV {how}")
    report = render(sets, scores, harm, cv, drops, splits, rates,
                    f"{time.perf_counter() - t0:.0f} s in all; pipeline runs: {', '.join(timings)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(keep_metadata(old, report), encoding="utf-8")
    for set_name, form, system, res in scores:
        print(f"{set_name:<9} {form:<7} {system:<40} F1 {res['f1']:.3f}")
    for form, res in harm:
        print(f"harm      {form:<7} F1 {res['f1']:.3f}")
    print(f"report: {args.out}")
    return 0


def _harm_measures(bench, form, pred, edits, rejects, drops, splits, removals, preds) -> None:
    """False drops and false splits of one run, and its removals and texts for the rule rates."""
    drops[(bench.name, form)] = (len(bench.reference), len(rejects), false_drops(rejects, bench.reference))
    inserted = false = 0
    for cid, text in pred.items():
        paragraphs = reference_paragraphs(bench.reference[cid])
        for left, right in split_points(text, edits.get(cid, [])):
            inserted += 1
            false += false_split(left, right, paragraphs)
    splits[(bench.name, form)] = (inserted, false)
    rows = [dict(e, case=f"{form}:{cid}") for cid, es in edits.items() for e in es]
    removals[bench.name] += edit_removals(rows)
    preds[(bench.name, form)] = pred


if __name__ == "__main__":
    sys.exit(main())
