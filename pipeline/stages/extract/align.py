"""Extraction as edits: align the extractor's output with the page text and propose the difference.

The page text (``page_text``) is the base of an HTML document; the extractor's output is what the
later stages clean. ``propose`` returns span proposals on the page text that turn it into exactly
the extractor's output, each named for why the span went:

- ``extract.dom_<concept>``: inside an element a DOM pre-cleaning rule removed;
- ``extract.boilerplate``: whole lines (blocks) the extractor did not keep;
- ``extract.inline``: words dropped (or changed) inside a kept block;
- ``extract.reformat``: only spacing, punctuation or markup changed (the extractor's "- " list
  items, "| a | b |" table rows, collapsed non-breaking spaces, a word split in two).

How. The extractor keeps blocks whole far more often than not, so lines are matched first, by
their words (separators ignored, so list and table markup and spacing do not matter): lines whose
words occur once on each side are anchors, the longest run of anchors in the same order on both
sides is kept (patience diff), and the lines between anchors are matched in order. What is left
(blocks the extractor shortened, split or merged) is aligned word by word with difflib, a region
at a time. Between two aligned pieces, the page's characters are replaced by the extractor's.

Cost (54 dev html pages, one process, three passes): reading the page text, aligning and applying
the edits take 2.06 ms of the 28.65 ms a page spends in all stages (7.7 %); a whole
``pipeline run --workers 1`` over them took 2.75 -> 2.83 s of CPU (three interleaved runs on a
machine at load 10). About 21 extraction edits a page.
"""
from __future__ import annotations

import bisect
import difflib
import re
from typing import Iterator, Sequence

from ...edits import Proposal
from .page_text import Marked

