"""Near-duplicate removal: MinHash over word shingles, LSH banding for candidates.

Policy (a function of the current inputs only, so that a corpus built run by run equals a fresh
--full-refresh over the same folder): documents are taken in input order (``order_key``); one is a
``dedup.near`` reject when an earlier KEPT document's estimated Jaccard similarity reaches the
threshold, and its detail names that document (the most similar; the earliest on a tie). Only the
documents exact dedup keeps take part.

Because a document's fate depends on the kept documents before it, the step replays that sweep over
the whole corpus every run: at ``start`` it loads the committed signatures (the ``minhash`` column of
documents and of ``dedup.near`` rejects, computed by the workers, never recomputed here) of the
inputs that stay; ``admit`` first settles the committed documents that come before the new one, in
input order, then decides the new one against the same index. A committed document whose decision
comes out different (a new earlier document makes it a duplicate, its keeper went away or changed)
is named in ``redo``; processed again, it gets the decision the sweep settled. The driver hands the
units over in input order, and ``settle`` finishes the sweep at the end of the pass.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..document import Reject
from ..textstats import words
from .exact import order_key

RULE = "dedup.near"
PERMS = 128
SHINGLE = 3   # words per shingle: measured on the 54 dev pages' clean texts and near-copies of them (one
# sentence changed, one line added): the copies' lowest similarity 0.73 (3), 0.67 (4), 0.70 (5 words),
# unrelated pages' highest 0.016 for each; short pages need the small shingle to reach 0.8
SEED = 20261202
_CHUNK = 4096  # shingles hashed at a time: bounds memory at 4096 x 128 x 8 bytes for any document
_LONG = 64     # characters of a word that count: longer "words" are blobs, not prose
_END = ("\U0010ffff", 1 << 62)  # after every order key


@lru_cache(maxsize=1)
def _params() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seeded permutations (multiply-shift hashes: odd a, any b) and the shingle mixers."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    top = np.iinfo(np.uint64).max
    a = rng.integers(1, top, PERMS, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = rng.integers(0, top, PERMS, dtype=np.uint64, endpoint=True)
    mix = rng.integers(1, top, SHINGLE + PERMS, dtype=np.uint64, endpoint=True) | np.uint64(1)
    for arr in (a, b, mix):
        arr.setflags(write=False)
    return a, b, mix


def _word_hashes(ws: list[str]) -> np.ndarray:
    """A 64-bit hash per word: a polynomial over its UTF-32 code points, then a finaliser
    (splitmix64's), computed once per distinct word and in numpy (blake2b per word cost 1 ms of the
    3 ms a 1,400-word page took)."""
    if max(map(len, ws)) > _LONG:
        # numpy pads every word to the longest: a base64 blob would make the array rows x blob size
        ws = [w[:_LONG] for w in ws]
    uniq, inverse = np.unique(np.array(ws), return_inverse=True)
    codes = uniq.view(np.uint32).reshape(len(uniq), -1).astype(np.uint64)
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(codes.shape[1], 0x100000001B3, dtype=np.uint64))
        h = (codes * powers).sum(axis=1)
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h[inverse.reshape(-1)]


def signature(text: str) -> bytes | None:
    """The document's MinHash signature: 128 uint32 minima, little-endian (None without words)."""
    ws = words(text.lower())
    if not ws:
        return None
    wh = _word_hashes(ws)
    a, b, mix = _params()
    k = min(SHINGLE, len(wh))
    n = len(wh) - k + 1
    sh = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            sh += wh[i:i + n] * mix[i]
        sh = np.unique(sh)
        mins = np.full(PERMS, np.iinfo(np.uint64).max, dtype=np.uint64)
        for s in range(0, len(sh), _CHUNK):
            part = (sh[s:s + _CHUNK, None] * a[None, :] + b[None, :]) >> np.uint64(32)
            np.minimum(mins, part.min(axis=0), out=mins)
    return mins.astype("<u4").tobytes()


