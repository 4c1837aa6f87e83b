"""joins on scraped text with glued blocks: each glue point found, brands, abbreviations, URLs and
numbers left whole. Cases are data in tests/cases/content/joins.json ('|' marks a break)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.stages.joins import Joins

CASES = json.loads((Path(__file__).parent / "cases" / "content" / "joins.json").read_text(encoding="utf-8"))


def breaks(marked: str) -> tuple[str, set[int]]:
    parts = marked.split("|")
    points, pos = set(), 0
    for part in parts[:-1]:
        pos += len(part)
        points.add(pos)
    return "".join(parts), points


def found(text: str) -> set[int]:
    doc = Joins()(Document(doc_id="j", source="j", content_type="text", text=text))
    points, delta = set(), 0
    for e in doc.edits:
        assert e.after == "\n\n" and e.before == ""
        points.add(e.start - delta)
        delta += len(e.after) - len(e.before)
    return points


@pytest.mark.parametrize("marked", CASES["split"])
def test_glued_blocks_are_split(marked):
    text, expected = breaks(marked)
    assert found(text) == expected


@pytest.mark.parametrize("marked", CASES["keep"])
def test_brands_abbreviations_urls_numbers_stay_whole(marked):
    text, expected = breaks(marked)
    assert found(text) == expected


def test_clean_text_with_brands_is_not_touched():
    text = "Apple's MacBook and GiveWell's KeyBank account. The iPhone costs $999.99 at 10:30 p.m."
    assert found(text) == set()
