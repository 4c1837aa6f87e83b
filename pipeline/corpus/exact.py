"""Exact dedup: one document per clean text, by the text's hash."""
from __future__ import annotations

from ..document import Reject
from ..edits import sha256_text


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


class ExactDedup:
    """Drops a document whose clean text the corpus already holds (``dedup.exact``)."""

    name = "dedup.exact"
    disposition = "skipped_duplicate"

    def start(self, store, replaced: set[str]) -> None:
        self.seen = store.text_index(exclude_inputs=replaced) if store is not None else {}

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        return dedup_exact(docs, self.seen)
