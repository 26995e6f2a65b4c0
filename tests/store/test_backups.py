"""Backups survive being killed: the target name holds a whole, verified copy or nothing,
and an upgrade never runs without a whole backup of the database as it was."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from reltrack.store.backup import problem_with
from reltrack.store.db import SCHEMA_HEAD, open_database
from tests.e2e.conftest import installed_command

GOLDEN_0002 = Path(__file__).parents[1] / "data" / "golden" / "demo-0002.db"
KILLS = 25


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def version(path: Path) -> str:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.fixture(scope="module")
def big_0002(tmp_path_factory) -> Path:
    """The schema-0002 demo database with 4 MB of feedback notes, so that copying it takes a moment
    (feedback is a table no migration rebuilds: the upgrade after the backup stays quick)."""
    path = tmp_path_factory.mktemp("big") / "big-0002.db"
    shutil.copy(GOLDEN_0002, path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
            "INSERT INTO feedback (contact_id, score, at, note, created_at) "
            "SELECT 1, 9, '2026-02-03 09:00:00.000000', hex(randomblob(5000)), '2026-02-03 09:00:00.000000' FROM n"
        )
    return path


@pytest.fixture(scope="module")
def big_head(big_0002, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("head") / "big.db"
    shutil.copy(big_0002, path)
    open_database(str(path)).dispose()
    return path


def started(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([installed_command(), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_copy(process: subprocess.Popen, folder: Path, pattern: str) -> None:
    """Until a file matching `pattern` (the copy, under any name) appears in `folder`, or the run ends."""
    while process.poll() is None and not any(folder.glob(pattern)):
        time.sleep(0.0005)


def run_and_kill(args: list[str], env: dict, delay: float, folder: Path, pattern: str | None) -> bool:
    """Start reltrack and SIGKILL it `delay` seconds after it starts (or, with `pattern`, after the
    copy was begun); True if it was still running when killed."""
    process = started(args, env)
    try:
        if pattern is not None:
            wait_for_copy(process, folder, pattern)
        time.sleep(delay)
        killed = process.poll() is None
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(10)
    return killed


def timings(args: list[str], env: dict, folder: Path, pattern: str) -> tuple[float, float]:
    """How long a whole run takes, and how long from the copy's start to the end of the run."""
    begun = time.monotonic()
    process = started(args, env)
    wait_for_copy(process, folder, pattern)
    copying = time.monotonic()
    assert process.wait(60) == 0
    ended = time.monotonic()
    return ended - begun, ended - copying


def kill_all(runs: list[tuple[list[str], Path]], env: dict, pattern: str, calibration: tuple[list[str], Path]) -> tuple[int, int]:
    """Run each (arguments, folder the copy goes to) and kill it: half at any moment of a run,
    half while the copy is being written. How many were still running, and how many of those
    were killed half-way through a copy (they leave its temporary file behind)."""
    whole_run, copy_time = timings(calibration[0], env, calibration[1], pattern)
    from concurrent.futures import ThreadPoolExecutor

    chooser = random.Random(16)
    plans = []
    for index, (args, folder) in enumerate(runs):
        folder.mkdir(exist_ok=True)
        if index % 2:
            plans.append((args, env, chooser.uniform(0, whole_run), folder, None))
        else:
            plans.append((args, env, chooser.uniform(0, copy_time), folder, pattern))
    with ThreadPoolExecutor(3) as pool:  # a few at a time: the kills land at still more varied moments
        killed = sum(pool.map(lambda plan: run_and_kill(*plan), plans))
    mid_copy = sum(1 for _, folder in runs if any(folder.glob(".*.tmp")))
    return killed, mid_copy


