"""Rule vocabularies kept as data: word lists in ``.txt`` files beside the stage that reads them.

A file holds words separated by white space; ``#`` starts a comment that runs to the end of the
line (say there what markup or page furniture the words come from). Files are read once, when the
stage's module is imported, and hashed with the stage's code for config drift
(``driver/preflight.rule_files``), so editing a list is a change the next run notices.
"""
from __future__ import annotations

from importlib import resources


def words(package: str, name: str) -> frozenset[str]:
    """The words of ``name`` (a ``.txt`` file in ``package``), comments left out."""
    text = resources.files(package).joinpath(name).read_text("utf-8")
    return frozenset(w for line in text.splitlines() for w in line.partition("#")[0].split())
