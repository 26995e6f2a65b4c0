"""How often we were in touch: per contact (or channel) and period, periods without contact as zeros.

Months and quarters come from the monthly summaries, weeks from the touchpoints' days; either way
grouped in SQL and merged with the contact list as both stream in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.contacts import selection
from reltrack.core.rules import periods
from reltrack.core.rules.dates import Duration, local_date
from reltrack.errors import InvalidInput
from reltrack.store import aggregates
from reltrack.store import contacts as stored
from reltrack.vocab import COUNTED_CHANNELS

MAX_PERIODS = 600  # fifty years of months, eleven of weeks: more is a typo, not a report


class FrequencyRow(NamedTuple):
    """One contact in one period."""

    contact: str
    period_start: date
    touches: int = 0
    inbound: int = 0
    outbound: int = 0
    meeting: int = 0
    video: int = 0
    call: int = 0
    message: int = 0
    email: int = 0
    social: int = 0
    letter: int = 0


class ChannelFrequencyRow(NamedTuple):
    """One channel in one period, each touchpoint counted once however many people were there."""

    channel: str
    period_start: date
    touches: int = 0
    inbound: int = 0
    outbound: int = 0


FREQUENCY_COLUMNS = FrequencyRow._fields
CHANNEL_FREQUENCY_COLUMNS = ChannelFrequencyRow._fields
assert FREQUENCY_COLUMNS[5:] == COUNTED_CHANNELS  # one column per counted channel, in order


@dataclass(frozen=True)
class Frequency:
    starts: list[date]
    rows: Iterator[FrequencyRow] | list[ChannelFrequencyRow]  # grouped by contact (or channel), periods in order


def frequency_report(
    session: Session,
    config: Config,
    as_of: datetime,
    period: str = "month",
    since: datetime | None = None,
    until: datetime | None = None,
    kind: str | None = None,
    tag: str | None = None,
    by_channel: bool = False,
) -> Frequency:
    """How often we were in touch, per contact and period (default: the last 12 months)."""
    if period not in periods.PERIODS:
        raise InvalidInput(f"unknown period '{period}' (choose from {', '.join(periods.PERIODS)})")
    last_day = local_date(until or as_of)
    # by default the last 12 months, whatever the period: 12 months, 53 weeks or 4 quarters
    first_day = local_date(since) if since else Duration(months=11).before(last_day.replace(day=1))
    if first_day > last_day:
        raise InvalidInput("--since is after --until")
    count = periods.period_count(first_day, last_day, period)
    if count > MAX_PERIODS:
        raise InvalidInput(
            f"that range holds {count} {period}s; a report shows at most {MAX_PERIODS} (narrow --since or use a longer --period)"
        )
    starts = periods.period_starts(first_day, last_day, period)
    end = periods.STEP[period].after(starts[-1])
    contacts = stored.selection(*selection(session, kind, tag))
    if by_channel:
        return Frequency(starts, _by_channel(session, starts, end, contacts))
    return Frequency(starts, _by_contact(session, starts, end, period, contacts))


def _by_contact(session: Session, starts: list[date], end: date, period: str, contacts) -> Iterator[FrequencyRow]:  # type: ignore[no-untyped-def]
    people = stored.selected(session, contacts)
    if period == "week":
        counts = aggregates.period_counts(session, starts, end, contacts)
    else:  # months and quarters: from the monthly summaries, each month to its period
        index = {month: i for i, start in enumerate(starts) for month in periods.months_in(start, period)}
        counts = (
            (contact_id, index[month], *numbers)
            for contact_id, month, *numbers in aggregates.month_counts(session, starts[0], periods.last_month(end), contacts)
        )
    pending = next(counts, None)
    width = len(aggregates.FREQUENCY_COUNTS)
    for contact_id, name in people:
        totals: dict[int, tuple[int, ...]] = {}
        while pending is not None and pending[0] == contact_id:
            period_index, numbers = pending[1], pending[2:]
            before = totals.get(period_index)  # a quarter sums its months
            totals[period_index] = numbers if before is None else tuple(a + b for a, b in zip(before, numbers, strict=True))
            pending = next(counts, None)
        for i, start in enumerate(starts):
            numbers = totals.get(i)
            if numbers is None:
                yield FrequencyRow(name, start)
            else:
                touches, inbound = numbers[0], numbers[1]
                yield FrequencyRow(name, start, touches, inbound, touches - inbound, *numbers[2:width])


def _by_channel(session: Session, starts: Sequence[date], end: date, contacts) -> list[ChannelFrequencyRow]:  # type: ignore[no-untyped-def]
    table: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for index, channel, direction, touches in aggregates.channel_period_counts(session, starts, end, contacts):
        numbers = table[(channel, index)]
        numbers[0] += touches
        numbers[1 if direction == "in" else 2] += touches
    return [
        ChannelFrequencyRow(channel, start, *table.get((channel, i), (0, 0, 0)))
        for channel in COUNTED_CHANNELS
        for i, start in enumerate(starts)
    ]


@dataclass(frozen=True)
class FrequencySummary:
    """The table view: one line per contact (or channel) across the periods."""

    contact: str
    trend: list[int]
    total: int
    average: float
    change: int  # second half of the range minus first half (the middle period of an odd range left out)


def summarise(frequency: Frequency) -> list[FrequencySummary]:
    by_group: dict[str, list[int]] = defaultdict(list)
    for row in frequency.rows:
        by_group[row[0]].append(row.touches)
    half = len(frequency.starts) // 2
    summaries = []
    for group, counts in by_group.items():
        change = sum(counts[len(counts) - half :]) - sum(counts[:half]) if half else 0
        summaries.append(FrequencySummary(group, counts, sum(counts), round(sum(counts) / len(counts), 2), change))
    return summaries
