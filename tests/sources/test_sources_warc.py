"""WARC and WET input: real dev pages in a crawl file read like the same pages as files; requests,
images, metadata and error responses counted, not rejected; a cut record rejected, the rest kept."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import BENCH_DEV, read_table, run_cli
from pipeline.document import Document, Reject
from pipeline.sources import Limits, Skipped, discover, file_sha256, load, stem_id
from pipeline.sources.decode import declared_charset
from warc_files import PNG, gz, record, request, response, warcinfo

PAGES = sorted((BENCH_DEV / "html").glob("*.html.gz"))[:6]
FETCHED = "2024-05-06T07:08:09+00:00"


def _page(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _ctype(body: bytes) -> str:
    """The Content-Type a server would send with the page: the charset the page declares, if any."""
    charset = declared_charset(body)
    return f"text/html; charset={charset}" if charset else "text/html"


def _crawl(pages: list[Path]) -> tuple[list[bytes], dict[int, int], int]:
    """Records of a small crawl of ``pages`` (page index -> record number of its response), with
    a request before each response, an image, a metadata record, a 404 page, and the last response
    cut off part-way (its record number is returned too)."""
    records = [warcinfo()]
    where = {}
    for i, path in enumerate(pages):
        uri = f"https://example.org/news/{path.name[:12]}"
        body = _page(path)
        records += [request(uri), response(uri, body, _ctype(body))]
        where[i] = len(records)
        if i == 1:
            records.append(response("https://example.org/logo.png", PNG, "image/png"))
            records.append(record("metadata", b"fetchTimeMs: 120\r\n", uri, "application/warc-fields"))
        if i == 2:
            records.append(response("https://example.org/gone", b"<html><body>Not found</body></html>",
                                    status="404 Not Found"))
    last = _page(BENCH_DEV / "html" / PAGES[-1].name)
    records.append(response("https://example.org/news/cut", last, _ctype(last)))
    records[-1] = records[-1][: len(records[-1]) // 2]
    return records, where, len(records)


def _manifest(out: Path) -> dict:
    return json.loads(sorted((out / "_runs").glob("*.json"))[-1].read_text(encoding="utf-8"))


def test_crawl_file_reads_like_the_same_pages_as_files(tmp_path):
    pages = PAGES[:5]
    records, where, cut = _crawl(pages)
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "crawl.warc.gz").write_bytes(gz(records))
    (tmp_path / "files").mkdir()
    for path in pages:
        (tmp_path / "files" / path.name).write_bytes(path.read_bytes())
    stdout = {name: run_cli("run", "--input", str(tmp_path / name), "--output", str(tmp_path / f"out-{name}"),
                            "--workers", "1", check=True).stdout for name in ("warc", "files")}
    docs = {r["doc_id"]: r for r in read_table(tmp_path / "out-warc", "documents")}
    files = {r["doc_id"]: r for r in read_table(tmp_path / "out-files", "documents")}
    assert len(files) == len(pages)
    assert sorted(docs) == sorted(f"crawl:{n}" for n in where.values())
    for i, path in enumerate(pages):
        doc, ref = docs[f"crawl:{where[i]}"], files[path.name[: -len(".html.gz")]]
        assert doc["text"] == ref["text"], f"page {path.name} reads differently from a WARC record"
        assert (doc["source"], doc["content_type"]) == (f"crawl.warc.gz:{where[i]}", "html")
        assert doc["url"] == f"https://example.org/news/{path.name[:12]}"
        assert doc["fetched"].isoformat() == FETCHED
        assert json.loads(doc["notes"])["sources.warc_record_id"].startswith("<urn:uuid:")
    rejects = read_table(tmp_path / "out-warc", "rejects")
    assert [(r["doc_id"], r["rule"]) for r in rejects] == [(f"crawl:{cut}", "truncated_record")]
    assert "cut off" in rejects[0]["detail"]
    manifest = _manifest(tmp_path / "out-warc")
    assert manifest["skipped_records"] == {"metadata": 1, "request": len(pages), "response image/png": 1,
                                           "response status 404": 1, "warcinfo": 1}
    assert manifest["counts"]["written"] == len(pages) and manifest["counts"]["rejected"] == 1
    assert f"not documents, skipped: request {len(pages)}," in stdout["warc"]


def test_common_crawl_wet_file_gives_text_documents(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted((BENCH_DEV / "page").glob("*.txt"))[:3]]
    records = [warcinfo()]
    for i, text in enumerate(texts):
        records.append(record("conversion", text.encode("utf-8"), f"https://example.org/p{i}",
                              "text/plain", n=i, extra=(("WARC-Refers-To", f"<urn:uuid:{i:08d}-0000>"),
                                                        ("WARC-Identified-Content-Language", "eng"))))
    name = "CC-MAIN-20240506-00000.warc.wet.gz"
    (tmp_path / name).write_bytes(gz(records))
    unit = discover(str(tmp_path))[0]
    assert unit.kind == "warc"
    items = list(load(unit, stem_id(unit.rel), Limits(), file_sha256(unit, Limits())))
    docs = [it for it in items if isinstance(it, Document)]
    assert [d.text for d in docs] == texts
    assert [d.doc_id for d in docs] == [f"CC-MAIN-20240506-00000.warc:{n}" for n in (2, 3, 4)]
    assert {d.content_type for d in docs} == {"text"}
    assert [d.meta["url"] for d in docs] == [f"https://example.org/p{i}" for i in range(3)]
    assert items[-1] == Skipped({"warcinfo": 1})


def _load(tmp_path: Path, data: bytes, name: str = "crawl.warc.gz", limits: Limits = Limits()) -> list:
    (tmp_path / name).write_bytes(data)
    unit = next(u for u in discover(str(tmp_path)) if u.rel == name)
    return list(load(unit, stem_id(unit.rel), limits, file_sha256(unit, limits)))


def test_http_charset_is_the_first_hint(tmp_path):
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 5
    page = f"<html><body><article><p>{text}</p></article></body></html>".encode("koi8-r")
    with_hint, without = (_load(tmp_path, gz([response("https://example.org/ru", page, ctype)]), f"{k}.warc.gz")[0]
                          for k, ctype in (("a", "text/html; charset=KOI8-R"), ("b", "text/html")))
    assert text in with_hint.text
    assert dict((k, v) for _s, k, v in with_hint.notes)["encoding"] == "koi8-r (http-header)"
    assert text not in without.text  # the bytes alone do not tell koi8-r: the header is what does


def test_records_are_capped_one_by_one_not_the_file(tmp_path):
    small = b"<html><body><p>A short page of plain words.</p></body></html>"
    big = b"<html><body><p>" + b"many words here " * 2000 + b"</p></body></html>"
    data = gz([response("https://example.org/a", small), response("https://example.org/b", big),
               response("https://example.org/c", small.replace(b"short", b"brief"))])
    limits = Limits(max_file_bytes=100, max_decompressed_bytes=100, max_doc_bytes=10_000)
    items = _load(tmp_path, data, limits=limits)
    assert [type(it).__name__ for it in items] == ["Document", "Reject", "Document"]
    assert (items[1].doc_id, items[1].rule) == ("crawl:2", "too_large")
    assert "limits.max_doc_bytes" in items[1].detail


def test_not_a_warc_file_and_a_header_cut_off(tmp_path):
    (r,) = _load(tmp_path, b"just some text, not a web archive\n" * 10, "notes.warc")
    assert isinstance(r, Reject) and r.rule == "not_warc"
    page = b"<html><body><p>A short page of plain words.</p></body></html>"
    whole = response("https://example.org/a", page) + response("https://example.org/b", page)
    items = _load(tmp_path, whole[: len(whole) - len(page) - 150], "cut.warc")
    assert isinstance(items[0], Document)
    assert (items[1].doc_id, items[1].rule) == ("cut:2", "truncated_record")


def test_resuming_at_a_record_skips_the_ones_before_unread(tmp_path):
    pages = [f"<html><body><p>Page number {i} of the crawl, with words.</p></body></html>".encode() for i in range(6)]
    records = []
    for i, page in enumerate(pages):
        records += [request(f"https://example.org/{i}", n=i), response(f"https://example.org/{i}", page, n=i)]
    (tmp_path / "crawl.warc.gz").write_bytes(gz(records))
    unit = discover(str(tmp_path))[0]
    whole = list(load(unit, "crawl", Limits()))
    resumed = list(load(unit, "crawl", Limits(), start=4))
    assert resumed[:4] == [None] * 4
    assert resumed[4:] == whole[4:] and len(whole) == 7  # six pages, then the skipped requests
    assert whole[-1] == Skipped({"request": 6})


def _many_pages(folder: Path, n: int = 130) -> None:
    """A crawl of ``n`` short pages built from a dev page's words (more than one part of 64
    documents, which the local engine hands on before the file ends)."""
    words = [w for w in _page(PAGES[0]).decode("utf-8", "replace").split() if w.isalpha()][:400]
    records = []
    for i in range(n):
        text = " ".join(words[(i * 7) % 300:(i * 7) % 300 + 80])
        page = f"<html><body><article><h1>Item {i}</h1><p>{text} ({i}).</p></article></body></html>"
        records += [request(f"https://example.org/{i}", n=i), response(f"https://example.org/{i}", page.encode(), n=i)]
    folder.mkdir()
    (folder / "crawl.warc.gz").write_bytes(gz(records))


def test_a_dead_worker_resumes_at_its_record(tmp_path):
    """The worker dies on one page: that page is a named reject, every other page is processed
    exactly once (the replaced worker goes on from the record after it)."""
    _many_pages(tmp_path / "in")
    count = tmp_path / "calls.txt"
    env = {"PIPELINE_EXTRACT_HOOK": "exit:crawl:200", "PIPELINE_EXTRACT_COUNT": str(count)}
    run_cli("run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--workers", "1",
            env=env, check=True, faults=True)
    rejects = {r["doc_id"]: r["rule"] for r in read_table(tmp_path / "out", "rejects")}
    ids = [r["doc_id"] for r in read_table(tmp_path / "out", "documents")] + list(rejects)
    assert sorted(ids) == sorted(f"crawl:{2 * i + 2}" for i in range(130)), "a page is missing or doubled"
    assert rejects["crawl:200"] == "extraction_crashed"
    calls = count.read_text(encoding="utf-8").split()
    assert len(calls) == len(set(calls)) == 130, "pages before the crash were processed again"


def test_one_and_two_workers_write_the_same_corpus(tmp_path):
    """A long WARC file handed on in parts, with files after it that the second worker reads
    meanwhile: the same rows, in the same order, as with one worker."""
    _many_pages(tmp_path / "in")
    for path in PAGES[:3]:
        (tmp_path / "in" / f"z-{path.name}").write_bytes(path.read_bytes())
    tables = {}
    # the pages are overlapping windows of one page's words: near duplicates by design, which this
    # test of streaming in parts does not want removed
    config = tmp_path / "no_near.toml"
    config.write_text("[pipeline]\nnear_dedup = false\n")
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        run_cli("run", "--input", str(tmp_path / "in"), "--output", str(out), "--workers", workers,
                "--config", str(config), check=True)
        tables[workers] = [[{k: v for k, v in r.items() if k != "run_id"} for r in read_table(out, t)]
                           for t in ("documents", "edits", "rejects")]
    assert len(tables["1"][0]) > 64 + 3
    assert tables["1"] == tables["2"]


def _encoded(uri: str, body: bytes, coding: str) -> bytes:
    """A response stored as sent: its payload still HTTP-compressed."""
    block = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: {coding}\r\n"
             f"Content-Length: {len(body)}\r\n\r\n").encode("ascii") + body
    return record("response", block, uri, "application/http; msgtype=response")


def test_a_gzip_content_encoded_page_is_inflated_and_brotli_counted(tmp_path):
    page = b"<html><body><article><p>" + b"Plain words of a compressed page. " * 20 + b"</p></article></body></html>"
    items = _load(tmp_path, gz([_encoded("https://example.org/gz", gzip.compress(page), "gzip"),
                                _encoded("https://example.org/br", b"\x0b\x02\x80abc\x03", "br")]))
    assert isinstance(items[0], Document) and items[0].text == page.decode("ascii")
    assert items[1] == Skipped({"response content-encoding br": 1})


def test_explain_walks_a_warc_file_record_by_record(tmp_path):
    page = _page(PAGES[0])
    (tmp_path / "crawl.warc.gz").write_bytes(gz([request("https://example.org/a"),
                                                  response("https://example.org/a", page, _ctype(page))]))
    out = run_cli("explain", str(tmp_path / "crawl.warc.gz"), check=True).stdout
    assert "## crawl:2  " in out and "=> kept" in out
    assert "## records that are not documents, skipped: request 1" in out
