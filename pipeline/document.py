"""The data that flows between stages: Document, its text Edits, its metadata changes, a Reject.

A Document is immutable. Stages return a new one built by the helpers in ``pipeline.edits``,
so every change to text or metadata leaves a record (DESIGN.md, "The edit model").
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping

# Metadata keys a Document may carry. Stages declare which of these they read and write;
# config loading checks the order against those declarations.
META_KEYS = (
    "title", "author", "published", "url", "domain", "sitename",
    "language", "language_score", "description", "published_precision", "language_source",
    "language_declared",
)


class FrozenMeta(dict):
    """A dict that refuses changes after construction (and, unlike MappingProxyType, pickles)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("Document metadata is immutable: change it with pipeline.edits.set_meta")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore

    def __reduce__(self):
        return (FrozenMeta, (dict(self),))


@dataclass(frozen=True)
class Edit:
    """One span replacement. ``start``/``end`` index the text just before this edit."""
    seq: int
    stage: str
    rule: str
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True)
class MetaEdit:
    """One metadata change: ``field`` went from ``before`` to ``after`` (JSON-able values)."""
    seq: int
    stage: str
    rule: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Drop:
    """Why a document left the corpus: the stage and rule that dropped it, in words."""
    stage: str
    rule: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    content_type: str  # "text" | "html"
    text: str
    source_sha256: str = ""
    meta: Mapping[str, Any] = field(default_factory=FrozenMeta)
    edits: tuple[Edit, ...] = ()
    meta_edits: tuple[MetaEdit, ...] = ()
    drop: Drop | None = None
    # sha256 of the text the stages started from (the decoded input, or an HTML page's visible text):
    # what undoing all edits must give back.
    base_sha256: str = ""
    # per-stage notes for the audit that are not text changes (e.g. ftfy steps, replacement counts)
    notes: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self):
        if not isinstance(self.meta, FrozenMeta):
            object.__setattr__(self, "meta", FrozenMeta(self.meta))

    @property
    def dropped(self) -> bool:
        return self.drop is not None

    def replace(self, **changes) -> "Document":
        return dataclasses.replace(self, **changes)

    def with_note(self, stage: str, key: str, value: str) -> "Document":
        return self.replace(notes=self.notes + ((stage, key, value),))

    def drop_with(self, stage: str, rule: str, reason: str, detail: str = "") -> "Document":
        return self.replace(drop=Drop(stage, rule, reason, detail))


@dataclass(frozen=True)
class Reject:
    """An input unit that did not become a document (unreadable input or a dropped document)."""
    doc_id: str
    source: str
    stage: str
    rule: str
    reason: str
    detail: str = ""
    text: str = ""
    source_sha256: str = ""
    content_type: str = ""
    minhash: bytes | None = None   # a dedup.near reject's signature: the next runs' sweep needs it
