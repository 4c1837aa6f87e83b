"""--engine ray writes the same corpus as the local engine: documents, edits, meta_edits and rejects
row for row (only the run id and its timestamp differ), on a real local Ray cluster with 2 CPUs."""
from __future__ import annotations

import gzip
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, BENCH_DEV, read_table, run_cli

sys.path.insert(0, str(ROOT / "tests" / "sources"))
sys.path.insert(0, str(ROOT / "tests" / "cli"))
from warc_files import response  # noqa: E402
from test_corpus_near_dedup import _check_pairs, _folder, _state  # noqa: E402

pytest.importorskip("ray.data", reason="the ray extra is not installed (pip install -e '.[ray]')")

TABLES = ("documents", "edits", "meta_edits", "rejects")
WORDS = ("river bridge market harbour council station village library museum garden winter summer "
         "people water stone road school doctor farmer window letter morning evening story").split()
# Columns that name the run, not the content: the run id embeds the commit time.
RUN_COLUMNS = {"run_id"}

# Owns a local cluster for the test: starts it, prints its address, and stops exactly the Ray
# processes it started when the test closes its stdin (no `ray stop`, which kills by name).
CLUSTER = """
import os, sys
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
import ray
ctx = ray.init(address="local", num_cpus=2, include_dashboard=False, _temp_dir=sys.argv[1])
print(ctx.address_info["gcs_address"], flush=True)
sys.stdin.read()
ray.shutdown()
"""


def _crawl_page(k: int) -> bytes:
    rng = random.Random(k)
    prose = " ".join(rng.choice(WORDS) for _ in range(60))
    return (f"<html><head><title>Note {k}</title></head><body><article><h1>Note {k}</h1><p>{prose}.</p>"
            f"</article></body></html>").encode()


@pytest.fixture
def mixed_input(seed_input: Path) -> Path:
    """Seeds, controls, a few dev pages, and inputs that end as rejects (empty, binary, bad JSONL
    line, an exact duplicate), so every table has rows."""
    for f in sorted((BENCH_DEV / "html").iterdir())[:6]:
        shutil.copy(f, seed_input / f.name)
    (seed_input / "empty.txt").write_bytes(b"")
    (seed_input / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seed_input / "records.jsonl").write_text('{"id": "a", "text": "A short record about rivers and the sea '
                                              'that is long enough to keep."}\nnot json\n', encoding="utf-8")
    # a crawl longer than LocalEngine.PART records: its results leave the actors in parts
    with open(seed_input / "crawl.warc", "wb") as fh:
        for k in range(80):
            uri = f"https://example.org/{k}"
            fh.write(response(uri, _crawl_page(k), n=k))
    first = sorted(seed_input.glob("*.txt"))[0]
    shutil.copy(first, seed_input / "zz_copy_of_first.txt")
    with gzip.open(seed_input / "zz_copy_of_first_gz.txt.gz", "wb") as fh:
        fh.write(first.read_bytes())
    return seed_input


@pytest.fixture
def ray_cluster():
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths have a length cap
    # Ray >= 2.5x authenticates clients by token; a driver given an explicit address must be told
    # to send one, as users of a real cluster are (docs/distributed.md).
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", **auth}
    env.pop("RAY_ADDRESS", None)
    proc = subprocess.Popen([sys.executable, "-c", CLUSTER, temp], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        address = proc.stdout.readline().strip()
        assert address, "the Ray cluster did not start"
        yield address, auth
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(temp, ignore_errors=True)


def _rows(output: Path, table: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in RUN_COLUMNS} for r in read_table(output, table)]


def _assert_same_corpus(local: Path, ray_out: Path) -> None:
    for table in TABLES:
        a, b = _rows(local, table), _rows(ray_out, table)
        assert len(a) == len(b), f"{table}: {len(a)} rows locally, {len(b)} on Ray"
        for ra, rb in zip(a, b):
            assert ra == rb, f"{table}: row for {ra.get('doc_id')} differs on Ray"


def test_ray_engine_on_a_cluster_matches_local(mixed_input: Path, tmp_path: Path, ray_cluster) -> None:
    address, auth = ray_cluster
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    run_cli("run", "--input", str(mixed_input), "--output", str(local), "--workers", "2", "--no-progress",
            check=True)
    proc = run_cli("run", "--input", str(mixed_input), "--output", str(ray_out), "--workers", "2",
                   "--no-progress", "--engine", "ray", "--ray-address", address, env=auth, check=True)
    assert "written" in proc.stdout
    for table in TABLES:
        assert read_table(local, table), f"the input must give {table} rows for the comparison to mean anything"
    _assert_same_corpus(local, ray_out)
    # A second Ray run over unchanged inputs is a no-op, as with the local engine.
    again = run_cli("run", "--input", str(mixed_input), "--output", str(ray_out), "--no-progress",
                    "--engine", "ray", env={"RAY_ADDRESS": address, **auth}, check=True)
    assert "nothing new" in again.stdout


def test_ray_engine_near_duplicates_match_local(tmp_path: Path, ray_cluster) -> None:
    """The 54 dev page texts and 20 near-copies: the Ray engine keeps and rejects the same documents
    as the local engine, each pair keeping its first document (near dedup runs in the driver, on
    the signatures the workers computed)."""
    address, auth = ray_cluster
    inp, local, ray_out = tmp_path / "in", tmp_path / "local", tmp_path / "ray"
    pairs = _folder(inp)
    run_cli("run", "--input", str(inp), "--output", str(local), "--workers", "2", "--no-progress", check=True)
    run_cli("run", "--input", str(inp), "--output", str(ray_out), "--workers", "2", "--no-progress",
            "--engine", "ray", "--ray-address", address, env=auth, check=True)
    _check_pairs(ray_out, {p.name for p in inp.iterdir()}, pairs)
    assert _state(ray_out) == _state(local)
    assert sum(r["rule"] == "dedup.near" for r in read_table(ray_out, "rejects")) >= 10


def test_ray_engine_without_address_starts_its_own_cluster(seed_input: Path, tmp_path: Path) -> None:
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    run_cli("run", "--input", str(seed_input), "--output", str(local), "--workers", "1", "--no-progress",
            check=True)
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(seed_input), "--output",
                           str(ray_out), "--workers", "2", "--no-progress", "--engine", "ray"],
                          cwd=ROOT, env={**env, "PYTHONHASHSEED": "0"},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    _assert_same_corpus(local, ray_out)


def test_ray_worker_refuses_other_library_versions() -> None:
    """A node with other library versions than the driver would write a corpus the manifest
    misdescribes: its worker refuses to start, naming the library (nothing is committed)."""
    from pipeline import config as cfg
    from pipeline.driver.work import UnitWork
    from pipeline.engines.ray import _Worker
    from pipeline.versions import versions

    driver = {**versions(), "ftfy": "0.0.1"}
    with pytest.raises(RuntimeError, match=r"ftfy .*\(driver 0\.0\.1\)"):
        _Worker(UnitWork(cfg.load(None)), driver)
    assert _Worker(UnitWork(cfg.load(None)), versions()).work.stages
