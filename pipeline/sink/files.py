"""Publishing files so a reader never sees a partial one: temp name, fsync, verify, rename
(Parquet shards: staging.py and Store.commit).

Temp files start with ".tmp-", which pyarrow's dataset discovery (and every reader that skips
"." and "_" names) never opens. Final names embed the run id and a random token and are never
reused, so a rename can never replace a file a reader has open.
"""
from __future__ import annotations

import json
import os

from . import faults

TMP_PREFIX = ".tmp-"


def fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_exclusive(path: str):
    # O_EXCL|O_NOFOLLOW: never write through a link someone planted at a predictable name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    return os.fdopen(fd, "wb")


def unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_json_exclusive(folder: str, name: str, payload: dict) -> str:
    """Create ``folder/name`` holding ``payload``; fails if the name exists (a commit is made once)."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    data = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    try:
        with open_exclusive(tmp) as fh:
            faults.limit_writes(fh, tmp).write(data)
            fh.flush()
            os.fsync(fh.fileno())
        faults.crash_at("after_manifest_tmp")
        os.link(tmp, final)  # link(2) refuses an existing target: the exclusive commit point
    finally:
        unlink_quietly(tmp)
    fsync_dir(folder)
    faults.crash_at("after_manifest_commit")
    return final


def write_file_atomic(folder: str, name: str, write) -> str:
    """Create ``folder/name`` from ``write(fh)``: a temp file, fsynced, then renamed, so a reader
    sees the whole file or none."""
    tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
    final = os.path.join(folder, name)
    try:
        with open_exclusive(tmp) as fh:
            write(faults.limit_writes(fh, tmp))
            fh.flush()
            os.fsync(fh.fileno())
        os.rename(tmp, final)
    finally:
        unlink_quietly(tmp)
    fsync_dir(folder)
    return final
