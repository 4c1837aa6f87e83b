"""normalise: invalid Unicode, control and invisible characters, and whitespace, each an edit.

The result has paragraphs separated by exactly one blank line, single spaces inside lines, no
trailing spaces and no leading or trailing blank lines.
"""
from __future__ import annotations

import re

from ..document import Document
from ..edits import Proposal, apply
from .base import Stage

# Characters fixed one at a time. Lone surrogates come from JSON "\ud800" escapes and cannot be
# written to Parquet; C0/C1 controls other than tab and newline are never text.
_CHARS = re.compile(
    r"(?P<surrogate>[\ud800-\udfff])"
    r"|(?P<crlf>\r\n?|[\u2028\u2029\x85])"
    r"|(?P<control>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f])"
    # zero-width space, word joiner, BOM inside text and soft hyphen split words for any tokenizer
    r"|(?P<invisible>[\u200b\u2060\ufeff\u00ad])"
    r"|(?P<space>[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])"
)
# The same characters as one class: a scan for a single class runs many times faster than the
# alternation above, and most texts hold few or none of them.
_ANY_CHAR = re.compile("[\ud800-\udfff\r\u2028\u2029\x85\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
                       "\u200b\u2060\ufeff\u00ad\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_REPLACE = {"surrogate": "\ufffd", "crlf": "\n", "control": "", "invisible": "", "space": " "}
_RULES = {"surrogate": "normalise.invalid_unicode", "crlf": "normalise.line_breaks",
          "control": "normalise.control_chars", "invisible": "normalise.invisible_chars",
          "space": "normalise.unicode_space"}

_LAYOUT = re.compile(
    r"(?P<lead>\A\s+)"                       # whitespace before the first word
    # (?<!\s): tried inside a run of blanks "breaks" and "spaces" do not take (no-break spaces,
    # "\r"), \s+\Z rescanned the rest of the run at each of its characters: quadratic, found by
    # tests/reliability/test_s22_redos_every_pattern.py. Same matches: where tail fails on a
    # blank, it fails on the blanks after it too.
    r"|(?P<tail>(?<!\s)\s+\Z)"                # whitespace after the last word
    r"|(?P<breaks>[ \t]*\n(?:[ \t]*\n)*[ \t]*)"  # a line break with the blanks around it
    r"|(?P<spaces>[ \t]{2,})"                # a run of spaces or tabs inside a line
)
# _LAYOUT between the leading and trailing whitespace, where only "breaks" and "spaces" can match
# (a match there is all blanks and cannot reach the last word). Every alternative starts with a
# literal, so the scan jumps from one blank to the next instead of trying four alternatives at
# every character; a match holds a line break exactly when _LAYOUT would call it "breaks".
# tests/test_normalise_scan.py compares the two.
_INNER = re.compile(r"\n(?:[ \t]*\n)*[ \t]*|\ [ \t]*\n(?:[ \t]*\n)*[ \t]*|\t[ \t]*\n(?:[ \t]*\n)*[ \t]*"
                    r"|\ [ \t]+|\t[ \t]+")


class Normalise(Stage):
    """Repair invalid characters and lay text out as paragraphs separated by one blank line.

    Args:
        unicode_spaces: turn no-break and other Unicode spaces into a plain space.
        invisible_chars: remove zero-width spaces, word joiners, stray BOMs and soft hyphens.
        one_paragraph_per_line: a single line break also starts a new paragraph (scrapers emit one
            line per block); off keeps single line breaks inside paragraphs.
    """

    name = "normalise"

    def __init__(self, *, unicode_spaces: bool = True, invisible_chars: bool = True,
                 one_paragraph_per_line: bool = True):
        self.unicode_spaces = unicode_spaces
        self.invisible_chars = invisible_chars
        self.one_paragraph_per_line = one_paragraph_per_line

    def __call__(self, doc: Document) -> Document:
        props = []
        # every match of _CHARS starts on one of _ANY_CHAR's characters, and none spans another
        for hit in _ANY_CHAR.finditer(doc.text):
            m = _CHARS.match(doc.text, hit.start())
            kind = m.lastgroup
            if (kind == "space" and not self.unicode_spaces) or (kind == "invisible" and not self.invisible_chars):
                continue
            props.append(Proposal(m.start(), m.end(), _REPLACE[kind], _RULES[kind]))
        doc = apply(doc, self.name, props)
        props = []
        for start, end, kind in layout(doc.text):
            s = doc.text[start:end]
            if kind in ("lead", "tail"):
                props.append(Proposal(start, end, "", "normalise.strip"))
            elif kind == "spaces":
                props.append(Proposal(start, end, "\t" if "\t" in s else " ", "normalise.inner_space"))
            elif s == "\n\n" or (s == "\n" and not self.one_paragraph_per_line):
                continue  # already laid out: apply would record nothing for it
            else:
                n = s.count("\n")
                if n == 1 and not self.one_paragraph_per_line:
                    props.append(Proposal(start, end, "\n", "normalise.trailing_space"))
                elif n == 1:
                    props.append(Proposal(start, end, "\n\n", "normalise.paragraph_break"))
                else:
                    rule = "normalise.blank_lines" if n > 2 else "normalise.trailing_space"
                    props.append(Proposal(start, end, "\n\n", rule))
        return apply(doc, self.name, props)


def layout(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each match of _LAYOUT in ``text``, in order, found with _INNER."""
    lead, tail = len(text) - len(text.lstrip()), len(text.rstrip())  # str.strip() trims what \s matches
    if lead == len(text):
        return [(0, lead, "lead")] if text else []
    out = [(0, lead, "lead")] if lead else []
    out += [(m.start(), m.end(), "breaks" if "\n" in m.group() else "spaces")
            for m in _INNER.finditer(text, lead, tail)]
    if tail < len(text):
        out.append((tail, len(text), "tail"))
    return out
