"""Corpus-wide steps: decisions that need more than one document, behind one interface.

The driver starts each step once per run with the corpus as committed (``store``, None for a
--full-refresh, which starts empty) and the inputs the run replaces, then hands it each processed
unit's documents in input order; the step keeps some and drops the others as rejects, counted as
its ``disposition`` (``rejected`` or ``skipped_duplicate``). A decision that a new document changes
for a committed one (a keeper displaced) names that input in ``redo``: the driver processes it
again in the same run, after ``release``. Decisions are a function of the current inputs only, so
a corpus built run by run equals a fresh --full-refresh over the same folder. Steps run in the order
``corpus_steps`` gives: doc ids first (a document without a row of its own is no duplicate of
anything), then exact dedup, then near dedup (over the exact keepers only).
"""
from __future__ import annotations

from typing import Protocol

from ..document import Reject
from .exact import ExactDedup, redecide
from .near import NearDedup
from .ids import DOC_ID_SCHEME, UniqueIds, doc_ids, unique_ids


class CorpusStep(Protocol):
    name: str
    disposition: str
    redo: set[str]   # committed inputs whose decision this run's documents changed: process them again

    def release(self, inputs: set[str]) -> None:
        """Forget the committed rows of ``inputs``, which the driver is about to process again."""

    def start(self, store, replaced: set[str]) -> None:
        """Read what the step needs of the committed corpus, leaving out the ``replaced`` inputs."""

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        """The documents of one unit it keeps, and rejects for the others; remembers the kept."""

    def settle(self) -> None:
        """The pass is over (every unit of it admitted): finish the decisions ``redo`` depends on."""

    # optional: ``persist() -> (kind, write(fh, commit)) | None``, the index the step keeps beside the
    # corpus, saved with the run's last commit (``store.sidecar(kind)`` finds it at the next start)


def corpus_steps(pipeline: dict) -> list[CorpusStep]:
    """The steps the ``[pipeline]`` settings switch on."""
    steps: list[CorpusStep] = [UniqueIds()]
    if pipeline["dedup"]:
        steps.append(ExactDedup())
    if pipeline.get("near_dedup"):
        steps.append(NearDedup(pipeline["near_threshold"]))
    return steps


__all__ = ["CorpusStep", "DOC_ID_SCHEME", "corpus_steps", "doc_ids", "redecide", "unique_ids"]
