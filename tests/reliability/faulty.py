"""The pipeline CLI with the reliability tests' fault injections: ``python faulty.py ARGS`` is
``python -m pipeline ARGS`` after patching, in this process only (forked workers inherit it), the
seams the faults need. A production run has none of this: the variables below mean nothing to it.
With ``--engine ray`` the same faults reach the Ray workers, which are not forked from this
process: the launcher gives the run's Ray job a ``runtime_env`` that carries the variables and
installs the same patches in every Ray worker process as it starts (``ray_faults``).

    PIPELINE_CRASH_AT=<point>            os._exit(137) at that step of the commit protocol
                                         (after_close_corrupt: cut the closed temp file in half)
    PIPELINE_FAULT_ENOSPC_AFTER=<bytes>  writes raise OSError(ENOSPC) once this many bytes went out
    PIPELINE_FAULT_ENOSPC_TARGET=<dir>   ... only for files in that folder (documents, _runs...)
    PIPELINE_EXTRACT_HOOK=<sleep|exit|oom>[:<doc_id part>][,...]   a document that hangs, kills its
                                         worker or exhausts its memory, before its stages run
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
        hooks = [h.partition(":")[::2] for h in (hook or "").split(",") if h]

        def faulty_process(doc, stages, timings=None, observe=None):
            if count:
                fd = os.open(count, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                os.write(fd, f"{doc.doc_id}\n".encode("utf-8", "backslashreplace"))
                os.close(fd)
            action = next((a for a, target_id in hooks if not target_id or target_id in doc.doc_id), None)
            if action:
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


def _install_in_ray_worker() -> None:
    install(os.environ)


def ray_faults() -> None:
    """Start the run's Ray job with the fault variables and ``install`` as its worker set-up hook
    (pickled by value from this launcher: the Ray workers need not import it)."""
    import functools

    from pipeline.engines.ray import RayEngine

    connect = RayEngine._connect
    runtime_env = {"env_vars": {k: v for k, v in os.environ.items() if k.startswith("PIPELINE_")},
                   "worker_process_setup_hook": _install_in_ray_worker}

    def faulty_connect(self, ray) -> None:
        init = ray.init
        ray.init = functools.partial(init, runtime_env=runtime_env)
        try:
            connect(self, ray)
        finally:
            ray.init = init
    RayEngine._connect = faulty_connect


if __name__ == "__main__":
    install(os.environ)
    ray_faults()  # imports no Ray until a run chooses --engine ray
    from pipeline.cli import main

    sys.exit(main(sys.argv[1:]))
