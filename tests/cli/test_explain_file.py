"""pipeline explain on one seed file: stage by stage edits, nothing written."""
from __future__ import annotations

from conftest import SEEDS, run_cli


def test_explain_prints_each_stage_and_rule_and_writes_nothing(tmp_path):
    src = SEEDS / "raw" / "001_87baeee10ab8ebbf.txt"
    proc = run_cli("explain", str(src), "--text", cwd=None, check=True)
    out = proc.stdout
    for stage in ("encoding:", "metadata:", "debris:", "joins:", "normalise:", "language:", "filters:"):
        assert f"\n{stage}" in out
    debris = out.split("\ndebris:")[1].split("\njoins:")[0]
    assert "debris.photo_credit" in debris and "debris.comment_form" in debris and "Leave a Reply" in debris
    assert "=> kept" in out
    assert "Leave a Reply" not in out.split("=> kept")[1]   # the clean text printed at the end


def test_explain_shows_a_drop_and_a_missing_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run_cli("explain", str(empty), check=True)
    assert "rejected while reading (empty_file)" in proc.stdout
    missing = run_cli("explain", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "is not a file" in missing.stderr
