"""content: keep the article's blocks of a text input, remove the page furniture around them.

Text a scraper pulled out of a whole page holds the article plus menus, share bars, captions,
related-link lists, comment widgets and footers, one block per line. For each line a small
gradient-boosted tree model (content_model.json, fitted by training/train_content.py on the dev
pages; the figures are in training/README.md) gives the probability that it belongs to the
article, from shape, language-aware prose, position and neighbour features (content_features.py).
A two-state sequence decoder then smooths those probabilities (articles are runs of blocks, so a
lone caption inside the article and a lone sentence in the footer both follow their neighbours),
the longest kept stretch is taken as the article (a teaser list further down is another stretch),
and every removed line is an audited edit named for the kind of furniture it looks like.

HTML inputs are left alone by default: trafilatura already chose their main content.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from typing import Callable

from ..document import Document
from ..edits import Proposal, apply
from .base import Stage
from .content_features import (CONTEXT_FEATURES, FEATURES, Block, adaptive_stop_words, blocks,
                                comment_thread, context_rows, features, short_runs, stop_words, tokens)
from .content_rules import BOILERPLATE_WORDS, SHARE_WORDS


def _node_source(tree: dict, node: int) -> str:
    feat, left = int(tree["f"][node]), int(tree["l"][node])
    if left < 0:
        return repr(float(tree["v"][node]))
    right = int(tree["r"][node])
    return (f"({_node_source(tree, left)} if x{feat} <= {float(tree['t'][node])!r} "
            f"else {_node_source(tree, right)})")


def compile_trees(trees: dict) -> Callable[[list[float]], float]:
    """One fitted set of boosted trees as a Python function of a feature row (its log-odds).

    The trees become straight-line code (one conditional expression per tree, the row's features
    in local variables), generated from the numbers alone (every value goes through float() or
    int(), so a model file cannot inject code) and compiled once: walking the node arrays in a
    loop cost ten times as much. The sum runs tree by tree from 0, as sum() over the trees did.
    """
    used = sorted({int(f) for t in trees["trees"] for f, l in zip(t["f"], t["l"]) if int(l) >= 0})
    lines = ["def _score(row):"]
    lines += [f"    x{f} = row[{f}]" for f in used]
    lines.append("    s = 0.0")
    lines += [f"    s += {_node_source(t, 0)}" for t in trees["trees"]]
    lines.append(f"    return {float(trees['init'])!r} + {float(trees['learning_rate'])!r} * s")
    namespace: dict = {}
    exec(compile("\n".join(lines), "<content trees>", "exec"), namespace)  # noqa: S102
    return namespace["_score"]


def score_trees(trees: dict, rows: list[list[float]], scorer: Callable | None = None) -> list[float]:
    """Log-odds of each feature row under one fitted set of boosted trees (``scorer``: the trees
    already compiled by compile_trees)."""
    scorer = scorer or compile_trees(trees)
    return [scorer(row) for row in rows]


def compile_model(model: dict) -> dict[str, Callable]:
    """The model's tree passes compiled (compile_trees), by name ("first", "second")."""
    return {name: compile_trees(model[name]) for name in ("first", "second") if model.get(name)}


def score_rows(model: dict, rows: list[list[float]], scorers: dict[str, Callable] | None = None) -> list[float]:
    """Log-odds of each block: the first pass on its own features, then (when the model has one)
    the second pass on the first pass's log-odds around it. ``scorers``: compile_model(model),
    when the caller keeps it across documents."""
    if model["features"] != list(FEATURES) or model.get("context_features", list(CONTEXT_FEATURES)) != list(CONTEXT_FEATURES):
        raise ValueError("content model was fitted on other features; retrain it with "
                         "training/train_content.py")
    scorers = scorers or compile_model(model)
    logits = score_trees(model["first"], rows, scorers["first"])
    if model.get("second"):
        logits = score_trees(model["second"], context_rows(logits, rows), scorers["second"])
    return logits


def decode(logits: list[float], bias: float, switch_cost: float) -> list[bool]:
    """Most likely keep/drop sequence (Viterbi over two states): each block pays -log p for the
    state it is in (p from its logit shifted by ``bias``), each change of state pays
    ``switch_cost``: articles are runs of blocks, so a lone caption among paragraphs and a lone
    sentence in the footer follow their neighbours unless the model is sure of them."""
    cost = [0.0, 0.0]  # best cost of a sequence ending in drop (0) / keep (1)
    back: list[tuple[int, int]] = []
    for z in logits:
        z -= bias
        # -log(1 - sigmoid(z)) and -log(sigmoid(z)), computed without overflow
        emit = (max(z, 0.0) + math.log1p(math.exp(-abs(z))), max(-z, 0.0) + math.log1p(math.exp(-abs(z))))
        new, ptr = [0.0, 0.0], [0, 0]
        for s in (0, 1):
            stay, move = cost[s], cost[1 - s] + switch_cost
            new[s], ptr[s] = (stay, s) if stay <= move else (move, 1 - s)
            new[s] += emit[s]
        cost = new
        back.append((ptr[0], ptr[1]))
    state = 1 if cost[1] <= cost[0] else 0
    out = [False] * len(logits)
    for i in range(len(logits) - 1, -1, -1):
        out[i] = state == 1
        state = back[i][state]
    return out