def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) for ``threshold``: the most rows per band (the fewest index entries) that still
    make a pair at the threshold a candidate with probability >= 0.95 (16 x 8 gives 0.948 at 0.8;
    18 x 7 gives 0.986)."""
    for r in range(PERMS // 2, 0, -1):
        b = PERMS // r
        if 1 - (1 - threshold ** r) ** b >= 0.95:
            return b, r
    return PERMS, 1


def _detail(keeper_id: str, sim: float) -> str:
    return f"near duplicate of {keeper_id} (estimated Jaccard {sim:.3f})"


class BandIndex:
    """The kept signatures and their band hashes (one dict: band hash -> keeper number, or a list of
    them when several share a band)."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.b, self.r = bands(threshold)
        self.mix = _params()[2][SHINGLE:SHINGLE + self.r]
        self.keys = np.arange(1, self.b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self.sigs: list[bytes] = []  # bytes: 545 bytes each, an ndarray 624
        self.ids: list[str] = []
        self.buckets: dict[int, int | list[int]] = {}

    def hashes(self, sigs: np.ndarray) -> np.ndarray:
        """The band hashes of signatures (rows of ``sigs``), all at once: numpy's per-call overhead
        made one document at a time cost 100 us per signature loaded at start."""
        with np.errstate(over="ignore"):
            rows = sigs[:, :self.b * self.r].astype(np.uint64).reshape(len(sigs), self.b, self.r)
            return (rows * self.mix).sum(axis=2) ^ self.keys

    def best(self, sig: np.ndarray, hashes: list[int]) -> tuple[float, int] | None:
        """(similarity, keeper number) of the most similar kept signature at the threshold or above."""
        seen: set[int] = set()
        for h in hashes:
            got = self.buckets.get(h)
            if got is not None:
                seen.update(got) if isinstance(got, list) else seen.add(got)
        found = None
        for i in sorted(seen):  # keepers join in input order: the earliest wins a tie
            sim = float(np.count_nonzero(np.frombuffer(self.sigs[i], "<u4") == sig)) / PERMS
            if sim >= self.threshold and (found is None or sim > found[0]):
                found = (sim, i)
        return found

    def add(self, raw: bytes, doc_id: str, hashes: list[int]) -> None:
        i = len(self.sigs)
        self.sigs.append(raw)
        self.ids.append(doc_id)
        for h in hashes:
            got = self.buckets.get(h)
            if got is None:
                self.buckets[h] = i
            elif isinstance(got, list):
                got.append(i)
            else:
                self.buckets[h] = [got, i]

    def decide(self, raw: bytes | None, doc_id: str, hashes: list[int] | None = None) -> str | None:
        """The reject detail for a document that comes after every kept one, or None (kept, and
        added). ``hashes``: its band hashes, when computed in bulk."""
        if raw is None:
            return None
        sig = np.frombuffer(raw, "<u4")
        if hashes is None:
            hashes = self.hashes(sig[None, :])[0].tolist()
        found = self.best(sig, hashes)
        if found is not None:
            return _detail(self.ids[found[1]], found[0])
        self.add(raw, doc_id, hashes)
        return None


class NearDedup:
    """The corpus-wide step: drops a document close to an earlier kept one (``dedup.near``), and
    names the committed documents whose decision this run's documents change (``redo``)."""

    name = RULE
    disposition = "skipped_duplicate"

    def __init__(self, threshold: float):
        self.threshold = threshold

    def start(self, store, replaced: set[str]) -> None:
        self.index = BandIndex(self.threshold)
        self.redo: set[str] = set()
        # (input path, source) -> the settled decision: None (kept) or the reject detail
        self.decided: dict[tuple[str, str], str | None] = {}
        self.pending: list[tuple] = []  # committed documents not settled yet, last in order first
        if store is None:
            return
        rows = [(r, None) for r in store.read("documents", ["doc_id", "source", "input_path", "minhash"]).to_pylist()]
        rows += [(r, r["detail"]) for r in store.read("rejects", ["doc_id", "source", "input_path", "rule", "detail",
                                                                  "minhash"]).to_pylist() if r["rule"] == RULE]
        rows = [(r, detail) for r, detail in rows if r["input_path"] not in replaced and r["minhash"] is not None]
        if not rows:
            return
        sigs = np.frombuffer(b"".join(r["minhash"] for r, _d in rows), "<u4").reshape(len(rows), PERMS)
        for (r, detail), hashes in zip(rows, self.index.hashes(sigs).tolist()):
            self.pending.append((order_key(r["input_path"], r["source"]), r["source"], r["doc_id"],
                                 r["minhash"], detail, hashes))
        self.pending.sort(reverse=True)

    def _settle_until(self, key: tuple[str, int]) -> None:
        while self.pending and self.pending[-1][0] < key:
            (path, _line), source, doc_id, raw, committed, hashes = self.pending.pop()
            detail = self.index.decide(raw, doc_id, hashes)
            self.decided[path, source] = detail
            if detail != committed:
                self.redo.add(path)

    def settle(self) -> None:
        """The rest of the sweep: every committed document after the last one admitted."""
        self._settle_until(_END)

    def release(self, inputs: set[str]) -> None:
        """Nothing to forget: the sweep settled these inputs' documents, and they come back to it."""

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        kept: list = []
        dropped: list[Reject] = []
        for doc in docs:
            raw = getattr(doc, "minhash", None)
            if raw is None and not hasattr(doc, "cols"):
                raw = signature(doc.text)
            where = (input_path, doc.source)
            if where in self.decided:  # processed again: the sweep decided it already
                detail = self.decided[where]
            else:
                self._settle_until(order_key(input_path, doc.source))
                detail = self.index.decide(raw, doc.doc_id)
                self.decided[where] = detail
            if detail is None:
                kept.append(doc)
                continue
            dropped.append(Reject(doc_id=doc.doc_id, source=doc.source, stage="dedup", rule=RULE,
                                  reason="The text is nearly that of an earlier document in the corpus.",
                                  detail=detail, text=doc.text, source_sha256=doc.source_sha256,
                                  content_type=doc.content_type, minhash=raw))
        return kept, dropped
