"""Files to Documents or named Rejects: sniffing, caps, gzip, JSONL records."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.document import Document, Reject
from pipeline.sources import Limits, discover, file_sha256, load, stem_id

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
HTML = "<html><head><title>T</title></head><body><p>Le café était fermé.</p></body></html>"


def _load_all(folder: Path, limits: Limits = Limits()) -> dict[str, list]:
    out = {}
    for unit in discover(str(folder)):
        out[unit.rel] = load(unit, stem_id(unit.rel), limits, file_sha256(unit, limits))
    return out


def _one(folder: Path, name: str, data: bytes, limits: Limits = Limits()):
    (folder / name).write_bytes(data)
    items = _load_all(folder, limits)[name]
    assert len(items) == 1
    return items[0]


def _reject(item, rule: str) -> Reject:
    assert isinstance(item, Reject), item
    assert (item.stage, item.rule) == ("sources", rule)
    assert item.reason.endswith(".") and item.reason[0].isupper()  # a sentence, not a code
    return item


def test_png_renamed_html_is_binary_content(tmp_path):
    r = _reject(_one(tmp_path, "photo.html", PNG), "binary_content")
    assert "PNG" in r.detail


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 100, bytes(range(256)) * 4, b"%PDF-1.7\n..."])
def test_binary_content_whatever_the_suffix(tmp_path, data):
    _reject(_one(tmp_path, "doc.txt", data), "binary_content")


def test_empty_file(tmp_path):
    _reject(_one(tmp_path, "empty.txt", b""), "empty_file")


def test_latin1_text_file(tmp_path):
    text = "Le café était fermé à Noël; ça coûte 5 £."
    doc = _one(tmp_path, "latin.txt", text.encode("latin-1"))
    assert isinstance(doc, Document)
    assert doc.text == text and doc.content_type == "text" and doc.doc_id == "latin"


def test_unknown_suffix_is_unsupported_type(tmp_path):
    r = _reject(_one(tmp_path, "table.csv", b"a,b\n1,2\n"), "unsupported_type")
    assert ".txt" in r.detail and ".jsonl" in r.detail


def test_html_and_text_content_types_and_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.htm").write_text(HTML, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Hello there, world.", encoding="utf-8")
    got = _load_all(tmp_path)
    assert list(got) == ["note.txt", "sub/page.htm"]
    page = got["sub/page.htm"][0]
    assert (page.doc_id, page.source, page.content_type, page.text) == ("sub/page", "sub/page.htm", "html", HTML)
    assert got["note.txt"][0].content_type == "text"


def test_gzipped_inputs(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML.encode("cp1252")))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress("naïve text".encode("utf-8")))
    got = _load_all(tmp_path)
    page, note = got["page.html.gz"][0], got["note.txt.gz"][0]
    assert (page.doc_id, page.content_type, page.text) == ("page", "html", HTML)
    assert (note.doc_id, note.content_type, note.text) == ("note", "text", "naïve text")


def test_gz_name_with_plain_content_is_read_as_is(tmp_path):
    doc = _one(tmp_path, "plain.txt.gz", b"not compressed at all")
    assert doc.text == "not compressed at all"


def test_gzip_of_nothing_is_empty(tmp_path):
    _reject(_one(tmp_path, "e.txt.gz", gzip.compress(b"")), "empty_file")


def test_truncated_gzip(tmp_path):
    _reject(_one(tmp_path, "t.txt.gz", gzip.compress(b"some text " * 1000)[:40]), "truncated_archive")


def test_gzip_inflating_past_the_cap(tmp_path):
    r = _reject(_one(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 100_000),
                     Limits(max_decompressed_bytes=10_000)), "decompression_limit")
    assert "10000" in r.detail


def test_file_over_the_size_cap(tmp_path):
    _reject(_one(tmp_path, "big.txt", b"word " * 1000, Limits(max_file_bytes=1000)), "too_large")


# ---- JSONL ----

def _jsonl(tmp_path: Path, name: str, lines: list) -> list:
    raw = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    (tmp_path / name).write_bytes(gzip.compress(raw.encode()) if name.endswith(".gz") else raw.encode())
    return _load_all(tmp_path)[name]


def test_jsonl_records_with_metadata(tmp_path):
    items = _jsonl(tmp_path, "batch.jsonl", [
        {"id": "a-1", "text": "First record text.", "url": "https://example.com/a", "title": "A",
         "author": "Jane Doe", "published": "2024-03-05T10:00:00Z", "ignored": "x"},
        {"text": "Second record, no id."},
        {"id": 42, "html": "<p>Third</p>"},
    ])
    a, b, c = items
    assert (a.doc_id, a.source, a.content_type, a.text) == ("a-1", "batch.jsonl:1", "text", "First record text.")
    assert dict(a.meta) == {"url": "https://example.com/a", "title": "A", "author": "Jane Doe",
                            "published": "2024-03-05T10:00:00Z"}
    assert all(m.rule == "sources.record_metadata" for m in a.meta_edits)
    assert (b.doc_id, b.source, dict(b.meta)) == ("batch:2", "batch.jsonl:2", {})
    assert (c.doc_id, c.content_type, c.text) == ("42", "html", "<p>Third</p>")
    assert len({a.source_sha256, b.source_sha256, c.source_sha256}) == 3  # a hash per record


def test_jsonl_malformed_line_names_its_line(tmp_path):
    items = _jsonl(tmp_path, "batch.jsonl", [{"text": "good one"}, '{"text": "broken', {"text": "good two"}])
    assert isinstance(items[0], Document) and isinstance(items[2], Document)
    r = _reject(items[1], "malformed_json")
    assert r.detail.startswith("line 2:") and r.source == "batch.jsonl:2" and r.doc_id == "batch:2"
    assert items[2].source == "batch.jsonl:3"


@pytest.mark.parametrize("record", ['["a list"]', '"a string"', '{"id": [1], "text": "x"}'])
def test_jsonl_not_an_object_or_bad_id(tmp_path, record):
    _reject(_jsonl(tmp_path, "b.jsonl", [record])[0], "malformed_json")


@pytest.mark.parametrize("record", [{"title": "no body"}, {"text": None}, {"text": 5}, {"html": ["x"]}])
def test_jsonl_missing_text(tmp_path, record):
    r = _reject(_jsonl(tmp_path, "b.jsonl", [record])[0], "missing_field")
    assert r.detail.startswith("line 1:")


def test_jsonl_blank_lines_keep_line_numbers(tmp_path):
    items = _jsonl(tmp_path, "b.jsonl", ["", {"text": "one"}, "   ", {"text": "two"}])
    assert [d.source for d in items] == ["b.jsonl:2", "b.jsonl:4"]


def test_jsonl_duplicate_id(tmp_path):
    items = _jsonl(tmp_path, "b.jsonl", [{"id": "x", "text": "one"}, {"id": "x", "text": "two"}])
    assert items[0].doc_id == "x"
    _reject(items[1], "duplicate_id")


def test_jsonl_gz_and_empty(tmp_path):
    items = _jsonl(tmp_path, "b.jsonl.gz", [{"id": "z", "text": "zipped"}])
    assert (items[0].doc_id, items[0].text) == ("z", "zipped")
    _reject(_jsonl(tmp_path, "e.jsonl", ["", ""])[0], "empty_file")


def test_jsonl_lone_surrogate_becomes_replacement_character(tmp_path):
    # a lone surrogate cannot be written as UTF-8 (Parquet): it is repaired when read, and noted
    items = _jsonl(tmp_path, "s.jsonl", ['{"id": "x\\udfff", "title": "t\\ud800", "text": "bad \\ud800 char \\ud83d\\ude00"}'])
    doc = items[0]
    assert doc.text == "bad \ufffd char \U0001F600"  # a proper surrogate pair is one character
    assert (doc.doc_id, doc.meta["title"]) == ("x\ufffd", "t\ufffd")
    assert ("sources", "invalid_unicode", "1 lone surrogates became U+FFFD") in doc.notes
