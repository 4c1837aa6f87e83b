"""Ray Data engine: the same per-unit work (``engines.base.Work``) on a Ray cluster.

Only the work moves: the driver (the ``pipeline run`` process) discovers the inputs, holds the
output lock, deduplicates and commits through the same sink as the local engine, so the corpus is
byte-for-byte the one the local engine writes. Workers read the inputs by the paths the driver
discovered (shared storage on a real cluster, see docs/distributed.md) and never write output.

Why Ray Data ``map_batches`` with a callable class (an actor pool) rather than bare Ray tasks:
each actor builds the stages once (langdetect profiles, compiled rule sets), as the local engine's
pool initializer does, and Ray Data streams batches through the pool with backpressure, so the
driver never holds more in-flight work than the pool can take. Bare tasks would rebuild the stages
per task or need a hand-written actor pool and scheduler, which is what Ray Data already is.

``ray`` is an optional extra (``pip install 'pipeline[ray]'``) imported only when this engine is
chosen.
"""
from __future__ import annotations

import logging
import os
import pickle
from typing import Callable, Iterator, Sequence

from ..versions import versions
from .base import Task, Work
from .local import LocalEngine

log = logging.getLogger(__name__)

# Each row carries its task's position (and its part's, for a long task that comes in parts) so
# results come back in task order whatever order the cluster finishes them in: output is identical
# whatever the worker count or node layout.
_IDX, _PART, _LAST, _TASK, _RESULT, _RESPAWNS = "idx", "part", "last", "task", "result", "respawns"


class _Worker:
    """One Ray actor: receives the work once (its stages load their resources on first use), then
    runs each batch in the local engine's sandbox: a one-worker ``LocalEngine`` forked from the
    actor, so a document that hangs, exhausts its memory or kills its process becomes the local
    engine's named reject (extraction_timeout / extraction_crashed), its unit goes on from the next
    document, and the actor itself never stalls or dies on a page."""

    def __init__(self, work: Work, driver_versions: dict[str, str]):
        # The manifest records the driver's library versions; a node with other versions would
        # write a corpus the manifest misdescribes, so it refuses to work (nothing is committed).
        here = versions()
        wrong = [f"{k} {here.get(k)} (driver {v})" for k, v in sorted(driver_versions.items()) if here.get(k) != v]
        if wrong:
            import socket

            raise RuntimeError(f"Ray node {socket.gethostname()} has other library versions than the driver: "
                               f"{', '.join(wrong)}. Install the same pipeline build on every node")
        self.work = work
        # one sandboxed worker, forked on the first batch and kept for the next ones
        self.sandbox = LocalEngine(1, keep=True)

    def __call__(self, batch):
        """The batch's results as they come: a generator (Ray Data takes each yielded table as an
        output block), so a long task (a WARC file) leaves in parts of ``LocalEngine.PART``
        documents instead of one list holding the whole file. Small tasks' results are gathered
        into one table up to that many items: one block per task cost Ray Data's per-block
        overhead on every single-page unit."""
        import gc

        tasks = [pickle.loads(blob) for blob in batch.column(_TASK).to_pylist()]
        idx = batch.column(_IDX).to_pylist()
        rows: list[tuple[int, int, bool, bytes]] = []
        held = 0  # items in ``rows``
        respawned = self.sandbox.respawns
        k, part = 0, 0  # the task whose results come next, and its next part
        try:
            for items, timings in self.sandbox.map(self.work, tasks):
                last = timings is not None  # the task's end (a long one comes in parts before it)
                rows.append((idx[k], part, last, pickle.dumps((items, timings), protocol=pickle.HIGHEST_PROTOCOL)))
                held += len(items)
                k, part = (k + 1, 0) if last else (k, part + 1)
                if held >= LocalEngine.PART:
                    yield self._table(rows, respawned)
                    respawned, rows, held = self.sandbox.respawns, [], 0
            if rows:
                yield self._table(rows, respawned)
        finally:
            # LocalEngine.map froze the actor's objects when it forked; this batch's must stay collectable
            gc.unfreeze()

    def _table(self, rows: list[tuple[int, int, bool, bytes]], respawned: int):
        """One output block; the sandbox workers replaced since ``respawned`` are counted on its
        first row (the driver sums them)."""
        import pyarrow as pa

        idx, part, last, blobs = zip(*rows)
        respawns = [self.sandbox.respawns - respawned] + [0] * (len(rows) - 1)
        return pa.table({_IDX: pa.array(idx, pa.int64()), _PART: pa.array(part, pa.int64()),
                         _LAST: pa.array(last, pa.bool_()), _RESULT: pa.array(blobs, pa.large_binary()),
                         _RESPAWNS: pa.array(respawns, pa.int64())})