_WORD = re.compile(r"\w+")
BOILERPLATE, INLINE, REFORMAT = "extract.boilerplate", "extract.inline", "extract.reformat"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, its line break not included."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _keys(text: str, extracted: bool) -> list[str]:
    """Each line with its spacing collapsed; for the extractor's lines, its list and table
    markup taken off too ("- item" -> "item", "| a | b |" -> "a b", as the page has them)."""
    out = []
    for line in text.split("\n"):
        key = " ".join(line.split())
        if extracted and key[:2] in ("- ", "| "):
            if key[0] == "-":
                key = key[2:]
            elif key.endswith(" |"):
                key = " ".join(key[2:-2].split(" | "))
        out.append(key)
    return out


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of ``pairs`` (sorted by first item) increasing in the second item."""
    tails: list[int] = []      # smallest second item ending a run of each length
    ends: list[int] = []       # index in pairs of that run's last pair
    back = [-1] * len(pairs)
    for i, (_, p) in enumerate(pairs):
        k = bisect.bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            ends.append(i)
        else:
            tails[k] = p
            ends[k] = i
        back[i] = ends[k - 1] if k else -1
    out, i = [], ends[-1] if ends else -1
    while i >= 0:
        out.append(pairs[i])
        i = back[i]
    return out[::-1]


def _match_lines(pkeys: list[str], ekeys: list[str], masked: set[int]) -> list[tuple[int, int]]:
    """(extractor line, page line) pairs with the same words, increasing on both sides."""
    where: dict[str, list[int]] = {}
    for i, k in enumerate(pkeys):
        if k and i not in masked:
            where.setdefault(k, []).append(i)
    ecount: dict[str, int] = {}
    for k in ekeys:
        ecount[k] = ecount.get(k, 0) + 1
    anchors = [(j, where[k][0]) for j, k in enumerate(ekeys)
               if k and ecount[k] == 1 and len(where.get(k, ())) == 1]
    anchors = _lis(anchors)
    out: list[tuple[int, int]] = []
    bounds = anchors + [(len(ekeys), len(pkeys))]
    prev_e, prev_p = -1, -1
    for ae, ap in bounds:
        for j in range(prev_e + 1, ae):  # lines between anchors: the next same-words line in range
            found = where.get(ekeys[j]) if ekeys[j] else None
            if found:
                k = bisect.bisect_right(found, prev_p)
                if k < len(found) and found[k] < ap:
                    prev_p = found[k]
                    out.append((j, prev_p))
        if ae < len(ekeys):
            out.append((ae, ap))
        prev_e, prev_p = ae, ap
    return out


def _units(page: str, text: str, marks: Sequence[Marked]) -> Iterator[tuple[int, int, int, int]]:
    """Aligned pieces ``(page start, page end, text start, text end)`` holding the same words,
    increasing on both sides."""
    plines, elines = _lines(page), _lines(text)
    masked = _masked_lines(plines, marks)
    pkeys, ekeys = _keys(page, False), _keys(text, True)
    prev_e, prev_p = -1, -1
    for j, i in _match_lines(pkeys, ekeys, masked) + [(len(elines), len(plines))]:
        if j > prev_e + 1:  # extractor lines no page line matched whole: align their words
            ps = plines[prev_p][1] if prev_p >= 0 else 0
            pe = plines[i][0] if i < len(plines) else len(page)
            es = elines[prev_e][1] if prev_e >= 0 else 0
            ee = elines[j][0] if j < len(elines) else len(text)
            yield from _word_units(page, ps, pe, text, es, ee, marks)
        if j < len(elines):
            (ps, pe), (es, ee) = plines[i], elines[j]
            if page[ps:pe] == text[es:ee]:
                yield ps, pe, es, ee
            else:  # same words, other separators
                for pm, em in zip(_WORD.finditer(page, ps, pe), _WORD.finditer(text, es, ee)):
                    yield pm.start(), pm.end(), em.start(), em.end()
        prev_e, prev_p = j, i


def _masked_lines(plines: list[tuple[int, int]], marks: Sequence[Marked]) -> set[int]:
    """Page lines wholly inside an element a DOM rule removed: the extractor never saw them."""
    out: set[int] = set()
    starts = [s for s, _ in plines]
    for m in marks:
        i = bisect.bisect_left(starts, m.start)
        while i < len(plines) and plines[i][1] <= m.end:
            out.add(i)
            i += 1
    return out


def _word_units(page: str, ps: int, pe: int, text: str, es: int, ee: int, marks: Sequence[Marked]
                ) -> Iterator[tuple[int, int, int, int]]:
    pw = [m for m in _WORD.finditer(page, ps, pe) if not _in_mark(marks, m.start())]
    ew = list(_WORD.finditer(text, es, ee))
    if not pw or not ew:
        return
    sm = difflib.SequenceMatcher(None, [m.group() for m in pw], [m.group() for m in ew], autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            p, e = pw[a + k], ew[b + k]
            yield p.start(), p.end(), e.start(), e.end()


def _in_mark(marks: Sequence[Marked], pos: int) -> bool:
    i = bisect.bisect_right(marks, (pos, float("inf"))) - 1
    return i >= 0 and marks[i].start <= pos < marks[i].end


def propose(page: str, text: str, marks: Sequence[Marked] = ()) -> list[Proposal]:
    """Proposals on ``page`` that turn it into ``text`` (the extractor's output); ``marks`` are the
    spans of the elements DOM pre-cleaning removed, in order and not overlapping."""
    out: list[Proposal] = []
    pp = ep = 0
    for ps, pe, es, ee in _units(page, text, marks):
        _gap(page, pp, ps, text[ep:es], marks, out)
        pp, ep = pe, ee
    _gap(page, pp, len(page), text[ep:], marks, out)
    return out


def _gap(page: str, a: int, b: int, r: str, marks: Sequence[Marked], out: list[Proposal]) -> None:
    """Proposals turning ``page[a:b]`` (between two aligned pieces) into ``r``."""
    g = page[a:b]
    if g == r:
        return
    n = 0
    limit = min(len(g), len(r))
    while n < limit and g[n] == r[n]:
        n += 1
    m = 0
    while m < limit - n and g[-1 - m] == r[-1 - m]:
        m += 1
    a, b, r = a + n, b - m, r[n:len(r) - m]
    if a == b or not _WORD.search(page, a, b):
        out.append(Proposal(a, b, r, REFORMAT))
        return
    if _WORD.search(r):
        same = "".join(_WORD.findall(page, a, b)) == "".join(_WORD.findall(r))
        out.append(Proposal(a, b, r, REFORMAT if same else INLINE))
        return
    out.extend(_deletions(page, a, b, marks))
    if r:
        out.append(Proposal(b, b, r, REFORMAT))


def _deletions(page: str, a: int, b: int, marks: Sequence[Marked]) -> list[Proposal]:
    """``page[a:b]`` (which holds words) removed, cut where the reason changes: the element of a
    DOM rule, whole lines (blocks), part of a line."""
    edges = [a]
    i = max(bisect.bisect_right(marks, (a, float("inf"))) - 1, 0)
    while i < len(marks) and marks[i].start < b:
        edges.extend(x for x in (marks[i].start, marks[i].end) if a < x < b)
        i += 1
    edges.append(b)
    runs: list[list] = []   # [start, end, rule]; rule None for a piece without words
    for s, e in zip(edges, edges[1:]):
        if s >= e:
            continue
        if _in_mark(marks, s):  # cut at the marks' edges: a segment is wholly in one or outside
            pieces = [(s, e, _mark_rule(marks, s))]
        else:  # a part of its first line, whole lines, a part of its last line
            first = s if s == 0 or page[s - 1] == "\n" else (page.find("\n", s, e) + 1 or e)
            whole_end = e == len(page) or page[e - 1] == "\n" or page[e] == "\n"
            last = e if whole_end else max(page.rfind("\n", first, e) + 1, first)
            pieces = [(s, first, INLINE), (first, last, BOILERPLATE), (last, e, INLINE)]
        for ps, pe, rule in pieces:
            if ps >= pe:
                continue
            if not _WORD.search(page, ps, pe):
                rule = None
            if runs and (runs[-1][2] == rule or rule is None):
                runs[-1][1] = pe
            elif runs and runs[-1][2] is None:  # leading separators go with the first worded piece
                runs[-1][1:] = [pe, rule]
            else:
                runs.append([ps, pe, rule])
    return [Proposal(s, e, "", rule or INLINE) for s, e, rule in runs]


def _mark_rule(marks: Sequence[Marked], pos: int) -> str:
    return marks[bisect.bisect_right(marks, (pos, float("inf"))) - 1].rule
