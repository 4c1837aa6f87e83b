"""Engines decide where the per-document work runs; they never change what it computes
(the contract: ``engines/base.py``)."""
from __future__ import annotations

from .base import Engine, Task, Work, get_engine

__all__ = ["Engine", "Task", "Work", "get_engine"]
