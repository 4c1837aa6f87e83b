"""content: the compiled trees score exactly as walking the fitted node arrays does, and the
fast character counts equal str.isalpha / isupper / isdigit counts, in any script."""
from __future__ import annotations

import json
import random

from pipeline.stages.content import Content, compile_trees, score_rows, score_trees
from pipeline.stages.content_features import _char_counts, blocks, features


def walk(trees: dict, row: list[float]) -> float:
    """The plain reading of a boosted tree set: walk each tree from its root, add up the leaves."""
    total = 0.0
    for t in trees["trees"]:
        node = 0
        while t["l"][node] >= 0:
            node = t["l"][node] if row[t["f"][node]] <= t["t"][node] else t["r"][node]
        total += t["v"][node]
    return trees["init"] + trees["learning_rate"] * total


def random_trees(rng: random.Random, n_features: int, depth: int, count: int) -> dict:
    trees = []
    for _ in range(count):
        f, t, l, r, v = [], [], [], [], []

        def grow(level: int) -> int:
            node = len(f)
            f.append(-2), t.append(-2.0), l.append(-1), r.append(-1), v.append(rng.uniform(-2, 2))
            if level < depth and rng.random() < 0.8:
                f[node], t[node] = rng.randrange(n_features), rng.uniform(-1, 1)
                l[node] = grow(level + 1)
                r[node] = grow(level + 1)
            return node

        grow(0)
        trees.append({"f": f, "t": t, "l": l, "r": r, "v": v})
    return {"init": rng.uniform(-1, 1), "learning_rate": 0.1, "trees": trees}


def test_compiled_trees_equal_walking_the_node_arrays():
    rng = random.Random(7)
    for depth in (1, 2, 4):
        trees = random_trees(rng, 12, depth, 50)
        rows = [[rng.choice((rng.uniform(-1.5, 1.5), 0.0, -1.0, 1.0)) for _ in range(12)] for _ in range(300)]
        # a row exactly on a threshold goes left, as in scikit-learn
        rows.append([trees["trees"][0]["t"][0]] * 12)
        assert score_trees(trees, rows) == [walk(trees, row) for row in rows]
        assert compile_trees(trees)(rows[0]) == walk(trees, rows[0])


def test_shipped_model_scores_as_walking_its_trees():
    content = Content()
    model = content._load()
    text = ("Home\nNews\nSport\nCouncil approves the new park after a long debate.\n"
            "The park will open next spring, officials said on Tuesday.\nShare\nPrivacy policy\n")
    blks = blocks(text)
    rows = features(blks, content.stops(blks), None)
    assert score_rows(model, rows, content._scorers) == [walk(model["first"], row) for row in rows]


def test_model_file_numbers_cannot_become_code(tmp_path):
    trees = {"init": 0.0, "learning_rate": 0.1,
             "trees": [{"f": ["__import__('os')"], "t": [0.0], "l": [-1], "r": [-1], "v": [1.0]}]}
    try:
        compile_trees(json.loads(json.dumps(trees)))
    except ValueError:
        pass  # int() refuses it: the model file holds numbers only
    else:
        raise AssertionError("a non-numeric feature index was accepted")


def test_char_counts_match_str_methods_in_any_script():
    for s in ("Hello World 2024!", "", "  ", "ÉCOLE élève 12", "Привет, Мир 7", "東京 2020 オリンピック",
              "ǅ Ⅻ ½ ٣ x²", "ABC|def•GHI", "\t A1b2C3 \u00a0"):
        expected = (sum(c.isalpha() for c in s), sum(c.isalpha() and c.isupper() for c in s),
                    sum(c.isdigit() for c in s))
        assert _char_counts(s) == expected, s


def _lines(n: int, text: str) -> list[str]:
    return [f"{text} number {i} of the page, with enough words to count as prose." for i in range(n)]


def test_article_stretch_with_a_short_gap_stays_whole_and_a_distant_teaser_block_goes():
    from pipeline.stages.content import choose

    article = _lines(6, "Article paragraph")
    teasers = _lines(2, "Teaser summary")
    lines = ["Menu"] * 3 + article[:3] + ["Caption", "Credit"] + article[3:] + ["Footer link"] * 12 + teasers
    logits = [-5.0] * 3 + [4.0] * 3 + [-5.0] * 2 + [4.0] * 3 + [-5.0] * 12 + [4.0] * 2
    blks = blocks("\n".join(lines))
    model = {"bias": 0.0, "switch_cost": 2.0, "island_gap": 10}
    keep = choose(model, logits, blks, 0.05)
    kept = [b.text for b, k in zip(blks, keep) if k]
    # the article, its inline caption and credit (a 2-line gap) stay, verbatim and in order
    assert kept == article[:3] + ["Caption", "Credit"] + article[3:]
    # without island selection (older model files) the teaser block 12 lines further down stays,
    # and so does everything between
    keep = choose({"bias": 0.0, "switch_cost": 2.0}, logits, blks, 0.05)
    assert [b.text for b, k in zip(blks, keep) if k] == lines[3:]


def test_island_selection_keeps_the_stretch_with_most_words():
    from pipeline.stages.content import choose

    short, long_ = _lines(1, "Short item"), _lines(5, "Long article paragraph")
    lines = short + ["Footer link"] * 15 + long_
    logits = [4.0] + [-5.0] * 15 + [4.0] * 5
    blks = blocks("\n".join(lines))
    keep = choose({"bias": 0.0, "switch_cost": 2.0, "island_gap": 10}, logits, blks, 0.05)
    assert [b.text for b, k in zip(blks, keep) if k] == long_
