"""Seams for the reliability tests' fault injection: the commit protocol calls ``crash_at`` at each
of its steps and writes through ``limit_writes``. In a production run both do nothing and read
nothing; the tests' launcher (tests/reliability/faulty.py) replaces them in its own process to
crash at a named step or to fill the disk. Callers go through this module (``faults.crash_at``),
so a replacement reaches every caller.
"""
from __future__ import annotations

CRASH_POINTS = ("after_tmp_write", "after_close_corrupt", "after_fsync", "after_verify", "after_rename",
                "after_rejects_commit", "after_manifest_tmp", "after_manifest_commit")


def crash_at(point: str, path: str | None = None) -> None:
    """The commit protocol has reached ``point`` (one of CRASH_POINTS; ``path`` the file just closed)."""


def limit_writes(fh, path: str):
    """The file object to write ``path`` through: ``fh`` itself."""
    return fh
