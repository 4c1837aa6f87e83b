"""Reading one input file safely: lstat checks, a size cap, magic-byte sniffing, bounded gunzip.

Nothing here trusts a file name: gzip is recognised by its magic bytes, binary content by its
signature or control-byte share in the first 8 KB, and a decompressed stream is cut off one byte
past its cap (a 1 MB gzip of zeros inflates to 1 GiB).
"""
from __future__ import annotations

import errno
import os
import stat
import zlib
from dataclasses import dataclass
from typing import Iterator, NamedTuple

SNIFF_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"

# Signatures of formats that are never text, whatever the file is called.
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"), (b"BZh", "bzip2 archive"), (b"\xfd7zXZ\x00", "xz archive"),
    (b"RIFF", "RIFF media"), (b"\x00\x00\x01\x00", "ICO image"), (b"OggS", "Ogg media"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
)


class InputError(Exception):
    """An input that cannot become a document; ``reason`` is one of the documented reject reasons."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class Deferred(NamedTuple):
    """A unit left for a later run (it is still being written); nothing of it is ingested now."""
    reason: str
    detail: str


class Skipped(NamedTuple):
    """Records of a container (WARC) that are not documents -- requests, metadata, images -- counted
    by kind: the last item a WARC file yields, summed into the run's manifest."""
    counts: dict[str, int]


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 64 * 1024 * 1024
    max_decompressed_bytes: int = 256 * 1024 * 1024
    max_doc_bytes: int = 20 * 1024 * 1024
    # A file modified less than this long ago is still being written: deferred to the next run.
    settle_seconds: float = 0.0
    # One document (all stages) may take this long in its worker before the worker is killed.
    doc_timeout_seconds: float = 60.0
    # Address space a worker may add to what it starts with (RLIMIT_AS), for parsing one document.
    worker_memory_bytes: int = 2 * 1024 * 1024 * 1024


