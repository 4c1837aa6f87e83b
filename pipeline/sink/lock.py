"""The run lock: one writer per output folder, refused (not waited for) when held."""
from __future__ import annotations

import fcntl
import os


class LockHeld(RuntimeError):
    """Another run holds the output folder's lock."""


class UnsafePath(RuntimeError):
    """An output path is a symbolic link or not what it should be; nothing was written through it."""


class RunLock:
    def __init__(self, path: str):
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> "RunLock":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            if os.path.islink(self.path):
                raise UnsafePath(f"unsafe output path: {self.path} is a symbolic link; remove it") from None
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(f"{self.path} is locked by pid {holder} (another run); this run did nothing. "
                           "Retry when it has finished") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
