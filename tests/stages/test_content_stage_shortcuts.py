"""content: the stage's own shortcuts give what the plain code they replaced gives: the language
sample (an index sort on the lengths), the audit names of the removed lines (reasons) and the
proposals built for them, on every dev page of both text forms and on generated pages."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.edits import Proposal, apply
from pipeline.stages.content import (FALLBACK_MARGIN, MENU_RUN, THREAD_LOGIT, Content, choose, decode,
                                     language_sample, reasons)
from pipeline.stages.content.features import block_tokens, blocks, comment_thread, short_runs, tokens
from pipeline.stages.content.vocabulary import BOILERPLATE_WORDS, SHARE_WORDS
from test_content_features import content_inputs

# ---- the reference: the code as it was ----


def ref_language_sample(blks, chars: int) -> str:
    sample, size = [], 0
    for b in sorted(blks, key=lambda b: (-len(b.text), b.start)):
        if size >= chars:
            break
        sample.append(b.text)
        size += len(b.text)
    return "\n".join(sample)[:chars]


def ref_reasons(blks, keep, toks, thread):
    runs = short_runs([len(t) for t in toks])
    seen = Counter(b.text.strip() for b in blks)
    kept = [j for j, k in enumerate(keep) if k]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(keep), -1)
    out = []
    for i, b in enumerate(blks):
        t = toks[i]
        if keep[i]:
            out.append(None)
        elif i >= thread:
            out.append("content.comment_thread")
        elif t and len(t) <= 8 and sum(map(BOILERPLATE_WORDS.__contains__, t)) * 2 >= len(t):
            out.append("content.share_bar" if any(w in SHARE_WORDS for w in t) else "content.menu_item")
        elif seen[b.text.strip()] > 1:
            out.append("content.repeated_line")
        elif runs[i] >= MENU_RUN:
            out.append("content.menu_run")
        elif i < first_kept:
            out.append("content.page_header")
        elif i > last_kept:
            out.append("content.page_footer")
        else:
            out.append("content.short_line" if len(t) <= 4 else "content.caption")
    return out


def ref_choose(model, logits, blks, min_keep_share, drop_inside, toks, thread):
    words = [len(t) for t in toks]
    if thread < len(blks):
        logits = logits[:thread] + [min(z, THREAD_LOGIT) for z in logits[thread:]]
    keep = decode(logits, model["bias"], model["switch_cost"])
    kept = [i for i, k in enumerate(keep) if k]
    gap = model.get("island_gap")
    if kept and gap is not None:
        runs = [[kept[0], kept[0]]]
        for i in kept[1:]:
            if i - runs[-1][1] - 1 <= gap:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        lo, hi = max(runs, key=lambda r: (sum(words[r[0]:r[1] + 1]), -r[0]))
        keep = [k and lo <= i <= hi for i, k in enumerate(keep)]
        kept = [i for i in kept if lo <= i <= hi]
    if kept and not drop_inside:
        keep[kept[0]:kept[-1] + 1] = [True] * (kept[-1] + 1 - kept[0])
    total = sum(words)
    if total and sum(w for w, k in zip(words, keep) if k) < min_keep_share * total:
        best = max(range(len(blks)), key=lambda i: (logits[i], -i))
        keep = [i == best or (logits[i] >= logits[best] - FALLBACK_MARGIN and words[i] >= 8)
                for i in range(len(blks))]
    return keep


def ref_stage(content: Content, doc):
    blks = blocks(doc.text)
    if len(blks) < 2:
        return doc
    toks = [tokens(b.text) for b in blks]
    thread = comment_thread(blks, toks)
    keep = ref_choose(content._load(), content.logits(blks, doc.meta.get("title"), toks), blks,
                      content.min_keep_share, content.drop_inside, toks, thread)
    size = len(doc.text)
    props = [Proposal(b.start, b.end + 1 if b.end < size else b.end, "", rule)
             for b, rule in zip(blks, ref_reasons(blks, keep, toks, thread)) if rule is not None]
    return apply(doc, content.name, props)


# ---- the dev pages ----

@pytest.mark.parametrize("form", ["page", "merged"])
def test_dev_pages_stage_equals_the_plain_code(form):
    content = Content()
    for doc in content_inputs(form):
        blks = blocks(doc.text)
        for chars in (content.sample_chars, 1, 300, 10 ** 6):
            assert language_sample(blks, chars) == ref_language_sample(blks, chars)
        got, expected = content(doc), ref_stage(content, doc)
        assert got.text == expected.text
        assert got.edits == expected.edits


# ---- generated pages ----

words = st.sampled_from(["the", "of", "and", "Home", "Share", "twitter", "comments", "Reply", "Menu", "News",
                         "2019", "10:30", "said:", "Council", "park", "é", "Ж", "東京", "|", ".", ","])
page_line = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(page_line, min_size=1, max_size=40), st.data())
def test_generated_reasons_equal_the_plain_code(lines, data):
    blks = blocks("\n".join(lines))
    toks = block_tokens(blks)
    keep = data.draw(st.lists(st.booleans(), min_size=len(blks), max_size=len(blks)))
    thread = data.draw(st.integers(0, len(blks)))
    assert reasons(blks, keep, toks, thread) == ref_reasons(blks, keep, toks, thread)
    assert reasons(blks, keep) == ref_reasons(blks, keep, toks, comment_thread(blks, toks))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=8).filter(str.strip), min_size=1, max_size=30),
       st.integers(1, 40))
def test_generated_language_sample_equals_the_plain_code(lines, chars):
    # short lines from a small alphabet: many of the same length, where the order among them shows
    blks = blocks("\n".join(lines))
    assert language_sample(blks, chars) == ref_language_sample(blks, chars)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(page_line, min_size=1, max_size=40), st.data())
def test_generated_choices_equal_the_plain_code(lines, data):
    blks = blocks("\n".join(lines))
    toks = block_tokens(blks)
    n = len(blks)
    logits = data.draw(st.lists(st.sampled_from([-12.0, -3.0, -1.0, -0.0, 0.0, 0.5, 2.0, 4.0, 9.0])
                                | st.floats(-15, 15), min_size=n, max_size=n))
    model = {"bias": data.draw(st.sampled_from([0.0, 0.5, -1.0])),
             "switch_cost": data.draw(st.sampled_from([0.0, 1.5, 4.0])),
             "island_gap": data.draw(st.sampled_from([None, 0, 1, 3]))}
    share = data.draw(st.sampled_from([0.0, 0.05, 0.5, 0.99]))
    inside = data.draw(st.booleans())
    thread = data.draw(st.integers(0, n))
    assert choose(model, logits, blks, share, inside, toks, thread) == \
        ref_choose(model, logits, blks, share, inside, toks, thread)
