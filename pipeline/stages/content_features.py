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

import math
import re
from collections import Counter
from dataclasses import dataclass

from .content_rules import BOILERPLATE_WORDS, COMMENT_WORDS, SEPARATORS

# Ideographs and kana are written without spaces: one character counts as one word. Hangul is
# written with spaces, so a run of it is a word like any other.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_TERMINAL = re.compile(r"[.!?。！？…:;][\"'”’»)\]]*$")
_COLON = re.compile(r":\s*$")
_SEPARATOR = re.compile("[" + re.escape(SEPARATORS) + "]")
_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b")
# A comment's header line: "NAME on DATE at TIME said:", "NAME says:" (a date or time, ending in a
# colon, short).
_COMMENT_HEADER = re.compile(r"(?:\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b).{0,60}:\s*$")
# The stricter form the thread rule counts: a year AND a time of day, then a colon at the end, as
# comment systems stamp each comment ("NAME on September 12, 2018 at 4:47 pm said:"). An article's
# own short lines ending in a colon carry a year ("In 2019:") far more often than a clock time, and
# the rule drops everything after the thread's start, so it must not take them for a thread.
_THREAD_HEADER = re.compile(r"^(?=.*\b(?:1[89]|20)\d\d\b)(?=.*\b\d{1,2}:\d\d\b).*:\s*$")


@dataclass(frozen=True)
class Block:
    start: int  # offset of the first character of the line
    end: int    # offset just past the line (before its newline)
    text: str


def blocks(text: str) -> list[Block]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Block(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


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
    toks = toks if toks is not None else [tokens(b.text) for b in blks]
    headers = [i for i, b in enumerate(blks)
               if len(toks[i]) <= THREAD_HEADER_WORDS and _THREAD_HEADER.search(b.text)]
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


def _bounds(n: int, k: int) -> list[tuple[int, int, int]]:
    """(start, end, size) of the window of k blocks on each side of every block."""
    out = []
    for i in range(n):
        lo, hi = max(0, i - k), min(n, i + k + 1)
        out.append((lo, hi, hi - lo))
    return out


def _windows(values: list[float], bounds: list[tuple[int, int, int]]) -> list[float]:
    """_window(values, i, k) for every i, ``bounds`` from _bounds(n, k): the same sums, in the
    same order, without a call per block."""
    return [sum(values[lo:hi]) / size for lo, hi, size in bounds]


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"


def _char_counts(s: str) -> tuple[int, int, int]:
    """(letters, upper-case letters, digits) of a line, as str.isalpha / isupper / isdigit count
    them; ASCII lines (most of them) are counted by bytes.translate, without a Python loop."""
    if s.isascii():
        raw = s.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)), size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    letters = "".join(filter(str.isalpha, s))
    return len(letters), sum(map(str.isupper, letters)), sum(map(str.isdigit, s))


