"""content: keep the article's blocks of a text input, remove the page furniture around them.

Text a scraper pulled out of a whole page holds the article plus menus, share bars, captions,
related-link lists, comment widgets and footers, one block per line. For each line a small
gradient-boosted tree model (content_model.json, fitted by training/train_content.py on both
benchmark sets; the figures are in training/README.md) gives the probability that it belongs to
the article, from shape, language-aware prose, position and neighbour features (features.py).
Text that shows no sure furniture around the lines the model keeps (a clean article, the
pipeline's own output) passes untouched (shows_furniture). Otherwise a two-state sequence decoder
smooths those probabilities (articles are runs of blocks, so a lone caption inside the article
and a lone sentence in the footer both follow their neighbours), the longest kept stretch is
taken as the article (a teaser list further down is another stretch), and every removed line is
an audited edit named for the kind of furniture it looks like.

HTML inputs are left alone by default: trafilatura already chose their main content.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from itertools import compress

import numpy as np

from ...document import Document
from ...edits import Proposal, apply
from ..base import Stage
from .features import (CONTEXT_FEATURES, FEATURES, Block, adaptive_stop_words, block_tokens,
                                blocks, comment_thread, context_rows, feature_matrix, short_runs, stop_words)
from .vocabulary import BOILERPLATE_WORDS, SHARE_WORDS


@dataclass(frozen=True)
class PackedTrees:
    """One fitted set of boosted trees as arrays, every tree padded to a complete binary tree of
    the set's greatest depth (a leaf above the bottom level fills all the slots below it), so a
    document's blocks go through all the trees at once."""

    feature: np.ndarray    # (2**depth - 1, trees): each inner node's feature, nodes in heap order
    threshold: np.ndarray  # (2**depth - 1, trees): a block goes left when its feature <= this
    leaf: np.ndarray       # (2**depth, trees, 1): the leaf values, left to right
    depth: int
    init: float
    learning_rate: float
    # The distinct (feature, threshold) tests among the inner nodes (many trees split the same
    # feature at the same value, and the padding's all test feature 0 <= 0.0), and which one each
    # node (row of feature.ravel()) asks: each distinct test is computed once per block.
    test_feature: np.ndarray | None = None    # (tests,)
    test_threshold: np.ndarray | None = None  # (tests, 1)
    node_test: np.ndarray | None = None       # (2**depth - 1) * trees


def _depth(tree: dict, node: int) -> int:
    if int(tree["l"][node]) < 0:
        return 0
    return 1 + max(_depth(tree, int(tree["l"][node])), _depth(tree, int(tree["r"][node])))


def pack_trees(trees: dict) -> PackedTrees:
    """The node arrays of a fitted tree set (scikit-learn's layout: feature "f", threshold "t",
    children "l"/"r" with -1 at a leaf, value "v") as PackedTrees. Every number goes through
    int() or float(): a model file holds numbers only."""
    fitted = trees["trees"]
    depth = max((_depth(t, 0) for t in fitted), default=0)
    inner = 2 ** depth - 1
    feature = np.zeros((inner, len(fitted)), dtype=np.intp)
    threshold = np.zeros((inner, len(fitted)), dtype=np.float64)
    leaf = np.zeros((inner + 1, len(fitted), 1), dtype=np.float64)
    for k, tree in enumerate(fitted):
        stack = [(0, 0, 0)]  # (node, heap slot, level); a slot's children are 2 slot + 1 and + 2
        while stack:
            node, slot, level = stack.pop()
            left = int(tree["l"][node])
            if level == depth:
                leaf[slot - inner, k] = float(tree["v"][node])
            elif left >= 0:
                feature[slot, k] = int(tree["f"][node])
                threshold[slot, k] = float(tree["t"][node])
                stack += [(left, 2 * slot + 1, level + 1), (int(tree["r"][node]), 2 * slot + 2, level + 1)]
            else:
                # a leaf above the bottom: both sides of the padding split below it (feature 0
                # <= 0.0) lead to it, so whichever side a block takes it gets this leaf's value
                stack += [(node, 2 * slot + 1, level + 1), (node, 2 * slot + 2, level + 1)]
    tests = {}
    node_test = np.array([tests.setdefault(pair, len(tests))
                          for pair in zip(feature.ravel().tolist(), threshold.ravel().tolist())], dtype=np.intp)
    test_feature = np.array([f for f, _t in tests], dtype=np.intp)
    test_threshold = np.array([t for _f, t in tests], dtype=np.float64).reshape(-1, 1)
    return PackedTrees(feature, threshold, leaf, depth, float(trees["init"]), float(trees["learning_rate"]),
                       test_feature, test_threshold, node_test)


