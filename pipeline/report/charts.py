"""Chart geometry for the report's SVG templates: numbers in, positions out (the markup itself is
in templates/chart.svg.j2)."""
from __future__ import annotations

import math

WIDTH = 460           # SVG width in px; the label column takes the left part
LABEL = 190           # the label column's least width
CHAR = 6.4            # px per character of an 11px system-ui label (a wide average: digits, lower case, "_")
ROW = 18              # bar height plus gap
MAX_BARS = 25         # longer lists are cut to the top entries, the rest summed as "other"


def bars(title: str, items: list[tuple[str, int]]) -> dict:
    items = [(str(k), int(v)) for k, v in items if v]
    if len(items) > MAX_BARS:
        rest = sum(v for _, v in items[MAX_BARS - 1:])
        items = items[:MAX_BARS - 1] + [(f"{len(items) - MAX_BARS + 1} others", rest)]
    top = max((v for _, v in items), default=0)
    # labels are shown whole (a clipped rule name is no name): a long one widens the label column
    # and the drawing, which the page scales down to the chart's box
    label_w = max([LABEL] + [round(12 + CHAR * len(k)) for k, _ in items])
    span = WIDTH - LABEL - 60
    rows = [{"label": k, "value": v, "y": 22 + i * ROW,
             "w": max(1.0, round(span * v / top, 1)) if top else 0} for i, (k, v) in enumerate(items)]
    return {"kind": "bars", "title": title, "rows": rows, "width": label_w + span + 60, "label_w": label_w,
            "height": 30 + max(1, len(rows)) * ROW, "empty": not rows}


def histogram(title: str, first: list[int], second: list[int], names: tuple[str, str]) -> dict:
    """Two distributions over the same log2 buckets of length, drawn as paired columns."""
    def bucket(n: int) -> int:
        return 0 if n <= 0 else int(math.log2(n))
    values = first + second
    if not values:
        return {"kind": "hist", "title": title, "empty": True, "width": WIDTH, "height": 40, "cols": [],
                "names": names}
    lo, hi = bucket(min(values)), bucket(max(values))
    keys = list(range(lo, hi + 1))
    c1 = {k: 0 for k in keys}
    c2 = {k: 0 for k in keys}
    for n in first:
        c1[bucket(n)] += 1
    for n in second:
        c2[bucket(n)] += 1
    top = max([*c1.values(), *c2.values(), 1])
    plot_h, base_y = 120, 150
    slot = (WIDTH - 40) / len(keys)
    bar_w = max(2.0, slot / 2 - 2)
    cols = []
    for i, k in enumerate(keys):
        x = 30 + i * slot
        h1 = plot_h * c1[k] / top
        h2 = plot_h * c2[k] / top
        cols.append({"x1": round(x, 1), "x2": round(x + bar_w, 1), "w": round(bar_w, 1),
                     "y1": round(base_y - h1, 1), "h1": round(h1, 1), "n1": c1[k],
                     "y2": round(base_y - h2, 1), "h2": round(h2, 1), "n2": c2[k],
                     "label": _short(2 ** k) if k else "0", "lx": round(x + bar_w, 1)})
    return {"kind": "hist", "title": title, "empty": False, "width": WIDTH, "height": 190, "cols": cols,
            "base_y": base_y, "names": names, "top": top}


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)
