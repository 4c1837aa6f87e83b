"""Scenario 7: files still being written are deferred (unsettled) unread, and taken once settled."""
from __future__ import annotations

import json
import os
import threading
import time

from invariants import check, snapshot
from rel import doc_set, manifests, pipe_run, write_config

WORDS = "plain words about the harbour and the bridge at night"


def test_s07_file_still_being_written(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "old.txt").write_text(f"An old settled document with {WORDS}")
    past = time.time() - 600
    os.utime(inp / "old.txt", (past, past))
    (inp / "fresh.txt").write_text(f"A fresh document with {WORDS}")
    five = time.time() - 5
    os.utime(inp / "fresh.txt", (five, five))
    grow = inp / "grow.jsonl"
    grow.write_text("")
    stop = threading.Event()
    written = []

    def writer():
        n = 0
        while not stop.is_set():
            with open(grow, "a") as fh:
                fh.write(json.dumps({"id": f"g{n}", "text": f"Growing record {n} {WORDS}"}) + "\n")
            written.append(n)
            n += 1
            time.sleep(0.1)

    cfg = write_config(tmp_path / "c.toml", limits={"settle_seconds": 60})
    counter = tmp_path / "calls.txt"
    t = threading.Thread(target=writer)
    t.start()
    try:
        first = pipe_run(inp, out, config=cfg, PIPELINE_EXTRACT_COUNT=counter)
    finally:
        stop.set()
        t.join()
    assert first.returncode == 0, first.stderr
    m = manifests(out)[-1]
    assert {d["input_path"]: d["reason"] for d in m["deferred"]} == {"fresh.txt": "unsettled",
                                                                    "grow.jsonl": "unsettled"}
    assert counter.read_text().split() == ["old"]  # the deferred files were never processed
    assert {d for d, _ in doc_set(out)} == {"old"}
    # the writer stopped; once the files are older than the window they are taken, each record once
    for p in (grow, inp / "fresh.txt"):
        os.utime(p, (past, past))
    before = snapshot(tmp_path, out)
    second = pipe_run(inp, out, config=cfg)
    assert second.returncode == 0, second.stderr
    assert {d for d, _ in doc_set(out)} == {"old", "fresh"} | {f"grow.jsonl/g{n}" for n in written}
    check(out, before=before, root=tmp_path, units=2 + len(written))


def test_s07_changed_between_listing_and_read(tmp_path):
    """A file whose size or mtime moved since listing is refused whole (in-process: the race is timing)."""
    from pipeline.sources import Deferred, discover, load
    from pipeline.sources.read import Limits

    (tmp_path / "a.jsonl").write_text(json.dumps({"text": WORDS}) + "\n")
    unit = discover(str(tmp_path))[0]
    with open(tmp_path / "a.jsonl", "a") as fh:
        fh.write(json.dumps({"text": "half a rec"})[:8])
    got = load(unit, "a", Limits())
    assert len(got) == 1 and isinstance(got[0], Deferred) and got[0].reason == "unsettled"
