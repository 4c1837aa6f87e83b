"""Config: a TOML file -> validated, immutable settings for the run and each stage.

    [pipeline] stages = [...]   the stage order
    [pipeline] ...              run-level settings (see PIPELINE_DEFAULTS)
    [limits] ...                input caps (see sources.read.Limits)
    [stages.NAME] ...           keyword arguments of that stage's class, merged over its defaults

Unknown tables, stages or keys are errors that name the file and key and list the valid ones.
"""
from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sources.read import Limits
from .stages import REGISTRY, Stage, stage_class

# The registry lists the stages in their default order.
DEFAULT_STAGES = tuple(REGISTRY)

PIPELINE_DEFAULTS = {
    "stages": list(DEFAULT_STAGES),
    # Exact dedup on the clean text's hash, across the whole corpus.
    "dedup": True,
    # Near-duplicate removal (dedup.near): MinHash over 5-word shingles; a document is dropped when
    # an earlier kept document's estimated Jaccard similarity reaches near_threshold.
    "near_dedup": True,
    "near_threshold": 0.8,
    # Exit 2 ("degraded") when more than this share of the run's inputs are rejected.
    "max_reject_ratio": 1.0,
    # Rows per Parquet file in documents/ and edits/; a run also commits every shard_rows documents.
    "shard_rows": 5000,
    # A run also commits the documents finished so far at least this often (seconds), so that a
    # kill -9 loses at most this much work.
    "commit_seconds": 60.0,
}
# Keys sources may set before any stage runs (JSONL records carry them).
SOURCE_KEYS = ("title", "author", "url", "published")


class ConfigError(ValueError):
    """A config problem, with the file and key it concerns and what to do about it."""


@dataclass(frozen=True)
class Config:
    path: str
    pipeline: dict[str, Any]
    limits: Limits
    stages: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def resolved(self) -> dict[str, Any]:
        """Every setting, defaults included: what the manifest records and the hash covers."""
        return {"pipeline": self.pipeline, "limits": dataclasses.asdict(self.limits),
                "stages": {name: opts for name, opts in self.stages}}

    @property
    def sha256(self) -> str:
        blob = json.dumps(self.resolved, sort_keys=True, ensure_ascii=False, default=list)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def build_stages(self) -> list[Stage]:
        from .stages.shared import Shared

        stages = [stage_class(name)(**opts) for name, opts in self.stages]
        shared = Shared()  # one per pipeline: langdetect's profiles load once for all stages
        for stage in stages:
            stage.shared = shared
        return stages


def stage_defaults(name: str) -> dict[str, Any]:
    sig = inspect.signature(stage_class(name).__init__)
    return {p.name: _plain(p.default) for p in sig.parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY}


def _plain(value):
    return list(value) if isinstance(value, (tuple, frozenset)) else value


def _check_type(where: str, key: str, value: Any, default: Any) -> Any:
    if default is None or value is None:
        return value
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, list):
        ok = isinstance(value, list)
    elif isinstance(default, str):
        ok = isinstance(value, (str, bool)) if default == "auto" else isinstance(value, str)
    else:
        ok = True
    if not ok:
        raise ConfigError(f"{where}: '{key}' must be {type(default).__name__} like the default "
                          f"{default!r}, got {value!r}")
    return value


def _merge(where: str, given: dict, defaults: dict) -> dict:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ConfigError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                          f"valid keys: {', '.join(sorted(defaults))}")
    return {k: _check_type(where, k, given.get(k, d), d) for k, d in defaults.items()}


def load(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read and validate a config file (None: the built-in defaults)."""
    raw: dict[str, Any] = {}
    label = str(path) if path else "<defaults>"
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"{label}: no such config file; pass --config PATH or omit it for the defaults")
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{label}: not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - {"pipeline", "limits", "stages"})
    if unknown:
        raise ConfigError(f"{label}: unknown table [{unknown[0]}]; valid tables: [pipeline], [limits], "
                          "[stages.NAME]")
    pipeline = _merge(f"{label} [pipeline]", raw.get("pipeline", {}), PIPELINE_DEFAULTS)
    pipeline.update(overrides or {})
    limits_defaults = dataclasses.asdict(Limits())
    limits = Limits(**_merge(f"{label} [limits]", raw.get("limits", {}), limits_defaults))

    order = pipeline["stages"]
    valid = ", ".join(REGISTRY)
    for name in order:
        if name not in REGISTRY:
            raise ConfigError(f"{label} [pipeline] stages: unknown stage {name!r}; valid stages: {valid}")
    if len(set(order)) != len(order):
        raise ConfigError(f"{label} [pipeline] stages: a stage is named twice in {order}")
    if not 0.5 <= pipeline["near_threshold"] <= 1.0:
        raise ConfigError(f"{label} [pipeline] near_threshold: {pipeline['near_threshold']} is outside "
                          "0.5 to 1.0 (an estimated Jaccard similarity; the default is 0.8)")
    if "extract" in order and order[0] != "extract":
        raise ConfigError(f"{label} [pipeline] stages: 'extract' must come first (it replaces the HTML "
                          "with text, which the other stages work on)")
    tables = raw.get("stages", {})
    for name in tables:
        if name not in REGISTRY:
            raise ConfigError(f"{label}: [stages.{name}] names an unknown stage; valid stages: {valid}")
        if name not in order:
            raise ConfigError(f"{label}: [stages.{name}] configures a stage that [pipeline] stages does "
                              f"not run; add it to the list or delete the table")
    stages = tuple((name, _merge(f"{label} [stages.{name}]", tables.get(name, {}), stage_defaults(name)))
                   for name in order)
    config = Config(path=label, pipeline=pipeline, limits=limits, stages=stages)
    _check_order(label, config)
    return config


def _check_order(label: str, config: Config) -> None:
    """Refuse an order where a stage needs metadata no earlier stage (or source) writes."""
    available = set(SOURCE_KEYS)
    try:
        built = config.build_stages()
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{label}: {exc}") from None
    for stage in built:
        missing = [k for k in stage.required_keys() if k not in available]
        if missing:
            writers = [n for n in REGISTRY if set(missing) & set(stage_class(n).writes)]
            raise ConfigError(f"{label} [pipeline] stages: '{stage.name}' reads {', '.join(missing)}, which no "
                              f"earlier stage writes; put {' or '.join(writers) or 'a writer'} before it")
        available.update(stage.writes)


def changed_settings(old, new, prefix: str = "") -> list[tuple[str, Any, Any]]:
    """(dotted key, old value, new value) for every setting that differs between two resolved
    configs ("stages.encoding.uncurl_quotes"), sorted by key: what drift names and compare shows."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [(prefix, old, new)] if old != new else []
    out = []
    for key in sorted(set(old) | set(new)):
        out += changed_settings(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else key)
    return out
