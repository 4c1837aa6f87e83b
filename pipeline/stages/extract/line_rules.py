"""Text rules for the extractor's output (HTML documents only): lines trafilatura lets through
that DOM pre-cleaning cannot see, removed as ``extract.*`` edits.

Each rule proposes whole-line removals (the line and its line break) on the extracted text.
"""
from __future__ import annotations

import re
from typing import Iterator

from ...edits import Proposal
from ..vocabulary import words
from .line_families import FAMILY_RULES, TEASER_PHRASES, family_proposals

TEXT_RULES = ("extract.insert", "extract.meta_line", "extract.date_line",
              "extract.related_links", "extract.contributor_line", "extract.newsletter_line",
              "extract.follow_line", "extract.teaser_heading", "extract.gallery_counter",
              "extract.server_warning", "extract.copyright_line", "extract.paywall_prompt",
              "extract.comment_prompt", "extract.affiliate_note", "extract.credit_line",
              "extract.link_prompt")

_WORD = re.compile(r"\w+")

# Ad and navigation labels news CMSs print between paragraphs, alone on their line:
# "Advertisement" (NYT, Guardian ad slots; "Anzeige", "Publicité"... elsewhere), "Continue reading
# the main story" (NYT), "3 Comments" (comment-count links),
# "Story continues below advertisement" (Canadian and Indian news sites), "Read more" buttons.
_INSERTS = re.compile(
    r"(?i:advertisement|anzeige|publicité|publicidad|publicidade|pubblicità|реклама"
    r"|continue reading(?: the main story)?|story continues below(?: advertisement)?"
    r"|scroll to continue(?: with content)?|read more|weiterlesen|leia mais|leggi anche"
    r"|\d* ?comments?|kommentare|comentários)[.:]?")

# Post metadata lines themes print above or below the body: "Filed under: X | Y" and
# "Tags: a, b" (WordPress entry-meta / entry-footer), "05/10/2018 - Publicado por: NAME -
# Categoria: X" (Portuguese WordPress themes), "Posted in X", "Veröffentlicht von NAME".
_META_LINE = re.compile(
    # the date prefix is runs of digits joined by single dashes, so a line of dashes cannot make
    # the engine try every way of splitting it (100 KB of "-" did not finish before)
    r"(?:[\d/.]+(?:-[\d/.]+)*\s*[-–|]\s*)?(?i:tags?|filed under|posted in|posted by|published by|categor(?:y|ies|ia)"
    r"|publicado por|publicado em|etiquetas|schlagwörter|veröffentlicht von|kategorie|rubrik"
    # reading-time badges: "Reading time: 3 minutes", "Tempo de leitura: 1 minuto", "Lesezeit: 4 Min."
    r"|reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|tempo di lettura|lesezeit"
    r"|lesedauer|leestijd|czas czytania)\s*:"
    r"|\d+\s*(?i:min(?:ute)?s?\.?)\s+(?i:read|de leitura|de lectura|de lecture|lesezeit)$"
    # "Ten tekst przeczytasz w 3 minuty" ("you will read this text in"), Polish news sites' badge
    r"|(?i:(?:ten )?(?:tekst|artykuł) przeczytasz w)\b")
# The longest metadata line: a date, a name, two or three categories and tags.
_MAX_META_WORDS = 30

# A dateline printed alone near the top ("November 20, 2019 - 11:28 AMT", "Updated 5 Nov 2019,
# 10:02 GMT", "20.11.2019 um 11:28 Uhr"): only digits, month and weekday names, time words and
# time-zone abbreviations (the word lists are the data files named here).
_MONTHS = words(__package__, "month_words.txt")
_DATE_WORDS = _MONTHS | words(__package__, "date_words.txt")
_DATE_TOKEN = re.compile(r"\w+")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
# Time zones are printed as 2-5 capitals ("AMT", "GMT", "CEST").
_TZ = re.compile(r"[A-Z]{2,5}")
_MAX_DATE_TOKENS = 12

