"""joins: blocks glued together with no separator become paragraph breaks.

Scrapers that concatenate text nodes glue the end of one block to the start of the next:
"is to be welcomed.Nevertheless" (two <p>), "flagsFinian CunninghamJaw" (caption, byline, first
paragraph), "September 6, 2017NATO" (a caption ending in a date). Each glue point becomes a
paragraph break. Brand names and abbreviations ("iPhone", "McDonald's", "U.S.", "Ph.D.",
"OnlineColumnist.com", "3.5%") are not glue: a word-frequency lexicon tells "YouTube" (a word)
from "flagsFinian" (two words).
"""
from __future__ import annotations

import regex

from ..document import Document
from ..edits import Proposal, apply
from .base import Stage

# A sentence end glued to the next sentence: two lower-case letters, terminal punctuation, an
# optional closing quote, then an upper-case letter. Two letters keep "U.S.Senate" and "e.g.The"
# (one-letter abbreviations) intact; ".com" and "3.5" never have an upper-case letter after them.
_SENTENCE = regex.compile(r"(?<!\p{L})(?P<word>\p{L}*\p{Ll}\p{Ll})[\"'”’»)]?[.!?…]+[\"'”’»)]?(?=[\"“‘«(]?\p{Lu})")
# A four-digit year closing a caption, glued to a capitalised word ("2017NATO", "2019The").
_YEAR = regex.compile(r"(?<![\d.,])(?:1[89]|20)\d\d\.?(?=\p{Lu}\p{Ll}{2,}|\p{Lu}{2,}\b)")
# A lower-case letter glued to an upper-case one inside a token: "flagsFinian", "CunninghamJaw".
_CAMEL = regex.compile(r"(?<!\p{L})(?P<left>\p{L}*\p{Ll})(?P<right>\p{Lu}\p{Ll}+)(?P<rest>\p{L}*)")
_ID_CHARS = frozenset("./@#_\\:")
# Abbreviations that end in two lower-case letters and a period but do not end a sentence.
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "co", "inc", "ltd", "gov",
                            "sen", "rep", "gen", "col", "capt", "lt", "sgt", "prof", "rev", "mt", "ft",
                            "no", "nos", "vol", "pp", "op", "cf", "ca", "approx", "dept", "est", "fig",
                            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                            "nov", "dec", "etc", "al", "bzw", "usw", "ggf", "evtl"})


class Joins(Stage):
    """Split glued blocks into paragraphs.

    Args:
        lexicon_languages: wordfreq languages whose word lists decide camel-case glue; a token is
            split only if the joined form is not a known word in any of them.
        known_word_zipf: a joined form at or above this Zipf frequency is one word ("youtube" 4.6,
            "powerpoint" 3.4, "linkedin" 4.1); below it ("flagsfinian" 0) it is glue. 2.0 is about
            once per 100 million words: rarer than any brand that appears as one word in news.
        min_left_chars: the part before the capital must be at least this long ("Mc", "Le", "De",
            "i", "e" prefixes of names and brands are shorter).
        min_part_zipf: at least one of the two parts must be a word this common.
        pascal_case_min_glue: split a capitalised token ("CunninghamJaw") only in documents with at
            least this many sentence glues: in clean text such tokens are nearly always brand names
            ("MagSafe", "KeyBank", "GiveWell": 25 false splits on the dev pages' HTML output), while
            a lower-case word glued to a capital ("flagsFinian") is glue in any document.
    """

    name = "joins"

    def __init__(self, *, lexicon_languages: list[str] = ("en",), known_word_zipf: float = 2.0,
                 min_left_chars: int = 3, min_part_zipf: float = 2.5, pascal_case_min_glue: int = 2):
        self.lexicon_languages = tuple(lexicon_languages)
        self.known_word_zipf = known_word_zipf
        self.min_left_chars = min_left_chars
        self.min_part_zipf = min_part_zipf
        self.pascal_case_min_glue = pascal_case_min_glue

    def _zipf(self, word: str) -> float:
        from wordfreq import zipf_frequency

        return max(zipf_frequency(word, lang) for lang in self.lexicon_languages)

    def _camel_glue(self, left: str, right: str, rest: str) -> bool:
        if len(left) < self.min_left_chars or rest[:1].isupper():
            return False
        whole = (left + right + rest).lower()
        if self._zipf(whole) >= self.known_word_zipf:
            return False
        return max(self._zipf(left.lower()), self._zipf((right + rest).lower())) >= self.min_part_zipf

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        points: dict[int, str] = {}
        for m in _SENTENCE.finditer(text):
            if m.group("word").lower() not in _ABBREVIATIONS:
                points.setdefault(m.end(), "joins.paragraph_glue")
        for m in _YEAR.finditer(text):
            points.setdefault(m.end(), "joins.year_glue")
        glued_doc = len(points) >= self.pascal_case_min_glue
        for m in _CAMEL.finditer(text):
            if m.group("left")[0].isupper() and not glued_doc:
                continue
            # part of a domain, path, handle or identifier ("OnlineColumnist.com", "@BigNews")
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 2]
            if before in _ID_CHARS or (after[:1] in "._" and after[1:2].islower()) or after[:1] in "/@_":
                continue
            if self._camel_glue(m.group("left"), m.group("right"), m.group("rest")):
                points.setdefault(m.start("right"), "joins.camel_glue")
        return apply(doc, self.name, [Proposal(p, p, "\n\n", rule) for p, rule in sorted(points.items())])
