"""Fit the content stage's line classifier on both benchmark sets and report site-grouped CV figures.

Data recipe (training/data.py): ../shared/bench/dev (54 article pages, page/ and merged/ forms,
lines labelled from the reference bodies; the bodies themselves as the gold form, scored for
harm) and ../shared/bench/snippets (457 pages of 429 sites, page/ and merged/ forms, partial
labels from the must-keep and must-drop snippets). Each text goes through the default pipeline's
stages up to content, so the classifier sees exactly the lines the stage will see.

    .venv/bin/pip install -e '.[train]'   # scikit-learn + numpy, training only; the stage needs neither
    .venv/bin/python training/train_content.py [--dev DIR] [--snippets DIR] [--write]

It prints in-sample and nested site-grouped 5-fold cross-validation figures (each page scored by
trees fitted without any page of its site, decoded with decoder and gate settings an inner CV on
the other folds chose; ``cross_validate``, also called by benchmarks/quality.py) for every set
and form, and with --write saves pipeline/stages/content/content_model.json. Deterministic:
fixed seeds, sorted inputs, no subsampling.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The in-sample and CV figures of the last --write, with the hash of the model file they belong to
# (benchmarks/quality.py reports them when the shipped model is that file, and recomputes otherwise).
FIGURES = ROOT / "training" / "content_figures.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from data import prepare  # noqa: E402
from pipeline.stages.content import (Content, article_stretch, decide_lines, decode,  # noqa: E402
                                     furniture_lines, mask_thread, score_rows, shows_furniture)
from pipeline.stages.content.features import CONTEXT_FEATURES, FEATURES, block_tokens, comment_thread  # noqa: E402

_WORD = re.compile(r"\w+")
# Boosting settings: small trees, few of them, so the model file stays small (tens of KB).
# Chosen on the dev pages by site-grouped CV (mean of page and merged F1) among max_depth
# {2, 3, 4} x n_estimators {100, 200}: depth 2 0.911, depth 3 0.909 / 0.908 (100 trees), depth 4 0.893.
N_ESTIMATORS, MAX_DEPTH, LEARNING_RATE = 200, 2, 0.1
# Each leaf must hold at least this share of the total sample weight, so no split can fit one
# site's quirks. Chosen on the dev pages by site-grouped CV among 0, 0.01, 0.03, 0.05, 0.1, 0.2,
# 0.3 (0.1 best); not nested: the nested CV refits trees and decoder per fold with it fixed.
MIN_LEAF_WEIGHT = 0.1
# A snippet page's labelled lines weigh this much in all (a dev page's lines weigh 1): the 914
# snippet page forms then weigh about as much as the 108 dev page forms, whose every line is
# labelled.
SNIPPET_PAGE_WEIGHT = 108 / 914
# Decoder settings tried under CV (bias shifts the keep threshold in log-odds; island_gap: how
# many rejected lines may separate two kept stretches of the same article, None keeps every
# stretch), and the furniture gate (shows_furniture: how many lines below which log-odds make a
# text one with furniture; a text without passes untouched).
SWITCH_COSTS = (1.0, 1.5, 2.0, 3.0)
BIASES = (-1.0, -0.5, 0.0, 0.5)
ISLAND_GAPS = (10, 15, 25, None)
GATE_LOGITS = (-3.0, -4.0, -5.0, -6.0)
GATE_LINES = (1, 3, 5)
MIN_KEEP_SHARE, DROP_INSIDE = Content().min_keep_share, Content().drop_inside
# What the settings are chosen for: the mean F1 of the four cleaning forms (dev page and merged,
# snippets page and merged) and the harm form (the reference bodies given as text), weighed
# equally: removing article text from a clean text counts as much as leaving debris in.
CLEANING = (("dev", "page"), ("dev", "merged"), ("snippets", "page"), ("snippets", "merged"))
HARM = (("gold", "gold"),)


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Scorer:
    """The shared scorers (../shared/checks), per page, so figures can be summed over any subset."""

    def __init__(self, checks: Path):
        self.bench = _load("check_bench", checks / "check_bench.py")
        self.snippets = _load("check_snippets", checks / "check_snippets.py")

    def page(self, page: dict, text: str) -> tuple:
        """(precision or None, recall or None) for a dev or gold page, (tp, fp, fn) for a snippet
        page: what check_bench.score and check_snippets.evaluate count for it, with the
        reference's shingles or normalised snippets computed once per page."""
        if page["set"] == "snippets":
            if "_snippets" not in page:
                norm = self.snippets.norm
                page["_snippets"] = ([norm(s) for s in page["case"]["with"]], [norm(s) for s in page["case"]["without"]])
            keep, drop = page["_snippets"]
            t = self.snippets.norm(text)
            tp = sum(s in t for s in keep)
            return tp, sum(s in t for s in drop), len(keep) - tp
        if "_shingles" not in page:
            page["_shingles"] = self.bench.shingles(page["gold"])
        g, p = page["_shingles"], self.bench.shingles(text)
        tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
        return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)

    @staticmethod
    def f1(kind: str, stats: list[tuple]) -> tuple[float, float, float]:
        """(P, R, F1) over pages as each scorer computes it: averaged over pages for the bench sets,
        snippets summed for the snippets set."""
        if kind == "snippets":
            tp, fp, fn = (sum(s[i] for s in stats) for i in range(3))
            return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                    2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
        ps = [s[0] for s in stats if s[0] is not None]
        rs = [s[1] for s in stats if s[1] is not None]
        p, r = (sum(ps) / len(ps) if ps else 0.0), (sum(rs) / len(rs) if rs else 0.0)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures(scorer: Scorer, pages, stats) -> dict[tuple[str, str], tuple[float, float, float]]:
    groups: dict[tuple[str, str], list] = {}
    for p, s in zip(pages, stats):
        groups.setdefault((p["set"], p["form"]), []).append(s)
    return {k: scorer.f1(k[0], v) for k, v in sorted(groups.items())}


