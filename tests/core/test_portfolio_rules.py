"""The portfolio's pure rules: statuses, retention, repeat rate, concentration, hours and value per
hour, with the properties that make them trustworthy (bounds, symmetry, exactness)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reltrack.core.rules import money
from reltrack.core.rules import portfolio as rules
from reltrack.errors import InvalidInput

TODAY = date(2026, 6, 30)
amounts = st.decimals(min_value=0, max_value=Decimal("99999999999999.99"), places=2, allow_nan=False, allow_infinity=False)
positive = amounts.filter(lambda amount: amount > 0)


def standing(started: int | None = 400, last: int | None = 10, interval: float | None = 14, overdue=False, quiet=False):  # type: ignore[no-untyped-def]
    day = lambda ago: None if ago is None else TODAY - timedelta(days=ago)  # noqa: E731
    return rules.Standing(day(started), day(last), interval, overdue, quiet)


# -- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts, expected",
    [
        (standing(started=None), None),  # not begun
        (standing(started=-1), None),  # begins tomorrow
        (standing(started=30, last=2), "new"),
        (standing(started=89, last=2), "new"),
        (standing(started=90, last=2), "active"),
        (standing(started=30, last=2, overdue=True), "at-risk"),  # at risk beats new
        (standing(quiet=True), "at-risk"),
        (standing(last=91, interval=14), "lapsed"),  # max(90, 2 x 2.5 x 14 = 70) = 90
        (standing(last=90, interval=14), "active"),
        (standing(last=91, interval=14, overdue=True, quiet=True), "lapsed"),  # lapsed beats at risk
        (standing(last=150, interval=30), "active"),  # 2 x 2.5 x 30 = 150: not more than it
        (standing(last=151, interval=30), "lapsed"),
        (standing(last=365, interval=None), "active"),
        (standing(last=366, interval=None), "lapsed"),
        (standing(started=400, last=None), "lapsed"),  # nothing since it began, 400 days ago
    ],
)
def test_status(facts, expected):
    assert rules.status(facts, TODAY, quiet_factor=2.5) == expected


@given(
    started=st.integers(0, 2000),
    gap=st.integers(0, 2000),
    interval=st.one_of(st.none(), st.floats(1, 400)),
    overdue=st.booleans(),
    quiet=st.booleans(),
)
def test_status_is_always_one_of_four_and_lapsing_takes_longer_than_going_quiet(started, gap, interval, overdue, quiet):
    last = min(gap, started)
    facts = standing(started, last, interval, overdue, quiet)
    found = rules.status(facts, TODAY, 2.5)
    assert found in rules.STATUSES
    if found == "lapsed":
        assert last > rules.LAPSED_MIN_DAYS and (interval is None or last > 2.5 * interval)
    if overdue or quiet:
        assert found in ("at-risk", "lapsed")


# -- retention and repeat rate ---------------------------------------------------------------


def test_retention_worked_example():
    kept = rules.retention({"ana", "chen", "dmitri"}, {"ana", "bjork", "dmitri"})
    assert kept == rules.Retention(at_start=3, at_end=3, new=1, rate=66.7)
    assert rules.retention([], ["ana"]) == rules.Retention(0, 1, 1, None)


@given(st.sets(st.integers(0, 40)), st.sets(st.integers(0, 40)))
def test_retention_is_the_share_of_the_start_still_held(start, end):
    kept = rules.retention(start, end)
    assert (kept.at_start, kept.at_end, kept.new) == (len(start), len(end), len(end - start))
    if start:
        assert 0 <= kept.rate <= 100
        assert kept.rate == round(100 * (kept.at_end - kept.new) / kept.at_start, 1)
        assert kept.rate == round(100 * len(start & end) / len(start), 1)
    else:
        assert kept.rate is None


@given(st.lists(st.integers(0, 20)))
def test_repeat_rate(counts):
    repeat = rules.repeat_rate(counts)
    clients = [count for count in counts if count]
    assert repeat.clients == len(clients)
    assert repeat.repeat_clients == sum(count >= 2 for count in clients)
    assert repeat.rate is None if not clients else 0 <= repeat.rate <= 100


def test_repeat_rate_worked_example():
    assert rules.repeat_rate([2, 1, 1, 0]) == rules.Repeat(3, 1, 33.3)


# -- concentration ---------------------------------------------------------------------------


def test_concentration_worked_example():
    spread = rules.concentration([Decimal("6000.00"), Decimal("3000.00"), Decimal("1000.00"), Decimal("0.00")])
    assert spread == rules.Concentration(clients=3, top_share=60.0, top3_share=100.0, hhi=4600.0, level="high")
    assert rules.concentration([Decimal("1500"), Decimal("800")]).hhi == 5463.1
    assert rules.concentration([]) is None and rules.concentration([Decimal(0)]) is None


@pytest.mark.parametrize(
    "values, level",
    [
        ([60, 40], "high"),  # HHI 5200
        ([20] * 5, "moderate"),  # HHI 2000
        ([10] * 10, "low"),  # HHI 1000, top 10%, top 3 30%
        ([26] + [74 / 20] * 20, "low"),  # top 26% ... HHI about 950
        ([31] + [69 / 23] * 23, "moderate"),  # top client above 30%
        ([51] + [49 / 49] * 49, "high"),  # top client above half: 51 x 51 alone is above 2500
        ([26, 26, 24] + [1] * 24, "moderate"),  # top 3 above 75%
    ],
)
def test_concentration_levels(values, level):
    assert rules.concentration([Decimal(str(v)) for v in values]).level == level


@given(st.lists(positive, min_size=1, max_size=30))
def test_hhi_is_between_an_even_spread_and_one_client(values):
    spread = rules.concentration(values)
    n = len(values)
    assert 10000 / n - 0.1 <= spread.hhi <= 10000 + 1e-9
    assert spread.top_share <= spread.top3_share <= 100.0
    assert spread.top_share >= round(100 / n, 1) - 0.1
    whole = sum(Fraction(v) for v in values)
    assert spread.hhi == float(round(sum((100 * Fraction(v) / whole) ** 2 for v in values), 1))


@given(st.lists(positive, min_size=1, max_size=30))
def test_one_client_above_half_is_always_high(values):
    spread = rules.concentration(values)
    if spread.top_share > 50:
        assert spread.level == "high"
    if spread.level == "low":
        assert spread.hhi <= rules.HHI_MODERATE and spread.top_share <= 30 and spread.top3_share <= 75


@given(st.lists(positive, min_size=1, max_size=20), st.integers(2, 1000), st.randoms())
def test_concentration_ignores_order_and_scale(values, factor, rng):
    shuffled = list(values)
    rng.shuffle(shuffled)
    assert rules.concentration(values) == rules.concentration(shuffled) == rules.concentration([v * factor for v in values])


@given(st.dictionaries(st.integers(0, 100), amounts, max_size=30))
def test_the_top_fifth(values):
    top = rules.top_fifth(values)
    paying = {key: value for key, value in values.items() if value > 0}
    if not paying:
        assert top == []
        return
    assert len(top) >= -(-len(paying) // 5)  # a fifth, rounded up; more only when tied at the edge
    lowest_in, highest_out = min(values[key] for key in top), max((v for k, v in paying.items() if k not in top), default=None)
    assert highest_out is None or lowest_in > highest_out


# -- hours and value per hour ----------------------------------------------------------------


def test_hours_and_value_per_hour_worked_example():
    assert rules.hours(135) == 2.25 and rules.hours(20) == 0.33 and rules.hours(25) == 0.42
    assert rules.value_per_hour(Decimal("3000.00"), 135, "EUR") == Decimal("1333.33")
    assert rules.value_per_hour(Decimal("10000.00"), 300, "EUR") == Decimal("2000.00")
    assert rules.value_per_hour(Decimal("100000"), 7, "JPY") == Decimal("857143")
    assert rules.value_per_hour(Decimal("1"), 0, "EUR") is None
    assert rules.minutes_for("video", None) == 30 and rules.minutes_for("video", 5) == 5 and rules.minutes_for("note", None) == 0


@given(amounts, st.integers(1, 100_000))
def test_value_per_hour_is_value_over_hours_to_the_cent(value, minutes):
    per_hour = rules.value_per_hour(value, minutes, "EUR")
    assert per_hour.as_tuple().exponent == -2
    assert abs(Fraction(per_hour) - Fraction(value) * 60 / minutes) <= Fraction(1, 200)


def test_nps_and_means():
    assert rules.nps([9, 6, 8]) == 0.0 and rules.nps([10]) == 100.0 and rules.nps([]) is None
    assert rules.nps([0, 1, 9, 10]) == 0.0 and rules.nps([3]) == -100.0
    assert rules.mean([1.0, None, 2.0]) == 1.5 and rules.mean([None]) is None
    assert rules.failure_share(1, 1, 1) == 66.7 and rules.failure_share(0, 0, 0) is None
    assert rules.supplier_severity(1, 1, 1) == 44.4 and rules.supplier_severity(9, 1, 0) == 3.3
    assert rules.status_counts(["active", "lapsed", "active", None]) == "2 active, 1 lapsed"


# -- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, currency, expected",
    [
        ("1250.50", "EUR", "1250.50"),
        ("1250.5", "EUR", "1250.50"),
        ("1250", "EUR", "1250.00"),
        ("1_250.5", "EUR", "1250.50"),
        ("1 250.50", "EUR", "1250.50"),
        (".5", "EUR", "0.50"),
        ("+3", "USD", "3.00"),
        ("150000", "JPY", "150000"),
        ("150000.00", "JPY", "150000"),
        ("12.345", "KWD", "12.345"),
        ("0.1234", "CLF", "0.1234"),
        ("0", "EUR", "0.00"),
    ],
)
def test_amounts(text, currency, expected):
    assert money.text(money.checked(money.parse_amount(text), currency)) == expected


@pytest.mark.parametrize(
    "text, currency, problem",
    [
        ("-5", "EUR", "zero or more"),
        ("1,250.50", "EUR", "a point for the decimals"),
        ("12,5", "EUR", "a point for the decimals"),
        ("abc", "EUR", "is not an amount"),
        ("1e3", "EUR", "is not an amount"),
        ("NaN", "EUR", "is not an amount"),
        ("Infinity", "EUR", "is not an amount"),
        ("", "EUR", "is not an amount"),
        ("1.2.3", "EUR", "is not an amount"),
        ("10.555", "EUR", "more decimals than EUR has (2 decimals)"),
        ("100.5", "JPY", "more decimals than JPY has (no decimals)"),
        ("100000000000000", "EUR", "too large"),
        ("12 EUR", "EUR", "is not an amount"),
    ],
)
def test_bad_amounts(text, currency, problem):
    with pytest.raises(InvalidInput, match=re.escape(problem)):
        money.checked(money.parse_amount(text), currency)


def test_point_one_plus_point_two_is_point_three():
    total = money.total([money.parse_amount("0.1"), money.parse_amount("0.2")])
    assert total == Decimal("0.3") and money.text(money.exact(total, "EUR")) == "0.30"
    totals = money.Totals()
    totals.add("EUR", Decimal("0.1"))
    totals.add("USD", Decimal("5"))
    totals.add("EUR", Decimal("0.2"))
    assert list(totals) == [("EUR", Decimal("0.3")), ("USD", Decimal("5"))]  # never one sum across currencies


@given(st.lists(amounts, max_size=50))
def test_exact_sums(values):
    assert money.total(values) == sum(values, Decimal(0))
    assert Fraction(money.total(values)) == sum((Fraction(v) for v in values), Fraction(0))
