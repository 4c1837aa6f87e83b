"""Scenario 21: ftfy's behaviour is pinned by golden outputs, idempotent, audited and bounded."""
from __future__ import annotations

import time

import pytest

from invariants import check, snapshot
from rel import live_rows, pipe_run

# input -> (output with uncurl_quotes=false, output with uncurl_quotes=true). ftfy#149 and #202 were
# wrong "fixes" of these: an upgrade that changes them fails here.
GOLDEN = {
    "Officiâš´le": ("Officiâš´le", "Officiâš´le"),
    "– DrÃ¥ber": ("– DrÃ¥ber", "– DrÃ¥ber"),
    "He said “hello” and ‘bye’": ("He said “hello” and ‘bye’", "He said \"hello\" and 'bye'"),
    "CafÃ© dÃ©jÃ  vu": ("Café déjà vu", "Café déjà vu"),
}


def _fix(text: str, uncurl: bool = False):
    from pipeline.document import Document
    from pipeline.stages.encoding import Encoding

    return Encoding(uncurl_quotes=uncurl)(Document(doc_id="d", source="d", content_type="text", text=text))


@pytest.mark.parametrize("uncurl", [False, True])
def test_s21_ftfy_golden_and_idempotent(uncurl):
    for given, wants in GOLDEN.items():
        once = _fix(given, uncurl)
        assert once.text == wants[uncurl], given
        assert _fix(once.text, uncurl).text == once.text  # fix(fix(x)) == fix(x)
        assert bool(once.edits) == (once.text != given)
        assert all(e.rule.startswith("encoding.") for e in once.edits)


def test_s21_ftfy_long_line():
    # bounded means linear: a line ten times longer must cost about ten times as much, not the
    # hundred times of a quadratic scan. CPU time of this process and a ratio, not seconds: the
    # wall clock on a loaded machine measures the load
    small, big = "Ã© word " * 37_500, "Ã© word " * 375_000  # 300k and 3M characters, no newline
    _fix(small)  # first use loads ftfy's tables
    t0 = time.process_time()
    _fix(small)
    t_small = time.process_time() - t0
    t0 = time.process_time()
    doc = _fix(big)
    t_big = time.process_time() - t0
    assert t_big < 30 * t_small + 0.5, (t_small, t_big)
    assert "Ã©" not in doc.text


def test_s21_ftfy_audited(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "moji.txt").write_text("CafÃ© dÃ©jÃ  vu is what the page says, with a few plain words more")
    before = snapshot(tmp_path, out)
    assert pipe_run(inp, out).returncode == 0
    edits = [e for e in live_rows(out, "edits") if e["stage"] == "encoding"]
    assert {e["rule"] for e in edits} == {"encoding.fix_encoding"} and "Ã©" in edits[0]["before"]
    check(out, before=before, root=tmp_path, units=1)
