"""content: the block features computed for all lines at once (feature_matrix) are, bit for bit,
the numbers of the plain line-by-line computation the model was fitted on (kept here as the
reference), on every dev page of both text forms and on generated text in any script."""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from pipeline.config import load
from pipeline.document import Document
from pipeline.process import process
from pipeline.sources import discover, file_sha256, load as load_source
from pipeline.stages.content import Content
from pipeline.stages.content.features import (_CLOSERS, _TERMINALS, _line_counts, _window, _window_means,
                                              block_tokens, blocks, feature_matrix, features, tokens)
from pipeline.stages.content.vocabulary import BOILERPLATE_WORDS, COMMENT_WORDS, SEPARATORS
from pipeline.stages.content import features as cf
from conftest import BENCH_DEV, ROOT, dev_text_paths

# ---- the reference: the line-by-line computation, as the stage did it before it was vectorised ----

_TERMINAL = re.compile(r"[.!?。！？…:;][\"'”’»)\]]*$")
_COLON = re.compile(r":\s*$")
_SEPARATOR = re.compile("[" + re.escape(SEPARATORS) + "]")


def ref_char_counts(s: str) -> tuple[int, int, int]:
    letters = "".join(filter(str.isalpha, s))
    return len(letters), sum(map(str.isupper, letters)), sum(map(str.isdigit, s))


def ref_features(blks, stops, title, toks):
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
        n_stop = sum(1 for w in t if w in stops)
        n_letters, n_upper, n_digits = ref_char_counts(s)
        initials = [w[0] for w in s.split() if w[0].isalpha()]
        stop_share.append(n_stop / nw)
        terminal.append(1.0 if _TERMINAL.search(s) else 0.0)
        n_boiler = sum(1 for w in t if w in BOILERPLATE_WORDS)
        shape.append([
            math.log1p(len(t)), math.log1p(len(s)), terminal[-1], 1.0 if _COLON.search(s) else 0.0,
            stop_share[-1], math.log1p(n_stop),
            sum(1 for c in initials if c.isupper()) / (len(initials) or 1),
            n_upper / (n_letters or 1), n_digits / (len(s) or 1), n_letters / (len(s) or 1),
            s.count(",") / nw, n_boiler / nw, math.log1p(n_boiler),
            float(len(_SEPARATOR.findall(s))), float(s.count("\t")),
        ])
    prose = [1.0 if words[i] >= 8 and stop_share[i] >= 0.15 else 0.0 for i in range(n)]
    spans = [cf._max_run([words[i] if prose[i] else -cost for i in range(n)]) for cost in (1.0, 8.0)]
    a, b_ = spans[1]
    headline = -1
    if title_toks:
        for i, t in enumerate(toks):
            if t and len(set(t) & title_toks) / len(set(t)) >= 0.8 and len(t) >= 3:
                headline = i
                break
    first_prose = next((i for i in range(n) if prose[i]), n)
    comments_at = next((i for i in range(first_prose + 1, n)
                        if 0 < words[i] <= 4 and any(w in COMMENT_WORDS for w in toks[i])), n)
    headers = [1.0 if words[i] <= 20 and cf._COMMENT_HEADER.search(blks[i].text) else 0.0 for i in range(n)]
    run_lines = [i for i in range(n) if a <= i <= b_ and prose[i]] or [i for i in range(n) if prose[i]]
    prose_stop = sorted(stop_share[i] for i in run_lines)[len(run_lines) // 2] if run_lines else 0.3
    prose_words = (sum(math.log1p(words[i]) for i in run_lines) / len(run_lines)) if run_lines else 0.0
    runs = cf.short_runs(words)
    log_words = [math.log1p(w) for w in words]
    rows, before = [], 0
    for i in range(n):
        t = toks[i]
        sim = len(set(t) & title_toks) / len(set(t)) if t and title_toks else 0.0
        dist = float(n) if a < 0 else float(a - i) if i < a else float(i - b_) if i > b_ else 0.0
        rows.append(shape[i] + [
            float(repeats[norm[i]] - 1), sim, 1.0 if cf._DATE.search(blks[i].text) else 0.0,
            i / n, before / total_words,
            1.0 if spans[0][0] <= i <= spans[0][1] else 0.0, 1.0 if a <= i <= b_ else 0.0,
            math.log1p(dist), 0.0 if headline < 0 else (1.0 if i > headline else -1.0),
            log_words[i - 1] if i else 0.0, log_words[i + 1] if i + 1 < n else 0.0,
            stop_share[i - 1] if i else 0.0, stop_share[i + 1] if i + 1 < n else 0.0,
            _window(log_words, i, 3), _window(stop_share, i, 3), _window(terminal, i, 3),
            _window(log_words, i, 10), _window(stop_share, i, 10), _window(prose, i, 10),
            math.log1p(runs[i]),
            1.0 if i > comments_at else 0.0, headers[i], _window(headers, i, 10),
            stop_share[i] / max(prose_stop, 0.05), math.log1p(words[i]) - prose_words,
        ])
        before += words[i]
    return rows


def bits(rows) -> list[list[str]]:
    """Rows compared bit for bit (repr tells 0.0 from -0.0 and every last digit)."""
    return [[repr(float(v)) for v in row] for row in rows]


def assert_same_features(text: str, stops: frozenset[str], title: str | None) -> None:
    blks = blocks(text)
    toks = [tokens(b.text) for b in blks]
    expected = bits(ref_features(blks, stops, title, toks))
    assert bits(feature_matrix(blks, stops, title, toks).T) == expected
    assert bits(features(blks, stops, title)) == expected


# ---- the dev pages ----

def content_inputs(form: str) -> list[Document]:
    """The dev pages of one text form as they reach the content stage; fails when the shared
    folder is missing (a comparison over no pages would pass by comparing nothing)."""
    config = load(ROOT / "configs" / "default.toml")
    stages = config.build_stages()
    names = [s.name for s in stages]
    before = stages[: names.index("content")]
    out = []
    for unit in discover(str(BENCH_DEV / form)):
        for doc in load_source(unit, unit.rel, config.limits, file_sha256(unit, config.limits)):
            doc = process(doc, before)
            if not doc.dropped:
                out.append(doc)
    assert len(out) >= 50, f"the shared dev pages should be beside the checkout ({BENCH_DEV})"
    return out


@pytest.mark.parametrize("form", ["page", "merged"])
def test_dev_pages_features_equal_the_line_by_line_reference(form):
    content = Content()
    for doc in content_inputs(form):
        blks = blocks(doc.text)
        toks = [tokens(b.text) for b in blks]
        assert_same_features(doc.text, content.stops(blks, toks), doc.meta.get("title"))


# ---- generated text ----

# Characters where the str methods and the obvious guesses part: titlecase and modifier letters,
# numerals that are digits but not decimals (or numeric but neither), exotic spaces (str.split
# cuts at \x1c-\x1f and \x85 as well), letters beyond the BMP, a lone surrogate, the separators.
ODD = "ǅᾈʰ²½Ⅻ①〇٣\x1c\x1f\x85\xa0\u2028\u3000\u200b𝐀𝒜😀\ud800" + SEPARATORS + ",\t:.!?。…\"'”’»)]"
line_text = st.text(alphabet=st.sampled_from(list("abc XYZ 12 the of") + list(ODD) + ["é", "Ж", "東", "한", "ß"]),
                    min_size=1, max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_text, min_size=1, max_size=25))
