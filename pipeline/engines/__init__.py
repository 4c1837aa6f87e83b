"""Engines decide where the per-document function runs; they never change what it computes."""
from __future__ import annotations


def get_engine(name: str, workers: int):
    if name == "local":
        from .local import LocalEngine
        return LocalEngine(workers)
    if name == "ray":
        # Imported only when chosen: ray is an optional extra. Its cluster address comes from
        # RAY_ADDRESS (the CLI's --ray-address sets it).
        from .ray import RayEngine
        return RayEngine(workers)
    raise ValueError(f"unknown engine {name!r}; valid engines: local, ray")
