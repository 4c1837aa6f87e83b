"""The pipeline CLI with the reliability tests' fault injections: ``python faulty.py ARGS`` is
``python -m pipeline ARGS`` after patching, in this process only (forked workers inherit it), the
seams the faults need. A production run has none of this: the variables below mean nothing to it.

    PIPELINE_CRASH_AT=<point>            os._exit(137) at that step of the commit protocol
                                         (after_close_corrupt: cut the closed temp file in half)
    PIPELINE_FAULT_ENOSPC_AFTER=<bytes>  writes raise OSError(ENOSPC) once this many bytes went out
    PIPELINE_FAULT_ENOSPC_TARGET=<dir>   ... only for files in that folder (documents, _runs...)
    PIPELINE_EXTRACT_HOOK=<sleep|exit|oom>[:<doc_id part>]   a document that hangs, kills its worker
                                         or exhausts its memory, before its stages run
    PIPELINE_EXTRACT_COUNT=<file>        appends each processed doc_id to the file
    PIPELINE_VANISH_HOOK=<input path>    that input is deleted between listing and reading
"""
from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


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


def install(environ) -> None:
    from pipeline import process
    from pipeline.sink import faults

    point = environ.get("PIPELINE_CRASH_AT")
    if point:
        def crash_at(at: str, path: str | None = None) -> None:
            if at != point:
                return
            if at == "after_close_corrupt" and path:  # a short write the OS reported as done
                os.truncate(path, os.path.getsize(path) // 2)
                return
            os._exit(137)
        faults.crash_at = crash_at

    after = environ.get("PIPELINE_FAULT_ENOSPC_AFTER")
    if after is not None:
        target = environ.get("PIPELINE_FAULT_ENOSPC_TARGET")

        def limit_writes(fh, path: str):
            if target and os.path.basename(os.path.dirname(path)) != target:
                return fh
            return LimitedWriter(fh, path, int(after))
        faults.limit_writes = limit_writes

    vanish = environ.get("PIPELINE_VANISH_HOOK")
    if vanish:
        load = process.load

        def vanishing_load(unit, *args, **kwargs):
            if unit.rel == vanish:
                os.unlink(unit.path)
            return load(unit, *args, **kwargs)
        process.load = vanishing_load

    hook, count = environ.get("PIPELINE_EXTRACT_HOOK"), environ.get("PIPELINE_EXTRACT_COUNT")
    if hook or count:
        fold = process.process
        action, _, target_id = (hook or "").partition(":")

        def faulty_process(doc, stages, timings=None, observe=None):
            if count:
                fd = os.open(count, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                os.write(fd, f"{doc.doc_id}\n".encode("utf-8", "backslashreplace"))
                os.close(fd)
            if action and (not target_id or target_id in doc.doc_id):
                if action == "sleep":
                    time.sleep(60)  # blocks in C: only a process-based timeout can cut it off
                elif action == "exit":
                    os._exit(1)
                elif action == "oom":
                    try:
                        hog = bytearray(1 << 40)  # past the worker's RLIMIT_AS: the allocation fails
                    except MemoryError:
                        raise process.OutOfMemory("extract") from None
                    del hog
            return fold(doc, stages, timings, observe)
        process.process = faulty_process


if __name__ == "__main__":
    install(os.environ)
    from pipeline.cli import main

    sys.exit(main(sys.argv[1:]))