def missing() -> str | None:
    """Why the Ray engine cannot run here (Ray Data not installed), or None; the CLI checks this
    before taking the output lock."""
    try:
        import ray.data  # noqa: F401  (ray without the data extra lacks it)
    except ImportError as exc:
        return (f"--engine ray needs Ray Data, which cannot be imported ({exc}). Install it with: "
                ".venv/bin/pip install -e '.[ray]'")
    return None


def _import_ray():
    # Ray reports usage to its authors unless told not to; a corpus build must not phone home.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    import ray
    return ray


class RayEngine:
    """``workers`` actors (0: one per CPU of the cluster); ``address`` an existing cluster's address
    (None starts a local cluster for this run)."""

    def __init__(self, workers: int = 0, address: str | None = None):
        self.workers = workers
        self.address = address or None
        # sandbox workers replaced inside the actors after a timeout, crash or memory limit
        self.respawns = 0

    def _connect(self, ray) -> None:
        if self.address:
            ray.init(address=self.address, logging_level=logging.WARNING, log_to_driver=True)
        else:
            # "local" forces a fresh cluster owned by this run (plain ray.init() would attach to any
            # cluster `ray start` left on the machine); it stops when the run disconnects.
            cpus = self.workers if self.workers > 0 else (os.cpu_count() or 1)
            ray.init(address="local", num_cpus=cpus, include_dashboard=False,
                     logging_level=logging.WARNING, log_to_driver=True)

    def map(self, work: Work, tasks: Sequence[Task], stop: Callable[[], object] | None = None) -> Iterator:
        """Results in the order of ``tasks``, as ``(items, timings)`` per task like the local engine;
        stops early (and disconnects, which ends a self-started cluster) once ``stop()`` is true."""
        if not tasks:
            return
        ray = _import_ray()
        import pyarrow as pa

        self._connect(ray)
        try:
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False  # the CLI has its own progress bar
            logging.getLogger("ray.data").setLevel(logging.WARNING)  # per-dataset INFO chatter
            cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            if self.workers > cpus:
                # An actor pool larger than the cluster's CPUs would wait for them forever.
                log.warning("--workers %d is more than the Ray cluster's %d CPUs; using %d", self.workers, cpus, cpus)
            workers = min(self.workers, cpus) if self.workers > 0 else cpus
            # Same batching as the local engine: small batches keep actors balanced (pages vary
            # 100x in cost), at most 16 units so one slow page does not hold back many results.
            batch = max(1, min(16, len(tasks) // (workers * 8)))
            # One block per batch, built here: no repartition step, whose tasks would wait forever
            # for CPUs the actor pool holds on a small cluster.
            blocks = [pa.table({_IDX: pa.array(range(i, min(i + batch, len(tasks))), pa.int64()),
                                _TASK: pa.array([pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL)
                                                 for t in tasks[i:i + batch]], pa.large_binary())})
                      for i in range(0, len(tasks), batch)]
            ds = ray.data.from_arrow(blocks).map_batches(
                _Worker, fn_constructor_args=(work, versions()), batch_size=batch, batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1, zero_copy_batch=True)
            for result in _in_order(ds.iter_batches(batch_size=None, batch_format="pyarrow"), len(tasks), self):
                yield result
                if stop and stop():
                    return
        finally:
            ray.shutdown()


def _in_order(batches, total: int, engine: RayEngine) -> Iterator:
    """Yield unpickled results by (task, part) from batches arriving in any order, adding their
    sandbox respawns to ``engine.respawns``. Only what arrives ahead of the next result is held:
    the parts of the task in progress go on at once, as the local engine hands them on."""
    pending: dict[tuple[int, int], tuple[bool, bytes]] = {}
    nxt, part = 0, 0
    for b in batches:
        engine.respawns += sum(b.column(_RESPAWNS).to_pylist())
        for i, p, last, blob in zip(b.column(_IDX).to_pylist(), b.column(_PART).to_pylist(),
                                    b.column(_LAST).to_pylist(), b.column(_RESULT).to_pylist()):
            pending[i, p] = last, blob
        while (nxt, part) in pending:
            last, blob = pending.pop((nxt, part))
            yield pickle.loads(blob)
            nxt, part = (nxt + 1, 0) if last else (nxt, part + 1)
    if nxt != total:
        raise RuntimeError(f"the Ray engine returned {nxt} of {total} results (missing task {nxt}); "
                           "nothing was committed: rerun, and check the Ray worker logs")
