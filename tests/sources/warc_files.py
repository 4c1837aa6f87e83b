"""WARC files for tests, written byte by byte as the WARC 1.0 standard lays them out (not with the
reader's library, so a misreading is not hidden by the same library writing)."""
from __future__ import annotations

import gzip
import uuid

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
DATE = "2024-05-06T07:08:09Z"


def record(wtype: str, block: bytes, uri: str | None = None, ctype: str | None = None, date: str = DATE,
           n: int = 0, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """One WARC record: version line, named headers, blank line, the block, two CRLFs."""
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{wtype}:{uri}:{n}")
    headers = [("WARC-Type", wtype), ("WARC-Record-ID", f"<urn:uuid:{rid}>"), ("WARC-Date", date)]
    if uri:
        headers.append(("WARC-Target-URI", uri))
    if ctype:
        headers.append(("Content-Type", ctype))
    headers += [*extra, ("Content-Length", str(len(block)))]
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def http(body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def response(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
             n: int = 0) -> bytes:
    return record("response", http(body, ctype, status), uri, "application/http; msgtype=response", n=n)


def request(uri: str, n: int = 0) -> bytes:
    path = "/" + uri.split("/", 3)[-1]
    block = f"GET {path} HTTP/1.1\r\nHost: example.org\r\nUser-Agent: test\r\n\r\n".encode("ascii")
    return record("request", block, uri, "application/http; msgtype=request", n=n)


def warcinfo() -> bytes:
    return record("warcinfo", b"software: tests\r\nformat: WARC File Format 1.0\r\n", ctype="application/warc-fields")


def gz(records: list[bytes]) -> bytes:
    """One gzip member per record, as crawlers write .warc.gz (each record can be read alone)."""
    return b"".join(gzip.compress(r, 6) for r in records)