def score_matrix(packed: PackedTrees, columns: np.ndarray) -> np.ndarray:
    """Log-odds of each block under the packed trees, ``columns`` holding the blocks' features
    (a row per feature, a column per block, float64): the same floats as walking each tree and
    adding up the leaves tree by tree from 0.0 in order, then init + learning_rate * sum."""
    inner, count = packed.feature.shape
    n = columns.shape[1]
    # every inner node's test on every block: (node, tree, block)
    if packed.node_test is None:
        goes_left = (columns[packed.feature.ravel()] <= packed.threshold.reshape(-1, 1)).reshape(inner, count, n)
    else:
        goes_left = (columns[packed.test_feature] <= packed.test_threshold)[packed.node_test].reshape(inner, count, n)
    # Each tree's leaf for each block, from the bottom up: an inner node takes its left child's
    # value where the block goes left, its right child's elsewhere.
    values = list(packed.leaf)
    for level in range(packed.depth - 1, -1, -1):
        first = 2 ** level - 1
        values = [np.where(goes_left[first + j], values[2 * j], values[2 * j + 1]) for j in range(2 ** level)]
    leaves = np.broadcast_to(values[0], (count, n))  # (trees, blocks)
    return packed.init + packed.learning_rate * _sum_rows(leaves)


def _sum_rows(rows: np.ndarray) -> np.ndarray:
    """The column sums of a 2-D array, each added row by row from 0.0 in order, as a loop of row
    additions (or the walk over the trees) adds them. np.add.reduce over axis 0 of a C-ordered
    array with at least two columns adds each row into the running sums (its inner loop runs
    along the row), so the order is that one, about ten times faster than the loop; over one
    column (or a broadcast one) its inner loop would run down the column and add pairwise, so a
    single column gets a zero column beside it and a broadcast array is made whole first."""
    rows = np.ascontiguousarray(rows)
    if rows.shape[1] == 1:
        return np.add.reduce(np.concatenate([rows, np.zeros_like(rows)], axis=1), axis=0, initial=0.0)[:1]
    return np.add.reduce(rows, axis=0, initial=0.0)


def score_trees(trees: dict, rows, packed: PackedTrees | None = None) -> list[float]:
    """Log-odds of each feature row under one fitted set of boosted trees (``packed``:
    pack_trees(trees), when the caller keeps it)."""
    packed = packed or pack_trees(trees)
    if len(rows) == 0:
        return []
    return score_matrix(packed, np.asarray(rows, dtype=np.float64).T).tolist()


def pack_model(model: dict) -> dict[str, PackedTrees]:
    """The model's tree passes packed (pack_trees), by name ("first", "second")."""
    return {name: pack_trees(model[name]) for name in ("first", "second") if model.get(name)}


def score_rows(model: dict, rows: list[list[float]], packed: dict[str, PackedTrees] | None = None) -> list[float]:
    """Log-odds of each block from its feature row (features()): score_columns on the rows."""
    columns = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES)).T
    return score_columns(model, columns, packed)


