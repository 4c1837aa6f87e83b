"""FastDetector must give exactly stock langdetect's answers (language, probability, exception)."""
from __future__ import annotations

import glob
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from langdetect.utils.lang_profile import LangProfile

from pipeline.stages.language.langdetect_fast import FastFactory
from conftest import ROOT

def load_sorted(factory: DetectorFactory, folder: str) -> None:
    """Stock langdetect's add_profile for every profile, in the file-name order FastFactory uses."""
    names = sorted(n for n in os.listdir(folder) if not n.startswith("."))
    for index, name in enumerate(names):
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            factory.add_profile(LangProfile(**json.load(fh)), index, len(names))


SHARED = os.path.join(ROOT.parent, "shared")


@pytest.fixture(scope="module")
def factories():
    stock = DetectorFactory()
    load_sorted(stock, PROFILES_DIRECTORY)  # the same language order on both sides
    stock.seed = 0
    return stock, FastFactory(seed=0)


def answer(factory, text: str):
    det = factory.create()
    det.append(text)
    try:
        top = [(lang.lang, lang.prob) for lang in det.get_probabilities()]
        # every language's probability, not only those over the 0.1 reporting threshold: a
        # difference in any float operation of the trials shows here first
        return top, [float(p) for p in det.langprob]
    except LangDetectException as exc:
        return f"error {exc.code}"


def shared_texts() -> list[str]:
    texts = []
    for path in sorted(glob.glob(os.path.join(SHARED, "bench", "dev", "page", "*")))[:30]:
        with open(path, encoding="utf-8") as fh:
            texts.append(fh.read())
    for path in sorted(glob.glob(os.path.join(SHARED, "seeds", "**", "*.*"), recursive=True)):
        if path.endswith((".txt", ".html", ".md")):
            with open(path, encoding="utf-8", errors="replace") as fh:
                texts.append(fh.read())
    return texts


def test_same_answers_on_real_pages(factories):
    stock, fast = factories
    texts = shared_texts()
    assert len(texts) >= 30, "the shared dev pages and seeds should be beside the checkout"
    for text in texts:
        for size in (300, 2000, 10000):
            assert answer(fast, text[:size]) == answer(stock, text[:size])


CASES = [
    "", "   ", "12345 !!! ...", "Hello world, this is English text with URLs http://x.org/a?b=c and mail a@b.co",
    "NASA and the ESA SAID IT WAS FINE", "Ceci est une phrase française, n'est-ce pas ?",
    "Это русский текст с несколькими словами.", "これは日本語の文章です。カタカナもあります。",
    "这是一个中文句子，用于测试。", "한국어 문장입니다 테스트", "هذا نص عربي للاختبار ی",
    "Tiếng Việt có dấu: Hà Nội, Việt Nam", "Mixed Latin and Кириллица and 漢字 together",
    "Ștefan și Țara Românească", "A\u0300 combining marks e\u0301 here",
]


@pytest.mark.parametrize("text", CASES)
def test_same_answers_on_edge_cases(factories, text):
    stock, fast = factories
    assert answer(fast, text) == answer(stock, text)


_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  ..,'-\n")
                            + list("éèçßäöüñøåœ") + list("абвгдежзийклмнопрстуфхцчшщыэюя")
                            + list("あいうえおアイウエオ日本語中文한국어") + list("αβγδεζηθ") + list("אבגדה"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, min_size=0, max_size=400).map("".join))
def test_same_answers_on_generated_text(factories, text):
    stock, fast = factories
    assert answer(fast, text) == answer(stock, text)


def test_the_fast_factory_makes_fast_detectors():
    from pipeline.stages.language.langdetect_fast import FastDetector

    assert isinstance(FastFactory(seed=0).create(), FastDetector)
