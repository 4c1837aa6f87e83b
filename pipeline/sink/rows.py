"""Documents and rejects to table rows (the same dicts feed Parquet and Ray)."""
from __future__ import annotations

import json
from datetime import datetime

from ..document import Document, Reject
from ..edits import sha256_text
from ..textstats import count_words
from .schema import to_json


def _ts(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def document_row(doc: Document, inp: dict, run: dict) -> dict:
    m = doc.meta
    notes = {f"{stage}.{key}": value for stage, key, value in doc.notes}
    return {
        "doc_id": doc.doc_id, "source": doc.source, "source_sha256": doc.source_sha256,
        "content_type": doc.content_type, "text": doc.text,
        "title": m.get("title") or None, "author": m.get("author") or None,
        "published": _ts(m.get("published")), "url": m.get("url") or None, "domain": m.get("domain") or None,
        "sitename": m.get("sitename") or None,
        "language": m.get("language"), "language_score": m.get("language_score"),
        "n_chars": len(doc.text), "n_words": count_words(doc.text), "n_edits": len(doc.edits),
        "text_sha256": sha256_text(doc.text), "base_sha256": doc.base_sha256,
        "notes": json.dumps(notes, ensure_ascii=False, sort_keys=True) if notes else None,
        **inp, **run,
    }


def edit_rows(doc: Document, inp: dict, run: dict) -> list[dict]:
    return [{"doc_id": doc.doc_id, "seq": e.seq, "stage": e.stage, "rule": e.rule, "start": e.start,
             "end": e.end, "before": e.before, "after": e.after, "input_path": inp["input_path"],
             "run_id": run["run_id"]} for e in doc.edits]


def meta_edit_rows(doc: Document, inp: dict, run: dict) -> list[dict]:
    return [{"doc_id": doc.doc_id, "seq": e.seq, "stage": e.stage, "rule": e.rule, "field": e.field,
             "before": to_json(e.before), "after": to_json(e.after), "input_path": inp["input_path"],
             "run_id": run["run_id"]} for e in doc.meta_edits]


def reject_row(rej: Reject, inp: dict, run: dict) -> dict:
    return {"doc_id": rej.doc_id, "source": rej.source, "stage": rej.stage, "rule": rej.rule,
            "reason": rej.reason, "detail": rej.detail, "text": rej.text, "source_sha256": rej.source_sha256,
            "content_type": rej.content_type, **inp, **run}
