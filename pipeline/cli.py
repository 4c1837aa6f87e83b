"""Command line: build the parser from the command modules, set up logging, dispatch, exit.

Exit codes (sysexits, as schedulers expect): 0 success (per-document rejects allowed);
2 reject ratio above max_reject_ratio (good documents still committed); 75 lock held or
transient I/O error (retry on the next tick); 78 bad config, config or library drift, missing
dependency; 130/143 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys

from .commands import COMMANDS
from .logs import JsonFormatter

_GLOBAL = ("--log-level", "--log-format")   # options of the program, accepted after the command too

EXAMPLES = """\
examples:
  pipeline run --input raw --output clean           # clean every new or changed file in raw/
  pipeline diff 001_87baeee10ab8ebbf --output clean  # what cleaning changed in one document
  pipeline status --output clean                     # the last runs: status, counts, rejects

Run 'pipeline COMMAND --help' for each command's options and examples.
"""


def _hoist(argv: list[str]) -> list[str]:
    """``argv`` with the program's own options (``--log-format json``, ``--log-level=DEBUG``) moved
    in front of the command, so ``pipeline run --log-format json ...`` works as users type it."""
    front: list[str] = []
    rest: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            rest.append(word)
            rest.extend(words)
        elif word in _GLOBAL:
            front.append(word)
            value = next(words, None)
            if value is not None:
                front.append(value)
        elif word.split("=", 1)[0] in _GLOBAL:
            front.append(word)
        else:
            rest.append(word)
    return front + rest


def _command_in(argv: list[str]) -> str | None:
    """The command ``argv`` names (its first word that is not an option or an option's value),
    or None when it names none (``pipeline --help``, a typo)."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The CLI's parser; given ``argv`` that names a command, with that command's options only:
    a command module's parser imports what it needs for its choices (the audit modules, pyarrow),
    which a scheduled ``pipeline run`` should not pay at every start."""
    ap = argparse.ArgumentParser(
        prog="pipeline",
        description="Clean scraped web pages (HTML, text, JSONL) into an audited Parquet corpus.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                    help="how much to log on stderr (default INFO)")
    ap.add_argument("--log-format", default="text", choices=["text", "json"],
                    help="'json' prints one JSON object per log line, for log collectors")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _command_in(argv) if argv is not None else None
    for name in COMMANDS:
        if wanted in (None, name):
            importlib.import_module(f".commands.{name}", __package__).add_parser(sub)
    return ap


def _setup_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter("%(levelname)s %(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)


class Terminated(KeyboardInterrupt):
    """SIGTERM (systemd stop, kill): the same orderly path as Ctrl-C, exit 143 instead of 130."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    argv = _hoist(sys.argv[1:] if argv is None else argv)
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    _setup_logging(args.log_level, args.log_format)
    signal.signal(signal.SIGTERM, _terminate)
    # A file-size limit (ulimit -f) must surface as EFBIG on write, reported with exit 75, not
    # kill the process with SIGXFSZ halfway through a file.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        return importlib.import_module(f".commands.{args.command}", __package__).main(args)
    except KeyboardInterrupt as exc:
        logging.getLogger("pipeline").error("interrupted; nothing from this run was committed unless its "
                                            "manifest was written")
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        return 0
