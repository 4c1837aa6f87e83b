"""What a word is, once for the whole pipeline: the filters, the documents table's n_words and the
content stage's features all count with these patterns."""
from __future__ import annotations

import re

# Ideographs and kana are written without spaces: one character counts as one word, so a Japanese
# article is not "three words long". Hangul is written with spaces, so a run of it is a word like
# any other (counting its syllables one by one made a Korean text three times as many words).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+")
_WORDS = WORD
# Without a CJK character in the text _WORDS finds exactly the runs of \w, which re scans faster
# (tests/test_textstats_words.py compares the two).
_CJK_CHAR = re.compile(f"[{CJK}]")
_PLAIN = re.compile(r"\w+")


def count_words(text: str) -> int:
    return len(words(text))


def words(text: str) -> list[str]:
    """The words ``count_words`` counts, in order (a CJK character is one word)."""
    return (_WORDS if _CJK_CHAR.search(text) else _PLAIN).findall(text)
