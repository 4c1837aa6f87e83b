"""The report file itself: data embedded safely, sampling stated, summary from the manifest."""
from __future__ import annotations

import json
import re

from conftest import run_cli


def test_hostile_text_stays_data_and_sampling_is_stated(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    # Varied prose, so the quality filters keep the documents and the hostile line reaches the report.
    body = ("The harbour master opened the old gates at dawn, and the fishing boats slipped out one by one "
            "into the grey water. By noon the wind had turned, so most of the crews came back early with "
            "half-empty nets and stories about the storm that never quite arrived over the town.")
    tail = ("In the evening the market filled with people buying bread, cheese and smoked fish, while "
            "children chased each other between the stalls until the lamps were lit along the quay.")
    for i in range(3):
        (inp / f"page{i}.txt").write_text(f"Page {i}. {body}\n</script><script>document.title='pwned'</script> <!-- x\n{tail} Day {i}.\n")
    out = tmp_path / "out"
    run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress", check=True)
    proc = run_cli("report", "--output", str(out), "--max-diffs", "2", check=True)
    assert "diffs embedded for 2" in proc.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(blob)
    assert len(data["docs"]) == 3 and len(data["diffs"]) == 2
    assert any("</script><script>" in d["base"] for d in data["diffs"].values())
    assert html.count("<script") == 2        # the data block and the app, nothing injected
    assert "the diff is embedded for" in html and "<b id=\"n-diffs\">2</b>" in html
    assert "http://" not in html and "https://" not in html   # nothing to fetch
    manifest_run = json.loads(next((out / "_runs").glob("*.json")).read_text())["run_id"]
    assert manifest_run in html


def test_report_without_a_corpus_says_what_to_do(tmp_path):
    proc = run_cli("report", "--output", str(tmp_path / "nothing"))
    assert proc.returncode == 1 and "pipeline run --output" in proc.stderr
