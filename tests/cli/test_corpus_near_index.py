"""Near dedup's band index persists beside the corpus (``OUTPUT/_index/<commit>.near.npz``): each
run loads it and decides again only what its changes reach, never reading the stored signatures
back, and after any series of runs with additions, changes and deletions its decisions equal a
fresh --full-refresh's. Missing, unreadable or not saved with the last commit (a run that stopped
early), it is rebuilt from the stored signatures, with a log line, and the result is the same."""
from __future__ import annotations

import logging
import random
import shutil
from pathlib import Path

import pytest

from conftest import read_table

# A paragraph long enough that one changed word keeps a copy above Jaccard 0.8 of its 3-word
# shingles and three changed words take it below: chains of copies (a ~ b, b ~ c, a !~ c) make one
# document's fate hang on the decision before it.
PARAGRAPH = ("The museum reopened its east wing on Saturday after two years of repairs to the roof and the "
             "heating, and the first visitors queued along the river before the doors opened at nine. "
             "Curators moved more than four hundred paintings back from storage, among them a series of "
             "harbour views that had not been shown since the flood, and the shop sold out of catalogues "
             "by noon. The director thanked the volunteers who had catalogued every frame by hand.")
OTHER = "A cat in the old town has learned to open the fridge door at night, its owners report.\n"
NAMES = [f"{c}.txt" for c in "abcdefghij"]


def _variant(rng: random.Random) -> str:
    words = PARAGRAPH.split()
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        words[rng.randrange(len(words))] = rng.choice(["lantern", "orchard", "violin", "copper"])
    return " ".join(words) + "\n"


def _state(out: Path) -> tuple:
    docs = sorted((r["doc_id"], r["input_path"], r["text"]) for r in read_table(out, "documents"))
    rejects = sorted((r["doc_id"], r["rule"], r["detail"], r["input_path"]) for r in read_table(out, "rejects"))
    return docs, rejects


@pytest.fixture
def no_rebuild(monkeypatch):
    """Fail if a run reads the stored signatures back (what a rebuild of the index does)."""
    from pipeline.sink.store import Store

    read = Store.read

    def guarded(self, table, columns=None):
        assert not columns or "minhash" not in columns, "the band index was rebuilt from the corpus"
        return read(self, table, columns)

    def switch(on: bool) -> None:
        monkeypatch.setattr(Store, "read", guarded if on else read)
    return switch


def _config():
    from pipeline import config as cfg
    return cfg.load(None)


def _index_files(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "_index").iterdir())


def _latest(out: Path) -> str | None:
    names = sorted(p.stem for p in (out / "_runs").glob("*.json") if not p.name.startswith((".", "_")))
    return names[-1] if names else None


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_runs_use_the_index_and_equal_a_fresh_build(tmp_path, seed, no_rebuild):
    from pipeline.driver import run

    config, rng = _config(), random.Random(seed)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    history, near = [], 0
    for step in range(5):
        for _ in range(rng.randint(2, 4)):
            present = sorted(p.name for p in inp.iterdir())
            action = rng.choice(["add", "change", "delete"] if len(present) > 4 else ["add"])
            name = rng.choice(NAMES) if action == "add" else rng.choice(present)
            if action == "delete":
                (inp / name).unlink()
            else:
                (inp / name).write_text(OTHER if rng.random() < 0.15 else _variant(rng))
            history.append(f"{action} {name}")
        no_rebuild(step > 0)  # the first run starts an empty corpus; the next ones load its index
        run(str(inp), str(out), config, workers=1)
        no_rebuild(False)
        if _latest(out):  # (nothing is committed while the folder has been empty)
            assert _index_files(out) == [f"{_latest(out)}.near.npz"], history
        fresh = tmp_path / f"fresh{step}"
        run(str(inp), str(fresh), config, workers=1, full_refresh=True)
        state = _state(out)
        assert state == _state(fresh), f"seed {seed}, after: {history}"
        shutil.rmtree(fresh)
        near += sum(r[1] == "dedup.near" for r in state[1])
    assert near >= 3, "the history must make near duplicates, or it tests nothing of them"


def test_a_missing_unreadable_or_unsaved_index_is_rebuilt(tmp_path, caplog):
    from pipeline.driver import run

    config, rng = _config(), random.Random(7)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name in NAMES[:6]:
        (inp / name).write_text(_variant(rng))
    run(str(inp), str(out), config, workers=1)
    caplog.set_level(logging.INFO, logger="pipeline.corpus.near")

    def check(change: str, why: str) -> None:
        (inp / change).write_text(_variant(rng))
        caplog.clear()
        run(str(inp), str(out), config, workers=1)
        rebuilt = [r.getMessage() for r in caplog.records if "rebuilt" in r.getMessage()]
        assert len(rebuilt) == 1 and why in rebuilt[0], rebuilt
        fresh = tmp_path / "fresh"
        run(str(inp), str(fresh), config, workers=1, full_refresh=True)
        assert _state(out) == _state(fresh)
        shutil.rmtree(fresh)
        assert _index_files(out) == [f"{_latest(out)}.near.npz"]

    index = out / "_index" / _index_files(out)[0]
    index.write_bytes(index.read_bytes()[: len(index.read_bytes()) // 2])
    check("a.txt", "unreadable")
    (out / "_index" / _index_files(out)[0]).unlink()
    check("b.txt", "not saved with the corpus's last commit")
    # a run that stops early commits what it finished, without an index: its decisions may not be
    # settled (a displaced keeper not processed again yet)
    for name in ("0.txt", "00.txt"):
        (inp / name).write_text(PARAGRAPH + "\n")
    calls = []
    res = run(str(inp), str(out), config, workers=1, stop=lambda: calls.append(1) or len(calls) > 3)
    assert res.status == "interrupted" and _index_files(out) == []
    check("c.txt", "not saved with the corpus's last commit")
