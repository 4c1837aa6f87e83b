#!/usr/bin/env python3
"""Metadata quality on the meta dev pages: the `## Metadata` section of benchmarks/results/quality.md.

Runs ../shared/checks/check_meta.py twice, as its own scorer (nothing re-implemented here): on the
pipeline's output (`python -m pipeline run`, the command users run) and in its `baseline` mode
(bare trafilatura's extract_metadata, language from `<html lang>`), and writes one row per field
with both figures. `make bench-quality` runs it after benchmarks/quality.py, which rewrites the
rest of the file; the section is replaced when present, appended when not.

Usage: .venv/bin/python benchmarks/quality_meta.py [--out FILE]
"""
from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT.parent / "shared" / "checks" / "check_meta.py"
FIELDS = ("title", "author", "date", "lang")
_FIGURE = re.compile(r"(\w+) (\d+)/(\d+) = ([\d.]+)")


def scores(*args: str) -> dict[str, tuple[int, int]]:
    """check_meta's last line as {field: (right, scored)}."""
    proc = subprocess.run([sys.executable, str(CHECK), *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{CHECK.name} {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    last = proc.stdout.strip().splitlines()[-1]
    return {f: (int(ok), int(n)) for f, ok, n, _share in _FIGURE.findall(last)}


def section(ours: dict, base: dict) -> str:
    lines = ["## Metadata", "",
             "`../shared/checks/check_meta.py` on `../shared/bench/meta` (27 real pages; its README says how each "
             "field is scored). Baseline: bare trafilatura `extract_metadata`, language from `<html lang>`.", "",
             "| field | pipeline | baseline |", "|---|---|---|"]
    for f in FIELDS:
        cells = [f"{ok}/{n} = {ok / n:.3f}" if n else "-" for ok, n in (ours.get(f, (0, 0)), base.get(f, (0, 0)))]
        lines.append(f"| {f} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def replace_section(text: str, new: str) -> str:
    m = re.search(r"^## Metadata\n.*?(?=^## |\Z)", text, flags=re.M | re.S)
    if m:
        return text[:m.start()] + new + ("\n" if m.end() < len(text) else "") + text[m.end():]
    return text.rstrip("\n") + "\n\n" + new if text.strip() else new


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "quality.md"))
    a = ap.parse_args()
    cmd = f"{shlex.quote(sys.executable)} -m pipeline run --input {{input}} --output {{output}}"
    new = section(scores("--cmd", cmd), scores("baseline"))
    out = Path(a.out)
    out.write_text(replace_section(out.read_text(encoding="utf-8") if out.exists() else "", new), encoding="utf-8")
    print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
