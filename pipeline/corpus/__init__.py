"""Corpus-wide steps: decisions that need more than one document, behind one interface.

The driver starts each step once per run with the corpus as committed (``store``, None for a
--full-refresh, which starts empty) and the inputs the run replaces, then hands it each processed
unit's documents in input order; the step keeps some and drops the others as rejects, counted as
its ``disposition`` (``rejected`` or ``skipped_duplicate``). Steps run in the order
``corpus_steps`` gives: doc ids first (a document without a row of its own is no duplicate of
anything), then exact dedup.
"""
from __future__ import annotations

from typing import Protocol

from ..document import Reject
from .exact import ExactDedup, dedup_exact
from .ids import UniqueIds, doc_ids, unique_ids


class CorpusStep(Protocol):
    name: str
    disposition: str

    def start(self, store, replaced: set[str]) -> None:
        """Read what the step needs of the committed corpus, leaving out the ``replaced`` inputs."""

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        """The documents of one unit it keeps, and rejects for the others; remembers the kept."""


def corpus_steps(pipeline: dict) -> list[CorpusStep]:
    """The steps the ``[pipeline]`` settings switch on."""
    steps: list[CorpusStep] = [UniqueIds()]
    if pipeline["dedup"]:
        steps.append(ExactDedup())
    return steps


__all__ = ["CorpusStep", "corpus_steps", "dedup_exact", "doc_ids", "unique_ids"]
