"""Exact dedup: one document per clean text, by the text's hash.

Policy (order-independent, so that a corpus built run by run equals a fresh --full-refresh over the
same folder): of the documents with one clean text, the corpus keeps the first in input order (the
input paths sorted, then a JSONL file's records by line); the others are ``dedup.exact`` rejects
naming it. Whenever a group's membership changes the group is decided again:

- a new or changed input's document that comes before the group's keeper takes its place, and the
  old keeper's input is processed again in the same run (it then comes out as a duplicate);
- when the keeper's input changes or goes away, the group's duplicates are processed again in the
  run (``redecide`` names them at planning), and the first of them becomes the keeper;
- a committed corpus that somehow holds two documents with one text (an interrupted run between
  the two steps above) is repaired the same way on the next run.
"""
from __future__ import annotations

from ..document import Reject
from ..edits import sha256_text

RULE = "dedup.exact"
NEAR = "dedup.near"


def order_key(input_path: str, source: str) -> tuple[str, int]:
    """Where a document stands in input order: its input path, then its line for a JSONL record
    (``source`` is ``file.jsonl:LINE`` for records, the input path for a file)."""
    if source.startswith(input_path + ":"):
        line = source[len(input_path) + 1:]
        if line.isdigit():
            return input_path, int(line)
    return input_path, 0


def _detail(keeper_id: str) -> str:
    return f"duplicate of {keeper_id}"


def _reject(doc, keeper_id: str) -> Reject:
    return Reject(doc_id=doc.doc_id, source=doc.source, stage="dedup", rule=RULE,
                  reason="The clean text is identical to a document already in the corpus.",
                  detail=_detail(keeper_id), text=doc.text,
                  source_sha256=doc.source_sha256, content_type=doc.content_type)


def _rejected(store, leaving: set[str]):
    """(text hash, input path, source, detail) of the committed duplicates outside ``leaving``."""
    for r in store.read("rejects", ["rule", "text", "input_path", "source", "detail"]).to_pylist():
        if r["rule"] == RULE and r["input_path"] not in leaving:
            yield sha256_text(r["text"] or ""), r["input_path"], r["source"], r["detail"]


def _keepers(store, leaving: set[str]):
    """(text hash, doc_id, input path, source) of the committed keepers outside ``leaving``: the
    documents, and the near duplicates (near dedup runs after this step, over its keepers only, so
    a ``dedup.near`` reject kept its text's place here)."""
    for r in store.read("documents", ["doc_id", "text_sha256", "input_path", "source"]).to_pylist():
        if r["input_path"] not in leaving:
            yield r["text_sha256"], r["doc_id"], r["input_path"], r["source"]
    for r in store.read("rejects", ["doc_id", "rule", "text", "input_path", "source"]).to_pylist():
        if r["rule"] == NEAR and r["input_path"] not in leaving:
            yield sha256_text(r["text"] or ""), r["doc_id"], r["input_path"], r["source"]


def redecide(store, leaving: set[str]) -> set[str]:
    """The inputs to process again so that every duplicate group's keeper is its first member in
    input order and every duplicate names it, given the committed corpus and the inputs that change
    or go away in this run (``leaving``, whose rows are replaced or removed anyway)."""
    groups: dict[str, list[tuple[tuple[str, int], bool, str, str]]] = {}
    for h, doc_id, path, source in _keepers(store, leaving):
        groups.setdefault(h, []).append((order_key(path, source), True, path, doc_id))
    for h, path, source, detail in _rejected(store, leaving):
        groups.setdefault(h, []).append((order_key(path, source), False, path, detail or ""))
    redo: set[str] = set()
    for members in groups.values():
        members.sort()
        if not members[0][1]:
            # the keeper went away: the first duplicate becomes the document, and every other
            # duplicate names it, so the whole group is decided again
            redo.update(path for _key, _kept, path, _said in members)
        else:
            # later keepers must be duplicates, and every duplicate must name the first (a run that
            # stopped before processing a displaced keeper's duplicates again left them naming it)
            named = _detail(members[0][3])
            redo.update(path for _key, kept, path, said in members[1:] if kept or said != named)
    return redo


class ExactDedup:
    """The corpus-wide step: drops a document whose clean text the corpus keeps already
    (``dedup.exact``), and names the committed keepers a new document displaces (``redo``)."""

    name = RULE
    disposition = "skipped_duplicate"

    def start(self, store, replaced: set[str]) -> None:
        # text hash -> (order key, doc_id, committed before this run)
        self.seen: dict[str, tuple[tuple[str, int], str, bool]] = {}
        self.redo: set[str] = set()
        self.rejected: dict[str, set[str]] = {}  # text hash -> inputs of its committed duplicates
        if store is None:
            return
        for h, path, _source, _detail in _rejected(store, replaced):
            self.rejected.setdefault(h, set()).add(path)
        for h, doc_id, path, source in _keepers(store, replaced):
            key = order_key(path, source)
            if h not in self.seen or key < self.seen[h][0]:
                self.seen[h] = (key, doc_id, True)

    def release(self, inputs: set[str]) -> None:
        """Forget the committed documents of ``inputs``: they are about to be processed again."""
        self.seen = {h: held for h, held in self.seen.items() if not (held[2] and held[0][0] in inputs)}
        for paths in self.rejected.values():
            paths -= inputs

    def settle(self) -> None:
        pass  # decides each document as it comes

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        kept: list = []
        dropped: list[Reject] = []
        for doc in docs:
            h = getattr(doc, "text_sha256", None) or sha256_text(doc.text)
            key = order_key(input_path, doc.source)
            held = self.seen.get(h)
            if held is not None and held[0] <= key:
                dropped.append(_reject(doc, held[1]))
                continue
            if held is not None and held[2]:
                # a committed keeper that comes later in input order: it becomes a duplicate, and its
                # group's duplicates name the new keeper, when their inputs are processed again (the
                # driver does so in this run)
                self.redo.add(held[0][0])
                self.redo.update(self.rejected.pop(h, ()))
            self.seen[h] = (key, doc.doc_id, False)
            kept.append(doc)
        return kept, dropped
