"""content: the compiled trees score exactly as walking the fitted node arrays does, and the
fast character counts equal str.isalpha / isupper / isdigit counts, in any script."""
from __future__ import annotations

import json
import random

from pipeline.document import Document
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


POST = ["The library will extend its opening hours from next month, the city announced on Monday.",
        "Readers asked for evening hours in a survey last year, and the council found the money in its spring budget.",
        "The reading rooms will stay open until nine on weekdays, and the children's floor until seven."]
COMMENTS = ["Maria Lopez on March 3, 2019 at 4:47 pm said:",
            "This is wonderful news for those of us who work during the day and could never get there in time.",
            "Tom on March 3, 2019 at 6:02 pm said:",
            "I hope they also open on Sunday mornings, which is when most families have the time to read together.",
            "Ann Berg on March 4, 2019 at 9:15 am said:",
            "Finally! I have been asking the council for this for years, and I am glad they listened to the survey."]


def blog_page() -> str:
    return "\n".join(["Home", "News", "Events", "Contact", "Library opens late", "March 2, 2019 | by Editor",
                      *POST, "Posted in News | 3 Comments", "3 Comments", *COMMENTS,
                      "Leave a Reply", "Your email address will not be published.", "Privacy policy"])


def test_reader_comment_thread_is_removed_and_the_short_post_stays():
    from pipeline.stages.content_features import comment_thread

    text = blog_page()
    blks = blocks(text)
    assert blks[comment_thread(blks)].text == "3 Comments"
    doc = Content()(Document(doc_id="b", source="b", content_type="text", text=text))
    for line in POST:
        assert line in doc.text.split("\n")
    for line in COMMENTS:
        assert line not in doc.text
    rules = {e.rule for e in doc.edits if any(c in e.before for c in COMMENTS)}
    assert rules == {"content.comment_thread"}


def test_dated_lines_ending_in_a_colon_inside_an_article_are_not_a_comment_thread():
    from pipeline.stages.content_features import comment_thread

    # an article quoting two dated statements (two header-like lines, not three) must not change
    article = ["The council met twice about the new bridge before the vote.",
               "On March 3, 2019 at 10:00 the mayor said:",
               "We will not build a bridge that the town cannot maintain for the next fifty years.",
               "Her deputy answered on March 4, 2019 at 9:30:",
               "The maintenance plan is funded, and the engineers have signed it off already.",
               "The vote is expected next week, after a final public hearing on the costs."]
    text = "\n".join(["Home", "News", *article, "Privacy policy", "Contact"])
    blks = blocks(text)
    assert comment_thread(blks) == len(blks)
    doc = Content()(Document(doc_id="a", source="a", content_type="text", text=text))
    assert "content.comment_thread" not in {e.rule for e in doc.edits}


def test_year_subheadings_ending_in_a_colon_are_not_a_comment_thread():
    from pipeline.stages.content_features import comment_thread

    # a year-by-year review: three short dated lines ending in a colon within a few lines, but no
    # clock time in them, so no comment system stamped them; the article after them must stay
    article = ["The company's results have swung widely over the last three years.",
               "In 2019:", "Sales rose by a fifth as the new factory opened and exports to Asia doubled.",
               "In 2020:", "Sales fell by a third when the factory closed for four months of the year.",
               "In 2021:", "Sales recovered to their 2019 level, and the company paid its first dividend."]
    text = "\n".join(["Home", "Business", *article, "Privacy policy"])
    blks = blocks(text)
    assert comment_thread(blks) == len(blks)
    doc = Content()(Document(doc_id="y", source="y", content_type="text", text=text))
    assert "content.comment_thread" not in {e.rule for e in doc.edits}
