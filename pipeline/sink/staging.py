"""The rows of the commit in progress, streamed to temp shards as they arrive.

A batch of page-text documents carries hundreds of edit rows per document; held as Python dicts
until the commit, 5,000 documents took the driver from 0.4 to 4 GB. Here rows become Arrow
record batches a few hundred at a time and go to ``.tmp-`` Parquet files (the names the sweep
deletes and readers skip) one row group at a time, so what a batch holds in memory is bounded by
``GROUP_BYTES`` per table, whatever ``shard_rows`` is. A file is finished (footer, fsync, row
count verified) when it reaches ``shard_rows`` rows or the commit starts; the commit renames the
finished files into place (Store.commit). A batch that is not committed is discarded, its temp
files deleted.
"""
from __future__ import annotations

import os
import re

import pyarrow as pa
import pyarrow.parquet as pq

from . import faults
from .files import TMP_PREFIX, open_exclusive, unlink_quietly
from .schema import TABLES

# Rows converted to Arrow at a time: the conversion's per-call cost is paid once per few hundred
# rows instead of once per document, and 512 rows as Python lists stay under a few MB.
CONVERT_ROWS = 512
# Bytes of Arrow data a table may hold before they are written as a row group. Measured on page
# text, 2 workers (benchmarks/speed.py's corpus): whole batches held as dicts took the driver to
# 4 GB at 20,000 documents; streamed in 8 MB groups, a documents group's write briefly added
# 20-30 MB to the driver; in 4 MB groups with the Arrow pool released after each write, under
# 5 MB (driver peak 241 -> 223 MB at 1,000 docs, 279 MB at 20,000, the difference being the
# run's per-input state). Smaller groups only cost Parquet efficiency (4 MB still holds ~450
# documents or ~20,000 edit rows).
GROUP_BYTES = 4 << 20


class _File:
    """One temp shard being written."""

    def __init__(self, folder: str, name: str, schema: pa.Schema):
        self.tmp = os.path.join(folder, f"{TMP_PREFIX}{name}")
        self.name = name
        self.rows = 0
        self.fh = open_exclusive(self.tmp)
        try:
            # zstd level 1: on a run's edits and documents it gave files the size level 3 (pyarrow's
            # default) gave (5.3 MB per 1,000 page-text documents) in 40 % of the CPU, and the
            # driver's compression is CPU the workers lack on a machine with as many cores as workers
            self.writer = pq.ParquetWriter(faults.limit_writes(self.fh, self.tmp), schema, compression="zstd",
                                           compression_level=1)
        except BaseException:
            self.fh.close()
            unlink_quietly(self.tmp)
            raise

    def finish(self) -> None:
        """Footer, fsync and the row count read back from the footer (a short write that still
        closed is caught here: apache/arrow#43496 lost rows silently this way)."""
        self.writer.close()
        self.fh.flush()
        faults.crash_at("after_tmp_write")
        os.fsync(self.fh.fileno())
        self.fh.close()
        faults.crash_at("after_close_corrupt", self.tmp)
        faults.crash_at("after_fsync")
        try:
            rows = pq.read_metadata(self.tmp).num_rows
        except (OSError, pa.ArrowException) as exc:
            raise OSError(f"{self.tmp}: the written file does not open ({exc}); not committed") from None
        if rows != self.rows:
            raise OSError(f"{self.tmp}: the written file holds {rows} rows, {self.rows} were written; "
                          "not committed")
        faults.crash_at("after_verify")

    def abandon(self) -> None:
        # the disk may be full, so closing may fail again: the file goes anyway
        for close in (self.writer.close, self.fh.close):
            try:
                close()
            except (OSError, pa.ArrowException):
                pass
        unlink_quietly(self.tmp)


