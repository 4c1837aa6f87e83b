"""Scenario 8: the same path with new bytes replaces the old row and its edits."""
from __future__ import annotations

from invariants import check, snapshot
from rel import html_page, live_rows, manifests, pipe_run


def test_s08_changed_input(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "x.html").write_text(html_page("The first version talks about   the old harbour bridge at night", "X"))
    (inp / "y.txt").write_text("Another document that never changes between the two runs here.")
    assert pipe_run(inp, out).returncode == 0
    (inp / "x.html").write_text(html_page("The second version is about   a new museum by the river", "X"))
    before = snapshot(tmp_path, out)
    again = pipe_run(inp, out)
    assert again.returncode == 0, again.stderr
    docs = [r for r in live_rows(out, "documents") if r["doc_id"] == "x"]
    assert len(docs) == 1 and "museum" in docs[0]["text"] and "harbour" not in docs[0]["text"]
    edits = [r for r in live_rows(out, "edits") if r["doc_id"] == "x"]
    assert edits and {r["run_id"] for r in edits} == {docs[0]["run_id"]}
    assert [i["change"] for i in manifests(out)[-1]["inputs"]] == ["changed"]
    check(out, before=before, root=tmp_path)
