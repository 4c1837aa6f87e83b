"""The corpus mirrors its input folder: ids that never collide across inputs, duplicates re-decided
when their group changes, deleted inputs' rows gone, and an interrupted run that keeps its
finished documents. Each case through the real CLI on real files."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from conftest import ROOT, dev_text_paths, read_table, run_cli

TEXT_A = "A first document about the harbour wall being rebuilt after the winter storms this year.\n"
TEXT_C = "Something else entirely: a story about a cat that learned to open the fridge door at night.\n"


def _run(inp, out, *extra):
    return run_cli("run", "--input", str(inp), "--output", str(out), "--workers", "1", "--no-progress",
                   *extra, check=True)


def _docs(out) -> dict[str, str]:
    return {r["doc_id"]: r["text"] for r in read_table(out, "documents")}


def _rejects(out) -> dict[str, str]:
    return {r["doc_id"]: r["rule"] for r in read_table(out, "rejects")}


def test_jsonl_record_ids_are_scoped_by_their_file(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "x.jsonl").write_text(json.dumps({"id": "r1", "text": "The first export's record r1, about the "
                                             "harbour wall and the storms that broke it."}) + "\n")
    (inp / "y.jsonl").write_text(json.dumps({"id": "r1", "text": "The second export's record r1, about a "
                                             "cat that opens the fridge door at night."}) + "\n")
    (inp / "r1.txt").write_text("A plain file whose name is the same as both records' id, about trains.\n")
    _run(inp, out)
    docs = _docs(out)
    assert set(docs) == {"x.jsonl/r1", "y.jsonl/r1", "r1"}
    assert "harbour" in docs["x.jsonl/r1"] and "fridge" in docs["y.jsonl/r1"]
    assert _rejects(out) == {}


def test_a_duplicate_is_re_decided_when_its_keeper_changes_or_goes(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(TEXT_A)
    (inp / "b.txt").write_text(TEXT_A)
    _run(inp, out)
    assert set(_docs(out)) == {"a"} and _rejects(out) == {"b": "dedup.exact"}
    (inp / "a.txt").write_text(TEXT_C)  # the keeper changes: b is no longer anyone's duplicate
    _run(inp, out)
    assert set(_docs(out)) == {"a", "b"} and _rejects(out) == {}
    (inp / "a.txt").write_text(TEXT_A)  # and back: a comes first in input order, b is the duplicate again
    _run(inp, out)
    assert set(_docs(out)) == {"a"} and _rejects(out) == {"b": "dedup.exact"}
    (inp / "a.txt").unlink()  # the keeper goes: b is kept
    res = _run(inp, out)
    assert set(_docs(out)) == {"b"} and _rejects(out) == {}
    assert "processed again to re-decide duplicates" in res.stdout


def test_a_new_input_before_the_keeper_takes_its_place(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "m.txt").write_text(TEXT_A)
    _run(inp, out)
    (inp / "a.txt").write_text(TEXT_A)
    _run(inp, out)
    fresh = tmp_path / "fresh"
    _run(inp, fresh)
    assert set(_docs(out)) == set(_docs(fresh)) == {"a"}
    assert _rejects(out) == _rejects(fresh) == {"m": "dedup.exact"}


def test_a_deleted_input_leaves_the_corpus_and_is_counted(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(TEXT_A)
    (inp / "c.txt").write_text(TEXT_C)
    (inp / "bad.jsonl").write_text("not json\n")
    _run(inp, out)
    assert set(_docs(out)) == {"a", "c"} and set(_rejects(out)) == {"bad:1"}
    (inp / "c.txt").unlink()
    (inp / "bad.jsonl").unlink()
    res = _run(inp, out)
    assert set(_docs(out)) == {"a"} and _rejects(out) == {}
    assert all(r["doc_id"] == "a" for r in read_table(out, "edits"))
    assert "removed 2 inputs" in res.stdout
    manifest = json.loads(sorted((out / "_runs").glob("*.json"))[-1].read_text())
    assert manifest["removed_inputs"] == ["bad.jsonl", "c.txt"] and manifest["counts"]["removed"] == 2
    status = run_cli("status", "--output", str(out), check=True).stdout
    assert "removed 2 inputs gone from the folder: bad.jsonl, c.txt" in status
    assert "nothing new" in _run(inp, out).stdout  # and nothing more to do


def _many_inputs(folder, n: int) -> None:
    """``n`` distinct page texts (the dev pages, each copy made unique by a line of its own)."""
    pages = [p.read_text() for p in dev_text_paths("page")]
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(pages[i % len(pages)] + f"\nCopy number {i} of this page.\n")


# Enough documents that processing, not the interpreter's start-up, is most of a clean run's time.
N_CTRL_C = 1500


def test_ctrl_c_commits_the_finished_documents(tmp_path):
    """Ctrl-C at 60 % of a clean run's time keeps at least 40 % of the documents, the summary is
    consistent with the corpus, and the next run finishes the rest."""
    inp = tmp_path / "in"
    _many_inputs(inp, N_CTRL_C)
    t0 = time.monotonic()
    _run(inp, tmp_path / "clean")
    clean = time.monotonic() - t0
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--input", str(inp), "--output", str(out),
                             "--workers", "1", "--no-progress"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.6 * clean)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    # the content stage removes the copy's own last line as page furniture, so many copies are
    # exact duplicates: a committed duplicate counts as kept work as much as a document does
    written, dups = len(read_table(out, "documents")), len(read_table(out, "rejects"))
    assert written + dups >= 0.4 * N_CTRL_C, (written, dups, clean, stdout)
    assert "INTERRUPTED" in stdout and f"{written + dups} units discovered" in stdout, stdout
    assert f"-> {written} written, 0 rejected, {dups} duplicates" in stdout, stdout
    rest = _run(inp, out)
    assert f"{N_CTRL_C - written - dups} new files" in rest.stdout, rest.stdout
    assert _docs(out) == _docs(tmp_path / "clean") and _rejects(out) == _rejects(tmp_path / "clean")


def test_a_second_signal_aborts_at_once(tmp_path):
    inp = tmp_path / "in"
    _many_inputs(inp, 600)
    out, count = tmp_path / "out", tmp_path / "count"
    # the tests' launcher counts the documents processed: the signals come while work is in flight
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "reliability" / "faulty.py"), "run", "--input",
                             str(inp), "--output", str(out), "--workers", "1", "--no-progress"], cwd=ROOT,
                            env={**os.environ, "PYTHONHASHSEED": "0", "PIPELINE_EXTRACT_COUNT": str(count)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not count.exists() or len(count.read_text().split()) < 20):
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 143, stderr
    assert "aborted by a second signal" in stderr or "INTERRUPTED" in stdout
    again = _run(inp, out)  # whatever was committed stands; the next run completes the corpus
    fresh = tmp_path / "fresh"
    _run(inp, fresh)
    assert _docs(out) == _docs(fresh) and _rejects(out) == _rejects(fresh), again.stdout
