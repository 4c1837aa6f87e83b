"""Document identity: a doc_id per input unit, and one row per doc_id in the corpus."""
from __future__ import annotations

from collections import Counter

from ..document import Document, Reject
from ..sources import stem_id

# How doc ids are made, recorded in every manifest: 2 scopes a JSONL record's own id by its file
# ("shard-1.jsonl/r1"); a corpus built under 1 (the bare record id) is rebuilt with --full-refresh.
DOC_ID_SCHEME = 2


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


class UniqueIds:
    """One row per doc_id: a document whose id another input already holds is a reject
    (``dedup.doc_id``)."""

    name = "dedup.doc_id"
    disposition = "rejected"

    def start(self, store, replaced: set[str]) -> None:
        self.redo: set[str] = set()  # never asks for an input to be processed again
        self.owners = {} if store is None else {
            r["doc_id"]: r["input_path"] for r in store.read("documents", ["doc_id", "input_path"]).to_pylist()
            if r["input_path"] not in replaced}

    def release(self, inputs: set[str]) -> None:
        self.owners = {doc_id: path for doc_id, path in self.owners.items() if path not in inputs}

    def settle(self) -> None:
        pass

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        return unique_ids([(doc, input_path) for doc in docs], self.owners)
