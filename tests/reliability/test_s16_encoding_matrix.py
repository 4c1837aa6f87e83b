"""Scenario 16: the same French sentence in every encoding comes out exactly right."""
from __future__ import annotations

import codecs

from invariants import check, snapshot
from rel import live_rows, pipe_run

S = "Café déjà vu — naïve façade “quoted” €"
MORE = "Plain words follow the sentence in the same paragraph here"


def _page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><article><p>{text}</p><p>{MORE}</p></article></body></html>"


def _latin1(s: str) -> str:
    return s.encode("latin-1", "replace").decode("latin-1")


CASES = {
    "utf8": (_page(S).encode("utf-8"), S),
    "utf8bom": (codecs.BOM_UTF8 + _page(S).encode("utf-8"), S),
    "utf16le": (codecs.BOM_UTF16_LE + _page(S).encode("utf-16-le"), S),
    "utf16be": (codecs.BOM_UTF16_BE + _page(S).encode("utf-16-be"), S),
    "latin1meta": (_page(S, '<meta charset="iso-8859-1">').encode("latin-1", "replace"), _latin1(S)),
    "cp1252meta": (_page(S, '<meta charset="windows-1252">').encode("cp1252"), S),
    "cp1252bare": (_page(S).encode("cp1252"), S),
    "badbytes": (_page(S).encode("utf-8").replace("vu".encode(), b"v\xff\xfe\x80u"), S.replace("vu", "v\ufffd\ufffd\ufffdu")),
    "mojibake": (_page(S.replace("Café", "CafÃ©")).encode("utf-8"), S),
}


def test_s16_encoding_matrix(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name, (data, _want) in CASES.items():
        (inp / f"{name}.html").write_bytes(data)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[pipeline]\ndedup = false\nnear_dedup = false\n")
    before = snapshot(tmp_path, out)
    res = pipe_run(inp, out, config=cfg)
    assert res.returncode == 0, res.stderr
    rows = {r["doc_id"]: r for r in live_rows(out, "documents")}
    for name, (_data, want) in CASES.items():
        text = rows[name]["text"]
        assert want in text, f"{name}: {text!r}"
        for wrong in ("déją", "naļve", "faēade"):
            assert wrong not in text
    assert '"sources.replacement_chars": "3"' in rows["badbytes"]["notes"]
    edits = [r for r in live_rows(out, "edits") if r["doc_id"] == "mojibake"]
    assert any(r["stage"] == "encoding" and "Ã©" in (r["before"] or "") for r in edits), edits
    check(out, before=before, root=tmp_path, units=len(CASES))
