"""The run manifests: one JSON file per commit in ``OUTPUT/_runs``, named ``<seq>-<run_id>.json``,
the commit log of the corpus. The one place that writes their fields and reads them back: the
driver (the latest commit's live files, drift), ``pipeline status``, ``pipeline compare --output``,
the audit and the benchmarks.

A run commits every ``shard_rows`` documents, so one run may have several manifests: each holds
the counts of its own batch, the last (``final``) also the run's totals. ``runs()`` merges a run's
commits into one summary, so nothing that reads runs looks at one batch only.
"""
from __future__ import annotations

import json
import os
from collections import Counter

RUNS = "_runs"
# What every discovered input unit became; each manifest counts them (plus new and changed files).
DISPOSITIONS = ("written", "rejected", "deferred", "skipped_unchanged", "skipped_duplicate")
COUNTS = ("discovered", *DISPOSITIONS, "new", "changed")
# the fields of a commit that cover its own batch only: summed over a run's commits by runs()
_SUMMED = ("counts", "rejects_by_reason", "rules", "inputs", "deferred", "manifests")


def reject_ratio(counts) -> float:
    """Rejected units over the units that reached a decision (written, rejected, duplicate)."""
    done = counts["written"] + counts["rejected"] + counts["skipped_duplicate"]
    return counts["rejected"] / done if done else 0.0


def names(root: str) -> list[str]:
    """The committed manifests' names (``<seq>-<run_id>``), oldest first; temp files left out."""
    folder = os.path.join(root, RUNS)
    if not os.path.isdir(folder):
        return []
    return sorted(n[:-len(".json")] for n in os.listdir(folder)
                  if n.endswith(".json") and not n.startswith((".", "_")))


def read(root: str, name: str) -> dict:
    with open(os.path.join(root, RUNS, f"{name}.json"), encoding="utf-8") as fh:
        return json.load(fh)


def latest(root: str) -> dict | None:
    """The last commit's manifest: it names the live files of every table."""
    found = names(root)
    return read(root, found[-1]) if found else None


def run_of(name: str) -> str:
    """The run id in a manifest name "<seq>-<run_id>" (older corpora named manifests by run id)."""
    seq, _, rest = name.partition("-")
    return rest if seq.isdigit() and rest else name


def commit_record(base: dict, *, seq: int, commit: int, status: str, seconds: float, swept: int,
                  counts: Counter, reasons: Counter, rules: Counter, inputs: list[dict], deferred: list[dict],
                  totals: dict | None = None) -> dict:
    """The manifest of one commit: ``base`` (the run's fixed fields: run id, versions, config...),
    this batch's counts, and with ``totals`` (the final commit) the run's totals."""
    record = {**base, "seq": seq, "commit": commit, "status": status, "final": status != "running",
              "seconds": seconds, "swept": swept, "counts": {k: counts[k] for k in COUNTS},
              "rejects_by_reason": dict(sorted(reasons.items())), "rules": dict(sorted(rules.items())),
              "inputs": sorted(inputs, key=lambda r: r["input_path"]), "deferred": deferred}
    return {**record, **(totals or {})}


def runs(root: str) -> list[dict]:
    """One summary per run, its commits merged, oldest first: the last commit's fields (status,
    config, versions, seconds...) with counts, rules, rejects, inputs and deferred inputs summed
    over all its commits, and ``commits`` / ``manifests`` naming them."""
    by_run: dict[str, dict] = {}
    for name in names(root):
        m = read(root, name)
        run_id = m.get("run_id") or run_of(name)
        r = by_run.get(run_id)
        if r is None:
            r = by_run[run_id] = {"counts": Counter(), "rejects_by_reason": Counter(), "rules": Counter(),
                                  "inputs": [], "deferred": [], "manifests": []}
        for key in ("counts", "rejects_by_reason", "rules"):
            r[key].update(m.get(key, {}))
        r["inputs"] += m.get("inputs", [])
        r["deferred"] += m.get("deferred", [])
        r["manifests"].append(name)
        r.update({k: v for k, v in m.items() if k not in _SUMMED})
        r["run_id"] = run_id
        r["commits"] = len(r["manifests"])
        r.setdefault("respawns", 0)
    out = []
    for r in by_run.values():
        r["counts"] = {k: r["counts"][k] for k in COUNTS if k in r["counts"]} | dict(r["counts"])
        r["rejects_by_reason"] = dict(sorted(r["rejects_by_reason"].items()))
        r["rules"] = dict(sorted(r["rules"].items()))
        r["inputs"] = sorted(r["inputs"], key=lambda i: i["input_path"])
        out.append(r)
    return out
