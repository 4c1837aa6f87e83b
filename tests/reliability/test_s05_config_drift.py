"""Scenario 5: a changed config, library version or rule file refuses with 78 until --full-refresh."""
from __future__ import annotations

import json

import pytest

from invariants import check, snapshot
from rel import doc_set, make_mixed, pipe_run


def _tamper_latest(out, edit):
    """Pretend the corpus was built with something else: edit what its last manifest records."""
    path = sorted((out / "_runs").glob("*.json"))[-1]
    m = json.loads(path.read_text())
    edit(m)
    path.write_text(json.dumps(m))


@pytest.mark.parametrize("change", ["ftfy_option", "trafilatura_version", "rule_file"])
def test_s05_config_drift(tmp_path, change):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 8, jsonl_every=4)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[stages.encoding]\nuncurl_quotes = false\n")
    assert pipe_run(inp, out, config=cfg).returncode == 0
    reference = doc_set(out)
    (inp / "new.txt").write_text("A new document arrives with several plain words in it today.")
    if change == "ftfy_option":
        cfg.write_text("[stages.encoding]\nuncurl_quotes = true\n")
        key = "stages.encoding"
    elif change == "trafilatura_version":
        _tamper_latest(out, lambda m: m["versions"].update(trafilatura="2.2.0"))
        key = "trafilatura 2.2.0"
    else:
        _tamper_latest(out, lambda m: m["rule_files"].update({"debris_rules.py": "0" * 16}))
        key = "debris_rules.py"
    before = snapshot(tmp_path, out / ".lock")
    refused = pipe_run(inp, out, config=cfg)
    assert refused.returncode == 78, refused.stderr
    assert key in refused.stderr and "--full-refresh" in refused.stderr
    assert snapshot(tmp_path, out / ".lock") == before, "a refused run wrote something"
    rebuilt = pipe_run(inp, out, "--full-refresh", config=cfg)
    assert rebuilt.returncode == 0, rebuilt.stderr
    check(out)
    assert len(doc_set(out)) == len(reference) + 1
    assert pipe_run(inp, out, config=cfg).returncode == 0  # the rebuilt corpus is the new baseline
