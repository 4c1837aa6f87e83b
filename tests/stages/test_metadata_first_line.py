"""metadata.first_line finds what the regex it replaced matched, without its quadratic time."""
from __future__ import annotations

import re

from conftest import dev_text_paths
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.stages.metadata import Metadata, first_line

# The form metadata used before: the lazy group rescans the trailing blanks after each character
# it takes. Kept here as the reference (on short strings its time does not matter).
OLD_FIRST_LINE = re.compile(r"\A(?:[ \t]*\r?\n)*[ \t]*([^\n]+?)[ \t]*(?:\r?\n|\Z)")


def old(text: str) -> tuple[str, int] | None:
    m = OLD_FIRST_LINE.match(text)
    if not m or not m.group(1).split():
        return None  # the stage took no title from a line without words
    return m.group(1), m.end()


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\r", "\n", "a", ".", "\u00a0", "\x0b"]), max_size=24))
@example("")
@example("\r")
@example("\n\n  \t\n")
@example("  Title  \r\nBody")
@example("Title\r\r\nBody")
@example("ab \r x\nBody")
@example("\r \nTitle\n")
@example("Title \t")
def test_first_line_matches_the_old_regex(text):
    assert first_line(text) == old(text)


def test_first_line_on_the_dev_page_texts():
    for path in dev_text_paths("page", "merged"):
        text = path.read_text(encoding="utf-8")
        assert first_line(text) == old(text), path.name


def test_a_long_run_of_blanks_in_the_first_line_is_read_once():
    # 200,000 spaces between two words: the old regex took minutes here (41 s at 40,000). The
    # count below is what a linear scan must find, so the test fails on a wrong answer, and a
    # quadratic return would show up as this test hanging past the suite's timeout.
    for blank in (" ", "\t"):
        text = "Photo by" + blank * 200_000 + "x\nThe article starts here."
        line, end = first_line(text)
        assert line == text[: text.index("\n")] and end == text.index("\n") + 1
        # the stage then sees a first line of 2 words and takes it as the title
        out = Metadata()(Document(doc_id="d", source="s", content_type="text", text=text))
        assert out.meta["title"] == line
        assert out.text == "The article starts here."
