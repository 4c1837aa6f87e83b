"""`python -m pipeline run` as a subprocess on real files, read back from the real Parquet output."""
from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, BENCH_DEV, SEEDS, read_table, run_cli
from pipeline.edits import replay, undo

EXPECTATIONS = json.loads((SEEDS / "expectations.json").read_text(encoding="utf-8"))["documents"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
LATIN1_TEXT = "Le café était fermé à Noël, disait-on, mais le propriétaire a rouvert en février."
# A few bench pages, so the html path (extract) is in the runs that compare output.
BENCH_PAGES = sorted((BENCH_DEV / "html").glob("*.html.gz"))[:4]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _copy_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("raw", "controls"):
        for f in sorted((SEEDS / sub).iterdir()):
            shutil.copy(f, folder / f.name)
    return folder


def _run(inp: Path, out: Path, *extra: str) -> str:
    proc = run_cli("run", "--input", str(inp), "--output", str(out), *extra, check=True)
    return proc.stdout


def _by_id(rows: list[dict]) -> dict[str, dict]:
    ids = [r["doc_id"] for r in rows]
    assert len(ids) == len(set(ids)), f"duplicate doc_id rows: {ids}"
    return {r["doc_id"]: r for r in rows}


def _edits_of(out: Path) -> dict[str, list[dict]]:
    edits: dict[str, list[dict]] = {}
    for e in read_table(out, "edits"):
        edits.setdefault(e["doc_id"], []).append(e)
    return {k: sorted(v, key=lambda e: e["seq"]) for k, v in edits.items()}


def _files(out: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("seedrun")
    inp, out = _copy_seeds(base / "input"), base / "output"
    stdout = _run(inp, out, "--workers", "1")
    return inp, out, stdout


def test_seeds_and_controls_become_the_expected_documents(seed_run):
    inp, out, stdout = seed_run
    assert "5 written, 0 rejected" in stdout
    # the summary names the rules that fired most: seed 001 has three credits, each before a caption
    # printed twice (expectations.json "photo_credits" and "repeated_captions")
    assert "debris.photo_credit 3" in stdout and "debris.image_caption 3" in stdout
    docs = _by_id(read_table(out, "documents"))
    assert sorted(docs) == sorted(Path(e["source"]).stem for e in EXPECTATIONS)
    assert read_table(out, "rejects") == []
    for exp in EXPECTATIONS:
        doc = docs[Path(exp["source"]).stem]
        assert doc["source"] == exp["source"] and doc["content_type"] == "text"
        assert (doc["title"], doc["author"], doc["language"]) == (exp["title"], exp["author"], exp["language"])
        assert len(doc["text"].split("\n\n")) == len(exp["paragraphs"]), doc["doc_id"]
        for s in exp["must_not_contain"]:
            assert s not in doc["text"], (doc["doc_id"], s)
        if exp["kind"] == "control":
            # the controls' expected paragraphs are exactly the clean text (curly quotes kept)
            assert doc["text"] == "\n\n".join(exp["paragraphs"])
        assert doc["n_words"] > 0 and doc["n_chars"] == len(doc["text"])
        assert doc["text_sha256"] == _sha(doc["text"])
    # clean controls come through untouched apart from the final newline
    for name in ("control_camelcase", "control_german"):
        assert docs[name]["text"] == (inp / f"{name}.txt").read_text(encoding="utf-8").strip()
    manifests = sorted((out / "_runs").glob("*.json"))
    assert len(manifests) == 1
    m = json.loads(manifests[0].read_text(encoding="utf-8"))
    assert m["counts"]["written"] == 5 and m["status"] == "ok" and len(m["config_sha256"]) == 64
    assert sorted(i["input_path"] for i in m["inputs"]) == sorted(e["source"] for e in EXPECTATIONS)


def test_undo_of_every_document_gives_back_its_input(seed_run):
    inp, out, _ = seed_run
    docs, edits = _by_id(read_table(out, "documents")), _edits_of(out)
    assert set(edits) <= set(docs)
    for doc_id, doc in docs.items():
        rows = edits.get(doc_id, [])
        assert [e["seq"] for e in rows] == list(range(len(rows)))
        assert doc["n_edits"] == len(rows)
        for e in rows:
            assert e["end"] - e["start"] == len(e["before"] or "")
        base = (inp / doc["source"]).read_bytes().decode("utf-8")  # no newline translation
        assert undo(doc["text"], rows) == base, doc_id
        assert doc["base_sha256"] == _sha(base)
        assert replay(base, rows) == doc["text"]
    assert len(edits["001_87baeee10ab8ebbf"]) > 20  # the debris seed is heavily edited


def test_second_run_writes_nothing(seed_run):
    inp, out, _ = seed_run
    before = _files(out)
    stdout = _run(inp, out)
    assert stdout.startswith("nothing new")
    assert _files(out) == before


def test_diff_of_a_seed_labels_rules_and_is_plain_when_piped(seed_run):
    _, out, _ = seed_run
    plain = run_cli("diff", "001_87baeee10ab8ebbf", "--output", str(out), check=True).stdout
    for rule in ("debris.photo_credit", "debris.comment_form", "debris.image_caption", "joins.paragraph_glue"):
        assert rule in plain
    assert "Leave a Reply" in plain  # removed text is shown, marked
    assert "\x1b[" not in plain
    coloured = run_cli("diff", "001_87baeee10ab8ebbf", "--output", str(out), "--color", "always", check=True).stdout
    assert "\x1b[" in coloured  # so the check above can fail


def test_diff_of_an_unknown_id_says_so(seed_run):
    _, out, _ = seed_run
    proc = run_cli("diff", "no_such_doc", "--output", str(out))
    assert proc.returncode == 1 and "no document 'no_such_doc'" in proc.stderr


@pytest.mark.parametrize("args, wanted", [
    (["--help"], ["examples:", "pipeline run --input", "pipeline diff", "COMMAND --help"]),
    (["run", "--help"], ["examples:", "pipeline run --input", "--workers", "--config", "Exit codes"]),
    (["diff", "--help"], ["examples:", "pipeline diff"]),
])
def test_help_shows_examples(args, wanted):
    proc = run_cli(*args, check=True)
    for s in wanted:
        assert s in proc.stdout


def test_changed_input_replaces_its_row_and_edits(tmp_path):
    inp, out = _copy_seeds(tmp_path / "input"), tmp_path / "output"
    _run(inp, out)
    first = _by_id(read_table(out, "documents"))
    german = inp / "control_german.txt"
    new_text = german.read_text(encoding="utf-8") + "\nDie   Bauarbeiten enden im Herbst.  \n"
    german.write_text(new_text, encoding="utf-8")
    stdout = _run(inp, out)
    assert "1 changed" in stdout and "4 unchanged" in stdout
    docs = _by_id(read_table(out, "documents"))
    assert sorted(docs) == sorted(first)
    new_run = docs["control_german"]["run_id"]
    assert new_run != first["control_german"]["run_id"]
    assert docs["control_german"]["text"].endswith("gestiegen seien.\n\nDie Bauarbeiten enden im Herbst.")
    for doc_id in first:
        if doc_id != "control_german":
            assert docs[doc_id] == first[doc_id]  # untouched rows carried over as they were
    edits = [e for e in read_table(out, "edits") if e["doc_id"] == "control_german"]
    assert edits and {e["run_id"] for e in edits} == {new_run}
    edits.sort(key=lambda e: e["seq"])
    assert [e["seq"] for e in edits] == list(range(len(edits)))
    assert undo(docs["control_german"]["text"], edits) == new_text


def _mixed_input(folder: Path) -> Path:
    _copy_seeds(folder)
    for page in BENCH_PAGES:
        shutil.copy(page, folder / page.name)
    records = [
        {"id": "rec-1", "text": "Fish &amp; chips are back on the menu at the harbour café this summer.",
         "url": "HTTPS://www.Example.com/news?id=3&utm_source=feed", "published": "2024-03-05T10:00:00+02:00",
         "author": "Jane Doe and John Smith", "title": "Menu news"},
        "not json at all",
        {"id": "rec-3", "text": "A broken \ud800 character sits inside this otherwise perfectly ordinary sentence."},
        {"id": "rec-4", "title": "no text field"},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    (folder / "batch.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return folder


def test_workers_1_and_2_give_identical_output(tmp_path):
    inp = _mixed_input(tmp_path / "input")
    tables = {}
    for n in ("1", "2"):
        out = tmp_path / f"out{n}"
        _run(inp, out, "--workers", n)
        tables[n] = {t: sorted((json.dumps({k: v for k, v in r.items() if k != "run_id"}, sort_keys=True, default=str)
                                for r in read_table(out, t)))
                     for t in ("documents", "edits", "meta_edits", "rejects")}
    assert len(tables["1"]["documents"]) == 5 + len(BENCH_PAGES) + 2
    for t in tables["1"]:
        assert tables["1"][t] == tables["2"][t], t


def test_html_and_jsonl_inputs(tmp_path):
    inp, out = _mixed_input(tmp_path / "input"), tmp_path / "output"
    _run(inp, out)
    docs, edits = _by_id(read_table(out, "documents")), _edits_of(out)
    for page in BENCH_PAGES:
        doc = docs[page.name[: -len(".html.gz")]]
        assert doc["content_type"] == "html" and doc["source"] == page.name
        # for HTML the base is the extractor's output: undo must land on exactly that text
        assert _sha(undo(doc["text"], edits.get(doc["doc_id"], []))) == doc["base_sha256"]
        assert doc["url"] and doc["url"].startswith("http") and doc["domain"]
    rec = docs["rec-1"]
    assert rec["source"] == "batch.jsonl.gz:1"
    assert rec["text"] == "Fish & chips are back on the menu at the harbour café this summer."
    assert (rec["url"], rec["domain"]) == ("https://www.example.com/news?id=3", "example.com")
    assert rec["published"].isoformat() == "2024-03-05T08:00:00+00:00"
    assert (rec["author"], rec["title"]) == ("Jane Doe; John Smith", "Menu news")
    assert docs["rec-3"]["text"] == "A broken \ufffd character sits inside this otherwise perfectly ordinary sentence."
    # repaired when read (a lone surrogate cannot be stored as UTF-8), and noted in the audit
    assert "rec-3" not in edits
    assert json.loads(docs["rec-3"]["notes"])["sources.invalid_unicode"].startswith("1 ")
    rejects = {r["source"]: r for r in read_table(out, "rejects")}
    assert set(rejects) == {"batch.jsonl.gz:2", "batch.jsonl.gz:4"}
    assert rejects["batch.jsonl.gz:2"]["rule"] == "malformed_json"
    assert rejects["batch.jsonl.gz:2"]["detail"].startswith("line 2:")
    assert rejects["batch.jsonl.gz:4"]["rule"] == "missing_field"


def test_png_empty_and_latin1_files(tmp_path):
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "picture.html").write_bytes(PNG)
    (inp / "empty.txt").write_bytes(b"")
    (inp / "latin.txt").write_bytes((LATIN1_TEXT + "\n").encode("latin-1"))
    proc = run_cli("run", "--input", str(inp), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 written, 2 rejected" in proc.stdout
    assert "binary_content 1" in proc.stdout and "empty_file 1" in proc.stdout
    rejects = _by_id(read_table(out, "rejects"))
    assert {k: (r["stage"], r["rule"]) for k, r in rejects.items()} == {
        "picture": ("sources", "binary_content"), "empty": ("sources", "empty_file")}
    assert "binary" in rejects["picture"]["reason"] and "PNG" in rejects["picture"]["detail"]
    assert "empty" in rejects["empty"]["reason"]
    (doc,) = read_table(out, "documents")
    assert (doc["doc_id"], doc["text"], doc["language"]) == ("latin", LATIN1_TEXT, "fr")
    shown = run_cli("diff", "picture", "--output", str(out), check=True).stdout
    assert "rejected by sources (binary_content)" in shown


def test_exact_dedup_rejects_the_copy_naming_the_kept_id(tmp_path):
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    body = "The council voted on Monday to close the main square to traffic for the summer."
    (inp / "a.txt").write_text(body + "\n", encoding="utf-8")
    (inp / "b.txt").write_text(body + "\n", encoding="utf-8")
    # different bytes, same clean text: dedup is on the clean text
    (inp / "c.txt").write_text("  " + body.replace(" ", "  ") + "\r\n\r\n", encoding="utf-8")
    stdout = _run(inp, out)
    assert "1 written, 0 rejected, 2 duplicates" in stdout
    assert list(_by_id(read_table(out, "documents"))) == ["a"]
    rejects = _by_id(read_table(out, "rejects"))
    assert set(rejects) == {"b", "c"}
    for r in rejects.values():
        assert (r["stage"], r["rule"], r["detail"]) == ("dedup", "dedup.exact", "duplicate of a")
    # a later run's copy is a duplicate of the document already in the corpus
    (inp / "d.txt").write_text(body, encoding="utf-8")
    _run(inp, out)
    assert _by_id(read_table(out, "rejects"))["d"]["detail"] == "duplicate of a"
    assert list(_by_id(read_table(out, "documents"))) == ["a"]


def test_lock_held_exits_75_and_writes_nothing(tmp_path):
    inp, out = _copy_seeds(tmp_path / "input"), tmp_path / "output"
    out.mkdir()
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        proc = run_cli("run", "--input", str(inp), "--output", str(out))
    finally:
        os.close(fd)
    assert proc.returncode == 75
    assert "another run" in proc.stderr and "4242" in proc.stderr
    assert not list((out / "_runs").glob("*.json")) and read_table(out, "documents") == []
    # once the lock is free the same command succeeds
    assert "5 written" in _run(inp, out)


def test_touched_but_unchanged_input_is_skipped(tmp_path):
    inp, out = _copy_seeds(tmp_path / "input"), tmp_path / "output"
    _run(inp, out)
    before = _files(out)
    os.utime(inp / "control_german.txt", ns=(1_000_000_000, 1_000_000_000))  # new mtime, same bytes
    assert _run(inp, out).startswith("nothing new")
    assert _files(out) == before


def test_bad_config_exits_78_naming_file_and_valid_keys(tmp_path):
    inp, out = _copy_seeds(tmp_path / "input"), tmp_path / "output"
    bad = tmp_path / "bad.toml"
    bad.write_text("[stages.filters]\nmin_wordz = 3\n", encoding="utf-8")
    proc = run_cli("run", "--input", str(inp), "--output", str(out), "--config", str(bad))
    assert proc.returncode == 78
    assert str(bad) in proc.stderr and "min_wordz" in proc.stderr and "min_words" in proc.stderr
    assert read_table(out, "documents") == []


def test_doc_ids_stay_unique_across_inputs(tmp_path):
    # JSONL ids are the records' own: two files (or a file's path stem) can name the same id
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "a.jsonl").write_text(json.dumps({"id": "x", "text": "Alpha record has enough words to pass."}) + "\n")
    (inp / "x.txt").write_text("A text file whose path stem is the same id as the record.\n")
    stdout = _run(inp, out)
    assert "1 written, 1 rejected" in stdout
    (inp / "b.jsonl").write_text(json.dumps({"id": "x", "text": "Beta record arrives in a later run."}) + "\n")
    _run(inp, out)
    docs = read_table(out, "documents")
    assert [(d["doc_id"], d["source"]) for d in docs] == [("x", "a.jsonl:1")]
    rejects = {r["source"]: r for r in read_table(out, "rejects")}
    assert set(rejects) == {"x.txt", "b.jsonl:1"}
    for r in rejects.values():
        assert (r["doc_id"], r["rule"], r["detail"]) == ("x", "dedup.doc_id", "doc_id 'x' is taken by a.jsonl")
    # the owner itself may change and keep its id
    (inp / "a.jsonl").write_text(json.dumps({"id": "x", "text": "Alpha record, changed, still has words."}) + "\n")
    _run(inp, out)
    (doc,) = read_table(out, "documents")
    assert (doc["doc_id"], doc["text"]) == ("x", "Alpha record, changed, still has words.")
    assert {e["doc_id"] for e in read_table(out, "edits")} <= {"x"}


def test_input_that_becomes_unreadable_replaces_its_document_with_a_reject(tmp_path):
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "a.txt").write_text("The council voted on Monday to close the square.\n", encoding="utf-8")
    _run(inp, out)
    (inp / "a.txt").write_bytes(b"")
    assert "0 written, 1 rejected" in _run(inp, out)
    assert read_table(out, "documents") == [] and read_table(out, "edits") == []
    assert [(r["doc_id"], r["rule"]) for r in read_table(out, "rejects")] == [("a", "empty_file")]
    (inp / "a.txt").write_text("The council voted again on Tuesday to reopen it.\n", encoding="utf-8")
    _run(inp, out)
    assert [(d["doc_id"], d["text"]) for d in read_table(out, "documents")] == [
        ("a", "The council voted again on Tuesday to reopen it.")]
    assert read_table(out, "rejects") == []


def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty
    import subprocess
    import sys

    inp = _copy_seeds(tmp_path / "input")
    import struct
    import termios

    master, slave = pty.openpty()
    # a terminal 80 columns wide (a fresh pty is 0 wide, and tqdm draws nothing in 0 columns)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(inp), "--output",
                               str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=slave, timeout=300,
                              cwd=ROOT)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert b"\rcleaning: " in seen  # tqdm draws its bar on the terminal (updates depend on timing)
    assert b"cleaning" not in proc.stdout
    piped = run_cli("run", "--input", str(inp), "--output", str(tmp_path / "out2"), check=True)
    assert "cleaning" not in piped.stderr  # no bar when stderr is not a terminal


def test_crlf_inputs_give_the_same_documents(seed_run, tmp_path):
    _, lf_out, _ = seed_run
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    for f in _copy_seeds(tmp_path / "lf").iterdir():
        (inp / f.name).write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    _run(inp, out)
    fields = ("doc_id", "text", "title", "author", "language")
    lf = sorted(tuple(d[k] for k in fields) for d in read_table(lf_out, "documents"))
    crlf = sorted(tuple(d[k] for k in fields) for d in read_table(out, "documents"))
    assert crlf == lf
    edits = _edits_of(out)
    for doc in read_table(out, "documents"):
        assert undo(doc["text"], edits.get(doc["doc_id"], [])) == (inp / doc["source"]).read_bytes().decode("utf-8")
