"""Rule statistics over a corpus's edit log: which rules fire, how often, what they remove."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from ..edits import EditError, replay
from .reader import Corpus, base_text

CONTEXT = 40      # characters of context shown either side of an example edit
SNIPPET = 120     # longest removed/added text shown in an example before it is elided


@dataclass
class RuleStat:
    stage: str
    rule: str
    docs: int = 0
    edits: int = 0
    chars_removed: int = 0
    chars_added: int = 0
    examples: list[dict] = field(default_factory=list)

    def row(self) -> dict:
        return asdict(self)


SORT_KEYS = ("edits", "docs", "chars_removed", "chars_added", "rule", "stage")


def rule_stats(corpus: Corpus, examples: int = 3) -> list[RuleStat]:
    """One RuleStat per rule, in stage order then rule name; ``examples`` per rule, first doc_ids first."""
    stats: dict[str, RuleStat] = {}
    touched: dict[str, set[str]] = defaultdict(set)
    wanted: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for doc_id in sorted(corpus.edits):
        for e in corpus.edits[doc_id]:
            st = stats.get(e["rule"]) or stats.setdefault(e["rule"], RuleStat(e["stage"], e["rule"]))
            st.edits += 1
            st.chars_removed += len(e["before"] or "")
            st.chars_added += len(e["after"] or "")
            touched[e["rule"]].add(doc_id)
            ex = wanted[e["rule"]]
            if len(ex) < examples and all(d != doc_id for d, _ in ex):
                ex.append((doc_id, e["seq"]))
    for rule, st in stats.items():
        st.docs = len(touched[rule])
    _fill_examples(corpus, stats, wanted)
    order = {s: i for i, s in enumerate(corpus.stages)}
    return sorted(stats.values(), key=lambda s: (order.get(s.stage, len(order)), s.rule))


def _fill_examples(corpus: Corpus, stats: dict[str, RuleStat], wanted: dict[str, list[tuple[str, int]]]) -> None:
    docs = {d["doc_id"]: d for d in corpus.documents}
    bases: dict[str, str] = {}
    for rule, picks in wanted.items():
        for doc_id, seq in picks:
            doc, edits = docs.get(doc_id), corpus.edits[doc_id]
            if doc is None or doc.get("text") is None:
                continue
            try:
                if doc_id not in bases:
                    bases[doc_id] = base_text(doc, edits)
                text = replay(bases[doc_id], edits, upto_seq=seq)
            except EditError:
                continue
            e = next(x for x in edits if x["seq"] == seq)
            stats[rule].examples.append({
                "doc_id": doc_id,
                "left": text[max(0, e["start"] - CONTEXT):e["start"]],
                "removed": _clip(e["before"] or ""),
                "added": _clip(e["after"] or ""),
                "right": text[e["end"]:e["end"] + CONTEXT],
            })


def _clip(s: str) -> str:
    return s if len(s) <= SNIPPET else s[:SNIPPET // 2] + "…" + s[-SNIPPET // 2:]


def example_line(ex: dict) -> str:
    """One example as ``…left[-removed-]{+added+}right…`` on one line."""
    def flat(s: str) -> str:
        return s.replace("\n", "⏎")
    mid = (f"[-{flat(ex['removed'])}-]" if ex["removed"] else "") + (f"{{+{flat(ex['added'])}+}}" if ex["added"] else "")
    return f"…{flat(ex['left'])}{mid}{flat(ex['right'])}…"
