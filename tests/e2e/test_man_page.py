"""Help through a pipe, as help2man and less read it, and the shipped man page made from it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import installed_command

ROOT = Path(__file__).parent.parent.parent


def test_piped_help_is_plain_text(reltrack):
    result = reltrack("log", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: reltrack log [OPTIONS] NAME...\n")
    assert not set("╭╰│─") & set(result.stdout) and "\x1b[" not in result.stdout
    assert "\nExamples:\n  reltrack log " in result.stdout


def test_the_shipped_man_page_is_what_the_help_makes_now(tmp_path):
    if shutil.which("help2man") is None:
        pytest.skip("help2man is not installed here (apt-get install help2man); the man page is unchecked")
    page = tmp_path / "reltrack.1"
    path = f"{Path(installed_command()).parent}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(["sh", "docs/make-man.sh", str(page)], cwd=ROOT, env={**os.environ, "PATH": path}, check=True, timeout=300)

    def without_date(text: str) -> list[str]:  # the .TH line carries the month it was made
        return [line for line in text.splitlines() if not line.startswith(".TH ")]

    shipped = (ROOT / "docs" / "reltrack.1").read_text(encoding="utf-8")
    assert without_date(page.read_text(encoding="utf-8")) == without_date(shipped), "run: sh docs/make-man.sh"
