"""Publishing files so a reader never sees a partial one: temp name, fsync, verify, rename.

Temp files start with ".tmp-", which pyarrow's dataset discovery (and every reader that skips
"." and "_" names) never opens. Final names embed the run id and are never reused.
"""
from __future__ import annotations

import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

TMP_PREFIX = ".tmp-"


def fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_exclusive(path: str):
    # O_EXCL|O_NOFOLLOW: never write through a link someone planted at a predictable name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    return os.fdopen(fd, "wb")


def write_parquet(folder: str, name: str, table: pa.Table, row_group_rows: int = 10_000) -> str:
    """Write ``table`` to ``folder/name`` atomically; returns the final path."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    try:
        with _open_exclusive(tmp) as fh:
            pq.write_table(table, fh, row_group_size=row_group_rows, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        # The footer must say what we buffered: a short write that still closed is caught here.
        rows = pq.read_metadata(tmp).num_rows
        if rows != table.num_rows:
            raise OSError(f"{tmp}: the written file holds {rows} rows, {table.num_rows} were written")
        if os.path.lexists(final):
            raise FileExistsError(f"{final} already exists; shard names are never reused")
        os.rename(tmp, final)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    fsync_dir(folder)
    return final


def write_json_exclusive(folder: str, name: str, payload: dict) -> str:
    """Create ``folder/name`` holding ``payload``; fails if the name exists (a commit is made once)."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    data = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    try:
        with _open_exclusive(tmp) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, final)  # link(2) refuses an existing target: the exclusive commit point
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    fsync_dir(folder)
    return final
