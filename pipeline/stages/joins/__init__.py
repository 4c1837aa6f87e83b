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

from ...document import Document
from ...edits import Proposal, apply
from ..base import Stage
from ..vocabulary import words

# A sentence end glued to the next sentence: two lower-case letters, terminal punctuation, an
# optional closing quote, then an upper-case letter. Two letters keep "U.S.Senate" and "e.g.The"
# (one-letter abbreviations) intact; ".com" and "3.5" never have an upper-case letter after them.
_SENTENCE = regex.compile(r"(?<!\p{L})(?P<word>\p{L}*\p{Ll}\p{Ll})[\"'”’»)]?[.!?…]+[\"'”’»)]?(?=[\"“‘«(]?\p{Lu})")
# A four-digit year closing a caption, glued to a capitalised word ("2017NATO", "2019The").
_YEAR = regex.compile(r"(?<![\d.,])(?:1[89]|20)\d\d\.?(?=\p{Lu}\p{Ll}{2,}|\p{Lu}{2,}\b)")
# A question or exclamation mark glued to the next sentence after any word, capitals included
# ("IMPEACHMENT JURY?They"): no abbreviation ends in them.
_EXCLAIM = regex.compile(r"(?<=\p{L}{2})[?!]+[\"'”’»)]?(?=[\"“‘«(]?\p{Lu}\p{Ll})")
# A closing bracket or a number glued to a capitalised word: "(57)Julho", "Nov 24Miami",
# "Help)Feedback". In running text a space always follows them; only glued documents get these,
# and a one-digit number is left alone ("4Runner", "7Eleven").
_CLOSE = regex.compile(r"(?<=[\p{L}\d][)\]])(?=\p{Lu}\p{Ll}{2})|(?<=(?<![\p{L}\d.,])\d{2,3})(?=\p{Lu}\p{Ll}{3,}\b)")
# A token whose letters change from lower to upper case: "flagsFinian", "CunninghamJaw",
# "NewsEducationNation" (menu items glued in a row).
_CAMEL_TOKEN = regex.compile(r"(?<![\p{L}\d])\p{L}*\p{Ll}\p{Lu}\p{L}*")
_HUMP = regex.compile(r"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})")
_ID_CHARS = frozenset("./@#_\\:")
# A literal every match of the pattern holds (its terminal punctuation, the year's first two
# digits): runs without one are not scanned (tests/test_joins_runs.py checks the claim).
_SENTENCE_NEEDS = (".", "!", "?", "…")
_YEAR_NEEDS = ("18", "19", "20")
_EXCLAIM_NEEDS = ("?", "!")
# Every glue point above has an upper-case letter right after a non-space character, and every
# pattern lies inside one run of non-space characters (its look-arounds see a space or nothing
# beyond it alike). So the patterns run only over the runs holding such a letter: in running text
# capitals follow a space, and a page's text is scanned once instead of five times.
_HINT = regex.compile(r"(?<=\S)\p{Lu}")
_RUN_END = regex.compile(r"\S*")
_RUN_START = regex.compile(r"\S*", flags=regex.REVERSE)
# Abbreviations that end in two lower-case letters and a period but do not end a sentence.
_ABBREVIATIONS = words(__package__, "abbreviations.txt")


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

    def warm_up(self) -> None:
        from wordfreq import zipf_frequency

        # wordfreq reads a language's word list on its first lookup: 0.2-0.4 s of CPU and tens of
        # MB that each worker paid again when the first camel-case word came up
        for lang in self.lexicon_languages:
            zipf_frequency("word", lang)

    def _lexicon(self):
        """Zipf frequency of a word in the lexicon languages, each word looked up once: a document
        repeats its words (menus, names), and each wordfreq call costs microseconds."""
        from wordfreq import zipf_frequency

        langs = self.lexicon_languages
        known: dict[str, float] = {}

        def zipf(word: str) -> float:
            value = known.get(word)
            if value is None:
                value = known[word] = (zipf_frequency(word, langs[0]) if len(langs) == 1 else
                                       max(zipf_frequency(word, lang) for lang in langs))
            return value
        return zipf

    def _camel_glue(self, left: str, right: str, zipf) -> bool:
        if len(left) < self.min_left_chars or not right[1:2].islower():
            return False
        whole = (left + right).lower()
        if zipf(whole) >= self.known_word_zipf:
            return False
        return max(zipf(left.lower()), zipf(right.lower())) >= self.min_part_zipf

    def _camel_points(self, text: str, runs: list[tuple[int, int]], glued_doc: bool):
        """Glue points inside tokens, judged one pair of neighbouring humps at a time."""
        zipf = self._lexicon()
        for m in _matches(_CAMEL_TOKEN, text, runs):
            start, end = m.span()
            if text[start].isupper() and not glued_doc:
                continue
            # part of a domain, path, handle or identifier ("OnlineColumnist.com", "@BigNews")
            before, after = text[start - 1:start], text[end:end + 2]
            if before in _ID_CHARS or (after[:1] in "._" and after[1:2].islower()) or after[:1] in "/@_":
                continue
            humps = [h.span() for h in _HUMP.finditer(text, start, end)]
            for (lstart, lend), (rstart, rend) in zip(humps, humps[1:]):
                if lend != rstart or not text[lend - 1].islower():
                    continue
                if text[lstart].isupper() and not glued_doc:
                    continue
                # the left part is the left hump (it starts at the token start when it is the first)
                if self._camel_glue(text[lstart:lend], text[rstart:rend], zipf):
                    yield rstart

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        runs = capital_runs(text)
        pieces = [text[start:end] for start, end in runs]
        points: dict[int, str] = {}
        for m in _matches(_SENTENCE, text, _holding(runs, pieces, _SENTENCE_NEEDS)):
            if m.group("word").lower() not in _ABBREVIATIONS:
                points.setdefault(m.end(), "joins.paragraph_glue")
        for m in _matches(_YEAR, text, _holding(runs, pieces, _YEAR_NEEDS)):
            points.setdefault(m.end(), "joins.year_glue")
        for m in _matches(_EXCLAIM, text, _holding(runs, pieces, _EXCLAIM_NEEDS)):
            points.setdefault(m.end(), "joins.paragraph_glue")
        glued_doc = len(points) >= self.pascal_case_min_glue
        if glued_doc:
            for m in _matches(_CLOSE, text, runs):
                points.setdefault(m.end(), "joins.bracket_glue")
        for p in self._camel_points(text, runs, glued_doc):
            points.setdefault(p, "joins.camel_glue")
        return apply(doc, self.name, [Proposal(p, p, "\n\n", rule) for p, rule in sorted(points.items())])


def capital_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-space characters holding an upper-case letter after its
    first character, in text order."""
    runs: list[tuple[int, int]] = []
    m = _HINT.search(text)
    while m:
        start = _RUN_START.match(text, 0, m.start()).start()
        end = _RUN_END.match(text, m.start()).end()
        runs.append((start, end))
        # the run's other capitals are skipped: no hint spans its end, where a space is
        m = _HINT.search(text, end)
    return runs


def _holding(runs: list[tuple[int, int]], pieces: list[str], literals: tuple[str, ...]):
    """The runs whose text holds one of ``literals``."""
    return [run for run, piece in zip(runs, pieces) if any(map(piece.__contains__, literals))]


def _matches(pattern, text: str, runs: list[tuple[int, int]]):
    finditer = pattern.finditer
    return [m for start, end in runs for m in finditer(text, start, end)]