@pytest.mark.sqlite_only
def test_a_killed_backup_leaves_a_whole_copy_or_nothing(big_head, tmp_path, cli):
    env = {**os.environ}
    expected = counts(big_head)
    folders = [tmp_path / f"run{index}" for index in range(KILLS)]
    calibration = (["--db", str(big_head), "backup", str(tmp_path / "copy.db")], tmp_path)
    runs = [(["--db", str(big_head), "backup", str(folder / "copy.db")], folder) for folder in folders]
    killed, mid_copy = kill_all(runs, env, "*copy.db*", calibration)
    for index, folder in enumerate(folders):
        target = folder / "copy.db"
        existed = target.exists()
        if existed:
            assert problem_with(target) is None and counts(target) == expected, f"run {index}: a broken copy under the target name"
        retry = cli("--db", str(big_head), "backup", str(target))
        assert retry.exit_code == (1 if existed else 0), retry.stderr  # a whole copy is never overwritten
        assert problem_with(target) is None and counts(target) == expected
    print(f"{killed} of {KILLS} backups killed while running, {mid_copy} half-way through the copy")
    assert mid_copy > 0  # some kills did land while the copy was being written


@pytest.mark.sqlite_only
def test_an_upgrade_killed_at_any_moment_never_runs_without_a_whole_backup(big_0002, tmp_path):
    env = {**os.environ}
    original = counts(big_0002)
    folders = [tmp_path / f"run{index}" for index in range(KILLS)]
    for folder in [tmp_path, *folders]:
        folder.mkdir(exist_ok=True)
        shutil.copy(big_0002, folder / "old.db")
    calibration = (["--db", str(tmp_path / "old.db"), "info"], tmp_path)
    runs = [(["--db", str(folder / "old.db"), "info"], folder) for folder in folders]
    killed, mid_copy = kill_all(runs, env, "*.before-*", calibration)
    for index, folder in enumerate(folders):
        database = folder / "old.db"
        backup = folder / f"old.db.before-{SCHEMA_HEAD}.bak"
        if backup.exists():
            assert problem_with(backup) is None, f"run {index}: a broken backup under the backup name"
        # the next run: whatever the kill left, it upgrades only with a whole backup of the old data
        open_database(str(database)).dispose()
        assert version(database) == SCHEMA_HEAD
        assert problem_with(backup) is None and version(backup) == "0002" and counts(backup) == original, f"run {index}"
    print(f"{killed} of {KILLS} upgrades killed while running, {mid_copy} half-way through the backup")
    assert mid_copy > 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize("leftover", [b"", b"SQLite format 3\x00" + b"\x00" * 200, "whole-but-empty"])
def test_a_broken_backup_left_by_a_killed_upgrade_is_written_again(tmp_path, leftover):
    database = tmp_path / "old.db"
    shutil.copy(GOLDEN_0002, database)
    backup = tmp_path / f"old.db.before-{SCHEMA_HEAD}.bak"
    if leftover == "whole-but-empty":
        sqlite3.connect(backup).close()  # a valid SQLite file with no tables: what a killed copy once left
    else:
        backup.write_bytes(leftover)
    open_database(str(database)).dispose()
    assert version(backup) == "0002" and counts(backup) == counts(GOLDEN_0002)


@pytest.mark.sqlite_only
def test_a_whole_backup_from_an_earlier_failed_upgrade_is_kept(tmp_path):
    database = tmp_path / "old.db"
    shutil.copy(GOLDEN_0002, database)
    backup = tmp_path / f"old.db.before-{SCHEMA_HEAD}.bak"
    shutil.copy(GOLDEN_0002, backup)
    with sqlite3.connect(backup) as connection:
        connection.execute("DELETE FROM feedback")  # older data than the database has now
    open_database(str(database)).dispose()
    assert counts(backup)["feedback"] == 0


@pytest.mark.sqlite_only
def test_two_backups_in_the_same_second_get_two_names(cli, db_path):
    cli.ok("add", "Ana Lima")
    first, second = (Path(cli.ok("backup").stdout.strip()) for _ in range(2))
    assert first != second and first.parent == second.parent == db_path.parent
    assert problem_with(first) is None and problem_with(second) is None
