"""Subcommands of the ``pipeline`` CLI: one module each, exposing ``add_parser(subparsers)`` and
``main(args) -> exit code``. The CLI imports a command's module only to build its parser; heavy
libraries are imported inside ``main``."""
from __future__ import annotations

# Exit codes (sysexits, as schedulers expect).
EXIT_OK, EXIT_DEGRADED, EXIT_TEMPFAIL, EXIT_CONFIG = 0, 2, 75, 78

# The order --help lists them in.
COMMANDS = ("run", "status", "diff", "rules", "report", "compare", "explain")
