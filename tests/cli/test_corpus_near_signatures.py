"""The MinHash signature is computed only when near dedup is on: off, the ``minhash`` column holds
nulls, the corpus reads back and exports; on, every document with words has its signature."""
from __future__ import annotations

from pathlib import Path

from conftest import read_table

TEXTS = {
    "a.txt": "The harbour wall was rebuilt after the winter storms broke it in three places this year.\n",
    "b.txt": "A cat in the old town has learned to open the fridge door at night, its owners report.\n",
}


def _corpus(tmp_path: Path, near: bool) -> Path:
    from pipeline import config as cfg
    from pipeline.driver import run

    inp, out = tmp_path / "in", tmp_path / f"out-{near}"
    inp.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        (inp / name).write_text(text)
    conf = tmp_path / f"near-{near}.toml"
    conf.write_text(f"[pipeline]\nnear_dedup = {str(near).lower()}\n")
    res = run(str(inp), str(out), cfg.load(str(conf)), workers=1)
    assert res.written == 2, res.counts
    return out


def test_no_signature_without_near_dedup(tmp_path):
    from pipeline.export import export

    off = _corpus(tmp_path, near=False)
    assert [r["minhash"] for r in read_table(off, "documents")] == [None, None]
    stats = export(str(off), str(tmp_path / "ds"))
    assert sum(1 for _ in (tmp_path / "ds" / "data").rglob("*.parquet")) >= 1, stats
    on = _corpus(tmp_path, near=True)
    assert all(len(r["minhash"]) == 512 for r in read_table(on, "documents"))
