"""pipeline compare on two real runs of the seeds that differ by one debris rule switched off."""
from __future__ import annotations

import json
import re

from conftest import ROOT, run_cli


# Both runs switch the content stage off for text: it removes the comment form's lines too (as page
# furniture), which would hide the one debris rule this test switches off.
_NO_CONTENT = "[stages.content]\ncontent_types = []\n"


def _rules_without(rule: str) -> str:
    text = (ROOT / "configs" / "default.toml").read_text()
    block = re.search(r"\[stages\.debris\]\n.*?rules = (\[.*?\])", text, re.S).group(1)
    names = [n for n in re.findall(r'"([a-z_.]+)"', block) if n != rule]
    assert len(names) >= 5
    return _NO_CONTENT + "[stages.debris]\nrules = [" + ", ".join(f'"{n}"' for n in names) + "]\n"


def test_compare_names_the_changed_document_and_the_rule_that_moved(seed_input, tmp_path):
    cfg, base = tmp_path / "no_comment_form.toml", tmp_path / "base.toml"
    cfg.write_text(_rules_without("debris.comment_form"))
    base.write_text(_NO_CONTENT)
    old, new = tmp_path / "old", tmp_path / "new"
    run_cli("run", "--input", str(seed_input), "--output", str(old), "--workers", "1", "--no-progress",
            "--config", str(base), check=True)
    run_cli("run", "--input", str(seed_input), "--output", str(new), "--workers", "1", "--no-progress",
            "--config", str(cfg), check=True)
    res = json.loads(run_cli("compare", str(old), str(new), "--format", "json", check=True).stdout)
    assert res["config_changed"] is True
    assert res["changed"] == ["001_87baeee10ab8ebbf"]
    assert res["appeared"] == [] and res["disappeared"] == []
    moved = {r["rule"]: r for r in res["rules"]}
    assert moved["debris.comment_form"]["new"] == 0 and moved["debris.comment_form"]["old"] >= 1
    sample = res["samples"][0]
    assert sample["doc_id"] == "001_87baeee10ab8ebbf"
    assert any(line.startswith("+") and "Leave a Reply" in line for line in sample["diff"])
    text = run_cli("compare", str(old), str(new), check=True).stdout
    assert "1 changed" in text and "debris.comment_form" in text
    same = run_cli("compare", str(old), str(old), check=True).stdout
    assert "0 changed, 0 appeared, 0 disappeared" in same and "no rule's counts moved" in same
    assert res["config_changes"] == ["stages.debris.rules: -debris.comment_form"]


def test_compare_two_runs_of_one_folder_from_their_manifests(seed_input, tmp_path):
    cfg, base = tmp_path / "no_comment_form.toml", tmp_path / "base.toml"
    cfg.write_text(_rules_without("debris.comment_form"))
    base.write_text(_NO_CONTENT)
    out = tmp_path / "out"
    run_cli("run", "--input", str(seed_input), "--output", str(out), "--workers", "1", "--no-progress",
            "--config", str(base), check=True)
    first = json.loads(next((out / "_runs").glob("*.json")).read_text())["run_id"]
    # a config change needs --full-refresh, which deletes the first run's rows: only manifests remain
    run_cli("run", "--input", str(seed_input), "--output", str(out), "--workers", "1", "--no-progress",
            "--config", str(cfg), "--full-refresh", check=True)
    res = json.loads(run_cli("compare", "--output", str(out), first, "latest", "--format", "json",
                             check=True).stdout)
    assert res["old_run"] == first and res["new_run"] != first
    assert res["config_changes"] == ["stages.debris.rules: -debris.comment_form"]
    moved = {r["rule"]: r for r in res["rules"]}
    assert moved["debris.comment_form"]["old"] >= 1 and moved["debris.comment_form"]["new"] == 0
    assert res["inputs_changed"] == res["inputs_appeared"] == res["inputs_disappeared"] == []
    text = run_cli("compare", "--output", str(out), first, "latest", check=True).stdout
    assert "-debris.comment_form" in text and "second folder" in text
    bad = run_cli("compare", "--output", str(out), "nosuchrun", "latest")
    assert bad.returncode == 1 and first in bad.stderr


def test_compare_runs_sums_every_commit_of_a_multi_commit_run(seed_input, tmp_path):
    """shard_rows = 1 commits each document on its own: the run's counts, rules and inputs in
    compare --output are those of all its commits, not of its last batch."""
    small = tmp_path / "small.toml"
    small.write_text(_NO_CONTENT + "[pipeline]\nshard_rows = 1\n")
    out = tmp_path / "out"
    run_cli("run", "--input", str(seed_input), "--output", str(out), "--workers", "1", "--no-progress",
            "--config", str(small), check=True)
    manifests = sorted((out / "_runs").glob("*.json"))
    assert len(manifests) >= 2  # one commit per document, so the run has several
    inputs = sorted(p.name for p in seed_input.iterdir())
    res = json.loads(run_cli("compare", "--output", str(out), "latest", "latest", "--format", "json",
                             check=True).stdout)
    assert res["commits"] == [len(manifests)] * 2
    assert res["counts"]["written"] == [len(inputs), len(inputs)]
    per_commit = [json.loads(m.read_text())["rules"] for m in manifests]
    total = {}
    for rules in per_commit:
        for rule, n in rules.items():
            total[rule] = total.get(rule, 0) + n
    status = json.loads(run_cli("status", "--output", str(out), "--json", check=True).stdout.splitlines()[-1])
    assert status["commits"] == len(manifests) and status["counts"]["written"] == len(inputs)
    from pipeline.audit.runs import resolve

    summary = resolve(str(out), "latest")
    assert summary["rules"] == dict(sorted(total.items())) and sum(total.values()) > 0
    assert sorted(i["input_path"] for i in summary["inputs"]) == inputs
