"""joins: blocks glued together with no separator become paragraph breaks.

Scrapers that concatenate text nodes glue the end of one block to the start of the next:
"is to be welcomed.Nevertheless" (two <p>), "flagsFinian CunninghamJaw" (caption, byline, first
paragraph), "September 6, 2017NATO" (a caption ending in a date). Each glue point becomes a
paragraph break. Brand names and abbreviations ("iPhone", "McDonald's", "U.S.", "Ph.D.",
"OnlineColumnist.com", "3.5%") are not glue: a word-frequency lexicon tells "YouTube" (a word)
from "flagsFinian" (two words).
"""
from __future__ import annotations

from collections import Counter

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
# Code and names: an identifier called, indexed or passed ("WebDriverWait(driver)", "List<String>",
# "class MyTests(StaticLiveServerTestCase):"), a handle or name in quotes ("„realDonaldTrump“").
# A block boundary never falls right before such a bracket, nor inside a token bracketed or quoted
# on both sides.
_CALL_CHARS = frozenset("([<")
_CLOSE_BRACKETS = frozenset(")]>,")
_OPEN_QUOTES = frozenset("\"'„“”‚‘’«»‹›`")
_CLOSE_QUOTES = frozenset("\"'“”‘’«»‹›`")
# A lower-case word after a token, past an apostrophe ending ("GiveWell's staff"): inside a sentence.
_LOWER_WORD_AFTER = regex.compile(r"[’']?\p{Ll}{0,2} \p{Ll}")
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
# langdetect's random trials per detection (its default is 7): the lexicon needs the language
# of a page of prose, which one trial finds (sample_chars says how often).
_TRIALS = 1
# Words per language whose Zipf frequency a worker keeps at most (a few MB) before it starts over.
_KNOWN_WORDS = 200_000
# Abbreviations that end in two lower-case letters and a period but do not end a sentence.
_ABBREVIATIONS = words(__package__, "abbreviations.txt")


class Joins(Stage):
    """Split glued blocks into paragraphs.

    Args:
        lexicon_languages: wordfreq languages whose word lists decide camel-case glue; a token is
            split only if the joined form is not a known word in any of them. With
            ``detect_language`` the document's own language comes first.
        detect_language: also use the word list of the document's language (langdetect, seeded,
            on its longest lines), detected only for documents with a camel-case token to judge.
            The language stage runs later (on the clean text); this needs only a lexicon. German
            or French glue ("wurdeDie") has a left part no English list knows, and a German
            compound brand is an unknown English word.
        sample_chars: language detection reads at most this many characters of the longest lines.
            On the 511 dev and snippet pages' merged text, 300 characters and one trial
            (_TRIALS) give langdetect's answer on 2,000 characters with its 7 trials for 98.4 %
            of pages (500 / 7: 99.0 %) in 0.32 ms a page instead of 1.26.
        seed: langdetect's seed, so the same text always gets the same language.
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
        content_types: the inputs it touches; "text" by default. In HTML the blocks come from the
            markup, so glue is rare: on the 511 dev and snippet pages' extracted text the stage
            split 110 points, changed no 4-word shingle of the dev references and no snippet found
            (1,246 must-keep and 75 must-drop snippets before and after), and about half the
            splits were false ("FRITZ!Box", "webdriver.PhantomJS", "[cs.LG]", "A.Word.A.Day").
    """

    name = "joins"

    def __init__(self, *, lexicon_languages: list[str] = ("en",), detect_language: bool = True,
                 sample_chars: int = 300, seed: int = 0, known_word_zipf: float = 2.0,
                 min_left_chars: int = 3, min_part_zipf: float = 2.5, pascal_case_min_glue: int = 2,
                 content_types: list[str] = ("text",)):
        self.content_types = tuple(content_types)
        self.lexicon_languages = tuple(lexicon_languages)
        self.detect_language = detect_language
        self.sample_chars = sample_chars
        self.seed = seed
        self.known_word_zipf = known_word_zipf
        self.min_left_chars = min_left_chars
        self.min_part_zipf = min_part_zipf
        self.pascal_case_min_glue = pascal_case_min_glue

    def warm_up(self) -> None:
        from wordfreq import zipf_frequency

        # wordfreq reads a language's word list on its first lookup: 0.2-0.4 s of CPU and tens of
        # MB that each worker paid again when the first camel-case word came up (the document
        # languages' lists still load on first need: which ones a corpus holds is not known here)
        for lang in self.lexicon_languages:
            zipf_frequency("word", lang)
        if self.detect_language:
            self._detector_factory()

    def _detector_factory(self):
        from ..language.langdetect_fast import langdetect_factory

        return self.resource("langdetect", lambda: langdetect_factory(self.shared, self.seed))

    def _document_language(self, text: str) -> str | None:
        """The document's language when wordfreq has a word list for it and it is not one of the
        configured lexicon languages, else None."""
        from langdetect.lang_detect_exception import LangDetectException
        from wordfreq import available_languages

        detector = self._detector_factory().create()
        detector.n_trial = _TRIALS
        detector.append(_sample(text, self.sample_chars))
        try:
            best = detector.get_probabilities()
        except LangDetectException:  # no letters to go by
            return None
        lang = best[0].lang.split("-")[0] if best else ""
        known = self.resource("wordfreq_languages", lambda: frozenset(available_languages()))
        return lang if lang in known and lang not in self.lexicon_languages else None

    def _camel_glue(self, left: str, right: str, lexicon: "_Lexicon") -> bool:
        """A known joined form is one word ("YouTube"); else a common part makes it glue. The
        configured languages are asked first: most camel tokens of clean text are words there,
        and then the document's language need not be detected."""
        if len(left) < self.min_left_chars or not right[1:2].islower():
            return False
        whole, left, right = (left + right).lower(), left.lower(), right.lower()
        if lexicon.configured(whole) >= self.known_word_zipf:
            return False
        part = max(lexicon.configured(left), lexicon.configured(right))
        if lexicon.has_document_language():
            if lexicon.document(whole) >= self.known_word_zipf:
                return False
            part = max(part, lexicon.document(left), lexicon.document(right))
        return part >= self.min_part_zipf

    def _camel_points(self, text: str, runs: list[tuple[int, int]], glued_doc: bool):
        """Glue points inside tokens, judged one pair of neighbouring humps at a time."""
        lexicon = _Lexicon(self.lexicon_languages,
                           lambda: self._document_language(text) if self.detect_language else None,
                           self.resource("zipf", dict))
        tokens = _matches(_CAMEL_TOKEN, text, runs)
        seen = Counter(m.group() for m in tokens)
        names = {m.group() for m in tokens if _name_context(text, m, seen)}
        for m in tokens:
            start, end = m.span()
            if text[start].isupper() and not glued_doc:
                continue
            if m.group() in names:
                continue
            humps = [h.span() for h in _HUMP.finditer(text, start, end)]
            for (lstart, lend), (rstart, rend) in zip(humps, humps[1:]):
                if lend != rstart or not text[lend - 1].islower():
                    continue
                if text[lstart].isupper() and not glued_doc:
                    continue
                # the left part is the left hump (it starts at the token start when it is the first)
                if self._camel_glue(text[lstart:lend], text[rstart:rend], lexicon):
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


