"""The README walkthrough and the error contract, through the real installed command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta


def test_readme_walkthrough(reltrack, db_path):
    first = reltrack("due")
    assert first.returncode == 0
    assert "reltrack add" in first.stderr  # the friendly hint on an empty database
    assert db_path.exists()

    assert reltrack("add", "Ana Lima", "--kind", "client", "--email", "ana@lima.pt").returncode == 0
    assert reltrack("add", "Иван Петров", "--kind", "supplier", "--every", "monthly").returncode == 0
    assert reltrack("log", "ana", "--via", "meeting", "--at", "20d ago").returncode == 0
    assert reltrack("log", "иван", "--via", "email", "--at", "2 days ago").returncode == 0

    due = reltrack("due", "--format", "csv")
    assert due.returncode == 0
    rows = list(csv.DictReader(io.StringIO(due.stdout)))
    assert [(r["contact"], r["status"], r["reason"]) for r in rows] == [("Ana Lima", "due", "cadence")]
    assert rows[0]["due_on"] == (date.today() - timedelta(days=6)).isoformat()

    listed = json.loads(reltrack("list", "-f", "json").stdout)
    assert {r["name"] for r in listed} == {"Ana Lima", "Иван Петров"}
    assert reltrack("due", "--check").returncode == 1


def test_errors_are_one_line_with_the_documented_exit_status(reltrack):
    reltrack("add", "Ana Lima")
    for args, status in [
        (["log", "Ana", "--at", "someday"], 2),
        (["log", "Ana", "--via", "pigeon"], 2),
        (["--no-such-option"], 2),
        (["log", "Nobody"], 1),
        (["add", "ana lima"], 1),
        (["log", "Ana", "--at", "tomorrow"], 1),
    ]:
        result = reltrack(*args)
        assert result.returncode == status, (args, result.stderr)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (args, result.stderr)
        assert result.stdout == ""


def test_version_and_help(reltrack):
    from reltrack import __version__

    assert reltrack("--version").stdout.strip() == f"reltrack {__version__}"
    help_text = reltrack("--help").stdout
    for command in ("add", "log", "due", "touches", "followup", "snooze"):
        assert command in help_text


def test_python_dash_m_runs_too(isolated):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "reltrack", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("reltrack ")


def test_head_closing_the_pipe_is_not_an_error(reltrack, cli):
    import subprocess

    from tests.e2e.conftest import installed_command

    cli.ok("add", "Ana Lima")
    for _ in range(3):  # more output than a pipe buffer holds, so the writer meets a closed pipe
        cli.ok("log", "Ana", "--note", "x" * 50_000)
    pipeline = subprocess.run(f"'{installed_command()}' touches | head -n 1", shell=True, capture_output=True, text=True)
    assert pipeline.stdout.startswith("id\tat\t")
    assert pipeline.stderr == ""


def test_demo_shows_a_populated_database_and_leaves_the_users_alone(reltrack, db_path, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    demo = reltrack("demo", env={"TMPDIR": str(scratch)})
    assert demo.returncode == 0, demo.stderr
    assert not db_path.exists()  # RELTRACK_DB points here: the demo must not create or touch it
    for heading in ("reltrack due", "reltrack report trust", "reltrack report frequency", "export RELTRACK_DB="):
        assert heading in demo.stdout

    (demo_db,) = scratch.glob("reltrack-demo-*/demo.db")
    trust = json.loads(reltrack("--db", str(demo_db), "report", "trust", "-f", "json").stdout)
    assert len(trust) >= 20 and all(0 <= row["trust"] <= 100 for row in trust)
    due = json.loads(reltrack("--db", str(demo_db), "due", "-f", "json").stdout)
    assert {"cadence", "promise", "chase", "quiet"} <= {row["reason"] for row in due}
