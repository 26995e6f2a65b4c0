"""The database file and its folders on disk: private modes, read-only detection, read-only URIs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reltrack.errors import StorageError

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file


def make_private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by the owner only
    (`mkdir(parents=True)` would give the parents the default mode)."""
    missing = [folder, *folder.parents]
    missing = [path for path in missing if not path.exists()]
    try:
        for path in reversed(missing):
            path.mkdir(mode=PRIVATE_FOLDER)
    except FileExistsError:
        pass
    except OSError as problem:
        raise StorageError(f"cannot make folder {folder}: {problem.strerror}") from None
    if not folder.is_dir():
        raise StorageError(f"cannot make folder {folder}: a file of that name is in the way")


def writable(path: Path) -> bool:
    """Whether SQLite could write to the database at `path`: the file and, for its -wal and
    -shm files, the folder. The file is also opened for writing: on read-only media the
    permission bits say yes."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    try:
        os.close(os.open(path, os.O_WRONLY))  # EROFS on read-only media, even for root
    except OSError:
        return False
    return True


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads `path` without writing anything beside it. With no -wal file
    the database is whole in its one file and opened immutable (no -shm, no locks);
    with one, SQLite must read it, which needs its -shm."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        uri += "&immutable=1"
    return uri


def tighten(path: Path, mode: int) -> bool:
    """Take away group and other permissions from an existing file or folder; True if it had any."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return False
    if current & 0o077 == 0:
        return False
    try:
        os.chmod(path, current & mode)
        # some file systems (FAT, Windows) keep their one mode whatever is asked: say nothing then
        return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    except OSError:
        return False


def make_private(database: Path, data_folder: Path | None) -> None:
    """An existing database (and its -wal/-shm, which SQLite creates with the database's mode)
    readable by the owner only, and the data folder too; says so when it changes anything."""
    from reltrack.output import say

    for path in (database, *(database.with_name(database.name + side) for side in SIDE_FILES)):
        if tighten(path, PRIVATE_FILE):
            say(f"note: {path} was readable by others; now by you only (0600)")
    if data_folder is not None and tighten(data_folder, PRIVATE_FOLDER):
        say(f"note: {data_folder} was open to others; now to you only (0700)")
