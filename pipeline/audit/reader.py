"""Reading a committed corpus back for auditing: documents with their edits, and the text at any
stage boundary, reconstructed from the edit log (nothing is re-run)."""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..edits import replay, undo
from ..sink import Store

INPUT, CLEAN = "input", "clean"


class AuditError(ValueError):
    """The corpus cannot answer the question (no corpus, unknown stage, broken audit)."""


@dataclass
class Corpus:
    root: str
    manifest: dict
    documents: list[dict]
    rejects: list[dict]
    edits: dict[str, list[dict]] = field(default_factory=dict)       # doc_id -> edits in seq order
    meta_edits: dict[str, list[dict]] = field(default_factory=dict)  # doc_id -> meta edits

    @property
    def stages(self) -> list[str]:
        """The stage order the corpus was built with (from the manifest's config)."""
        return list(self.manifest.get("config", {}).get("pipeline", {}).get("stages", []))


def open_store(root: str) -> Store:
    store = Store(root)
    latest = store.latest()
    if not latest:
        raise AuditError(f"{root} holds no committed corpus; run 'pipeline run --output {root}' first")
    missing = [f"{t}/{n}" for t, names in sorted(latest.get("files", {}).items()) for n in names
               if not os.path.exists(os.path.join(store.table_dir(t), n))]
    if missing:
        raise AuditError(f"{root}: the latest manifest _runs/{latest.get('run_id')}.json names "
                         f"{len(missing)} missing shard(s), e.g. {missing[0]}, so the corpus is incomplete; "
                         "rebuild it with 'pipeline run' into an empty --output folder")
    return store


def load(root: str, *, text: bool = True, doc_ids: set[str] | None = None) -> Corpus:
    """Read the live corpus of ``root``; ``text=False`` leaves the large text columns out."""
    store = open_store(root)
    doc_cols = None if text else [f.name for f in store.read("documents").schema if f.name != "text"]
    docs = store.read("documents", doc_cols).to_pylist()
    rejects = store.read("rejects").to_pylist()
    edit_cols = None if text else ["doc_id", "seq", "stage", "rule", "start", "end", "before", "after"]
    edits = _group(store.read("edits", edit_cols).to_pylist(), doc_ids)
    metas = _group(store.read("meta_edits").to_pylist(), doc_ids)
    if doc_ids is not None:
        docs = [d for d in docs if d["doc_id"] in doc_ids]
        rejects = [r for r in rejects if r["doc_id"] in doc_ids]
    docs.sort(key=lambda d: d["doc_id"])
    rejects.sort(key=lambda r: r["doc_id"])
    return Corpus(root, store.latest() or {}, docs, rejects, edits, metas)


def load_or_explain(root: str, log) -> Corpus | None:
    """``load`` for the CLI: None (after logging what to do) when there is no corpus to read."""
    try:
        return load(root)
    except AuditError as exc:
        log.error("%s", exc)
        return None


def _group(rows: list[dict], keep: set[str] | None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if keep is None or r["doc_id"] in keep:
            out[r["doc_id"]].append(r)
    for v in out.values():
        v.sort(key=lambda r: r["seq"])
    return dict(out)


def base_text(doc: dict, edits: Sequence[dict]) -> str:
    """The text the stages started from (the input, or for HTML the page's visible text)."""
    return undo(doc["text"], edits)


# Rules that record extraction itself (pipeline/stages/extract/align.py), besides extract.dom_*.
_EXTRACTION = ("extract.boilerplate", "extract.inline", "extract.reformat")


def base_kind(doc: dict, edits: Sequence[dict]) -> str:
    """What a document's base text is: ``input`` (a text input as decoded), ``page`` (an HTML page's
    visible text: what extraction removed is among the edits) or ``extracted`` (an HTML document of
    a corpus written before extraction became edits: the base is the extractor's output).

    Told from the edit log, which needs no extra column: a page text always differs from the
    extracted text by extraction edits, and when the two are equal the base is both at once."""
    if doc.get("content_type") != "html":
        return "input"
    for e in edits:
        if e["rule"] in _EXTRACTION or e["rule"].startswith("extract.dom_"):
            return "page"
    return "extracted"


BASE_NAMES = {"input": "the input as decoded", "page": "the page's visible text",
              "extracted": "the extractor's output (no extraction edits: a corpus written before they existed)"}


def resolve_id(wanted: str, ids: Sequence[str]) -> tuple[str | None, list[str]]:
    """``wanted`` as a doc_id: itself when it is one, else the one doc_id it starts; returns
    (doc_id or None, the doc_ids it could mean when it is not unique)."""
    if wanted in ids:
        return wanted, []
    found = sorted({i for i in ids if i.startswith(wanted)})  # a set: a reject may share a document's id
    return (found[0], []) if len(found) == 1 else (None, found)


def point_index(point: str, stages: Sequence[str], *, end: bool) -> int:
    """A pipeline point as a stage position: ``input`` is 0, ``clean`` is past the last stage.

    A stage name means the text *before* that stage when it is the start of a comparison, and the
    text *after* it when it is the end, so ``--from debris --to debris`` isolates the debris stage.
    """
    if point == INPUT:
        return 0
    if point == CLEAN:
        return len(stages)
    if point not in stages:
        raise AuditError(f"unknown pipeline point {point!r}; choose input, clean or a stage: "
                         + ", ".join(stages))
    return stages.index(point) + (1 if end else 0)


def stages_between(stages: Sequence[str], start: str, stop: str) -> list[str]:
    """The stages whose changes lead from point ``start`` to point ``stop``."""
    lo = point_index(start, stages, end=False)
    hi = point_index(stop, stages, end=True)
    if lo > hi:
        raise AuditError(f"--from {start} comes after --to {stop} in the stage order: {', '.join(stages)}")
    return list(stages[lo:hi])


def between(base: str, edits: Sequence[dict], stages: Sequence[str], start: str, stop: str
            ) -> tuple[str, list[dict]]:
    """The text at point ``start`` and the edits that lead from it to point ``stop``."""
    stages_between(stages, start, stop)  # validates the points
    lo, hi = point_index(start, stages, end=False), point_index(stop, stages, end=True)
    rank = {s: i for i, s in enumerate(stages)}
    before = [e for e in edits if rank.get(e["stage"], len(stages)) < lo]
    inside = [e for e in edits if lo <= rank.get(e["stage"], len(stages)) < hi]
    return replay(base, before), inside
