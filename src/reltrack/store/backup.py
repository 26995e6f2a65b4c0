"""Copies of a live SQLite database through SQLite's online backup API, never a file copy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from reltrack.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def backup_sqlite(connection: Connection, destination: Path) -> Path:
    """Write a consistent copy of the database behind `connection` to `destination` (mode 0600)."""
    source = connection.connection.driver_connection
    if not isinstance(source, sqlite3.Connection):
        raise StorageError("backups are made of SQLite databases only")
    if destination.exists():
        raise StorageError(f"{destination} already exists; choose another name")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    except (OSError, sqlite3.Error) as problem:
        destination.unlink(missing_ok=True)
        raise StorageError(f"cannot write backup {destination}: {problem}") from None
    return destination
