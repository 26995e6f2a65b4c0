"""Copies of a live SQLite database through SQLite's online backup API, never a file copy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from reltrack.errors import StorageError


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Write a consistent copy of the database file `source` to `destination`, readable by its owner only.

    The copy is read through a connection of its own: in WAL mode a reader is never blocked
    by a writer, so a backup can run while another reltrack (or this one) holds the write lock.
    """
    if destination.exists():
        raise StorageError(f"{destination} already exists; choose another name")
    if not destination.parent.is_dir():
        raise StorageError(f"cannot write backup {destination}: folder {destination.parent} does not exist")
    try:
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        target = sqlite3.connect(destination)
        try:
            reader.backup(target)
        finally:
            target.close()
            reader.close()
    except (OSError, sqlite3.Error) as problem:
        destination.unlink(missing_ok=True)
        raise StorageError(f"cannot write backup {destination}: {problem}") from None
    return destination
