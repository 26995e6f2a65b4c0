"""Starting fast: help and version must not load the database stack; no import cycles."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import reltrack

# pydantic is not listed: Typer itself uses it to check option values
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "dateutil", "vobject", "icalendar")

PROBE = """
import sys
sys.argv = ["reltrack", *{args!r}]
from reltrack.cli.app import main
try:
    main()
except SystemExit:
    pass
print("loaded=" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["log", "--help"], ["due", "--help"]])
def test_help_and_version_load_no_heavy_module(args):
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, timeout=60
    )
    loaded = result.stderr.strip().splitlines()[-1]
    assert loaded == "loaded=", f"reltrack {' '.join(args)} imported {loaded}"


def all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(reltrack.__path__, "reltrack.") if ".migrations" not in m.name and not m.name.endswith("__main__"))


@pytest.mark.parametrize("module", all_modules())
def test_every_module_imports_on_its_own(module):
    """Each module in a fresh interpreter: an import cycle shows up here (as pip-tools checks)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
