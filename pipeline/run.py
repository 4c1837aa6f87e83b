"""One run: discover inputs, process the new and changed ones, dedup, commit. The library entry
point behind ``pipeline run``; the CLI only parses flags and reports."""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from typing import Callable

from . import __version__
from .config import Config
from .corpus import dedup_exact, unique_ids
from .document import Document, Reject
from .engines import get_engine
from .sink import Store
from .sink.rows import document_row, edit_rows, meta_edit_rows, reject_row
from .sources import discover, file_sha256, stem_id

log = logging.getLogger(__name__)

# Libraries whose behaviour shapes the corpus: recorded in every manifest, and a change refuses
# to mix old and new output (exit 78) until --full-refresh.
PINNED = ("trafilatura", "lxml", "lxml_html_clean", "ftfy", "langdetect", "pyarrow", "wordfreq", "regex")


class DriftError(RuntimeError):
    """The corpus was built with another config or library versions."""


def versions() -> dict[str, str]:
    out = {"pipeline": __version__}
    for name in PINNED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


@dataclass
class RunResult:
    run_id: str | None
    discovered: int = 0
    new: int = 0
    changed: int = 0
    skipped_unchanged: int = 0
    written: int = 0
    rejected: int = 0
    skipped_duplicate: int = 0
    reject_reasons: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    status: str = "ok"
    swept: int = 0

    @property
    def reject_ratio(self) -> float:
        done = self.new + self.changed
        return self.rejected / done if done else 0.0


def _doc_ids(units) -> list[str]:
    """doc_id per unit: the path without type suffixes, or the whole path where two files share it."""
    stems = [stem_id(u.rel) for u in units]
    counts = Counter(stems)
    return [s if counts[s] == 1 else u.rel for s, u in zip(stems, units)]


def _check_drift(store: Store, config: Config, vers: dict[str, str]) -> None:
    latest = store.latest()
    if not latest:
        return
    changes = []
    if latest.get("config_sha256") != config.sha256:
        old = latest.get("config", {})
        new = config.resolved
        for section in sorted(set(old) | set(new)):
            o, n = old.get(section, {}), new.get(section, {})
            for key in sorted(set(o) | set(n)):
                if o.get(key) != n.get(key):
                    changes.append(f"config {section}.{key}")
        changes = changes or ["config (hash differs)"]
    for name, ver in vers.items():
        if name != "pipeline" and latest.get("versions", {}).get(name) != ver:
            changes.append(f"{name} {latest.get('versions', {}).get(name)} -> {ver}")
    if changes:
        raise DriftError(f"the corpus in {store.root} was built with different settings: {'; '.join(changes[:8])}. "
                         "Mixing old and new output would make the corpus inconsistent: rerun with "
                         "--full-refresh to rebuild it with the new settings, or restore the old ones")


