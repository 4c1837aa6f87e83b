"""docs/scheduling.md: the cron line and the systemd units it shows are valid and their exact
command works (paths swapped for temporary ones); --log-format json and `status` are what they say."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time

import pytest

from invariants import check
from rel import ROOT, env, make_mixed, run

DOC = ROOT / "docs" / "scheduling.md"


def _block(lang: str, index: int = 0) -> str:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(), re.S)[index]


def _swap(text: str, tmp) -> str:
    for path, repl in (("/srv/pipeline/configs/scheduled.toml", tmp / "scheduled.toml"), ("/srv/pipeline", ROOT),
                       ("/srv/scraped", tmp / "in"), ("/srv/corpus", tmp / "out"), ("/srv/logs", tmp / "logs")):
        text = text.replace(path, str(repl))
    return text


def _setup(tmp_path):
    make_mixed(tmp_path / "in", 10, jsonl_every=5)
    settled = time.time() - 600  # older than the documented settle window
    for p in (tmp_path / "in").iterdir():
        os.utime(p, (settled, settled))
    (tmp_path / "logs").mkdir()
    (tmp_path / "scheduled.toml").write_text(_block("toml"))
    (tmp_path / ".venv").mkdir()


def test_cron_line_runs(tmp_path):
    _setup(tmp_path)
    line = _block("cron").strip()
    assert re.match(r"^(\S+\s+){5}", line), "five time fields"
    command = _swap(re.sub(r"^(\S+\s+){5}", "", line), tmp_path)
    command = command.replace(".venv/bin/python", str(ROOT / ".venv" / "bin" / "python"))
    res = subprocess.run(["sh", "-c", command], env=env(), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    log_lines = (tmp_path / "logs" / "pipeline.log").read_text().splitlines()
    records = [json.loads(x) for x in log_lines if x.startswith("{")]
    assert records and all({"level", "logger", "message"} <= set(r) for r in records)
    assert any("swept" in r["message"] for r in records)
    check(tmp_path / "out", units=10)
    status = run("status", "--output", str(tmp_path / "out"))
    assert status.returncode == 0 and " ok: 10 units -> 10 written" in status.stdout
    js = run("status", "--output", str(tmp_path / "out"), "--json")
    assert json.loads(js.stdout.splitlines()[-1])["counts"]["written"] == 10


def test_systemd_units(tmp_path):
    _setup(tmp_path)
    service, timer = _block("ini", 0), _block("ini", 1)
    exec_start = re.search(r"^ExecStart=(.*)$", service, re.M).group(1)
    assert "WorkingDirectory=/srv/pipeline" in service and "OnCalendar=" in timer
    if shutil.which("systemd-analyze"):
        units = tmp_path / "units"
        units.mkdir()
        (units / "pipeline.service").write_text(service.replace("User=pipeline\n", ""))
        (units / "pipeline.timer").write_text(timer)
        res = subprocess.run(["systemd-analyze", "verify", str(units / "pipeline.timer"), str(units / "pipeline.service")],
                             capture_output=True, text=True, timeout=60)
        problems = [x for x in res.stderr.splitlines() if "pipeline." in x and "/srv/pipeline" not in x
                    and "Failed to create" not in x and "not executable" not in x]
        assert not problems, res.stderr
    command = _swap(exec_start, tmp_path)
    res = subprocess.run(command.split(), cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    check(tmp_path / "out", units=10)
