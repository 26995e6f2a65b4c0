"""How often we were in touch: per contact (or channel) and period, periods without contact as zeros.

Months and quarters come from the monthly summaries, weeks from the touchpoints' days; either way
grouped in SQL and merged with the contact list as both stream in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

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


# the columns of a row: a contact (or channel) in one period; outbound = touches - inbound
FREQUENCY_COLUMNS = ("contact", "period_start", "touches", "inbound", "outbound", *COUNTED_CHANNELS)
CHANNEL_FREQUENCY_COLUMNS = ("channel", "period_start", "touches", "inbound", "outbound")  # each touchpoint once


@dataclass(frozen=True)
class Frequency:
    starts: list[date]
    # (contact or channel, [the rest of its row in each period, in order]): rows share their first value
    groups: Iterable[tuple[str, list[tuple]]]


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


def _by_contact(session: Session, starts: list[date], end: date, period: str, contacts) -> Iterator[tuple[str, list[tuple]]]:  # type: ignore[no-untyped-def]
    people = stored.selected(session, contacts)
    # weeks from the touchpoints' days; months and quarters from the monthly summaries (a quarter's months summed here)
    source = aggregates.period_counts if period == "week" else aggregates.month_counts
    counts = source(session, starts, end, contacts)
    texts = [start.isoformat() for start in starts]
    blank = [(text, *[0] * (len(FREQUENCY_COLUMNS) - 2)) for text in texts]  # one for every contact
    pending = next(counts, None)
    for contact_id, name in people:
        if pending is None or pending[0] != contact_id:
            yield name, blank
            continue
        rests = blank.copy()
        while pending is not None and pending[0] == contact_id:
            index = pending[1]
            before = rests[index]
            if before is blank[index]:
                rests[index] = (texts[index], *pending[2:])
            else:  # a quarter's second or third month: added up
                rests[index] = (texts[index], *[a + b for a, b in zip(before[1:], pending[2:], strict=True)])
            pending = next(counts, None)
        yield name, rests


def _by_channel(session: Session, starts: Sequence[date], end: date, contacts) -> list[tuple[str, list[tuple]]]:  # type: ignore[no-untyped-def]
    table: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for index, channel, direction, touches in aggregates.channel_period_counts(session, starts, end, contacts):
        numbers = table[(channel, index)]
        numbers[0] += touches
        numbers[1 if direction == "in" else 2] += touches
    texts = [start.isoformat() for start in starts]
    return [(channel, [(text, *table.get((channel, i), (0, 0, 0))) for i, text in enumerate(texts)]) for channel in COUNTED_CHANNELS]


@dataclass(frozen=True)
class FrequencySummary:
    """The table view: one line per contact (or channel) across the periods."""

    contact: str
    trend: list[int]
    total: int
    average: float
    change: int  # second half of the range minus first half (the middle period of an odd range left out)


def summarise(frequency: Frequency) -> list[FrequencySummary]:
    half = len(frequency.starts) // 2
    summaries = []
    for group, rests in frequency.groups:
        counts = [rest[1] for rest in rests]  # the touches in each period
        change = sum(counts[len(counts) - half :]) - sum(counts[:half]) if half else 0
        summaries.append(FrequencySummary(group, counts, sum(counts), round(sum(counts) / len(counts), 2), change))
    return summaries
