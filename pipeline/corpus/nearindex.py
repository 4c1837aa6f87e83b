"""Near dedup's band index over the whole corpus, kept beside it between runs.

It holds every document that takes part in near dedup (the exact keepers with words): its place in
input order, its signature, its decision (kept, or the keeper and how many of the 128 minima agree)
and its LSH band hashes, sorted for lookup. Unlike an index of the keepers only, it holds the
rejected documents too, and documents after the one being decided: a change anywhere (a document
added, gone, or decided otherwise) then names the documents whose decision it can change (the
later ones sharing a band with it), and only those are decided again, in input order. A decision
depends only on the earlier kept documents sharing a band with it, so the result equals the whole
keep-the-first sweep (``NearDedup``'s policy) replayed from scratch.

On disk (``OUTPUT/_index/<commit>.near.npz``, written with the run's last commit and valid for that
commit only): numpy arrays, the strings as Arrow string buffers; loading is a few array reads, no
per-document Python work but the three string lists.
"""
from __future__ import annotations

import heapq
import io
import json

import numpy as np

FORMAT = 1
KIND = "near.npz"


def _detail(keeper_id: str, sim: float) -> str:
    return f"near duplicate of {keeper_id} (estimated Jaccard {sim:.3f})"


def _strings_out(values: list[str], arrays: dict, name: str) -> None:
    import pyarrow as pa

    arr = pa.array(values, pa.large_string())
    _validity, offsets, data = arr.buffers()
    arrays[f"{name}_off"] = np.frombuffer(offsets, np.int64, len(values) + 1)
    arrays[f"{name}_data"] = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)


def _strings_in(arrays, name: str, n: int) -> list[str]:
    import pyarrow as pa

    off = np.ascontiguousarray(arrays[f"{name}_off"], np.int64)
    data = np.ascontiguousarray(arrays[f"{name}_data"], np.uint8)
    if len(off) != n + 1 or off[0] != 0 or off[-1] != len(data) or np.any(np.diff(off) < 0):
        raise ValueError(f"{name}: offsets do not fit the data")
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(off), pa.py_buffer(data)).to_pylist()


