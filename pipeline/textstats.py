"""Counting words the same way everywhere (filters, the documents table, the summary)."""
from __future__ import annotations

import re

# Scripts written without spaces count one word per character, so a Japanese article is not
# "three words long".
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORDS = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
# Without a CJK character in the text _WORDS finds exactly the runs of \w, which re scans faster
# (tests/test_textstats_words.py compares the two).
_CJK_CHAR = re.compile(f"[{_CJK}]")
_PLAIN = re.compile(r"\w+")


def count_words(text: str) -> int:
    return len(words(text))


def words(text: str) -> list[str]:
    """The words ``count_words`` counts, in order (a CJK character is one word)."""
    return (_WORDS if _CJK_CHAR.search(text) else _PLAIN).findall(text)
