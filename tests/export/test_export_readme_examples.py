"""The README's reading examples run as written, in a folder holding a real corpus (`clean/`) and
its export (`dataset/`), and need nothing a `make run` install lacks except what the README says
to install right before them."""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata

from conftest import BENCH_DEV, ROOT, run_cli

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
_IMPORT = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_][\w]*)", re.M)


def _base_modules() -> set[str]:
    """Top-level modules of the standard library and of the pipeline's own requirements (no extras)."""
    dists = {re.split(r"[=<>\[; ]", r, maxsplit=1)[0].lower().replace("-", "_")
             for r in metadata.requires("pipeline") or [] if "extra ==" not in r}
    mods = {mod for mod, owners in metadata.packages_distributions().items()
            if any(o.lower().replace("-", "_") in dists for o in owners)}
    return mods | set(sys.stdlib_module_names)


def test_readme_examples_run_and_say_what_they_need(tmp_path):
    assert len(BLOCKS) >= 2, "the README should hold its reading examples as ```python blocks"
    assert any("load_dataset" in b for b in BLOCKS), "the README should show reading the export with datasets"
    base = _base_modules()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in BLOCKS:
        for mod in set(_IMPORT.findall(block)) - base:
            before = readme[: readme.index(block)][-600:]
            assert f"pip install {mod}" in before, f"the README example importing {mod} does not say to install it"
    (tmp_path / "raw").mkdir()
    for path in sorted((BENCH_DEV / "html").glob("*.html.gz"))[:3]:
        (tmp_path / "raw" / path.name).write_bytes(path.read_bytes())
    run_cli("run", "--input", str(tmp_path / "raw"), "--output", str(tmp_path / "clean"), check=True)
    run_cli("export", "--output", str(tmp_path / "clean"), "--to", str(tmp_path / "dataset"), check=True)
    for block in BLOCKS:
        proc = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, env={"HF_HOME": str(tmp_path / "hf"), "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0, f"README example failed:\n{block}\n{proc.stderr[-2000:]}"
        assert proc.stdout.strip(), f"README example printed nothing:\n{block}"
