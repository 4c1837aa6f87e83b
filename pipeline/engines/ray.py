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

log = logging.getLogger(__name__)

# Each row carries its task's position so results come back in task order whatever order the
# cluster finishes them in: output is identical whatever the worker count or node layout.
_IDX, _TASK, _RESULT = "idx", "task", "result"


class _Worker:
    """One Ray actor: receives the work once (its stages load their resources on first use), then
    runs it on each row of a batch."""

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

    def __call__(self, batch):
        import pyarrow as pa

        out = []
        for blob in batch.column(_TASK).to_pylist():
            timings: dict[str, float] = {}
            items = [item for _i, item, _last in self.work.items(pickle.loads(blob), timings=timings)]
            out.append(pickle.dumps((items, timings), protocol=pickle.HIGHEST_PROTOCOL))
        return pa.table({_IDX: batch.column(_IDX), _RESULT: pa.array(out, pa.large_binary())})


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
        # Ray restarts failed actors itself; the run manifest's respawn count is the local pool's.
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
            for result in _in_order(ds.iter_batches(batch_size=None, batch_format="pyarrow"), len(tasks)):
                yield result
                if stop and stop():
                    return
        finally:
            ray.shutdown()


def _in_order(batches, total: int) -> Iterator:
    """Yield unpickled results by ``idx`` from batches arriving in any order."""
    pending: dict[int, bytes] = {}
    nxt = 0
    for b in batches:
        for i, blob in zip(b.column(_IDX).to_pylist(), b.column(_RESULT).to_pylist()):
            pending[i] = blob
        while nxt in pending:
            yield pickle.loads(pending.pop(nxt))
            nxt += 1
    if nxt != total:
        raise RuntimeError(f"the Ray engine returned {nxt} of {total} results (missing task {nxt}); "
                           "nothing was committed: rerun, and check the Ray worker logs")
