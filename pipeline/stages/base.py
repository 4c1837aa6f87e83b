"""What every stage is: a small class configured by keyword-only arguments, with a pure __call__."""
from __future__ import annotations

from typing import ClassVar

from ..document import Document


class Stage:
    """Base for stages. Subclasses set ``name``, the metadata keys they ``reads``/``writes``, and
    which ``content_types`` they touch; ``__call__(doc) -> doc`` never does I/O and changes text and
    metadata only through ``pipeline.edits``."""

    name: ClassVar[str] = ""
    reads: ClassVar[tuple[str, ...]] = ()
    writes: ClassVar[tuple[str, ...]] = ()
    content_types: ClassVar[tuple[str, ...]] = ("text", "html")
    # resources shared with the other stages of the same pipeline (stages/shared.py); set by
    # Config.build_stages, None for a stage built on its own
    shared = None

    def applies(self, doc: Document) -> bool:
        return doc.content_type in self.content_types

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - interface
        raise NotImplementedError

    def required_keys(self) -> tuple[str, ...]:
        """Metadata keys this configured instance needs from earlier stages."""
        return self.reads
