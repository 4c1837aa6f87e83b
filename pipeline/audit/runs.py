"""Two runs of one output folder, compared from their manifests (``pipeline compare --output``).

A run's manifest outlives its shards: a later run that re-processes an input (or rebuilds the
corpus with --full-refresh, which a config change requires) deletes the rows it replaces. So what
two run ids can still answer is the manifests' story: the config keys that differ, the inputs that
appeared, disappeared or changed, the counts and the rule and reject counts of each run. Text diffs
need the two corpora side by side: run the new config into a second --output and compare folders.
"""
from __future__ import annotations

import json

from ..config import changed_settings
from ..sink.manifest import runs
from .reader import AuditError


def resolve(root: str, ref: str) -> dict:
    """The summary of run ``ref`` in ``root`` (all its commits merged): a full run id, a unique
    prefix of a run id or manifest name, or ``latest``."""
    found = runs(root)
    if not found:
        raise AuditError(f"{root} holds no committed runs; run 'pipeline run --output {root}' first")
    if ref == "latest":
        hits = found[-1:]
    else:
        hits = ([r for r in found if ref == r["run_id"] or ref in r["manifests"]]
                or [r for r in found if r["run_id"].startswith(ref) or any(n.startswith(ref) for n in r["manifests"])])
    if len(hits) != 1:
        what = "matches no run" if not hits else f"matches {len(hits)} runs"
        raise AuditError(f"run {ref!r} {what} in {root}/_runs; give one of: "
                         + ", ".join(r["run_id"] for r in found[-10:]))
    return hits[0]


def config_changes(old: dict, new: dict) -> list[str]:
    """``key.path: old -> new`` for every resolved config value that differs; a list of names (like
    a stage's rules) is shown as the names it lost and gained."""
    out = []
    for path, o, n in changed_settings(old, new):
        if isinstance(o, list) and isinstance(n, list) and all(isinstance(x, str) for x in o + n) \
                and len(set(o)) == len(o) and len(set(n)) == len(n) and set(o) != set(n):
            lost, gained = [x for x in o if x not in n], [x for x in n if x not in o]
            out.append(f"{path}: " + " ".join([*(f"-{x}" for x in lost), *(f"+{x}" for x in gained)]))
        else:
            out.append(f"{path}: {_short(o)} -> {_short(n)}")
    return out


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:119] + "…"


def compare_runs(root: str, old_ref: str, new_ref: str) -> dict:
    old, new = resolve(root, old_ref), resolve(root, new_ref)
    o_in = {r["input_path"]: r["input_sha256"] for r in old.get("inputs", [])}
    n_in = {r["input_path"]: r["input_sha256"] for r in new.get("inputs", [])}

    def moved(a: dict, b: dict) -> list[dict]:
        rows = [{"rule": k, "old": a.get(k, 0), "new": b.get(k, 0), "delta": b.get(k, 0) - a.get(k, 0)}
                for k in sorted(set(a) | set(b)) if a.get(k, 0) != b.get(k, 0)]
        return sorted(rows, key=lambda r: (-abs(r["delta"]), r["rule"]))

    return {
        "output": root, "old_run": old["run_id"], "new_run": new["run_id"],
        "config_changed": old.get("config_sha256") != new.get("config_sha256"),
        "config_changes": config_changes(old.get("config", {}), new.get("config", {})),
        "versions_changed": {k: [old.get("versions", {}).get(k), v] for k, v in new.get("versions", {}).items()
                             if old.get("versions", {}).get(k) != v},
        "inputs_appeared": sorted(set(n_in) - set(o_in)),
        "inputs_disappeared": sorted(set(o_in) - set(n_in)),
        "inputs_changed": sorted(p for p in set(o_in) & set(n_in) if o_in[p] != n_in[p]),
        "counts": {k: [old.get("counts", {}).get(k, 0), v] for k, v in new.get("counts", {}).items()},
        "rules": moved(old.get("rules", {}), new.get("rules", {})),
        "rejects": moved(old.get("rejects_by_reason", {}), new.get("rejects_by_reason", {})),
        # a run's rule counts cover only the inputs it processed (unchanged ones are skipped)
        "processed": [old.get("counts", {}).get("written", 0) + old.get("counts", {}).get("rejected", 0),
                      new.get("counts", {}).get("written", 0) + new.get("counts", {}).get("rejected", 0)],
        "commits": [old.get("commits", 1), new.get("commits", 1)],
    }