class NearIndex:
    """The documents (entries, numbered) and their band hashes: a sorted base (loaded) and a dict of
    the entries added since. ``keeper[i]``: -1 kept, else the keeper's entry number (-2: rejected,
    keeper not known yet: a rebuild before its sweep)."""

    def __init__(self, threshold: float, b: int, r: int, mix: np.ndarray, keys: np.ndarray, perms: int):
        self.threshold, self.b, self.r, self.mix, self.keys, self.perms = threshold, b, r, mix, keys, perms
        self.path: list[str] = []
        self.source: list[str] = []
        self.doc_id: list[str] = []
        self.line: list[int] = []
        self.keeper: list[int] = []
        self.agree: list[int] = []
        self.alive: list[bool] = []
        self.base_sigs = np.zeros((0, perms), np.uint32)
        self.new_sigs: list[np.ndarray] = []
        self.bh = np.zeros(0, np.uint64)   # base band hashes, sorted
        self.be = np.zeros(0, np.int32)    # their entries
        self.shift, self.dir = 63, np.zeros(3, np.int64)  # bh's runs by the top bits of the hash
        self.delta: dict[int, int | list[int]] = {}
        self.new_hashes: list[np.ndarray] = []
        self.where: dict[tuple[str, str], int] = {}
        self.by_path: dict[str, list[int]] = {}
        self.dirty: set[int] = set()
        self.heap: list[tuple[tuple[str, int], int]] = []

    # -- entries ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.path)

    def key(self, i: int) -> tuple[str, int]:
        return self.path[i], self.line[i]

    def sig(self, i: int) -> np.ndarray:
        n0 = len(self.base_sigs)
        return self.base_sigs[i] if i < n0 else self.new_sigs[i - n0]

    def hashes(self, sigs: np.ndarray) -> np.ndarray:
        """The band hashes of signatures (rows of ``sigs``), all at once."""
        with np.errstate(over="ignore"):
            rows = sigs[:, :self.b * self.r].astype(np.uint64).reshape(len(sigs), self.b, self.r)
            return (rows * self.mix).sum(axis=2) ^ self.keys

    def _register(self, path: str, source: str, doc_id: str, line: int, keeper: int, agree: int) -> int:
        i = len(self.path)
        self.path.append(path)
        self.source.append(source)
        self.doc_id.append(doc_id)
        self.line.append(line)
        self.keeper.append(keeper)
        self.agree.append(agree)
        self.alive.append(True)
        self.where[path, source] = i
        self.by_path.setdefault(path, []).append(i)
        return i

    def add(self, path: str, source: str, doc_id: str, line: int, sig: np.ndarray, hashes: np.ndarray) -> int:
        """A new entry (its decision comes from ``decide``)."""
        i = self._register(path, source, doc_id, line, -1, 0)
        self.new_sigs.append(sig)
        self.new_hashes.append(hashes)
        delta = self.delta
        for h in hashes.tolist():
            got = delta.get(h)
            # an int until a second entry shares the band: 18 lists per document cost more than
            # the rest of adding it
            if got is None:
                delta[h] = i
            elif isinstance(got, list):
                got.append(i)
            else:
                delta[h] = [got, i]
        return i

    def candidates(self, hashes: np.ndarray) -> set[int]:
        """The live entries sharing a band hash with ``hashes``."""
        found: set[int] = set()
        if len(self.bh):
            # the directory gives each hash's run of the sorted array in two reads: a binary search
            # took 21 dependent reads per band hash, 150 us per document at 100,000 (cache misses)
            p = (hashes >> np.uint64(self.shift)).astype(np.intp)
            a, z = self.dir[p], self.dir[p + 1]
            has = z > a
            if has.any():
                a, z, hh = a[has], z[has], hashes[has]
                pos = a[:, None] + np.arange(int((z - a).max()))
                ok = pos < z[:, None]
                pos = np.where(ok, pos, 0)
                found.update(self.be[pos[ok & (self.bh[pos] == hh[:, None])]].tolist())
        delta = self.delta
        for h in hashes.tolist():
            got = delta.get(h)
            if got is not None:
                found.update(got) if isinstance(got, list) else found.add(got)
        return {j for j in found if self.alive[j]}

    def _directory(self) -> None:
        """Where each value of a band hash's top bits starts in ``bh`` (about one hash per value)."""
        bits = max(1, int(np.ceil(np.log2(max(2, len(self.bh))))))
        self.shift = 64 - bits
        counts = np.bincount((self.bh >> np.uint64(self.shift)).astype(np.intp), minlength=1 << bits)
        self.dir = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def hashes_of(self, i: int) -> np.ndarray:
        n0 = len(self.base_sigs)
        return self.hashes(self.base_sigs[i:i + 1])[0] if i < n0 else self.new_hashes[i - n0]

    # -- decisions ----------------------------------------------------------------------------
    def detail(self, i: int) -> str | None:
        k = self.keeper[i]
        return None if k == -1 else _detail(self.doc_id[k], self.agree[i] / self.perms)

    def decide(self, i: int) -> tuple[set[int], bool]:
        """Decide entry ``i`` against the kept entries before it in input order (the most similar at
        the threshold or above; the earliest on a tie); returns its band neighbours and whether its
        kept-or-not changed (then the later neighbours are decided again)."""
        sig, key = self.sig(i), self.key(i)
        near = self.candidates(self.hashes_of(i))
        best = None
        for j in near:
            if j == i or self.keeper[j] != -1 or self.key(j) >= key:
                continue
            agree = int(np.count_nonzero(self.sig(j) == sig))
            if agree / self.perms >= self.threshold and (
                    best is None or (-agree, self.key(j)) < (-best[0], self.key(best[1]))):
                best = (agree, j)
        was_kept = self.keeper[i] == -1
        self.keeper[i], self.agree[i] = (-1, 0) if best is None else (best[1], best[0])
        return near, was_kept != (best is None)

    def touch(self, i: int, near: set[int]) -> None:
        """Entry ``i`` came, went or changed kept-or-not: its later band neighbours are decided again."""
        key = self.key(i)
        for j in near:
            if j != i and self.key(j) > key:
                self.touch_one(j)

    def touch_one(self, i: int) -> None:
        """Entry ``i`` is to be decided again."""
        if i not in self.dirty:
            self.dirty.add(i)
            heapq.heappush(self.heap, (self.key(i), i))

    def remove(self, i: int) -> None:
        if not self.alive[i]:
            return
        near = self.candidates(self.hashes_of(i))
        self.alive[i] = False
        self.dirty.discard(i)
        if self.keeper[i] == -1:
            self.touch(i, near)

    def next_dirty(self, before: tuple[str, int]) -> int | None:
        """The first entry to decide again that comes before ``before`` in input order."""
        while self.heap and self.heap[0][0] < before:
            _key, i = heapq.heappop(self.heap)
            if i in self.dirty:
                self.dirty.discard(i)
                if self.alive[i]:
                    return i
        return None

    def set_base(self, rows: list[tuple[str, str, str, int, int]], sigs: np.ndarray) -> None:
        """Start from ``rows`` (path, source, doc_id, line, keeper: -1 kept, -2 rejected) and their
        signatures, the band arrays sorted in one go (a rebuild from the corpus's columns)."""
        for path, source, doc_id, line, keeper in rows:
            self._register(path, source, doc_id, line, keeper, 0)
        self.base_sigs = sigs
        hashes = self.hashes(sigs).reshape(-1)
        order = np.argsort(hashes, kind="stable")
        self.bh = hashes[order]
        self.be = (order // self.b).astype(np.int32)
        self._directory()

    # -- disk ---------------------------------------------------------------------------------
    def params(self) -> dict:
        return {"format": FORMAT, "threshold": self.threshold, "bands": self.b, "rows": self.r,
                "perms": self.perms}

    def save(self, fh, extra: dict) -> None:
        """Write the live entries (renumbered) to ``fh``; the sorted band arrays are merged, not
        sorted again: the base's order is kept and the new hashes inserted."""
        alive = np.array(self.alive, bool)
        n = len(self.path)
        renum = np.full(n, -1, np.int64)
        renum[alive] = np.arange(int(alive.sum()))
        n0 = len(self.base_sigs)
        sigs = np.concatenate([self.base_sigs[alive[:n0]]] + [s[None, :] for s, a in
                                                              zip(self.new_sigs, alive[n0:]) if a]) \
            if n else np.zeros((0, self.perms), np.uint32)
        keep_base = alive[self.be] if len(self.be) else np.zeros(0, bool)
        bh, be = self.bh[keep_base], renum[self.be[keep_base]]
        new = [(h, renum[n0 + k]) for k, hs in enumerate(self.new_hashes) if alive[n0 + k] for h in hs.tolist()]
        if new:
            nh = np.array([h for h, _e in new], np.uint64)
            ne = np.array([e for _h, e in new], np.int64)
            order = np.argsort(nh, kind="stable")
            nh, ne = nh[order], ne[order]
            pos = np.searchsorted(bh, nh, "right")
            bh, be = np.insert(bh, pos, nh), np.insert(be, pos, ne)
        kp = np.array(self.keeper, np.int64)
        if (kp[alive] < -1).any():
            raise ValueError("an entry's decision is not settled")
        if (~alive[kp[alive & (kp >= 0)]]).any():
            raise ValueError("a rejected entry names a keeper that went away")
        keeper = np.where(kp >= 0, renum[np.maximum(kp, 0)], -1)[alive]
        arrays = {"meta": np.frombuffer(json.dumps({**self.params(), **extra}).encode(), np.uint8),
                  "sigs": sigs.astype("<u4", copy=False), "line": np.array(self.line, np.int64)[alive],
                  "keeper": keeper.astype(np.int32), "agree": np.array(self.agree, np.int16)[alive],
                  "bh": bh.astype(np.uint64), "be": be.astype(np.int32)}
        for name in ("path", "source", "doc_id"):
            _strings_out([v for v, a in zip(getattr(self, name), self.alive) if a], arrays, name)
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        fh.write(buf.getbuffer())

    def load(self, path: str, extra: dict) -> None:
        """Read an index written by ``save`` with the same parameters and ``extra``; raises
        ValueError (or the reader's error) on anything else."""
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            want = {**self.params(), **extra}
            if meta != want:
                diff = sorted(k for k in set(meta) | set(want) if meta.get(k) != want.get(k))
                raise ValueError(f"written for other settings ({', '.join(diff)})")
            sigs, line, keeper, agree = z["sigs"], z["line"], z["keeper"], z["agree"]
            n = len(line)
            if sigs.shape != (n, self.perms) or len(keeper) != n or len(agree) != n:
                raise ValueError("its arrays disagree in length")
            bh, be = z["bh"], z["be"]
            if len(bh) != n * self.b or len(be) != len(bh) or (n and (be.min() < 0 or be.max() >= n)) \
                    or np.any(bh[1:] < bh[:-1]) or np.any(keeper >= n) or np.any(keeper < -1):
                raise ValueError("its band arrays are not an index of its entries")
            strings = {name: _strings_in(z, name, n) for name in ("path", "source", "doc_id")}
            self.base_sigs = sigs.astype(np.uint32)
            self.bh, self.be = bh.astype(np.uint64), be.astype(np.int32)
            self._directory()
        self.path, self.source, self.doc_id = strings["path"], strings["source"], strings["doc_id"]
        self.line, self.keeper, self.agree = line.tolist(), keeper.tolist(), agree.tolist()
        self.alive = [True] * n
        self.where = {(p, s): i for i, (p, s) in enumerate(zip(self.path, self.source))}
        for i, p in enumerate(self.path):
            self.by_path.setdefault(p, []).append(i)
