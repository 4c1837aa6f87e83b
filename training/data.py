"""The content model's training data: every page of both benchmark sets, as the stage sees it.

- ../shared/bench/dev: 54 article pages, page/ and merged/ text forms, each line labelled from
  the reference body (``labels``), and the reference bodies themselves (the gold form: text that
  is already an article, scored for harm, never trained on);
- ../shared/bench/snippets: 457 pages of 429 sites, page/ and merged/ forms, partial labels
  (``snippet_labels``): a line holding a must-keep snippet is article, one holding a must-drop
  snippet is not, the others are unlabelled (weight 0).

Each text goes through the default pipeline's stages before ``content`` (encoding, metadata,
debris, joins), so the features are those of the lines the stage will see.
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.config import load as load_config
from pipeline.document import Document
from pipeline.process import process
from pipeline.stages.content import Content
from pipeline.stages.content.features import blocks, feature_matrix

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
FORMS = ("page", "merged")


def labels(blks, gold: str) -> list[int]:
    """1 for a line that lines up with the reference body.

    A line of 4+ words is article when most of its 4-word shingles are in the reference. A
    shorter line (a subheading, a list item) is article only where it sits: its words must follow
    the previous article line's words in the reference, so a menu item that happens to be a
    word of the article ("US", "Space") is not.
    """
    g = _WORD.findall(gold)
    where: dict[tuple, list[int]] = {}
    for i in range(len(g) - 3):
        where.setdefault(tuple(g[i:i + 4]), []).append(i)
    out, ptr = [], 0
    for b in blks:
        t = _WORD.findall(b.text)
        if len(t) >= 4:
            sh = [tuple(t[i:i + 4]) for i in range(len(t) - 3)]
            hits = [s for s in sh if s in where]
            ok = len(hits) * 2 >= len(sh)
            if ok:
                ends = [p for p in where[hits[-1]] if p + 4 > ptr - 50]
                ptr = (ends[0] if ends else where[hits[-1]][0]) + 4
            out.append(int(ok))
        elif t:
            ok = any(g[p:p + len(t)] == t for p in range(ptr, min(ptr + 3, len(g))))
            if ok:
                ptr += len(t)
            out.append(int(ok))
        else:
            out.append(0)
    return out


def norm(text: str) -> str:
    """Whitespace as the snippet scorer normalises it: every run becomes one space."""
    return _SPACE.sub(" ", text).strip()


def snippet_labels(blks, keep: list[str], drop: list[str]) -> list[int | None]:
    """1 for a line holding (part of) a must-keep snippet, 0 for one holding a must-drop snippet,
    None for the others and for a line holding both (the scorer cannot be satisfied there). A
    snippet across a line break labels every line it touches."""
    lines = [norm(b.text) for b in blks]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    joined = " ".join(lines)
    hit: list[set[int]] = [set() for _ in lines]
    for value, snippets in ((1, keep), (0, drop)):
        for s in map(norm, snippets):
            at = joined.find(s) if s else -1
            while at >= 0:
                first = _line_at(starts, at)
                last = _line_at(starts, at + len(s) - 1)
                for i in range(first, last + 1):
                    hit[i].add(value)
                at = joined.find(s, at + 1)
    return [next(iter(h)) if len(h) == 1 else None for h in hit]


def _line_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


class Preparer:
    """Runs a text through the default config's stages before content and featurises it."""

    def __init__(self, root: Path):
        config = load_config(root / "configs" / "default.toml")
        names = [n for n, _ in config.stages]
        stages = config.build_stages()
        self.before = stages[: names.index("content")]
        self.content: Content = stages[names.index("content")]

    def __call__(self, cid: str, text: str) -> tuple[list, list[list[float]], str | None]:
        doc = process(Document(doc_id=cid, source=f"{cid}.txt", content_type="text", text=text), self.before)
        blks = blocks(doc.text)
        title = doc.meta.get("title")
        return blks, feature_matrix(blks, self.content.stops(blks), title).T.tolist(), title


def prepare(root: Path, dev: Path, snippets: Path | None) -> list[dict]:
    """Every page of both sets (and the dev gold form) with its lines, features and labels.

    A page: id, set ("dev", "snippets", "gold"), form, site, blocks, rows, y (1 / 0 / None per
    line), and what it is scored against (gold: the reference body; case: the snippet case)."""
    prep = Preparer(root)
    pages = []
    for line in (dev / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        cid, body, site = row["id"], row["articleBody"], site_of(row["url"])
        for form in FORMS:
            blks, rows, title = prep(cid, (dev / form / f"{cid}.txt").read_text(encoding="utf-8"))
            pages.append({"id": cid, "set": "dev", "form": form, "site": site, "blocks": blks,
                          "rows": rows, "y": labels(blks, body), "gold": body})
        blks, rows, title = prep(cid, body)
        pages.append({"id": cid, "set": "gold", "form": "gold", "site": site, "blocks": blks,
                      "rows": rows, "y": [None] * len(blks), "gold": body})
    if snippets is not None:
        for line in (snippets / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            for form in FORMS:
                raw = gzip.decompress((snippets / form / f"{case['id']}.txt.gz").read_bytes()).decode("utf-8")
                blks, rows, title = prep(case["id"], raw)
                pages.append({"id": case["id"], "set": "snippets", "form": form, "site": site_of(case["url"]),
                              "blocks": blks, "rows": rows, "case": case,
                              "y": snippet_labels(blks, case["with"], case["without"])})
    pages.sort(key=lambda p: (p["set"], p["form"], p["id"]))
    return pages
