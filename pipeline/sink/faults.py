"""Fault injection for the reliability tests, read from environment variables only tests set.

    PIPELINE_CRASH_AT=<point>            os._exit(137) at that point of the commit protocol
    PIPELINE_FAULT_ENOSPC_AFTER=<bytes>  writes raise OSError(ENOSPC) once this many bytes went out
    PIPELINE_FAULT_ENOSPC_TARGET=<dir>   ... only for files in that folder (documents, rejects, edits,
                                          meta_edits, _runs); unset: every writer

Unset (production), each hook is a dictionary lookup and nothing else.
"""
from __future__ import annotations

import errno
import os

CRASH_POINTS = ("after_tmp_write", "after_close_corrupt", "after_fsync", "after_verify", "after_rename",
                "after_rejects_commit", "after_manifest_tmp", "after_manifest_commit")


def crash_at(point: str, path: str | None = None) -> None:
    if os.environ.get("PIPELINE_CRASH_AT") != point:
        return
    if point == "after_close_corrupt" and path:
        # A short write the OS reported as done: cut the closed temp file in half.
        os.truncate(path, os.path.getsize(path) // 2)
        return
    os._exit(137)


class LimitedWriter:
    """A file wrapper that raises ENOSPC like a full disk once the byte budget is spent."""

    def __init__(self, fh, path: str, budget: int):
        self._fh, self._path, self._left = fh, path, budget

    def write(self, data) -> int:
        n = len(data)
        if n > self._left:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._path)
        self._left -= n
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)


def limit_writes(fh, path: str):
    """``fh`` itself, or a budgeted wrapper when the ENOSPC fault is set for this path's folder."""
    after = os.environ.get("PIPELINE_FAULT_ENOSPC_AFTER")
    if after is None:
        return fh
    target = os.environ.get("PIPELINE_FAULT_ENOSPC_TARGET")
    if target and os.path.basename(os.path.dirname(path)) != target:
        return fh
    return LimitedWriter(fh, path, int(after))
