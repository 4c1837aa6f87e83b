"""Corpus-wide steps that need more than one document: unique doc_ids, exact dedup on the clean text's hash."""
from __future__ import annotations

from .document import Document, Reject
from .edits import sha256_text


def dedup_exact(docs: list, seen: dict[str, str]) -> tuple[list, list[Reject]]:
    """Keep the first document of each clean text (in input order); ``seen`` holds the corpus's
    existing text hashes and is extended with the kept ones. ``docs`` are Documents, or Prepared
    rows that carry their ``text_sha256``."""
    kept: list = []
    dropped: list[Reject] = []
    for doc in docs:
        h = getattr(doc, "text_sha256", None) or sha256_text(doc.text)
        if h in seen:
            dropped.append(Reject(doc_id=doc.doc_id, source=doc.source, stage="dedup", rule="dedup.exact",
                                  reason="The clean text is identical to a document already in the corpus.",
                                  detail=f"duplicate of {seen[h]}", text=doc.text,
                                  source_sha256=doc.source_sha256, content_type=doc.content_type))
            continue
        seen[h] = doc.doc_id
        kept.append(doc)
    return kept, dropped


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
