"""Every command has help text and a section in docs/commands.md (as sqlite-utils checks its docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reltrack.cli.app import COMMANDS
from reltrack.cli.reports import report_app

ALL_COMMANDS = COMMANDS + [(f"report {info.name}", info.callback) for info in report_app.registered_commands]

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("name, function", ALL_COMMANDS, ids=[name for name, _ in ALL_COMMANDS])
def test_command_has_help_and_docs(cli, name, function):
    assert function.__doc__ and function.__doc__.strip(), f"{name} has no help text"
    result = cli.ok(*name.split(), "--help")
    assert function.__doc__.strip().splitlines()[0][:30] in " ".join(result.stdout.split())
    headings = [line for line in (DOCS / "commands.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any(f"`reltrack {name} " in h or f"`reltrack {name}`" in h for h in headings), f"{name} missing from docs"
