"""Reading a large .warc.gz is a stream: a real ``pipeline run`` over ten times the records peaks at
about the same memory (a file held whole, or its documents held until it ends, would not)."""
from __future__ import annotations

import gzip
import sys

import pytest

from conftest import BENCH_DEV, ROOT
from warc_files import request, response

sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import run_cli_measured  # noqa: E402  (the bench's process-tree RSS sampler)

PAGES = [gzip.decompress(p.read_bytes()) for p in sorted((BENCH_DEV / "html").glob("*.html.gz"))]


def _write_crawl(path, megabytes: int) -> int:
    """Dev pages (each copy numbered, so exact dedup keeps them) until ``megabytes`` of records;
    one gzip member per record, written as it goes."""
    total = n = 0
    with open(path, "wb") as fh:
        while total < megabytes * 1_000_000:
            page = PAGES[n % len(PAGES)].replace(b"<body", b"<!-- copy %d --><body" % n, 1)
            body = page.replace(b"</h1>", b" %d</h1>" % n, 1)
            uri = f"https://example.org/{n}"
            for rec in (request(uri, n=n), response(uri, body, n=n)):
                fh.write(gzip.compress(rec, 1))
                total += len(rec)
            n += 1
    return n


@pytest.mark.slow
def test_memory_is_flat_while_streaming_a_large_warc(tmp_path):
    peaks = {}
    for mb in (30, 300):
        folder = tmp_path / f"in{mb}"
        folder.mkdir()
        pages = _write_crawl(folder / "crawl.warc.gz", mb)
        got = run_cli_measured(["run", "--input", str(folder), "--output", str(tmp_path / f"out{mb}"),
                                "--workers", "2"])
        assert f"{pages} units discovered" in got["stdout"], got["stdout"]
        peaks[mb] = got
    small, large = peaks[30], peaks[300]
    print(f"peak RSS 30 MB vs 300 MB of records: tree {small['peak_tree_mb']:.0f} vs {large['peak_tree_mb']:.0f} MB, "
          f"driver {small['peak_driver_mb']:.0f} vs {large['peak_driver_mb']:.0f} MB")
    # Measured: driver 260 vs 271 MB, tree 466 vs 484 MB. With the file's documents held until it
    # ends (no parts), 100 MB of records already took the driver to 280 MB (+34 KB per page).
    assert large["peak_driver_mb"] < small["peak_driver_mb"] * 1.05 + 15
    assert large["peak_tree_mb"] < small["peak_tree_mb"] * 1.05 + 35
