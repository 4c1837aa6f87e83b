"""benchmarks/speed.py runs end to end and writes every section of its report (a tiny --quick run;
timings are never asserted: they depend on the machine and its load)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import BENCH_DEV, ROOT

SECTIONS = ("## Targets", "## HTML", "## Text", "## Scaling", "## Per-stage time share")
MEASURES = ("vs bare trafilatura", "vs naive chain", "text MB/s per core", "2 workers vs 1", "peak RSS at")


def test_quick_bench_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "speed.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--quick", "--dev", str(BENCH_DEV),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in report, f"speed.md lacks {heading!r}"
    for measure in MEASURES:
        assert measure in report, f"the Targets table lacks {measure!r}"
    for stage in ("extract", "language", "sources"):
        assert f"| {stage} |" in report, f"the per-stage table lacks {stage}"
    assert not re.search(r"\bnan\b", report), "a ratio could not be computed"
    # the speed-up's runs, alternated, each listed (one repetition in quick mode)
    assert re.search(r"alternate 1 and 2 workers; all seconds: 1 worker \d+\.\d\d; 2 workers \d+\.\d\d\.", report)


def test_bench_refuses_a_missing_dev_folder(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--quick", "--dev",
                           str(tmp_path / "nowhere"), "--out", str(tmp_path / "speed.md")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 78
    assert "--dev" in proc.stderr
    assert not (tmp_path / "speed.md").exists()