class _Lexicon:
    """Zipf frequencies of one document's words, each looked up once (a document repeats its
    words, and a wordfreq call costs microseconds): in the configured languages, and in the
    document's own language, detected on first need. ``known`` keeps the answers across the
    documents a process cleans (by language and word: wordfreq's answer for them never changes),
    so a corpus's common words are looked up once per process."""

    def __init__(self, languages: tuple[str, ...], detect, known: dict | None = None):
        self.languages = languages
        self._detect = detect
        self._language: str | None | bool = False  # False: not detected yet
        known = {} if known is None else known  # the configured languages' tuple or a language -> words
        self._configured: dict[str, float] = known.setdefault(languages, {})
        self._document: dict[str, float] = {}
        self._known = known

    def configured(self, word: str) -> float:
        value = self._configured.get(word)
        if value is None:
            from wordfreq import zipf_frequency

            if len(self._configured) > _KNOWN_WORDS:
                self._configured.clear()
            value = self._configured[word] = max((zipf_frequency(word, lang) for lang in self.languages),
                                                 default=0.0)
        return value

    def has_document_language(self) -> bool:
        if self._language is False:
            self._language = self._detect()
            if self._language is not None:
                self._document = self._known.setdefault(self._language, {})
        return self._language is not None

    def document(self, word: str) -> float:
        value = self._document.get(word)
        if value is None:
            from wordfreq import zipf_frequency

            if len(self._document) > _KNOWN_WORDS:
                self._document.clear()
            value = self._document[word] = zipf_frequency(word, self._language)
        return value


def _sample(text: str, chars: int) -> str:
    """The longest lines, up to ``chars`` characters in all: prose, not menu words."""
    lines = sorted(text.split("\n"), key=len, reverse=True)
    picked, total = [], 0
    for line in lines:
        if total >= chars:
            break
        picked.append(line[:chars - total])
        total += len(picked[-1])
    return " ".join(picked)


def _id_context(text: str, m) -> bool:
    """A camel token that is part of a domain, path, handle or identifier ("OnlineColumnist.com",
    "@BigNews", "WebDriverWait(driver)") or quoted on both sides ("„realDonaldTrump“")."""
    start, end = m.span()
    before, after = text[start - 1:start], text[end:end + 2]
    if before in _ID_CHARS or (after[:1] in "._" and after[1:2].islower()) or after[:1] in "/@_":
        return True
    if after[:1] in _CALL_CHARS or (before != "" and before in _CALL_CHARS and after[:1] in _CLOSE_BRACKETS):
        return True
    return before != "" and before in _OPEN_QUOTES and after[:1] in _CLOSE_QUOTES


def _name_context(text: str, m, seen: Counter) -> bool:
    """Whether this occurrence shows the token is a word of the document, so that none of its
    occurrences is glue: it is an identifier here, or a capitalised token the document writes
    more than once and here inside a sentence (a lower-case word and a space on either side:
    "about GiveWell or", "the FoodCorp shareholders"). Glue falls at a block boundary, and
    repeated glue ("DecemberNovember" in archive lists, "agoMore" under teasers) sits at line
    ends or starts with a lower-case letter. Camel splits inside a reference body's words on the
    dev pages' merged text: 40 -> 13 (the rest brands named once); snippet pages' must-keep
    text: 18 -> 3."""
    if _id_context(text, m):
        return True
    start, end = m.span()
    if seen[m.group()] < 2 or not text[start].isupper():
        return False
    if text[start - 1:start] != " " or not _LOWER_WORD_AFTER.match(text, end):
        return False
    return text[_RUN_START.match(text, 0, start - 1).start()].islower()


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
