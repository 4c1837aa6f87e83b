"""The embedded default: a local process pool (or the calling process for one worker)."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator, Sequence

from ..config import Config
from ..runner import process_unit
from ..sources import Unit

# The one piece of module state, and only in pool workers: the stages a worker builds once in the
# pool initializer (loading langdetect profiles and compiling rules per task would cost more
# than the work). The parent process never writes it.
_WORKER: dict = {}


def _init(config: Config) -> None:
    _WORKER["stages"] = config.build_stages()
    _WORKER["limits"] = config.limits


def _work(task: tuple[Unit, str, str]):
    unit, doc_id, sha = task
    return process_unit(unit, doc_id, sha, _WORKER["stages"], _WORKER["limits"])


class LocalEngine:
    def __init__(self, workers: int = 0):
        self.workers = workers if workers > 0 else (os.cpu_count() or 1)

    def map(self, config: Config, tasks: Sequence[tuple[Unit, str, str]]) -> Iterator:
        """Results in the order of ``tasks``, whatever the worker count (output is byte-identical)."""
        if self.workers == 1 or len(tasks) <= 1:
            stages, limits = config.build_stages(), config.limits
            for unit, doc_id, sha in tasks:
                yield process_unit(unit, doc_id, sha, stages, limits)
            return
        # Small chunks keep the progress bar moving and the workers balanced; pages vary 100x in cost.
        chunk = max(1, min(16, len(tasks) // (self.workers * 8)))
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_init, initargs=(config,)) as pool:
            yield from pool.map(_work, tasks, chunksize=chunk)
