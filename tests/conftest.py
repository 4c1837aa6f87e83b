"""Shared test helpers: run the real CLI as a subprocess and read the real Parquet output.

Keep this file small and shared; put a test area's own fixtures in a conftest.py of its folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
BENCH_DEV = SHARED / "bench" / "dev"


def dev_text_paths(*forms: str) -> list[Path]:
    """The dev pages' text files of ``forms`` ("page", "merged"), form by form in name order. Fails
    when the shared folder is missing: a test comparing two implementations over them must not
    pass by comparing nothing."""
    paths = [path for form in forms for path in sorted((BENCH_DEV / form).glob("*.txt"))]
    assert paths, f"the shared dev pages should be beside the checkout ({BENCH_DEV})"
    return paths


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600,
            check: bool = False, faults: bool = False) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` in a subprocess, as users and schedulers run it; with ``faults``,
    through the tests' launcher that injects the faults ``env``'s PIPELINE_* variables name
    (tests/reliability/faulty.py; the production CLI reads none of them)."""
    full_env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), **(env or {})}
    program = [str(ROOT / "tests" / "reliability" / "faulty.py")] if faults else ["-m", "pipeline"]
    proc = subprocess.run([sys.executable, *program, *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"pipeline {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def read_table(output: Path, table: str) -> list[dict]:
    """All rows of one output table, read the way users read it (pyarrow.dataset over the folder)."""
    import pyarrow.dataset as ds

    folder = output / table
    visible = [f for f in folder.glob("*.parquet") if not f.name.startswith((".", "_"))] if folder.is_dir() else []
    if not visible:
        return []
    return ds.dataset(str(folder), format="parquet").to_table().to_pylist()


@pytest.fixture
def seed_input(tmp_path: Path) -> Path:
    """A fresh input folder holding the seed documents and the controls."""
    inp = tmp_path / "input"
    inp.mkdir()
    for sub in ("raw", "controls"):
        for f in sorted((SEEDS / sub).iterdir()):
            shutil.copy(f, inp / f.name)
    return inp
