"""encoding: repair mojibake and encoding damage with ftfy, every step an audited edit.

ftfy's ``fix_and_explain`` returns the steps it took; we replay them one group at a time per line
so each change is an edit named for its step (``encoding.fix_encoding`` for an encode/decode
round trip, ``encoding.<fixer>`` for a single fixer such as ``unescape_html``).
"""
from __future__ import annotations

import re
import unicodedata

from ..document import Document
from ..edits import Proposal, apply
from .base import Stage

# Characters ftfy might act on. A line with none of them is left alone without calling ftfy:
# plain ASCII with no HTML entity, escape or control character is always already clean.
_NEEDS_LOOK = re.compile(r"[^\x09\x0a\x0d\x20-\x25\x27-\x7e]")
# What the enabled ftfy fixers act on besides mojibake: an entity's "&", C1 controls, the Latin
# ligatures ftfy splits, a terminal escape. A line with none of them, no mojibake by ftfy's own
# is_bad test and already in the normal form comes back from fix_and_explain unchanged, so most
# lines with accents or curly quotes skip it (ftfy was 4 % of the text path's CPU).
_LIGATURES = "\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06"
# Characters no match of ftfy's badness pattern (BADNESS_RE, behind is_bad) needs: ASCII, the
# dashes, ellipsis, curly quotes and guillemets ftfy calls "common"/"start"/"end" punctuation, Greek
# and Cyrillic lower case, Arabic, CJK and Hangul. Every one of the pattern's alternatives holds at
# least one character outside this set and matches at most _BAD_WIDTH characters, so a line is bad
# exactly when the pattern matches within _BAD_WIDTH - 1 characters of one of those characters
# (tests/test_encoding_badness.py checks both facts on ftfy's own pattern). Most lines of English
# text have none, and the full search was most of the stage's CPU.
_BAD_SAFE = ("\x00-\x7f\xa0\xad\xb7\xb4\u2013\u2014\u2015\u2026\u2019"
             "\xa1\xab\xbf\xa9\u0384\u0385\u2018\u201a\u201c\u201e\u2022\u2039\uf8ff"
             "\xae\xbb\u02dd\u201d\u203a\u2122"
             "\u03ac-\u03af\u03b0-\u03c9\u0430-\u045f\u0600-\u06ff\u3000-\u9fff\uac00-\ud7af")
_BAD_RUNS = re.compile(f"[^{_BAD_SAFE}]+")
_BAD_WIDTH = 7


def looks_bad(line: str, search) -> bool:
    """``ftfy.badness.is_bad(line)`` given ``search = BADNESS_RE.search``, searching only near the
    characters a match needs."""
    reach = _BAD_WIDTH - 1
    lo = hi = None
    for m in _BAD_RUNS.finditer(line):
        start, end = max(0, m.start() - reach), m.end() + reach
        if hi is not None and start <= hi:
            hi = end
            continue
        if hi is not None and search(line, lo, hi):
            return True
        lo, hi = start, end
    return hi is not None and search(line, lo, hi) is not None


