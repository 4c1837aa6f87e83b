"""Scenario 5: a changed config, library version or rule file refuses with 78 until --full-refresh."""
from __future__ import annotations

import json

from invariants import check, snapshot
from rel import doc_set, make_mixed, pipe_run


def test_s05_config_drift(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_mixed(inp, 8, jsonl_every=4)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[stages.encoding]\nuncurl_quotes = false\n")
    assert pipe_run(inp, out, config=cfg).returncode == 0
    reference = doc_set(out)
    (inp / "new.txt").write_text("A new document arrives with several plain words in it today.")
    manifest = sorted((out / "_runs").glob("*.json"))[-1]
    original = manifest.read_text()

    def recorded(edit):
        """Pretend the corpus was built with something else: edit what its manifest records."""
        m = json.loads(original)
        edit(m)
        manifest.write_text(json.dumps(m))

    cases = (
        ("trafilatura 2.2.0", lambda: recorded(lambda m: m["versions"].update(trafilatura="2.2.0"))),
        ("debris/rules.py", lambda: recorded(lambda m: m["rule_files"].update({"debris/rules.py": "0" * 16}))),
        # a corpus from before the stage packages recorded flat file names ("debris_rules.py")
        ("moved into stage packages", lambda: recorded(lambda m: m.update(rule_files={
            n.replace("/", "_"): h for n, h in m["rule_files"].items()}))),
        ("stages.encoding.uncurl_quotes", lambda: (manifest.write_text(original),
                                                   cfg.write_text("[stages.encoding]\nuncurl_quotes = true\n"))),
    )
    for key, change in cases:
        change()
        before = snapshot(tmp_path, out / ".lock")
        refused = pipe_run(inp, out, config=cfg)
        assert refused.returncode == 78, refused.stderr
        assert key in refused.stderr and "--full-refresh" in refused.stderr, (key, refused.stderr)
        assert snapshot(tmp_path, out / ".lock") == before, f"{key}: a refused run wrote something"
    # a library the manifest does not name (recorded only since a later release) is no change
    cfg.write_text("[stages.encoding]\nuncurl_quotes = false\n")
    recorded(lambda m: m["versions"].pop("dateparser"))
    accepted = pipe_run(inp, out, config=cfg)
    assert accepted.returncode == 0, accepted.stderr
    assert len(doc_set(out)) == len(reference) + 1
    cfg.write_text("[stages.encoding]\nuncurl_quotes = true\n")
    rebuilt = pipe_run(inp, out, "--full-refresh", config=cfg)
    assert rebuilt.returncode == 0, rebuilt.stderr
    check(out)
    assert len(doc_set(out)) == len(reference) + 1
    assert pipe_run(inp, out, config=cfg).returncode == 0  # the rebuilt corpus is the new baseline