def score_columns(model: dict, columns: np.ndarray, packed: dict[str, PackedTrees] | None = None) -> list[float]:
    """Log-odds of each block (``columns``: feature_matrix()): the first pass on its own features,
    then (when the model has one) the second pass on the first pass's log-odds around it.
    ``packed``: pack_model(model), when the caller keeps it across documents."""
    if model["features"] != list(FEATURES) or model.get("context_features", list(CONTEXT_FEATURES)) != list(CONTEXT_FEATURES):
        raise ValueError("content model was fitted on other features; retrain it with "
                         "training/train_content.py")
    packed = packed or pack_model(model)
    logits = score_matrix(packed["first"], columns).tolist()
    if model.get("second"):
        logits = score_trees(model["second"], context_rows(logits, columns.T.tolist()), packed["second"])
    return logits


def decode(logits: list[float], bias: float, switch_cost: float) -> list[bool]:
    """Most likely keep/drop sequence (Viterbi over two states): each block pays -log p for the
    state it is in (p from its logit shifted by ``bias``), each change of state pays
    ``switch_cost``: articles are runs of blocks, so a lone caption among paragraphs and a lone
    sentence in the footer follow their neighbours unless the model is sure of them."""
    drop = keep = 0.0  # best cost of a sequence ending in drop / keep
    back: list[tuple[int, int]] = []  # per block: the state before it on the best way to drop / keep
    log1p, exp = math.log1p, math.exp
    for z in logits:
        z -= bias
        # -log(1 - sigmoid(z)) and -log(sigmoid(z)), computed without overflow
        soft = log1p(exp(-abs(z)))
        move = keep + switch_cost
        new_drop, from_drop = (drop, 0) if drop <= move else (move, 1)
        move = drop + switch_cost
        new_keep, from_keep = (keep, 1) if keep <= move else (move, 0)
        drop, keep = new_drop + (max(z, 0.0) + soft), new_keep + (max(-z, 0.0) + soft)
        back.append((from_drop, from_keep))
    state = 1 if keep <= drop else 0
    out = [False] * len(logits)
    for i in range(len(logits) - 1, -1, -1):
        out[i] = state == 1
        state = back[i][state]
    return out


def choose(model: dict, logits: list[float], blks: list[Block], min_keep_share: float,
           drop_inside: bool = False, toks: list[list[str]] | None = None,
           thread: int | None = None) -> list[bool]:
    """Keep/drop per block: every block when the text shows no furniture (shows_furniture),
    else the decoded sequence restricted to its stretch with the most words (when the model has
    an ``island_gap``), or the best-rated lines if that keeps too little.
    ``toks``, ``thread``: the blocks' tokens and comment_thread(), when the caller has them."""
    toks = toks if toks is not None else block_tokens(blks)
    thread = thread if thread is not None else comment_thread(blks, toks)
    logits = mask_thread(logits, thread)
    if not shows_furniture(model, logits):
        return [True] * len(blks)
    return decide_lines(model, logits, list(map(len, toks)), min_keep_share, drop_inside)


def mask_thread(logits: list[float], thread: int) -> list[float]:
    """Reader comments (from line ``thread`` on) are prose the model may like; they are never the
    article."""
    if thread >= len(logits):
        return logits
    return logits[:thread] + [min(z, THREAD_LOGIT) for z in logits[thread:]]


def shows_furniture(model: dict, logits: list[float]) -> bool:
    """Whether the text shows page furniture at all: at least ``gate["lines"]`` furniture lines
    (furniture_lines) below ``gate["logit"]``. A text without (a clean article, the pipeline's
    own output) passes untouched. Both numbers are fitted with the model
    (training/train_content.py: chosen by site-grouped CV on the page forms of both sets and on
    the reference bodies given as text). A model without a gate sees furniture everywhere."""
    gate = model.get("gate")
    return not gate or furniture_lines(logits, gate["logit"]) >= gate["lines"]


def furniture_lines(logits: list[float], below: float) -> int:
    """How many lines rated below ``below`` lie before the first or after the last line the model
    keeps (log-odds above 0): a scraped page has its menus, header and footer around the
    article. Inside a text, lines that look like furniture to a line model (a recipe's
    ingredients, a table's rows, code: cut from clean reference bodies before the gate, issue 16)
    may well be article structure, so they are no evidence of furniture by themselves. With no
    line kept, every sure line counts (the model sees no article at all)."""
    kept = [i for i, z in enumerate(logits) if z > 0.0]
    if not kept:
        return sum(z < below for z in logits)
    first, last = kept[0], kept[-1]
    return sum(z < below for z in logits[:first]) + sum(z < below for z in logits[last + 1:])


