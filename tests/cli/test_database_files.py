"""The database on disk: read-only files are read, typos create nothing, modes stay private."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from reltrack.store import db as store_db

READ_COMMANDS = [("due",), ("list",), ("show", "Ana"), ("info",), ("export", "contacts"), ("export", "all")]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def closed_copy(cli, path: Path, *commands: tuple[str, ...]) -> Path:
    """A database at `path` made by `commands`, as a single closed file: in-process runs keep
    their connections (and so their -wal and -shm files) open until the test ends."""
    scratch = path.parent / f"scratch-{path.name}"
    for command in commands:
        cli.ok("--db", str(scratch), *command)
    source, target = sqlite3.connect(scratch), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    for leftover in scratch.parent.glob(scratch.name + "*"):
        leftover.unlink()
    return path


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture(params=["file", "folder"])
def read_only_db(request, tmp_path, cli):
    """A populated database that cannot be written: the file itself, or the whole folder (as on
    read-only media). Permission bits do not stop root, so as root the file is made immutable and
    the folder a read-only bind mount."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = closed_copy(cli, folder / "ro.db", ("add", "Ana Lima", "--every", "1w"), ("log", "Ana", "--at", "2026-11-20"))
    undo: list[tuple[str, ...]] = []
    if request.param == "file":
        if os.geteuid() == 0:
            if not _run("chattr", "+i", str(path)):
                pytest.skip("chattr +i is not available here")
            undo.append(("chattr", "-i", str(path)))
        else:
            path.chmod(0o400)
    else:
        if os.geteuid() == 0:
            mounted = tmp_path / "media"
            mounted.mkdir()
            if not (_run("mount", "--bind", str(folder), str(mounted)) and _run("mount", "-o", "remount,ro,bind", str(mounted))):
                _run("umount", str(mounted))
                pytest.skip("no read-only bind mounts here")
            undo.append(("umount", "--lazy", str(mounted)))  # in-process runs may still hold it open
            path = mounted / "ro.db"
        else:
            folder.chmod(0o500)
            undo.append(("chmod", "700", str(folder)))
    yield path
    for command in undo:
        _run(*command)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_read_commands_read_a_read_only_database_and_leave_nothing_beside_it(cli, read_only_db, command):
    before = sorted(p.name for p in read_only_db.parent.iterdir())
    result = cli.ok("--db", str(read_only_db), *command, "-f", "json") if command[0] in ("list", "due", "info", "show") else cli.ok("--db", str(read_only_db), *command)
    assert "Ana Lima" in result.stdout or command == ("info",) and '"contacts": 1' in result.stdout
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == before  # no -wal, no -shm


@pytest.mark.sqlite_only
def test_a_read_only_database_can_be_backed_up_and_refuses_writes(cli, read_only_db, tmp_path):
    copy = tmp_path / "rescued.db"
    cli.ok("--db", str(read_only_db), "backup", str(copy))
    assert len(cli.json("--db", str(copy), "list")) == 1
    result = cli.fails(1, "--db", str(read_only_db), "add", "Bo")
    assert "read-only" in result.stderr
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == ["ro.db"]


