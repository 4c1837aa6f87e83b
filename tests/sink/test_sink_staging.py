"""A batch's rows stream to temp shards as they arrive (sink/staging.py): files of at most
shard_rows rows, row groups bounded in bytes, temp names until the commit, nothing left behind
when the batch is dropped, and the same rows whether they came as dicts, columns or tables."""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.sink import Store, staging
from pipeline.sink.files import TMP_PREFIX
from pipeline.sink.schema import TABLES
from pipeline.sink.staging import Staging


def _edit(i: int, text: str = "x") -> dict:
    return {"doc_id": f"d{i // 10}", "seq": i % 10, "stage": "content", "rule": "content.r", "start": i,
            "end": i + 1, "before": text, "after": "", "input_path": f"in/{i // 10}.txt", "run_id": "r1"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    store = Store(str(tmp_path))
    store.prepare()
    return tmp_path


def test_files_roll_at_shard_rows_under_temp_names(root):
    st = Staging(str(root), "000001-r1", shard_rows=40)
    for i in range(0, 100, 10):  # ten documents' worth of edit rows, one document at a time
        st.add("edits", [_edit(k) for k in range(i, i + 10)])
    files = st.finish()["edits"]
    assert [rows for _tmp, _name, rows in files] == [40, 40, 20]
    for tmp, name, rows in files:
        assert os.path.basename(tmp) == TMP_PREFIX + name and name.startswith("part-000001-r1-")
        assert pq.read_metadata(tmp).num_rows == rows
    got = [r for tmp, _n, _r in files for r in pq.read_table(tmp).to_pylist()]
    assert got == [_edit(k) for k in range(100)]
    assert not [n for n in os.listdir(root / "edits") if not n.startswith(TMP_PREFIX)]


def test_row_groups_are_bounded_in_bytes(root, monkeypatch):
    monkeypatch.setattr(staging, "GROUP_BYTES", 20_000)
    monkeypatch.setattr(staging, "CONVERT_ROWS", 8)
    st = Staging(str(root), "000001-r1", shard_rows=10_000)
    for i in range(0, 400, 10):
        st.add("edits", [_edit(k, "y" * 500) for k in range(i, i + 10)])
    (tmp, _name, rows), = st.finish()["edits"]
    meta = pq.read_metadata(tmp)
    assert rows == 400 and meta.num_row_groups > 5  # 200 KB of text in groups of about 20 KB


def test_discard_leaves_nothing(root):
    st = Staging(str(root), "000001-r1", shard_rows=15)
    st.add("edits", [_edit(k) for k in range(50)])   # three finished files and one open
    st.add("rejects", [{"doc_id": "x", "source": "x", "stage": "s", "rule": "r", "input_path": "x", "run_id": "r1"}])
    st.discard()
    for table in TABLES:
        assert os.listdir(root / table) == []


def test_columns_and_dict_rows_give_the_same_table(root):
    a, b = Staging(str(root), "a", 1000), Staging(str(root), "b", 1000)
    rows = [_edit(k) for k in range(30)]
    a.add("edits", rows[:12])
    a.add("edits", rows[12:])
    b.add_columns("edits", {k: [r[k] for r in rows[:5]] for k in rows[0]}, 5)
    b.add("edits", rows[5:20])
    b.add_columns("edits", {k: [r[k] for r in rows[20:]] for k in rows[0]}, 10)
    ta = pq.read_table(a.finish()["edits"][0][0])
    tb = pq.read_table(b.finish()["edits"][0][0])
    assert ta.equals(tb) and ta.to_pylist() == rows


def test_lone_surrogates_become_replacement_characters(root):
    st = Staging(str(root), "000001-r1", 100)
    st.add("edits", [_edit(0, "bad \ud800 text")])
    (tmp, _n, _r), = st.finish()["edits"]
    assert pq.read_table(tmp).column("before").to_pylist() == ["bad \ufffd text"]


def test_commit_renames_staged_files_and_names_them(root):
    store = Store(str(root))
    st = Staging(str(root), "000001-r1", shard_rows=25)
    st.add("edits", [_edit(k) for k in range(60)])
    m = store.commit("000001-r1", st, set(), {"seq": 1}, 25)
    assert m["rows"]["edits"] == {"part-000001-r1-00000.parquet": 25, "part-000001-r1-00001.parquet": 25,
                                  "part-000001-r1-00002.parquet": 10}
    assert sorted(os.listdir(root / "edits")) == sorted(m["files"]["edits"])
    assert store.read("edits").to_pylist() == [_edit(k) for k in range(60)]
