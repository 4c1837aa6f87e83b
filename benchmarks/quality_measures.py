"""The harm measures `make bench-quality` reports beside the scores (benchmarks/quality.py).

* per rule, the share of the characters it removed that were reference text (its false-removal
  rate): on the dev set reference text missing from the output (``lost_reference_chars``); on
  the snippets set, of the removed characters that belong to an annotated snippet, the share in
  must-keep snippets (``snippet_removals``);
* false drops: rejected pages whose reference body (most of it) or must-keep snippets (half of
  them or more) were in the text at the point of drop;
* false splits: line breaks the joins stage inserted where the reference (a paragraph of the
  reference body, or a must-keep snippet) holds the text on both sides joined as it was.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# How many characters on each side of an inserted break must lie joined in one reference
# paragraph or snippet for the split to count as false (about two words each side).
SPLIT_CONTEXT = 12
# A rejected page is a false drop when its text at the point of drop held this share of the
# reference body's 4-word shingles (dev) or of its must-keep snippets (snippets).
DROP_SHARE = 0.5


def norm(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def lost_reference_chars(removed: str, gold: str, output: str) -> tuple[int, int]:
    """(characters of ``removed`` that are reference text missing from ``output``, all its word
    characters). A word counts as reference text when a run of up to 4 removed words around it is
    in the reference; text the output still holds (a pull quote repeating a sentence) is not lost.
    """
    words = _WORD.findall(removed)
    if not words:
        return 0, 0
    k = min(4, len(words))
    gold_words, out_words = _WORD.findall(gold), _WORD.findall(output)
    in_gold = {tuple(gold_words[i:i + k]) for i in range(len(gold_words) - k + 1)}
    in_out = {tuple(out_words[i:i + k]) for i in range(len(out_words) - k + 1)}
    lost = [False] * len(words)
    for i in range(len(words) - k + 1):
        gram = tuple(words[i:i + k])
        if gram in in_gold and gram not in in_out:
            for j in range(i, i + k):
                lost[j] = True
    return sum(len(w) for w, x in zip(words, lost) if x), sum(len(w) for w in words)


def edit_removals(edits: list[dict]) -> list[tuple[str, str, str]]:
    """(case, rule, removed text) for each edit that takes words out: its result's words are some
    of the words it replaced (a Unicode normalisation that merges a combining accent is not one)."""
    out = []
    for e in edits:
        before, after = e["before"] or "", e["after"] or ""
        b, a = Counter(_WORD.findall(before)), Counter(_WORD.findall(after))
        if not (a - b) and sum(b.values()) > sum(a.values()):
            out.append((e["case"], e["rule"], before))
    return out


def gold_rule_rates(removals, gold: dict[str, str], pred: dict[str, str]) -> dict[str, list[int]]:
    """rule -> [removals, word characters removed, reference characters lost] (dev set)."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cid, rule, text in removals:
        lost, total = lost_reference_chars(text, gold.get(cid, ""), pred.get(cid, ""))
        r = rates[rule]
        r[0] += 1
        r[1] += total
        r[2] += lost
    return rates


def snippet_rule_rates(removals, cases: dict[str, dict], pred: dict[str, str]) -> dict[str, list[int]]:
    """rule -> [removals, characters removed inside annotated snippets, of them inside must-keep
    snippets missing from the output] (snippets set). A snippet counts for a removal when the
    removed text holds it whole or the snippet holds the removed text (a line of it)."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cid, rule, text in removals:
        case, removed = cases.get(cid), norm(text)
        r = rates[rule]
        r[0] += 1
        if case is None or not removed:
            continue
        out = norm(pred.get(cid, ""))
        for snippets, keep in ((case["with"], True), (case["without"], False)):
            for s in map(norm, snippets):
                if not s:
                    continue
                size = len(s) if s in removed else len(removed) if len(removed) >= SPLIT_CONTEXT and removed in s else 0
                if size:
                    r[1] += size
                    if keep and s not in out:
                        r[2] += size
    return rates


def false_drops(rejects: dict[str, tuple[str, str]], reference) -> dict[str, str]:
    """case -> rule, for each rejected case whose text at the drop held its reference: ``reference``
    maps a case to its gold body (str) or its snippet case (dict)."""
    out = {}
    for cid, (rule, text) in rejects.items():
        ref = reference.get(cid)
        if ref is None:
            continue
        if isinstance(ref, str):
            held = _shingle_share(ref, text or "")
        else:
            keep = [norm(s) for s in ref["with"] if norm(s)]
            t = norm(text)
            held = sum(s in t for s in keep) / len(keep) if keep else 0.0
        if held >= DROP_SHARE:
            out[cid] = rule
    return out


def _shingle_share(gold: str, text: str) -> float:
    g, t = _WORD.findall(gold), _WORD.findall(text)
    if len(g) < 4:
        return float(bool(g) and " ".join(g) in " ".join(t))
    have = {tuple(t[i:i + 4]) for i in range(len(t) - 3)}
    grams = [tuple(g[i:i + 4]) for i in range(len(g) - 3)]
    return sum(x in have for x in grams) / len(grams)


def split_points(clean: str, edits: list[dict], stage: str = "joins") -> list[tuple[str, str]]:
    """(text before, text after) around each line break ``stage`` inserted, as the text was just
    before that edit (what the edit replaced goes to the right side): the edits are walked back
    from the clean text as pipeline.edits.undo walks them."""
    text, out = clean, []
    for e in sorted(edits, key=lambda r: r["seq"], reverse=True):
        start, before, after = e["start"], e["before"] or "", e["after"] or ""
        if text[start:start + len(after)] != after:
            raise ValueError(f"edit seq {e['seq']} ({e['rule']}): its 'after' text is not at offset {start}")
        text = text[:start] + before + text[start + len(after):]
        if e["rule"].startswith(stage + ".") and "\n" in after and "\n" not in before:
            out.append((text[max(0, start - 4 * SPLIT_CONTEXT):start], text[start:start + 4 * SPLIT_CONTEXT]))
    return out


def false_split(left: str, right: str, paragraphs: list[str]) -> bool:
    """Whether a reference paragraph (or snippet) holds the two sides of a split joined as they
    were: the last SPLIT_CONTEXT characters before it and the first after it, whitespace
    normalised, one space between where the text had spacing there, none where it had none."""
    a, b = norm(left)[-SPLIT_CONTEXT:], norm(right)[:SPLIT_CONTEXT]
    if len(a) < SPLIT_CONTEXT or len(b) < SPLIT_CONTEXT:
        return False
    probe = a + (" " if left[-1:].isspace() or right[:1].isspace() else "") + b
    return any(probe in p for p in paragraphs)


def reference_paragraphs(reference) -> list[str]:
    """The reference's paragraphs (a gold body split at blank lines) or must-keep snippets, normalised."""
    if isinstance(reference, str):
        return [norm(p) for p in re.split(r"\n\s*\n", reference) if p.strip()]
    return [norm(s) for s in reference["with"] if norm(s)]
