"""The embedded default: a sandboxed pool of worker processes, results in input order.

Each worker runs the whole per-document function (reading the unit and every stage) under an
address-space limit (RLIMIT_AS). The parent gives every document a deadline: a worker that
passes it, dies or runs out of memory is killed and replaced, that document becomes a named
reject (extraction_timeout / extraction_crashed) and the unit goes on from the next document.
The timeout must be process-based: a page that blocks inside C code (lxml, zlib) never returns
to Python, so a SIGALRM handler would never run (datatrove#326).
"""
from __future__ import annotations

import gc
import math
import multiprocessing as mp
import os
import resource
import select
import signal
import threading
import time
from collections import Counter
from typing import Callable, Iterator, Sequence

from ..process import OutOfMemory
from .base import Task, Work


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the parent dies (kill -9 included): an orphan would hold
    the scheduler's stdout pipe open and the output folder busy."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _next_task(conn, parent: int):
    while not conn.poll(1.0):
        if os.getppid() != parent:  # where prctl is unavailable: notice the orphaning within a second
            return None
    return conn.recv()


def _worker(conn, work: Work, parent: int) -> None:
    """Worker loop: receive (task, start, failed), send ("item", i, result)... and ("last", i,
    result, timings) for the unit's last document (or ("done", timings) if none was left)."""
    _die_with_parent()
    if os.getppid() != parent:
        return
    # Ctrl-C and systemd's stop (SIGTERM to the whole group) are the parent's to handle: it stops
    # its workers itself once it has dropped the batch in progress.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    limits = work.limits
    if limits.worker_memory_bytes > 0:
        # on top of what the interpreter and libraries already map, so the budget is the parse's
        cap = _address_space() + limits.worker_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        task = _next_task(conn, parent)
        if task is None:
            return
        task, start, failed = task
        timings: dict[str, float] = {}
        i = start - 1
        last = False
        try:
            for i, result, last in work.items(task, start, failed, timings):
                # the unit's last document carries the timings: one message (and one wake-up of the
                # parent) per single-document unit instead of two
                conn.send(("last", i, result, timings) if last else ("item", i, result))
        except OutOfMemory as exc:
            conn.send(("oom", i + 1, f"out of memory in stage {exc}"))
            return  # a process that hit its memory limit is not trusted further: the parent replaces it
        if not last:  # nothing left to do from ``start`` on
            conn.send(("done", timings))


class _Slot:
    """One worker process and the tasks sent to it, in order: it is on the first; the others wait
    in its pipe, so it starts the next one the moment it finishes, without waiting for the parent
    to be scheduled (with one worker that wait was 0.75-2 ms per unit, more on a busy machine)."""

    DEPTH = 2  # tasks in flight per worker: the one it is on and the next

    def __init__(self, ctx, work: Work):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, work, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.jobs: list[int] = []
        self.deadline = 0.0  # for the document the worker is on

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class _Poller:
    """The busy workers' pipes and exit sentinels, kept registered in one poll object:
    ``multiprocessing.connection.wait`` builds and fills a new selector on every call, which cost
    the parent 0.14-0.19 ms of CPU per document on page text (1,000 documents, one or two workers)."""

    def __init__(self):
        self.poll = select.poll()
        self.fds: set[int] = set()

    def wait(self, busy: list[_Slot], timeout: float) -> set[int]:
        """The file descriptors of ``busy`` that are readable (a message, or the worker gone)."""
        want = {fd for s in busy for fd in (s.conn.fileno(), s.proc.sentinel)}
        # by number: a replaced worker's pipe may reuse its predecessor's descriptor
        for fd in self.fds - want:
            self.poll.unregister(fd)
        for fd in want - self.fds:
            self.poll.register(fd, select.POLLIN)
        self.fds = want
        return {fd for fd, _event in self.poll.poll(max(0, math.ceil(timeout * 1000)))}


class _Job:
    def __init__(self, task: Task):
        self.task = task
        self.items: list = []
        self.next = 0                       # index of the document the worker is on
        self.failed: dict[int, tuple[str, str]] = {}
        self.timings: Counter = Counter()
        self.done = False


