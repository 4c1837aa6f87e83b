"""Bytes to str, by the pipeline rather than by trafilatura: BOM, declared charset, UTF-8, cp1252.

trafilatura guesses encodings itself when handed bytes and gets short cp1252 pages wrong
("déją", "naļve"), so every input is decoded here and extractors only ever see ``str``.
"""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, and the
# XML declaration; browsers look in the first 1024 bytes, we allow a little more for long heads.
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})|"""
    rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096

# The WHATWG Encoding Standard maps these labels to windows-1252: pages that say latin-1 are
# in practice cp1252 (curly quotes and the euro sign live in 0x80-0x9F).
_WHATWG_1252 = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "us-ascii",
                "ascii", "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252"}


class Decoded(NamedTuple):
    text: str
    encoding: str          # the codec used
    how: str               # bom | http-header | declared | utf-8 | utf-8-replace | cp1252-fallback
    replacement_chars: int  # bytes that could not be decoded and became U+FFFD


def declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:_SNIFF_BYTES])
    if not m:
        return None
    return charset_codec((m.group(1) or m.group(2)).decode("ascii"))


def charset_codec(label: str) -> str | None:
    """The codec for a charset label (a page's or an HTTP header's), or None for an unknown one."""
    label = label.strip().strip("\"'").lower()
    if label in _WHATWG_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is ignored, as browsers do


def decode_cp1252(data: bytes) -> str:
    # Python's cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; WHATWG maps them to the C1
    # controls of the same value, so no byte is ever undecodable here.
    text = data.decode("cp1252", errors="surrogateescape")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = "".join(chr(ord(ch) - 0xDC00) if "\udc80" <= ch <= "\udcff" else ch for ch in text)
    return text


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a corrupted UTF-8 file) rather than a legacy encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    # Legacy single-byte text almost never forms valid multibyte UTF-8 sequences by chance, so a
    # file with more valid sequences than invalid bytes is UTF-8 that was damaged.
    if multibyte and bad <= multibyte:
        return text, bad
    return None


def decode(data: bytes, *, is_html: bool, hint: str | None = None) -> Decoded:
    """``hint`` is a charset label from outside the bytes (an HTTP Content-Type header): as in
    browsers, it comes after a BOM and before the page's own declaration; bytes it cannot decode
    fall through to the next clue."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(enc, errors="replace")
            return Decoded(text, enc, "bom", text.count("\ufffd") - _count_fffd_source(body, enc))
    for enc, how in ((charset_codec(hint) if hint else None, "http-header"),
                     (declared_charset(data) if is_html else None, "declared")):
        if enc and (enc != "utf-8" or how == "http-header") and enc != "cp1252":
            try:
                return Decoded(data.decode(enc), enc, how, 0)
            except (UnicodeDecodeError, LookupError):
                pass
        elif enc == "cp1252":
            return Decoded(decode_cp1252(data), "cp1252", how, 0)
        elif enc == "utf-8":
            break  # the UTF-8 path below, with its repair of damaged UTF-8
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8", 0)
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly[0], "utf-8", "utf-8-replace", mostly[1])
    return Decoded(decode_cp1252(data), "cp1252", "cp1252-fallback", 0)


def _count_fffd_source(body: bytes, enc: str) -> int:
    """U+FFFD characters that were already in the input (not decoding failures)."""
    return body.decode(enc, errors="ignore").count("\ufffd")
