"""Where the data lives and how it is opened: URL, engine, pragmas, sessions, schema upgrades.

Opening a database reads its schema version with one cheap query; Alembic is
imported only when the database is new or older than this reltrack.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reltrack.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

SCHEMA_HEAD = "0008"  # the newest migration in migrations/versions; a test keeps the two equal
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("reltrack")) / "reltrack.db"


def resolve_url(option: str | None) -> str:
    """`--db`, else `$RELTRACK_DB`, else the default file. A path becomes an sqlite URL."""
    chosen = option or os.environ.get("RELTRACK_DB") or str(default_db_path())
    _refuse_unusable(chosen, "--db" if option else "RELTRACK_DB")
    if "://" in chosen:
        return normalize_url(chosen)
    return "sqlite:///" + str(Path(chosen).expanduser().resolve())


def _refuse_unusable(chosen: str, source: str) -> None:
    """A blank name would make a file named by spaces, and an in-memory SQLite database forgets
    everything when the command ends: neither can be what was meant."""
    if not chosen.strip():
        raise StorageError(f"{source} is blank; name a database file, or unset it for the default")
    if chosen.startswith("sqlite") and "://" in chosen and sqlite_path(chosen) is None:
        raise StorageError(f"{source} names an SQLite database in memory, which keeps nothing; name a file")


# -- PostgreSQL URLs and server errors (docs/team.md) ------------------------------------------

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT_S = 10


def normalize_url(url: str) -> str:
    """`postgresql://` and `postgres://` (as psql and most hosts write them) use the psycopg driver."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def url_password(url: str) -> str | None:
    """The password written in a URL, read without parsing it (an unparseable URL still has one)."""
    import re

    found = re.match(r"[^:/]+://[^/@:]*:([^/@]*)@", url)
    return found.group(1) if found and found.group(1) else None


def scrub(text: str, url: str) -> str:
    """Text to show with the URL's password masked, on one line."""
    password = url_password(url)
    if password:
        from urllib.parse import unquote

        for spelling in {password, unquote(password)}:
            text = text.replace(spelling, "***")
    return " ".join(text.split())


def server_problem(reason: str, url: str) -> str:
    """What to check, for an error from the PostgreSQL server or the way to it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    lowered = reason.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"the server {server} refused the login of user '{parsed.username}': check the user name and password in the URL"
    if "does not exist" in lowered and "database" in lowered:
        return f"there is no database '{parsed.database}' on the server {server}: check its name in the URL, or create it (docs/team.md)"
    if "terminat" in lowered or "server closed the connection" in lowered or "consuming input failed" in lowered:
        return f"lost the connection to the server {server} (stopped or restarted?); nothing of this command was saved"
    if "connection refused" in lowered or "could not connect" in lowered or "timeout expired" in lowered or "connection failed" in lowered:
        return f"cannot reach the PostgreSQL server {server}: check that it is running and the host and port in the URL"
    if "lock timeout" in lowered:
        return "the database is busy (another reltrack is writing); try again"
    return reason.splitlines()[0] if reason else "database error"


def driver_missing(url: str) -> str | None:
    """The message for a PostgreSQL URL without its driver installed."""
    if url.startswith("postgresql"):
        return "the PostgreSQL driver is not installed: pip install 'reltrack[postgres]'"
    return None


def sqlite_path(url: str) -> Path | None:
    """The file behind an sqlite URL, None for other databases and in-memory ones."""
    if not url.startswith("sqlite"):
        return None
    database = url.split(":///", 1)[1] if ":///" in url else ""
    database = database.split("?", 1)[0]
    return Path(database) if database and database != ":memory:" else None


def display_url(url: str) -> str:
    """The URL with any password hidden, for `info` and error messages."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return scrub(url, url)