@pytest.mark.sqlite_only
def test_a_read_only_database_that_needs_an_upgrade_says_so(cli, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    old = folder / "old.db"
    old.write_bytes((Path(__file__).parents[1] / "data" / "golden" / "demo-0002.db").read_bytes())
    if os.geteuid() == 0:
        if not _run("chattr", "+i", str(old)):
            pytest.skip("chattr +i is not available here")
    else:
        old.chmod(0o400)
    try:
        result = cli.fails(1, "--db", str(old), "list")
    finally:
        _run("chattr", "-i", str(old))
    assert "read-only" in result.stderr and "0002" in result.stderr


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", [("info",), ("due",), ("list",), ("export", "all"), ("backup",)], ids=" ".join)
def test_a_mistyped_db_creates_nothing(cli, tmp_path, command):
    for typo in (tmp_path / "typo" / "dir" / "x.db", tmp_path / "typo.db"):
        result = cli.fails(1, "--db", str(typo), *command)
        assert result.stderr == f"error: no database at {typo} (reltrack add creates one, or check --db)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.sqlite_only
def test_only_writing_commands_create_a_database_and_only_in_an_existing_folder(cli, tmp_path, monkeypatch):
    cli.fails(1, "--db", str(tmp_path / "missing" / "x.db"), "add", "Ana")
    assert not (tmp_path / "missing").exists()
    cli.ok("--db", str(tmp_path / "x.db"), "add", "Ana")
    assert cli.json("--db", str(tmp_path / "x.db"), "list")[0]["name"] == "Ana"
    # the default location is made with its folders on first write
    default = tmp_path / "home" / "share" / "reltrack" / "reltrack.db"
    monkeypatch.setattr(store_db, "default_db_path", lambda: default)
    monkeypatch.delenv("RELTRACK_DB")
    cli.fails(1, "list")
    assert not default.parent.exists()
    cli.ok("add", "Ana")
    assert default.exists() and mode(default.parent) == 0o700 and mode(default) == 0o600


@pytest.mark.sqlite_only
def test_an_open_database_and_data_folder_are_made_private_with_a_note(cli, tmp_path, monkeypatch):
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "reltrack.db"
    monkeypatch.setattr(store_db, "default_db_path", lambda: path)
    monkeypatch.delenv("RELTRACK_DB")
    closed_copy(cli, path, ("add", "Ana"))
    os.chmod(folder, 0o755)
    os.chmod(path, 0o644)
    holder = sqlite3.connect(path)  # another reader keeps -wal and -shm in place, made 0644 like the file
    holder.execute("SELECT count(*) FROM contact").fetchone()
    try:
        for side in ("-wal", "-shm"):
            assert mode(path.with_name(path.name + side)) == 0o644
        result = cli.ok("list")
        assert mode(path) == 0o600 and mode(folder) == 0o700
        for side in ("-wal", "-shm"):
            assert mode(path.with_name(path.name + side)) == 0o600
    finally:
        holder.close()
    assert f"note: {path} was readable by others" in result.stderr and f"note: {folder} was open to others" in result.stderr
    assert "note:" not in cli.ok("list").stderr  # said once


@pytest.mark.sqlite_only
def test_a_database_elsewhere_is_made_private_but_not_its_folder(cli, tmp_path):
    folder = tmp_path / "projects"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    path = folder / "work.db"
    cli.ok("--db", str(path), "add", "Ana")
    os.chmod(path, 0o640)
    cli.ok("--db", str(path), "list")
    assert mode(path) == 0o600 and mode(folder) == 0o755


@pytest.mark.sqlite_only
def test_secure_delete_is_set_by_reltrack_not_left_to_the_sqlite_build(db_path, cli):
    from sqlalchemy import event

    cli.ok("add", "Ana")
    database = store_db.Database(store_db.resolve_url(str(db_path)))
    # a build without SQLITE_SECURE_DELETE starts every connection with it off
    event.listen(database.engine, "connect", lambda connection, _: connection.execute("PRAGMA secure_delete = OFF"), insert=True)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    database.dispose()


@pytest.mark.sqlite_only
def test_a_deleted_persons_text_and_lone_tag_leave_the_file(cli, db_path):
    cli.ok("add", "Mallory Secretname", "--tag", "lonelytagxyz", "--tag", "shared", "--note", "privatenotexyz")
    cli.ok("add", "Ana", "--tag", "shared")
    cli.ok("tag-cadence", "shared", "2w")
    cli.ok("delete", "Mallory", "--yes")
    assert [row["tag"] for row in cli.json("tags")] == ["shared"]
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    for secret in (b"Secretname", b"lonelytagxyz", b"privatenotexyz"):
        assert secret not in data


@pytest.mark.sqlite_only
def test_a_tag_with_a_cadence_of_its_own_is_a_setting_and_stays(cli):
    cli.ok("add", "Mallory", "--tag", "board")
    cli.ok("tag-cadence", "board", "1w")
    cli.ok("delete", "Mallory", "--yes")
    assert cli.json("tags") == [{"tag": "board", "contacts": 0, "every": "1w"}]


@pytest.mark.parametrize(
    "value, message",
    [
        ("   ", "RELTRACK_DB is blank"),
        ("sqlite://", "in memory"),
        ("sqlite:///:memory:", "in memory"),
        ("sqlite:///", "in memory"),
    ],
)
def test_unusable_database_names_are_refused(cli, tmp_path, monkeypatch, value, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELTRACK_DB", value)
    assert message in cli.fails(1, "add", "Ana").stderr
    assert list(tmp_path.iterdir()) == []


def test_a_blank_db_option_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "--db is blank" in cli.fails(1, "--db", " ", "add", "Ana").stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.sqlite_only
def test_the_busy_message_blames_no_one_in_particular(cli, db_path, monkeypatch):
    cli.ok("add", "Ana")
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # sqlite3, not reltrack, holds the write lock
    try:
        result = cli.fails(1, "add", "Bo")
    finally:
        holder.close()
    assert "busy (another program is using it)" in result.stderr and "reltrack" not in result.stderr.split(":", 2)[2]


@pytest.mark.sqlite_only
def test_backup_into_a_new_folder_makes_every_folder_private(cli, tmp_path):
    cli.ok("add", "Ana")
    new = tmp_path / "backups" / "reltrack" / "daily"
    copy = Path(cli.ok("backup", f"{new}/").stdout.strip())
    assert copy.parent == new
    assert [mode(folder) for folder in (tmp_path / "backups", new.parent, new)] == [0o700, 0o700, 0o700]
    assert mode(copy) == 0o600
