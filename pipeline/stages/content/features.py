"""Blocks of a text input and the numbers the content classifier reads for each.

A block is one line of the text (scrapers print one line per block element; joins has already
split glued blocks). Each block gets shape features (words, terminal punctuation, capitals,
digits, separators), language-aware prose features (the share of the document language's most
common words, which are function words in every language), page features (repeats, position,
distance to the densest run of prose, similarity to the title), and the same numbers averaged
over its neighbours, so the classifier sees the context jusText's smoothing uses.

The training script (training/train_content.py) imports this module, so the model is fitted on
exactly the numbers the stage computes.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from itertools import accumulate
from typing import NamedTuple

import numpy as np

from ...textstats import CJK, WORD
from .vocabulary import BOILERPLATE_WORDS, COMMENT_WORDS, SEPARATORS

# A word as the whole pipeline counts it (textstats: ideographs and kana one per character).
_CJK, _TOKEN = CJK, WORD
# the tokens _TOKEN finds in a text with no character of _CJK's ranges, found faster (block_tokens)
_WORD = re.compile(r"\w+")
_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b")
# A comment's header line: "NAME on DATE at TIME said:", "NAME says:" (a date or time, ending in a
# colon, short).
_COMMENT_HEADER = re.compile(r"(?:\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b).{0,60}:\s*$")
# _DATE and _COMMENT_HEADER as the feature code searches them: the same matches, the pattern
# starting with its first digit (the year's first digit checked by a look-behind), so the search
# skips to the next digit in C rather than trying both alternatives at every character.
_DATE_AT = r"\d(?<!\w\d)(?:(?<=1)[89]\d\d|(?<=2)0\d\d|\d?:\d\d)\b"
_DATE_SCAN = re.compile(_DATE_AT)
_COMMENT_HEADER_SCAN = re.compile(_DATE_AT + r".{0,60}:\s*$")
# The stricter form the thread rule counts: a year AND a time of day, then a colon at the end, as
# comment systems stamp each comment ("NAME on September 12, 2018 at 4:47 pm said:"). An article's
# own short lines ending in a colon carry a year ("In 2019:") far more often than a clock time, and
# the rule drops everything after the thread's start, so it must not take them for a thread.
_THREAD_HEADER = re.compile(r"^(?=.*\b(?:1[89]|20)\d\d\b)(?=.*\b\d{1,2}:\d\d\b).*:\s*$")


class Block(NamedTuple):
    start: int  # offset of the first character of the line
    end: int    # offset just past the line (before its newline)
    text: str


def blocks(text: str) -> list[Block]:
    """The text's lines that hold more than spaces (line.strip() is not empty)."""
    lines = text.split("\n")
    starts = accumulate([len(line) + 1 for line in lines], initial=0)
    # (tuple.__new__ is what Block(...) calls, without the Python-level __new__ in between: a
    # page has a few hundred lines)
    new = tuple.__new__
    return [new(Block, (pos, pos + len(line), line)) for pos, line in zip(starts, lines)
            if line and not line.isspace()]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def block_tokens(blks: list[Block]) -> list[list[str]]:
    """tokens() of each block: the blocks lowered as one text (str.lower looks across no newline:
    a final sigma is decided within its line), then searched line by line. In a text without a
    character of the ideograph and kana ranges _TOKEN's tokens are the runs of word characters,
    which \\w+ finds faster."""
    if not blks:
        return []
    lowered = "\n".join([b.text for b in blks]).lower()
    pattern = _TOKEN if _may_hold_cjk(lowered) else _WORD
    return list(map(pattern.findall, lowered.split("\n")))


def _may_hold_cjk(text: str) -> bool:
    """Whether ``text`` has a character from U+3040 to U+FAFF (the span of _CJK's ranges)."""
    if text.isascii():
        return False
    code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return bool(((code >= 0x3040) & (code <= 0xFAFF)).any())


def stop_words(lang: str, size: int) -> frozenset[str]:
    """The language's ``size`` most frequent words from the wordfreq lexicon (empty if unknown)."""
    from wordfreq import available_languages, top_n_list

    if lang not in available_languages():
        return frozenset()
    return frozenset(w.lower() for w in top_n_list(lang, size))


