"""The output folder: its tables, the run manifests (the commit log) and what they say is live.

Only files a committed manifest names are part of the corpus. A run publishes its shards, then
commits a manifest naming the new live set; only after that are replaced shards deleted. A crash
at any point leaves either the old or the new commit in force, and the next start sweeps temp
files and shards no manifest names.
"""
from __future__ import annotations

import logging
import os
import stat
from collections import defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from . import manifest as manifests
from . import faults
from .files import TMP_PREFIX, fsync_dir, write_file_atomic, write_json_exclusive
from .staging import Staging
from .lock import RunLock, UnsafePath
from .schema import TABLES

log = logging.getLogger(__name__)
RUNS = manifests.RUNS
# Indexes a corpus-wide step keeps between runs (near dedup's band index), one file per kind named
# for the commit it describes: "<seq>-<run_id>.<kind>". Only the latest commit's is valid.
INDEX = "_index"


class Store:
    def __init__(self, root: str):
        self.root = root
        self._manifest: dict | None = None

    # -- layout ---------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Create the folders, refusing any that is a symbolic link (writes must stay inside). The
        commit log first: a reader that sees a table folder can list the manifests."""
        for path in [self.root] + [os.path.join(self.root, t) for t in (RUNS, *TABLES, INDEX)]:
            if os.path.islink(path):
                raise UnsafePath(f"unsafe output path: {path} is a symbolic link; remove it or choose "
                                 "another --output")
            os.makedirs(path, exist_ok=True)
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise UnsafePath(f"unsafe output path: {path} is not a directory")

    def lock(self) -> RunLock:
        return RunLock(os.path.join(self.root, ".lock"))

    def table_dir(self, table: str) -> str:
        return os.path.join(self.root, table)

    # -- the commit log -------------------------------------------------------------------------
    def latest(self) -> dict | None:
        """The last commit's manifest (read once; a commit through this store replaces it)."""
        if self._manifest is None:
            self._manifest = manifests.latest(self.root)
        return self._manifest

    def latest_name(self) -> str | None:
        """The last commit's name (``<seq>-<run_id>``, its manifest's file name)."""
        found = manifests.names(self.root)
        return found[-1] if found else None

    def sidecar(self, kind: str) -> tuple[str | None, str | None]:
        """(path, commit name) of the ``kind`` index saved with the last commit (path None if none
        was: a run that stopped early, or a corpus from before the index)."""
        name = self.latest_name()
        path = os.path.join(self.root, INDEX, f"{name}.{kind}")
        return (path if name and os.path.isfile(path) else None), name

    def _drop_sidecars(self, keep: str) -> int:
        """Delete the index files (and temp files) whose name does not start with ``keep``."""
        folder = os.path.join(self.root, INDEX)
        gone = [n for n in (os.listdir(folder) if os.path.isdir(folder) else [])
                if n.startswith(TMP_PREFIX) or not n.startswith(keep)]
        for n in gone:
            _unlink(os.path.join(folder, n))
        return len(gone)

    def next_seq(self) -> int:
        latest = self.latest()
        return (latest["seq"] + 1) if latest else 1

    def live(self, table: str) -> list[str]:
        latest = self.latest()
        return list(latest["files"].get(table, [])) if latest else []

    def sweep(self) -> int:
        """Delete temp files and shards that no committed manifest names; returns how many."""
        removed = 0
        for table in TABLES:
            folder = self.table_dir(table)
            if not os.path.isdir(folder):
                continue
            keep = set(self.live(table))
            for name in os.listdir(folder):
                if name.startswith(TMP_PREFIX) or (name.endswith(".parquet") and name not in keep):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
        removed += self._drop_sidecars(keep=f"{self.latest_name()}.")
        runs = os.path.join(self.root, RUNS)
        if os.path.isdir(runs):
            for name in os.listdir(runs):
                if name.startswith(TMP_PREFIX):
                    os.unlink(os.path.join(runs, name))
                    removed += 1
        log.info("swept %d leftover temp or uncommitted files from %s", removed, self.root)
        return removed

    # -- reading the live corpus ----------------------------------------------------------------
    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        files = [os.path.join(self.table_dir(table), n) for n in self.live(table)]
        schema = TABLES[table]
        if not files:
            return schema.empty_table().select(columns) if columns else schema.empty_table()
        return pa.concat_tables([pq.read_table(f, columns=columns, schema=schema) for f in files])

    def input_index(self) -> dict[str, tuple[str, int, int]]:
        """input_path -> (sha256, size, mtime_ns) of every input the corpus holds rows for."""
        index: dict[str, tuple[str, int, int]] = {}
        cols = ["input_path", "input_sha256", "input_size", "input_mtime_ns"]
        for table in ("documents", "rejects"):
            for row in self.read(table, cols).to_pylist():
                index[row["input_path"]] = (row["input_sha256"], row["input_size"], row["input_mtime_ns"])
        return index

    def text_index(self, exclude_inputs: set[str]) -> dict[str, str]:
        """text_sha256 -> doc_id of the live documents, leaving out those of ``exclude_inputs``."""
        out = {}
        for row in self.read("documents", ["doc_id", "text_sha256", "input_path"]).to_pylist():
            if row["input_path"] not in exclude_inputs:
                out.setdefault(row["text_sha256"], row["doc_id"])
        return out

    # -- committing -----------------------------------------------------------------------------
    def commit(self, name: str, new_rows: Staging | dict[str, list[dict]], replaced_inputs: set[str],
               manifest: dict, shard_rows: int, drop_all: bool = False, sidecars: dict | None = None) -> dict:
        """Publish ``new_rows`` (a Staging named ``name`` that already holds them in temp shards, or
        lists of rows per table) and drop the rows of ``replaced_inputs`` (every live row with
        ``drop_all``), then commit ``manifest`` as ``_runs/<name>.json`` naming the new live set and
        each live file's row count. Replaced files are deleted only after the commit. ``sidecars``:
        kind -> ``write(fh, name)`` of the indexes valid for this commit, written before the manifest
        (the commit makes them current; the other commits' are deleted after it)."""
        if isinstance(new_rows, Staging):
            staging = new_rows
            if staging.name != name:
                raise ValueError(f"staging {staging.name} committed as {name}")
        else:
            staging = Staging(self.root, name, shard_rows)
        # rows kept from files that also hold replaced inputs' rows: rewritten under new names
        carried = Staging(self.root, f"{name}-k", shard_rows)
        latest = self.latest() or {}
        files: dict[str, list[str]] = {}
        rows_of: dict[str, dict[str, int]] = {}
        added: dict[str, list[str]] = defaultdict(list)
        removed: dict[str, list[str]] = defaultdict(list)
        keep: dict[str, list[str]] = {}
        written: list[str] = []
        try:
            if not isinstance(new_rows, Staging):
                for table, rows in new_rows.items():
                    staging.add(table, rows)
            for table, schema in TABLES.items():
                keep[table] = []
                for fname in self.live(table):
                    if drop_all:
                        removed[table].append(fname)
                        continue
                    if replaced_inputs:
                        import pyarrow.compute as pc  # only here: 40 ms of every run's start-up

                        t = pq.read_table(os.path.join(self.table_dir(table), fname), schema=schema)
                        mask = pc.is_in(t["input_path"], pa.array(sorted(replaced_inputs), pa.string()))
                        if pc.any(mask).as_py():
                            carried.add_table(table, t.filter(pc.invert(mask)))
                            removed[table].append(fname)
                            continue
                    keep[table].append(fname)
            staged, kept = staging.finish(), carried.finish()
            for table in TABLES:
                counts = dict(latest.get("rows", {}).get(table, {}))
                folder = self.table_dir(table)
                for tmp, fname, rows in staged[table] + kept[table]:
                    final = os.path.join(folder, fname)
                    if os.path.lexists(final):
                        raise FileExistsError(f"{final} already exists; shard names are never reused")
                    os.rename(tmp, final)
                    added[table].append(fname)
                    counts[fname] = rows
                    fsync_dir(folder)
                    faults.crash_at("after_rename")
                if table == "rejects":
                    faults.crash_at("after_rejects_commit")
                files[table] = sorted(keep[table] + added[table])
                rows_of[table] = {f: counts[f] for f in files[table] if f in counts}
            manifest = {**manifest, "files": files, "rows": rows_of, "added": dict(added), "removed": dict(removed)}
            for kind, write in (sidecars or {}).items():
                written.append(write_file_atomic(os.path.join(self.root, INDEX), f"{name}.{kind}",
                                                 lambda fh, write=write: write(fh, name)))
            write_json_exclusive(os.path.join(self.root, RUNS), f"{name}.json", manifest)
        except BaseException:
            # not committed: what this commit published is unreferenced, so it goes now rather than
            # at the next start (a reader listing the folder would count it)
            if os.path.lexists(os.path.join(self.root, RUNS, f"{name}.json")):
                raise  # the commit point was passed: its files are the corpus now
            staging.discard()
            carried.discard()
            for table, names in added.items():
                for fname in names:
                    _unlink(os.path.join(self.table_dir(table), fname))
            for path in written:
                _unlink(path)
            raise
        self._manifest = manifest
        self._drop_sidecars(keep=f"{name}.")  # the other commits' indexes describe another corpus now
        for table, names in removed.items():
            for fname in names:
                _unlink(os.path.join(self.table_dir(table), fname))
        return manifest


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
