"""The Ray engine streams a long task (a WARC file) as the local engine does: its actor hands the
results on in parts of about ``LocalEngine.PART`` documents, never one list of the whole file, and
the driver puts parts arriving in any order back in (task, part) order. The actor's callable runs
here in this process (its sandbox forks as on a node); the cluster test is test_engine_ray.py."""
from __future__ import annotations

import pickle
import sys

import pyarrow as pa

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "sources"))
from warc_files import request, response  # noqa: E402


def _page(k: int) -> bytes:
    paras = "".join(f"<p>Record {k} tells of the harbour, the bridge and the market, sentence {s}.</p>"
                    for s in range(3))
    return (f"<html><head><title>Record {k}</title></head><body><article><h1>Record {k}</h1>{paras}"
            f"</article></body></html>").encode()


def test_a_long_task_leaves_the_actor_in_parts(tmp_path):
    from pipeline import config as cfg
    from pipeline.driver.work import UnitWork
    from pipeline.engines.local import LocalEngine
    from pipeline.engines.ray import _IDX, _TASK, RayEngine, _in_order, _Worker
    from pipeline.sources import discover
    from pipeline.versions import versions

    inp = tmp_path / "in"
    inp.mkdir()
    n = 3 * LocalEngine.PART + 5
    with open(inp / "crawl.warc", "wb") as fh:
        for k in range(n):
            uri = f"https://example.org/{k}"
            fh.write(request(uri, n=k) + response(uri, _page(k), n=k))
    (inp / "small.txt").write_text("A short note about the river and the village council, kept whole.\n")
    units = discover(str(inp))
    tasks = [(u, u.rel, "0" * 64) for u in units]
    work = UnitWork(cfg.load(None), {"run_id": "r", "pipeline_version": "0", "config_sha256": "c"})
    batch = pa.table({_IDX: pa.array([0, 1], pa.int64()),
                      _TASK: pa.array([pickle.dumps(t) for t in tasks], pa.large_binary())})
    worker = _Worker(work, versions())
    try:
        blocks = list(worker(batch))
    finally:
        worker.sandbox.close()
    held = [sum(len(pickle.loads(b)[0]) for b in block.column("result").to_pylist()) for block in blocks]
    # a whole-file list would be one block of every record
    assert len(blocks) >= 3 and max(held) < 2 * LocalEngine.PART, held
    engine = RayEngine(1)
    streamed = list(_in_order(reversed(blocks), len(tasks), engine))  # any arrival order
    direct = list(LocalEngine(1).map(work, tasks))

    def ids(results):
        return [(getattr(it, "doc_id", None), type(it).__name__) for items, _t in results for it in items]

    assert ids(streamed) == ids(direct) and len(ids(streamed)) > n
    assert [t is None for _i, t in streamed][-1] is False