# The wire-service credit closing a story: "Associated Press writers A and B contributed to this
# report." (AP and the papers that reprint it), "... contributed to this article/story".
# Searched for at the line's end (at most _CONTRIBUTOR_LEAD characters after its start) rather
# than matched with a ".{0,400}" lead: that lead tried 400 characters from every position of a
# long line (1.2 s on 100 KB of words, tests/reliability s22).
_CONTRIBUTOR = re.compile(r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?\Z", re.I)
_CONTRIBUTOR_LEAD = 400
# Only the last lines of the text are looked at: the credit closes the story.
_TAIL_LINES = 3

# "Related: TITLE" / "Read more: TITLE" / "See also: TITLE" lines news sites put between
# paragraphs, and the "- TITLE" link list that follows such a line (trafilatura prints list items
# with "- ").
_RELATED = re.compile(r"(?i:related(?: articles?| stories| posts?| coverage)?|read more|read also|also read"
                      r"|see also|more|leia também|veja também|lesen sie auch|mehr zum thema|leggi anche"
                      r"|lire aussi|à lire aussi|lee también|читайте также"
                      # recipe and blog themes' recirculation heading: "You may also like:"
                      r"|you (?:may|might) also like|more from [\w ]{1,40}|recommended(?: for you)?"
                      # the teaser headings of line_families, followed by the teased headline: "Le puede
                      # interesar: TITLE", "Schon gelesen? TITLE" is left (no colon)
                      rf"|{TEASER_PHRASES})\s*:")
# A related-link title is a headline, not a paragraph.
_MAX_RELATED_WORDS = 25


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end including the line break, line) for each line."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        yield pos, min(end + 1, len(text)), line
        pos = end + 1


def _nonempty(text: str) -> list[tuple[int, int, str]]:
    return [ln for ln in _lines(text) if ln[2].strip()]


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(s)]


# The first few lines, where a dateline is printed (above or below a kicker and the headline).
# (The rule that removed the headline printed again here, extract.headline_repeat, is gone: the
# two dev sets disagree on whether the headline is article text. The 54 reference bodies never
# hold it, while the snippet annotators mark it must-keep on 7 pages and must-drop on 6; on the
# 457 snippet pages it took 2 must-keep headlines and no must-drop one (37 % of the annotated
# characters it removed were must-keep), so it cost snippets F1 0.9407 -> 0.9399 for dev html
# 0.9709 -> 0.9724. metadata.title_line still takes a first line equal to the page's title.)
_HEAD_LINES = 3


def _meta_lines(text: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        stripped = line.strip()
        if _META_LINE.match(stripped) and len(_WORD.findall(stripped)) <= _MAX_META_WORDS:
            yield Proposal(start, end, "", "extract.meta_line")


def _is_date_line(line: str) -> bool:
    tokens = _DATE_TOKEN.findall(line)
    if len(tokens) < 2 or len(tokens) > _MAX_DATE_TOKENS or not any(t.isdigit() for t in tokens):
        return False
    # a month or weekday name, or a numeric date: a row of scores ("14 11 6 15 - 44") is no date
    if not (_NUMERIC_DATE.search(line) or any(t.lower() in _MONTHS for t in tokens)):
        return False
    return all(t.isdigit() or t.lower() in _DATE_WORDS or _TZ.fullmatch(t)
               or (t[:-2].isdigit() and t[-2:].lower() in ("st", "nd", "rd", "th")) for t in tokens)


def _date_lines(text: str) -> Iterator[Proposal]:
    """A dateline alone among the first lines (trafilatura keeps a <time> or dateline <p>)."""
    for start, end, line in _nonempty(text)[:_HEAD_LINES]:
        if _is_date_line(line):
            yield Proposal(start, end, "", "extract.date_line")


def _related(text: str) -> Iterator[Proposal]:
    in_list = False
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        if _RELATED.match(stripped) and len(_WORD.findall(stripped)) <= _MAX_RELATED_WORDS:
            in_list = True
            yield Proposal(start, end, "", "extract.related_links")
        elif in_list and stripped.startswith("- ") and len(_WORD.findall(stripped)) <= _MAX_RELATED_WORDS:
            yield Proposal(start, end, "", "extract.related_links")
        else:
            in_list = False


def _inserts(text: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        if _INSERTS.fullmatch(line.strip()):
            yield Proposal(start, end, "", "extract.insert")


def _contributor(text: str) -> Iterator[Proposal]:
    for start, end, line in _nonempty(text)[-_TAIL_LINES:]:
        found = _CONTRIBUTOR.search(line.strip())
        if found and found.start() <= _CONTRIBUTOR_LEAD:
            yield Proposal(start, end, "", "extract.contributor_line")


_RULES = {"extract.insert": lambda text, title: _inserts(text),
          "extract.meta_line": lambda text, title: _meta_lines(text),
          "extract.date_line": lambda text, title: _date_lines(text),
          "extract.related_links": lambda text, title: _related(text),
          "extract.contributor_line": lambda text, title: _contributor(text)}


def propose(text: str, title: str, rules=TEXT_RULES) -> list[Proposal]:
    """Proposals of the named rules; a line two rules claim is removed once (first rule wins)."""
    taken: set[int] = set()
    out: list[Proposal] = []
    families = family_proposals(text, [n for n in rules if n in FAMILY_RULES])
    for name in rules:
        for p in families[name] if name in FAMILY_RULES else _RULES[name](text, title):
            if p.start not in taken:
                taken.add(p.start)
                out.append(p)
    return out
