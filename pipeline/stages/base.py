"""What every stage is: a small class configured by keyword-only arguments, with a pure __call__."""
from __future__ import annotations

from typing import Callable, ClassVar, TypeVar

from ..document import Document

T = TypeVar("T")


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

    def warm_up(self) -> None:
        """Load now what the stage would load on its first document (a model, profiles, a word
        list, a parser). An engine calls it once in the process that forks its workers, so they
        share one copy instead of each loading its own; a stage with nothing to load does nothing.
        Never changes what ``__call__`` returns."""

    def resource(self, key: str, load: Callable[[], T]) -> T:
        """The lazily loaded resource ``key`` of this stage in this process (``load()`` on first
        use). Resources are the stage's slot for what must not travel in a pickle: a worker that
        receives the stage (a Ray actor, a spawned process) loads its own."""
        loaded = self.__dict__.setdefault("_resources", {})
        if key not in loaded:
            loaded[key] = load()
        return loaded[key]

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_resources", None)
        return state
