"""Every test gets its own database and config file: nothing touches the user's data.

The database is a file in the test's temporary folder; with RELTRACK_TEST_DATABASE_URL set to a
PostgreSQL server URL (postgresql+psycopg://user:password@127.0.0.1:PORT/postgres), it is a fresh
database on that server instead, created for the test and dropped after it (see tests/server.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner


# Every command in a test runs at this moment (RELTRACK_NOW): the dates tests write never age.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


TEST_SERVER_URL = os.environ.get("RELTRACK_TEST_DATABASE_URL") or None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`sqlite_only` tests need a database file; `postgres_only` ones a server."""
    if TEST_SERVER_URL and item.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite only (a database file): this run uses the PostgreSQL server of RELTRACK_TEST_DATABASE_URL")
    if not TEST_SERVER_URL and item.get_closest_marker("postgres_only"):
        pytest.skip("needs a PostgreSQL server: set RELTRACK_TEST_DATABASE_URL (.ci/run starts one)")


@pytest.fixture(scope="session")
def test_server() -> Iterator[object | None]:
    """The PostgreSQL server the run uses, None for SQLite."""
    if not TEST_SERVER_URL:
        yield None
        return
    from tests.server import TestServer

    server = TestServer(TEST_SERVER_URL)
    yield server
    server.close()


@pytest.fixture
def database_url(test_server, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own, empty-but-migrated database: a file, or a fresh database on the server."""
    if test_server is None:
        yield str(tmp_path / "reltrack.db")
        return
    with test_server.fresh_database() as url:  # type: ignore[attr-defined]
        yield url


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Path]:
    monkeypatch.setenv("RELTRACK_DB", database_url)
    monkeypatch.setenv("RELTRACK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("RELTRACK_NOW", NOW.isoformat())
    monkeypatch.delenv("RELTRACK_DEBUG", raising=False)
    yield tmp_path
    from reltrack.cli import common

    common.current().close()  # the in-process commands' connections, before the database is dropped


class Cli:
    """Runs reltrack in-process; `ok` asserts success, `fails` asserts a given exit status."""

    def __init__(self) -> None:
        from reltrack.cli.app import app

        self.app = app
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(self.app, list(args), input=input)

    def ok(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        result = self(*args, input=input)
        assert result.exit_code == 0, f"{args} exited {result.exit_code}: {result.stderr}"
        return result

    def fails(self, code: int, *args: str):  # type: ignore[no-untyped-def]
        result = self(*args)
        assert result.exit_code == code, f"{args} exited {result.exit_code}, wanted {code}: {result.stderr}"
        assert result.stderr.startswith("error: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        return result

    def json(self, *args: str) -> list | dict:
        return json.loads(self.ok(*args, "--format", "json").stdout)

    def csv(self, *args: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.ok(*args, "--format", "csv").stdout)))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Moves the moment commands run at: clock(seconds=1) is a second after NOW."""

    def move(**later: float) -> datetime:
        moment = NOW + timedelta(**later)
        monkeypatch.setenv("RELTRACK_NOW", moment.isoformat())
        return moment

    return move


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def db_path(isolated: Path, test_server) -> Path:
    """The SQLite file of this test (tests that use it are `sqlite_only`)."""
    assert test_server is None, "db_path is the SQLite file: mark the test sqlite_only"
    return isolated / "reltrack.db"


@pytest.fixture
def empty_db(database_url: str, test_server) -> str:
    """A reltrack database with nothing in it yet: reading commands never create one (a server's
    database is there, migrated, from the start)."""
    if test_server is None:
        from reltrack.store.db import Database, resolve_url

        database = Database(resolve_url(database_url))
        database.ensure_schema()
        database.dispose()
    return database_url
