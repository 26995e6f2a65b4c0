"""Calendar periods for reports: weeks (Monday first), months and quarters, in local time. Pure."""

from __future__ import annotations

from datetime import date, timedelta

from reltrack.core.rules.dates import Duration

PERIODS = ("week", "month", "quarter")
STEP = {"week": Duration(days=7), "month": Duration(months=1), "quarter": Duration(months=3)}
SPARKS = "▁▂▃▄▅▆▇█"


def period_start(day: date, period: str) -> date:
    """The first day of the period that contains `day`."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown period {period!r}")


def period_starts(first: date, last: date, period: str) -> list[date]:
    """Start days of every period from the one holding `first` to the one holding `last`."""
    starts = [period_start(first, period)]
    end = period_start(last, period)
    while starts[-1] < end:
        starts.append(STEP[period].after(starts[-1]))
    return starts


def sparkline(counts: list[int]) -> str:
    """One character per period, the tallest bar for the busiest; a blank-looking ▁ for none."""
    top = max(counts, default=0)
    if top == 0:
        return SPARKS[0] * len(counts)
    return "".join(SPARKS[0] if n == 0 else SPARKS[1 + round((n / top) * (len(SPARKS) - 2))] for n in counts)


def period_count(first: date, last: date, period: str) -> int:
    """How many periods `period_starts(first, last, period)` would give, without listing them."""
    start, end = period_start(first, period), period_start(last, period)
    if period == "week":
        return (end - start).days // 7 + 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return months // (3 if period == "quarter" else 1) + 1
