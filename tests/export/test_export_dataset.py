"""`pipeline export` on a real corpus (the 54 dev pages): every document exactly once in data/,
the card's counts equal the corpus's, and `datasets.load_dataset` loads the folder."""
from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest
import yaml

from conftest import BENCH_DEV, read_table, run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export")
    (root / "raw").mkdir()
    for path in sorted((BENCH_DEV / "html").glob("*.html.gz")):
        shutil.copy(path, root / "raw" / path.name)
    run_cli("run", "--input", str(root / "raw"), "--output", str(root / "clean"), check=True)
    return root / "clean"


def _export(corpus: Path, to: Path, *extra: str) -> str:
    return run_cli("export", "--output", str(corpus), "--to", str(to), *extra, check=True).stdout


def _card(folder: Path) -> tuple[dict, str]:
    text = (folder / "README.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _table(body: str, heading: str) -> list[list[str]]:
    section = body.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in row] for row in rows[1:]]  # without the header row


def test_every_document_once_and_the_card_counts_the_corpus(corpus, tmp_path):
    out = tmp_path / "dataset"
    _export(corpus, out, "--validation", "0.2")
    docs = read_table(corpus, "documents")
    exported = ds.dataset(str(out / "data"), format="parquet").to_table(columns=["doc_id", "language"]).to_pylist()
    assert sorted(r["doc_id"] for r in exported) == sorted(d["doc_id"] for d in docs)
    for path in (out / "data").rglob("*.parquet"):
        config, split = path.parent.name, path.name.split("-")[0]
        rows = ds.dataset(str(path)).to_table(columns=["language"]).column("language").to_pylist()
        assert set(rows) == {config} and split in ("train", "validation")
    front, body = _card(out)
    assert front["license"] == "other" and front["size_categories"] == ["n<1K"]
    langs = Counter(d["language"] for d in docs)
    assert sorted(front["language"]) == sorted(lang for lang in langs if lang != "und")
    assert {c["config_name"] for c in front["configs"]} == set(langs)
    card = {row[0]: [int(v.replace(",", "")) for v in row[1:]] for row in _table(body, "Languages")}
    assert card == {lang: [n, sum(d["n_chars"] for d in docs if d["language"] == lang),
                           sum(d["n_words"] for d in docs if d["language"] == lang)] for lang, n in langs.items()}
    rejects = Counter(r["rule"] for r in read_table(corpus, "rejects"))
    assert {row[0]: int(row[1].replace(",", "")) for row in _table(body, "Rejected inputs and documents")} == rejects
    edits = read_table(corpus, "edits")
    rules = {row[0]: [int(v.replace(",", "")) for v in row[1:]] for row in _table(body, "Cleaning rules")}
    for rule in {e["rule"] for e in edits}:
        mine = [e for e in edits if e["rule"] == rule]
        assert rules[rule] == [len(mine), sum(len(e["before"]) for e in mine), sum(len(e["after"]) for e in mine)]
    manifest_hash = re.search(r"config hash \(sha256\): `([0-9a-f]{64})`", body).group(1)
    assert manifest_hash == docs[0]["config_sha256"]


def test_datasets_loads_the_folder(corpus, tmp_path):
    import datasets

    out = tmp_path / "dataset"
    _export(corpus, out, "--validation", "0.2")
    docs = read_table(corpus, "documents")
    en = datasets.load_dataset(str(out), "en", cache_dir=str(tmp_path / "cache"))
    want = sorted(d["doc_id"] for d in docs if d["language"] == "en")
    assert sorted(list(en["train"]["doc_id"]) + list(en["validation"]["doc_id"])) == want
    assert en["validation"].num_rows >= 1
    text = {d["doc_id"]: d["text"] for d in docs}
    assert all(row["text"] == text[row["doc_id"]] for row in en["train"])


def test_validation_split_is_stable_and_jsonl_with_one_config(corpus, tmp_path):
    import datasets

    _export(corpus, tmp_path / "a", "--validation", "0.3")
    _export(corpus, tmp_path / "b", "--validation", "0.3", "--by", "all", "--format", "jsonl", "--license", "cc-by-4.0")
    a = datasets.load_dataset(str(tmp_path / "a"), "en", cache_dir=str(tmp_path / "cache"))
    b = datasets.load_dataset(str(tmp_path / "b"), cache_dir=str(tmp_path / "cache"))
    assert set(a["validation"]["doc_id"]) <= set(b["validation"]["doc_id"])
    assert set(a["train"]["doc_id"]) <= set(b["train"]["doc_id"])
    assert b["train"].num_rows + b["validation"].num_rows == len(read_table(corpus, "documents"))
    front, _ = _card(tmp_path / "b")
    assert front["license"] == "cc-by-4.0" and [c["config_name"] for c in front["configs"]] == ["default"]
    assert list((tmp_path / "b" / "data" / "default").glob("train-00000-of-00001.jsonl"))


def test_a_folder_that_is_not_empty_is_refused(corpus, tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine", encoding="utf-8")
    proc = run_cli("export", "--output", str(corpus), "--to", str(tmp_path / "taken"))
    assert proc.returncode == 78 and "not an empty folder" in proc.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["keep.txt"]
