"""Results on the golden data are what reltrack printed before its data path moved into SQL.

tests/data/golden holds the demo data for a fixed moment, stored by the earlier reltrack (schema
0002), and that reltrack's output for each command in commands.txt (make-golden.sh made them).
Each test upgrades a copy of the database, which is also the migration's test on real data,
and expects the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import shlex
import shutil
import time
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent.parent / "data" / "golden"
COMMANDS = [line.split("|", 1) for line in (GOLDEN / "commands.txt").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):
    """The golden files were written with TZ=UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("name, arguments", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_same_output_as_before(cli, tmp_path, name, arguments):
    database = tmp_path / "golden.db"
    shutil.copy(GOLDEN / "demo-0002.db", database)
    result = cli.ok("--db", str(database), *shlex.split(arguments))
    golden = (GOLDEN / f"{name}.out").read_text(encoding="utf-8")
    if name.startswith("export-"):  # columns added since (the uid, random, given by the upgrade): the rest as before
        read = (lambda text: json.loads(text)) if "json" in arguments else (lambda text: list(csv.DictReader(io.StringIO(text))))
        before, now = read(golden), read(result.stdout)
        assert [{key: row[key] for key in before[0]} for row in now] == before
        assert len({row["uid"] for row in now}) == len(now) and all(len(row["uid"]) == 36 for row in now)
        return
    assert result.stdout == golden


def test_the_golden_database_is_the_older_schema():
    import sqlite3

    with sqlite3.connect(f"file:{GOLDEN / 'demo-0002.db'}?mode=ro&immutable=1", uri=True) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
