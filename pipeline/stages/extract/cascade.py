"""trafilatura's extraction cascade (``trafilatura.core.trafilatura_sequence``, comments off), with
its comparison against readability and jusText run only on pages where it can change the result.

``trafilatura.bare_extraction`` runs ``external.compare_extraction`` after its own extractor on
every page (unless ``fast=True``, which also keeps teasers the balanced mode cuts, so it is not the
same extraction). That comparison was a third of trafilatura's time on the dev pages and it keeps
the library's own result on most of them. What it does, in balanced and precision mode:

* readability's text replaces the own one only when the own text is empty, when readability's is
  more than twice as long, or when readability's is over 2 x MIN_EXTRACTED_SIZE and the own body
  has no <p> text or more tables than <p> (``external._prefer_readability``);
* then jusText runs on the cleaned tree only when the body kept so far contains an element of
  ``SANITIZED_XPATH`` or its text is under MIN_EXTRACTED_SIZE, and only jusText can replace it.

readability's output is a subset of the text nodes of the tree it reads, in document order, minus
scripts and styles, plus "VIDEO" in each kept video <iframe>: so its whitespace-collapsed length
is at most that of the tree's text (``readability_bound``; the collapsed length of a subsequence
is never longer, each space in it maps to its own whitespace gap in the whole) plus six characters
an iframe. When that bound is at most twice the own text, the own body is structurally sound (or
the bound at most 2 x MIN_EXTRACTED_SIZE) and jusText would not run, the comparison returns the
own extraction unchanged and is skipped. Everything else (the baseline rescue, the recall retry of
a tiny extraction, which runs its own comparison) is the library's code in the library's order.
tests/stages/test_extract_cascade.py checks the text is identical to ``bare_extraction``'s on the
dev pages and that the bound holds for readability's real output on each of them.

Tied to the pinned trafilatura version (2.3.1): its internals are imported by name.
"""
from __future__ import annotations

import logging
from copy import copy

log = logging.getLogger(__name__)

# what readability drops before it reads the page (readability_lxml.Document.summary), and the
# elements whose text it may add ("VIDEO" in a video iframe: five letters and a space)
_READABILITY_DROPS = frozenset({"script", "style", "fencedframe"})
# what baseline.basic_cleaning always drops by tag (BASIC_CLEAN_XPATH), before html2txt reads a page
_HTML2TXT_DROPS = frozenset({"aside", "fencedframe", "footer", "script", "style", "svg", "template"})
_IFRAME_TEXT = 6
_MARGIN = 1.05


def extract_text(tree, *, url: str | None, include_tables: bool, favor_precision: bool,
                 favor_recall: bool) -> str:
    """The main text of the parsed page ``tree`` as ``trafilatura.bare_extraction(tree, ...,
    include_comments=False, deduplicate=False, with_metadata=False).text`` gives it ("" when it
    finds none). ``tree`` is used up: the caller must not read it afterwards (bare_extraction
    copies it first; the extract stage has no use for it after extraction)."""
    from trafilatura.settings import DEFAULT_CONFIG, Extractor
    from trafilatura.xml import xmltotxt

    options = Extractor(config=DEFAULT_CONFIG, output_format="python", precision=favor_precision,
                        recall=favor_recall, comments=False, tables=include_tables, dedup=False, url=url)
    body, text = _sequence(tree, options, url)
    if options.max_tree_size and len(body) > options.max_tree_size:
        return ""  # never with the default config (MAX_TREE_SIZE is empty); as bare_extraction
    if len(text) < options.min_output_size:
        return ""  # bare_extraction returns None (no comments: their length is 0)
    return xmltotxt(body, options.formatting) or ""


