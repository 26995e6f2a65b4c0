"""Copies of a live SQLite database through SQLite's online backup API, never a file copy.

A copy is written under a temporary name beside its target, checked (integrity_check and the
same row count in every table as the database it came from), flushed to disk, and only then
given its name: whatever interrupts a backup, the target name holds a whole, valid copy or
nothing. See docs/commands.md (backup).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from reltrack.errors import StorageError

BUSY_TIMEOUT_S = 10


def backup_sqlite(source: Path, destination: Path, *, replace: bool = False, read_only: bool = False) -> Path:
    """Write a verified copy of the database file `source` to `destination`, readable by its owner only.

    The copy is read through a connection of its own: in WAL mode a reader is never blocked
    by a writer, so a backup can run while another reltrack (or this one) holds the write lock.
    An existing `destination` is refused unless `replace` is set; a `read_only` source is read
    without writing anything beside it (store/files.py).
    """
    if destination.exists() and not replace:
        raise StorageError(f"{destination} already exists; choose another name")
    if not destination.parent.is_dir():
        raise StorageError(f"cannot write backup {destination}: folder {destination.parent} does not exist")
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        _copy(source, temporary, read_only)
        _sync(temporary)
        if replace:
            os.replace(temporary, destination)
        else:
            os.link(temporary, destination)  # unlike rename, never replaces a file that appeared meanwhile
            temporary.unlink()
        _sync(destination.parent)  # the new name itself survives a crash
    except FileExistsError:
        raise StorageError(f"{destination} already exists; choose another name") from None
    except (OSError, sqlite3.Error) as problem:
        raise StorageError(f"cannot write backup {destination}: {problem}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return destination


def unused_name(folder: Path, stem: str, suffix: str = ".db") -> Path:
    """`stem.db`, or `stem-2.db`, `stem-3.db`... when two backups are made within the same second."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def problem_with(path: Path) -> str | None:
    """Why the file at `path` is not a whole reltrack database, or None when it is one."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return "it fails SQLite's integrity check"
            if "alembic_version" not in _table_names(connection):
                return "it holds no reltrack tables"
        finally:
            connection.close()
    except sqlite3.Error as problem:
        return str(problem)
    return None


def _copy(source: Path, temporary: Path, read_only: bool) -> None:
    """Copy `source` into `temporary` and check the copy against the snapshot it was read from."""
    from reltrack.store.files import read_only_uri

    os.close(os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
    uri = read_only_uri(source) if read_only else f"{source.resolve().as_uri()}?mode=ro"
    reader = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    target = sqlite3.connect(temporary, isolation_level=None)
    try:
        reader.execute("BEGIN")  # one snapshot for both the copy and the counts it is checked against
        expected = _counts(reader)
        reader.backup(target)
        reader.execute("COMMIT")
        if target.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise StorageError(f"cannot write backup: the copy of {source} fails SQLite's integrity check")
        if _counts(target) != expected:
            raise StorageError(f"cannot write backup: the copy of {source} does not hold the same rows")
    finally:
        target.close()
        reader.close()


def _table_names(connection: sqlite3.Connection) -> list[str]:
    return [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = _table_names(connection)
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
