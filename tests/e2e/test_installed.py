"""The README walkthrough and the error contract, through the real installed command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW


def test_readme_walkthrough(reltrack, database_url):
    first = reltrack("due")
    if "://" in database_url:  # a server's database is there before the first add
        assert first.returncode == 0 and "reltrack add" in first.stderr  # the friendly hint on an empty database
    else:
        assert first.returncode == 1 and "(reltrack add creates one, or check --db)" in first.stderr
        assert not Path(database_url).exists()  # only a writing command creates the database

    assert reltrack("add", "Ana Lima", "--kind", "client", "--email", "ana@lima.pt").returncode == 0
    assert reltrack("add", "Иван Петров", "--kind", "supplier", "--every", "monthly").returncode == 0
    assert reltrack("log", "ana", "--via", "meeting", "--at", "20d ago").returncode == 0
    assert reltrack("log", "иван", "--via", "email", "--at", "2 days ago").returncode == 0

    due = reltrack("due", "--format", "csv")
    assert due.returncode == 0
    rows = list(csv.DictReader(io.StringIO(due.stdout)))
    assert [(r["contact"], r["status"], r["reason"]) for r in rows] == [("Ana Lima", "due", "cadence")]
    assert rows[0]["due_on"] == (NOW.astimezone().date() - timedelta(days=6)).isoformat()

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


@pytest.mark.sqlite_only
def test_demo_shows_a_populated_database_and_leaves_the_users_alone(reltrack, db_path, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    demo = reltrack("demo", env={"TMPDIR": str(scratch)})
    assert demo.returncode == 0, demo.stderr
    assert not db_path.exists()  # RELTRACK_DB points here: the demo must not create or touch it
    for heading in ("reltrack due", "reltrack report trust", "reltrack report frequency", "reltrack report portfolio", "reltrack review", "export RELTRACK_DB="):
        assert heading in demo.stdout
    assert "retention_rate" in demo.stdout and "Marked done" not in demo.stdout

    (demo_db,) = scratch.glob("reltrack-demo-*/demo.db")
    trust = json.loads(reltrack("--db", str(demo_db), "report", "trust", "-f", "json").stdout)
    assert len(trust) >= 20 and all(0 <= row["trust"] <= 100 for row in trust)
    due = json.loads(reltrack("--db", str(demo_db), "due", "-f", "json").stdout)
    assert {"cadence", "promise", "chase", "quiet"} <= {row["reason"] for row in due}


def test_a_new_user_records_deals_referrals_and_an_agreement(reltrack):
    for args in (
        ["add", "Ana Lima", "--kind", "client"],
        ["add", "Bjørk Guðmundsdóttir", "--kind", "client", "--introduced-by", "ana"],
        ["log", "ana", "--via", "meeting", "--minutes", "60", "--at", "3d ago"],
        ["log", "bjork", "--via", "call", "--minutes", "30", "--at", "2d ago"],
        ["deal", "ana", "Website", "--value", "0.1", "--stage", "won", "--at", "3d ago"],
        ["deal", "ana", "Logo", "--value", "0.2", "--stage", "won", "--at", "2d ago"],
        ["deal", "bjork", "Catalogue", "--value", "3000", "--stage", "proposal"],
        ["won", "3", "--value", "2999.70"],
        ["agreement", "ana", "Retainer", "--ends", "in 20d", "--renew-notice", "1mo", "--payment-terms", "30"],
    ):
        result = reltrack(*args)
        assert result.returncode == 0, (args, result.stderr)
    summary = json.loads(reltrack("report", "portfolio", "--summary", "-f", "json").stdout)
    assert summary["currencies"]["EUR"]["won_value"]["value"] == "3000.00"  # 0.1 + 0.2 + 2999.70, exactly
    assert summary["referrals"]["value"] == 1 and summary["currencies"]["EUR"]["referred_value"]["value"] == "2999.70"
    assert summary["currencies"]["EUR"]["value_per_hour"]["value"] == "2000.00"  # 3000.00 over 1.5 hours
    due = json.loads(reltrack("due", "-f", "json").stdout)
    assert "renewal" in {row["reason"] for row in due}
    risks = json.loads(reltrack("report", "risk", "-f", "json").stdout)
    assert risks[0]["area"] in ("concentration", "agreement", "value at risk")
    review = reltrack("review")
    assert review.returncode == 0 and review.stdout.startswith("# reltrack review")
    bad = reltrack("deal", "ana", "X", "--value", "12,50")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1 and bad.stdout == ""
