"""Two corpora side by side: which documents' clean text changed, appeared or disappeared, and
which rule counts moved. What a reviewer reads before accepting a new rule or config."""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from .reader import open_store
from .runs import config_changes

DIFF_LINES = 12       # diff lines shown per sampled document
LINE_CHARS = 160      # a diff line longer than this is cut


@dataclass
class Comparison:
    old: str
    new: str
    old_run: str
    new_run: str
    changed: list[str] = field(default_factory=list)
    appeared: list[str] = field(default_factory=list)
    disappeared: list[dict] = field(default_factory=list)   # {doc_id, now} ("rejected: rule" or "gone")
    unchanged: int = 0
    rules: list[dict] = field(default_factory=list)          # {rule, old, new, delta, old_docs, new_docs}
    rejects: list[dict] = field(default_factory=list)        # {rule, old, new, delta}
    config_changed: bool = False
    config_changes: list[str] = field(default_factory=list)  # "key.path: old -> new"
    samples: list[dict] = field(default_factory=list)        # {doc_id, rules, diff}

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def compare(old_dir: str, new_dir: str, sample: int = 5) -> Comparison:
    old, new = open_store(old_dir), open_store(new_dir)
    cols = ["doc_id", "text_sha256"]
    o_docs = {r["doc_id"]: r["text_sha256"] for r in old.read("documents", cols).to_pylist()}
    n_docs = {r["doc_id"]: r["text_sha256"] for r in new.read("documents", cols).to_pylist()}
    n_rej = {r["doc_id"]: r["rule"] for r in new.read("rejects", ["doc_id", "rule"]).to_pylist()}
    o_rej = Counter(r["rule"] for r in old.read("rejects", ["rule"]).to_pylist())
    res = Comparison(old_dir, new_dir, old.latest()["run_id"], new.latest()["run_id"],
                     config_changed=old.latest().get("config_sha256") != new.latest().get("config_sha256"),
                     config_changes=config_changes(old.latest().get("config", {}), new.latest().get("config", {})))
    for doc_id in sorted(set(o_docs) | set(n_docs)):
        if doc_id not in o_docs:
            res.appeared.append(doc_id)
        elif doc_id not in n_docs:
            res.disappeared.append({"doc_id": doc_id,
                                    "now": f"rejected: {n_rej[doc_id]}" if doc_id in n_rej else "gone"})
        elif o_docs[doc_id] != n_docs[doc_id]:
            res.changed.append(doc_id)
        else:
            res.unchanged += 1
    o_edits = old.read("edits", ["doc_id", "rule"]).to_pylist()
    n_edits = new.read("edits", ["doc_id", "rule"]).to_pylist()
    oc, nc = Counter(e["rule"] for e in o_edits), Counter(e["rule"] for e in n_edits)
    od = Counter(r for r, _ in {(e["rule"], e["doc_id"]) for e in o_edits})
    nd = Counter(r for r, _ in {(e["rule"], e["doc_id"]) for e in n_edits})
    for rule in sorted(set(oc) | set(nc)):
        if oc[rule] != nc[rule] or od[rule] != nd[rule]:
            res.rules.append({"rule": rule, "old": oc[rule], "new": nc[rule], "delta": nc[rule] - oc[rule],
                              "old_docs": od[rule], "new_docs": nd[rule]})
    res.rules.sort(key=lambda r: (-abs(r["delta"]), r["rule"]))
    nr = Counter(n_rej.values())
    for rule in sorted(set(o_rej) | set(nr)):
        if o_rej[rule] != nr[rule]:
            res.rejects.append({"rule": rule, "old": o_rej[rule], "new": nr[rule], "delta": nr[rule] - o_rej[rule]})
    res.samples = _samples(old, new, res.changed[:max(0, sample)], o_edits, n_edits)
    return res


def _samples(old, new, ids: list[str], o_edits: list[dict], n_edits: list[dict]) -> list[dict]:
    if not ids:
        return []
    import pyarrow as pa
    import pyarrow.compute as pc

    def texts(store) -> dict[str, str]:
        t = store.read("documents", ["doc_id", "text"])
        t = t.filter(pc.is_in(t["doc_id"], pa.array(ids, pa.string())))
        return {r["doc_id"]: r["text"] or "" for r in t.to_pylist()}

    ot, nt = texts(old), texts(new)
    wanted = set(ids)
    oc = Counter((e["doc_id"], e["rule"]) for e in o_edits if e["doc_id"] in wanted)
    nc = Counter((e["doc_id"], e["rule"]) for e in n_edits if e["doc_id"] in wanted)
    out = []
    for doc_id in ids:
        moved = {r: (oc[(d, r)], nc[(d, r)]) for d, r in set(oc) | set(nc)
                 if d == doc_id and oc[(d, r)] != nc[(d, r)]}
        lines = [ln for ln in difflib.unified_diff(ot[doc_id].splitlines(), nt[doc_id].splitlines(),
                                                   "old", "new", n=0, lineterm="")
                 if not ln.startswith(("---", "+++", "@@"))]
        shown = [ln if len(ln) <= LINE_CHARS else ln[:LINE_CHARS] + "…" for ln in lines[:DIFF_LINES]]
        if len(lines) > DIFF_LINES:
            shown.append(f"… {len(lines) - DIFF_LINES} more lines (pipeline diff {doc_id})")
        out.append({"doc_id": doc_id, "rules": dict(sorted(moved.items())), "diff": shown})
    return out
