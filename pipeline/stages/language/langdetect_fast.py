"""langdetect's detector, computed faster, with exactly its answers.

langdetect (the project's language library) spends its time in per-character Python: each
character of the sample goes through ``NGram.add_char`` and a binary search of Unicode blocks,
and each of its random trials updates 55 language probabilities in an indexed loop. Profiling the
pipeline on the dev pages put 10-15 % of all CPU there. ``FastDetector`` keeps langdetect's
profiles, random sequence and arithmetic (the same float operations in the same order), and only
changes how they are computed: a memo of the per-character normalisation, the n-gram window as
local variables, numpy vectors for the probability updates. tests/test_langdetect_fast.py
checks that language and probability are identical to stock langdetect's on the dev pages, the
seeds and generated text in many scripts.
"""
from __future__ import annotations

import json
import os
import re

import numpy as np

from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_SPACE_RUN = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z', [\]^_` included
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class FastDetector(Detector):
    """A ``langdetect.detector.Detector`` whose ``append`` and detection are faster; same results."""

    def __init__(self, factory: "FastFactory"):
        super().__init__(factory)
        self._norm = factory.norm_cache
        self._words = factory.word_cache

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # langdetect copies character by character, dropping a space that follows a space
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        # langdetect compares a block number with a block name here, so every character from
        # U+0300 up counts as non-Latin; kept as it is, for the same answers
        if self.text.isascii():
            return  # no non-Latin character, so the test below cannot hold
        latin = len(_LATIN.findall(self.text))
        if latin * 2 < len(_NON_LATIN.findall(self.text)):
            self.text = _LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        # langdetect's n-gram window restarts at every space, so a word's n-grams depend on the
        # word alone (and on whether a space follows it): computed once per distinct word
        normed = self.text.translate(self._norm)
        pieces = normed.split(" ")
        last = len(pieces) - 1
        words = self._words
        if len(words) > 200_000:  # a bound on the memo over a long run (a few tens of MB)
            words.clear()
        result: list[str] = []
        for i, w in enumerate(pieces):
            if w:
                key = (w, i < last)
                grams = words.get(key)
                if grams is None:
                    grams = words[key] = _word_ngrams(w, i < last, self.word_lang_prob_map)
                result += grams
        return result

    def _detect_block(self) -> None:
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        known = self.word_lang_prob_map
        langprob = np.zeros(len(self.langlist))
        rnd = self.random
        rnd.seed(self.seed)
        # random.choice(ngrams) inlined (ngrams[_randbelow(n)], rejection sampling on getrandbits,
        # the same calls in the same order: the same draws), and a row already computed read
        # without _Rows.__getitem__: two Python calls fewer per draw, ~300 draws per document
        n, getrandbits, computed = len(ngrams), rnd.getrandbits, dict.get
        k = n.bit_length()

        def draw() -> np.ndarray:
            r = getrandbits(k)
            while r >= n:
                r = getrandbits(k)
            gram = ngrams[r]
            row = computed(known, gram)
            return known[gram] if row is None else row

        # The probabilities are numpy vectors: each element still gets langdetect's float
        # operations in its order (an elementwise product or quotient is the same IEEE operation),
        # only the loop over the 55 languages runs in C (20 -> 15 us per five updates). The sum
        # stays Python's sum over the values in order, as langdetect's _normalize_prob takes it.
        for _t in range(self.n_trial):
            prob = np.array(self._init_probability())
            alpha = self.alpha + rnd.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            prob = prob * (weight + draw())
            i = 0
            while True:
                # langdetect normalises after the first update and then after every fifth
                values = prob.tolist()
                total = sum(values)
                # its loop keeps the first larger quotient, starting from 0.0; rounding is monotonic,
                # so that is the largest value's quotient (and p / 0.0 raises as langdetect's does)
                top = max(values) / total
                prob = prob / total
                if max(0.0, top) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                    break
                a, b, c, d, e = draw(), draw(), draw(), draw(), draw()
                # five updates; * groups from the left, so each probability gets the same five
                # multiplications in the same order as in langdetect's loop
                prob = prob * (weight + a) * (weight + b) * (weight + c) * (weight + d) * (weight + e)
                i += 5
            langprob = langprob + prob / self.n_trial
        self.langprob = langprob.tolist()


def _word_ngrams(word: str, spaced: bool, known: dict) -> list[str]:
    """The n-grams langdetect's ``NGram`` window yields over ``word`` (already normalised, no
    spaces), starting after a space and, when ``spaced``, followed by one: its own loop, kept."""
    result: list[str] = []
    grams, capital = " ", False
    for ch in word + " " if spaced else word:
        last = grams[-1]
        if last == " ":
            grams, capital = " ", False
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in known:
            result.append(ch)
        if len(grams) >= 2:
            if grams[-2:] in known:
                result.append(grams[-2:])
            if len(grams) >= 3 and grams in known:
                result.append(grams)
    return result


class _Normalised(dict):
    """str.translate table: code point -> langdetect's normalised character, filled on first use."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


class _Rows(dict):
    """n-gram -> its probability in each language, as langdetect's ``word_lang_prob_map`` holds
    it, but each row of 55 floats is computed on first use from the profiles' counts. langdetect
    builds all 87,598 rows up front (0.16 s and about 40 MB per process, every run) for the few
    thousand n-grams a run ever draws. Keys are all there from the start, so ``in`` is a plain
    dict lookup."""

    def __init__(self, profiles: list[tuple[dict, list[int]]]):
        super().__init__(dict.fromkeys(set().union(*(freq for freq, _n in profiles))))
        self.profiles = profiles

    def __getitem__(self, word: str) -> np.ndarray:
        row = dict.__getitem__(self, word)
        if row is None:
            values = [0.0] * len(self.profiles)
            length = len(word)
            if 1 <= length <= 3:
                for index, (freq, n_words) in enumerate(self.profiles):
                    count = freq.get(word)
                    if count is not None:
                        values[index] = 1.0 * count / n_words[length - 1]  # as add_profile computes it
            row = np.array(values)
            dict.__setitem__(self, word, row)
        return row


class FastFactory(DetectorFactory):
    """langdetect's factory with its shipped profiles loaded, making ``FastDetector``s. An
    instance per pipeline (stages/shared.py), never a module-level one."""

    def __init__(self, seed: int):
        super().__init__()
        self.norm_cache = _Normalised()
        self.word_cache: dict[tuple[str, bool], list[str]] = {}
        self.seed = seed
        self._load(PROFILES_DIRECTORY)

    def _load(self, folder: str) -> None:
        """The profiles in file-name order. langdetect's ``load_profile`` takes them in
        ``os.listdir`` order, which the file system decides: the order of the languages changes
        the order of the float sums, so the last digits of a probability could differ between
        machines."""
        profiles = []
        for name in sorted(n for n in os.listdir(folder) if not n.startswith(".")):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                data = json.load(fh)
            if data["name"] in self.langlist:
                raise LangDetectException(ErrorCode.DuplicateLangError, "Duplicate the same language profile.")
            self.langlist.append(data["name"])
            profiles.append((data["freq"], data["n_words"]))
        self.word_lang_prob_map = _Rows(profiles)

    def _create_detector(self) -> FastDetector:
        if not self.langlist:
            raise LangDetectException(ErrorCode.NeedLoadProfileError, "Need to load profiles.")
        return FastDetector(self)


def langdetect_factory(shared: Shared | None, seed: int):
    """A seeded langdetect factory (``langdetect_fast.FastFactory``), shared when ``shared`` is."""
    if shared is None:
        return FastFactory(seed)
    return shared.get(("langdetect", seed), lambda: FastFactory(seed))
