"""language: the same text always gets the same answer, in one process and across processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from pipeline.document import Document
from pipeline.stages.language import Language

# Short and ambiguous between Slavic languages: unseeded langdetect answers differently from call
# to call on text like this.
AMBIGUOUS = "Otec matka syn."

_SNIPPET = ("import json; from pipeline.document import Document; from pipeline.stages.language import Language;"
            f"d = Language()(Document('d', 'd', 'text', {AMBIGUOUS!r}));"
            "print(json.dumps([d.meta['language'], d.meta['language_score']]))")


def _detect(stage: Language, text: str) -> tuple[str, float]:
    out = stage(Document(doc_id="d", source="d.txt", content_type="text", text=text))
    return out.meta["language"], out.meta["language_score"]


def test_thirty_calls_give_one_answer():
    shared = Language()
    # fresh instances load the profiles again (0.4 s each): a few of them, the rest on one instance
    answers = {_detect(shared, AMBIGUOUS) for _ in range(26)} | {_detect(Language(), AMBIGUOUS) for _ in range(4)}
    assert len(answers) == 1, answers
    lang, score = answers.pop()
    assert lang != "und" and 0 < score <= 1


def test_same_answer_in_other_processes():
    here = _detect(Language(), AMBIGUOUS)
    for hashseed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        proc = subprocess.run([sys.executable, "-c", _SNIPPET], env=env, capture_output=True, text=True,
                              check=True, timeout=120)
        assert tuple(json.loads(proc.stdout)) == here


def test_other_seed_is_still_deterministic():
    stage = Language(seed=7)
    assert len({_detect(stage, AMBIGUOUS) for _ in range(10)}) == 1


def test_stages_of_one_pipeline_share_langdetect_profiles_and_pickles_carry_none():
    import pickle

    from pipeline.config import load
    from pipeline.stages.language.langdetect_fast import langdetect_factory

    stages = load(None).build_stages()
    language = next(s for s in stages if s.name == "language")
    assert all(s.shared is language.shared for s in stages)
    factory = language._detector_factory()
    assert langdetect_factory(language.shared, language.seed) is factory  # the content stage gets this one
    copy = pickle.loads(pickle.dumps(stages))
    assert copy[0].shared is copy[-1].shared and copy[0].shared._loaded == {}
    assert len(pickle.dumps(stages)) < 100_000  # the profiles (tens of MB) never travel
