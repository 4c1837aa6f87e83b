"""People's names out of an author string: "By Jane Doe, Senior Editor and John Roe | Site" ->
"Jane Doe; John Roe".

Author fields are filled by CMS templates, bylines and JSON-LD, and carry more than names: the
"By"/"Von" of the byline, job titles and degrees after a comma, dates ("Joe Wee Monday, February
29"), editors ("Edited by ..."), the publisher or site name, CMS account names ("admin") and
desks ("Redaktion", "Our Foreign Staff"), and the same name twice from two sources ("Jeffrey
Gettleman; JEFFREY GETTLEMAN"). Each rule below is one of those forms; none names a site.
"""
from __future__ import annotations

import re
import unicodedata

from ..vocabulary import words

_NOT_NAMES = words(__package__, "not_names.txt")
_JOB_WORDS = words(__package__, "job_words.txt")
_PREFIXES = words(__package__, "author_prefixes.txt")
_DATE_WORDS = words("pipeline.stages.extract", "month_words.txt")
# Prefixes that are also surname particles ("Di Maio", "Af Klint"): stripped only when a name of
# two words or more follows. "By" and its translations into languages without such surnames always go.
_ALWAYS_PREFIX = frozenset({"by", "von", "written", "posted", "published", "verfasst", "geschrieben",
                            "écrit", "escrito", "scritto", "text", "texte", "testo", "texto", "autor",
                            "author", "auteur", "autore"})

# Several authors: "A; B", "A and B", "A, B", "A & B", "A und B", "A et B", "A y B", "A e B", "A i B".
# The joining words in lower case only: "John A Smith" holds an initial, not two names.
# Every alternative is one character or one word between lookarounds (the spaces stay with the
# parts, which are stripped): no run of spaces is rescanned from each of its positions.
_AND = r"(?:and|und|et|y|e|i|og|en|och|ja|a)"
_SPLIT = re.compile(rf"[;,/|·•]|(?<=\s){_AND}(?=\s)|(?<=\s)[&+](?=\s)")
# What follows a name and is not one: "Edited by ...", "Updated ...", "Photos: ...", "@handle",
# "(stevenhgm)", times and digits.
_TAIL = re.compile(
    r"(?<!\s)\s++(?:(?:edited|reviewed|fact[- ]checked|illustrat\w*|photo\w*|updated|published|posted|"
    r"bearbeitet|aktualisiert|mis à jour|actualizado|aggiornato)\b|@|\(|\d).*$", re.IGNORECASE | re.DOTALL)
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[\W_]++|(?<![\W_])[\W_]++$")


def _fold(word: str) -> str:
    return _EDGE.sub("", unicodedata.normalize("NFKC", word).casefold())


def _strip_prefixes(tokens: list[str]) -> list[str]:
    while tokens:
        word = _fold(tokens[0])
        labelled = tokens[0].endswith(":")
        if word in _PREFIXES and (word in _ALWAYS_PREFIX or labelled or len(tokens) >= 3):
            tokens = tokens[1:]
        else:
            break
    return tokens


def _person(part: str, first: bool) -> str | None:
    """One name out of one part of the author string, or None when the part holds no name. A
    later part with a job title in it is the job of the name before ("Steve Dunn; AP National
    Political Writer")."""
    part = _TAIL.sub("", part.strip())
    tokens = _strip_prefixes(_TOKEN.findall(part))
    for i, tok in enumerate(tokens):
        # the name ends where a job title or a number starts, or a date after a name of two words
        # or more (a first or last name can be a month: "April Ryan", "Di Maio")
        word = _fold(tok)
        if (i == 1 or not first) and word in _JOB_WORDS:
            return None  # "Games Editor", "Science Reporter": a job title after a comma, no name
        if any(c.isdigit() for c in tok) or (i and word in _JOB_WORDS) or (i >= 2 and word in _DATE_WORDS):
            tokens = tokens[:i]
            break
    tokens = [t for t in tokens if _fold(t)]
    if not tokens:
        return None
    folded = [_fold(t) for t in tokens]
    if all(w in _NOT_NAMES or w in _JOB_WORDS or w in _DATE_WORDS for w in folded):
        return None
    if len(tokens) == 1 and (tokens[0].islower() or tokens[0].isupper() or len(folded[0]) < 2):
        # one word in lower case ("john") or capitals ("KWCH") is an account or a call sign;
        # one letter is an initial
        return None
    return " ".join(tokens).strip(" ,.;:-")


def _key(name: str) -> str:
    return " ".join(w for w in (_fold(t) for t in name.split()) if w)


def people(value: str, not_people: tuple[str, ...] = ()) -> list[str]:
    """The people named in ``value``, in order, each once (compared without case, accents kept);
    names equal to one of ``not_people`` (the site's name, the publisher, the domain) left out."""
    skip = {_key(n) for n in not_people if n}
    if _key(value or "") in skip:
        return []  # the whole field is the site's name ("Mac & i"), before it is split into two
    out: list[str] = []
    seen: set[str] = set()
    for i, part in enumerate(_SPLIT.split(value or "")):
        name = _person(part, i == 0) if part else None
        if not name:
            continue
        key = _key(name)
        if key in seen or key in skip:
            continue
        seen.add(key)
        out.append(name)
    return out


def site_words(*names: str | None) -> tuple[str, ...]:
    """Forms of a site's name an author field or a title repeats: the name itself, and for a
    domain ("jungefreiheit.de") its labels joined by spaces and its registered label
    ("Jungefreiheit De", "Jungefreiheit")."""
    out: list[str] = []
    for name in names:
        if not name:
            continue
        out.append(name)
        host = name.lower().removeprefix("www.")
        if "." in host and " " not in host:
            labels = host.split(".")
            out += [" ".join(labels), _registered(labels)]
    return tuple(out)


# second-level labels under a country's domain ("bbc.co.uk", "abc.net.au")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})


def _registered(labels: list[str]) -> str:
    """The label a site registered ("jungefreiheit" of "jungefreiheit.de", "bbc" of
    "news.bbc.co.uk"), not a subdomain's "news" or "blog"."""
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]
