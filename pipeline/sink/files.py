"""Publishing files so a reader never sees a partial one: temp name, fsync, verify, rename.

Temp files start with ".tmp-", which pyarrow's dataset discovery (and every reader that skips
"." and "_" names) never opens. Final names embed the run id and a random token and are never
reused, so a rename can never replace a file a reader has open.
"""
from __future__ import annotations

import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

from .faults import crash_at, limit_writes

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


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_parquet(folder: str, name: str, table: pa.Table, row_group_rows: int = 10_000) -> str:
    """Write ``table`` to ``folder/name`` atomically; returns the final path."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    try:
        with _open_exclusive(tmp) as fh:
            pq.write_table(table, limit_writes(fh, tmp), row_group_size=row_group_rows, compression="zstd")
            fh.flush()
            crash_at("after_tmp_write")
            os.fsync(fh.fileno())
        crash_at("after_close_corrupt", tmp)
        crash_at("after_fsync")
        # The footer must say what we buffered: a short write that still closed is caught here
        # (apache/arrow#43496 lost rows silently this way).
        try:
            rows = pq.read_metadata(tmp).num_rows
        except (OSError, pa.ArrowException) as exc:
            raise OSError(f"{tmp}: the written file does not open ({exc}); not committed") from None
        if rows != table.num_rows:
            raise OSError(f"{tmp}: the written file holds {rows} rows, {table.num_rows} were written")
        crash_at("after_verify")
        if os.path.lexists(final):
            raise FileExistsError(f"{final} already exists; shard names are never reused")
        os.rename(tmp, final)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(folder)
    crash_at("after_rename")
    return final


def write_json_exclusive(folder: str, name: str, payload: dict) -> str:
    """Create ``folder/name`` holding ``payload``; fails if the name exists (a commit is made once)."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    data = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    try:
        with _open_exclusive(tmp) as fh:
            limit_writes(fh, tmp).write(data)
            fh.flush()
            os.fsync(fh.fileno())
        crash_at("after_manifest_tmp")
        os.link(tmp, final)  # link(2) refuses an existing target: the exclusive commit point
    finally:
        _unlink_quietly(tmp)
    fsync_dir(folder)
    crash_at("after_manifest_commit")
    return final
