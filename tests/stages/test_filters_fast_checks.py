"""filters: the alpha-word count and the n-gram check skip work they can prove unneeded; they must
give exactly what the plain computations (below, as the stage had them) give: same drop, same
reason, same figures."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dev_text_paths
from pipeline.stages.filters import _MIN_WORDS_FOR_REPETITION, Filters
from pipeline.textstats import words


def ref_alpha(stage, toks):
    if not stage.min_alpha_words or not toks:
        return None
    share = sum(1 for w in toks if w.isalpha() or any(c.isalpha() for c in w)) / len(toks)
    if share < stage.min_alpha_words:
        return ("filters.alpha_words", f"Only {share:.0%} of the words hold a letter, fewer than "
                f"the minimum of {stage.min_alpha_words:.0%}.", f"alpha_words={share:.4f}")
    return None


def ref_top_ngram(stage, toks):
    toks = [w.lower() for w in toks]
    if len(toks) < _MIN_WORDS_FOR_REPETITION:
        return None
    chars = sum(len(w) for w in toks)
    for n, limit in zip((2, 3, 4), stage.max_top_ngram):
        if not limit:
            continue
        gram, count = Counter(zip(*(toks[k:] for k in range(n)))).most_common(1)[0]
        share = count * sum(len(w) for w in gram) / chars
        if share > limit:
            return ("filters.top_ngram", f"The most frequent {n}-word sequence ({' '.join(gram)!r}, "
                    f"{count} times) covers {share:.0%} of the text, more than the maximum of "
                    f"{limit:.0%}.", f"n={n} share={share:.4f}")
    return None


def _same(text, stage):
    toks = words(text)
    assert stage._alpha(text, toks, {}) == ref_alpha(stage, toks)
    assert stage._top_ngram(text, toks, {}) == ref_top_ngram(stage, toks)


_WORDS = ["the", "of", "a", "cheap", "flights", "to", "anywhere", "Book", "NOW", "2024", "3rd", "x", "İstanbul",
          "ΟΔΟΣ", "港", "straße", "_", "42", "½", "co-op", "re-enter", "a1b2", "internationalisation"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=40, max_size=200), st.integers(1, 30),
       st.sampled_from([(0.2, 0.18, 0.16), (0.05, 0.04, 0.03), (0.0, 0.18, 0.0), (0.3, 0.0, 0.1),
                        (0.01, 0.01, 0.01)]))
def test_same_as_the_plain_checks_on_random_text(body, repeat, limits):
    # a repeated phrase in front pushes the top n-grams near and past the limits
    text = " ".join(body[:repeat % 7 + 1] * repeat + body)
    _same(text, Filters(max_top_ngram=list(limits)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["alpha", "bravo", "delta", "gamma", "omega", "sigma", "tango", "zulus"]),
                min_size=60, max_size=150), st.integers(0, 40), st.integers(2, 5),
       st.sampled_from([(0.2, 0.18, 0.16), (0.5, 0.12, 0.1), (0.5, 0.5, 0.08)]))
def test_same_as_the_plain_checks_on_words_of_one_length(body, repeat, size, limits):
    # every word as long as the longest: the 2-gram bound on 3- and 4-grams is tight here
    text = " ".join(body[:size] * repeat + body)
    _same(text, Filters(max_top_ngram=list(limits)))


def test_same_as_the_plain_checks_on_dev_text():
    paths = dev_text_paths("page")
    dropped = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for limits in [(0.2, 0.18, 0.16), (0.03, 0.02, 0.015), (0.0, 0.05, 0.0)]:
            stage = Filters(max_top_ngram=list(limits))
            _same(text, stage)
            dropped += stage._top_ngram(text, words(text), {}) is not None
    assert dropped > 10  # tight limits drop pages: the comparison covers the dropping path too
