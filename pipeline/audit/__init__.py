"""Reading the audit back: a document's edits as an inline diff from its base text to its clean text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass
class Segment:
    text: str
    kind: str          # "keep" | "del" | "ins"
    rule: str = ""


def inline_diff(base: str, edits: Sequence[dict], hide: Iterable[str] = ()) -> list[Segment]:
    """Compose ``edits`` (in seq order, offsets in the text before each edit) over ``base``.

    Returns segments: kept text, deleted spans and inserted spans, each labelled with its rule.
    Text that one edit inserted and a later one removed disappears. Edits whose rule (or stage)
    is in ``hide`` are applied silently: their result shows as plain text.
    """
    hidden = set(hide)
    segs = [Segment(base, "keep")] if base else []
    for e in sorted(edits, key=lambda r: r["seq"]):
        quiet = e["rule"] in hidden or e["stage"] in hidden
        segs = _apply(segs, e["start"], e["end"], e["after"] or "", e["rule"], quiet)
    return _merge(segs)


def _apply(segs: list[Segment], start: int, end: int, after: str, rule: str, quiet: bool) -> list[Segment]:
    # Split the visible segments at the edit's boundaries, so each piece is wholly inside or outside.
    pieces: list[tuple[int | None, Segment]] = []
    pos = 0
    for seg in segs:
        if seg.kind == "del":
            pieces.append((None, seg))  # invisible in the current text: keeps its place
            continue
        s, e = pos, pos + len(seg.text)
        pos = e
        cuts = sorted({0, len(seg.text), *(x - s for x in (start, end) if s < x < e)})
        for a, b in zip(cuts, cuts[1:]):
            pieces.append((s + a, Segment(seg.text[a:b], seg.kind, seg.rule)))
    new = Segment(after, "keep" if quiet else "ins", "" if quiet else rule) if after else None
    out: list[Segment] = []
    inserted = False
    for p, seg in pieces:
        if p is not None and p >= end and not inserted:
            if new:
                out.append(new)
            inserted = True
        if p is not None and start <= p < end:
            if seg.kind == "keep" and not quiet:
                out.append(Segment(seg.text, "del", rule))
            continue  # text an earlier edit inserted, now removed again, simply goes
        out.append(seg)
    if not inserted and new:
        out.append(new)
    return out


def _merge(segs: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segs:
        if not seg.text:
            continue
        if out and out[-1].kind == seg.kind and out[-1].rule == seg.rule:
            out[-1] = Segment(out[-1].text + seg.text, seg.kind, seg.rule)
        else:
            out.append(seg)
    return out


def plural(count: int, word: str) -> str:
    """``1 rule``, ``2 rules``, ``0 rules`` (counts the audit tools print)."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def visible(segs: Sequence[Segment]) -> str:
    """The text after all edits (what the segments show as kept or inserted)."""
    return "".join(s.text for s in segs if s.kind != "del")


def original(segs: Sequence[Segment]) -> str:
    """The base text (kept and deleted spans); exact when no hidden edit changed text."""
    return "".join(s.text for s in segs if s.kind != "ins")


def render(segs: Sequence[Segment], colour: bool) -> str:
    """Plain: ``[-removed-]<rule>`` and ``{+added+}<rule>``; colour: red and green with a dim label."""
    out = []
    for s in segs:
        if s.kind == "keep":
            out.append(s.text)
            continue
        shown = s.text.replace("\n", "⏎\n") if s.text.strip() == "" or s.kind == "ins" else s.text
        if colour:
            code = "31;9" if s.kind == "del" else "32"
            out.append(f"\x1b[{code}m{shown}\x1b[0m\x1b[2m⟨{s.rule}⟩\x1b[0m")
        else:
            mark = ("[-", "-]") if s.kind == "del" else ("{+", "+}")
            out.append(f"{mark[0]}{shown}{mark[1]}⟨{s.rule}⟩")
    return "".join(out)
