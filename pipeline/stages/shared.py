"""Read-only resources that several stages of one pipeline use, loaded once for all of them.

langdetect's profiles (0.2 s and about 40 MB to load) serve both the content stage (the language
of a text input's prose, for its stop words) and the language stage. ``Config.build_stages`` gives
every stage of a pipeline the same ``Shared``; a stage built on its own (a test, a library user)
has none and loads its own. It never travels in a pickle: a process that receives stages (a Ray
worker) loads what it needs itself.
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class Shared:
    def __init__(self) -> None:
        self._loaded: dict[Hashable, object] = {}

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        if key not in self._loaded:
            self._loaded[key] = load()
        return self._loaded[key]  # type: ignore[return-value]

    def __getstate__(self):
        return {}

    def __setstate__(self, state) -> None:
        self._loaded = {}
