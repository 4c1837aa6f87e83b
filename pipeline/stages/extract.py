"""extract: HTML to main text and metadata with trafilatura (HTML documents only).

The extractor's output becomes the document's base text: the audit replays edits from there.
"""
from __future__ import annotations

from ..document import Document
from ..edits import rebase, set_meta
from .base import Stage

# trafilatura's metadata names -> ours
_META = (("title", "title"), ("author", "author"), ("date", "published"), ("url", "url"),
         ("sitename", "sitename"), ("description", "description"))


class Extract(Stage):
    """Main content and metadata from HTML with trafilatura.

    Args:
        include_tables: keep text from tables inside the article (trafilatura ``include_tables``).
        favor_precision: trafilatura's precision mode (drops more borderline blocks).
        favor_recall: trafilatura's recall mode (keeps more borderline blocks).
        with_metadata: also read title, author, date, url and sitename from the page.
    """

    name = "extract"
    writes = ("title", "author", "published", "url", "sitename", "description")
    content_types = ("html",)

    def __init__(self, *, include_tables: bool = True, favor_precision: bool = False,
                 favor_recall: bool = False, with_metadata: bool = True):
        self.include_tables = include_tables
        self.favor_precision = favor_precision
        self.favor_recall = favor_recall
        self.with_metadata = with_metadata

    def __call__(self, doc: Document) -> Document:
        import trafilatura  # heavy import, paid only by processes that extract

        # include_comments=False: comment threads are not the article. deduplicate=False: its cache
        # is process-global, which would make output depend on which worker saw which page first.
        result = trafilatura.bare_extraction(
            doc.text, url=doc.meta.get("url"), include_comments=False, deduplicate=False,
            include_tables=self.include_tables, favor_precision=self.favor_precision,
            favor_recall=self.favor_recall, with_metadata=self.with_metadata,
        )
        text = (result.text if result is not None else "") or ""
        if not text.strip():
            return rebase(doc, self.name, "").drop_with(
                self.name, "extraction_empty", "The extractor found no main text in the page.",
                f"{len(doc.text)} characters of HTML gave no text")
        doc = rebase(doc, self.name, text)
        values = {}
        for theirs, ours in _META:
            value = getattr(result, theirs, None)
            if isinstance(value, str) and value.strip() and not doc.meta.get(ours):
                values[ours] = value.strip()
        return set_meta(doc, self.name, "extract.trafilatura_metadata", **values)
