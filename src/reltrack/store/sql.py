"""The few SQL expressions that differ between SQLite and PostgreSQL, each written once for both.

Dates are stored as DATE ('YYYY-MM-DD' text on SQLite) and instants as UTC (naive text on SQLite,
timestamptz on PostgreSQL); these constructs compute with them in SQL on either engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement):  # noqa: N801
    """Seconds since 1970-01-01 UTC of a stored instant."""

    type = sa.Float()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS BIGINT)"


class day_number(FunctionElement):  # noqa: N801
    """The day number (date.toordinal()) of a stored date."""

    type = sa.Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 1721424.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - DATE '0001-01-01' + 1)"


class month_of_day_number(FunctionElement):  # noqa: N801
    """The first day of the month (a date) of a day number."""

    type = sa.Date()
    inherit_cache = True


@compiles(month_of_day_number, "sqlite")
def _month_of_number_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"date({compiler.process(element.clauses, **kw)} + 1721424.5, 'start of month')"


@compiles(month_of_day_number, "postgresql")
def _month_of_number_postgresql(element, compiler, **kw):  # type: ignore[no-untyped-def]
    number = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('month', DATE '0001-01-01' + ({number} - 1)) AS DATE)"


def epoch(moment: datetime) -> float:
    """The same seconds for a Python datetime, to compare with `epoch_seconds` of a column."""
    return moment.astimezone(UTC).timestamp()


def count_if(condition: sa.ColumnElement[bool] | None) -> sa.ColumnElement[int]:
    """How many rows of a group meet `condition` (None: every row)."""
    return sa.func.count() if condition is None else sa.func.count(sa.case((condition, 1)))


def sum_if(condition: sa.ColumnElement[bool] | None, value: sa.ColumnElement) -> sa.ColumnElement:
    """The sum of `value` over the rows of a group that meet `condition` (None: every row); 0 for none."""
    return sa.func.coalesce(sa.func.sum(value if condition is None else sa.case((condition, value))), 0)


def both(first: sa.ColumnElement[bool] | None, second: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """Two conditions, where None stands for one that always holds."""
    return second if first is None else sa.and_(first, second)


def plain_rows(session: Session | sa.Connection, query: sa.Select, batch: int = 5000) -> Iterator[tuple]:
    """The rows of a query a batch at a time, for queries of millions of rows whose columns need no
    conversion (integers, text): on SQLite as the driver gives them, without a result object per
    row; on a server through a server-side cursor, so that memory holds one batch."""
    connection = session.connection() if isinstance(session, Session) else session
    if connection.dialect.name != "sqlite":
        yield from connection.execute(query.execution_options(yield_per=batch))
        return
    cursor = connection.execute(query).cursor  # the DBAPI cursor, none of its rows fetched yet
    while rows := cursor.fetchmany(batch):
        yield from rows


class Bulk:
    """Rows written or looked up by the thousand, as plain tuples straight to the driver's
    executemany: each value is converted to what the database stores by its column's own type
    once, not re-processed per row by the statement machinery."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self._placeholder = "?" if self.dialect.paramstyle == "qmark" else "%s"

    def converter(self, column: sa.Column):  # type: ignore[no-untyped-def]
        """value -> the value the driver is given for this column (None stays None)."""
        process = column.type.bind_processor(self.dialect)
        return process or (lambda value: value)

    def insert(self, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        if not rows:
            return
        marks = ", ".join([self._placeholder] * len(columns))
        self.connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", list(rows))

    def pairs(self, table: sa.Table, key: str, value: str, keys: Sequence[object]) -> dict:
        """key -> value for the rows of `table` whose `key` column is among `keys` (texts or integers,
        needing no conversion), 900 keys a statement through its index. Plain statements: an IN of
        900 compiled by SQLAlchemy for each chunk took five times as long (63,000 names in 1 s)."""
        found: dict = {}
        for start in range(0, len(keys), 900):
            chunk = tuple(keys[start : start + 900])
            marks = ", ".join([self._placeholder] * len(chunk))
            found.update(self.connection.exec_driver_sql(f"SELECT {key}, {value} FROM {table.name} WHERE {key} IN ({marks})", chunk).all())
        return found

    def upsert(
        self, table: sa.Table, columns: Sequence[str], key: Sequence[str], rows: Sequence[tuple], updates: dict[str, str]
    ) -> None:
        """Insert rows; where one with the same `key` is there, set `updates` (column -> SQL, in which
        `excluded.column` is the value offered). The same statement on SQLite and PostgreSQL."""
        if not rows:
            return
        marks = ", ".join([self._placeholder] * len(columns))
        changes = ", ".join(f"{column} = {expression}" for column, expression in updates.items())
        self.connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {changes}",
            list(rows),
        )

    def temporary(self, name: str, *columns: sa.Column) -> sa.Table:
        """A temporary table for this transaction's lookups (dropped by `drop`)."""
        table = sa.Table(name, sa.MetaData(), *columns, prefixes=["TEMPORARY"])
        table.create(self.connection)
        return table

    def drop(self, table: sa.Table) -> None:
        table.drop(self.connection)
