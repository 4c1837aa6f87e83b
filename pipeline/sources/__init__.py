"""Sources: discover input files and turn each into Documents or Rejects (no stage logic here)."""
from __future__ import annotations

import hashlib
import os
import stat
from typing import NamedTuple

from ..document import Document, Reject
from ..edits import set_meta, sha256_text
from .decode import decode
from .discover import Unit, discover, kind_of, stem_id
from .jsonl import CUT, RecordError, iter_lines, parse_record, repair_surrogates
from .read import InputError, Limits, iter_chunks, read_capped

__all__ = ["Unit", "Limits", "Deferred", "discover", "load", "stem_id", "kind_of", "file_sha256"]


class Deferred(NamedTuple):
    """A unit left for a later run (it is still being written); nothing of it is ingested now."""
    reason: str
    detail: str


def file_sha256(unit: Unit, limits: Limits) -> str:
    """sha256 of a unit's bytes on disk, or "" when it must not be read (not a regular file, over
    the size cap, or gone): the reader then rejects it with the reason."""
    if unit.problem:
        return ""
    try:
        st = os.lstat(unit.path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limits.max_file_bytes:
            return ""
        h = hashlib.sha256()
        fd = os.open(unit.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return ""


def _reject(unit: Unit, doc_id: str, reason: str, detail: str, sha: str = "", source: str | None = None,
            text: str = "") -> Reject:
    return Reject(doc_id=doc_id, source=source or unit.rel, stage="sources", rule=reason,
                  reason=_REASONS.get(reason, reason.replace("_", " ")), detail=detail, text=text,
                  source_sha256=sha, content_type=unit.kind)


# A sentence per reason, for the rejects table and the run summary.
_REASONS = {
    "too_large": "The input is larger than the configured cap.",
    "empty_file": "The input file is empty.",
    "binary_content": "The input is binary data, not text or HTML.",
    "not_regular_file": "The input is not a regular file (FIFO, device, socket or directory).",
    "symlink_escape": "The input is a symbolic link that points outside the input folder.",
    "unreadable": "The input could not be read (permissions or I/O error).",
    "vanished": "The input disappeared before it could be read.",
    "decode_failed": "The input's bytes could not be decoded as text.",
    "decompression_limit": "The compressed input inflates past the decompression cap.",
    "truncated_archive": "The compressed input ends before its stream is complete.",
    "malformed_json": "The JSONL line is not a JSON object.",
    "missing_field": "The JSONL record has no usable 'text' or 'html' string.",
    "unsupported_type": "The file's suffix is not an input type the pipeline reads.",
    "duplicate_id": "Another record of the same file already uses this id.",
}


def load(unit: Unit, doc_id: str, limits: Limits, sha: str = "") -> list[Document | Reject | Deferred]:
    """Read one unit (whose file bytes hash to ``sha``); returns the documents and rejects it yields."""
    if unit.problem:
        return [_reject(unit, doc_id, *unit.problem)]
    if unit.kind == "unknown":
        return [_reject(unit, doc_id, "unsupported_type",
                        "known suffixes: .txt .html .htm .xhtml .jsonl .ndjson, each optionally .gz")]
    expect = (unit.size, unit.mtime_ns)
    try:
        if unit.kind == "jsonl":
            out = _load_jsonl(unit, doc_id, iter_chunks(unit.path, limits, expect), sha, limits)
            return out or [_reject(unit, doc_id, "empty_file", "the JSONL file holds no records", sha)]
        data = read_capped(unit.path, limits, expect)
    except InputError as exc:
        if exc.reason == "unsettled":
            return [Deferred(exc.reason, exc.detail)]
        return [_reject(unit, doc_id, exc.reason, exc.detail, sha)]
    if len(data) > limits.max_doc_bytes:
        return [_reject(unit, doc_id, "too_large", f"{len(data)} bytes after decompression is over the "
                             f"{limits.max_doc_bytes}-byte document cap (limits.max_doc_bytes)", sha)]
    dec = decode(data, is_html=unit.kind == "html")
    doc = Document(doc_id=doc_id, source=unit.rel, content_type=unit.kind, text=dec.text,
                   source_sha256=sha, base_sha256=sha256_text(dec.text))
    doc = doc.with_note("sources", "encoding", f"{dec.encoding} ({dec.how})")
    if dec.replacement_chars:
        doc = doc.with_note("sources", "replacement_chars", str(dec.replacement_chars))
    return [doc]


def _load_jsonl(unit: Unit, file_id: str, chunks, sha: str, limits: Limits) -> list[Document | Reject]:
    """Every record of a JSONL stream. A stream that fails part-way keeps the complete records before
    the fault; the cut record is rejected (truncated_record) and so is the rest (truncated_archive)."""
    out: list[Document | Reject] = []
    ids: set[str] = set()
    lines = iter_lines(chunks, limits.max_doc_bytes)
    while True:
        try:
            lineno, offset, line = next(lines)
        except StopIteration:
            return out
        except InputError as exc:
            if exc.reason in ("unsettled", "vanished") or not out:
                raise
            out.append(_reject(unit, f"{file_id}:rest", exc.reason, f"after byte {offset}: {exc.detail}",
                               sha, f"{unit.rel}:rest"))
            return out
        source = f"{unit.rel}:{lineno}"
        fallback_id = f"{file_id}:{lineno}"
        if line is CUT:
            out.append(_reject(unit, fallback_id, "truncated_record", f"line {lineno} (from byte {offset} of "
                               "the content) is cut off by the end of the archive", sha, source))
            continue
        if line is None:
            out.append(_reject(unit, fallback_id, "too_large", f"line {lineno} is over the "
                               f"{limits.max_doc_bytes}-byte document cap", sha, source))
            continue
        try:
            ctype, body, meta = parse_record(line)
        except RecordError as exc:
            out.append(_reject(unit, fallback_id, exc.reason, f"line {lineno}: {exc.detail}", sha, source))
            continue
        body, bad = repair_surrogates(body)
        meta = {k: repair_surrogates(v)[0] for k, v in meta.items()}
        # a record's own id is scoped by its file: two files (or shards of one export) may each hold
        # an "r1", and a file path cannot also be a folder, so "data.jsonl/r1" names no other input
        rid = meta.pop("id", None)
        doc_id = fallback_id if rid is None else f"{unit.rel}/{rid}"
        if doc_id in ids:
            out.append(_reject(unit, fallback_id, "duplicate_id", f"line {lineno}: id {rid!r} was used by "
                               "an earlier line of this file", sha, source))
            continue
        ids.add(doc_id)
        rec_sha = hashlib.sha256(line).hexdigest()
        doc = Document(doc_id=doc_id, source=source, content_type=ctype, text=body, source_sha256=rec_sha,
                       base_sha256=sha256_text(body))
        doc = set_meta(doc, "sources", "sources.record_metadata", **meta)
        if bad:
            doc = doc.with_note("sources", "invalid_unicode", f"{bad} lone surrogates became U+FFFD")
        out.append(doc)
    return out