class LocalEngine:
    PART = 64  # documents of the unit next in order that are handed on before the unit ends

    def __init__(self, workers: int = 0, keep: bool = False):
        self.workers = workers if workers > 0 else (os.cpu_count() or 1)
        self.respawns = 0
        # ``keep``: idle workers outlive ``map`` and take the next call's tasks for the same work
        # (``close`` ends them). A Ray actor runs one batch per call: forking a fresh worker for each
        # cost 2-3 ms per unit in 16-unit batches of small pages.
        self.keep = keep
        self._slots: list[_Slot] = []
        self._forker = 0  # the thread that forked them: PR_SET_PDEATHSIG fires when it ends

    def _pool(self, ctx, work: Work, n: int) -> list[_Slot]:
        """The workers for this call: the kept ones if they fit, else fresh ones."""
        reuse = (self._slots and self.work is work and len(self._slots) == n
                 and self._forker == threading.get_ident() and all(s.proc.is_alive() for s in self._slots))
        if not reuse:
            self.close()
            self.work = work
            # Objects that exist now are shared with the workers copy-on-write; keep the collector
            # from touching (and so copying) them in every worker.
            gc.freeze()
            self._slots = [_Slot(ctx, work) for _ in range(n)]
            self._forker = threading.get_ident()
        return self._slots

    def close(self) -> None:
        """End the kept workers."""
        for slot in self._slots:
            slot.stop(kill=bool(slot.jobs))
        self._slots = []

    def map(self, work: Work, tasks: Sequence[Task], stop: Callable[[], object] | None = None
            ) -> Iterator[tuple[list, dict[str, float]]]:
        """(items, timings) per task in the order of ``tasks``, whatever the worker count (output is
        byte-identical); a long task's items may come before it ends, in parts: (items, None). Stops
        early, killing the workers, once ``stop()`` is true."""
        ctx = mp.get_context("fork")
        timeout = work.limits.doc_timeout_seconds
        n = max(1, min(self.workers, len(tasks)))
        # in the parent, so the forked workers inherit the loaded libraries, models and profiles
        # instead of each loading them again (2 s of CPU per worker)
        work.warm_up({unit.kind for unit, _id, _sha in tasks})
        slots = self._pool(ctx, work, n)
        jobs: dict[int, _Job] = {}
        queue = list(range(len(tasks)))[::-1]
        # finished results waiting for a slow earlier one are bounded, and so is the work a kill loses
        window = 4 * n
        emit = 0
        poller = _Poller()
        try:
            while emit < len(tasks):
                if stop and stop():
                    return
                self._fill(slots, queue, jobs, tasks, emit + window, timeout)
                busy = [s for s in slots if s.jobs]
                now = time.monotonic()
                wait_for = min([s.deadline for s in busy], default=now + 0.2) - now
                ready = poller.wait(busy, min(0.2, wait_for))
                for i, slot in enumerate(slots):
                    if slot.jobs and (slot.conn.fileno() in ready or slot.proc.sentinel in ready
                                      or time.monotonic() > slot.deadline):
                        slots[i] = self._service(ctx, slot, jobs, timeout)
                while emit in jobs and jobs[emit].done:
                    job = jobs.pop(emit)
                    emit += 1
                    yield job.items, dict(job.timings)
                head = jobs.get(emit)
                if head is not None and len(head.items) >= self.PART:
                    # a long unit (a WARC file) goes on in parts: held whole, it would fill memory
                    yield head.items, None
                    head.items = []
        finally:
            if not self.keep or any(slot.jobs for slot in slots):
                self.close()

    def _fill(self, slots: list[_Slot], queue: list[int], jobs: dict[int, _Job], tasks: Sequence[Task],
              limit: int, timeout: float) -> None:
        """Keep _Slot.DEPTH tasks in flight per worker while the next is within ``limit`` (the
        order window): every worker gets one before any gets a second."""
        for depth in range(1, _Slot.DEPTH + 1):
            for slot in slots:
                if len(slot.jobs) < depth and queue and queue[-1] < limit:
                    j = queue.pop()
                    jobs[j] = _Job(tasks[j])
                    self._send(slot, j, jobs[j], timeout)

    def _send(self, slot: _Slot, j: int, job: _Job, timeout: float) -> None:
        if not slot.jobs:
            slot.deadline = time.monotonic() + timeout
        slot.jobs.append(j)
        slot.conn.send((job.task, job.next, job.failed))

    def _service(self, ctx, slot: _Slot, jobs: dict[int, _Job], timeout: float) -> _Slot:
        """Take what the worker sent; replace it if it died, hung or gave up after running out of memory."""
        try:
            while slot.jobs and slot.conn.poll():
                job = jobs[slot.jobs[0]]
                msg = slot.conn.recv()
                if msg[0] == "item":
                    job.items.append(msg[2])
                    job.next = msg[1] + 1
                    slot.deadline = time.monotonic() + timeout
                elif msg[0] in ("last", "done"):
                    if msg[0] == "last":
                        job.items.append(msg[2])
                        job.next = msg[1] + 1
                    job.timings.update(msg[-1])
                    job.done = True
                    slot.jobs.pop(0)
                    slot.deadline = time.monotonic() + timeout  # it is on the next one now
                elif msg[0] == "oom":
                    return self._replace(ctx, slot, jobs, "extraction_crashed", msg[2], timeout)
        except (EOFError, OSError):
            pass
        if not slot.jobs:
            return slot
        if not slot.proc.is_alive():
            code = slot.proc.exitcode
            return self._replace(ctx, slot, jobs, "extraction_crashed",
                                 f"the worker died (exit code {code}) on this document", timeout)
        if time.monotonic() > slot.deadline:
            return self._replace(ctx, slot, jobs, "extraction_timeout",
                                 f"no result after {timeout:g} s (limits.doc_timeout_seconds); worker killed",
                                 timeout)
        return slot

    def _replace(self, ctx, slot: _Slot, jobs: dict[int, _Job], rule: str, detail: str,
                 timeout: float) -> _Slot:
        """A fresh worker for ``slot``: the task the old one was on goes on from the document after
        the one it failed on (a sandbox reject), the tasks waiting behind it are sent again."""
        j, *waiting = slot.jobs
        job = jobs[j]
        slot.stop(kill=True)
        self.respawns += 1
        fresh = _Slot(ctx, self.work)
        if job.next in job.failed:
            # it died again before reaching the document it failed on: reading the unit is what fails
            job.items.append(self.work.unit_failed(job.task, rule, detail))
            job.done = True
        else:
            job.failed[job.next] = (rule, detail)
            self._send(fresh, j, job, timeout)
        for k in waiting:
            self._send(fresh, k, jobs[k], timeout)
        return fresh
