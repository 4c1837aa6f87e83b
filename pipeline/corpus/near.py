"""Near-duplicate removal: MinHash over word shingles, LSH banding for candidates.

Policy (a function of the current inputs only, so that a corpus built run by run equals a fresh
--full-refresh over the same folder): documents are taken in input order (``order_key``); one is a
``dedup.near`` reject when an earlier KEPT document's estimated Jaccard similarity reaches the
threshold, and its detail names that document (the most similar; the earliest on a tie). Only the
documents exact dedup keeps take part.

Because a document's fate depends on the kept documents before it, a change anywhere can change
decisions after it. The step keeps an index of the whole corpus beside it (``nearindex.NearIndex``,
saved with each run's last commit): ``start`` loads it and takes out the inputs the run replaces,
``admit`` first decides again the committed documents before the new one that a change reaches (the
later ones sharing an LSH band with a document that came, went, or became kept or not), then decides
the new one. A committed document whose decision comes out different (a new earlier document makes
it a duplicate, its keeper went away or changed) is named in ``redo``; processed again, it gets the
decision settled here. The driver hands the units over in input order, and ``settle`` finishes the
pass. Without a saved index valid for the last commit (none yet, unreadable, or a run that stopped
early) ``start`` rebuilds it from the stored signatures (the ``minhash`` column of documents and of
``dedup.near`` rejects, computed by the workers) and decides every document again: the same sweep.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np

from ..document import Reject
from ..textstats import words
from .exact import order_key
from .nearindex import KIND, NearIndex, _detail

log = logging.getLogger(__name__)

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


class NearDedup:
    """The corpus-wide step: drops a document close to an earlier kept one (``dedup.near``), and
    names the committed documents whose decision this run's documents change (``redo``). Its index
    of the corpus persists beside it (``nearindex``): a run loads it, takes out the inputs it
    replaces, decides again only the documents a change can reach, and saves it with its last commit;
    missing, unreadable or older than the corpus, it is rebuilt from the stored signatures."""

    name = RULE
    disposition = "skipped_duplicate"

    def __init__(self, threshold: float):
        self.threshold = threshold

    def _fresh(self) -> NearIndex:
        b, r = bands(self.threshold)
        keys = np.arange(1, b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return NearIndex(self.threshold, b, r, _params()[2][SHINGLE:SHINGLE + r], keys, PERMS)

    def start(self, store, replaced: set[str]) -> None:
        self.index = self._fresh()
        self.redo: set[str] = set()
        self.asked: set[str] = set()       # every input named in redo this run
        self.released: set[str] = set()    # inputs the driver processes again
        self.returned: set[int] = set()    # their entries that came back
        self.committed: dict[int, str | None] = {}  # an entry's decision in the corpus, before deciding it again
        self.frontier: tuple[str, int] = ("", -1)   # the last new document's place in input order
        self.usable = True                 # the index may be saved (every decision settled in order)
        if store is None:
            return
        why = self._load(store)
        if why:
            self._rebuild(store, replaced, why)
        for path in replaced:
            for i in self.index.by_path.get(path, ()):
                self.index.remove(i)

    def _extra(self, commit: str) -> dict:
        return {"seed": SEED, "shingle": SHINGLE, "commit": commit}

    def _load(self, store) -> str | None:
        """Load the index saved with the corpus's last commit; or why it cannot be."""
        path, commit = store.sidecar(KIND)
        if commit is None:
            return None  # nothing committed yet: an empty index
        if path is None:
            return "not saved with the corpus's last commit"
        try:
            self.index.load(path, self._extra(commit))
        except Exception as exc:  # any unreadable file is rebuilt: the corpus holds the signatures
            self.index = self._fresh()
            return f"unreadable ({path}: {type(exc).__name__}: {exc})"
        return None

    def _rebuild(self, store, replaced: set[str], why: str) -> None:
        """Every committed signature (documents and dedup.near rejects) into the index, each to be
        decided again in input order against what its row says."""
        rows = [(r, None) for r in store.read("documents", ["doc_id", "source", "input_path", "minhash"]).to_pylist()]
        rows += [(r, r["detail"]) for r in store.read("rejects", ["doc_id", "source", "input_path", "rule", "detail",
                                                                  "minhash"]).to_pylist() if r["rule"] == RULE]
        rows = [(r, detail) for r, detail in rows if r["input_path"] not in replaced and r["minhash"] is not None]
        log.info("near dedup: the band index beside the corpus is %s; rebuilt from %d stored signatures", why,
                 len(rows))
        if not rows:
            return
        sigs = np.frombuffer(b"".join(r["minhash"] for r, _d in rows), "<u4").reshape(len(rows), PERMS)
        self.index.set_base([(r["input_path"], r["source"], r["doc_id"], order_key(r["input_path"], r["source"])[1],
                              -1 if detail is None else -2) for r, detail in rows], sigs)
        for i, (_r, detail) in enumerate(rows):
            self.committed[i] = detail
            self.index.touch_one(i)

    def _settle_until(self, key: tuple[str, int]) -> None:
        index = self.index
        while (i := index.next_dirty(key)) is not None:
            if i not in self.committed:
                self.committed[i] = index.detail(i)
            near, flipped = index.decide(i)
            if flipped:
                index.touch(i, near)
            if index.detail(i) != self.committed[i]:
                self.redo.add(index.path[i])
                self.asked.add(index.path[i])

    def settle(self) -> None:
        """The rest of the sweep: every document to decide again after the last one admitted."""
        self._settle_until(_END)

    def release(self, inputs: set[str]) -> None:
        """Their documents come back to ``admit``, which gives them the decision settled already."""
        self.released |= inputs

    def persist(self):
        """(kind, writer) of the index for the run's last commit, or None when this run's decisions
        are not all settled in order (then the next run rebuilds it)."""
        index = self.index
        if not self.usable or index.dirty or not self.asked <= self.released:
            return None
        for path in self.released:
            for i in index.by_path.get(path, ()):
                if index.alive[i] and i not in self.returned:
                    # processed again and no longer here (an exact duplicate now): only a rejected
                    # one can go without deciding others again
                    if index.keeper[i] == -1:
                        return None
                    index.alive[i] = False
        return KIND, lambda fh, commit: index.save(fh, self._extra(commit))

    def admit(self, docs: list, input_path: str) -> tuple[list, list[Reject]]:
        kept: list = []
        dropped: list[Reject] = []
        index = self.index
        for doc in docs:
            raw = getattr(doc, "minhash", None)
            if raw is None and not hasattr(doc, "cols"):
                raw = signature(doc.text)
            i = index.where.get((input_path, doc.source))
            if i is not None and index.alive[i] and input_path in self.released:
                self.returned.add(i)  # processed again: the sweep decided it already
                detail = index.detail(i)
            elif raw is None:
                detail = None
            else:
                key = order_key(input_path, doc.source)
                if key < self.frontier:
                    self.usable = False  # out of input order: decided, but the index is not saved
                self._settle_until(key)
                if i is not None:
                    index.remove(i)
                sig = np.frombuffer(raw, "<u4")
                i = index.add(input_path, doc.source, doc.doc_id, key[1], sig, index.hashes(sig[None, :])[0])
                near, _flipped = index.decide(i)
                if index.keeper[i] == -1:
                    index.touch(i, near)
                detail = index.detail(i)
                self.frontier = max(self.frontier, key)
            if detail is None:
                kept.append(doc)
                continue
            dropped.append(Reject(doc_id=doc.doc_id, source=doc.source, stage="dedup", rule=RULE,
                                  reason="The text is nearly that of an earlier document in the corpus.",
                                  detail=detail, text=doc.text, source_sha256=doc.source_sha256,
                                  content_type=doc.content_type, minhash=raw))
        return kept, dropped
