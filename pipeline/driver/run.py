"""One run: discover inputs, process the new and changed ones in batches, commit each batch.

The library entry point behind ``pipeline run``; the CLI only parses flags and reports.

A run commits every ``shard_rows`` documents (a shard per table plus a manifest), so a kill
loses at most the batch in progress, and the next run redoes exactly the inputs no manifest
names. Every discovered input unit (a file, or a record of a JSONL file) gets one disposition:
written, rejected, deferred, skipped_unchanged or skipped_duplicate; each manifest counts them.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from .. import __version__
from ..config import Config
from ..corpus import DOC_ID_SCHEME, corpus_steps, doc_ids, redecide
from ..document import Reject
from ..engines import get_engine
from ..logs import RUN_ID
from .work import UnitWork
from ..sink import Store
from ..sink.manifest import COUNTS, DISPOSITIONS, commit_record, reject_ratio
from ..sink.staging import Staging
from ..sink.rows import Prepared, input_fields, prepare, reject_row
from ..sources import Deferred, Skipped, discover, file_sha256
from ..versions import versions
from .preflight import DriftError, check_drift, rule_files

log = logging.getLogger(__name__)

__all__ = ["run", "RunResult", "DriftError", "versions"]


@dataclass
class RunResult:
    run_id: str | None
    files: int = 0                  # input files discovered
    counts: Counter = field(default_factory=Counter)   # units: discovered + each disposition
    new: int = 0
    changed: int = 0
    reject_reasons: Counter = field(default_factory=Counter)
    skipped_records: Counter = field(default_factory=Counter)   # WARC records that are not documents, by kind
    rules: Counter = field(default_factory=Counter)
    deferred_inputs: list = field(default_factory=list)
    seconds: float = 0.0
    status: str = "ok"
    swept: int = 0
    commits: int = 0
    respawns: int = 0
    removed_inputs: list = field(default_factory=list)   # inputs gone from the folder, rows dropped

    def __getattr__(self, name):  # res.written, res.discovered, ...: the unit counts
        if name in DISPOSITIONS or name in ("discovered", "removed"):
            return self.counts[name]
        raise AttributeError(name)

    @property
    def reject_ratio(self) -> float:
        return reject_ratio(self.counts)


class _Batch:
    """What the next commit will hold; its rows stream to temp shards as they come (``staging``)."""

    def __init__(self, staging: Staging | None = None):
        self.staging = staging
        self.docs = 0  # documents and rejects staged
        self.counts: Counter = Counter()
        self.reasons: Counter = Counter()
        self.skipped: Counter = Counter()
        self.rules: Counter = Counter()
        self.inputs: list[dict] = []
        self.replaced: set[str] = set()
        self.deferred: list[dict] = []
        self.removed: list[str] = []

    def __len__(self) -> int:
        return self.docs


def _plan(units, ids, index, config, full_refresh, res, batch):
    """Split the discovered units into work (unit, doc_id, sha, known), the deferred ones (counted in
    ``batch``) and the unchanged ones (returned by input path, with their doc_id and sha)."""
    settle_ns = int(config.limits.settle_seconds * 1e9)
    now = time.time_ns()
    tasks = []
    unchanged: dict[str, tuple] = {}
    for unit, doc_id in zip(units, ids):
        if settle_ns and unit.problem is None and now - unit.mtime_ns < settle_ns:
            _defer(batch, res, unit, "unsettled", f"modified {(now - unit.mtime_ns) / 1e9:.1f} s ago, within "
                   f"the {config.limits.settle_seconds:g} s settle window (limits.settle_seconds)")
            continue
        known = None if full_refresh else index.get(unit.rel)
        if known and known[1] == unit.size and known[2] == unit.mtime_ns:
            unchanged[unit.rel] = (unit, doc_id, known[0], "again")
            continue
        sha = file_sha256(unit, config.limits)
        if known and sha and known[0] == sha:
            unchanged[unit.rel] = (unit, doc_id, sha, "again")  # touched but not changed
            continue
        tasks.append((unit, doc_id, sha, "changed" if known else "new"))
    return tasks, unchanged


def _defer(batch: _Batch, res: RunResult, unit, reason: str, detail: str) -> None:
    batch.counts["discovered"] += 1
    batch.counts["deferred"] += 1
    entry = {"input_path": unit.rel, "reason": reason, "detail": detail}
    batch.deferred.append(entry)
    res.deferred_inputs.append(entry)


def run(input_dir: str, output_dir: str, config: Config, *, workers: int = 0, engine: str = "local",
        address: str | None = None, full_refresh: bool = False,
        progress: Callable[[int, int], None] | None = None, stop: Callable[[], object] | None = None) -> RunResult:
    """Clean the new and changed inputs of ``input_dir`` into the corpus ``output_dir`` on ``engine``
    (``address``: a Ray cluster's, for the ray engine), drop the rows of inputs that are gone, and
    re-decide the corpus-wide steps their changes touch. ``stop()`` true ends the run early: the
    documents already finished are committed, the rest waits for the next run."""
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc)
    vers = versions()
    store = Store(output_dir)
    store.prepare()
    with store.lock():
        swept = store.sweep()
        if not full_refresh:
            check_drift(store, config, vers)
        units = discover(input_dir)
        ids = doc_ids(units)
        res = RunResult(run_id=None, files=len(units), swept=swept)
        batch = _Batch()
        index = {} if full_refresh else store.input_index()
        tasks, unchanged = _plan(units, ids, index, config, full_refresh, res, batch)
        # inputs the corpus holds rows for that are no longer in the folder: their rows go
        removed = sorted(set(index) - {u.rel for u in units})
        steps = corpus_steps(config.pipeline)
        if not full_refresh and config.pipeline["dedup"]:
            leaving = {u.rel for u, _i, _s, change in tasks if change != "new"} | set(removed)
            again = redecide(store, leaving) & set(unchanged)
            tasks = sorted(tasks + [unchanged.pop(rel) for rel in again], key=lambda t: t[0].rel)
        batch.counts["skipped_unchanged"] += len(unchanged)
        batch.counts["discovered"] += len(unchanged)
        if not tasks and not removed:
            res.counts.update(batch.counts)
            res.seconds = time.perf_counter() - t0
            res.status = "noop"
            return res

        seq = store.next_seq()
        res.run_id = f"{started.strftime('%Y%m%dT%H%M%SZ')}-{os.urandom(3).hex()}"
        RUN_ID.set(res.run_id)  # JSON log lines carry it from here on
        replaced = {u.rel for u, _i, _s, change in tasks if change != "new"} | set(removed)
        for step in steps:
            step.start(None if full_refresh else store, replaced)
        base = {"run_id": res.run_id, "pipeline_version": __version__, "versions": vers,
                "started": started.isoformat(), "input_root": input_dir, "full_refresh": full_refresh,
                "doc_ids": DOC_ID_SCHEME, "config": config.resolved, "rule_files": rule_files(),
                "config_path": config.path, "config_sha256": config.sha256}
        runinfo = {"run_id": res.run_id, "pipeline_version": __version__, "config_sha256": config.sha256}
        timings: Counter = Counter()
        shard_rows = config.pipeline["shard_rows"]
        commit_seconds = config.pipeline["commit_seconds"]
        last_commit = time.monotonic()

        def commit(b: _Batch, status: str, sidecars: dict | None = None) -> None:
            nonlocal seq, last_commit
            final = status != "running"
            res.counts.update(b.counts)
            totals = None
            if final:
                totals = {"run_counts": {k: res.counts[k] for k in COUNTS},
                          "run_rejects_by_reason": dict(sorted(res.reject_reasons.items())),
                          "stage_seconds": {k: round(v, 3) for k, v in sorted(timings.items())},
                          "respawns": eng.respawns, "commits": res.commits + 1}
            manifest = commit_record(base, seq=seq, commit=res.commits, status=status,
                                     seconds=round(time.perf_counter() - t0, 3), swept=swept, counts=b.counts,
                                     reasons=b.reasons, rules=b.rules, inputs=b.inputs, deferred=b.deferred,
                                     removed=b.removed, totals=totals)
            manifest["skipped_records"] = dict(sorted(b.skipped.items()))
            name = f"{seq:06d}-{res.run_id}"
            store.commit(name, b.staging or Staging(store.root, name, shard_rows), b.replaced, manifest,
                         shard_rows, drop_all=full_refresh and res.commits == 0, sidecars=sidecars)
            log.info("committed %s: %d written, %d rejected, %d duplicates, %d inputs removed", name,
                     b.counts["written"], b.counts["rejected"], b.counts["skipped_duplicate"], len(b.removed))
            seq += 1
            res.commits += 1
            last_commit = time.monotonic()

        def fresh() -> _Batch:
            return _Batch(Staging(store.root, f"{seq:06d}-{res.run_id}", shard_rows))

        eng = get_engine(engine, workers, address)
        work = UnitWork(config, runinfo)
        pending = fresh()
        # the first commit drops the rows of the inputs that went away, and says so
        pending.replaced.update(removed)
        pending.removed = removed
        pending.counts["removed"] = len(removed)
        res.removed_inputs = removed
        stopped = None
        total = len(tasks)
        done = 0
        begun = False  # the unit in progress came partly already (a long WARC file, in parts)
        if not tasks:
            # only removals: what they change for the inputs that stay (a near duplicate whose
            # keeper went) is known once the steps settle
            tasks = _again(steps, batch, unchanged)
            total = len(tasks)
        try:
            while tasks and not stopped:
                results = eng.map(work, [(u, i, s) for u, i, s, _k in tasks], stop=stop)
                k = 0  # the task whose results come next
                try:
                    for items, times in results:
                        unit, _id, sha, change = tasks[k]
                        if times is None:  # a part of a long unit: staged now, committed with the unit
                            _add(pending, res, unit, sha, change, items, steps, runinfo, first=not begun,
                                 minhash=work.minhash)
                            begun = True
                            if stop and stop():
                                break
                            continue
                        k += 1
                        timings.update(times)
                        deferred = next((it for it in items if isinstance(it, Deferred)), None)
                        if deferred:
                            _defer(pending, res, unit, deferred.reason, deferred.detail)
                        else:
                            _add(pending, res, unit, sha, change, items, steps, runinfo, first=not begun,
                                 minhash=work.minhash)
                        begun = False
                        done += 1
                        if progress:
                            progress(done, total)
                        if stop and stop():
                            break
                        if len(pending) >= shard_rows or (
                                len(pending) and time.monotonic() - last_commit >= commit_seconds):
                            commit(pending, "running")
                            pending = fresh()
                finally:
                    results.close()  # stops the workers now, not when the generator is collected
                stopped = stop() if stop else None
                # committed keepers that a new document displaced: processed again, as duplicates now
                tasks = [] if stopped else _again(steps, batch, unchanged)
                total += len(tasks)
            res.respawns = eng.respawns
            if stopped and begun:
                # stopped inside a long unit: its parts cannot be committed without the rest (the
                # next run would take the input for done), so this batch goes; the next run redoes it
                pending.staging.discard()
                pending = fresh()
                if not res.commits:
                    pending.replaced.update(removed)
                    pending.removed = removed
                    pending.counts["removed"] = len(removed)
            for key, v in batch.counts.items():
                pending.counts[key] += v
            pending.deferred[:0] = batch.deferred
            if stopped:
                # the documents finished so far are kept; the inputs not reached wait for the next run
                res.status = "interrupted"
            else:
                degraded = reject_ratio(res.counts + pending.counts) > config.pipeline["max_reject_ratio"]
                res.status = "degraded" if degraded else "ok"
            # the steps' indexes are saved with a run's last commit only: a commit in the middle of a
            # run holds decisions the rest of the run may still change
            commit(pending, res.status, sidecars=None if stopped else _indexes(steps))
        except BaseException:
            pending.staging.discard()  # its temp shards; committed batches stay
            raise
        res.seconds = time.perf_counter() - t0
        return res


def _indexes(steps: list) -> dict:
    """kind -> writer of the corpus-wide steps' indexes to save with the commit."""
    out = {}
    for step in steps:
        saved = step.persist() if hasattr(step, "persist") else None
        if saved:
            out[saved[0]] = saved[1]
    return out


def _again(steps: list, batch: _Batch, unchanged: dict[str, tuple]) -> list[tuple]:
    """The unchanged inputs a corpus-wide step wants processed again (their rows are replaced)."""
    for step in steps:
        step.settle()
    wanted = set().union(*(step.redo for step in steps))
    tasks = [unchanged.pop(rel) for rel in sorted(wanted) if rel in unchanged]
    again = {unit.rel for unit, *_rest in tasks}
    for step in steps:
        step.redo.clear()
        step.release(again)
    # they were counted unchanged at planning; now they are processed (and counted) again
    batch.counts["skipped_unchanged"] -= len(tasks)
    batch.counts["discovered"] -= len(tasks)
    return tasks


def _add(b: _Batch, res: RunResult, unit, sha: str, change: str, items, steps: list, runinfo: dict,
         first: bool = True, minhash: bool = True) -> None:
    """One processed unit's documents and rejects into the batch, through the corpus-wide steps (or
    a part of them: ``first`` for the unit's first part). ``change``: "new", "changed", or "again"
    (unchanged, processed again for a corpus-wide step)."""
    inp = input_fields(unit, sha)
    if first:
        b.inputs.append({k: v for k, v in inp.items() if k != "input_path_raw"} | {"change": change})
        b.counts[change] += 1
        res.changed += change == "changed"
        res.new += change == "new"
        if change != "new":
            b.replaced.add(unit.rel)
    for skipped in (it for it in items if isinstance(it, Skipped)):
        b.skipped.update(skipped.counts)
        res.skipped_records.update(skipped.counts)
    items = [it for it in items if not isinstance(it, Skipped)]
    b.counts["discovered"] += len(items)
    # engines prepare the rows where the documents were processed; one that did not, here
    items = [prepare(it, inp, runinfo, minhash) for it in items]
    docs = [it for it in items if isinstance(it, Prepared)]
    dropped = {"rejected": [it for it in items if isinstance(it, Reject)], "skipped_duplicate": []}
    for step in steps:
        docs, out = step.admit(docs, unit.rel)
        dropped[step.disposition] += out
    rejects, dups = dropped["rejected"], dropped["skipped_duplicate"]
    st = b.staging
    for doc in docs:
        for table, cols in doc.cols.items():
            st.add_columns(table, cols, doc.counts[table])
        b.rules.update(doc.rules)
        res.rules.update(doc.rules)
    st.add("rejects", [reject_row(rej, inp, runinfo) for rej in rejects + dups])
    b.docs += len(docs) + len(rejects) + len(dups)
    for rej in rejects:
        b.reasons[rej.rule] += 1
        res.reject_reasons[rej.rule] += 1
    b.counts["written"] += len(docs)
    b.counts["rejected"] += len(rejects)
    b.counts["skipped_duplicate"] += len(dups)