def features(blks: list[Block], stops: frozenset[str], title: str | None,
             toks: list[list[str]] | None = None) -> list[list[float]]:
    """One feature row per block, in FEATURES order (``toks``: the blocks' tokens, if known)."""
    toks = toks if toks is not None else [tokens(b.text) for b in blks]
    n = len(blks)
    if n == 0:
        return []
    title_toks = set(tokens(title or ""))
    norm = [" ".join(t) for t in toks]
    repeats = Counter(norm)
    words = [len(t) for t in toks]
    total_words = sum(words) or 1
    stop_share, terminal, shape = [], [], []
    for b, t in zip(blks, toks):
        s = b.text.strip()
        nw = len(t) or 1
        n_stop = sum(map(stops.__contains__, t))
        n_letters, n_upper, n_digits = _char_counts(s)
        initials = [w[0] for w in s.split() if w[0].isalpha()]
        stop_share.append(n_stop / nw)
        terminal.append(1.0 if _TERMINAL.search(s) else 0.0)
        n_boiler = sum(map(BOILERPLATE_WORDS.__contains__, t))
        shape.append([
            math.log1p(len(t)), math.log1p(len(s)), terminal[-1], 1.0 if _COLON.search(s) else 0.0,
            stop_share[-1], math.log1p(n_stop),
            sum(map(str.isupper, initials)) / (len(initials) or 1),
            n_upper / (n_letters or 1),
            n_digits / (len(s) or 1),
            n_letters / (len(s) or 1),
            s.count(",") / nw,
            n_boiler / nw, math.log1p(n_boiler),
            float(len(_SEPARATOR.findall(s))), float(s.count("\t")),
        ])
    # Prose: a block with enough words, many of them function words, ending like a sentence.
    # The thresholds are loose on purpose (the classifier weighs the details); they only mark
    # where the article's run of prose lies.
    prose = [1.0 if words[i] >= 8 and stop_share[i] >= 0.15 else 0.0 for i in range(n)]
    spans = []
    for cost in (1.0, 8.0):
        spans.append(_max_run([words[i] if prose[i] else -cost for i in range(n)]))
    a, b_ = spans[1]
    headline = -1
    if title_toks:
        for i, t in enumerate(toks):
            if t and len(set(t) & title_toks) / len(set(t)) >= 0.8 and len(t) >= 3:
                headline = i
                break
    # the first comment-thread heading after the article's prose started
    first_prose = next((i for i in range(n) if prose[i]), n)
    comments_at = next((i for i in range(first_prose + 1, n)
                        if 0 < words[i] <= 4 and any(w in COMMENT_WORDS for w in toks[i])), n)
    headers = [1.0 if words[i] <= 20 and _COMMENT_HEADER.search(blks[i].text) else 0.0 for i in range(n)]
    # The document's own prose level, so a language whose frequent words cover more or less of
    # its text (or a terse house style) is judged against itself.
    run_lines = [i for i in range(n) if a <= i <= b_ and prose[i]] or [i for i in range(n) if prose[i]]
    prose_stop = sorted(stop_share[i] for i in run_lines)[len(run_lines) // 2] if run_lines else 0.3
    prose_words = (sum(math.log1p(words[i]) for i in run_lines) / len(run_lines)) if run_lines else 0.0
    runs = short_runs(words)
    rows, before = [], 0
    log_words = [math.log1p(w) for w in words]
    b3, b10 = _bounds(n, 3), _bounds(n, 10)
    w3_words, w3_stop, w3_term = _windows(log_words, b3), _windows(stop_share, b3), _windows(terminal, b3)
    w10_words, w10_stop, w10_prose = _windows(log_words, b10), _windows(stop_share, b10), _windows(prose, b10)
    w10_headers = _windows(headers, b10)
    for i in range(n):
        t = toks[i]
        if t and title_toks:
            distinct = set(t)
            sim = len(distinct & title_toks) / len(distinct)
        else:
            sim = 0.0
        if a < 0:
            dist = float(n)
        elif i < a:
            dist = float(a - i)
        elif i > b_:
            dist = float(i - b_)
        else:
            dist = 0.0
        rows.append(shape[i] + [
            float(repeats[norm[i]] - 1), sim, 1.0 if _DATE.search(blks[i].text) else 0.0,
            i / n, before / total_words,
            1.0 if spans[0][0] <= i <= spans[0][1] else 0.0,
            1.0 if a <= i <= b_ else 0.0,
            math.log1p(dist),
            0.0 if headline < 0 else (1.0 if i > headline else -1.0),
            log_words[i - 1] if i else 0.0, log_words[i + 1] if i + 1 < n else 0.0,
            stop_share[i - 1] if i else 0.0, stop_share[i + 1] if i + 1 < n else 0.0,
            w3_words[i], w3_stop[i], w3_term[i], w10_words[i], w10_stop[i], w10_prose[i],
            math.log1p(runs[i]),
            1.0 if i > comments_at else 0.0, headers[i], w10_headers[i],
            stop_share[i] / max(prose_stop, 0.05), math.log1p(words[i]) - prose_words,
        ])
        before += words[i]
    return rows


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