def _sequence(tree, options, url):
    """``trafilatura.core.trafilatura_sequence`` with comments off (no comment capture, so no
    forum-post salvage), the comparison skipped where ``_comparison_may_change`` says it cannot
    change the result."""
    from trafilatura import core
    from trafilatura.baseline import baseline, html2txt
    from trafilatura.external import compare_extraction, justext_rescue
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.main_extractor import extract_content
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

    is_forum = core._forum_thread_page(tree)
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if options.focus == "precision" or not is_forum:
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned_tree, cleaned_tree_backup = core._prepare_tree(tree, options, url)
    if options.focus == "precision" and not is_forum:
        cleaned_tree = prune_unwanted_nodes(cleaned_tree, REMOVE_COMMENTS_XPATH)

    postbody, temp_text = extract_content(cleaned_tree, options)
    bounds: list[tuple[int, int]] = []  # page_bounds(tree), walked once if at all

    def page_bound(i: int) -> int:
        if not bounds:
            bounds.append(page_bounds(tree))
        return bounds[0][i]

    if _comparison_may_change(postbody, temp_text, lambda: page_bound(0), options):
        postbody, temp_text = compare_extraction(cleaned_tree_backup, copy(tree), postbody, temp_text, options)

    # from here on trafilatura_sequence's steps 3 and 4 as they are
    if len(temp_text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text
    # the bound first: html2txt copies and cleans the whole tree, the bound settles most pages
    if (options.focus == "balanced" and 0 < len(temp_text) < core.ESCALATION_MAX_LENGTH
            and len(temp_text) < core.ESCALATION_PAGE_SHARE * page_bound(1)
            and len(temp_text) < core.ESCALATION_PAGE_SHARE * len(html2txt(tree))):
        r_options = copy(options)
        r_options.focus = "recall"
        r_text = ""
        try:
            r_body, r_text = core._recall_retry(tree, r_options, url)
        except Exception as err:  # pragma: no cover - as trafilatura_sequence
            log.warning("recall retry failed: %s %s", err, url)
        j_text = ""
        try:
            j_body, j_text = justext_rescue(copy(tree), options)
        except Exception as err:  # pragma: no cover - as trafilatura_sequence
            log.warning("justext candidate failed: %s %s", err, url)
        len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
        if j_len > r_len and j_len > core.ESCALATION_JUSTEXT_RATIO * len_text:
            postbody, temp_text = j_body, j_text
        elif r_len >= options.min_extracted_size and r_len > core.ESCALATION_ACCEPT_RATIO * len_text:
            postbody, temp_text = r_body, r_text
    return postbody, temp_text


def _comparison_may_change(body, text: str, bound, options) -> bool:
    """Whether ``compare_extraction`` could return something else than (``body``, ``text``), the
    own extraction of a raw tree; ``bound()`` gives ``readability_bound`` of that tree (see the
    module docstring)."""
    from trafilatura.external import SANITIZED_XPATH

    if options.fast:
        return False
    if options.focus == "recall":
        return True  # recall mode has further reasons to take readability's text
    limit = options.min_extracted_size
    if len(text) < limit or body.xpath(SANITIZED_XPATH):
        return True  # jusText runs
    # a margin on the bound: its one step not proven above is lxml re-parsing readability's
    # serialised output (it matched to the character on the 1,076 trees the test suite's check
    # reads: dev, snippets and meta pages, raw and pre-cleaned)
    bound = int(bound() * _MARGIN) + 1
    if bound > 2 * len(text):
        return True
    return bound > 2 * limit and (not body.xpath(".//p//text()")
                                  or len(body.findall(".//table")) > len(body.findall(".//p")))


def readability_bound(tree) -> int:
    """An upper bound of the length of the text trafilatura's readability extracts from ``tree``
    (trimmed as ``compare_extraction`` trims it)."""
    return page_bounds(tree)[0]


def page_bounds(tree) -> tuple[int, int]:
    """Upper bounds of two lengths of ``tree``'s text, from one walk over it:

    * readability's text (trimmed as ``compare_extraction`` trims it): the tree's text without
      what readability drops before scoring (scripts, styles, and the "unlikely candidates":
      elements whose class or id names a comment box, footer, menu, sidebar...,
      ``Document.remove_unlikely_candidates``), plus its "VIDEO" iframes;
    * ``baseline.html2txt(tree)``: the text without the elements its ``basic_cleaning`` always
      drops by tag, plus two characters a block element (``_spaced_text`` puts a space before its
      text and one before its tail, and one space inserted into a string adds at most one
      character once whitespace is collapsed).

    Each is the whitespace-collapsed length of a superset, in document order, of the text nodes
    the library keeps: never shorter than what it collapses (see the module docstring)."""
    from lxml import etree
    from trafilatura.baseline import _BLOCK_ELEMS
    from trafilatura.readability_lxml import FRAME_TAGS, REGEXES

    unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]
    verdicts: dict[str, bool] = {}
    read_parts, page_parts = [], []
    read_off = page_off = None  # the element whose subtree each sum leaves out, if inside one
    blocks = iframes = 0
    context = etree.iterwalk(tree, events=("start", "end"))
    for event, el in context:
        if event == "end":
            if el is read_off:
                read_off = None
            if el is page_off:
                page_off = None
            tail = el.tail
            if tail and el is not tree:
                if read_off is None:
                    read_parts.append(tail)
                if page_off is None:
                    page_parts.append(tail)
            continue
        tag = el.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: no text of its own (its tail counts)
        if tag in _READABILITY_DROPS:
            if page_off is None and tag in _HTML2TXT_DROPS:
                context.skip_subtree()  # its end event still comes, with its tail
                continue
            read_off = read_off if read_off is not None else el
        if page_off is None and tag in _HTML2TXT_DROPS:
            page_off = el
        if read_off is None:
            attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
            if len(attrs) >= 2 and tag not in FRAME_TAGS and el is not tree:
                verdict = verdicts.get(attrs)
                if verdict is None:
                    low = attrs.lower()
                    verdict = verdicts[attrs] = bool(unlikely.search(low)) and not maybe.search(low)
                if verdict:
                    read_off = el
        if read_off is not None and page_off is not None:
            context.skip_subtree()
            continue
        if tag in _BLOCK_ELEMS:
            blocks += 1
        elif tag == "iframe":
            iframes += 1
        text = el.text
        if text:
            if read_off is None:
                read_parts.append(text)
            if page_off is None:
                page_parts.append(text)
    return (_collapsed_len(read_parts) + _IFRAME_TEXT * iframes,
            _collapsed_len(page_parts) + 2 * blocks)


def _collapsed_len(parts: list[str]) -> int:
    return len(" ".join("".join(parts).split()))