def run(input_dir: str, output_dir: str, config: Config, *, workers: int = 0, engine: str = "local",
        full_refresh: bool = False, progress: Callable[[int, int], None] | None = None) -> RunResult:
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc)
    vers = versions()
    store = Store(output_dir)
    store.prepare()
    with store.lock():
        swept = store.sweep()
        if not full_refresh:
            _check_drift(store, config, vers)
        units = discover(input_dir)
        ids = _doc_ids(units)
        index = {} if full_refresh else store.input_index()
        res = RunResult(run_id=None, discovered=len(units), swept=swept)
        tasks, inputs, replaced = [], {}, set()
        for unit, doc_id in zip(units, ids):
            known = index.get(unit.rel)
            if known and known[1] == unit.size and known[2] == unit.mtime_ns:
                res.skipped_unchanged += 1
                continue
            sha = file_sha256(unit, config.limits)
            if known and sha and known[0] == sha:
                res.skipped_unchanged += 1  # touched but not changed
                continue
            if known:
                res.changed += 1
                replaced.add(unit.rel)
            else:
                res.new += 1
            tasks.append((unit, doc_id, sha))
            inputs[unit.rel] = {"input_path": unit.rel, "input_sha256": sha, "input_size": unit.size,
                                "input_mtime_ns": unit.mtime_ns}
        if not tasks:
            res.seconds = time.perf_counter() - t0
            res.status = "noop"
            return res

        docs: list[tuple[Document, dict]] = []
        rejects: list[tuple[Reject, dict]] = []
        timings: Counter = Counter()
        eng = get_engine(engine, workers)
        for done, ((unit, _id, _sha), (items, times)) in enumerate(zip(tasks, eng.map(config, tasks)), 1):
            timings.update(times)
            for item in items:
                (docs if isinstance(item, Document) else rejects).append((item, inputs[unit.rel]))
            if progress:
                progress(done, len(tasks))

        # one row per doc_id: a record id or path stem that another input already uses is a reject
        owners = {} if full_refresh else {r["doc_id"]: r["input_path"] for r in
                                          store.read("documents", ["doc_id", "input_path"]).to_pylist()
                                          if r["input_path"] not in replaced}
        inp_of_source = {d.source: i for d, i in docs}
        unique, id_rejects = unique_ids([(d, i["input_path"]) for d, i in docs], owners)
        rejects += [(r, inp_of_source[r.source]) for r in id_rejects]
        docs = [(d, inp_of_source[d.source]) for d in unique]

        kept, dups = [], []
        if config.pipeline["dedup"]:
            inp_of = {id(d): i for d, i in docs}
            seen = {} if full_refresh else store.text_index(exclude_inputs=replaced)
            kept_docs, dup_rejects = dedup_exact([d for d, _ in docs], seen)
            kept = [(d, inp_of[id(d)]) for d in kept_docs]
            by_id = {d.doc_id: i for d, i in docs}
            dups = [(r, by_id[r.doc_id]) for r in dup_rejects]
        else:
            kept = docs

        seq = 1 if full_refresh else store.next_seq()
        run_id = f"{seq:06d}-{started.strftime('%Y%m%dT%H%M%SZ')}"
        runinfo = {"run_id": run_id, "pipeline_version": __version__, "config_sha256": config.sha256}
        rows: dict[str, list[dict]] = {"documents": [], "edits": [], "meta_edits": [], "rejects": []}
        for doc, inp in kept:
            rows["documents"].append(document_row(doc, inp, runinfo))
            rows["edits"].extend(edit_rows(doc, inp, runinfo))
            rows["meta_edits"].extend(meta_edit_rows(doc, inp, runinfo))
            res.rules.update(e.rule for e in doc.edits)
        for rej, inp in rejects + dups:
            rows["rejects"].append(reject_row(rej, inp, runinfo))
        for rej, _ in rejects:
            res.reject_reasons[rej.rule] += 1
        res.run_id = run_id
        res.written = len(kept)
        res.rejected = len(rejects)
        res.skipped_duplicate = len(dups)
        res.status = "degraded" if res.reject_ratio > config.pipeline["max_reject_ratio"] else "ok"
        res.seconds = time.perf_counter() - t0
        manifest = {
            "seq": seq, "status": res.status, "pipeline_version": __version__, "versions": vers,
            "started": started.isoformat(), "seconds": round(res.seconds, 3),
            "input_root": input_dir, "full_refresh": full_refresh,
            "config": config.resolved, "config_path": config.path, "config_sha256": config.sha256,
            "counts": {"discovered": res.discovered, "new": res.new, "changed": res.changed,
                       "skipped_unchanged": res.skipped_unchanged, "written": res.written,
                       "rejected": res.rejected, "skipped_duplicate": res.skipped_duplicate,
                       "swept": swept},
            "rejects_by_reason": dict(sorted(res.reject_reasons.items())),
            "rules": dict(sorted(res.rules.items())),
            "stage_seconds": {k: round(v, 3) for k, v in sorted(timings.items())},
            "inputs": sorted(inputs.values(), key=lambda r: r["input_path"]),
        }
        store.commit(run_id, rows, replaced, manifest, config.pipeline["shard_rows"], full_refresh=full_refresh)
        return res
