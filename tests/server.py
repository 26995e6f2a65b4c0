"""The PostgreSQL server a test run can use (RELTRACK_TEST_DATABASE_URL): one fresh database per test.

A template database is migrated once per run; each test's database is a copy of it (CREATE DATABASE
... TEMPLATE), which takes milliseconds where running the migrations would take most of a second.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

_numbers = itertools.count()


class TestServer:
    __test__ = False  # not a test class, whatever its name

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from reltrack.store.db import normalize_url

        self.url = make_url(normalize_url(url))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.prefix = f"reltrack_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self.execute(f"CREATE DATABASE {self.template}")
        from reltrack.store.db import open_database

        open_database(self.url_of(self.template)).dispose()

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def execute(self, statement: str, **parameters: object) -> list[tuple]:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            result = connection.execute(text(statement), parameters)
            return [tuple(row) for row in result] if result.returns_rows else []

    @contextmanager
    def fresh_database(self, empty: bool = False) -> Iterator[str]:
        """A new database (at the schema head, or `empty`), dropped afterwards."""
        name = f"{self.prefix}_{next(_numbers)}"
        self.execute(f"CREATE DATABASE {name}" + ("" if empty else f" TEMPLATE {self.template}"))
        try:
            yield self.url_of(name)
        finally:
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self.admin.dispose()


def _null_pool():  # type: ignore[no-untyped-def]
    from sqlalchemy.pool import NullPool

    return NullPool
