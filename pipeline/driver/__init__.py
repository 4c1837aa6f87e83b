"""One run of the pipeline: pre-flight checks, plan (new, changed, unchanged inputs), batches
through an engine, corpus-wide steps, commits. ``pipeline run`` is a thin CLI over ``run``."""
from .preflight import DriftError
from .run import RunResult, run

__all__ = ["run", "RunResult", "DriftError"]