def objective(figs) -> float:
    clean = [figs[k][2] for k in CLEANING if k in figs]
    harm = [figs[k][2] for k in HARM if k in figs]
    parts = [sum(x) / len(x) for x in (clean, harm) if x]
    return sum(parts) / len(parts)


def _weights(pages) -> list[list[float]]:
    """Per page, per line: a dev page weighs 1 in all, its lines by their words (the benchmark
    averages over pages and counts words); a snippet page's labelled lines share
    SNIPPET_PAGE_WEIGHT equally (the snippet scorer counts snippets); unlabelled lines weigh 0."""
    out = []
    for p in pages:
        if p["set"] == "dev":
            nw = [len(_WORD.findall(b.text)) + 1 for b in p["blocks"]]
            total = sum(nw)
            out.append([n / total for n in nw])
        elif p["set"] == "snippets":
            n = sum(y is not None for y in p["y"])
            out.append([SNIPPET_PAGE_WEIGHT / n if y is not None else 0.0 for y in p["y"]])
        else:
            out.append([0.0] * len(p["y"]))
    return out


def fit_trees(rows, y, w):
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    X = np.array(rows, dtype=np.float64)
    clf = GradientBoostingClassifier(n_estimators=N_ESTIMATORS, max_depth=MAX_DEPTH,
                                     learning_rate=LEARNING_RATE, min_weight_fraction_leaf=MIN_LEAF_WEIGHT,
                                     random_state=0)
    clf.fit(X, np.array(y), sample_weight=np.array(w))
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({"f": [int(v) for v in t.feature], "t": [round(float(v), 6) for v in t.threshold],
                      "l": [int(v) for v in t.children_left], "r": [int(v) for v in t.children_right],
                      "v": [round(float(v), 6) for v in t.value[:, 0, 0]]})
    init = float(clf._raw_predict_init(X[:1])[0, 0])
    return {"init": init, "learning_rate": LEARNING_RATE, "trees": trees}


def fit(pages) -> dict:
    """The trees fitted on the labelled lines of ``pages`` (weight 0 lines left out)."""
    rows, y, w = [], [], []
    for p, weights in zip(pages, _weights(pages)):
        for r, label, weight in zip(p["rows"], p["y"], weights):
            if label is not None and weight > 0:
                rows.append(r)
                y.append(label)
                w.append(weight)
    return {"features": list(FEATURES), "context_features": list(CONTEXT_FEATURES),
            "first": fit_trees(rows, y, w)}


def folds(pages, k=5) -> list[int]:
    """Site-grouped folds: sites sorted by name, dealt round-robin, so a site's pages share a fold
    (every form of a page, and a site's pages of both sets)."""
    sites = sorted({p["site"] for p in pages})
    fold_of = {s: i % k for i, s in enumerate(sites)}
    return [fold_of[p["site"]] for p in pages]


def _prepared(page) -> tuple[list[int], int]:
    """(words per line, comment_thread) of a page, computed once."""
    if "words" not in page:
        toks = block_tokens(page["blocks"])
        page["words"], page["thread"] = list(map(len, toks)), comment_thread(page["blocks"], toks)
    return page["words"], page["thread"]


def text_of(page, keep) -> str:
    return "\n\n".join(b.text for b, k in zip(page["blocks"], keep) if k)


def predict(model: dict, page, logits) -> str:
    """The text the stage keeps of a page (choose(), on prepared words and thread)."""
    words, thread = _prepared(page)
    z = mask_thread(logits, thread)
    if not page["blocks"]:
        return ""
    keep = decide_lines(model, z, words, MIN_KEEP_SHARE, DROP_INSIDE) if shows_furniture(model, z) else [True] * len(z)
    return text_of(page, keep)


