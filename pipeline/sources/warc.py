"""WARC and WET files, read as a stream of records: one document per HTML ``response`` record
(a WET ``conversion`` record is a text document); other records are counted, not rejected.

A crawl file is a container, not a document: it may be many gigabytes, so only its records are
capped (limits.max_doc_bytes), never the file, and it is never held in memory (fastwarc reads it
in 64 KB buffers, gzip, zstd or plain). A record cut off by the end of the file is a
``truncated_record`` reject; the complete records before it are kept.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from datetime import datetime, timezone
from typing import Callable, Iterator

from ..document import Document, Reject
from ..edits import set_meta, sha256_text
from .decode import decode
from .discover import Unit
from .read import Deferred, InputError, Limits, Skipped, open_checked

# The payload types that become documents; every other response is counted by its type.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Crawlers that store the bytes as sent keep the HTTP compression (Common Crawl stores them
# decoded); gzip and deflate are inflated here under the document cap, others are counted.
_CODINGS = {"identity": None, "gzip": 47, "x-gzip": 47, "deflate": 15}
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _charset(value: str | None) -> str | None:
    m = _CHARSET.search(value or "")
    return m.group(1) if m else None


def _fetched(value: str | None) -> str | None:
    """WARC-Date as an ISO timestamp in UTC (WARC dates are UTC; one without a zone is taken as UTC)."""
    try:
        when = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat()


def classify(rec) -> tuple[str, str]:
    """("html" | "text", charset header) for a record that is a document, ("cut", None) for one whose
    header is incomplete, else ("skip", the kind it is counted under: its WARC type, and a
    response's status or payload type)."""
    rtype = str(rec.record_type)
    if rec.headers.get("Content-Length") is None:
        return "cut", None  # a header cut off by the end of the file before its length
    if rtype == "response":
        if not rec.is_http or rec.http_headers is None:
            return "skip", "response (not HTTP)"
        status = rec.http_headers.status_code or 0
        if not 200 <= status < 300:
            return "skip", f"response status {status}"
        ctype = rec.http_headers.get("Content-Type")
        mime = _mime(ctype)
        if mime not in HTML_TYPES:
            return "skip", f"response {mime or '(no type)'}"
        coding = (rec.http_headers.get("Content-Encoding") or "identity").strip().lower()
        if coding not in _CODINGS:
            return "skip", f"response content-encoding {coding}"
        return "html", _charset(ctype)
    ctype = rec.headers.get("Content-Type")
    mime = _mime(ctype)
    if rtype == "conversion" and mime == "text/plain":
        return "text", _charset(ctype)
    if rtype == "resource" and mime in HTML_TYPES:
        return "html", _charset(ctype)
    return "skip", rtype if rtype not in ("conversion", "resource") else f"{rtype} {mime or '(no type)'}"


def iter_records(unit: Unit, file_id: str, limits: Limits, sha: str, reject: Callable[..., Reject],
                 start: int = 0) -> Iterator[Document | Reject | Skipped | Deferred | None]:
    """The documents and rejects of a WARC file, in record order, then one Skipped. The first
    ``start`` of them come as None, their payloads left unread (a replaced worker resumes there).
    ``reject(unit, doc_id, reason, detail, sha, source)`` builds the sources stage's rejects."""
    from fastwarc.warc import ArchiveIterator

    try:
        fh = open_checked(unit.path, (unit.size, unit.mtime_ns), None)
    except InputError as exc:
        yield Deferred(exc.reason, exc.detail) if exc.reason == "unsettled" else \
            reject(unit, file_id, exc.reason, exc.detail, sha)
        return
    skipped: Counter = Counter()
    n = made = 0
    with fh:
        records = iter(ArchiveIterator(fh, parse_http=True))
        while True:
            try:
                rec = next(records)
            except StopIteration:
                break
            except OSError as exc:  # fastwarc: a record header that is not one
                yield _broken(unit, file_id, sha, reject, n, str(exc))
                if not n:
                    return
                break
            n += 1
            kind, charset = classify(rec)
            if kind == "skip":
                skipped[charset] += 1
                continue
            made += 1
            if made <= start:
                yield None
                continue
            try:
                yield _record(unit, file_id, sha, limits, reject, n, rec, kind, charset)
            except OSError as exc:  # a compressed member that is corrupt part-way
                yield reject(unit, f"{file_id}:{n}", "truncated_record", f"record {n} cannot be read: {exc}",
                             sha, f"{unit.rel}:{n}")
                break
    if not n:
        yield reject(unit, file_id, "not_warc", "no WARC record header at the start of the file", sha)
    if skipped:
        yield Skipped(dict(sorted(skipped.items())))


def _broken(unit: Unit, file_id: str, sha: str, reject, n: int, error: str) -> Reject:
    if not n:
        return reject(unit, file_id, "not_warc", f"the first record cannot be read: {error}", sha)
    return reject(unit, f"{file_id}:{n + 1}", "truncated_record", f"record {n + 1} (after {n} complete "
                  f"records) cannot be read: {error}; the records before it are kept", sha, f"{unit.rel}:{n + 1}")


def _record(unit: Unit, file_id: str, sha: str, limits: Limits, reject, n: int, rec, kind: str,
            charset: str | None) -> Document | Reject:
    doc_id, source = f"{file_id}:{n}", f"{unit.rel}:{n}"
    if kind == "cut":
        return reject(unit, doc_id, "truncated_record", f"record {n}'s header is cut off (no Content-Length)",
                      sha, source)
    length = rec.content_length
    if length > limits.max_doc_bytes:
        return reject(unit, doc_id, "too_large", f"record {n} holds {length} bytes, over the "
                      f"{limits.max_doc_bytes}-byte document cap (limits.max_doc_bytes)", sha, source)
    body = rec.reader.read(length) if length else b""
    if len(body) < length:
        return reject(unit, doc_id, "truncated_record", f"record {n} ends after {len(body)} of its {length} "
                      "bytes: the file is cut off", sha, source)
    wbits = _CODINGS.get((rec.http_headers.get("Content-Encoding") or "identity").strip().lower()) \
        if rec.is_http and rec.http_headers is not None else None
    if wbits:
        try:
            inflater = zlib.decompressobj(wbits=wbits)
            body = inflater.decompress(body, limits.max_doc_bytes + 1)
        except zlib.error as exc:
            return reject(unit, doc_id, "decode_failed", f"record {n}'s compressed payload is corrupt: {exc}",
                          sha, source)
        if len(body) > limits.max_doc_bytes:
            return reject(unit, doc_id, "too_large", f"record {n} inflates past the {limits.max_doc_bytes}-byte "
                          "document cap (limits.max_doc_bytes)", sha, source)
    dec = decode(body, is_html=kind == "html", hint=charset)
    doc = Document(doc_id=doc_id, source=source, content_type=kind, text=dec.text,
                   source_sha256=hashlib.sha256(body).hexdigest(), base_sha256=sha256_text(dec.text))
    meta = {"url": (rec.headers.get("WARC-Target-URI") or "").strip().strip("<>"),
            "fetched": _fetched(rec.headers.get("WARC-Date"))}
    doc = set_meta(doc, "sources", "sources.record_metadata", **{k: v for k, v in meta.items() if v})
    doc = doc.with_note("sources", "encoding", f"{dec.encoding} ({dec.how})")
    if rec.record_id:
        doc = doc.with_note("sources", "warc_record_id", rec.record_id)
    if dec.replacement_chars:
        doc = doc.with_note("sources", "replacement_chars", str(dec.replacement_chars))
    return doc
