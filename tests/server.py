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
LINGUISTIC = "ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"


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
        # a linguistic collation, as most servers have, where SQLite compares code points: any order
        # that depends on the server's collation shows up as a difference between the two runs
        self.execute(f"CREATE DATABASE {self.template} TEMPLATE template0 {LINGUISTIC}")
        from reltrack.store.db import open_database

        open_database(self.url_of(self.template)).dispose()

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def execute(self, statement: str, database: str | None = None, **parameters: object) -> list[tuple]:
        """Run one statement as the administrator, in the server's own database or in `database`."""
        from sqlalchemy import create_engine, text

        engine = self.admin if database is None else create_engine(self.url_of(database), poolclass=_null_pool())
        try:
            with engine.connect() as connection:
                result = connection.execute(text(statement), parameters)
                rows = [tuple(row) for row in result] if result.returns_rows else []
                connection.commit()
                return rows
        finally:
            if database is not None:
                engine.dispose()

    @contextmanager
    def fresh_database(self, empty: bool = False, owner: str | None = None) -> Iterator[str]:
        """A new database (at the schema head, or `empty` as an administrator creates it for a
        team, owned by `owner`), dropped afterwards."""
        name = f"{self.prefix}_{next(_numbers)}"
        template = f"TEMPLATE template0 {LINGUISTIC}" if empty else f"TEMPLATE {self.template}"
        self.execute(f"CREATE DATABASE {name} {template}" + (f" OWNER {owner}" if owner else ""))
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