def decide_lines(model: dict, logits: list[float], words: list[int], min_keep_share: float,
                 drop_inside: bool) -> list[bool]:
    """Keep/drop per line of a text that shows furniture (see choose)."""
    return article_stretch(decode(logits, model["bias"], model["switch_cost"]), logits, words,
                           model.get("island_gap"), min_keep_share, drop_inside)


def article_stretch(keep: list[bool], logits: list[float], words: list[int], gap: int | None,
                    min_keep_share: float, drop_inside: bool) -> list[bool]:
    """The decoded keep/drop sequence ``keep`` narrowed to the article's stretch (see choose)."""
    kept = list(compress(range(len(keep)), keep))
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
        keep = [False] * lo + keep[lo:hi + 1] + [False] * (len(keep) - hi - 1)
        kept = [i for i in kept if lo <= i <= hi]
    if kept and not drop_inside:
        keep[kept[0]:kept[-1] + 1] = [True] * (kept[-1] + 1 - kept[0])
    total = sum(words)
    if total and sum(compress(words, keep)) < min_keep_share * total:
        # The model found no article (a language or layout it has not seen): keep the lines it
        # rates within FALLBACK_MARGIN log-odds of its best rather than return nothing.
        best = max(range(len(logits)), key=lambda i: (logits[i], -i))
        keep = [i == best or (logits[i] >= logits[best] - FALLBACK_MARGIN and words[i] >= 8)
                for i in range(len(logits))]
    return keep


def language_sample(blks: list[Block], chars: int) -> str:
    """The text language detection reads: the longest lines (the earlier first among lines of the
    same length), one a line, until they hold ``chars`` characters, cut at ``chars``."""
    sample, size = [], 0
    texts = [b.text for b in blks]
    lengths = list(map(len, texts))
    # (the blocks are in text order and the sort is stable, reversed too)
    for i in sorted(range(len(texts)), key=lengths.__getitem__, reverse=True):
        if size >= chars:
            break
        sample.append(texts[i])
        size += lengths[i]
    return "\n".join(sample)[:chars]


# How far below the best line's log-odds the fallback still keeps a line (about a factor of 7 in
# odds); set by hand, it only decides pages where the decoder kept almost nothing.
FALLBACK_MARGIN = 2.0
# The log-odds of a line of a reader-comment thread at most: as sure as the model ever is.
THREAD_LOGIT = -10.0


