"""JSONL records: one document per line, ``text`` or ``html`` required; id/url/title/author/published/
description/language optional.

``published`` is kept as the record wrote it ("2024-03-05", "March 5, 2024", "5. März 2024"):
the metadata stage reads it (``stages/fields/dates.py``) and records the parsed value and its
precision as a metadata edit, so the audit shows both. ``language`` is what the exporter declares
(``language_declared``); the language stage detects the text's own."""
from __future__ import annotations

import json
import re
from typing import Iterable, Iterator

OPTIONAL_META = ("url", "title", "author", "published", "description")
# record keys stored under another metadata name
RENAMED_META = {"language": "language_declared"}

# A JSON "\ud800" escape decodes to a lone surrogate, which no UTF-8 output (Parquet) can hold: a
# record carrying one would fail the whole run's write. It becomes U+FFFD here, so the base text
# the audit undoes to is text that can be stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(value: str) -> tuple[str, int]:
    """``value`` with lone surrogates replaced by U+FFFD, and how many there were."""
    return _SURROGATE.subn("\ufffd", value)


class RecordError(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# Marks a last line the archive cut off (its bytes are not all there).
CUT = object()


def iter_lines(chunks: Iterable[bytes], max_line_bytes: int) -> Iterator[tuple[int, int, object]]:
    """(line number, byte offset, line) for each non-empty line of a chunked stream. ``line`` is the
    bytes, None for a line over the cap (never buffered past the cap: a 50 MB line costs 20 MB at
    most), or CUT for a partial last line when the stream fails (the error is raised after it)."""
    buf = bytearray()
    lineno, offset, start_of_line, skipping = 0, 0, 0, False

    def finish():
        line = bytes(buf).rstrip(b"\r")
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        return line

    try:
        for chunk in chunks:
            pos = 0
            while pos < len(chunk):
                nl = chunk.find(b"\n", pos)
                end = len(chunk) if nl < 0 else nl
                if not skipping:
                    buf += chunk[pos:end]
                    if len(buf) > max_line_bytes:
                        skipping = True
                        buf.clear()
                offset += end - pos
                if nl < 0:
                    break
                lineno += 1
                if skipping:
                    yield lineno, start_of_line, None
                elif buf.strip():
                    yield lineno, start_of_line, finish()
                buf.clear()
                skipping = False
                offset += 1
                start_of_line = offset
                pos = nl + 1
    except Exception:
        if skipping or buf:
            yield lineno + 1, start_of_line, CUT
        raise
    if skipping or buf.strip():
        lineno += 1
        yield lineno, start_of_line, None if skipping else finish()


def parse_record(line: bytes) -> tuple[str, str, dict]:
    """(content_type, body, meta) from one JSONL line, or RecordError with a named reason."""
    try:
        rec = json.loads(line.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise RecordError("malformed_json", f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(rec, dict):
        raise RecordError("malformed_json", f"a JSON {type(rec).__name__}, not an object")
    for key, ctype in (("text", "text"), ("html", "html")):
        if key in rec:
            body = rec[key]
            if not isinstance(body, str):
                raise RecordError("missing_field", f"'{key}' is a {type(body).__name__}, not a string")
            break
    else:
        raise RecordError("missing_field", "the record has neither a 'text' nor an 'html' field")
    meta = {k: rec[k] for k in OPTIONAL_META if isinstance(rec.get(k), str) and rec[k].strip()}
    meta.update({ours: rec[k] for k, ours in RENAMED_META.items() if isinstance(rec.get(k), str) and rec[k].strip()})
    rid = rec.get("id")
    if rid is not None and not isinstance(rid, (str, int)):
        raise RecordError("malformed_json", f"'id' is a {type(rid).__name__}, not a string or number")
    if rid is not None:
        meta["id"] = str(rid)
    return ctype, body, meta