def adaptive_stop_words(block_tokens: list[list[str]], size: int) -> frozenset[str]:
    """For a language wordfreq does not know: the document's own most frequent words."""
    counts = Counter(t for toks in block_tokens for t in toks if not t.isdigit())
    return frozenset(w for w, _ in counts.most_common(size))


# A comment thread: at least THREAD_HEADERS comment header lines ("NAME on DATE at TIME said:")
# within THREAD_WINDOW lines, each of at most THREAD_HEADER_WORDS words. Set by hand from the
# shape of WordPress / Disqus-style threads, not fitted: one dev site has such a thread, and a lone
# dated line ending in a colon inside an article (a timestamped quote) must not count, hence
# three of them close together.
THREAD_HEADERS, THREAD_WINDOW, THREAD_HEADER_WORDS, THREAD_HEADING_LINES = 3, 30, 12, 6


def comment_thread(blks: list[Block], toks: list[list[str]] | None = None) -> int:
    """Index of the first line of the page's reader-comment thread (its heading, "12 Comments",
    when one sits just above the first comment header), or len(blks) if it has none."""
    toks = toks if toks is not None else block_tokens(blks)
    # (a header ends in a colon: the other lines need no search)
    headers = [i for i, b in enumerate(blks)
               if len(toks[i]) <= THREAD_HEADER_WORDS and ":" in b.text and _THREAD_HEADER.search(b.text)]
    for j, i in enumerate(headers[:len(headers) - THREAD_HEADERS + 1]):
        if headers[j + THREAD_HEADERS - 1] < i + THREAD_WINDOW:
            # The thread's heading sits a few lines above the first header recognised (the first
            # comments' headers may be glued to their text in merged text).
            for back in range(THREAD_HEADING_LINES, 0, -1):
                if i >= back and 0 < len(toks[i - back]) <= 4 and any(w in COMMENT_WORDS for w in toks[i - back]):
                    return i - back
            return i
    return len(blks)


def _max_run(weights: list[float]) -> tuple[int, int]:
    """The contiguous run of blocks with the largest total weight (Kadane); (-1, -1) if none."""
    best, best_span, cur, cur_start = 0.0, (-1, -1), 0.0, 0
    for i, w in enumerate(weights):
        if cur <= 0:
            cur, cur_start = 0.0, i
        cur += w
        if cur > best:
            best, best_span = cur, (cur_start, i)
    return best_span


FEATURES = (
    "log_words", "log_chars", "terminal", "colon_end", "stop_share", "log_stops", "cap_share",
    "upper_share", "digit_share", "letter_share", "comma_rate", "boiler_share", "log_boiler",
    "separators", "tabs", "repeats", "title_sim", "date", "rel_pos", "words_before",
    "in_run_1", "in_run_8", "run_dist", "after_headline",
    "prev_words", "next_words", "prev_stop", "next_stop", "win3_words", "win3_stop", "win3_terminal",
    "win10_words", "win10_stop", "win10_prose", "short_run",
    "after_comments", "comment_header", "win10_comment_headers", "stop_rel", "words_rel",
)


def short_runs(words: list[int], most: int = 4) -> list[int]:
    """For each block, the length of the run of blocks of at most ``most`` words it is in (0 for a
    longer block): menus print one short item per line."""
    out = [0] * len(words)
    i = 0
    while i < len(words):
        if words[i] > most:
            i += 1
            continue
        j = i
        while j < len(words) and words[j] <= most:
            j += 1
        out[i:j] = [j - i] * (j - i)
        i = j
    return out


def _window(values: list[float], i: int, k: int) -> float:
    lo, hi = max(0, i - k), min(len(values), i + k + 1)
    return sum(values[lo:hi]) / (hi - lo)


def _window_means(values: np.ndarray, k: int) -> np.ndarray:
    """_window(row, i, k) for every block i of every row of ``values`` (rows x blocks) at once:
    the same floats, each window's sum added up in the same order (from 0, left to right, as
    sum() of floats does in Python 3.11). The rows are padded with k zeros at each end, which add
    nothing: 0.0 + 0.0 and x + 0.0 are exact, and a running sum started from +0.0 is never -0.0."""
    rows, n = values.shape
    padded = np.zeros((rows, n + 2 * k))
    padded[:, k:k + n] = values
    total = padded[:, :n] + 0.0
    for j in range(1, 2 * k + 1):
        total += padded[:, j:j + n]
    at = np.arange(n)
    return total / (np.minimum(n, at + k + 1) - np.maximum(0, at - k))


