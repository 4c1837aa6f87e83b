"""G1-G6 of RELIABILITY.md, checked at the end of every reliability scenario."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from rel import doc_set, live_rows, manifests

TABLES = ("documents", "edits", "meta_edits", "rejects")
DISPOSITIONS = ("written", "rejected", "deferred", "skipped_unchanged", "skipped_duplicate")


def snapshot(root: Path, exclude: Path) -> dict[str, tuple]:
    """Every path under ``root`` except ``exclude`` with its type, size, mtime and mode (for G6)."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == exclude or exclude in Path(dirpath).parents:
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p == exclude:
                continue
            st = os.lstat(p)
            snap[str(p)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return snap


def check(out: Path, *, before: dict | None = None, root: Path | None = None, reference: set | None = None,
          after_kill: bool = False, units: int | None = None) -> None:
    """Assert G1-G6. ``before``/``root``: the G6 snapshot taken before the runs; ``reference``: the
    (doc_id, text sha) set of a clean run (G5); ``after_kill``: a SIGKILL may have left temp files and
    uncommitted shards; ``units``: input units the last run's dispositions must add up to."""
    ms = manifests(out)
    latest = ms[-1] if ms else {"files": {}, "rows": {}}
    # G1: every visible Parquet file opens; those the manifest names hold the rows it records
    for table in TABLES:
        folder = out / table
        if not folder.is_dir():
            continue
        named = set(latest["files"].get(table, []))
        for f in folder.iterdir():
            if f.name.startswith((".", "_")) or f.suffix != ".parquet":
                continue
            rows = pq.read_metadata(f).num_rows  # raises on a footerless file
            if f.name in named:
                assert rows == latest["rows"][table][f.name], f"G1: {f} holds {rows} rows, manifest says otherwise"
            else:
                assert after_kill, f"G1: {f} is visible but no manifest names it"
        for name in named:
            assert (folder / name).is_file(), f"G1: manifest names {table}/{name}, which is missing"
    # G2: no temp file after any exit but SIGKILL
    if not after_kill:
        temps = [str(p) for p in out.rglob(".tmp-*")]
        assert not temps, f"G2: temp files left: {temps}"
    # G3: every commit's units add up; the last run's total matches the inputs
    for m in ms:
        c = m["counts"]
        assert c["discovered"] == sum(c[k] for k in DISPOSITIONS), f"G3: {m['seq']} counts {c}"
    if units is not None:
        final = [m for m in ms if m.get("final")]
        assert final, "G3: no completed run"
        rc = final[-1]["run_counts"]
        assert rc["discovered"] == units, f"G3: {rc['discovered']} units discovered, {units} expected"
    # G4: no doc_id twice
    ids = Counter(r["doc_id"] for r in live_rows(out, "documents", ["doc_id"]))
    dup = [k for k, v in ids.items() if v > 1]
    assert not dup, f"G4: doc_ids twice: {dup[:5]}"
    # G5: the same documents as a clean reference run
    if reference is not None:
        got = doc_set(out)
        assert got == reference, (f"G5: {len(reference - got)} lost, {len(got - reference)} extra "
                                  f"({sorted(reference - got)[:3]} / {sorted(got - reference)[:3]})")
    # G6: nothing outside out/ created or modified
    if before is not None and root is not None:
        after = snapshot(root, out)
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert not changed, f"G6: changed outside {out}: {sorted(changed)[:5]}"