@example(["\u2028x", "ǅ Ⅻ ½ ٣ x²", "a\x1cB c", "Ends with 2019 at 10:30 said:", "x »  "])
def test_line_counts_equal_the_str_methods(lines):
    counts = _line_counts(lines)
    # both field widths count alike (32 is used when a line is 65536 characters or longer)
    assert counts.tolist() == _line_counts(lines, 16).tolist() == _line_counts(lines, 32).tolist()
    for i, s in enumerate(lines):
        assert tuple(int(c) for c in counts[:, i]) == ref_line_counts(s), s


def ref_line_counts(s: str) -> tuple[int, ...]:
    initials = [w[0] for w in s.split() if w[0].isalpha()]
    return (*ref_char_counts(s), len(_SEPARATOR.findall(s)), s.count(","), s.count("\t"),
            len(initials), sum(1 for c in initials if c.isupper()))


def test_line_counts_of_a_line_too_long_for_16_bit_fields():
    lines = ["ab, C" * 14000, "x Y\t", "É" * 70000 + " z", "1|2 " * 20000]
    counts = _line_counts(lines)
    assert [tuple(int(c) for c in counts[:, i]) for i in range(len(lines))] == list(map(ref_line_counts, lines))
    assert counts[:, 0].tolist() == [42000, 14000, 0, 0, 14000, 0, 14001, 14000]


