"""Every test gets its own database and config file: nothing touches the user's data."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner


# Every command in a test runs at this moment (RELTRACK_NOW): the dates tests write never age.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELTRACK_DB", str(tmp_path / "reltrack.db"))
    monkeypatch.setenv("RELTRACK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("RELTRACK_NOW", NOW.isoformat())
    monkeypatch.delenv("RELTRACK_DEBUG", raising=False)
    return tmp_path


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
def db_path(isolated: Path) -> Path:
    return isolated / "reltrack.db"


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    """A reltrack database with nothing in it yet (reading commands never create one)."""
    from reltrack.store.db import Database, resolve_url

    database = Database(resolve_url(str(db_path)))
    database.ensure_schema()
    database.dispose()
    return db_path
