"""Scenario 27: a missing or wrongly versioned dependency stops the run before the lock and before
anything under out/ exists. (A shim on PYTHONPATH stands in for a venv lacking the package.)"""
from __future__ import annotations

import pytest

from invariants import check, snapshot
from rel import manifests, pipe_run


@pytest.mark.parametrize("case", ["no_lxml_html_clean", "other_trafilatura"])
def test_s27_environment_self_check(tmp_path, case):
    inp, out, shim = tmp_path / "in", tmp_path / "out", tmp_path / "shim"
    inp.mkdir()
    (inp / "a.txt").write_text("A document with a fair number of plain words in it")
    if case == "no_lxml_html_clean":
        (shim / "lxml_html_clean").mkdir(parents=True)
        (shim / "lxml_html_clean" / "__init__.py").write_text("raise ImportError('lxml_html_clean is not installed')\n")
        name = "lxml_html_clean"
    else:
        meta = shim / "trafilatura-9.9.9.dist-info"
        meta.mkdir(parents=True)
        (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: trafilatura\nVersion: 9.9.9\n")
        name = "trafilatura 9.9.9"
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, PYTHONPATH=str(shim))
    assert res.returncode == 78, res.stderr
    assert name in res.stderr
    assert not out.exists(), "nothing under out/ may be written before the self-check passes"
    check(out, before=before, root=tmp_path)


def test_s27_versions_recorded(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text("A document with a fair number of plain words in it")
    assert pipe_run(inp, out).returncode == 0
    versions = manifests(out)[-1]["versions"]
    assert {"trafilatura", "lxml", "lxml_html_clean", "ftfy", "langdetect", "pyarrow"} <= set(versions)
