"""Exact money in the database: the column type and the sum, the same on SQLite and PostgreSQL.

PostgreSQL keeps amounts as NUMERIC(18, 4) and sums them exactly. SQLite has no exact decimal
type: a NUMERIC column keeps 15 significant digits (it stores '99999999999999.9999' as
100000000000000) and SUM() adds floats (0.1 + 0.2 is 0.30000000000000004). So on SQLite an amount
is its decimal text ('1250.50'), and `money_sum` is an aggregate registered on every connection
(store/db.py) that adds that text as Python decimals.
"""

from __future__ import annotations

from decimal import Context, Decimal

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

PRECISION, SCALE = 18, 4
SQLITE_SUM = "reltrack_money_sum"
_EXACT = Context(prec=60)


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # only from a database written by hand: its shortest exact text
        return Decimal(repr(value))
    return Decimal(str(value))


class Money(sa.types.TypeDecorator):
    """A Decimal amount: NUMERIC(18, 4) on PostgreSQL, the decimal text itself on SQLite."""

    impl = sa.Numeric(PRECISION, SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.Numeric(PRECISION, SCALE, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> object:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError(f"money must be a finite Decimal, got {value!r}")  # never a float
        return format(value, "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect: sa.Dialect) -> Decimal | None:
        return _decimal(value)


def column(nullable: bool = False) -> sa.Column:
    return sa.Column(Money(), nullable=nullable)


class money_sum(FunctionElement):  # noqa: N801  (reads like the SQL function it stands for)
    """The exact sum of an amount column; NULL when there is nothing to add."""

    type = Money()
    inherit_cache = True


@compiles(money_sum)
def _money_sum(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"SUM({compiler.process(element.clauses, **kw)})"


@compiles(money_sum, "sqlite")
def _money_sum_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return f"{SQLITE_SUM}({compiler.process(element.clauses, **kw)})"


class _DecimalSum:
    """The SQLite aggregate behind `money_sum`: decimal text in, the exact total as decimal text out."""

    def __init__(self) -> None:
        self.total: Decimal | None = None

    def step(self, value: object) -> None:
        amount = _decimal(value)
        if amount is not None:
            self.total = amount if self.total is None else _EXACT.add(self.total, amount)

    def finalize(self) -> str | None:
        return None if self.total is None else format(self.total, "f")


def register_sqlite(dbapi_connection) -> None:  # type: ignore[no-untyped-def]
    """Make `money_sum` available on a new SQLite connection."""
    dbapi_connection.create_aggregate(SQLITE_SUM, 1, _DecimalSum)
