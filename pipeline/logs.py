"""Log lines for collectors: one JSON object per line, with the time and the run it belongs to.

The run id is known only once the driver has planned a run; it is carried in a context variable
(per thread and task, not a global the code mutates) that the driver sets and the formatter reads.
"""
from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import datetime, timezone

RUN_ID: ContextVar[str | None] = ContextVar("pipeline_run_id", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                "run_id": RUN_ID.get()}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
