"""The static HTML report: one self-contained file (inline CSS, JS, SVG, data) built with Jinja2.

Everything is a query over the corpus tables; the per-document diffs are composed in the browser
from each document's base text and edit log, so the reader can choose the two pipeline points
and hide rules without a server. Diffs are embedded for a sample only, to keep the file small.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from ..audit import plural
from ..audit.reader import Corpus, base_kind, base_text
from ..audit.stats import rule_stats
from ..edits import EditError
from . import charts

MAX_DIFFS = 2000              # documents whose diff is embedded (the rest: `pipeline diff DOC_ID`)
DIFF_BUDGET = 12_000_000      # bytes of embedded diff data, so 20,000 documents stay under ~20 MB
REJECT_TEXT = 3000            # characters of a reject's text at the point of drop that are embedded
REJECT_BUDGET = 4_000_000     # ... and for all rejects together; past it only reasons are embedded


@dataclass
class Built:
    html: str
    documents: int
    rejects: int
    diffs_shown: int


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2", "svg"]),
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["n"] = plural
    return env


def _length_before(doc: dict, edits: list[dict]) -> int:
    return (doc["n_chars"] or 0) + sum(len(e["before"] or "") - len(e["after"] or "") for e in edits)


def _pick(corpus: Corpus, limit: int) -> list[str]:
    """Documents whose diff is embedded: first every rule's first few documents (so each rule has
    an example to look at), then the rest in doc_id order."""
    chosen: dict[str, None] = {}
    per_rule: Counter = Counter()
    for doc in corpus.documents:
        for rule in {e["rule"] for e in corpus.edits.get(doc["doc_id"], [])}:
            if per_rule[rule] < 3 and len(chosen) < limit:
                per_rule[rule] += 1
                chosen[doc["doc_id"]] = None
    for doc in corpus.documents:
        if len(chosen) >= limit:
            break
        chosen.setdefault(doc["doc_id"], None)
    return list(chosen)


def build(corpus: Corpus, *, max_diffs: int = MAX_DIFFS, budget: int = DIFF_BUDGET) -> Built:
    stages = corpus.stages
    stats = rule_stats(corpus, examples=1)
    rules = [s.rule for s in stats]
    rule_ix = {r: i for i, r in enumerate(rules)}
    stage_ix = {s: i for i, s in enumerate(stages)}
    rows, diffs, before_len, after_len = [], {}, [], []
    used = 0
    docs_by_id = {d["doc_id"]: d for d in corpus.documents}
    for doc_id in _pick(corpus, max_diffs):   # in priority order, so the budget keeps the first picks
        doc, edits = docs_by_id[doc_id], corpus.edits.get(doc_id, [])
        try:
            base = base_text(doc, edits)
        except EditError:
            continue
        entry = {"base": base, "type": doc["content_type"] or "", "kind": base_kind(doc, edits),
                 "edits": [[stage_ix.get(e["stage"], len(stages)), rule_ix[e["rule"]], s, t, e["after"] or ""]
                           for e, (s, t) in zip(edits, _utf16_spans(base, edits))],
                 "meta": [[m["rule"], m["field"], m["before"], m["after"]]
                          for m in corpus.meta_edits.get(doc_id, [])]}
        size = len(json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        if used + size > budget and diffs:
            continue
        used += size
        diffs[doc_id] = entry
    for doc in corpus.documents:
        edits = corpus.edits.get(doc["doc_id"], [])
        n0 = _length_before(doc, edits)
        before_len.append(n0)
        after_len.append(doc["n_chars"] or 0)
        rows.append([doc["doc_id"], doc["language"] or "", n0, doc["n_chars"] or 0,
                     sorted({rule_ix[e["rule"]] for e in edits}), "", int(doc["doc_id"] in diffs)])
    # a list, not keyed by doc_id: a record rejected as a duplicate id shares its id with a document
    rejects = []
    reject_chars = 0
    for ix, r in enumerate(corpus.rejects):
        text = r["text"] or ""
        keep = min(len(text), REJECT_TEXT, max(0, REJECT_BUDGET - reject_chars))
        reject_chars += keep
        rows.append([r["doc_id"], "", len(text), 0, [], r["rule"], 0, ix])
        rejects.append({"stage": r["stage"], "rule": r["rule"], "reason": r["reason"] or "",
                                "detail": r["detail"] or "", "source": r["source"],
                                "text": text[:keep], "cut": len(text) - keep})
    data = {"stages": stages, "rules": rules, "docs": rows, "diffs": diffs, "rejects": rejects,
            "root": str(corpus.root)}
    m = corpus.manifest
    counts = m.get("counts", {})
    reject_reasons = Counter(r["rule"] for r in corpus.rejects)
    langs = Counter(d["language"] or "unknown" for d in corpus.documents)
    chart_list = [
        charts.bars("Edits per rule", [(s.rule, s.edits) for s in stats]),
        charts.bars("Characters removed per rule", [(s.rule, s.chars_removed) for s in stats]),
        charts.bars("Rejects per reason", sorted(reject_reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        charts.histogram("Document length (characters)", before_len, after_len, ("before", "after")),
        charts.bars("Languages", sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))),
    ]
    env = _env()
    chart_svgs = [env.get_template("chart.svg.j2").render(c=c) for c in chart_list]
    html = env.get_template("report.html.j2").render(
        m=m, counts=counts, stats=stats, charts=chart_svgs, n_docs=len(corpus.documents),
        n_rejects=len(corpus.rejects), n_diffs=len(diffs), root=corpus.root,
        css=_asset("style.css"), js=_asset("app.js"),
        data=_script_json(data))
    return Built(html, len(corpus.documents), len(corpus.rejects), len(diffs))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _utf16_spans(base: str, edits: list[dict]) -> list[tuple[int, int]]:
    """Edit spans in UTF-16 units (what JavaScript strings index), from code-point offsets."""
    if not _ASTRAL.search(base) and not any(_ASTRAL.search(e["after"] or "") for e in edits):
        return [(e["start"], e["end"]) for e in edits]
    out, text = [], base
    for e in edits:
        start = len(text[:e["start"]].encode("utf-16-le")) // 2
        out.append((start, start + len(text[e["start"]:e["end"]].encode("utf-16-le")) // 2))
        text = text[:e["start"]] + (e["after"] or "") + text[e["end"]:]
    return out


def _script_json(data: dict) -> str:
    """JSON safe inside <script type="application/json">: no '</script>' or '<!--' can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