def _groups(plan: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Split a ftfy plan into (rule, steps): an encode..decode run is one mojibake fix."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    run: list[tuple[str, str]] = []
    for op, arg in plan:
        if op in ("encode", "transcode") or (op == "decode" and run):
            run.append((op, arg))
            if op == "decode":
                out.append(("encoding.fix_encoding", run))
                run = []
        elif op == "apply":
            out.append((f"encoding.{arg}", [(op, arg)]))
        elif op == "normalize":
            out.append((f"encoding.normalize_{arg.lower()}", [(op, arg)]))
        else:
            run.append((op, arg))
    if run:
        out.append(("encoding.fix_encoding", run))
    return out


def _run(text: str, steps: list[tuple[str, str]]) -> str:
    import ftfy

    plain = [s for s in steps if s[0] != "normalize"]
    if plain:
        text = ftfy.apply_plan(text, plain)
    for op, arg in steps:
        if op == "normalize":
            text = unicodedata.normalize(arg, text)
    return text


def _span(old: str, new: str) -> tuple[int, int, str]:
    """The smallest (start, end, replacement) turning ``old`` into ``new``."""
    i, n = 0, min(len(old), len(new))
    while i < n and old[i] == new[i]:
        i += 1
    j = 0
    while j < n - i and old[len(old) - 1 - j] == new[len(new) - 1 - j]:
        j += 1
    return i, len(old) - j, new[i:len(new) - j]


class Encoding(Stage):
    """Fix mojibake, HTML entities left in text, and other encoding damage with ftfy.

    Args:
        uncurl_quotes: turn curly quotes into ASCII ones (off: keep the typography the page had).
        fix_character_width: turn fullwidth letters into ASCII (off: CJK text keeps its forms).
        fix_latin_ligatures: turn ligatures such as "ﬁ" into letters.
        unescape_html: "auto" unescapes entities such as ``&amp;`` on lines with no "<".
        normalization: Unicode normal form ftfy applies ("NFC", "NFKC", ... or "" for none).
    """

    name = "encoding"

    def __init__(self, *, uncurl_quotes: bool = False, fix_character_width: bool = False,
                 fix_latin_ligatures: bool = True, unescape_html: str | bool = "auto",
                 normalization: str = "NFC"):
        self.options = dict(
            uncurl_quotes=uncurl_quotes, fix_character_width=fix_character_width,
            fix_latin_ligatures=fix_latin_ligatures, unescape_html=unescape_html,
            normalization=normalization or None,
            # line breaks, control characters and surrogates are the normalise stage's business
            fix_line_breaks=False, remove_control_chars=False, fix_surrogates=False,
        )

    def _unchanged(self):
        """A test telling lines ftfy would leave alone, for these options (None: always ask ftfy)."""
        from ftfy.badness import BADNESS_RE
        from ftfy.chardata import HTML_ENTITY_RE

        opts = self.options
        if opts["uncurl_quotes"] or opts["fix_character_width"]:
            return None
        triggers = "\\x80-\\x9f\\x1b" + (_LIGATURES if opts["fix_latin_ligatures"] else "")
        trigger = re.compile(f"[{triggers}]").search
        # ftfy's unescape_html only rewrites HTML_ENTITY_RE matches: an "&" in "AT&T" is no reason
        entity = HTML_ENTITY_RE.search if opts["unescape_html"] else (lambda line: None)
        form = opts["normalization"]
        search = BADNESS_RE.search
        return lambda line: (not trigger(line) and not ("&" in line and entity(line))
                             and (form is None or unicodedata.is_normalized(form, line))
                             and not looks_bad(line, search))

    def __call__(self, doc: Document) -> Document:
        import ftfy

        config = ftfy.TextFixerConfig(**self.options)
        unchanged = self._unchanged()
        lines = doc.text.split("\n")
        plans: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}
        for i, line in enumerate(lines):
            if not _NEEDS_LOOK.search(line) or (unchanged and unchanged(line)):
                continue
            fixed, explanation = ftfy.fix_and_explain(line, config)
            if fixed != line:
                groups = _groups([tuple(step) for step in explanation or []])
                if _replays(line, groups, fixed):
                    plans[i] = groups
                else:  # ftfy changed the text in a way its plan does not replay: one edit for all
                    plans[i] = [("encoding.ftfy", [("__set__", fixed)])]
        if not plans:
            return doc
        steps_note = "; ".join(f"line {i + 1}: " + ", ".join(r for r, _ in g) for i, g in sorted(plans.items()))
        rounds = max(len(g) for g in plans.values())
        for r in range(rounds):
            offsets, pos = [], 0
            for line in lines:
                offsets.append(pos)
                pos += len(line) + 1
            proposals = []
            for i, groups in plans.items():
                if r >= len(groups):
                    continue
                rule, steps = groups[r]
                new = steps[0][1] if steps and steps[0][0] == "__set__" else _run(lines[i], steps)
                a, b, rep = _span(lines[i], new)
                proposals.append(Proposal(offsets[i] + a, offsets[i] + b, rep, rule))
                lines[i] = new
            doc = apply(doc, self.name, proposals)
        return doc.with_note(self.name, "ftfy_steps", steps_note)


def _replays(line: str, groups, fixed: str) -> bool:
    try:
        text = line
        for _rule, steps in groups:
            text = _run(text, steps)
        return text == fixed
    except Exception:  # a plan ftfy cannot replay on its own is recorded as one edit instead
        return False
