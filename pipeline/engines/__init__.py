"""Engines decide where the per-document work runs; they never change what it computes
(the contract: ``engines/base.py``)."""
from __future__ import annotations

from .base import Engine, Task, Work


def get_engine(name: str, workers: int = 0, address: str | None = None) -> Engine:
    """``local`` (a sandboxed process pool: the embedded default) or ``ray`` (``address``: a Ray
    cluster's address, None starts a local cluster for the run)."""
    if name == "local":
        from .local import LocalEngine
        return LocalEngine(workers)
    if name == "ray":
        from .ray import RayEngine  # imported only when chosen: ray is an optional extra
        return RayEngine(workers, address)
    raise ValueError(f"unknown engine {name!r}; valid engines: local, ray")


__all__ = ["Engine", "Task", "Work", "get_engine"]
