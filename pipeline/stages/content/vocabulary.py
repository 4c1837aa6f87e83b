"""Vocabulary the content stage reads: words that mark page furniture rather than prose.

The word lists are data files beside this module (``*_words.txt``, each saying where its words
come from); this module loads them once.
"""
from __future__ import annotations

from ..vocabulary import words

BOILERPLATE_WORDS = words(__package__, "boilerplate_words.txt")
# The networks a share bar names: a furniture line holding one of them is named content.share_bar.
SHARE_WORDS = words(__package__, "share_words.txt")

# Characters that separate the items of a menu, breadcrumb or footer flattened onto one line.
SEPARATORS = "|•·»›>/–"

COMMENT_WORDS = words(__package__, "comment_words.txt")
