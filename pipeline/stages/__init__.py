"""The stages, by config name. Each lives in its own module and is imported when first named."""
from __future__ import annotations

import importlib
from types import MappingProxyType

from .base import Stage

# name -> "module:Class", in the default stage order (config.DEFAULT_STAGES); modules are imported
# only when a config names the stage. Adding a stage: its module or package here, and one line.
REGISTRY = MappingProxyType({
    "extract": "extract:Extract",
    "encoding": "encoding:Encoding",
    "metadata": "metadata:Metadata",
    "debris": "debris:Debris",
    "joins": "joins:Joins",
    "content": "content:Content",
    "normalise": "normalise:Normalise",
    "language": "language:Language",
    "filters": "filters:Filters",
})


def stage_class(name: str) -> type[Stage]:
    if name not in REGISTRY:
        raise KeyError(name)
    module, cls = REGISTRY[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


__all__ = ["Stage", "REGISTRY", "stage_class"]
