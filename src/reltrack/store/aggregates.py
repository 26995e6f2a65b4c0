"""The grouped SQL behind trust, frequency and NPS: sums and counts per contact, computed by the
database in one pass over an index, for all contacts at once or for one.

The rules (which channel is how rich, how fast evidence fades, how long a window is) come in as
plain values from core/rules; this module only knows how to count them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import summaries
from reltrack.store.models import Contact, Feedback, Promise, Touchpoint, TouchpointContact, contact_month
from reltrack.store.sql import Bulk, both, count_if, epoch, epoch_seconds, plain_rows, sum_if
from reltrack.vocab import COUNTED_CHANNELS

LINKS = TouchpointContact.__table__
TOUCHES = Touchpoint.__table__
PROMISES = Promise.__table__
FEEDBACK = Feedback.__table__
CONTACTS = Contact.__table__
COUNTED = LINKS.c.channel.in_(COUNTED_CHANNELS)


@dataclass(frozen=True)
class Moment:
    """A moment to judge from: the instant, its local day, and the first day of the look-back."""

    at: datetime
    day: date
    lookback_from: date


def _only(column: sa.ColumnElement, contact_ids: Iterable[int] | None) -> sa.ColumnElement[bool]:
    return sa.true() if contact_ids is None else column.in_(list(contact_ids))


def _weight(moment: Moment, seconds: sa.ColumnElement, half_life_days: float) -> sa.ColumnElement[float]:
    """0.5 ^ (age in days / half-life), age from an instant (in seconds since 1970) to the moment."""
    return sa.func.exp(math.log(0.5) / half_life_days / 86400.0 * (epoch(moment.at) - seconds))


LINK_SECONDS = sa.type_coerce(LINKS.c.at, sa.Integer)  # the link's copy of the time is stored in seconds
LINK_DAY_NUMBER = sa.type_coerce(LINKS.c.day, sa.Integer)  # and its day as a day number


def _window_table() -> sa.Table:
    return sa.Table(
        "reltrack_window",
        sa.MetaData(),
        sa.Column("contact_id", sa.Integer, primary_key=True),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("reach", sa.Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )


@contextmanager
def touch_totals(
    session: Session,
    moments: Sequence[Moment],
    windows: Mapping[int, int],
    richness: Mapping[str, float],
    half_life_days: float,
    contact_ids: Iterable[int] | None = None,
) -> Iterator[Iterator[tuple]]:
    """Per contact of `windows` (contact id -> consistency window length), in contact id order:
    for each moment, (touches, sum of weights, sum of weight x richness, channels in the look-back,
    inbound and outbound in the look-back, ratings, sum of rating weights, sum of weight x rating
    value, first day, filled windows), over counted touchpoints up to that moment. One pass over
    the links, read as it comes; `contact_ids`: the few contacts to read, through the index.

    Filled windows: how many distinct windows of the contact's length, counted back from the
    moment's day, hold a touchpoint; only windows within the look-back count: days back below
    ceil(366 / length) x length (docs/scoring.md, consistency). The lengths come in a temporary
    table, dropped on leaving the block: on SQLite, only once no other query is open."""
    if not windows:
        yield iter(())
        return
    table = _window_table()
    rich = sa.case(*[(LINKS.c.channel == channel, value) for channel, value in richness.items()], else_=0)
    rating_value = (LINKS.c.rating - 1) * 25.0  # 1-5 -> 0-100
    rated = LINKS.c.rating.is_not(None)
    newest = session.execute(sa.select(sa.func.max(TOUCHES.c.at))).scalar()
    columns: list[sa.ColumnElement] = [LINKS.c.contact_id]
    for moment in moments:
        # up to the moment; None when that is every touchpoint (judging now): no test per row
        seen = None if newest is None or moment.at >= newest else LINKS.c.at <= moment.at
        recent = both(seen, LINKS.c.day >= moment.lookback_from)
        weight = _weight(moment, LINK_SECONDS, half_life_days)
        day = moment.day.toordinal()
        # days back, where a day later than the moment's (logged in a time zone ahead) is 0 back;
        # within the reach exactly when the day is after the moment's day minus the reach
        back = sa.case((LINK_DAY_NUMBER > day, 0), else_=day - LINK_DAY_NUMBER)
        windowed = both(seen, LINK_DAY_NUMBER > day - table.c.reach)
        inbound = count_if(sa.and_(recent, LINKS.c.direction == "in"))
        columns += [
            count_if(seen),
            sum_if(seen, weight),
            sum_if(seen, weight * rich),
            sa.func.count(sa.distinct(sa.case((recent, LINKS.c.channel)))),
            inbound,
            count_if(recent) - inbound,  # directions are only in and out
            sa.func.count(LINKS.c.rating if seen is None else sa.case((seen, LINKS.c.rating))),
            sum_if(both(seen, rated), weight),
            sum_if(both(seen, rated), weight * rating_value),
            sa.func.min(LINKS.c.day if seen is None else sa.case((seen, LINKS.c.day))),
            sa.func.count(sa.distinct(sa.case((windowed, back // table.c.length)))),
        ]
    query = (
        sa.select(*columns)
        .join(table, table.c.contact_id == LINKS.c.contact_id)
        .where(COUNTED, _only(LINKS.c.contact_id, contact_ids))
        .group_by(LINKS.c.contact_id)
        .order_by(LINKS.c.contact_id)
    )
    connection = session.connection()
    table.create(connection)
    try:
        lengths = [(ident, length, math.ceil(366 / length) * length) for ident, length in windows.items()]
        Bulk(connection).insert(table, ("contact_id", "length", "reach"), lengths)
        with connection.execute(query.execution_options(yield_per=5000)) as rows:
            yield iter(rows)
    finally:
        table.drop(connection)


def promise_outcomes(session: Session, moments: Sequence[Moment], contact_ids: Iterable[int] | None = None) -> list[tuple]:
    """Per contact: for each moment, (kept on time, kept late, broken, open past due) among the
    promises that came due by then, then the promises kept and broken by the first moment."""
    columns: list[sa.ColumnElement] = [PROMISES.c.contact_id]
    for moment in moments:
        settled = PROMISES.c.resolved_at <= moment.at
        kept = sa.and_(PROMISES.c.status == "kept", settled)
        columns += [
            count_if(sa.and_(kept, PROMISES.c.resolved_on <= PROMISES.c.due_on)),
            count_if(sa.and_(kept, PROMISES.c.resolved_on > PROMISES.c.due_on)),
            count_if(sa.and_(PROMISES.c.status == "broken", settled)),
            count_if(
                sa.and_(
                    sa.or_(PROMISES.c.status == "open", PROMISES.c.resolved_at > moment.at),
                    PROMISES.c.due_on < moment.day,
                )
            ),
        ]
    first = moments[0]
    columns += [
        count_if(sa.and_(PROMISES.c.status == "kept", PROMISES.c.resolved_at <= first.at)),
        count_if(sa.and_(PROMISES.c.status == "broken", PROMISES.c.resolved_at <= first.at)),
    ]
    query = sa.select(*columns).where(_only(PROMISES.c.contact_id, contact_ids)).group_by(PROMISES.c.contact_id).order_by(PROMISES.c.contact_id)
    return session.execute(query).all()


def feedback_totals(
    session: Session, moments: Sequence[Moment], half_life_days: float, contact_ids: Iterable[int] | None = None
) -> list[tuple]:
    """Per contact: for each moment, (answers, sum of weights, sum of weight x score x 10)."""
    columns: list[sa.ColumnElement] = [FEEDBACK.c.contact_id]
    for moment in moments:
        seen = FEEDBACK.c.at <= moment.at
        weight = _weight(moment, epoch_seconds(FEEDBACK.c.at), half_life_days)
        columns += [count_if(seen), sum_if(seen, weight), sum_if(seen, weight * FEEDBACK.c.score * 10.0)]
    query = sa.select(*columns).where(_only(FEEDBACK.c.contact_id, contact_ids)).group_by(FEEDBACK.c.contact_id).order_by(FEEDBACK.c.contact_id)
    return session.execute(query).all()


def open_promises(session: Session, as_of: datetime, contact_ids: Iterable[int] | None = None) -> list[tuple]:
    """(contact id, promise id, what, owner, due_on) of the promises open at `as_of` (settled later
    counts as open then), soonest deadline first."""
    still_open = sa.or_(PROMISES.c.status == "open", PROMISES.c.resolved_at > as_of)
    query = (
        sa.select(PROMISES.c.contact_id, PROMISES.c.id, PROMISES.c.what, PROMISES.c.owner, PROMISES.c.due_on)
        .where(still_open, _only(PROMISES.c.contact_id, contact_ids))
        .order_by(PROMISES.c.due_on, PROMISES.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


# -- contact frequency ----------------------------------------------------------------



def _bucket(column: sa.ColumnElement, starts: Sequence[date], end: date) -> sa.ColumnElement[int]:
    """The index i of the period [starts[i], starts[i+1]) holding `column` (the last ends before `end`)."""
    edges = [*starts[1:], end]
    return sa.case(*[(column < edge, index) for index, edge in enumerate(edges)])


def month_counts(session: Session, starts: Sequence[date], end: date, contacts: sa.Select) -> Iterator[tuple]:
    """(contact id, period index, touches, inbound, outbound, meeting ... letter) from the monthly summaries,
    one row per month (a quarter's months come as three rows with its index), for the months of the
    periods starting at `starts` (the last ends before `end`) and the contacts `contacts` selects
    (ids, in the report's order, with a `position` column), in that order."""
    summaries.refresh_changed(session)
    ordered = contacts.subquery()
    month, counts = contact_month.c.month, contact_month.c
    query = (
        sa.select(
            counts.contact_id, _bucket(month, starts, end), counts.touches, counts.inbound, counts.touches - counts.inbound,
            *[counts[channel] for channel in COUNTED_CHANNELS],
        )
        .join(ordered, ordered.c.id == contact_month.c.contact_id)
        .where(month >= starts[0], month < end)
        .order_by(ordered.c.name_fold, ordered.c.name_key, ordered.c.id, month)
    )
    return plain_rows(session, query)


def period_counts(session: Session, starts: Sequence[date], end: date, contacts: sa.Select) -> Iterator[tuple]:
    """(contact id, period index, touches, inbound, outbound, meeting ... letter) for counted touchpoints on days
    in [starts[i], starts[i+1]) (the last period ends before `end`), per selected contact, in its order."""
    bucket = _bucket(LINKS.c.day, starts, end)
    ordered = contacts.subquery()
    query = (
        sa.select(
            LINKS.c.contact_id, bucket, sa.func.count(), count_if(LINKS.c.direction == "in"), count_if(LINKS.c.direction != "in"),
            *[count_if(LINKS.c.channel == channel) for channel in COUNTED_CHANNELS],
        )  # fmt: skip
        .join(ordered, ordered.c.id == LINKS.c.contact_id)
        .where(COUNTED, LINKS.c.day >= starts[0], LINKS.c.day < end)
        .group_by(LINKS.c.contact_id, ordered.c.name_fold, ordered.c.name_key, bucket)
        .order_by(ordered.c.name_fold, ordered.c.name_key, LINKS.c.contact_id, bucket)
    )
    return plain_rows(session, query)


def channel_period_counts(session: Session, starts: Sequence[date], end: date, contacts: sa.Select) -> Iterator[tuple]:
    """(period index, channel, direction, touchpoints) counting each touchpoint once, however many
    of the selected contacts were there."""
    bucket = _bucket(TOUCHES.c.day, starts, end)
    linked = sa.select(LINKS.c.touchpoint_id).where(LINKS.c.contact_id.in_(contacts.with_only_columns(CONTACTS.c.id)))
    query = (
        sa.select(bucket, TOUCHES.c.channel, TOUCHES.c.direction, sa.func.count())
        .where(
            TOUCHES.c.channel.in_(COUNTED_CHANNELS),
            TOUCHES.c.day >= starts[0],
            TOUCHES.c.day < end,
            TOUCHES.c.id.in_(linked),
        )
        .group_by(bucket, TOUCHES.c.channel, TOUCHES.c.direction)
    )
    return iter(session.execute(query))


# -- NPS -------------------------------------------------------------------------------


def latest_answers(session: Session, since: datetime, until: datetime, by_kind: bool, promoter_from: int, detractor_up_to: int) -> list[tuple]:
    """(group, respondents, promoters, detractors) from each contact's latest answer in [since, until]."""
    newest_first = sa.func.row_number().over(partition_by=FEEDBACK.c.contact_id, order_by=(FEEDBACK.c.at.desc(), FEEDBACK.c.id.desc()))
    latest = (
        sa.select(FEEDBACK.c.contact_id, FEEDBACK.c.score, newest_first.label("rank"))
        .where(FEEDBACK.c.at >= since, FEEDBACK.c.at <= until)
        .subquery()
    )
    group = CONTACTS.c.kind if by_kind else sa.literal("all")
    query = (
        sa.select(group, sa.func.count(), count_if(latest.c.score >= promoter_from), count_if(latest.c.score <= detractor_up_to))
        .join(CONTACTS, CONTACTS.c.id == latest.c.contact_id)
        .where(latest.c.rank == 1)
        .group_by(group)
        .order_by(group)
    )
    return [tuple(row) for row in session.execute(query)]


def months_of(session: Session, contact_id: int, first: date, last: date) -> dict[date, int]:
    """Counted touchpoints per month (first day -> count) of one contact, through its summary's key."""
    summaries.refresh_changed(session)
    query = sa.select(contact_month.c.month, contact_month.c.touches).where(
        contact_month.c.contact_id == contact_id, contact_month.c.month >= first, contact_month.c.month <= last
    )
    return dict(tuple(row) for row in session.execute(query))  # type: ignore[arg-type]
