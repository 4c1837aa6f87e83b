"""The CLI builds only the parser of the command it runs (its start-up is every scheduled run's)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.cli import _command_in, _parser
from pipeline.commands import COMMANDS


@pytest.mark.parametrize("argv,command", [
    (["run", "--input", "raw"], "run"),
    (["--log-level", "DEBUG", "status", "--output", "clean"], "status"),
    (["--log-format", "json", "--log-level", "ERROR", "diff", "x"], "diff"),
    (["--log-level=DEBUG", "rules"], "rules"),
    (["--help"], None),
    ([], None),
    (["bogus", "run"], None),          # the first word decides: a typo is not read as "run"
    (["--log-level", "run"], None),    # "run" is the option's value here, not the command
])
def test_command_in(argv, command):
    assert _command_in(argv) == command


def test_each_command_parses_alone():
    for name in COMMANDS:
        parser = _parser([name])
        # its own subparser only: the others are not built
        sub = next(a for a in parser._actions if a.dest == "command")
        assert list(sub.choices) == [name]
    assert list(next(a for a in _parser([])._actions if a.dest == "command").choices) == list(COMMANDS)


def test_run_parser_does_not_import_the_audit_modules():
    code = ("import sys; from pipeline.cli import _parser; _parser(['run', '--input', 'raw']); "
            "print(sorted(m for m in sys.modules if m.startswith(('pipeline.audit', 'pipeline.report'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_command_lists_every_command():
    res = subprocess.run([sys.executable, "-m", "pipeline", "bogus"], capture_output=True, text=True)
    assert res.returncode == 2
    for name in COMMANDS:
        assert repr(name) in res.stderr
