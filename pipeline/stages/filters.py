"""filters: drop documents that are not usable text, each drop with its rule and a sentence why.

The thresholds follow the Gopher rules (Rae et al. 2021, "Scaling Language Models", appendix A)
where those keep real articles, and are looser where they do not: on the 54 reference article
bodies of the dev bench (shared/bench/dev/gold.jsonl, given as input) every default keeps all of
them, with a margin noted per threshold (gold survival, `make bench-quality`), and no dev page
comes out empty in any input form.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import filterfalse
from operator import mul

from ..document import Document
from ..textstats import words as split_words
from .base import Stage

# Repetition rules need enough words to mean anything: in a 12-word notice one repeated bigram is
# already a large share.
_MIN_WORDS_FOR_REPETITION = 50
# Prose: a line of at least this many words, nearly all of them holding a letter. An article
# with this many words of prose is not a number dump, however large its tables (standings,
# results, prices): the alpha_words rule leaves it (issue 16: structured article content is
# article). A number dump or a code listing has no such lines.
_PROSE_LINE_WORDS, _PROSE_LINE_ALPHA, _MIN_PROSE_WORDS = 10, 0.8, 50
# A tag line: at least half of its words are hashtags ("#Vintage #Plants"). Only their "#" count
# for symbol_ratio: a post that ends its sentences with a few tags is text, a wall of tags is not
# (a snippet page, an interior story with three tags under each photo caption, had 0.12-0.15 "#"
# per word and was dropped with its must-keep text).
_TAG = re.compile(r"(?<!\w)#\w")


class Filters(Stage):
    """Document-level quality filters. A threshold of 0 switches its rule off.

    Args:
        min_words: fewer words than this and the document is dropped (``filters.min_words``). The
            default keeps every reference article body of the dev bench (the shortest has 73 words)
            while dropping pages that are only a caption or an error message.
        max_symbol_ratio: most "#" and ellipses ("..." or "…") per word (``filters.symbol_ratio``):
            hashtag walls and teaser lists cut with "...". Gopher's 0.1; dev bodies reach 0.006.
            Only the "#" of tag lines count (_TAG).
        min_alpha_words: least share of words holding a letter (``filters.alpha_words``): number
            dumps, price tables, code. Gopher uses 0.8, which drops a dev sports story (box scores:
            0.66); 0.5 keeps it. A text with 50 words of prose is kept whatever its tables
            (_PROSE_LINE_WORDS).
        max_duplicate_lines: most share of line characters in lines that repeat an earlier line
            (``filters.duplicate_lines``): a page that prints the same blocks again and again.
            Gopher uses 0.2; dev bodies reach 0.14, and a dev page's whole visible text (menus
            printed twice, before the content rules remove them) reaches 0.32: 0.5 keeps it.
        max_top_ngram: most share of word characters covered by the most frequent word 2-gram,
            3-gram and 4-gram (``filters.top_ngram``), as [2-gram, 3-gram, 4-gram]: keyword
            spam. Gopher's 0.2 / 0.18 / 0.16; dev bodies reach 0.065 / 0.083 / 0.063.
        languages: keep only these ISO 639-1 codes (``filters.language``); empty keeps all.
        min_language_score: with ``languages`` set, also drop documents whose language confidence
            is below this (``filters.language``).
    """

    name = "filters"

    def __init__(self, *, min_words: int = 5, max_symbol_ratio: float = 0.1,
                 min_alpha_words: float = 0.5, max_duplicate_lines: float = 0.5,
                 max_top_ngram: list[float] = (0.2, 0.18, 0.16), languages: list[str] = (),
                 min_language_score: float = 0.0):
        if len(max_top_ngram) != 3:
            raise ValueError("[stages.filters] max_top_ngram: give three shares, for 2-, 3- and "
                             f"4-grams (e.g. [0.2, 0.18, 0.16]), not {list(max_top_ngram)!r}")
        self.min_words = min_words
        self.max_symbol_ratio = max_symbol_ratio
        self.min_alpha_words = min_alpha_words
        self.max_duplicate_lines = max_duplicate_lines
        self.max_top_ngram = tuple(float(x) for x in max_top_ngram)
        self.languages = tuple(languages)
        self.min_language_score = min_language_score

    def required_keys(self) -> tuple[str, ...]:
        return ("language", "language_score") if self.languages else ()

    def __call__(self, doc: Document) -> Document:
        toks = split_words(doc.text)  # split once: every check reads the same words
        for check in (self._min_words, self._symbols, self._alpha, self._duplicate_lines,
                      self._top_ngram, self._language):
            drop = check(doc.text, toks, doc.meta)
            if drop is not None:
                rule, reason, detail = drop
                return doc.drop_with(self.name, rule, reason, detail)
        return doc

    def _min_words(self, text, toks, meta):
        n = len(toks)
        if n < self.min_words:
            return ("filters.min_words", f"The clean text has {n} words, fewer than the minimum of "
                    f"{self.min_words}.", f"words={n}")
        return None

    def _symbols(self, text, toks, meta):
        n = len(toks)
        if not self.max_symbol_ratio or not n:
            return None
        hashes = text.count("#")
        if hashes:
            hashes = sum(len(_TAG.findall(line)) for line in text.split("\n") if "#" in line
                         and 2 * len(_TAG.findall(line)) >= len(split_words(line)))
        ratio = (hashes + text.count("...") + text.count("…")) / n
        if ratio > self.max_symbol_ratio:
            return ("filters.symbol_ratio", f"The text has {ratio:.3f} '#' or ellipses per word, more "
                    f"than the maximum of {self.max_symbol_ratio}.", f"symbol_ratio={ratio:.4f}")
        return None

    def _alpha(self, text, toks, meta):
        if not self.min_alpha_words or not toks:
            return None
        # most words are all letters (counted in C); only the rest are looked at letter by letter
        alpha = sum(map(str.isalpha, toks))
        alpha += sum(1 for w in filterfalse(str.isalpha, toks) if any(c.isalpha() for c in w))
        share = alpha / len(toks)
        if share < self.min_alpha_words and _prose_words(text) < _MIN_PROSE_WORDS:
            return ("filters.alpha_words", f"Only {share:.0%} of the words hold a letter, fewer than "
                    f"the minimum of {self.min_alpha_words:.0%}.", f"alpha_words={share:.4f}")
        return None

    def _duplicate_lines(self, text, toks, meta):
        if not self.max_duplicate_lines or len(toks) < _MIN_WORDS_FOR_REPETITION:
            return None
        seen: set[str] = set()
        dup = total = 0
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            total += len(line)
            if line in seen:
                dup += len(line)
            seen.add(line)
        share = dup / total if total else 0.0
        if share > self.max_duplicate_lines:
            return ("filters.duplicate_lines", f"{share:.0%} of the text is in lines that repeat an "
                    f"earlier line, more than the maximum of {self.max_duplicate_lines:.0%}.",
                    f"duplicate_lines={share:.4f}")
        return None

    def _top_ngram(self, text, toks, meta):
        if len(toks) < _MIN_WORDS_FOR_REPETITION:
            return None
        toks = list(map(str.lower, toks))
        chars = sum(map(len, toks))
        counts = Counter(toks)
        # The most characters one word covers. Each occurrence of an n-gram is an occurrence of
        # each of its words, so an n-gram covers at most n * widest characters: when that cannot
        # pass the limit, the n-grams need not be counted (nor, usually, any of them).
        widest = max(map(mul, counts.values(), map(len, counts)))
        longest = top_pair = None
        for n, limit in zip((2, 3, 4), self.max_top_ngram):
            if not limit or n * widest / chars <= limit:
                continue
            if n > 2:
                if top_pair is None:
                    top_pair = Counter(zip(toks, toks[1:])).most_common(1)[0][1]
                if longest is None:
                    longest = sorted(map(len, toks), reverse=True)[:4]
                # An n-gram occurs at most as often as its leading 2-gram and spans at most the n
                # longest words.
                if top_pair * sum(longest[:n]) / chars <= limit:
                    continue
            gram, count = Counter(zip(*(toks[k:] for k in range(n)))).most_common(1)[0]
            if n == 2:
                top_pair = count
            share = count * sum(len(w) for w in gram) / chars
            if share > limit:
                return ("filters.top_ngram", f"The most frequent {n}-word sequence ({' '.join(gram)!r}, "
                        f"{count} times) covers {share:.0%} of the text, more than the maximum of "
                        f"{limit:.0%}.", f"n={n} share={share:.4f}")
        return None

    def _language(self, text, toks, meta):
        if not self.languages:
            return None
        lang = meta.get("language")
        if lang not in self.languages:
            return ("filters.language", f"The language is {lang!r}, not one of "
                    f"{', '.join(self.languages)}.", f"language={lang}")
        score = meta.get("language_score") or 0.0
        if score < self.min_language_score:
            return ("filters.language", f"The language {lang!r} was detected with confidence "
                    f"{score:.2f}, below the minimum of {self.min_language_score}.",
                    f"language_score={score}")
        return None


def _prose_words(text: str) -> int:
    """Words in prose lines (_PROSE_LINE_WORDS), counted up to _MIN_PROSE_WORDS."""
    total = 0
    for line in text.split("\n"):
        toks = split_words(line)
        if len(toks) >= _PROSE_LINE_WORDS and \
                sum(1 for w in toks if any(c.isalpha() for c in w)) >= _PROSE_LINE_ALPHA * len(toks):
            total += len(toks)
            if total >= _MIN_PROSE_WORDS:
                break
    return total
