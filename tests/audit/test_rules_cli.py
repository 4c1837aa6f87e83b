"""pipeline rules over a real run of the seeds: the seed debris rules with their counts."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from conftest import SEEDS
    import shutil

    base = tmp_path_factory.mktemp("rules")
    inp = base / "input"
    inp.mkdir()
    for f in sorted((SEEDS / "raw").iterdir()):
        shutil.copy(f, inp / f.name)
    out = base / "out"
    run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress", check=True)
    return out


def test_json_lists_seed_debris_rules_with_counts_matching_the_edit_table(corpus):
    from conftest import read_table

    proc = run_cli("rules", "--output", str(corpus), "--format", "json", check=True)
    rows = {r["rule"]: r for r in json.loads(proc.stdout)}
    edits = read_table(corpus, "edits")
    for rule in ("debris.photo_credit", "debris.comment_form", "debris.image_caption"):
        mine = [e for e in edits if e["rule"] == rule]
        assert rows[rule]["edits"] == len(mine) > 0
        assert rows[rule]["docs"] == len({e["doc_id"] for e in mine})
        assert rows[rule]["chars_removed"] == sum(len(e["before"] or "") for e in mine)
        assert rows[rule]["stage"] == "debris"
    ex = rows["debris.photo_credit"]["examples"][0]
    assert "©" in ex["removed"] and ex["left"] and ex["right"]


def test_table_sorts_and_csv_has_a_row_per_rule(corpus):
    table = run_cli("rules", "--output", str(corpus), "--sort", "chars_removed", check=True).stdout
    lines = [ln for ln in table.splitlines()[1:] if ln.strip() and not ln.startswith(" ")]
    removed = [int(ln.split()[4]) for ln in lines if ln.split()[0] in ("debris", "normalise", "joins", "metadata",
                                                                       "encoding", "extract", "filters")]
    assert removed == sorted(removed, reverse=True) and len(removed) >= 5
    assert "debris.comment_form" in table
    rows = list(csv.DictReader(io.StringIO(run_cli("rules", "--output", str(corpus), "--format", "csv",
                                                   check=True).stdout)))
    assert {"debris.photo_credit", "debris.comment_form"} <= {r["rule"] for r in rows}


def test_diff_between_stage_boundaries(corpus):
    doc = "001_87baeee10ab8ebbf"
    only_debris = run_cli("diff", doc, "--output", str(corpus), "--from", "debris", "--to", "debris",
                          "--color", "never", check=True).stdout
    assert "⟨debris.photo_credit⟩" in only_debris and "⟨normalise." not in only_debris
    assert "⟨metadata.title_line⟩" not in only_debris
    later = run_cli("diff", doc, "--output", str(corpus), "--from", "joins", "--hide", "normalise",
                    "--color", "never", check=True).stdout
    assert "⟨joins.paragraph_glue⟩" in later and "⟨debris." not in later and "⟨normalise." not in later
    bad = run_cli("diff", doc, "--output", str(corpus), "--from", "nosuchstage")
    assert bad.returncode == 1 and "choose input, clean or a stage" in bad.stderr
    backwards = run_cli("diff", doc, "--output", str(corpus), "--from", "normalise", "--to", "debris")
    assert backwards.returncode == 1 and "comes after" in backwards.stderr


def test_a_corpus_with_a_missing_shard_is_named_not_a_traceback(corpus, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(corpus, broken)
    next((broken / "edits").glob("*.parquet")).unlink()
    proc = run_cli("rules", "--output", str(broken))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "missing shard" in proc.stderr and "edits/part-" in proc.stderr
