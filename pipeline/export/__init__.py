"""Export a corpus as a training set: the Hugging Face datasets folder layout and a dataset card.

The corpus is read one batch at a time under its run lock (a run cannot replace shards while they
are read), written to a temporary sibling folder and renamed into place: a reader never sees half
an export.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..sink import Store
from ..sink import manifest as manifests
from ..sink.schema import TABLES
from ..sources import kind_of
from .card import Stats, body, front_matter
from .layout import COLUMNS, Writer, config_of, split_of

__all__ = ["export", "ExportError"]


class ExportError(ValueError):
    """The export cannot be made (no corpus, or a destination that is not empty)."""


def export(corpus: str, to: str, *, by: str = "language", fmt: str = "parquet", validation: float = 0.0,
           license_id: str = "other", name: str | None = None) -> Stats:
    if by not in ("language", "all"):
        raise ExportError(f"--by {by!r}: choose 'language' (one config per language) or 'all' (one config)")
    if fmt not in ("parquet", "jsonl"):
        raise ExportError(f"--format {fmt!r}: choose 'parquet' or 'jsonl'")
    if not 0 <= validation < 1:
        raise ExportError(f"--validation {validation}: give the validation share as a fraction in [0, 1)")
    if os.path.exists(to) and (not os.path.isdir(to) or os.listdir(to)):
        raise ExportError(f"{to} exists and is not an empty folder; choose a new --to folder or remove it")
    store = Store(corpus)
    manifest = store.latest()
    if not manifest:
        raise ExportError(f"{corpus} holds no committed corpus; run 'pipeline run --output {corpus}' first")
    tmp = os.path.join(os.path.dirname(os.path.abspath(to)), f".tmp-export-{os.getpid()}-{os.path.basename(to)}")
    shutil.rmtree(tmp, ignore_errors=True)
    stats = Stats()
    with store.lock():
        try:
            writer = Writer(tmp, fmt)
            _documents(store, writer, stats, by, validation)
            files = writer.close()
            _edits(store, stats)
            _rejects_and_runs(store, stats)
            title = name or os.path.basename(os.path.abspath(corpus))
            with open(os.path.join(tmp, "README.md"), "w", encoding="utf-8") as fh:
                fh.write(front_matter(stats, files, license_id) + "\n" + body(stats, manifest, title, corpus))
            if os.path.isdir(to):
                os.rmdir(to)  # empty, checked above
            os.rename(tmp, to)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return stats


def _batches(store: Store, table: str, columns: list[str]):
    """The live rows of ``table`` as Arrow tables of ``columns``, file by file in commit order;
    a column older shards lack is null."""
    schema = pa.schema([TABLES[table].field(c) for c in columns])
    for name in store.live(table):
        pf = pq.ParquetFile(os.path.join(store.table_dir(table), name))
        have = set(pf.schema_arrow.names)
        for batch in pf.iter_batches(batch_size=2048, columns=[c for c in columns if c in have]):
            t = pa.Table.from_batches([batch])
            yield pa.Table.from_arrays([t.column(c).cast(f.type) if c in have else pa.nulls(t.num_rows, f.type)
                                        for c, f in zip(columns, schema)], schema=schema)


def _documents(store: Store, writer: Writer, stats: Stats, by: str, validation: float) -> None:
    for t in _batches(store, "documents", [*COLUMNS, "content_type", "input_path"]):
        ids, langs = t.column("doc_id").to_pylist(), t.column("language").to_pylist()
        groups: dict[tuple[str, str], list[int]] = {}
        for i, (doc_id, lang) in enumerate(zip(ids, langs)):
            groups.setdefault((config_of(lang, by), split_of(doc_id, validation)), []).append(i)
        for (config, split), rows in sorted(groups.items()):
            writer.add(config, split, t.take(rows).select(list(COLUMNS)))
            stats.rows[(config, split)] += len(rows)
        for lang, chars, words in zip(langs, t.column("n_chars").to_pylist(), t.column("n_words").to_pylist()):
            c = stats.languages.setdefault(lang or "und", Counter())
            c.update(docs=1, chars=chars or 0, words=words or 0)
        stats.content_types.update(t.column("content_type").to_pylist())
        stats.domains.update(d for d in t.column("domain").to_pylist() if d)


def _edits(store: Store, stats: Stats) -> None:
    for t in _batches(store, "edits", ["rule", "before", "after"]):
        removed = pc.fill_null(pc.utf8_length(t.column("before")), 0).to_pylist()
        added = pc.fill_null(pc.utf8_length(t.column("after")), 0).to_pylist()
        for rule, r, a in zip(t.column("rule").to_pylist(), removed, added):
            stats.rules.setdefault(rule, Counter()).update(edits=1, removed=r, added=a)


def _rejects_and_runs(store: Store, stats: Stats) -> None:
    inputs: set[str] = set()
    for table in ("documents", "rejects"):
        for t in _batches(store, table, ["input_path"] + (["rule"] if table == "rejects" else [])):
            inputs.update(t.column("input_path").to_pylist())
            if table == "rejects":
                stats.rejects.update(t.column("rule").to_pylist())
    stats.input_kinds.update(kind_of(path) for path in inputs)
    runs: dict[str, str] = {}
    for name in manifests.names(store.root):
        m = manifests.read(store.root, name)
        runs.setdefault(manifests.run_of(name), m.get("input_root", "?"))
        stats.skipped_records.update(m.get("skipped_records", {}))
    stats.input_roots.update(runs.values())
