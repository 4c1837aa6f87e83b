"""What a run checks before it touches the output: the core libraries import at their pinned
versions, and the corpus was built with the same config, libraries and rule files."""
from __future__ import annotations

from ..config import Config, changed_settings
from ..corpus.ids import DOC_ID_SCHEME
from ..versions import PINNED, version_problems

RULE_SUFFIXES = (".py", ".json", ".txt", ".toml")


class DriftError(RuntimeError):
    """The corpus was built with another config or library versions."""


def rule_files() -> dict[str, str]:
    """sha256 of each stage module and rule vocabulary: editing a rule file is drift too."""
    import hashlib
    from pathlib import Path

    folder = Path(__file__).parent.parent / "stages"
    # every file of every stage package, keyed by its path below stages/ ("content/vocabulary.py")
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in sorted(folder.rglob("*")) if p.suffix in RULE_SUFFIXES and p.is_file()}


def check_drift(store, config: Config, vers: dict[str, str]) -> None:
    latest = store.latest()
    if not latest:
        return
    changes = []
    if latest.get("config_sha256") != config.sha256:
        changes += [f"config {key}" for key, _o, _n in changed_settings(latest.get("config", {}), config.resolved)]
        changes = changes or ["config (hash differs)"]
    recorded = latest.get("versions", {})
    for name, ver in vers.items():
        # a library the corpus's manifest does not name is one recorded only since a later release
        # (dateparser, htmldate, jusText, courlan): its version then is unknown, and a rebuild
        # forced by that bookkeeping alone would cost a whole corpus for nothing it can show
        if name != "pipeline" and name in recorded and recorded[name] != ver:
            changes.append(f"{name} {recorded[name]} -> {ver}")
    if latest.get("doc_ids", 1) != DOC_ID_SCHEME:
        changes.append("doc ids of JSONL records are now scoped by their file (\"data.jsonl/r1\")")
    old_rules, new_rules = latest.get("rule_files"), rule_files()
    if old_rules and not any("/" in name for name in old_rules):
        # keys without a folder: the corpus predates the stage packages (stages/<stage>/), whose
        # move changed every stage file; the rebuilt corpus's text is the same
        changes.insert(0, "the stage files moved into stage packages since this corpus was built")
    if old_rules is not None:
        changes += [f"rule file stages/{n} changed" for n in sorted(set(old_rules) | set(new_rules))
                    if old_rules.get(n) != new_rules.get(n)]
    if changes:
        raise DriftError(f"the corpus in {store.root} was built with different settings: {'; '.join(changes[:8])}. "
                         "Mixing old and new output would make the corpus inconsistent: rerun with "
                         "--full-refresh to rebuild it with the new settings, or restore the old ones")


def check_dependencies() -> str | None:
    """Import every core library and check its pinned version before touching the output; name
    the package that fails."""
    import importlib

    for module in PINNED:
        try:
            importlib.import_module(module)
        except Exception as exc:
            return (f"missing dependency: {module} cannot be imported ({type(exc).__name__}: {exc}). "
                    "Reinstall with 'make run' or '.venv/bin/pip install -e .'")
    wrong = version_problems()
    if wrong:
        return (f"dependency version mismatch: {'; '.join(wrong)}. The corpus depends on these exact "
                "versions: reinstall with '.venv/bin/pip install -e .'")
    return None