@dataclass
class Database:
    url: str
    read_only: bool = False  # opened without writing anything, not even -wal/-shm (store/files.py)

    def __post_init__(self) -> None:
        self._engine: Engine | None = None

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql")

    def _engine_options(self) -> dict:
        if self.is_postgres:  # a server that does not answer fails in seconds, not minutes
            return {"connect_args": {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "reltrack"}}
        return self._read_only_options()

    # -- engine -------------------------------------------------------------

    def _create_engine(self, foreign_keys: bool = True) -> Engine:
        from sqlalchemy import create_engine, event
        from sqlalchemy.exc import ArgumentError

        try:
            engine = create_engine(self.url, **self._engine_options())
        except ImportError as problem:
            message = driver_missing(self.url) or f"cannot use database URL {display_url(self.url)}: {problem}"
            raise StorageError(scrub(message, self.url)) from None
        except (ArgumentError, ValueError) as problem:  # ValueError: a port that is not a number
            raise StorageError(scrub(f"cannot use database URL {display_url(self.url)}: {problem}", self.url)) from None
        if self.is_postgres:
            _serialize_postgres_writers(engine)
        if self.is_sqlite:
            from reltrack.store.money import register_sqlite as register_money

            if not self.read_only:
                self._prepare_file()

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
                dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
                # deleted rows are overwritten with zeros, not left readable in free pages
                cursor.execute("PRAGMA secure_delete = ON")
                if not self.read_only:
                    cursor.execute("PRAGMA journal_mode = WAL")
                cursor.close()
                _ensure_math(dbapi_connection)
                register_money(dbapi_connection)  # exact sums of amounts (store/money.py)

            @event.listens_for(engine, "begin")
            def _on_begin(connection):  # type: ignore[no-untyped-def]
                # A writer takes the write lock before reading, so two writers
                # queue on the busy timeout instead of failing half-way.
                write = connection.get_execution_options().get("reltrack_write")
                connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def _read_only_options(self) -> dict:
        """A read-only database is opened through an SQLite URI that writes nothing beside it."""
        if not self.read_only or self.path is None:
            return {}
        import sqlite3

        from reltrack.store.files import read_only_uri

        uri = read_only_uri(self.path)
        return {"creator": lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)}

    def _prepare_file(self) -> None:
        path = self.path
        if path is None or path.exists():
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Personal data: only the owner may read it (WAL and SHM files inherit this mode).
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as problem:
            raise StorageError(f"cannot create database {path}: {problem.strerror}") from None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._create_engine()
        return self._engine

    # -- schema -------------------------------------------------------------

    def schema_version(self) -> str | None:
        with self._translate_errors(), self.engine.connect() as connection:
            return _read_version(connection)

    def ensure_schema(self) -> None:
        """Create a new database at head, or upgrade an older one; refuse a newer one."""
        version = self.schema_version()
        if version == SCHEMA_HEAD:
            return
        if version is not None and version > SCHEMA_HEAD:
            raise StorageError(
                f"database {display_url(self.url)} has schema {version}, newer than this reltrack "
                f"knows ({SCHEMA_HEAD}); upgrade reltrack"
            )
        if self.read_only:
            raise StorageError(
                f"database {display_url(self.url)} is read-only and needs "
                + (f"an upgrade from schema {version} to {SCHEMA_HEAD}" if version else "its tables")
                + ": copy it somewhere writable first"
            )
        with self._translate_errors():
            self._upgrade()

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config
        from sqlalchemy import inspect

        # Foreign keys off while migrating: batch mode rebuilds tables on SQLite, and
        # dropping the old copy would otherwise cascade deletes into child tables.
        engine = self._create_engine(foreign_keys=False)
        try:
            with engine.execution_options(reltrack_write=True).begin() as connection:
                version = _read_version(connection)  # again, now that we hold the write lock
                if version == SCHEMA_HEAD:
                    return
                if version is None and inspect(connection).get_table_names():
                    raise StorageError(f"{display_url(self.url)} is not a reltrack database (it has other tables)")
                if version is not None and self.path is not None:
                    _backup_before_upgrade(self.path)
                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS_DIR))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if self.is_sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StorageError("schema upgrade would break links between records; nothing was changed")
                from reltrack.store.summaries import refresh

                refresh(connection, None)  # derived data: rebuilt from the rows after any upgrade
        finally:
            engine.dispose()

    # -- sessions -----------------------------------------------------------

    @contextmanager
    def session(self, write: bool = False, dry_run: bool = False) -> Iterator[Session]:
        """A unit of work: a write session commits at the end, or rolls back on any error.
        A dry run does all the work, then rolls back: what it reports is what would happen."""
        from sqlalchemy.orm import Session

        bind = self.engine.execution_options(reltrack_write=True) if write else self.engine
        with self._translate_errors(), Session(bind, expire_on_commit=False) as session:
            transaction = session.begin()
            try:
                yield session
            except BaseException:
                transaction.rollback()
                raise
            if dry_run or not write:
                # detach first: a rollback would expire what the caller still reads after the block
                session.expunge_all()
                transaction.rollback()
            else:
                from reltrack.store.summaries import refresh_changed

                session.flush()
                refresh_changed(session)  # summaries of what this transaction changed, in it
                transaction.commit()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

        try:
            yield
        except IntegrityError as problem:
            reason = str(problem.orig).splitlines()[0]
            raise StorageError(scrub(f"refused: the change conflicts with stored data ({reason})", self.url)) from None
        except OperationalError as problem:
            reason = str(problem.orig) if problem.orig is not None else str(problem)
            reason = server_problem(reason, self.url) if self.is_postgres else _plain_reason(reason)
            raise StorageError(scrub(f"cannot use database {display_url(self.url)}: {reason}", self.url)) from None
        except DatabaseError as problem:
            reason = str(problem.orig) if problem.orig is not None else str(problem)
            if self.is_postgres:
                reason = server_problem(reason, self.url)
            raise StorageError(scrub(f"cannot use database {display_url(self.url)}: {reason}", self.url)) from None

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _plain_reason(reason: str) -> str:
    """SQLite's reasons in words that say what to do."""
    if "locked" in reason or "busy" in reason:
        # any program may hold the lock: another reltrack, sqlite3, a backup or sync tool
        return "the database is busy (another program is using it); try again"
    if "readonly" in reason:
        return "it is read-only (file or folder permissions, or read-only media); nothing was written"
    return reason


