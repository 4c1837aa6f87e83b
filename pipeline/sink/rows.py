"""Documents and rejects to table rows (the same dicts feed Parquet and Ray).

Engines turn each processed Document into a ``Prepared`` (its rows, column by column) where it was
processed, so the driver only filters (doc_id ownership, exact dedup) and appends: building the
rows cost the driver about 1 ms of its CPU per page-text document (170 edit rows on average),
which it took from the workers it shares the cores with.
"""
from __future__ import annotations

import json
from datetime import datetime

from ..document import Document, Reject
from ..edits import sha256_text
from ..textstats import count_words
from ..corpus.near import signature
from .schema import TABLES, to_json


def _ts(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def document_row(doc: Document, inp: dict, run: dict, minhash: bool = True) -> dict:
    """``minhash``: compute the clean text's MinHash signature (near dedup is on); else the column
    is null (1 ms of a worker's CPU per page-text document, wasted when nothing reads it)."""
    m = doc.meta
    notes = {f"{stage}.{key}": value for stage, key, value in doc.notes}
    return {
        "doc_id": doc.doc_id, "source": doc.source, "source_sha256": doc.source_sha256,
        "content_type": doc.content_type, "text": doc.text,
        "title": m.get("title") or None, "author": m.get("author") or None,
        "published": _ts(m.get("published")), "published_precision": m.get("published_precision") or None,
        "fetched": _ts(m.get("fetched")),
        "url": m.get("url") or None, "domain": m.get("domain") or None,
        "sitename": m.get("sitename") or None, "description": m.get("description") or None,
        "language": m.get("language"), "language_score": m.get("language_score"),
        "language_source": m.get("language_source"), "language_declared": m.get("language_declared") or None,
        "n_chars": len(doc.text), "n_words": count_words(doc.text), "n_edits": len(doc.edits),
        "text_sha256": sha256_text(doc.text), "base_sha256": doc.base_sha256,
        "notes": json.dumps(notes, ensure_ascii=False, sort_keys=True) if notes else None,
        "minhash": signature(doc.text) if minhash else None,
        **inp, **run,
    }


def edit_rows(doc: Document, inp: dict, run: dict) -> list[dict]:
    """``edit_columns`` as one dict per row."""
    cols = edit_columns(doc, inp, run)
    return [dict(zip(cols, values)) for values in zip(*cols.values())]


def meta_edit_rows(doc: Document, inp: dict, run: dict) -> list[dict]:
    return [{"doc_id": doc.doc_id, "seq": e.seq, "stage": e.stage, "rule": e.rule, "field": e.field,
             "before": to_json(e.before), "after": to_json(e.after), "input_path": inp["input_path"],
             "run_id": run["run_id"]} for e in doc.meta_edits]


def reject_row(rej: Reject, inp: dict, run: dict) -> dict:
    return {"doc_id": rej.doc_id, "source": rej.source, "stage": rej.stage, "rule": rej.rule,
            "reason": rej.reason, "detail": rej.detail, "text": rej.text, "source_sha256": rej.source_sha256,
            "content_type": rej.content_type, "minhash": rej.minhash, **inp, **run}


def input_fields(unit, sha: str) -> dict:
    """The input columns every row of ``unit`` carries."""
    return {"input_path": unit.rel, "input_sha256": sha, "input_size": unit.size,
            "input_mtime_ns": unit.mtime_ns, "input_path_raw": unit.raw or None}


def edit_columns(doc: Document, inp: dict, run: dict) -> dict[str, list]:
    """The edits table's columns for ``doc``'s edits, one list per column."""
    e, n = doc.edits, len(doc.edits)
    return {"doc_id": [doc.doc_id] * n, "seq": [x.seq for x in e], "stage": [x.stage for x in e],
            "rule": [x.rule for x in e], "start": [x.start for x in e], "end": [x.end for x in e],
            "before": [x.before for x in e], "after": [x.after for x in e],
            "input_path": [inp["input_path"]] * n, "run_id": [run["run_id"]] * n}


class Prepared:
    """A processed document's rows (documents, edits, meta_edits) as one list per column, and the
    hash of its clean text. Reads like a Document for the driver's filters, which turn a dropped one
    into a reject (``source``, ``text``... come from its documents row). Lists of plain values
    unpickle in a quarter of the time the Document's Edit objects take (0.035 vs 0.13 ms per
    page-text document) and need no conversion in the driver but one Arrow build per few hundred
    rows; Arrow tables built here would cost 0.17 ms to unpickle (a schema each) and grow every
    worker's RSS by 50 MB (the Arrow memory pool keeps what it allocated)."""

    __slots__ = ("doc_id", "text_sha256", "cols", "counts")

    def __init__(self, doc: Document, inp: dict, run: dict, minhash: bool = True):
        row = document_row(doc, inp, run, minhash)
        self.doc_id = doc.doc_id
        self.text_sha256 = row["text_sha256"]
        metas = meta_edit_rows(doc, inp, run)
        self.cols = {"documents": {k: [v] for k, v in row.items()},
                     "edits": edit_columns(doc, inp, run),
                     "meta_edits": {k: [r[k] for r in metas] for k in TABLES["meta_edits"].names}}
        self.counts = {"documents": 1, "edits": len(doc.edits), "meta_edits": len(metas)}

    def __getstate__(self):
        return self.doc_id, self.text_sha256, self.cols, self.counts

    def __setstate__(self, state):
        self.doc_id, self.text_sha256, self.cols, self.counts = state

    @property
    def rules(self) -> list[str]:
        return self.cols["edits"]["rule"]

    source = property(lambda self: self.cols["documents"]["source"][0])
    text = property(lambda self: self.cols["documents"]["text"][0])
    source_sha256 = property(lambda self: self.cols["documents"]["source_sha256"][0])
    content_type = property(lambda self: self.cols["documents"]["content_type"][0])
    minhash = property(lambda self: self.cols["documents"]["minhash"][0])


def prepare(item, inp: dict, run: dict, minhash: bool = True):
    """A Document as a Prepared (``minhash``: with its signature); anything else (a Reject, a
    Deferred) as it is."""
    return Prepared(item, inp, run, minhash) if isinstance(item, Document) else item