class Content(Stage):
    """Remove the lines of a text input that are not part of its article.

    Args:
        model: the model file beside this module (or an absolute path) with the fitted trees,
            the decoder's switch cost, keep threshold and island gap, and the furniture gate.
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

    def required_keys(self) -> tuple[str, ...]:
        return ()  # the title helps when an earlier stage found one; it is not required

    def warm_up(self) -> None:
        self.packed  # noqa: B018  (loads the model too)
        self.resource("langdetect", self._detector_factory)
        self._stop_words("en")  # the language most text inputs are in; others load on first use

    def _load(self) -> dict:
        """The model (and its packed trees, in the ``packed`` resource), loaded once per process."""
        return self.resource("model", self._read_model)

    def _read_model(self) -> dict:
        if "/" in self.model:
            with open(self.model, encoding="utf-8") as fh:
                return json.load(fh)
        return json.loads(resources.files(__package__).joinpath(self.model).read_text("utf-8"))

    @property
    def packed(self) -> dict[str, PackedTrees]:
        """The model's trees packed for scoring, once per process."""
        return self.resource("packed", lambda: pack_model(self._load()))

    def _detector_factory(self):
        from ..language.langdetect_fast import langdetect_factory

        # langdetect's answers, computed faster (langdetect_fast), with the profiles the language
        # stage of the same pipeline loads too; not langdetect's global factory
        return langdetect_factory(self.shared, self.seed)

    def _stop_words(self, lang: str) -> frozenset[str]:
        stops: dict[str, frozenset[str]] = self.resource("stop_words", dict)
        if lang not in stops:
            stops[lang] = stop_words(lang, self.stop_words)
        return stops[lang]

    def language(self, blks: list[Block]) -> str:
        """The language of the document's prose: langdetect (seeded) on its longest lines."""
        from langdetect.lang_detect_exception import LangDetectException

        detector = self.resource("langdetect", self._detector_factory).create()
        detector.append(language_sample(blks, self.sample_chars))
        try:
            best = detector.get_probabilities()
        except LangDetectException:
            return "und"
        return best[0].lang.split("-")[0] if best else "und"

    def stops(self, blks: list[Block], toks: list[list[str]] | None = None) -> frozenset[str]:
        lang = self.language(blks)
        found = self._stop_words(lang)
        if found:
            return found
        return adaptive_stop_words(toks if toks is not None else block_tokens(blks),
                                   self.stop_words // 4)

    def logits(self, blks: list[Block], title: str | None, toks: list[list[str]] | None = None) -> list[float]:
        """The model's log-odds that each block belongs to the article."""
        model = self._load()
        return score_columns(model, feature_matrix(blks, self.stops(blks, toks), title, toks), self.packed)

    def decide(self, blks: list[Block], title: str | None, toks: list[list[str]] | None = None,
               thread: int | None = None) -> list[bool]:
        toks = toks if toks is not None else block_tokens(blks)
        return choose(self._load(), self.logits(blks, title, toks), blks, self.min_keep_share,
                      self.drop_inside, toks, thread)

    def __call__(self, doc: Document) -> Document:
        blks = blocks(doc.text)
        if len(blks) < 2:
            return doc
        toks = block_tokens(blks)
        thread = comment_thread(blks, toks)
        keep = self.decide(blks, doc.meta.get("title"), toks, thread)
        size = len(doc.text)  # every line but the text's last is followed by its newline
        props = [Proposal(b.start, b.end + 1 if b.end < size else b.end, "", rule)
                 for b, rule in zip(blks, reasons(blks, keep, toks, thread)) if rule is not None]
        return apply(doc, self.name, props)


# Lines of at most four words in a row that make a menu (a nav bar printed one item per line).
MENU_RUN = 3


def reasons(blks: list[Block], keep: list[bool], toks: list[list[str]] | None = None,
            thread: int | None = None) -> list[str | None]:
    """Name each removed line for the audit by the furniture it looks like (None for kept lines).
    ``toks``, ``thread``: the blocks' tokens and comment_thread(), when the caller has them."""
    toks = toks if toks is not None else block_tokens(blks)
    runs = short_runs(list(map(len, toks)))
    stripped = [b.text.strip() for b in blks]
    seen = Counter(stripped)
    kept = [j for j, k in enumerate(keep) if k]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(keep), -1)
    thread = thread if thread is not None else comment_thread(blks, toks)
    boiler, share = BOILERPLATE_WORDS.__contains__, SHARE_WORDS.isdisjoint
    out: list[str | None] = [None] * len(blks)
    for i, k in enumerate(keep):
        if k:
            continue
        t = toks[i]
        if i >= thread:
            rule = "content.comment_thread"
        elif t and len(t) <= 8 and sum(map(boiler, t)) * 2 >= len(t):
            rule = "content.menu_item" if share(t) else "content.share_bar"
        elif seen[stripped[i]] > 1:
            rule = "content.repeated_line"
        elif runs[i] >= MENU_RUN:
            rule = "content.menu_run"
        elif i < first_kept:
            rule = "content.page_header"
        elif i > last_kept:
            rule = "content.page_footer"
        else:
            rule = "content.short_line" if len(t) <= 4 else "content.caption"
        out[i] = rule
    return out