class _Table:
    def __init__(self, folder: str, prefix: str, schema: pa.Schema, shard_rows: int):
        self.folder, self.prefix, self.schema, self.shard_rows = folder, prefix, schema, shard_rows
        self.cols: dict[str, list] = {name: [] for name in schema.names}  # rows not yet in Arrow
        self.pending = 0
        self.chunks: list[pa.Table] = []
        self.chunk_bytes = 0
        self.chunk_rows = 0
        self.current: _File | None = None
        self.done: list[_File] = []

    def add_rows(self, rows: list[dict]) -> None:
        for name, col in self.cols.items():
            col.extend(r.get(name) for r in rows)
        self._added(len(rows))

    def add_columns(self, cols: dict[str, list], n: int) -> None:
        """``n`` rows as one list per column (every column of the schema)."""
        for name, col in self.cols.items():
            col.extend(cols[name])
        self._added(n)

    def _added(self, n: int) -> None:
        self.pending += n
        if self.pending >= CONVERT_ROWS:
            self._convert()

    def add_table(self, table: pa.Table) -> None:
        self._convert()
        self._push(table.cast(self.schema) if table.schema != self.schema else table)

    def _convert(self) -> None:
        if self.pending:
            table = columns_to_table(self.cols, self.schema)
            self.cols = {name: [] for name in self.schema.names}
            self.pending = 0
            self._push(table)

    def _push(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        self.chunks.append(table)
        self.chunk_bytes += table.nbytes
        self.chunk_rows += table.num_rows
        room = self.shard_rows - (self.current.rows if self.current else 0)
        if self.chunk_bytes >= GROUP_BYTES or self.chunk_rows >= room:
            self._write()

    def _write(self) -> None:
        """Write the pending chunks as row groups, starting a new file every ``shard_rows`` rows."""
        table = pa.concat_tables(self.chunks)
        self.chunks, self.chunk_bytes, self.chunk_rows = [], 0, 0
        while table.num_rows:
            if self.current is None:
                n = len(self.done)
                self.current = _File(self.folder, f"part-{self.prefix}-{n:05d}.parquet", self.schema)
            part = table.slice(0, self.shard_rows - self.current.rows)
            self.current.writer.write_table(part, row_group_size=part.num_rows)
            self.current.rows += part.num_rows
            table = table.slice(part.num_rows)
            if self.current.rows >= self.shard_rows:
                self._close_current()
        del table, part
        # the Arrow pool (mimalloc) keeps freed pages; RSS would ratchet up by a row group's size
        pa.default_memory_pool().release_unused()

    def _close_current(self) -> None:
        f, self.current = self.current, None
        try:
            f.finish()
        except BaseException:
            f.abandon()
            raise
        self.done.append(f)

    def finish(self) -> list[_File]:
        self._convert()
        if self.chunks:
            self._write()
        if self.current is not None:
            self._close_current()
        return self.done

    def discard(self) -> None:
        self.cols = {name: [] for name in self.schema.names}
        self.pending, self.chunks, self.chunk_bytes, self.chunk_rows = 0, [], 0, 0
        if self.current is not None:
            self.current.abandon()
            self.current = None
        for f in self.done:
            unlink_quietly(f.tmp)
        self.done = []


class Staging:
    """New rows of every table for one commit named ``name``: files ``part-<name>-NNNNN.parquet``
    of at most ``shard_rows`` rows, under temp names until Store.commit renames them."""

    def __init__(self, root: str, name: str, shard_rows: int):
        self.name = name
        self.tables = {t: _Table(os.path.join(root, t), name, schema, shard_rows) for t, schema in TABLES.items()}

    def add(self, table: str, rows: list[dict]) -> None:
        if rows:
            self.tables[table].add_rows(rows)

    def add_columns(self, table: str, cols: dict[str, list], n: int) -> None:
        if n:
            self.tables[table].add_columns(cols, n)

    def add_table(self, table: str, data: pa.Table) -> None:
        self.tables[table].add_table(data)

    def finish(self) -> dict[str, list[tuple[str, str, int]]]:
        """Flush and verify every file; (temp path, final name, rows) per table."""
        out = {}
        for table, t in self.tables.items():
            out[table] = [(f.tmp, f.name, f.rows) for f in t.finish()]
        return out

    def discard(self) -> None:
        """Delete every temp file of this batch (it will not be committed)."""
        for t in self.tables.values():
            t.discard()


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows to a table (see ``columns_to_table``)."""
    return columns_to_table({name: [r.get(name) for r in rows] for name in schema.names}, schema)


def columns_to_table(cols: dict[str, list], schema: pa.Schema) -> pa.Table:
    """Columns to a table; strings Parquet cannot hold (lone surrogates from JSON "\\ud800" escapes
    or undecodable names) become U+FFFD instead of failing the whole batch."""
    try:
        return pa.Table.from_pydict(cols, schema=schema)
    except (UnicodeEncodeError, pa.ArrowException):
        return pa.Table.from_pydict({k: [_clean(v) for v in col] for k, col in cols.items()}, schema=schema)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value):
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value
