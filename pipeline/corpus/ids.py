"""Document identity: a doc_id per input unit, and one row per doc_id in the corpus."""
from __future__ import annotations

from collections import Counter

from ..document import Document, Reject
from ..sources import stem_id


def doc_ids(units) -> list[str]:
    """doc_id per unit: the path without type suffixes, or the whole path where two files share it."""
    stems = [stem_id(u.rel) for u in units]
    counts = Counter(stems)
    return [s if counts[s] == 1 else u.rel for s, u in zip(stems, units)]


def unique_ids(docs: list[tuple[Document, str]], taken: dict[str, str]) -> tuple[list, list[Reject]]:
    """Keep the first document of each doc_id; ``docs`` pairs each document with its input path and
    ``taken`` maps the corpus's doc_ids to theirs. A JSONL record id, or a path stem, that another
    input already uses would give the corpus two rows (and mixed edits) under one doc_id."""
    kept: list = []
    dropped: list[Reject] = []
    for doc, path in docs:
        owner = taken.get(doc.doc_id)
        if owner is not None and owner != path:
            dropped.append(Reject(doc_id=doc.doc_id, source=doc.source, stage="dedup", rule="dedup.doc_id",
                                  reason="Another input already has a document with this doc_id.",
                                  detail=f"doc_id {doc.doc_id!r} is taken by {owner}", text=doc.text,
                                  source_sha256=doc.source_sha256, content_type=doc.content_type))
            continue
        taken[doc.doc_id] = path
        kept.append(doc)
    return kept, dropped
