"""The per-document work: one pure fold of the stages over a document. Engines only decide where
it runs. A stage's exception becomes a reject naming that stage, never a crashed run."""
from __future__ import annotations

import logging
import os
import time
from typing import Callable, Iterator, Sequence

from .document import Document, Reject
from .sources import Deferred, Limits, Unit, load
from .stages import Stage

log = logging.getLogger(__name__)

# Rejects the sandbox gives a document whose worker hung, died or ran out of memory.
SANDBOX_REASONS = {
    "extraction_timeout": "Processing the document took longer than limits.doc_timeout_seconds; the worker "
                          "was killed.",
    "extraction_crashed": "The worker processing the document died or ran out of memory "
                          "(limits.worker_memory_bytes).",
}


class OutOfMemory(Exception):
    """A stage hit the worker's memory limit: the document is rejected and the worker replaced."""


def process(doc: Document, stages: Sequence[Stage], timings: dict[str, float] | None = None,
            observe: Callable[[Stage, Document, Document | None], None] | None = None) -> Document:
    """Run ``stages`` in order on ``doc``; stops at the first stage that drops it. ``observe(stage,
    before, after)`` is told of each stage reached (``after`` None when it does not apply)."""
    for stage in stages:
        if doc.dropped:
            break
        if not stage.applies(doc):
            if observe is not None:
                observe(stage, doc, None)
            continue
        before = doc
        t0 = time.perf_counter()
        try:
            doc = stage(doc)
        except MemoryError:
            raise OutOfMemory(stage.name) from None  # the process may be unusable now: let it be replaced
        except Exception as exc:  # one bad document must not stop the run
            log.debug("stage %s failed on %s", stage.name, doc.doc_id, exc_info=True)
            doc = doc.drop_with(stage.name, f"{stage.name}.error",
                                f"The {stage.name} stage raised {type(exc).__name__}.", f"{exc}"[:2000])
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t0
        if observe is not None:
            observe(stage, before, doc)
    return doc


def to_reject(doc: Document) -> Reject:
    d = doc.drop
    assert d is not None
    return Reject(doc_id=doc.doc_id, source=doc.source, stage=d.stage, rule=d.rule, reason=d.reason,
                  detail=d.detail, text=doc.text, source_sha256=doc.source_sha256, content_type=doc.content_type)


def sandbox_reject(item: Document | Unit, doc_id: str, rule: str, detail: str) -> Reject:
    """The reject for a document (or, if it died while reading, a whole unit) the sandbox cut off."""
    if isinstance(item, Document):
        return Reject(doc_id=item.doc_id, source=item.source, stage="runner", rule=rule,
                      reason=SANDBOX_REASONS[rule], detail=detail, source_sha256=item.source_sha256,
                      content_type=item.content_type)
    return Reject(doc_id=doc_id, source=item.rel, stage="runner", rule=rule, reason=SANDBOX_REASONS[rule],
                  detail=f"while reading the input: {detail}", content_type=item.kind)


def _test_hook(doc: Document) -> None:
    """PIPELINE_EXTRACT_HOOK=<sleep|exit|oom>[:<doc_id part>] and PIPELINE_EXTRACT_COUNT=<file>:
    fault injection and a call counter, set only by the reliability tests."""
    count = os.environ.get("PIPELINE_EXTRACT_COUNT")
    if count:
        fd = os.open(count, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, f"{doc.doc_id}\n".encode("utf-8", "backslashreplace"))
        os.close(fd)
    hook = os.environ.get("PIPELINE_EXTRACT_HOOK")
    if not hook:
        return
    action, _, target = hook.partition(":")
    if target and target not in doc.doc_id:
        return
    if action == "sleep":
        time.sleep(60)  # blocks in C: only a process-based timeout can cut it off
    elif action == "exit":
        os._exit(1)
    elif action == "oom":
        try:
            hog = bytearray(1 << 40)  # past the worker's RLIMIT_AS: the allocation fails
        except MemoryError:
            raise OutOfMemory("extract") from None
        del hog


def unit_items(unit: Unit, doc_id: str, sha: str, stages: Sequence[Stage], limits: Limits,
               start: int = 0, failed: dict[int, tuple[str, str]] | None = None,
               timings: dict[str, float] | None = None) -> Iterator[tuple[int, object, bool]]:
    """(index, result, last) for each document of one unit, from ``start`` on: a Document, a
    Reject, or a Deferred (the whole unit waits for the next run); ``last`` is true for the unit's
    final one. ``failed`` names documents an earlier worker died on: they become sandbox rejects
    instead of being tried again."""
    t0 = time.perf_counter()
    if os.environ.get("PIPELINE_VANISH_HOOK") == unit.rel:  # test-only: the file goes between listing and open
        os.unlink(unit.path)
    items = load(unit, doc_id, limits, sha)
    if timings is not None:
        timings["sources"] = timings.get("sources", 0.0) + time.perf_counter() - t0
    last = len(items) - 1
    for i, item in enumerate(items):
        if i < start:
            continue
        if failed and i in failed:
            yield i, sandbox_reject(item, doc_id, *failed[i]), i == last
        elif isinstance(item, Document):
            _test_hook(item)
            doc = process(item, stages, timings)
            yield i, to_reject(doc) if doc.dropped else doc, i == last
        else:
            yield i, item, i == last


def process_unit(unit: Unit, doc_id: str, sha: str, stages: Sequence[Stage], limits: Limits,
                 ) -> tuple[list[Document | Reject | Deferred], dict[str, float]]:
    """Load one input unit and run the stages on each document it yields (in this process)."""
    timings: dict[str, float] = {}
    out = [item for _i, item, _last in unit_items(unit, doc_id, sha, stages, limits, timings=timings)]
    return out, timings
