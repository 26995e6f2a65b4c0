"""The `reltrack` command: decides what to load before loading anything.

Only the standard library is imported until it is clear what is asked: `reltrack --version`
needs nothing else, and a completion request from the shell (see cli/completion.py) needs
sqlite3 for contact names. Everything else is the Typer app in cli/app.py.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if os.environ.get("_RELTRACK_COMPLETE"):
        from reltrack.cli.completion import main as complete

        sys.exit(complete())
    if sys.argv[1:] in (["--version"], ["-V"]):
        from reltrack import __version__

        print(f"reltrack {__version__}")
        sys.exit(0)
    import gc

    # a report of a hundred thousand contacts makes millions of short-lived tuples and few reference
    # cycles: the collector runs a hundred times less often (about 10% of `report trust` at that size)
    gc.set_threshold(100_000, 20, 100)
    from reltrack.cli.app import main as run_app

    run_app()
