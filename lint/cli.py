"""The `xxgk-lint` command's entry point.

A plain `check` (paths and the usual options) is read from the option table and run at once
(xxgk_lint.checking); everything else — other commands, help, anything unusual — goes to the
typer application (xxgk_lint.commands), which explains a wrong call in Chinese."""

from __future__ import annotations

import sys

from xxgk_lint.checking import Exit, echo
from xxgk_lint.checking import quick_arguments as _quick_arguments  # noqa: F401  (the tests call it by this name)


def main() -> None:
    from xxgk_lint.terminal import make_streams_safe

    make_streams_safe()
    try:
        values = _quick_arguments(sys.argv[1:])
        if values is not None:
            _check_quickly(values)
        from xxgk_lint.clihelp import run
        from xxgk_lint.commands import app

        sys.exit(run(app, "xxgk-lint"))
    except BrokenPipeError:
        # the reader went away (xxgk-lint check … | head): nothing more to say, and no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _check_quickly(values: dict) -> None:
    """Run `check` with arguments read by quick_arguments."""
    from xxgk_lint.checking import run_check

    try:
        run_check(**values)
    except Exit as done:
        sys.exit(done.code)
    except KeyboardInterrupt:
        echo("已中止", err=True)
        sys.exit(1)
