"""The sink: table schemas, atomic publishing, the run lock and the manifest commit log."""
from .lock import LockHeld, UnsafePath
from .schema import TABLES
from .store import Store

__all__ = ["Store", "TABLES", "LockHeld", "UnsafePath"]
