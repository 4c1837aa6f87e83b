"""benchmarks/quality.py: a tiny run writes the report with every section."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import BENCH_DEV, ROOT, SHARED


@pytest.mark.skipif(not (BENCH_DEV / "gold.jsonl").is_file() or not (SHARED / "checks" / "check_bench.py").is_file(),
                    reason="shared/bench/dev and shared/checks are not beside the checkout")
def test_tiny_run_writes_the_report(tmp_path):
    out = tmp_path / "quality.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "quality.py"), "--limit", "2",
                           "--forms", "html", "page", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out.read_text()
    for section in ("## Scores", "## Gold survival", "## False removals per rule"):
        assert section in report
    assert "| html | pipeline" in report and "| page | pipeline" in report
    assert "| html | trafilatura (include_comments=False)" in report
    assert "2/2 kept" in report
    assert "`extract." in report  # the extract stage's rules are measured


def test_lost_reference_chars_counts_only_reference_text_missing_from_the_output():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from quality import lost_reference_chars

    gold = "the harbour wall will be rebuilt next year by the council"
    # debris: nothing of it is reference text
    assert lost_reference_chars("Photo: John Smith", gold, gold) == (0, 14)
    # reference text the output no longer holds: all of it is a false removal
    lost, total = lost_reference_chars("rebuilt next year by", gold, "the harbour wall will be")
    assert lost == total == len("rebuiltnextyearby")
    # a pull quote repeating a sentence the output still holds is not lost
    assert lost_reference_chars("rebuilt next year by", gold, gold)[0] == 0
