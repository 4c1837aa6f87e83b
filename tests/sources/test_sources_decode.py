"""Bytes to text: BOM, then the HTML's declared charset, then UTF-8, then windows-1252."""
from __future__ import annotations

import codecs

import pytest

from pipeline.sources.decode import decode

CAFE = "Le café «Łódź» — “déjà vu” €5"


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
@pytest.mark.parametrize("is_html", [False, True])
def test_bom_decides_and_is_not_kept(bom, codec, is_html):
    # a declared charset that contradicts the BOM loses: the BOM is what the bytes are
    text = '<meta charset="iso-8859-2">' + CAFE if is_html else CAFE
    d = decode(bom + text.encode(codec), is_html=is_html)
    assert d.text == text
    assert (d.encoding, d.how, d.replacement_chars) == (codec, "bom", 0)


def test_bom_with_a_bad_byte_counts_one_replacement():
    d = decode(codecs.BOM_UTF8 + b"ab\xffc \xef\xbf\xbd", is_html=False)
    # the second U+FFFD was in the file (valid UTF-8 EF BF BD): not a decoding failure
    assert d.text == "ab\ufffdc \ufffd"
    assert d.replacement_chars == 1


def test_declared_charset_in_html():
    page = '<html><head><meta charset="iso-8859-2"></head><body>'.encode() + "Łódź żółw".encode("iso-8859-2")
    d = decode(page, is_html=True)
    assert d.text.endswith("Łódź żółw")
    assert (d.encoding, d.how) == ("iso8859-2", "declared")


def test_declared_http_equiv_latin1_is_read_as_windows_1252():
    # WHATWG: a page labelled ISO-8859-1 is decoded as windows-1252 (curly quotes live in 0x80-0x9F)
    page = (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            b"<p>\x93quoted\x94 caf\xe9 \x80</p>")
    d = decode(page, is_html=True)
    assert d.text.endswith("<p>“quoted” café €</p>")
    assert (d.encoding, d.how) == ("cp1252", "declared")


def test_xml_declaration():
    page = '<?xml version="1.0" encoding="koi8-r"?><p>'.encode() + "Москва".encode("koi8-r")
    assert decode(page, is_html=True).text.endswith("Москва")


def test_declared_charset_is_ignored_for_text_files():
    body = "<meta charset=iso-8859-2> is how pages say it; café".encode("utf-8")
    d = decode(body, is_html=False)
    assert d.text == "<meta charset=iso-8859-2> is how pages say it; café"
    assert d.how == "utf-8"


def test_unknown_declared_label_is_ignored():
    d = decode('<meta charset="no-such-charset">café'.encode("utf-8"), is_html=True)
    assert d.text.endswith("café") and d.how == "utf-8"


def test_declared_utf8_that_is_not_falls_back_to_windows_1252():
    d = decode(b'<meta charset="utf-8"><p>caf\xe9 \x93x\x94</p>', is_html=True)
    assert d.text.endswith("<p>café “x”</p>")
    assert d.how == "cp1252-fallback"


def test_plain_utf8():
    d = decode(CAFE.encode("utf-8"), is_html=False)
    assert (d.text, d.encoding, d.how, d.replacement_chars) == (CAFE, "utf-8", "utf-8", 0)


def test_windows_1252_fallback():
    d = decode(b"Le caf\xe9 \x93d\xe9j\xe0 vu\x94 \x805 na\xefve", is_html=False)
    assert d.text == "Le café “déjà vu” €5 naïve"
    assert (d.encoding, d.how, d.replacement_chars) == ("cp1252", "cp1252-fallback", 0)


def test_latin1_bytes_decode_as_latin1_text():
    text = "Über den Fluß, à la française: ça coûte 5 ¥ ou 3 £."
    assert decode(text.encode("latin-1"), is_html=False).text == text


def test_bytes_undefined_in_cp1252_map_to_c1_controls():
    # Python's cp1252 has no 0x81 0x8D 0x8F 0x90 0x9D; WHATWG maps them to U+0081 etc.
    d = decode(b"a\x81b\x8dc\x8fd\x90e\x9df\xe9", is_html=False)
    assert d.text == "a\x81b\x8dc\x8fd\x90e\x9dfé"


@pytest.mark.parametrize("bad, count", [(b"\xff", 1), (b"\xff\xfe\xff", 3), (b"\xe9", 1)])
def test_mostly_utf8_with_bad_bytes_keeps_utf8_and_counts_replacements(bad, count):
    good = "Москва, café, naïve, façade, Zürich".encode("utf-8")
    d = decode(good[:20] + bad + good[20:], is_html=False)
    assert d.how == "utf-8-replace" and d.encoding == "utf-8"
    assert d.replacement_chars == count
    assert d.text.count("\ufffd") == count
    assert d.text.replace("\ufffd", "") == "Москва, café, naïve, façade, Zürich"


def test_more_bad_bytes_than_utf8_sequences_is_windows_1252():
    d = decode("é".encode("utf-8") + b" \xe9\xe8\xe0 \xe7", is_html=False)
    assert d.how == "cp1252-fallback"
    assert d.text == "Ã© éèà ç"
