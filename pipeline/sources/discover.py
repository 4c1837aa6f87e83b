"""Walking the input folder: every candidate file once, in sorted order, never outside the root."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePosixPath

# Input kinds by suffix, after any ".gz". Content is still sniffed: a ".gz" that is not gzip is
# read as plain bytes, and gzip under a plain name is inflated under the cap.
KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
         ".jsonl": "jsonl", ".ndjson": "jsonl",
         # web archives (Common Crawl's text extracts are ".warc.wet.gz"): read record by record
         ".warc": "warc", ".wet": "warc"}


@dataclass(frozen=True)
class Unit:
    """One discovered input file (JSONL and WARC files are split into records when read)."""
    rel: str              # path relative to the input root, POSIX
    path: str             # absolute path to open
    kind: str             # text | html | jsonl | warc | unknown
    size: int
    mtime_ns: int
    problem: tuple[str, str] | None = None   # (reason, detail) known before reading
    raw: bytes = b""      # the relative path's bytes as the file system has them

    @property
    def raw_path(self) -> bytes:
        return self.raw or self.rel.encode("utf-8")


def kind_of(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return KINDS.get(os.path.splitext(lower)[1], "unknown")


def stem_id(rel: str) -> str:
    """doc_id for a file: its relative path without type suffixes ("a/b.html.gz" -> "a/b")."""
    p = PurePosixPath(rel)
    name = p.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    base, ext = os.path.splitext(name)
    if ext.lower() in KINDS:
        name = base
    return str(p.with_name(name)) if name else rel


def discover(root: str) -> list[Unit]:
    """Every file below ``root`` in sorted order; links are resolved and kept inside the root.

    Hidden files and folders (".name") are passed over: editors and sync tools keep state there.
    A symlink whose target lies outside the root is reported, never followed; one to a file
    inside the root is dropped when its target is listed anyway, so each file counts once.
    """
    root_real = os.path.realpath(root)
    units: list[Unit] = []
    seen_real: set[str] = set()
    pending_links: list[tuple[str, str, str]] = []
    visited_dirs: set[tuple[int, int]] = set()

    def walk(dirpath: str, rel_dir: str) -> None:
        try:
            st = os.stat(dirpath)
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in visited_dirs:
            return  # a directory loop (a/loop -> ..): each folder is visited once
        visited_dirs.add(key)
        try:
            entries = sorted(os.scandir(dirpath), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            full = os.path.join(dirpath, entry.name)
            if entry.is_symlink():
                target = os.path.realpath(full)
                if target != root_real and not target.startswith(root_real + os.sep):
                    units.append(_unit(rel, full, problem=(
                        "symlink_escape", "a symbolic link to a path outside the input folder; not followed")))
                    continue
                if os.path.isdir(target):
                    walk(full, rel)
                else:
                    pending_links.append((rel, full, target))
                continue
            if entry.is_dir(follow_symlinks=False):
                walk(full, rel)
                continue
            seen_real.add(os.path.realpath(full))
            units.append(_unit(rel, full))

    walk(root, "")
    for rel, full, target in pending_links:
        if not os.path.exists(target):
            units.append(_unit(rel, full, problem=("vanished", "a broken symbolic link")))
        elif target not in seen_real:
            seen_real.add(target)
            units.append(_unit(rel, target))
    units.sort(key=lambda u: u.rel)
    return units


def _unit(rel: str, path: str, problem: tuple[str, str] | None = None) -> Unit:
    try:
        st = os.lstat(path)
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size, mtime = 0, 0
    # Names that are not UTF-8 (b"bad\xff.html") arrive with lone surrogates, which Parquet and JSON
    # refuse: the text form escapes the bad bytes, and ``raw`` keeps them for an exact round trip.
    raw = os.fsencode(rel)
    text = raw.decode("utf-8", "backslashreplace")
    return Unit(rel=text, path=path, kind=kind_of(text), size=size, mtime_ns=mtime, problem=problem,
                raw=raw if text != rel else b"")
