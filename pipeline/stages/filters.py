"""filters: drop documents that are not usable text, each drop with its rule and a sentence why."""
from __future__ import annotations

from ..document import Document
from ..textstats import count_words
from .base import Stage


class Filters(Stage):
    """Document-level quality filters.

    Args:
        min_words: fewer words than this and the document is dropped (``filters.min_words``). The
            default keeps every reference article body of the dev bench (the shortest has 40 words)
            while dropping pages that are only a caption or an error message.
        languages: keep only these ISO 639-1 codes (``filters.language``); empty keeps all.
    """

    name = "filters"

    def __init__(self, *, min_words: int = 5, languages: list[str] = ()):
        self.min_words = min_words
        self.languages = tuple(languages)

    def required_keys(self) -> tuple[str, ...]:
        return ("language",) if self.languages else ()

    def __call__(self, doc: Document) -> Document:
        words = count_words(doc.text)
        if words < self.min_words:
            return doc.drop_with(self.name, "filters.min_words",
                                 f"The clean text has {words} words, fewer than the minimum of {self.min_words}.",
                                 f"words={words}")
        lang = doc.meta.get("language")
        if self.languages and lang not in self.languages:
            return doc.drop_with(self.name, "filters.language",
                                 f"The language is {lang!r}, not one of {', '.join(self.languages)}.",
                                 f"language={lang}")
        return doc
