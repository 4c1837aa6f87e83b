"""After any sequence of runs with adds, changes, deletions and duplicate churn, the corpus equals
a fresh --full-refresh run over the same folder: documents, edits and rejects, run ids aside.

Histories are generated from fixed seeds (each a few runs over a folder of text files and JSONL
exports whose texts repeat across inputs, exactly or as near-copies: one word of a paragraph
changed, so that two copies are near duplicates of each other or not depending on where their
changes fall), so a failure names its seed and step."""
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
PARAGRAPH = ("The museum reopened its east wing on Saturday after two years of repairs to the roof and the "
             "heating, and the first visitors queued along the river before the doors opened at nine. "
             "Curators moved more than four hundred paintings back from storage, among them a series of "
             "harbour views that had not been shown since the flood, and the shop sold out of catalogues "
             "by noon.")
NAMES = ["a.txt", "b.txt", "c.txt", "m.txt", "z.txt", "x.jsonl", "y.jsonl"]


def _near_copy(rng: random.Random) -> str:
    words = PARAGRAPH.split()
    words[rng.randrange(len(words))] = rng.choice(["lantern", "orchard", "violin"])
    return " ".join(words)


def _text(rng: random.Random) -> str:
    return rng.choice(TEXTS) if rng.random() < 0.5 else _near_copy(rng)


def _write(folder, name: str, rng: random.Random) -> None:
    if name.endswith(".jsonl"):
        records = [{"id": f"r{rng.randint(1, 3)}", "text": _text(rng)} for _ in range(rng.randint(1, 3))]
        # ids repeat inside a file now and then: the later record is a duplicate_id reject
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records))
    else:
        # half the time a copy of another text file: exact duplicates across inputs
        others = sorted(p for p in folder.glob("*.txt") if p.name != name)
        text = others[rng.randrange(len(others))].read_text() if others and rng.random() < 0.5 else _text(rng) + "\n"
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


def _history(tmp_path, seed: int, config, run) -> tuple[bool, bool]:
    """One generated history; fails on the first run whose corpus is not the fresh one. Returns
    which duplicates the history met (exact, near)."""
    rng = random.Random(seed)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir(parents=True)
    history, exact, near = [], 0, 0
    for step in range(5):
        for _ in range(rng.randint(2, 4)):
            history.append(_step(inp, rng))
        run(str(inp), str(out), config, workers=1)
        fresh = tmp_path / f"fresh{step}"
        run(str(inp), str(fresh), config, workers=1, full_refresh=True)
        state = _state(out)
        assert state == _state(fresh), f"seed {seed}, after: {history}"
        shutil.rmtree(fresh)
        exact += any(r[1] == "dedup.exact" for r in state[2])
        near += any(r[1] == "dedup.near" for r in state[2])
    return exact > 0, near > 0


@pytest.mark.slow
def test_incremental_runs_equal_a_fresh_full_refresh(tmp_path):
    from pipeline import config as cfg
    from pipeline.driver import run

    config = cfg.load(None)
    met = [_history(tmp_path / str(seed), seed, config, run) for seed in range(10)]
    # the histories must exercise duplicate churn, or they test nothing of it
    assert sum(e for e, _n in met) >= 7 and sum(n for _e, n in met) >= 7, met
