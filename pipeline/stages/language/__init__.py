"""language: ISO 639-1 code and confidence with langdetect (its profiles and algorithm, computed by
langdetect_fast), seeded so the answer never changes."""
from __future__ import annotations

import re

from ...document import Document
from ...edits import set_meta
from ..base import Stage
from .langdetect_fast import langdetect_factory

_LETTER = re.compile(r"[^\W\d_]")


class Language(Stage):
    """Detect the document's language.

    Args:
        sample_chars: detect on at most this many characters (a bounded sample keeps long documents
            cheap; 2,000 characters decide the language as well as the whole text on the dev pages).
        seed: langdetect's random seed; fixed so the same text always gets the same answer.
        min_score: below this confidence the language is "und".
    """

    name = "language"
    writes = ("language", "language_score")

    def __init__(self, *, sample_chars: int = 2000, seed: int = 0, min_score: float = 0.0):
        self.sample_chars = sample_chars
        self.seed = seed
        self.min_score = min_score

    def warm_up(self) -> None:
        self._detector_factory()

    def _detector_factory(self):
        # Not langdetect's module-level factory: no global state, and the seed set here cannot be
        # changed by other code in the process. The profiles are loaded once per process.
        return self.resource("langdetect", lambda: langdetect_factory(self.shared, self.seed))

    def __call__(self, doc: Document) -> Document:
        from langdetect.lang_detect_exception import LangDetectException

        sample = doc.text[: self.sample_chars]
        lang, score = "und", 0.0
        if _LETTER.search(sample):
            detector = self._detector_factory().create()
            detector.append(sample)
            try:
                best = detector.get_probabilities()
            except LangDetectException:
                best = []
            if best and best[0].prob >= self.min_score:
                lang, score = best[0].lang.split("-")[0], round(float(best[0].prob), 4)
        doc = set_meta(doc, self.name, "language.langdetect", language=lang, language_score=score)
        if lang == "und":
            doc = doc.with_note(self.name, "lang_reason", "no_features")
        return doc
