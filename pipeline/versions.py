"""The library versions the corpus depends on: recorded in every manifest, checked before a run
and on every Ray node (a node with other versions would write output the manifest misdescribes)."""
from __future__ import annotations

from importlib import metadata

from . import __version__

# Libraries whose behaviour shapes the corpus: recorded in every manifest, and a change refuses
# to mix old and new output (exit 78) until --full-refresh. In import order, dependencies first: the
# pre-flight check imports them in turn, so a missing lxml_html_clean is named itself rather than
# as trafilatura's import error.
PINNED = ("lxml", "lxml_html_clean", "htmldate", "justext", "courlan", "trafilatura", "ftfy", "langdetect",
          "dateparser", "pyarrow", "wordfreq", "regex", "numpy")


def versions() -> dict[str, str]:
    out = {"pipeline": __version__}
    for name in PINNED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def pinned_requirements() -> dict[str, str]:
    """name -> version pinned with == in the installed package's requirements (pyproject.toml)."""
    try:
        reqs = metadata.requires("pipeline") or []
    except metadata.PackageNotFoundError:
        return {}
    pins = {}
    for req in reqs:
        if "extra ==" in req or "==" not in req:
            continue
        name, _, ver = req.partition("==")
        pins[name.strip().lower().replace("-", "_")] = ver.split(";")[0].strip()
    return pins


def version_problems() -> list[str]:
    """Core libraries whose installed version is not the pinned one."""
    pins = pinned_requirements()
    found = versions()
    return [f"{name} {found.get(name)} is installed but {pins[name]} is pinned" for name in PINNED
            if name in pins and found.get(name) not in ("missing", pins[name])]
