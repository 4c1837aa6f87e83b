"""What a run checks before it works: library versions, config drift against the corpus, doc ids."""
from __future__ import annotations

from collections import Counter
from importlib import metadata

from . import __version__
from .config import Config
from .sources import stem_id

# Libraries whose behaviour shapes the corpus: recorded in every manifest, and a change refuses
# to mix old and new output (exit 78) until --full-refresh.
PINNED = ("trafilatura", "lxml", "lxml_html_clean", "ftfy", "langdetect", "pyarrow", "wordfreq", "regex", "numpy")


RULE_SUFFIXES = (".py", ".json", ".txt", ".toml")


class DriftError(RuntimeError):
    """The corpus was built with another config or library versions."""


def rule_files() -> dict[str, str]:
    """sha256 of each stage module and rule vocabulary: editing a rule file is drift too."""
    import hashlib
    from pathlib import Path

    folder = Path(__file__).parent / "stages"
    # every file of every stage package, keyed by its path below stages/ ("content/vocabulary.py")
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in sorted(folder.rglob("*")) if p.suffix in RULE_SUFFIXES and p.is_file()}


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


def doc_ids(units) -> list[str]:
    """doc_id per unit: the path without type suffixes, or the whole path where two files share it."""
    stems = [stem_id(u.rel) for u in units]
    counts = Counter(stems)
    return [s if counts[s] == 1 else u.rel for s, u in zip(stems, units)]


def check_drift(store, config: Config, vers: dict[str, str]) -> None:
    latest = store.latest()
    if not latest:
        return
    changes = []
    if latest.get("config_sha256") != config.sha256:
        changes += [f"config {key}" for key in _changed_keys(latest.get("config", {}), config.resolved)]
        changes = changes or ["config (hash differs)"]
    for name, ver in vers.items():
        if name != "pipeline" and latest.get("versions", {}).get(name) != ver:
            changes.append(f"{name} {latest.get('versions', {}).get(name)} -> {ver}")
    old_rules, new_rules = latest.get("rule_files"), rule_files()
    if old_rules is not None:
        changes += [f"rule file stages/{n} changed" for n in sorted(set(old_rules) | set(new_rules))
                    if old_rules.get(n) != new_rules.get(n)]
    if changes:
        raise DriftError(f"the corpus in {store.root} was built with different settings: {'; '.join(changes[:8])}. "
                         "Mixing old and new output would make the corpus inconsistent: rerun with "
                         "--full-refresh to rebuild it with the new settings, or restore the old ones")


def _changed_keys(old, new, prefix: str = "") -> list[str]:
    """Dotted names of the settings that differ ("stages.encoding.uncurl_quotes")."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [prefix] if old != new else []
    out = []
    for key in sorted(set(old) | set(new)):
        out += _changed_keys(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else key)
    return out
