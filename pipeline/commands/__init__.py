"""Subcommands of the ``pipeline`` CLI: one module each, exposing ``add_parser(subparsers)`` and
``main(args) -> exit code``. The CLI imports a command's module only to build its parser; heavy
libraries are imported inside ``main``."""
from __future__ import annotations

import logging
from pathlib import Path

# Exit codes (sysexits, as schedulers expect).
EXIT_OK, EXIT_DEGRADED, EXIT_TEMPFAIL, EXIT_CONFIG = 0, 2, 75, 78

# The order --help lists them in.
COMMANDS = ("run", "status", "diff", "rules", "report", "compare", "explain", "export")

# The config every command uses unless --config names another, relative to the working directory.
DEFAULT_CONFIG = "configs/default.toml"


def load_config(given: str | None):
    """The config a command uses: --config, else configs/default.toml when it exists, else the
    built-in defaults. Logs the problem and returns None when the file is invalid."""
    from .. import config as cfg

    path = given or (DEFAULT_CONFIG if Path(DEFAULT_CONFIG).is_file() else None)
    try:
        return cfg.load(path)
    except cfg.ConfigError as exc:
        logging.getLogger("pipeline").error("%s", exc)
        return None
