"""After any sequence of runs with adds, changes, deletions and duplicate churn, the corpus equals
a fresh --full-refresh run over the same folder: documents, edits and rejects, run ids aside.

Histories are generated from fixed seeds (each a few runs over a folder of text files and JSONL
exports whose texts repeat across inputs), so a failure names its seed and step."""
from __future__ import annotations

import json
import random
import shutil

import pytest

from conftest import read_table

TEXTS = [
    "The harbour wall was rebuilt after the winter storms broke it in three places this year.",
    "A cat in the old town has learned to open the fridge door at night, its owners report.",
    "The council voted to keep the library open on Sundays after a petition of two thousand names.",
]
NAMES = ["a.txt", "b.txt", "c.txt", "m.txt", "z.txt", "x.jsonl", "y.jsonl"]


def _write(folder, name: str, rng: random.Random) -> None:
    if name.endswith(".jsonl"):
        records = [{"id": f"r{rng.randint(1, 3)}", "text": rng.choice(TEXTS)} for _ in range(rng.randint(1, 3))]
        # ids repeat inside a file now and then: the later record is a duplicate_id reject
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records))
    else:
        # half the time a copy of another text file: exact duplicates across inputs
        others = sorted(p for p in folder.glob("*.txt") if p.name != name)
        text = others[rng.randrange(len(others))].read_text() if others and rng.random() < 0.5 else rng.choice(TEXTS) + "\n"
        (folder / name).write_text(text)


def _step(folder, rng: random.Random) -> str:
    present = sorted(p.name for p in folder.iterdir())
    action = rng.choice(["add", "add", "add", "change", "delete"] if present else ["add"])
    if action == "add" or not present:
        name = rng.choice(NAMES)
        _write(folder, name, rng)
        return f"write {name}"
    name = rng.choice(present)
    if action == "change":
        _write(folder, name, rng)
        return f"change {name}"
    (folder / name).unlink()
    return f"delete {name}"


def _state(out) -> tuple:
    docs = sorted((r["doc_id"], r["text"], r["input_path"], r["title"]) for r in read_table(out, "documents"))
    edits = sorted((r["doc_id"], r["seq"], r["rule"], r["start"], r["end"], r["before"], r["after"])
                   for r in read_table(out, "edits"))
    rejects = sorted((r["doc_id"], r["rule"], r["detail"], r["input_path"]) for r in read_table(out, "rejects"))
    return docs, edits, rejects


def _history(tmp_path, seed: int, config, run) -> bool:
    """One generated history; fails on the first run whose corpus is not the fresh one. Returns
    whether the history met duplicates at all."""
    rng = random.Random(seed)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir(parents=True)
    history, churn = [], 0
    for step in range(5):
        for _ in range(rng.randint(2, 4)):
            history.append(_step(inp, rng))
        run(str(inp), str(out), config, workers=1)
        fresh = tmp_path / f"fresh{step}"
        run(str(inp), str(fresh), config, workers=1, full_refresh=True)
        state = _state(out)
        assert state == _state(fresh), f"seed {seed}, after: {history}"
        shutil.rmtree(fresh)
        churn += any(r[1] == "dedup.exact" for r in state[2])
    return churn > 0


@pytest.mark.slow
def test_incremental_runs_equal_a_fresh_full_refresh(tmp_path):
    from pipeline import config as cfg
    from pipeline.driver import run

    config = cfg.load(None)
    met = [_history(tmp_path / str(seed), seed, config, run) for seed in range(10)]
    # the histories must exercise duplicate churn, or they test nothing of it
    assert sum(met) >= 7, met
