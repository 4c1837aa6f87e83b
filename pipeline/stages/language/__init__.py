"""language: ISO 639-1 code and confidence with langdetect (its profiles and algorithm, computed by
langdetect_fast), seeded so the answer never changes; the page's declared language
(``language_declared``, from ``<html lang>``, ``og:locale`` or ``Content-Language``) wins where
the text cannot decide."""
from __future__ import annotations

import re

from ...document import Document
from ...edits import set_meta
from ..base import Stage
from ..fields.languages import primary, script_share
from .langdetect_fast import langdetect_factory

# A detection whose script holds less than this share of the text's letters is not the text's
# language (Korean detected on a text with no Hangul); the declared language holding at least
# MIN_DECLARED_SCRIPT of them wins.
MAX_FOREIGN_SCRIPT = 0.2
MIN_DECLARED_SCRIPT = 0.5

_LETTER = re.compile(r"[^\W\d_]")


class Language(Stage):
    """Detect the document's language.

    Args:
        sample_chars: detect on at most this many characters (a bounded sample keeps long documents
            cheap; 2,000 characters decide the language as well as the whole text on the dev pages).
        seed: langdetect's random seed; fixed so the same text always gets the same answer.
        min_score: below this confidence the language is "und".
        declared_below_letters: a page's declared language wins over a detection that disagrees
            when the sample holds fewer letters than this (a short text is too little for
            langdetect; 0 switches it off).
        declared_below_score: ... or when langdetect's confidence is below this, and it gives the
            declared language some probability (1.0 ... 0 switches it off).
    """

    name = "language"
    writes = ("language", "language_score", "language_source")

    def __init__(self, *, sample_chars: int = 2000, seed: int = 0, min_score: float = 0.0,
                 declared_below_letters: int = 200, declared_below_score: float = 0.9):
        self.sample_chars = sample_chars
        self.seed = seed
        self.min_score = min_score
        self.declared_below_letters = declared_below_letters
        self.declared_below_score = declared_below_score

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
        best = []
        if _LETTER.search(sample):
            detector = self._detector_factory().create()
            detector.append(sample)
            try:
                best = detector.get_probabilities()
            except LangDetectException:
                best = []
            if best and best[0].prob >= self.min_score:
                lang, score = best[0].lang.split("-")[0], round(float(best[0].prob), 4)
        doc = set_meta(doc, self.name, "language.langdetect", language=lang, language_score=score,
                       language_source="text" if lang != "und" else None)
        declared = primary(doc.meta.get("language_declared"))
        if declared and declared != lang and self._declared_wins(sample, best, declared):
            probs = {p.lang.split("-")[0]: p.prob for p in best}
            return set_meta(doc, self.name, "language.declared", language=declared,
                            language_score=round(float(probs.get(declared, 0.0)), 4), language_source="declared")
        if lang == "und":
            doc = doc.with_note(self.name, "lang_reason", "no_features")
        return doc

    def _declared_wins(self, sample: str, best, declared: str) -> bool:
        if declared not in {code.split("-")[0] for code in self._detector_factory().get_lang_list()}:
            return False  # a tag langdetect does not know is more often a template's than the text's
        if len(_LETTER.findall(sample)) < self.declared_below_letters:
            return True
        if best and script_share(best[0].lang.split("-")[0], sample) < MAX_FOREIGN_SCRIPT:
            return script_share(declared, sample) >= MIN_DECLARED_SCRIPT
        top = best[0].prob if best else 0.0
        return top < self.declared_below_score and any(p.lang.split("-")[0] == declared for p in best)
