"""joins.capital_runs jumps from one run to the next capital after it; it must list exactly the
runs the plain walk over every capital hint lists (the reference below)."""
from __future__ import annotations

from collections import Counter

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dev_text_paths
from pipeline.document import Document
from pipeline.stages import joins as mod

_HINT = regex.compile(r"\S\p{Lu}")


def reference_runs(text):
    runs, end = [], -1
    for m in _HINT.finditer(text):
        if m.start() < end:
            continue
        start = mod._RUN_START.match(text, 0, m.start()).start()
        end = mod._RUN_END.match(text, m.start()).end()
        runs.append((start, end))
    return runs


_PIECES = ["a", "B", "ab", "CD", "É", "é", " ", "  ", "\n", "\t", "\u00a0", "\u2003", ".", "(", ")", "2017", "’",
           "İ", "ǅ", "Ⅻ", "\u200b", "x" * 5]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50).map("".join))
def test_same_runs_as_the_plain_walk(text):
    assert mod.capital_runs(text) == reference_runs(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_same_runs_on_any_text(text):
    assert mod.capital_runs(text) == reference_runs(text)


def test_same_runs_on_dev_text():
    paths = dev_text_paths("page", "merged")
    runs = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert mod.capital_runs(text) == reference_runs(text)
        runs += len(mod.capital_runs(text))
    assert runs > 1000


_GLUE = ["the", "end", "of", "it", ".", "!", "?", "…", "”", ")", "]", "(", "“", "The", "NATO", "iPhone", "flags",
         "Finian", "2017", "1899", "20", "19", "24", "U.S.", "e.g.", "Mr.", " ", "\n", "A", "Bb", "Ünter", "١٩٩٩"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_GLUE), max_size=40).map("".join))
def test_every_match_holds_a_needed_literal(text):
    for pattern, needs in [(mod._SENTENCE, mod._SENTENCE_NEEDS), (mod._YEAR, mod._YEAR_NEEDS),
                           (mod._EXCLAIM, mod._EXCLAIM_NEEDS)]:
        for m in pattern.finditer(text):
            assert any(lit in m.group() for lit in needs), (pattern.pattern, m.group())


def _without_literal_filter(text, monkeypatch):
    stage = mod.Joins()
    doc = Document(doc_id="d", source="s", content_type="text", text=text)
    fast = stage(doc)
    with monkeypatch.context() as mp:
        mp.setattr(mod, "_holding", lambda runs, pieces, literals: runs)
        full = stage(doc)
    assert fast.text == full.text and fast.edits == full.edits
    return fast


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_GLUE), max_size=60).map("".join))
def test_literal_filter_changes_nothing_on_random_text(text):
    from _pytest.monkeypatch import MonkeyPatch

    _without_literal_filter(text, MonkeyPatch())


def test_literal_filter_changes_nothing_on_dev_text(monkeypatch):
    paths = dev_text_paths("merged", "page")
    edits = sum(len(_without_literal_filter(p.read_text(encoding="utf-8"), monkeypatch).edits) for p in paths)
    assert edits > 1000


class _Reference(mod.Joins):
    """The stage as it was before the speed work: every capital run scanned by every pattern, the
    camel-case judge calling wordfreq for every pair in every lexicon language (the configured
    ones and the document's, detected for every document)."""

    def _zipf(self, word):
        from wordfreq import zipf_frequency

        return max(zipf_frequency(word, lang) for lang in self._langs)

    def _ref_glue(self, left, right):
        if len(left) < self.min_left_chars or not right[1:2].islower():
            return False
        if self._zipf((left + right).lower()) >= self.known_word_zipf:
            return False
        return max(self._zipf(left.lower()), self._zipf(right.lower())) >= self.min_part_zipf

    def _ref_camel(self, text, runs, glued_doc):
        detected = self._document_language(text) if self.detect_language else None
        self._langs = self.lexicon_languages + ((detected,) if detected else ())
        tokens = [m for start, end in runs for m in mod._CAMEL_TOKEN.finditer(text, start, end)]
        seen = Counter(m.group() for m in tokens)
        names = {m.group() for m in tokens if mod._name_context(text, m, seen)}
        for m in tokens:
            if m.group()[0].isupper() and not glued_doc:
                continue
            if m.group() in names:
                continue
            humps = list(mod._HUMP.finditer(text, m.start(), m.end()))
            for left, right in zip(humps, humps[1:]):
                if left.end() != right.start() or not left.group()[-1].islower():
                    continue
                if left.group()[0].isupper() and not glued_doc:
                    continue
                lpart = text[m.start():left.end()] if left.start() == m.start() else left.group()
                if self._ref_glue(lpart, right.group()):
                    yield right.start()

    def __call__(self, doc):
        from pipeline.edits import Proposal, apply

        text = doc.text
        runs = reference_runs(text)

        def scan(pattern):
            return [m for start, end in runs for m in pattern.finditer(text, start, end)]
        points = {}
        for m in scan(mod._SENTENCE):
            if m.group("word").lower() not in mod._ABBREVIATIONS:
                points.setdefault(m.end(), "joins.paragraph_glue")
        for m in scan(mod._YEAR):
            points.setdefault(m.end(), "joins.year_glue")
        for m in scan(mod._EXCLAIM):
            points.setdefault(m.end(), "joins.paragraph_glue")
        glued_doc = len(points) >= self.pascal_case_min_glue
        if glued_doc:
            for m in scan(mod._CLOSE):
                points.setdefault(m.end(), "joins.bracket_glue")
        for p in self._ref_camel(text, runs, glued_doc):
            points.setdefault(p, "joins.camel_glue")
        return apply(doc, self.name, [Proposal(p, p, "\n\n", rule) for p, rule in sorted(points.items())])


def _as_reference(text, **opts):
    doc = Document(doc_id="d", source="s", content_type="text", text=text)
    fast, ref = mod.Joins(**opts)(doc), _Reference(**opts)(doc)
    assert fast.text == ref.text and fast.edits == ref.edits
    return ref


_CAMEL = _GLUE + ["YouTube", "CunninghamJaw", "NewsEducationNation", "MagSafe", "ǅemal", "ªbc", "Log", "in",
                  "Register", "OnlineColumnist.com", "@", "_", "/", ".com", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CAMEL), max_size=50).map("".join),
       st.sampled_from([{}, {"pascal_case_min_glue": 0}, {"min_left_chars": 1}, {"lexicon_languages": ["en", "de"]}]))
def test_same_points_as_the_reference_on_random_text(text, opts):
    _as_reference(text, **opts)


def test_same_points_as_the_reference_on_dev_text():
    paths = dev_text_paths("merged", "page")
    assert sum(len(_as_reference(p.read_text(encoding="utf-8")).edits) for p in paths) > 1000
