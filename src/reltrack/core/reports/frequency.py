"""Reports over many contacts: contact frequency per period, and NPS."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, func, select

from reltrack.config import Config
from reltrack.core.rules import periods
from reltrack import vocab
from reltrack.core.rules.dates import Duration, local_date, local_midnight
from reltrack.core.followups import contact_states
from reltrack.core.reports.listing import filter_contacts
from reltrack.errors import InvalidInput
from reltrack.store import queries
from reltrack.store.models import Contact, Feedback

# -- contact frequency ------------------------------------------------------------

CHANNEL_KEYS = vocab.COUNTED_CHANNELS  # meeting, video, call, message, email, social, letter


@dataclass
class FrequencyRow:
    """One contact (or, with --by channel, one channel) in one period; periods without contact are zeros."""

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

    @property
    def channel(self) -> str:  # the group's name when grouped by channel
        return self.contact

    def add(self, channel: str, direction: str, touches: int) -> None:
        self.touches += touches
        setattr(self, channel, getattr(self, channel) + touches)
        if direction == "in":
            self.inbound += touches
        else:
            self.outbound += touches


FREQUENCY_COLUMNS = ("contact", "period_start", "touches", "inbound", "outbound", *CHANNEL_KEYS)
CHANNEL_FREQUENCY_COLUMNS = ("channel", "period_start", "touches", "inbound", "outbound")


@dataclass(frozen=True)
class Frequency:
    starts: list[date]
    rows: list[FrequencyRow]  # grouped by contact (or channel), periods in order


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
    starts = periods.period_starts(first_day, last_day, period)
    boundaries = [local_midnight(day) for day in [*starts, periods.STEP[period].after(starts[-1])]]
    states = filter_contacts(session, contact_states(session, config, as_of), kind, tag)
    names = {contact.id: contact.name for contact, _ in states}
    counts = queries.period_counts(session, boundaries, vocab.COUNTED_CHANNELS, list(names), per_contact=not by_channel)

    groups = list(CHANNEL_KEYS) if by_channel else list(names.values())
    table = {(group, index): FrequencyRow(group, day) for group in groups for index, day in enumerate(starts)}
    for contact_id, index, channel, direction, touches in counts:
        table[(channel if by_channel else names[contact_id], index)].add(channel, direction, touches)  # type: ignore[index]
    return Frequency(starts, [table[(group, index)] for group in groups for index in range(len(starts))])


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
        by_group[row.contact].append(row.touches)
    half = len(frequency.starts) // 2
    summaries = []
    for group, counts in by_group.items():
        change = sum(counts[len(counts) - half :]) - sum(counts[:half]) if half else 0
        summaries.append(FrequencySummary(group, counts, sum(counts), round(sum(counts) / len(counts), 2), change))
    return summaries

# -- NPS ----------------------------------------------------------------------------

PROMOTER_FROM = 9  # 9-10 promoters, 7-8 passives, 0-6 detractors
DETRACTOR_UP_TO = 6


@dataclass(frozen=True)
class NpsRow:
    group: str  # "all", or a kind with --by kind
    respondents: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None  # % promoters - % detractors, -100 to 100; None without respondents


NPS_COLUMNS = ("group", "respondents", "promoters", "passives", "detractors", "nps")


def nps_report(session: Session, since: datetime, as_of: datetime, by_kind: bool = False) -> list[NpsRow]:
    """Net Promoter Score from each contact's latest answer in [since, as_of]."""
    newest_first = func.row_number().over(
        partition_by=Feedback.contact_id, order_by=(Feedback.at.desc(), Feedback.id.desc())  # type: ignore[union-attr]
    )
    latest = (
        select(Feedback.contact_id, Feedback.score, newest_first.label("rank"))
        .where(Feedback.at >= since, Feedback.at <= as_of)
        .subquery()
    )
    group = Contact.kind if by_kind else sa.literal("all")
    query = (
        select(
            group,
            func.count(),
            func.sum(sa.case((latest.c.score >= PROMOTER_FROM, 1), else_=0)),
            func.sum(sa.case((latest.c.score <= DETRACTOR_UP_TO, 1), else_=0)),
        )
        .join(Contact, Contact.id == latest.c.contact_id)
        .where(latest.c.rank == 1)
        .group_by(group)
        .order_by(group)
    )
    rows = [_nps_row(name, total, promoters or 0, detractors or 0) for name, total, promoters, detractors in session.exec(query)]
    if by_kind:
        overall = _nps_row("all", sum(r.respondents for r in rows), sum(r.promoters for r in rows), sum(r.detractors for r in rows))
        rows.append(overall)
    return rows or [_nps_row("all", 0, 0, 0)]


def _nps_row(group: str, respondents: int, promoters: int, detractors: int) -> NpsRow:
    score = round(100 * (promoters - detractors) / respondents, 1) if respondents else None
    return NpsRow(group, respondents, promoters, respondents - promoters - detractors, detractors, score)
