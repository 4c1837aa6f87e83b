"""Corpus-wide steps: decisions that need more than one document (doc ids, exact dedup)."""
from .exact import dedup_exact
from .ids import doc_ids, unique_ids

__all__ = ["dedup_exact", "doc_ids", "unique_ids"]
