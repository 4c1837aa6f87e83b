"""content: the packed trees score every block exactly as walking the fitted node arrays does
(random tree sets of any depth, and the shipped model on every dev page of both text forms), and a
model file's numbers cannot become code."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.stages.content import Content, pack_trees, score_columns, score_rows, score_trees
from pipeline.stages.content.features import blocks, feature_matrix, features, tokens
from test_content_features import content_inputs


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
            f.append(-2), t.append(-2.0), l.append(-1), r.append(-1)
            v.append(rng.choice((rng.uniform(-2, 2), -0.0, 0.0)))
            if level < depth and rng.random() < 0.8:
                f[node], t[node] = rng.randrange(n_features), rng.uniform(-1, 1)
                l[node] = grow(level + 1)
                r[node] = grow(level + 1)
            return node

        grow(0)
        trees.append({"f": f, "t": t, "l": l, "r": r, "v": v})
    return {"init": rng.uniform(-1, 1), "learning_rate": 0.1, "trees": trees}


def bits(values) -> list[str]:
    return [repr(float(v)) for v in values]


def test_packed_trees_equal_walking_the_node_arrays():
    rng = random.Random(7)
    for depth in (0, 1, 2, 3, 4, 5):
        for count in (1, 2, 50):
            trees = random_trees(rng, 12, depth, count)
            rows = [[rng.choice((rng.uniform(-1.5, 1.5), 0.0, -1.0, 1.0)) for _ in range(12)] for _ in range(300)]
            # a row exactly on a threshold goes left, as in scikit-learn
            rows.append([trees["trees"][0]["t"][0]] * 12)
            assert bits(score_trees(trees, rows)) == bits(walk(trees, row) for row in rows)
            assert bits(score_trees(trees, rows[:1])) == bits([walk(trees, rows[0])])
    assert score_trees(random_trees(rng, 12, 2, 5), []) == []


def test_leaves_add_up_in_order_from_zero():
    # 1e16 + 1.0 + 1.0 depends on the order (pairwise would give 1e16 + 2.0); -0.0 alone sums to 0.0
    trees = {"init": 0.0, "learning_rate": 1.0,
             "trees": [{"f": [-2], "t": [-2.0], "l": [-1], "r": [-1], "v": [v]} for v in (1e16, 1.0, 1.0)]}
    assert score_trees(trees, [[0.0]]) == [walk(trees, [0.0])] == [1e16]
    zero = {"init": 0.0, "learning_rate": 1.0, "trees": [{"f": [-2], "t": [-2.0], "l": [-1], "r": [-1], "v": [-0.0]}]}
    assert bits(score_trees(zero, [[0.0]])) == bits([walk(zero, [0.0])]) == ["0.0"]


def test_shipped_model_scores_as_walking_its_trees():
    content = Content()
    model = content._load()
    text = ("Home\nNews\nSport\nCouncil approves the new park after a long debate.\n"
            "The park will open next spring, officials said on Tuesday.\nShare\nPrivacy policy\n")
    blks = blocks(text)
    rows = features(blks, content.stops(blks), None)
    assert score_rows(model, rows, content.packed) == [walk(model["first"], row) for row in rows]


@pytest.mark.parametrize("form", ["page", "merged"])
def test_dev_pages_score_as_walking_the_shipped_trees(form):
    content = Content()
    model = content._load()
    for doc in content_inputs(form):
        blks = blocks(doc.text)
        toks = [tokens(b.text) for b in blks]
        columns = feature_matrix(blks, content.stops(blks, toks), doc.meta.get("title"), toks)
        expected = [walk(model["first"], row) for row in columns.T.tolist()]
        assert bits(score_columns(model, columns, content.packed)) == bits(expected)


def test_model_file_numbers_cannot_become_code():
    trees = {"init": 0.0, "learning_rate": 0.1,
             "trees": [{"f": ["__import__('os')", -2, -2], "t": [0.0, 0.0, 0.0], "l": [1, -1, -1],
                        "r": [2, -1, -1], "v": [0.0, 1.0, 2.0]}]}
    with pytest.raises(ValueError):  # int() refuses it: the model file holds numbers only
        pack_trees(json.loads(json.dumps(trees)))


def ref_decode(logits: list[float], bias: float, switch_cost: float) -> list[bool]:
    """The decoder as first written: two states in lists, a loop over them."""
    import math

    cost = [0.0, 0.0]
    back = []
    for z in logits:
        z -= bias
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


def test_decode_equals_the_first_decoder():
    from pipeline.stages.content import decode

    rng = random.Random(3)
    for _ in range(500):
        n = rng.randrange(0, 60)
        # ties matter: equal costs keep the state; whole numbers and zeros make them
        logits = [rng.choice((rng.uniform(-8, 8), 0.0, -0.0, 1.5, -1.5, float(rng.randrange(-3, 4)))) for _ in range(n)]
        bias, switch = rng.choice((0.0, -0.5, 1.0)), rng.choice((0.0, 1.5, 3.0))
        assert decode(logits, bias, switch) == ref_decode(logits, bias, switch)


def loop_sum(rows) -> list[float]:
    """Column sums the plain way: a running sum per column from 0.0, rows added in order."""
    total = [0.0] * len(rows[0])
    for row in rows:
        total = [t + v for t, v in zip(total, row)]
    return total


# values whose sums depend on the order (1e16 + 1.0 + 1.0), and signed zeros
addend = st.floats(-1e6, 1e6, allow_subnormal=False) | st.sampled_from([0.0, -0.0, 1e16, -1e16, 1.0, 1 / 3, 0.1])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 60), st.integers(1, 12), st.data())
def test_sum_rows_adds_row_by_row_from_zero(count, n, data):
    import numpy as np
    from pipeline.stages.content import _sum_rows

    rows = data.draw(st.lists(st.lists(addend, min_size=n, max_size=n), min_size=count, max_size=count))
    expected = [repr(v) for v in loop_sum(rows)]
    array = np.array(rows, dtype=np.float64)
    assert [repr(v) for v in _sum_rows(array).tolist()] == expected
    # the same rows as a broadcast (each tree's one value for every block) and as a Fortran array
    column = array[:, :1]
    assert [repr(v) for v in _sum_rows(np.broadcast_to(column, (count, n))).tolist()] == \
        [repr(v) for v in loop_sum([[r[0]] * n for r in rows])]
    assert [repr(v) for v in _sum_rows(np.asfortranarray(array)).tolist()] == expected


def test_sum_rows_of_signed_zeros_and_order_sensitive_values():
    import numpy as np
    from pipeline.stages.content import _sum_rows

    for n in (1, 2, 3, 17):
        zeros = np.full((5, n), -0.0)
        assert [repr(v) for v in _sum_rows(zeros).tolist()] == ["0.0"] * n
        big = np.array([[1e16] * n] + [[1.0] * n] * 20)
        assert _sum_rows(big).tolist() == [1e16] * n  # pairwise would give 1e16 + 20.0
    # a long document: more blocks than numpy's buffer holds, random order-sensitive values
    rng = np.random.default_rng(5)
    rows = rng.choice([1e16, -1e16, 1.0, 0.1, -0.0, 3.0], size=(200, 20000)) * rng.uniform(0.5, 2, size=(200, 20000))
    assert _sum_rows(rows).tolist() == loop_sum(rows.tolist())


def test_packed_trees_equal_walking_for_every_small_block_count():
    rng = random.Random(11)
    for depth in (0, 1, 2, 3):
        trees = random_trees(rng, 6, depth, 40)
        for n in range(1, 12):
            rows = [[rng.choice((rng.uniform(-1.5, 1.5), 0.0, -0.0)) for _ in range(6)] for _ in range(n)]
            assert bits(score_trees(trees, rows)) == bits(walk(trees, row) for row in rows)
