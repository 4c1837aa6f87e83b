"""textstats.words takes a plain \\w+ scan for text without CJK characters; it must find exactly
the words the full pattern finds, in any text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dev_text_paths
from pipeline import textstats

_PIECES = ["word", "Wörter", "x", "_", "42", "½", "é", "e\u0301", " ", ".", "-", "日本", "語", "ひらがな", "カタカナ",
           "한국어", "\u3400", "\uf900", "\u3040", "\u30ff", "\u4dbf", "\u9fff", "\ud7af", "\u3000", "İ", "ǅ", "٣"]


def _reference(text):
    return textstats._WORDS.findall(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_words_as_the_full_pattern_on_random_text(text):
    assert textstats.words(text) == _reference(text)
    assert textstats.count_words(text) == len(_reference(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_words_as_the_full_pattern_on_any_text(text):
    assert textstats.words(text) == _reference(text)


def test_words_as_the_full_pattern_on_dev_text():
    paths = dev_text_paths("page")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert textstats.words(text) == _reference(text)


def test_one_definition_of_a_word_for_counts_and_the_content_features():
    """Korean is written with spaces: a run of Hangul is one word, as the content stage counts it
    (n_words and the filters' min_words had counted each syllable)."""
    from pipeline.stages.content.features import tokens

    assert textstats.words("한국어 문장입니다") == ["한국어", "문장입니다"]
    assert textstats.words("日本語です") == list("日本語です")  # no spaces: a word per character
    for text in ("한국어 문장입니다 and more", "日本語の文章 with words", "Plain words only"):
        assert textstats.words(text.lower()) == tokens(text)