# Character classes, as bits: str.isalpha, isalpha and isupper, isdigit, one of SEPARATORS, a
# comma, a tab; and isspace (the spaces str.split and str.strip cut at).
_ALPHA, _UPPER, _DIGIT, _SEP, _COMMA, _TAB, _SPACE = 1, 2, 4, 8, 16, 32, 64


def _char_class(c: str) -> int:
    alpha = c.isalpha()
    return ((_ALPHA if alpha else 0) | (_UPPER if alpha and c.isupper() else 0)
            | (_DIGIT if c.isdigit() else 0) | (_SEP if c in SEPARATORS else 0)
            | (_COMMA if c == "," else 0) | (_TAB if c == "\t" else 0) | (_SPACE if c.isspace() else 0))


@functools.cache
def _class_table() -> np.ndarray:
    """_char_class of every character of the Basic Multilingual Plane, by code point: each class
    as the str method's own answer, from one filter() over all of them. Made on first use (about
    25 ms, so only a process that scores text pays it) and read-only."""
    every = "".join(map(chr, range(0x10000)))

    def points(chars) -> np.ndarray:
        return np.frombuffer("".join(chars).encode("utf-32-le", "surrogatepass"), dtype="<u4")

    table = np.zeros(0x10000, dtype=np.uint8)
    letters = "".join(filter(str.isalpha, every))
    for bit, chars in ((_ALPHA, letters), (_UPPER, filter(str.isupper, letters)),
                       (_DIGIT, filter(str.isdigit, every)), (_SEP, SEPARATORS), (_COMMA, ","),
                       (_TAB, "\t"), (_SPACE, filter(str.isspace, every))):
        table[points(chars)] |= bit
    table.flags.writeable = False
    return table


