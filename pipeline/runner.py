"""The per-document work: one pure fold of the stages over a document. Engines only decide where
it runs. A stage's exception becomes a reject naming that stage, never a crashed run."""
from __future__ import annotations

import logging
import time
from typing import Sequence

from .document import Document, Reject
from .sources import Limits, Unit, load
from .stages import Stage

log = logging.getLogger(__name__)


def process(doc: Document, stages: Sequence[Stage], timings: dict[str, float] | None = None) -> Document:
    """Run ``stages`` in order on ``doc``; stops at the first stage that drops it."""
    for stage in stages:
        if doc.dropped:
            break
        if not stage.applies(doc):
            continue
        t0 = time.perf_counter()
        try:
            doc = stage(doc)
        except Exception as exc:  # one bad document must not stop the run
            log.debug("stage %s failed on %s", stage.name, doc.doc_id, exc_info=True)
            doc = doc.drop_with(stage.name, f"{stage.name}.error",
                                f"The {stage.name} stage raised {type(exc).__name__}.", f"{exc}"[:2000])
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t0
    return doc


def to_reject(doc: Document) -> Reject:
    d = doc.drop
    assert d is not None
    return Reject(doc_id=doc.doc_id, source=doc.source, stage=d.stage, rule=d.rule, reason=d.reason,
                  detail=d.detail, text=doc.text, source_sha256=doc.source_sha256, content_type=doc.content_type)


def process_unit(unit: Unit, doc_id: str, sha: str, stages: Sequence[Stage], limits: Limits,
                 ) -> tuple[list[Document | Reject], dict[str, float]]:
    """Load one input unit and run the stages on each document it yields."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    items = load(unit, doc_id, limits, sha)
    timings["sources"] = time.perf_counter() - t0
    out: list[Document | Reject] = []
    for item in items:
        if isinstance(item, Document):
            doc = process(item, stages, timings)
            out.append(to_reject(doc) if doc.dropped else doc)
        else:
            out.append(item)
    return out, timings
