"""The page metadata the extract stage keeps, read with trafilatura's own metadata functions.

``trafilatura.metadata.extract_metadata`` also reads categories, tags, the licence and the
host name, which the pipeline does not keep: on the dev pages those took 2.5-3 ms of its 5 ms per
page (``extract_catstags`` walks the whole tree twice, ``extract_license`` once). This runs the
same steps in the same order for the fields the pipeline keeps (title, author, date, url,
sitename, description) and nothing else; tests/test_html_meta.py checks that every kept field
equals ``extract_metadata``'s on the dev pages and seeds. Tied to the pinned trafilatura version.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def page_metadata(tree, default_url: str | None, date_params: dict):
    """A ``trafilatura.settings.Document`` with title, author, date, url, sitename and
    description filled as ``extract_metadata(tree, default_url, date_params)`` fills them."""
    from htmldate import find_date
    from trafilatura.metadata import (META_URL, examine_meta, extract_author, extract_meta_json,
                                      extract_sitename, extract_title, extract_url)

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # as extract_metadata does: bugs in trafilatura's JSON-LD reader
        log.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    metadata.date = find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.filedate = date_params.get("max_date")
    metadata.clean_and_trim()
    return metadata
