"""The audit tools over HTML documents whose base is the page's visible text: extraction shows as
extract.* edits in diff, rules, explain and the JSON logs; a corpus written before (base: the
extractor's output) still reads."""
from __future__ import annotations

import json
import os
import shutil

import pyarrow.parquet as pq
import pytest

from conftest import BENCH_DEV, SEEDS, read_table, run_cli

PAGES = sorted((BENCH_DEV / "html").glob("*.html.gz"))[:3]   # the third changes with favor_precision
ALIGN = ("extract.boilerplate", "extract.inline", "extract.reformat")


def _page_id(path) -> str:
    return path.name.split(".")[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("htmlbase")
    inp = base / "input"
    inp.mkdir()
    for f in PAGES + [SEEDS / "raw" / sorted(p.name for p in (SEEDS / "raw").iterdir())[0]]:
        shutil.copy(f, inp / f.name)
    out = base / "out"
    run = run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress",
                  "--log-format", "json", check=True)
    return out, run


def test_rules_counts_extraction_rules_as_the_edits_table_does(corpus):
    out, _ = corpus
    rows = {r["rule"]: r for r in json.loads(run_cli("rules", "--output", str(out), "--format", "json",
                                                     check=True).stdout)}
    edits = read_table(out, "edits")
    extract = {e["rule"] for e in edits if e["rule"].startswith("extract.")}
    assert "extract.boilerplate" in extract
    assert any(r.startswith("extract.dom_") for r in extract)
    for rule in extract:
        mine = [e for e in edits if e["rule"] == rule]
        assert rows[rule]["edits"] == len(mine) and rows[rule]["stage"] == "extract"
        assert rows[rule]["chars_removed"] == sum(len(e["before"] or "") for e in mine)
    table = run_cli("rules", "--output", str(out), check=True).stdout
    assert "extract.boilerplate" in table and " 1 rules" not in table


def test_diff_shows_extraction_and_hides_it_on_request(corpus):
    out, _ = corpus
    doc = _page_id(PAGES[0])
    full = run_cli("diff", doc[:10], "--output", str(out), "--color", "never", check=True).stdout
    assert f"# {doc} " in full and "input point: the page's visible text" in full
    assert "⟨extract.boilerplate⟩" in full
    later = run_cli("diff", doc, "--output", str(out), "--color", "never", "--hide", "extract", check=True).stdout
    assert "⟨extract." not in later and "⟨" in later
    only = run_cli("diff", doc, "--output", str(out), "--color", "never", "--from", "extract", "--to", "extract",
                   check=True).stdout
    labels = {part.split("⟩")[0] for part in only.split("⟨")[1:]}
    assert labels and all(label.startswith("extract.") for label in labels), labels


def test_diff_refuses_a_prefix_that_is_not_unique(corpus):
    out, _ = corpus
    ids = sorted(d["doc_id"] for d in read_table(out, "documents"))
    common = os.path.commonprefix(ids[:2])   # may be "", which starts every doc_id
    proc = run_cli("diff", common, "--output", str(out))
    assert proc.returncode == 1 and "give more of it" in proc.stderr


def test_json_logs_carry_time_and_run_id_and_the_option_goes_after_the_command(corpus):
    out, run = corpus
    lines = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert lines and all(line["time"].endswith("+00:00") for line in lines)
    run_id = json.loads((sorted((out / "_runs").glob("*.json"))[-1]).read_text())["run_id"]
    assert any(line["run_id"] == run_id for line in lines)
    proc = run_cli("diff", "no-such-doc", "--output", str(out), "--log-format", "json")
    err = json.loads(proc.stderr.strip().splitlines()[-1])
    assert proc.returncode == 1 and err["level"] == "ERROR" and "no-such-doc" in err["message"] and "time" in err


def test_explain_names_the_page_text_base_and_extraction_rules():
    proc = run_cli("explain", str(PAGES[0]), check=True)
    assert "base text: the page's visible text" in proc.stdout and "extract.boilerplate" in proc.stdout


def test_a_corpus_written_before_reads_from_the_extractor_output(corpus, tmp_path):
    """Edits of the old kind: the extraction edits (the first ones, seq order) were never there."""
    out, _ = corpus
    old = tmp_path / "old"
    shutil.copytree(out, old)
    for f in (old / "edits").glob("*.parquet"):
        t = pq.read_table(f)
        keep = [not (r in ALIGN or r.startswith("extract.dom_")) for r in t["rule"].to_pylist()]
        pq.write_table(t.filter(keep), f)
    doc = _page_id(PAGES[0])
    shown = run_cli("diff", doc, "--output", str(old), "--color", "never", check=True).stdout
    assert "input point: the extractor's output" in shown and "extract.boilerplate" not in shown
    rules = {r["rule"] for r in json.loads(run_cli("rules", "--output", str(old), "--format", "json",
                                                   check=True).stdout)}
    assert rules and not rules & set(ALIGN)
    run_cli("report", "--output", str(old), "--out", str(tmp_path / "r.html"), check=True)


def test_compare_shows_text_an_extraction_config_change_restored(corpus, tmp_path):
    """With extract's line rules switched off, compare names the setting, the extract.* counts
    that moved and the lines of page text that came back. (DOM pre-cleaning or precision mode off
    moves the extract.* counts on these pages but leaves their clean text as it was.)"""
    from conftest import ROOT

    out, _ = corpus
    config = tmp_path / "nolines.toml"
    text = (ROOT / "configs" / "default.toml").read_text()
    start = text.index("\ntext_rules = [")
    end = text.index("]", start)
    config.write_text(text[:start] + "\ntext_rules = [" + text[end:])
    new = tmp_path / "nolines"
    run_cli("run", "--input", str(out.parent / "input"), "--output", str(new), "--workers", "1", "--no-progress",
            "--config", str(config), check=True)
    shown = run_cli("compare", str(out), str(new), check=True).stdout
    assert "stages.extract.text_rules: -extract.insert" in shown
    moved = [line for line in shown.splitlines() if line.strip().startswith("extract.")]
    assert moved and "->" in moved[0]
    assert any(line.startswith("  +") and len(line) > 20 for line in shown.splitlines()), shown  # a restored line
