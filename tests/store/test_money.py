"""Money in the database: every amount comes back exactly as stored, and sums are exact, on SQLite
where neither NUMERIC nor SUM() would be (store/money.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from reltrack.store.db import Database, resolve_url
from reltrack.store.models import Contact, Deal
from reltrack.store.money import money_sum

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
# up to NUMERIC(18, 4): 14 digits before the point, 4 after
amounts = st.decimals(min_value=0, max_value=Decimal("99999999999999.9999"), places=4, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory):  # type: ignore[no-untyped-def]
    database = Database(resolve_url(str(tmp_path_factory.mktemp("money") / "money.db")))
    database.ensure_schema()
    with database.session(write=True) as session:
        session.add(Contact(id=1, name="Ana", name_key="ana", name_fold="ana", name_ascii="ana", created_at=NOW))
    yield database
    database.dispose()


def _deal(value: Decimal, cost: Decimal | None = None, title: str = "deal") -> Deal:
    return Deal(contact_id=1, title=title, stage="won", value=value, cost=cost, currency="CLF", opened_at=NOW, closed_at=NOW, closed_on=NOW.astimezone().date(), created_at=NOW)


def test_sqlite_numeric_would_lose_digits(tmp_path):
    """Why amounts are text on SQLite: its NUMERIC keeps 15 significant digits, SUM adds floats."""
    with sqlite3.connect(tmp_path / "plain.db") as connection:
        connection.execute("CREATE TABLE t (v NUMERIC(18, 4))")
        connection.executemany("INSERT INTO t VALUES (?)", [("99999999999999.9999",), ("0.1",), ("0.2",)])
        assert connection.execute("SELECT v FROM t").fetchone()[0] == 100000000000000
        assert connection.execute("SELECT SUM(v) FROM t WHERE v < 1").fetchone()[0] != 0.3


@settings(max_examples=60, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=8))
def test_amounts_round_trip_and_sum_exactly(database, values):
    with database.session(write=True) as session:
        session.execute(sa.delete(Deal))
        session.add_all(_deal(value, value if i % 2 else None, f"d{i}") for i, value in enumerate(values))
    with database.session() as session:
        stored = [deal.value for deal in session.scalars(sa.select(Deal).order_by(Deal.id))]
        total = session.execute(sa.select(money_sum(Deal.value))).scalar_one()
        cost = session.execute(sa.select(money_sum(Deal.cost))).scalar_one()
    assert stored == values and all(isinstance(value, Decimal) for value in stored)
    assert total == sum(values, Decimal(0))
    assert cost == (sum(values[1::2], Decimal(0)) if len(values) > 1 else None)


def test_point_one_plus_point_two(database):
    with database.session(write=True) as session:
        session.execute(sa.delete(Deal))
        session.add_all([_deal(Decimal("0.1")), _deal(Decimal("0.2"))])
    with database.session() as session:
        assert session.execute(sa.select(money_sum(Deal.value))).scalar_one() == Decimal("0.3")
        assert session.execute(sa.text("SELECT typeof(value), value FROM deal ORDER BY id")).all() == [("text", "0.1"), ("text", "0.2")]


def test_a_float_is_refused(database):
    with pytest.raises(Exception, match="finite Decimal"), database.session(write=True) as session:
        session.add(_deal(0.1))  # type: ignore[arg-type]
        session.flush()


def test_the_sum_of_nothing_is_null(database):
    with database.session() as session:
        assert session.execute(sa.select(money_sum(Deal.value)).where(Deal.id < 0)).scalar_one() is None
