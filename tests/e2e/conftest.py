"""End-to-end: the installed `reltrack` command, run as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def installed_command() -> str:
    beside_python = Path(sys.executable).with_name("reltrack")
    found = str(beside_python) if beside_python.exists() else shutil.which("reltrack")
    if not found:
        pytest.fail("the reltrack command is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture
def reltrack(isolated):
    command = installed_command()

    def run(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        environment = {**os.environ, **(env or {})}
        return subprocess.run(
            [command, *args], input=input, capture_output=True, text=True, env=environment, timeout=60
        )

    return run
