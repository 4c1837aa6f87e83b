"""Near-duplicate removal over real dev pages: 54 page texts plus near-copies of 20 of them (one
sentence changed, one line added). Each pair keeps exactly its first document in input order, no
other page is lost, for 1 and 2 workers, and the decision holds across reruns, changes and
deletions (each run's corpus equals a fresh --full-refresh)."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import read_table

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "bench" / "dev" / "page"


def near_copy(text: str) -> str:
    """One sentence changed (two middle words swapped, its second word replaced), one line added.
    The changed sentence is in the longest line, article prose that cleaning keeps."""
    lines = text.split("\n")
    i = max(range(len(lines)), key=lambda n: (len(lines[n]), -n))
    w = lines[i].split()
    j = len(w) // 2
    w[j], w[j + 1] = w[j + 1], w[j]
    w[1] = "notably"
    lines[i] = " ".join(w)
    return "\n".join(lines + ["This page was copied from another site and lightly edited."])


def _pages() -> list[Path]:
    pages = sorted(DEV.glob("*.txt"))
    if len(pages) != 54:
        pytest.skip(f"needs the 54 dev page texts in {DEV}")
    return pages


def _folder(folder: Path) -> dict[str, str]:
    """The 54 pages and 20 near-copies; half the copies sort before their original ("0-" prefix),
    half after ("z-" prefix). Returns copy name -> original name."""
    folder.mkdir(parents=True)
    pairs = {}
    for n, page in enumerate(_pages()):
        text = page.read_text()
        (folder / page.name).write_text(text)
        if n % 54 < 40 and n % 2 == 0:
            name = ("0-" if n % 4 == 0 else "z-") + page.name
            (folder / name).write_text(near_copy(text))
            pairs[name] = page.name
    assert len(pairs) == 20
    return pairs


def _state(out: Path) -> tuple:
    docs = sorted((r["doc_id"], r["input_path"], r["text"]) for r in read_table(out, "documents"))
    rejects = sorted((r["doc_id"], r["rule"], r["detail"], r["input_path"]) for r in read_table(out, "rejects"))
    return docs, rejects


def _check_pairs(out: Path, present: set[str], pairs: dict[str, str]) -> None:
    kept = {r["input_path"] for r in read_table(out, "documents")}
    rejects = read_table(out, "rejects")
    near = {r["input_path"]: r for r in rejects if r["rule"] == "dedup.near"}
    # a copy whose changes cleaning removed (debris lines) is an exact duplicate: 4 of the 20
    exact = {r["input_path"]: r for r in rejects if r["rule"] == "dedup.exact"}
    assert len(near) >= 2 * len(exact), (sorted(near), sorted(exact))
    for copy, orig in pairs.items():
        both = {copy, orig} & present
        if len(both) == 2:
            first, second = sorted(both)
            assert first in kept and second in near | exact, (first, second)
            stem = first.removesuffix(".txt")
            if second in exact:
                continue
            assert near[second]["detail"].startswith(f"near duplicate of {stem} (estimated Jaccard ")
            assert float(near[second]["detail"].rsplit(" ", 1)[1].rstrip(")")) >= 0.8
        else:
            assert both <= kept, both
    # no other page lost: every present input is kept or the later member of a pair
    assert kept | set(near) | set(exact) == present
    assert set(near) | set(exact) == {max(p) for p in ({c, o} for c, o in pairs.items()) if p <= present}


def test_signatures_are_seeded_and_estimate_jaccard():
    from pipeline.corpus.near import bands, signature

    text = _pages()[0].read_text()
    a, b = np.frombuffer(signature(text), "<u4"), np.frombuffer(signature(near_copy(text)), "<u4")
    assert signature(text) == signature(text) and len(signature(text)) == 512
    assert np.mean(a == b) >= 0.85
    other = np.frombuffer(signature(_pages()[1].read_text()), "<u4")
    assert np.mean(a == other) < 0.3
    assert signature("  ") is None
    b8, r8 = bands(0.8)
    assert b8 * r8 <= 128 and 1 - (1 - 0.8 ** r8) ** b8 >= 0.95


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_each_pair_keeps_its_first_document(tmp_path, workers):
    from pipeline import config as cfg
    from pipeline.driver import run

    config = cfg.load(None)
    inp, out = tmp_path / "in", tmp_path / "out"
    pairs = _folder(inp)
    present = {p.name for p in inp.iterdir()}
    res = run(str(inp), str(out), config, workers=workers)
    assert res.skipped_duplicate == 20, res.counts
    _check_pairs(out, present, pairs)
    assert run(str(inp), str(out), config, workers=workers).status == "noop"

    # a kept original goes: its copy comes back; a copy that sorts first goes: its original is kept;
    # a deleted original returns: it takes its place again
    first = sorted(pairs.items())
    gone = [first[0][0], first[-1][1]]   # a "0-" copy (kept) and an original before its "z-" copy
    for name in gone:
        (inp / name).unlink()
    present -= set(gone)
    run(str(inp), str(out), config, workers=workers)
    _check_pairs(out, present, pairs)
    fresh = tmp_path / "fresh"
    run(str(inp), str(fresh), config, workers=workers, full_refresh=True)
    assert _state(out) == _state(fresh)
    shutil.rmtree(fresh)

    orig = first[-1][1]
    (inp / orig).write_text((DEV / orig).read_text())
    # and an unrelated page is changed into a near-copy of a kept page that sorts after it
    (inp / "00-new.txt").write_text(near_copy((DEV / first[5][1]).read_text()))
    present |= {orig, "00-new.txt"}
    run(str(inp), str(out), config, workers=workers)
    run(str(inp), str(fresh), config, workers=workers, full_refresh=True)
    assert _state(out) == _state(fresh)
