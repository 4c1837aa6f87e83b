"""The report file itself: data embedded safely, sampling stated, summary from the manifest."""
from __future__ import annotations

import json
import re

from conftest import SEEDS, run_cli

ARTICLE = (SEEDS / "raw" / "000_195457bd51d6a0aa.txt").read_text(encoding="utf-8")
OTHER = (SEEDS / "raw" / "001_87baeee10ab8ebbf.txt").read_text(encoding="utf-8")


def test_hostile_text_stays_data_and_sampling_is_stated(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(3):
        (inp / f"page{i}.txt").write_text(f"Page {i}.\n</script><script>document.title='pwned'</script> <!-- x\n"
                                          f"{ARTICLE}\n", encoding="utf-8")
    out = tmp_path / "out"
    # three pages alike but for their first line: near duplicates, which this test keeps
    cfg = tmp_path / "c.toml"
    cfg.write_text("[pipeline]\nnear_dedup = false\n")
    run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress", "--config", str(cfg),
            check=True)
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


def test_a_reject_sharing_its_id_with_a_document_keeps_both(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    # a JSONL record without an id is "records:1"; a file whose stem is that too clashes with it
    # (record ids are scoped by their file, so only such odd names can clash)
    (inp / "records:1.txt").write_text(ARTICLE, encoding="utf-8")
    (inp / "records.jsonl").write_text(json.dumps({"text": OTHER}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress", check=True)
    run_cli("report", "--output", str(out), check=True)
    html = (out / "report.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1))
    story = [r for r in data["docs"] if r[0] == "records:1"]
    assert len(story) == 2 and "records:1" in data["diffs"]
    rej = next(r for r in story if r[5])
    assert rej[5] == data["rejects"][rej[7]]["rule"] == "dedup.doc_id"


def test_bar_labels_are_never_clipped():
    """A rule name is drawn whole however long (the label column widens), and counts say
    '1 rule' / '2 rules'."""
    from pipeline.audit import plural
    from pipeline.report import _env, charts

    long_name = "extract.dom_nested_article_inside_a_teaser_list"
    c = charts.bars("Edits per rule", [(long_name, 3), ("debris.x", 1)])
    svg = _env().get_template("chart.svg.j2").render(c=c)
    assert f">{long_name}</text>" in svg
    assert c["label_w"] > charts.LABEL and c["width"] > charts.WIDTH
    assert (plural(1, "rule"), plural(2, "rule"), plural(0, "edit")) == ("1 rule", "2 rules", "0 edits")
