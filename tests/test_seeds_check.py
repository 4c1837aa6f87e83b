"""The shared acceptance checks, run the way the issue runs them: as subprocesses calling `pipeline`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SHARED

CHECKS = SHARED / "checks"


def _check(script: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, str(CHECKS / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_seed_check_holds():
    proc = _check("check_seeds.py")
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1] == "seed check: 89/89 checks hold", proc.stdout[-3000:] + proc.stderr[-2000:]
    assert proc.returncode == 0


# Floors measured with this check (unrounded F1, 4 decimals, rounded down): bare trafilatura, i.e.
# a config with only the extract stage, scores html 0.96590; the untouched text scores page 0.67933
# and merged 0.68594. The issue quotes them rounded (0.966 / 0.679 / 0.686), and 0.966 is above
# bare trafilatura's own score, so the floors here are the unrounded ones: cleaning must not lose
# ground on any form. All three forms take about 6 s, so this runs in `make test`.
FLOORS = {"html": 0.9658, "page": 0.6793, "merged": 0.6859}


def test_bench_does_not_lose_ground():
    proc = _check("check_bench.py", "--min", *(f"{k}={v}" for k, v in FLOORS.items()))
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    assert last.startswith("bench: html F1"), proc.stdout[-3000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, f"below a floor {FLOORS}: {last}"
    for variant in FLOORS:
        assert f"{variant} F1 " in last


def test_raw_ships_the_two_seed_documents():
    # `make run` cleans raw/: it holds the shared sample documents, byte for byte, and nothing else
    shipped = {p.name: p.read_bytes() for p in (ROOT / "raw").iterdir()}
    assert shipped == {p.name: p.read_bytes() for p in (SHARED / "seeds" / "raw").iterdir()}
