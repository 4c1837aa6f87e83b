"""Language tags as pages declare them (``<html lang="en-US">``, ``og:locale`` "cs_CZ",
``Content-Language: de, en``) in one form: "en-US", "cs-CZ", "de"."""
from __future__ import annotations

import re

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


def declared_tag(value: str | None) -> str | None:
    """The first tag of ``value`` as "xx" or "xx-REGION" (subtags after the first dropped), or None
    when it is not a language tag ("x-default", "*", empty)."""
    m = _TAG.match((value or "").strip().split(",")[0].strip())
    if not m or m[1].lower() in ("x", "i", "und", "mul", "zxx"):
        return None
    lang = m[1].lower()
    region = m[2]
    if region and len(region) == 2:
        return f"{lang}-{region.upper()}"
    if region and len(region) == 4:  # a script: zh-Hant
        return f"{lang}-{region.title()}"
    return lang


def primary(tag: str | None) -> str | None:
    """The language of a declared tag ("de" of "de_AT", "en-US"), None when it is not one."""
    tag = declared_tag(tag)
    return tag.split("-")[0] if tag else None


# The script each language is written in, where it is not the Latin alphabet. Korean is written
# in Hangul, Japanese always mixes in kana: a text with none of its language's script is not in
# that language, whatever a detector says (langdetect scores Traditional Chinese with rare
# characters as Korean at 1.0, its n-gram profiles share the Han characters).
_SCRIPTS = {
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f", "ja": "\u3040-\u30ff",
    "zh": "\u3400-\u4dbf\u4e00-\u9fff", "el": "\u0370-\u03ff", "he": "\u0590-\u05ff",
    "th": "\u0e00-\u0e7f", "hi": "\u0900-\u097f", "mr": "\u0900-\u097f", "ne": "\u0900-\u097f",
    "bn": "\u0980-\u09ff", "ta": "\u0b80-\u0bff", "te": "\u0c00-\u0c7f", "kn": "\u0c80-\u0cff",
    "ml": "\u0d00-\u0d7f", "gu": "\u0a80-\u0aff", "pa": "\u0a00-\u0a7f",
    **dict.fromkeys(("ru", "uk", "bg", "mk"), "\u0400-\u04ff"),
    **dict.fromkeys(("ar", "fa", "ur"), "\u0600-\u06ff"),
}
_LATIN = "A-Za-z\u00c0-\u024f"
_LETTERS = re.compile(r"[^\W\d_]")


def script_share(lang: str, text: str) -> float:
    """Share of ``text``'s letters written in ``lang``'s script (1.0 when it has no letters)."""
    letters = len(_LETTERS.findall(text))
    if not letters:
        return 1.0
    return len(re.findall(f"[{_SCRIPTS.get(lang, _LATIN)}]", text)) / letters