def choose(model: dict, logits: list[float], blks: list[Block], min_keep_share: float,
           drop_inside: bool = False, toks: list[list[str]] | None = None) -> list[bool]:
    """Keep/drop per block: the decoded sequence restricted to its stretch with the most words
    (when the model has an ``island_gap``), or the best-rated lines if that keeps too little.
    ``toks``: the blocks' tokens, when the caller has them already."""
    toks = toks if toks is not None else [tokens(b.text) for b in blks]
    words = [len(t) for t in toks]
    thread = comment_thread(blks, toks)
    if thread < len(blks):
        # Reader comments are prose the model may like; they are never the article.
        logits = logits[:thread] + [min(z, THREAD_LOGIT) for z in logits[thread:]]
    keep = decode(logits, model["bias"], model["switch_cost"])
    kept = [i for i, k in enumerate(keep) if k]
    gap = model.get("island_gap")
    if kept and gap is not None:
        # The article is one stretch of the page: kept lines separated by at most ``gap``
        # rejected lines belong together, and only the stretch with the most words stays (a
        # teaser list or a "you may also like" block further down is another stretch).
        runs = [[kept[0], kept[0]]]
        for i in kept[1:]:
            if i - runs[-1][1] - 1 <= gap:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        lo, hi = max(runs, key=lambda r: (sum(words[r[0]:r[1] + 1]), -r[0]))
        keep = [k and lo <= i <= hi for i, k in enumerate(keep)]
        kept = [i for i in kept if lo <= i <= hi]
    if kept and not drop_inside:
        keep[kept[0]:kept[-1] + 1] = [True] * (kept[-1] + 1 - kept[0])
    total = sum(words)
    if total and sum(w for w, k in zip(words, keep) if k) < min_keep_share * total:
        # The model found no article (a language or layout it has not seen): keep the lines it
        # rates within FALLBACK_MARGIN log-odds of its best rather than return nothing.
        best = max(range(len(blks)), key=lambda i: (logits[i], -i))
        keep = [i == best or (logits[i] >= logits[best] - FALLBACK_MARGIN and words[i] >= 8)
                for i in range(len(blks))]
    return keep


# How far below the best line's log-odds the fallback still keeps a line (about a factor of 7 in
# odds); set by hand, it only decides pages where the decoder kept almost nothing.
FALLBACK_MARGIN = 2.0
# The log-odds of a line of a reader-comment thread at most: as sure as the model ever is.
THREAD_LOGIT = -10.0