@settings(max_examples=300, deadline=None)
@given(line_text)
def test_terminal_and_colon_without_a_search_equal_the_patterns(s):
    s = s.strip()
    assert s.rstrip(_CLOSERS).endswith(_TERMINALS) == bool(_TERMINAL.search(s))
    assert s.endswith(":") == bool(_COLON.search(s))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_subnormal=False) | st.sampled_from([0.0, -0.0, 0.1, 1 / 3]),
                min_size=1, max_size=60), st.integers(0, 30))
def test_window_means_add_up_as_sum_does(values, k):
    import numpy as np

    got = _window_means(np.array([values]), k)[0].tolist()
    assert [repr(v) for v in got] == [repr(_window(values, i, k)) for i in range(len(values))]


words = st.sampled_from(["the", "of", "and", "Home", "Share", "comments", "Reply", "2019", "10:30",
                         "said:", "Council", "park", "é", "Ж", "東京", "|", "»", "—", ",", ".", "ǅ", "²"])
page_line = st.lists(words, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(page_line, min_size=1, max_size=40), st.sampled_from([None, "", "Council approves the park"]))
def test_generated_pages_features_equal_the_reference(lines, title):
    assert_same_features("\n".join(lines), frozenset({"the", "of", "and"}), title)


def test_case_pages_features_equal_the_reference():
    content = Content()
    for case in sorted((ROOT / "tests" / "cases" / "content").glob("*.txt")):
        text = case.read_text(encoding="utf-8")
        blks = blocks(text)
        assert_same_features(text, content.stops(blks), "Council approves new park")


def ref_blocks(text: str):
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("aΣσςΌ İi\t\x1c\xa0\u2028.'") + ["ΑΣ", "Σ.", "東京", ""]), max_size=12)
                .map("".join), max_size=12).map("\n".join))
@example("ΟΔΟΣ\nΣ\nΑΣ.\n\n  \nİSTANBUL ΣΑΣ")
def test_blocks_and_their_tokens_equal_line_by_line(text):
    blks = blocks(text)
    assert [(b.start, b.end, b.text) for b in blks] == ref_blocks(text)
    assert block_tokens(blks) == [tokens(b.text) for b in blks]


# ---- the shortcuts inside feature_matrix, against what they replace ----

# digits of several scripts (\d is any decimal digit), years at the edges of the pattern, word
# characters around them, colons and the line endings the header pattern looks for
date_text = st.lists(st.sampled_from(["1", "2", "0", "8", "9", "19", "20", "18", "17", "21", "2019", "1899",
                                      "٢٠١٩", "１９", "²", ":", " ", "a", "_", "é", "東", ".", "-", "\t", "\n",
                                      " said:", ":  ", "x" * 30]), max_size=25).map("".join)


@settings(max_examples=1000, deadline=None)
@given(date_text)
@example("in 2019: 10:30 and 1:05")
@example("a2019 2019b 12:345 1:2 123:45 _10:30")
def test_digit_first_date_patterns_find_what_the_plain_ones_find(s):
    assert (cf._DATE_SCAN.search(s) is None) == (cf._DATE.search(s) is None)
    assert (cf._COMMENT_HEADER_SCAN.search(s) is None) == (cf._COMMENT_HEADER.search(s) is None)


@pytest.mark.parametrize("form", ["page", "merged"])
def test_dev_lines_digit_first_date_patterns_find_what_the_plain_ones_find(form):
    paths = dev_text_paths(form)
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):
            assert (cf._DATE_SCAN.search(line) is None) == (cf._DATE.search(line) is None), line
            assert (cf._COMMENT_HEADER_SCAN.search(line) is None) == (cf._COMMENT_HEADER.search(line) is None), line


def test_log1p_from_the_table_equals_math_log1p():
    import numpy as np

    counts = list(range(0, 5000)) + [cf._LOG1P_TABLE - 1, cf._LOG1P_TABLE, 10 ** 6, 2 ** 40]
    expected = [repr(math.log1p(c)) for c in counts]
    assert [repr(v) for v in cf._log1p(counts).tolist()] == expected
    assert [repr(v) for v in cf._log1p(np.array(counts)).tolist()] == expected
    assert [repr(v) for v in cf._log1p(counts[:100]).tolist()] == expected[:100]
    assert cf._log1p([]).tolist() == []
    # anything but counts goes through math.log1p itself
    odd = [0.5, 3.0, -0.5, 1e300]
    assert [repr(v) for v in cf._log1p(odd).tolist()] == [repr(math.log1p(v)) for v in odd]
    with pytest.raises(ValueError):
        cf._log1p([3, -1])

