"""The Hugging Face datasets folder layout: ``data/<config>/<split>-NNNNN-of-NNNNN.parquet`` (or
``.jsonl``), written as the corpus is read, one batch at a time."""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq

from ..sink.schema import DOCUMENTS

# What a training set needs of each document; the audit columns (edits, inputs, runs) stay in the
# corpus, which the card points to.
COLUMNS = ("doc_id", "text", "title", "author", "url", "domain", "language", "language_score", "published",
           "fetched", "n_chars", "n_words", "text_sha256")
SCHEMA = pa.schema([DOCUMENTS.field(name) for name in COLUMNS])
SHARD_ROWS = 100_000  # rows per file: Hub viewers and datasets stream files of a few hundred MB well


def split_of(doc_id: str, validation: float) -> str:
    """"validation" for a stable ``validation`` share of doc ids (by their hash: the same document
    lands in the same split on every export, whatever else the corpus holds), else "train"."""
    if validation <= 0:
        return "train"
    h = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big")
    return "validation" if h / 2**64 < validation else "train"


def config_of(language: str | None, by: str) -> str:
    return (language or "und") if by == "language" else "default"


class Writer:
    """Rows into one file sequence per (config, split); files are named with their count at the end."""

    def __init__(self, root: str, fmt: str, shard_rows: int = SHARD_ROWS):
        self.root, self.fmt, self.shard_rows = root, fmt, shard_rows
        self.open: dict[tuple[str, str], tuple[object, int]] = {}   # (config, split) -> (writer, rows in it)
        self.files: dict[tuple[str, str], list[str]] = {}
        self.rows: Counter = Counter()

    def add(self, config: str, split: str, table: pa.Table) -> None:
        key = (config, split)
        while table.num_rows:
            writer, rows = self.open.get(key) or (self._new(key), 0)
            take = table.slice(0, self.shard_rows - rows)
            if self.fmt == "parquet":
                writer.write_table(take)
            else:
                for row in take.to_pylist():
                    writer.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")
            rows += take.num_rows
            self.rows[key] += take.num_rows
            table = table.slice(take.num_rows)
            if rows >= self.shard_rows:
                writer.close()
                del self.open[key]
            else:
                self.open[key] = (writer, rows)

    def _new(self, key: tuple[str, str]):
        folder = os.path.join(self.root, "data", key[0])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{key[1]}-{len(self.files.setdefault(key, [])):05d}.{self.fmt}")
        self.files[key].append(path)
        if self.fmt == "parquet":
            return pq.ParquetWriter(path, SCHEMA, compression="zstd")
        return open(path, "w", encoding="utf-8")

    def close(self) -> dict[tuple[str, str], list[str]]:
        """Close every file and give each its final name (split-NNNNN-of-NNNNN); returns them by key."""
        for writer, _rows in self.open.values():
            writer.close()
        self.open = {}
        named = {}
        for key, paths in sorted(self.files.items()):
            named[key] = []
            for i, path in enumerate(paths):
                final = os.path.join(os.path.dirname(path), f"{key[1]}-{i:05d}-of-{len(paths):05d}.{self.fmt}")
                os.rename(path, final)
                named[key].append(final)
        return named


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