def choose_settings(scorer: Scorer, pages, logits: list[list[float]], log=None) -> dict:
    """The decoder (switch_cost, bias, island_gap) and gate settings with the best objective on
    these log-odds. A gated page's text is the whole page whatever the decoder, so each page is
    scored once whole and once per decoder, and the gates combine those."""
    masked = [mask_thread(z, _prepared(p)[1]) for p, z in zip(pages, logits)]
    whole = [scorer.page(p, text_of(p, [True] * len(p["blocks"]))) for p in pages]
    below = {t: [furniture_lines(z, t) for z in masked] for t in GATE_LOGITS}
    seen: dict[tuple[int, tuple], tuple] = {}

    def memo(i, page, keep):
        # most settings keep the same lines of most pages: each page scored once per distinct choice
        key = (i, tuple(keep))
        if key not in seen:
            seen[key] = scorer.page(page, text_of(page, keep))
        return seen[key]

    best = None
    for sc, bias in product(SWITCH_COSTS, BIASES):
        sequences = [decode(z, bias, sc) for z in masked]
        for gap in ISLAND_GAPS:
            decoder = {"switch_cost": sc, "bias": bias, "island_gap": gap}
            decoded = [memo(i, p, article_stretch(list(seq), z, _prepared(p)[0], gap, MIN_KEEP_SHARE, DROP_INSIDE))
                       if p["blocks"] else whole[i] for i, (p, z, seq) in enumerate(zip(pages, masked, sequences))]
            for t, lines in product(GATE_LOGITS, GATE_LINES):
                stats = [d if n >= lines else w for d, w, n in zip(decoded, whole, below[t])]
                score = objective(figures(scorer, pages, stats))
                if best is None or score > best[0]:
                    best = (score, dict(decoder, gate={"logit": t, "lines": lines}))
            if log:
                log(f"{decoder}: best so far {best[0]:.4f} {best[1]}")
    return best[1]


def oof_logits(pages, k) -> list[list[float]]:
    """Each page's log-odds from trees fitted on the other folds' pages (site-grouped)."""
    out: list = [None] * len(pages)
    fold = folds(pages, k)
    for j in range(k):
        model = fit([p for p, f in zip(pages, fold) if f != j])
        for i, (p, f) in enumerate(zip(pages, fold)):
            if f == j:
                out[i] = score_rows(model, p["rows"])
    return out


def cross_validate(scorer: Scorer, pages, log=print):
    """Site-grouped 5-fold CV of the whole fit, decoder and gate settings included (nested): for
    each outer fold the trees are fitted on the other four folds, and the settings are chosen on
    those four folds' own inner site-grouped CV log-odds, so no choice sees the scored pages.
    Returns the CV figures per (set, form), each page's CV text, and the outer log-odds."""
    fold = folds(pages)
    outer: list = [None] * len(pages)
    texts: list = [None] * len(pages)
    for k in range(5):
        train = [p for p, f in zip(pages, fold) if f != k]
        settings = choose_settings(scorer, train, oof_logits(train, 4))
        model = dict(fit(train), **settings)
        for i, (p, f) in enumerate(zip(pages, fold)):
            if f == k:
                outer[i] = score_rows(model, p["rows"])
                texts[i] = predict(model, p, outer[i])
        log(f"fold {k}: {sum(f == k for f in fold)} pages, settings {settings} (chosen by inner CV)")
    stats = [scorer.page(p, t) for p, t in zip(pages, texts)]
    return figures(scorer, pages, stats), texts, outer


def fit_all(scorer: Scorer, pages, log=print):
    """The shipped model (trees on every page, settings chosen on the nested CV's outer log-odds:
    pages scored by models that did not see their site, as the CV chose them per fold), and
    {(set, form): (in-sample (P, R, F1), CV (P, R, F1))}."""
    cv, _, outer = cross_validate(scorer, pages, log)
    full = fit(pages)
    model = dict(full, **choose_settings(scorer, pages, outer))
    ins = figures(scorer, pages, [scorer.page(p, predict(model, p, score_rows(full, p["rows"]))) for p in pages])
    return model, {key: (ins[key], cv[key]) for key in ins}


def figures_in_and_cv(scorer: Scorer, pages, log=print):
    """{(set, form): (in-sample (P, R, F1), CV (P, R, F1))} (benchmarks/quality.py's table)."""
    return fit_all(scorer, pages, log)[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--snippets", default=str(ROOT.parent / "shared" / "bench" / "snippets"))
    ap.add_argument("--checks", default=str(ROOT.parent / "shared" / "checks"))
    ap.add_argument("--write", action="store_true", help="save pipeline/stages/content/content_model.json")
    args = ap.parse_args()
    scorer = Scorer(Path(args.checks))
    model, figs = fit_all(scorer, prepare(ROOT, Path(args.dev), Path(args.snippets)))
    print("chosen settings " + json.dumps({k: v for k, v in model.items() if k not in ("first", "second")
                                           and not k.endswith("features")}))
    for (set_name, form), (ins, cv) in figs.items():
        print(f"{set_name:9s} {form:7s} in-sample P {ins[0]:.3f} R {ins[1]:.3f} F1 {ins[2]:.3f} | "
              f"site-grouped 5-fold CV (nested) P {cv[0]:.3f} R {cv[1]:.3f} F1 {cv[2]:.3f}")
    if args.write:
        out = ROOT / "pipeline" / "stages" / "content" / "content_model.json"
        out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        FIGURES.write_text(json.dumps({"model_sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
                                       "figures": [[k[0], k[1], ins, cv] for k, (ins, cv) in figs.items()]},
                                      indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size // 1024} KiB) and {FIGURES}")


if __name__ == "__main__":
    main()