def _spread(width: int) -> np.ndarray:
    """For each byte of 8 class bits, the bits spread into counting fields of ``width`` bits in
    uint64 words (64 // width fields a word): summing the words sums every field at once."""
    per_word = 64 // width
    bits = (np.arange(256, dtype=np.uint64)[:, None] >> np.arange(8, dtype=np.uint64)) & np.uint64(1)
    shifts = np.array([width * (b % per_word) for b in range(8)], dtype=np.uint64)
    spread = (bits << shifts).reshape(256, 8 // per_word, per_word).sum(axis=2, dtype=np.uint64).T.copy()
    spread.flags.writeable = False
    return spread  # (words, 256)


_SPREAD16, _SPREAD32 = _spread(16), _spread(32)


def _line_counts(lines: list[str], width: int | None = None) -> np.ndarray:
    """(8, lines) counts: each line's letters, upper-case letters, digits (as str.isalpha / isupper
    / isdigit count them), separators, commas and tabs, and the initials of its words (str.split's)
    that are letters and upper-case letters. All lines at once: the characters as code points,
    their classes looked up as bits, the bits spread into counting fields (16 bits wide when no
    line is 65536 characters long, else 32; ``width`` forces one) and summed per line (no line may
    be empty: each one's sum starts at its first character)."""
    if width is None:
        width = 16 if max(map(len, lines)) < 1 << 16 else 32
    code = np.frombuffer("\n".join(lines).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    classes = _class_table()[np.minimum(code, 0xFFFF)]
    astral = code > 0xFFFF
    if astral.any():  # beyond the table (emoji, historic scripts): asked one by one
        classes[astral] = [_char_class(chr(c)) for c in code[astral].tolist()]
    space = (classes & _SPACE) != 0
    initial = ~space  # a word's first character: not a space, after a space (or a newline) or first
    initial[1:] &= space[:-1]
    # bits 6 and 7 (free once the space bit has been read): a word's initial letter, upper-case
    counted = (classes & 63) | ((classes & (_ALPHA | _UPPER)) * initial.view(np.uint8)) << 6
    starts = np.concatenate(([0], np.flatnonzero(code == 10) + 1))
    spread, field = (_SPREAD16, "<u2") if width == 16 else (_SPREAD32, "<u4")
    # each word's sums read back as its fields: little-endian, the first field is the lowest bits
    sums = [np.add.reduceat(word[counted], starts).astype("<u8").view(field).reshape(len(starts), -1)
            for word in spread]
    return np.concatenate(sums, axis=1).T.astype(np.int64)


# Counts below this have their math.log1p read from a table.
_LOG1P_TABLE = 4096


@functools.cache
def _log1p_table() -> np.ndarray:
    """math.log1p(k) for every k below _LOG1P_TABLE (read-only, made on first use)."""
    table = np.array(list(map(math.log1p, range(_LOG1P_TABLE))))
    table.flags.writeable = False
    return table


def _log1p(counts) -> np.ndarray:
    """math.log1p of each of ``counts``: for counts (integers from 0) read from a table of
    math.log1p's own floats, math.log1p itself for a count beyond it (a long line's characters)
    or for anything else."""
    counts = np.asarray(counts)
    if counts.size == 0:
        return np.zeros(0)
    if counts.dtype.kind not in "iu" or counts.min() < 0:
        return np.array(list(map(math.log1p, counts.tolist())))
    table = _log1p_table()
    if counts.max() < _LOG1P_TABLE:
        return table[counts]
    out = table[np.minimum(counts, _LOG1P_TABLE - 1)]
    big = counts >= _LOG1P_TABLE
    out[big] = list(map(math.log1p, counts[big].tolist()))
    return out


# A line ends like a sentence: a terminal mark, then only closing quotes and brackets (the two
# sets share no character, so rstrip then endswith is the regex [.!?。！？…:;]["'”’»)\]]*$).
_TERMINALS, _CLOSERS = tuple(".!?。！？…:;"), "\"'”’»)]"


def features(blks: list[Block], stops: frozenset[str], title: str | None,
             toks: list[list[str]] | None = None) -> list[list[float]]:
    """One feature row per block, in FEATURES order (``toks``: the blocks' tokens, if known)."""
    return feature_matrix(blks, stops, title, toks).T.tolist()


def feature_matrix(blks: list[Block], stops: frozenset[str], title: str | None,
                   toks: list[list[str]] | None = None) -> np.ndarray:
    """The blocks' features as a (len(FEATURES), blocks) float64 array: a row per feature, a
    column per block. Counts are taken for all lines at once where they can be, and everything
    computed from them for all blocks at once: the divisions and comparisons are exact IEEE
    operations, the same in numpy as in Python; the logarithms stay math.log1p."""
    toks = toks if toks is not None else block_tokens(blks)
    n = len(blks)
    if n == 0:
        return np.zeros((len(FEATURES), 0))
    title_toks = set(tokens(title or ""))
    norm = [" ".join(t) for t in toks]
    repeats = Counter(norm)
    words = [len(t) for t in toks]
    total_words = sum(words) or 1
    stripped = [b.text.strip() for b in blks]
    n_letters, n_upper, n_digits, n_separators, n_commas, n_tabs, n_initials, n_cap = _line_counts(stripped)
    n_stop = np.array([sum(map(stops.__contains__, t)) for t in toks])
    n_boiler = np.array([sum(map(BOILERPLATE_WORDS.__contains__, t)) for t in toks])
    n_chars = np.array(list(map(len, stripped)))
    words_a = np.array(words)
    nw = np.maximum(words_a, 1)
    stop_share = n_stop / nw
    terminal = np.array([s.rstrip(_CLOSERS).endswith(_TERMINALS) for s in stripped], dtype=np.float64)
    # Prose: a block with enough words, many of them function words, ending like a sentence.
    # The thresholds are loose on purpose (the classifier weighs the details); they only mark
    # where the article's run of prose lies.
    prose_a = (words_a >= 8) & (stop_share >= 0.15)
    prose = prose_a.tolist()
    spans = []
    for cost in (1.0, 8.0):
        spans.append(_max_run([w if p else -cost for w, p in zip(words, prose)]))
    a, b_ = spans[1]
    sims = [0.0] * n
    if title_toks:
        for i, t in enumerate(toks):
            if not title_toks.isdisjoint(t):  # (0.0 otherwise, as 0 / len would be)
                distinct = set(t)
                sims[i] = len(distinct & title_toks) / len(distinct)
    headline = next((i for i in range(n) if sims[i] >= 0.8 and words[i] >= 3), -1)
    # the first comment-thread heading after the article's prose started
    first_prose = next((i for i in range(n) if prose[i]), n)
    comments_at = next((i for i in range(first_prose + 1, n)
                        if 0 < words[i] <= 4 and any(w in COMMENT_WORDS for w in toks[i])), n)
    # A date (a year or a time of day) needs three digits, a comment header a date and a colon:
    # the other lines need no search.
    digits = n_digits.tolist()
    date = [d >= 3 and _DATE_SCAN.search(b.text) is not None for d, b in zip(digits, blks)]
    # (a comment header's match starts with a date's: only dated lines need the search)
    headers = np.array([dt and w <= 20 and ":" in b.text and _COMMENT_HEADER_SCAN.search(b.text) is not None
                        for w, dt, b in zip(words, date, blks)], dtype=np.float64)
    # The document's own prose level, so a language whose frequent words cover more or less of
    # its text (or a terse house style) is judged against itself.
    stop_list = stop_share.tolist()
    run_lines = [i for i in range(n) if a <= i <= b_ and prose[i]] or [i for i in range(n) if prose[i]]
    prose_stop = sorted(stop_list[i] for i in run_lines)[len(run_lines) // 2] if run_lines else 0.3
    prose_words = (sum(math.log1p(words[i]) for i in run_lines) / len(run_lines)) if run_lines else 0.0
    log_words = _log1p(words_a)
    at = np.arange(n)
    dist = np.full(n, n) if a < 0 else np.maximum(np.maximum(a - at, at - b_), 0)
    before = np.cumsum(words_a) - words_a
    w3 = _window_means(np.array([log_words, stop_share, terminal]), 3)
    w10 = _window_means(np.array([log_words, stop_share, prose_a, headers]), 10)
    columns = (
        log_words, _log1p(n_chars), terminal, [s.endswith(":") for s in stripped],
        stop_share, _log1p(n_stop),
        n_cap / np.maximum(n_initials, 1),
        n_upper / np.maximum(n_letters, 1),
        n_digits / np.maximum(n_chars, 1),
        n_letters / np.maximum(n_chars, 1),
        n_commas / nw,
        n_boiler / nw, _log1p(n_boiler),
        n_separators, n_tabs,
        [repeats[key] - 1 for key in norm], sims, date,
        at / n, before / total_words,
        (spans[0][0] <= at) & (at <= spans[0][1]),
        (a <= at) & (at <= b_),
        _log1p(dist),
        0.0 if headline < 0 else np.where(at > headline, 1.0, -1.0),
        0.0, 0.0, 0.0, 0.0,  # the neighbours' words and stop shares, filled in below
        *w3, *w10[:3],
        _log1p(short_runs(words)),
        at > comments_at, headers, w10[3],
        stop_share / max(prose_stop, 0.05), log_words - prose_words,
    )
    out = np.empty((len(FEATURES), n))
    for row, values in zip(out, columns):
        row[:] = values
    prev_words, next_words, prev_stop, next_stop = out[FEATURES.index("prev_words"):FEATURES.index("next_stop") + 1]
    prev_words[1:], next_words[:-1] = log_words[:-1], log_words[1:]
    prev_stop[1:], next_stop[:-1] = stop_share[:-1], stop_share[1:]
    return out


# The second pass reads the first pass's log-odds around each block (the neighbours' decisions,
# as jusText's context smoothing does) plus a few of the block's own numbers.
CONTEXT_FEATURES = (
    "logit", "prev1", "next1", "prev2", "next2", "prev3", "next3", "win5", "win10", "win25",
    "max_before", "max_after", "kept_before", "kept_after", "log_words", "terminal", "stop_share",
    "repeats",
)
_EDGE = -10.0  # the log-odds of the nothing beyond the first and last block
_OWN = [FEATURES.index(f) for f in ("log_words", "terminal", "stop_share", "repeats")]


def context_rows(logits: list[float], rows: list[list[float]]) -> list[list[float]]:
    n = len(logits)

    def at(j: int) -> float:
        return logits[j] if 0 <= j < n else _EDGE

    positive = [1.0 if z > 0 else 0.0 for z in logits]
    out = []
    for i in range(n):
        before, after = logits[max(0, i - 20):i], logits[i + 1:i + 21]
        out.append([
            logits[i], at(i - 1), at(i + 1), at(i - 2), at(i + 2), at(i - 3), at(i + 3),
            _window(logits, i, 5), _window(logits, i, 10), _window(logits, i, 25),
            max(before, default=_EDGE), max(after, default=_EDGE),
            sum(positive[:i]) / n, sum(positive[i + 1:]) / n,
            *(rows[i][k] for k in _OWN),
        ])
    return out
