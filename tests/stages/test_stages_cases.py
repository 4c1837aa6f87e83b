"""Each stage on its own, driven by the case files in tests/cases/<stage>/*.json.

A case file holds ``{"cases": [...]}``; each case:

    name            what the case shows (the test id)
    input           the stage's input text
    content_type    "text" (default) or "html" (the type the document came in as)
    meta            metadata the document has before the stage (optional)
    config          keyword overrides for the stage (optional)
    expect          the exact output text (optional)
    keep / remove   substrings that must / must not be in the output (optional)
    rules           the exact set of rule names of the stage's edits (optional; [] = no edit at all)
    meta_after      metadata values expected after the stage (optional; null = absent or None)
    drop            {"rule": ..., "reason": [substrings]} when the stage must drop the document;
                    absent means it must not drop it

Whatever the case says, every run also checks the edit contract: undoing the stage's edits gives the
stage's input back, replaying them gives its output, and each edit is named ``<stage>.<rule>``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.edits import replay, sha256_text, undo
from pipeline.stages import REGISTRY, stage_class
from conftest import ROOT

CASES = ROOT / "tests" / "cases"


def _load() -> list:
    params = []
    for path in sorted(CASES.glob("*/*.json")):
        stage = path.parent.name
        assert stage in REGISTRY, f"{path}: folder must be a stage name ({', '.join(REGISTRY)})"
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(stage, case, id=f"{stage}/{path.stem}/{case['name']}"))
    return params


_STAGES: dict = {}


def _stage(name: str, config: dict):
    key = (name, json.dumps(config, sort_keys=True))
    if key not in _STAGES:  # building joins/language loads word lists and profiles: reuse them
        _STAGES[key] = stage_class(name)(**config)
    return _STAGES[key]


@pytest.mark.parametrize("stage_name, case", _load())
def test_stage_case(stage_name: str, case: dict):
    unknown = set(case) - {"name", "input", "content_type", "meta", "config", "expect", "keep", "remove",
                           "rules", "meta_after", "drop", "why"}
    assert not unknown, f"unknown case keys {unknown}"
    stage = _stage(stage_name, case.get("config", {}))
    doc = Document(doc_id="case", source="case.txt", content_type=case.get("content_type", "text"),
                   text=case["input"], meta=case.get("meta", {}))
    out = stage(doc)

    # the edit contract, for every case; extract replaces the base (the HTML) with its own output
    base = undo(out.text, out.edits)
    if stage_name == "extract":
        assert sha256_text(base) == out.base_sha256
    else:
        assert base == case["input"]
    assert replay(base, out.edits) == out.text
    for e in out.edits:
        assert e.stage == stage_name and e.rule.startswith(stage_name + "."), e
        assert e.end - e.start == len(e.before)
    for m in out.meta_edits:
        assert m.stage == stage_name and m.rule.startswith(stage_name + "."), m

    if "expect" in case:
        assert out.text == case["expect"]
    for s in case.get("keep", []):
        assert s in out.text, f"{s!r} was removed"
    for s in case.get("remove", []):
        assert s not in out.text, f"{s!r} is still there"
    if "rules" in case:
        assert sorted({e.rule for e in out.edits}) == sorted(case["rules"])
    for key, value in case.get("meta_after", {}).items():
        assert out.meta.get(key) == value, f"meta {key}: {out.meta.get(key)!r} != {value!r}"
    if "drop" in case:
        assert out.drop is not None, "the document was not dropped"
        assert out.drop.stage == stage_name and out.drop.rule == case["drop"]["rule"]
        for s in case["drop"].get("reason", []):
            assert s in out.drop.reason
    else:
        assert out.drop is None, f"dropped: {out.drop}"


def test_every_stage_has_case_files():
    have = {p.parent.name for p in CASES.glob("*/*.json")}
    missing = set(REGISTRY) - have
    assert not missing, f"no case files for {sorted(missing)}"


def test_every_debris_rule_has_removal_and_look_alike_cases():
    from pipeline.stages.debris import Debris

    fired, files_with_look_alikes, files = set(), set(), set()
    for stage, case in (p.values for p in _load()):
        if stage != "debris":
            continue
        fired.update(case.get("rules", []))
    for path in sorted((CASES / "debris").glob("*.json")):
        files.add(path.stem)
        cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
        if any(c.get("rules") == [] and not c.get("config") for c in cases):
            files_with_look_alikes.add(path.stem)
    assert set(Debris.ALL_RULES) - fired == set(), "debris rules with no case that removes something"
    assert files - files_with_look_alikes == set(), "debris case files with no look-alike left alone"
