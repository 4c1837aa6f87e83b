"""The work an engine runs for one input unit: read it, run the stages on each document, and turn
each result into its table rows where it was processed.

Rows are built in the worker, not the driver: that cost the driver about 1 ms of CPU per page-text
document (170 edit rows on average), taken from the workers it shares the cores with. Built once
by the driver and handed to the engine (``engines.base.Work``); it pickles without the stages'
loaded resources, which a receiving process loads itself.
"""
from __future__ import annotations

from typing import Iterator

from ..config import Config
from ..process import sandbox_reject, unit_items
from ..sink.rows import input_fields, prepare


class UnitWork:
    def __init__(self, config: Config, run: dict | None = None):
        self.stages = config.build_stages()
        self.limits = config.limits
        self.run = run  # the run's columns (run_id...); None returns Documents instead of rows
        self.minhash = bool(config.pipeline.get("near_dedup"))  # only near dedup reads the signatures

    def warm_up(self, kinds: set[str]) -> None:
        """Warm the stages that apply to some input of ``kinds``: on text inputs alone, loading the
        HTML path cost the driver 0.23 s of start-up and 51 MB of RSS, which every forked worker
        counts too."""
        # a JSONL record (or a file of unknown kind) may hold either
        types = set().union(*({k} if k in ("text", "html") else {"text", "html"} for k in kinds))
        for stage in self.stages:
            if types & set(stage.content_types):
                stage.warm_up()

    def items(self, task, start: int = 0, failed: dict[int, tuple[str, str]] | None = None,
              timings: dict[str, float] | None = None) -> Iterator[tuple[int, object, bool]]:
        unit, doc_id, sha = task
        inp = input_fields(unit, sha)
        for i, item, last in unit_items(unit, doc_id, sha, self.stages, self.limits, start, failed, timings):
            yield i, (prepare(item, inp, self.run, self.minhash) if self.run is not None else item), last

    def unit_failed(self, task, rule: str, detail: str):
        unit, doc_id, _sha = task
        return sandbox_reject(unit, doc_id, rule, detail)
