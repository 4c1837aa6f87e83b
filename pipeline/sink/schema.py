"""Explicit Arrow schemas for every table the pipeline writes (never inferred), and row builders."""
from __future__ import annotations

import json

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

# Where each document came from on disk: the input file (JSONL files hold many documents), its
# hash, size and mtime. The next run compares these to skip unchanged inputs.
_INPUT = [
    pa.field("input_path", pa.string(), nullable=False),
    pa.field("input_sha256", pa.string()),
    pa.field("input_size", pa.int64()),
    pa.field("input_mtime_ns", pa.int64()),
    pa.field("input_path_raw", pa.binary()),  # the path's exact bytes (names need not be UTF-8)
]
_RUN = [
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("pipeline_version", pa.string()),
    pa.field("config_sha256", pa.string()),
]

DOCUMENTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("source_sha256", pa.string()),
    pa.field("content_type", pa.string()),
    pa.field("text", pa.large_string()),
    pa.field("title", pa.string()),
    pa.field("author", pa.string()),
    pa.field("published", TS),
    pa.field("fetched", TS),   # when a crawler fetched the page (a WARC record's WARC-Date)
    pa.field("published_precision", pa.string()),  # "day", "month" or "year": how much of published is known
    pa.field("url", pa.string()),
    pa.field("domain", pa.string()),
    pa.field("sitename", pa.string()),
    pa.field("description", pa.string()),
    pa.field("language", pa.string()),
    pa.field("language_score", pa.float64()),
    pa.field("language_source", pa.string()),    # "text" (detected) or "declared" (the page's tag won)
    pa.field("language_declared", pa.string()),  # the page's <html lang>/og:locale/Content-Language
    pa.field("n_chars", pa.int64()),
    pa.field("n_words", pa.int64()),
    pa.field("n_edits", pa.int64()),
    pa.field("text_sha256", pa.string()),
    pa.field("base_sha256", pa.string()),
    pa.field("notes", pa.string()),   # JSON object: audit notes that are not text changes
    pa.field("minhash", pa.binary()),  # the clean text's MinHash signature (corpus/near.py), for near dedup
    *_INPUT, *_RUN,
])

EDITS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("seq", pa.int32(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("rule", pa.string(), nullable=False),
    pa.field("start", pa.int64(), nullable=False),
    pa.field("end", pa.int64(), nullable=False),
    pa.field("before", pa.large_string()),
    pa.field("after", pa.large_string()),
    pa.field("input_path", pa.string(), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
])

META_EDITS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("seq", pa.int32(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("rule", pa.string(), nullable=False),
    pa.field("field", pa.string(), nullable=False),
    pa.field("before", pa.string()),  # JSON
    pa.field("after", pa.string()),   # JSON
    pa.field("input_path", pa.string(), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
])

REJECTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("rule", pa.string(), nullable=False),
    pa.field("reason", pa.string()),
    pa.field("detail", pa.string()),
    pa.field("text", pa.large_string()),
    pa.field("source_sha256", pa.string()),
    pa.field("content_type", pa.string()),
    pa.field("minhash", pa.binary()),  # dedup.near rejects: the signature, so later runs re-decide them
    *_INPUT, *_RUN,
])

TABLES = {"documents": DOCUMENTS, "edits": EDITS, "meta_edits": META_EDITS, "rejects": REJECTS}


def to_json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
