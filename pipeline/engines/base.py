"""The engine contract: what an engine is given, what it returns, and the sandbox every engine runs
documents in.

An engine decides only *where* the per-document work runs. The driver hands it a ``Work`` (the
stages and the run's columns, built once by the driver; picklable, so it can travel to another
process or node) and the tasks (one per input unit, in the driver's order); the engine yields one
``(items, timings)`` per task, in task order, whatever the worker count or node layout, so the
corpus is byte-identical across engines. ``items`` are what ``Work.items`` produced for the unit:
its documents' table rows, rejects, or one ``Deferred``.

The sandbox is the same for every engine: a document that runs past ``Limits.doc_timeout_seconds``,
exhausts ``Limits.worker_memory_bytes`` or kills its worker becomes a named reject
(``process.SANDBOX_REASONS``), and its unit goes on from the next document (``start``/``failed``
of ``Work.items``). Engines import neither the driver nor the sink.
"""
from __future__ import annotations

from typing import Callable, Iterator, Protocol, Sequence

from ..sources import Limits, Unit

# One input unit: (unit, doc_id, source sha256)
Task = tuple[Unit, str, str]
# What an engine yields per task: the unit's results and the seconds spent per stage
Result = tuple[list, dict[str, float]]


class Work(Protocol):
    """The per-unit work an engine runs (``driver.work.UnitWork``)."""

    limits: Limits

    def warm_up(self, kinds: set[str]) -> None:
        """Load what the stages for inputs of ``kinds`` load on first use (before forking)."""

    def items(self, task: Task, start: int = 0, failed: dict[int, tuple[str, str]] | None = None,
              timings: dict[str, float] | None = None) -> Iterator[tuple[int, object, bool]]:
        """(index, result, last) for the unit's documents from ``start``; the documents named in
        ``failed`` (index -> (rule, detail)) become sandbox rejects without being run again."""

    def unit_failed(self, task: Task, rule: str, detail: str) -> object:
        """The result for a unit whose reading itself kills the worker."""


class Engine(Protocol):
    respawns: int   # workers replaced after a timeout, crash or memory limit (for the manifest)

    def map(self, work: Work, tasks: Sequence[Task],
            stop: Callable[[], object] | None = None) -> Iterator[Result]:
        """One ``Result`` per task in task order; returns early once ``stop()`` is true."""