def check_regular(path: str) -> os.stat_result:
    """lstat the path and refuse anything that is not a plain file, without opening it."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InputError("vanished", "the file disappeared between listing and reading") from None
    except OSError as exc:
        raise InputError("unreadable", f"lstat failed: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = ("FIFO" if stat.S_ISFIFO(st.st_mode) else "device" if stat.S_ISCHR(st.st_mode) or
                stat.S_ISBLK(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "directory"
                if stat.S_ISDIR(st.st_mode) else "special file")
        raise InputError("not_regular_file", f"it is a {kind}, not a regular file; it was not opened")
    return st


def sniff_binary(head: bytes) -> str | None:
    """Name the binary format of ``head`` (the first bytes), or None when it looks like text."""
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text is full of NUL bytes by design
    if b"\x00" in head:
        return "NUL bytes in the first 8 KB"
    sample = head[:SNIFF_BYTES]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    # Text in any 8-bit encoding has almost no C0 controls besides tab/newline; random or
    # compressed data has about 9% of them.
    if sample and controls / len(sample) > 0.05:
        return f"{controls} control bytes in the first {len(sample)} bytes"
    return None


def _inflate(fh, first: bytes, cap: int) -> Iterator[bytes]:
    """Inflate a gzip stream from ``fh`` (already read: ``first``), at most ``cap`` bytes in total."""
    d = zlib.decompressobj(wbits=31)
    total = consumed = 0
    chunk = first
    while True:
        if chunk:
            consumed += len(chunk)
            while chunk:
                part = d.decompress(chunk, min(1 << 20, cap + 1 - total))
                total += len(part)
                if total > cap:
                    raise InputError("decompression_limit",
                                     f"stopped after inflating {total} bytes from {consumed} compressed "
                                     f"bytes: the cap is {cap} bytes (limits.max_decompressed_bytes)")
                if part:
                    yield part
                chunk = d.unconsumed_tail
                if d.eof:
                    if d.unused_data.startswith(GZIP_MAGIC):
                        # a multi-member gzip (concatenated streams): go on with the next member
                        chunk, d = d.unused_data, zlib.decompressobj(wbits=31)
                        continue
                    return  # trailing garbage after the last member is ignored
        chunk = fh.read(1 << 16)
        if not chunk:
            if not d.eof:
                raise InputError("truncated_archive",
                                 f"the gzip stream ends early after {consumed} compressed bytes "
                                 f"({total} bytes inflated)")
            return


def _raw(fh, first: bytes, cap: int) -> Iterator[bytes]:
    yield first
    left = cap + 1 - len(first)
    while left > 0:
        chunk = fh.read(min(1 << 20, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def open_checked(path: str, expect: tuple[int, int] | None, max_bytes: int | None):
    """A regular, non-empty file opened for reading without following links or blocking (a FIFO
    swapped in after listing), or InputError. ``max_bytes`` caps its size on disk (None: no cap, for
    containers such as WARC files, whose records are capped one by one)."""
    st = check_regular(path)
    _check_same(path, st, expect)
    if st.st_size == 0:
        raise InputError("empty_file", "the file is 0 bytes long")
    if max_bytes is not None and st.st_size > max_bytes:
        raise InputError("too_large", f"{st.st_size} bytes is over the {max_bytes}-byte cap "
                                      "(limits.max_file_bytes); it was not read")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("vanished", "the file disappeared between listing and reading") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("not_regular_file", "it became a symbolic link after listing") from None
        raise InputError("unreadable", f"open failed: {exc.strerror}") from None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise InputError("not_regular_file", "it was replaced by a non-regular file after listing")
    return fh


def iter_chunks(path: str, limits: Limits, expect: tuple[int, int] | None = None) -> Iterator[bytes]:
    """A regular file's content in chunks, inflated if it is gzip (by its magic bytes, whatever its
    name) under the caps, refused if binary. ``expect`` is the (size, mtime_ns) seen at listing: a
    file that differs, before or after reading, is being written and raises InputError("unsettled")
    rather than being read partially. Errors may come after chunks were yielded (a cut archive)."""
    with open_checked(path, expect, limits.max_file_bytes) as fh:
        try:
            head = fh.read(SNIFF_BYTES)
            gz = head.startswith(GZIP_MAGIC)
            src = _inflate(fh, head, limits.max_decompressed_bytes) if gz else _raw(fh, head, limits.max_file_bytes)
            pending = b""
            for chunk in src:
                if pending is not None:
                    pending += chunk
                    if len(pending) < SNIFF_BYTES:
                        continue
                    _sniff(pending, src if gz else None)
                    chunk, pending = pending, None
                yield chunk
            if pending is not None:
                if not pending:
                    raise InputError("empty_file", "the gzip stream inflates to 0 bytes")
                _sniff(pending, None)
                yield pending
        except OSError as exc:
            raise InputError("unreadable", f"read failed: {exc.strerror}") from None
        _check_same(path, os.fstat(fh.fileno()), expect)


def _sniff(head: bytes, rest: Iterator[bytes] | None) -> None:
    binary = sniff_binary(head[:SNIFF_BYTES])
    if binary:
        # A compressed stream is inflated to its end (discarding it, under the cap) first: a bomb is
        # reported as the bomb it is (decompression_limit), whatever bytes it inflates to.
        for _ in rest or ():
            pass
        raise InputError("binary_content", f"the content is binary ({binary}), not text")


def _check_same(path: str, st: os.stat_result, expect: tuple[int, int] | None) -> None:
    if expect is not None and (st.st_size, st.st_mtime_ns) != expect:
        raise InputError("unsettled", f"{path} changed between listing and reading (size {expect[0]} -> "
                                      f"{st.st_size}); it is still being written")


def read_capped(path: str, limits: Limits, expect: tuple[int, int] | None = None) -> bytes:
    """A whole input's bytes (inflated, under the caps): see ``iter_chunks``."""
    return b"".join(iter_chunks(path, limits, expect))
