"""Starting fast: help and version must not load the database stack; no import cycles."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import reltrack

# pydantic is not listed: Typer itself uses it to check option values (`log --help` loads it)
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "dateutil", "vobject", "icalendar")
DATABASE_STACK = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")

PROBE = """
import os, sys
sys.argv = ["reltrack", *{args!r}]
os.environ.update({env!r})
from reltrack.cli.launch import main
try:
    main()
except SystemExit:
    pass
print("loaded=" + ",".join(sorted(m for m in {watched!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded_after(args: list[str], watched: tuple[str, ...], env: dict[str, str] | None = None) -> str:
    """Run the `reltrack` entry point in a fresh interpreter; the watched modules it imported."""
    probe = PROBE.format(args=args, env=env or {}, watched=watched)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["log", "--help"], ["due", "--help"], ["deal", "--help"], ["review", "--help"], ["report", "portfolio", "--help"]],
)
def test_help_and_version_load_no_heavy_module(args):
    assert loaded_after(args, HEAVY) == "loaded=", f"reltrack {' '.join(args)} imported more than it needs"


@pytest.mark.parametrize("args", [["--version"], ["-V"]])
def test_version_loads_neither_typer_nor_rich(args):
    assert loaded_after(args, ("typer", "rich", *DATABASE_STACK)) == "loaded="


def test_help_loads_no_database_stack():
    assert loaded_after(["--help"], DATABASE_STACK) == "loaded="


@pytest.fixture
def contacts(cli):
    for name in ("Ana Lima", "Пётр Ильич Чайковский"):
        cli.ok("add", name)


@pytest.mark.parametrize(
    "request_env",
    [
        {"_RELTRACK_COMPLETE": "bash", "_RELTRACK_COMPLETE_LINE": "reltrack log Пётр\\ И", "_RELTRACK_COMPLETE_CURRENT": "Пётр\\ И"},
        {"_RELTRACK_COMPLETE": "zsh", "_RELTRACK_COMPLETE_WORDS": "edit-touch\n3\n--add", "_RELTRACK_COMPLETE_CURRENT": "an"},
        {"_RELTRACK_COMPLETE": "fish", "_RELTRACK_COMPLETE_WORDS": "report\ntrust\n--explain", "_RELTRACK_COMPLETE_CURRENT": ""},
    ],
    ids=["bash", "zsh", "fish"],
)
def test_name_completion_loads_no_typer_and_no_database_stack(contacts, request_env):
    assert loaded_after([], ("typer", "rich", *DATABASE_STACK), request_env) == "loaded="


def test_the_probe_sees_what_completion_offers(contacts):
    """The probe above runs the real thing: the same request prints the name."""
    env = {"_RELTRACK_COMPLETE": "bash", "_RELTRACK_COMPLETE_LINE": "reltrack log Пётр\\ И", "_RELTRACK_COMPLETE_CURRENT": "Пётр\\ И"}
    probe = PROBE.format(args=[], env=env, watched=())
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout == "plain\tПётр\\ Ильич\\ Чайковский\n"


def all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(reltrack.__path__, "reltrack.") if ".migrations" not in m.name and not m.name.endswith("__main__"))


@pytest.mark.parametrize("module", all_modules())
def test_every_module_imports_on_its_own(module):
    """Each module in a fresh interpreter: an import cycle shows up here (as pip-tools checks)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