def _backup_before_upgrade(path: Path) -> Path:
    """A verified copy of the database as it was, before the first migration touches it.
    A backup left by a failed upgrade is kept when it is whole (it holds the older data);
    one that is not (an upgrade killed while writing it) is written again."""
    from reltrack.store.backup import backup_sqlite, problem_with

    backup = path.with_name(f"{path.name}.before-{SCHEMA_HEAD}.bak")
    if backup.exists():
        problem = problem_with(backup)
        if problem is None:
            return backup
        from reltrack.output import say

        say(f"note: {backup} is not a whole backup ({problem}); writing it again")
    return backup_sqlite(path, backup, replace=True)


WRITER_LOCK = 7_303_633  # pg_advisory_xact_lock key: "rel" in ASCII; one writer at a time, as on SQLite


def _serialize_postgres_writers(engine: Engine) -> None:
    """A write transaction on the server waits for the others to finish, as BEGIN IMMEDIATE does
    on SQLite: each writer then reads what the one before it committed (duplicate names, summaries)."""
    from sqlalchemy import event

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get("reltrack_write"):
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def _ensure_math(dbapi_connection) -> None:  # type: ignore[no-untyped-def]
    """exp(), which the trust sums use, is built into most SQLite libraries; where it is not, Python's."""
    try:
        dbapi_connection.execute("SELECT exp(0)")
    except Exception:  # sqlite3.OperationalError: no such function
        import math

        dbapi_connection.create_function("exp", 1, math.exp, deterministic=True)


def _read_version(connection: Connection) -> str | None:
    from sqlalchemy import inspect

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def open_database(option: str | None, write: bool = True) -> Database:
    """The database named by `--db` / `$RELTRACK_DB` / the default, at the current schema.
    Only a writing command creates a missing database; one that cannot be written is read read-only."""
    database = Database(resolve_url(option))
    if database.path is not None:
        database.read_only = _check_file(database.path, write)
    database.ensure_schema()
    if database.path is not None and not database.read_only:
        _make_private(database.path)  # once it is known to be a reltrack database
    return database


def _check_file(path: Path, write: bool) -> bool:
    """Whether the database file at `path` is to be opened read-only; refuses to create one
    where a typo would (see docs/configuration.md)."""
    from reltrack.store import files

    if not path.exists():
        if not write or not (path == default_db_path() or path.parent.is_dir()):
            raise StorageError(f"no database at {path} (reltrack add creates one, or check --db)")
        return False
    if not files.writable(path):
        if write:
            raise StorageError(f"cannot write database {path}: {_plain_reason('readonly')}")
        return True
    return False


def _make_private(path: Path) -> None:
    from reltrack.store.files import make_private

    make_private(path, path.parent if path.parent == default_db_path().parent else None)


def advance_id_sequences(session: Session) -> None:
    """After rows were inserted with explicit ids, make PostgreSQL's id sequences continue past them
    (SQLite needs nothing: it takes the next id from the largest one)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    for table in ("contact", "tag", "touchpoint", "promise", "feedback", "deal", "agreement", "review"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"))
