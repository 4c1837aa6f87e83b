"""Engines decide where the per-document function runs; they never change what it computes."""
from __future__ import annotations


def get_engine(name: str, workers: int):
    if name == "local":
        from .local import LocalEngine
        return LocalEngine(workers)
    raise ValueError(f"unknown engine {name!r}; valid engines: local")