class Content(Stage):
    """Remove the lines of a text input that are not part of its article.

    Args:
        model: the model file beside this module (or an absolute path) with the fitted trees,
            the decoder's switch cost and the keep threshold.
        stop_words: how many of the language's most frequent wordfreq words count as function
            words (the stop-word share feature); the model was fitted with this value.
        sample_chars: language detection reads at most this many characters of the longest lines.
            1000 (about 160 words of prose): every dev page (both text forms) gets the same
            language with 300, 500, 700, 1000 or 2000 characters; the n-gram pass costs in
            proportion to the sample (with langdetect_fast about 1.1 ms per page at 1000
            characters, 1.0 at 500; stock langdetect 2.7 / 1.6).
        seed: langdetect's seed, so the same text always gets the same language.
        min_keep_share: if the model would keep less than this share of the document's words, keep
            the densest run of prose instead (no page of any language may come out empty).
        drop_inside: also remove the lines the model rejects between the article's first and last
            kept lines (captions, inline related links). Off: under site-grouped CV on the dev
            pages 30-50 % of the characters those removals took were article text (subheadings,
            list items), for no F1 gain (page 0.915 with, 0.913 without; merged 0.906 / 0.907).
        content_types: the inputs it touches; "text" by default (HTML is trafilatura's job).
    """

    name = "content"
    reads = ("title",)
    content_types: tuple[str, ...] = ("text",)

    def __init__(self, *, model: str = "content_model.json", stop_words: int = 200,
                 sample_chars: int = 1000, seed: int = 0, min_keep_share: float = 0.05,
                 drop_inside: bool = False, content_types: list[str] = ("text",)):
        self.model = model
        self.stop_words = stop_words
        self.sample_chars = sample_chars
        self.seed = seed
        self.min_keep_share = min_keep_share
        self.drop_inside = drop_inside
        self.content_types = tuple(content_types)
        self._model = None
        self._scorers = None
        self._factory = None
        self._stops: dict[str, frozenset[str]] = {}

    def required_keys(self) -> tuple[str, ...]:
        return ()  # the title helps when an earlier stage found one; it is not required

    def __getstate__(self):  # loaded model and language profiles stay out of worker pickles
        state = dict(self.__dict__)
        state["_model"] = state["_scorers"] = state["_factory"] = None
        state["_stops"] = {}
        return state

    def _load(self) -> dict:
        if self._model is None:
            if "/" in self.model:
                with open(self.model, encoding="utf-8") as fh:
                    self._model = json.load(fh)
            else:
                self._model = json.loads(resources.files(__package__).joinpath(self.model).read_text("utf-8"))
            self._scorers = compile_model(self._model)
        return self._model

    def language(self, blks: list[Block]) -> str:
        """The language of the document's prose: langdetect (seeded) on its longest lines."""
        from langdetect.lang_detect_exception import LangDetectException

        sample, size = [], 0
        for b in sorted(blks, key=lambda b: (-len(b.text), b.start)):
            if size >= self.sample_chars:
                break
            sample.append(b.text)
            size += len(b.text)
        if self._factory is None:
            from .shared import langdetect_factory

            # langdetect's answers, computed faster (langdetect_fast), with the profiles the
            # language stage of the same pipeline loads too; not langdetect's global factory
            self._factory = langdetect_factory(self.shared, self.seed)
        detector = self._factory.create()
        detector.append("\n".join(sample)[: self.sample_chars])
        try:
            best = detector.get_probabilities()
        except LangDetectException:
            return "und"
        return best[0].lang.split("-")[0] if best else "und"

    def stops(self, blks: list[Block], toks: list[list[str]] | None = None) -> frozenset[str]:
        lang = self.language(blks)
        if lang not in self._stops:
            self._stops[lang] = stop_words(lang, self.stop_words)
        found = self._stops[lang]
        if found:
            return found
        return adaptive_stop_words(toks if toks is not None else [tokens(b.text) for b in blks],
                                   self.stop_words // 4)

    def logits(self, blks: list[Block], title: str | None, toks: list[list[str]] | None = None) -> list[float]:
        """The model's log-odds that each block belongs to the article."""
        model = self._load()
        return score_rows(model, features(blks, self.stops(blks, toks), title, toks), self._scorers)

    def decide(self, blks: list[Block], title: str | None, toks: list[list[str]] | None = None) -> list[bool]:
        toks = toks if toks is not None else [tokens(b.text) for b in blks]
        return choose(self._load(), self.logits(blks, title, toks), blks, self.min_keep_share,
                      self.drop_inside, toks)

    def __call__(self, doc: Document) -> Document:
        blks = blocks(doc.text)
        if len(blks) < 2:
            return doc
        toks = [tokens(b.text) for b in blks]
        keep = self.decide(blks, doc.meta.get("title"), toks)
        props = []
        for b, rule in zip(blks, reasons(blks, keep, toks)):
            if rule is None:
                continue
            end = b.end + 1 if doc.text[b.end:b.end + 1] == "\n" else b.end
            props.append(Proposal(b.start, end, "", rule))
        return apply(doc, self.name, props)


# Lines of at most four words in a row that make a menu (a nav bar printed one item per line).
MENU_RUN = 3


def reasons(blks: list[Block], keep: list[bool], toks: list[list[str]] | None = None) -> list[str | None]:
    """Name each removed line for the audit by the furniture it looks like (None for kept lines)."""
    toks = toks if toks is not None else [tokens(b.text) for b in blks]
    runs = short_runs([len(t) for t in toks])
    seen = Counter(b.text.strip() for b in blks)
    kept = [j for j, k in enumerate(keep) if k]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(keep), -1)
    thread = comment_thread(blks, toks)
    out: list[str | None] = []
    for i, b in enumerate(blks):
        t = toks[i]
        boiler = sum(1 for w in t if w in BOILERPLATE_WORDS)
        if keep[i]:
            out.append(None)
        elif i >= thread:
            out.append("content.comment_thread")
        elif t and boiler * 2 >= len(t) and len(t) <= 8:
            out.append("content.share_bar" if any(w in SHARE_WORDS for w in t) else "content.menu_item")
        elif seen[b.text.strip()] > 1:
            out.append("content.repeated_line")
        elif runs[i] >= MENU_RUN:
            out.append("content.menu_run")
        elif i < first_kept:
            out.append("content.page_header")
        elif i > last_kept:
            out.append("content.page_footer")
        else:
            out.append("content.short_line" if len(t) <= 4 else "content.caption")
    return out
