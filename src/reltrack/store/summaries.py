"""Per-contact summaries: what `due`, `list`, `quiet` and the frequency report read instead of
every touchpoint. They are derived data, kept right by two paths, both inside the writing
transaction:

- new touchpoints (log, import, restore) are added to their contacts' summaries as they are
  inserted (`added`): counts go up, the new days join the contact's days;
- any other change (edit-touch, delete-touch, a link added or taken off) notes the contacts
  (`changed`), whose summaries are rebuilt from touchpoint_contact just before commit.

tests/store/test_summaries.py checks after random writes that both give what a plain
recomputation from the touchpoints gives.
"""

from __future__ import annotations

import statistics
from bisect import insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import groupby, pairwise

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import TouchpointContact, contact_month, contact_summary
from reltrack.store.sql import Bulk, count_if, month_of_day_number
from reltrack.vocab import COUNTED_CHANNELS

LINKS = TouchpointContact.__table__
COUNTED = LINKS.c.channel.in_(COUNTED_CHANNELS)
EVERYONE = "everyone"  # changed(session, EVERYONE): rebuild all summaries
CHUNK = 500  # contact ids per statement: well below SQLite's limit on bound parameters
_KEY = "reltrack_changed_contacts"
MONTH_COUNTS = ("touches", "inbound", *COUNTED_CHANNELS)
SUMMARY_COLUMNS = ("contact_id", "touches", "contact_days", "first_day", "last_day", "last_at", "rhythm_days", "gaps")


def changed(session: Session, contact_ids: Iterable[int] | str) -> None:
    """Note that these contacts' touchpoints changed: their summaries are rebuilt before commit."""
    pending = session.info.setdefault(_KEY, set())
    if pending == EVERYONE:
        return
    if contact_ids == EVERYONE:
        session.info[_KEY] = EVERYONE
    else:
        pending.update(contact_ids)  # type: ignore[union-attr]


def _pending(session: Session) -> set[int] | str:
    return session.info.get(_KEY, set())


def refresh_changed(session: Session) -> None:
    """Bring the summaries up to date with this transaction's writes (before commit, and before a
    read of summaries in the same transaction)."""
    pending = session.info.pop(_KEY, None)
    if pending:
        session.flush()
        refresh(session, None if pending == EVERYONE else pending)


# -- one contact's days ---------------------------------------------------------------------


def _days_of(first_day: date, gaps: str) -> list[int]:
    """The contact days as day numbers, from the first day and the gaps after it."""
    days = [first_day.toordinal()]
    for gap in gaps.split():
        days.append(days[-1] + int(gap))
    return days


def _summary(contact_id: int, touches: int, last_at: datetime, days: Sequence[int]) -> tuple:
    """A contact_summary row from the sorted distinct contact days (as day numbers)."""
    gaps = [later - earlier for earlier, later in pairwise(days)]
    rhythm = float(statistics.median(gaps)) if gaps else None
    first, last = date.fromordinal(days[0]), date.fromordinal(days[-1])
    return (contact_id, touches, len(days), first, last, last_at, rhythm, " ".join(map(str, gaps)))


# -- the full path: rebuilt from the links ---------------------------------------------------


def refresh(session: Session | sa.Connection, contact_ids: Iterable[int] | None) -> None:
    """Rebuild the summaries of these contacts (None: of everyone) from their touchpoints."""
    if contact_ids is None:
        _rebuild(session, None)
        return
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), CHUNK):
        _rebuild(session, ids[start : start + CHUNK])


def _rebuild(session: Session | sa.Connection, ids: list[int] | None) -> None:
    def only(table: sa.Table) -> sa.ColumnElement[bool]:
        return sa.true() if ids is None else table.c.contact_id.in_(ids)

    session.execute(sa.delete(contact_month).where(only(contact_month)))
    session.execute(sa.delete(contact_summary).where(only(contact_summary)))
    counted = sa.and_(COUNTED, only(LINKS))
    month = month_of_day_number(sa.type_coerce(LINKS.c.day, sa.Integer))
    months = (
        sa.select(
            LINKS.c.contact_id,
            month,
            sa.func.count(),
            count_if(LINKS.c.direction == "in"),
            *[count_if(LINKS.c.channel == channel) for channel in COUNTED_CHANNELS],
        )
        .where(counted)
        .group_by(LINKS.c.contact_id, month)
    )
    session.execute(sa.insert(contact_month).from_select([c.name for c in contact_month.c], months))
    totals = dict(
        (contact_id, (touches, last_at))
        for contact_id, touches, last_at in session.execute(
            sa.select(LINKS.c.contact_id, sa.func.count(), sa.func.max(LINKS.c.at)).where(counted).group_by(LINKS.c.contact_id)
        )
    )
    rows = [_summary(contact_id, *totals[contact_id], days) for contact_id, days in contact_days(session, counted)]
    if rows:
        session.execute(sa.insert(contact_summary), [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in rows])


def contact_days(session: Session | sa.Connection, where: sa.ColumnElement[bool]) -> Iterable[tuple[int, list[int]]]:
    """(contact id, its sorted distinct contact days as day numbers), over the links that meet `where`."""
    query = (
        sa.select(LINKS.c.contact_id, sa.type_coerce(LINKS.c.day, sa.Integer))  # stored as day numbers
        .where(where)
        .group_by(LINKS.c.contact_id, LINKS.c.day)
        .order_by(LINKS.c.contact_id, LINKS.c.day)
    )
    for contact_id, rows in groupby(session.execute(query), key=lambda row: row[0]):
        yield contact_id, [day for _, day in rows]


# -- the incremental path: new touchpoints ---------------------------------------------------


def added(session: Session, links: Iterable[tuple[int, datetime, date, str, str]]) -> None:
    """Add new links (contact id, at, day, channel, direction) to their contacts' summaries.
    Contacts already due for a rebuild are left to it."""
    pending = _pending(session)
    if pending == EVERYONE:
        return
    months: dict[tuple[int, date], Counter] = defaultdict(Counter)
    touches: Counter = Counter()
    latest: dict[int, datetime] = {}
    new_days: dict[int, set[int]] = defaultdict(set)
    for contact_id, at, day, channel, direction in links:
        if channel not in COUNTED_CHANNELS or contact_id in pending:
            continue
        counts = months[(contact_id, day.replace(day=1))]
        counts["touches"] += 1
        counts["inbound"] += direction == "in"
        counts[channel] += 1
        touches[contact_id] += 1
        if contact_id not in latest or at > latest[contact_id]:
            latest[contact_id] = at
        new_days[contact_id].add(day.toordinal())
    if not touches:
        return
    _add_months(session, months)
    _add_days(session, touches, latest, new_days)


def _add_months(session: Session, months: dict[tuple[int, date], Counter]) -> None:
    bulk = Bulk(session.connection())
    day = bulk.converter(contact_month.c.month)
    columns = ("contact_id", "month", *MONTH_COUNTS)
    rows = [(contact_id, day(month), *[counts[key] for key in MONTH_COUNTS]) for (contact_id, month), counts in sorted(months.items())]
    bulk.upsert(contact_month, columns, ("contact_id", "month"), rows, {key: f"contact_month.{key} + excluded.{key}" for key in MONTH_COUNTS})


def _add_days(session: Session, touches: Counter, latest: dict[int, datetime], new_days: dict[int, set[int]]) -> None:
    ids = sorted(touches)
    current = {}
    for start in range(0, len(ids), CHUNK):
        query = sa.select(contact_summary).where(contact_summary.c.contact_id.in_(ids[start : start + CHUNK]))
        current.update((row.contact_id, row) for row in session.execute(query))
    rows = []
    for contact_id in ids:
        before = current.get(contact_id)
        if before is None:
            days = sorted(new_days[contact_id])
            count, last_at = touches[contact_id], latest[contact_id]
        else:
            days = _days_of(before.first_day, before.gaps)
            known = set(days)
            for day in new_days[contact_id] - known:
                insort(days, day)
            count, last_at = before.touches + touches[contact_id], max(before.last_at, latest[contact_id])
        rows.append(_summary(contact_id, count, last_at, days))
    bulk = Bulk(session.connection())
    convert = [bulk.converter(contact_summary.c[name]) for name in SUMMARY_COLUMNS]
    bulk.upsert(
        contact_summary,
        SUMMARY_COLUMNS,
        ("contact_id",),
        [tuple(f(value) for f, value in zip(convert, row, strict=True)) for row in rows],
        {name: f"excluded.{name}" for name in SUMMARY_COLUMNS[1:]},
    )


def summarise_as_of(session: Session, contact_ids: Iterable[int], as_of: datetime) -> dict[int, tuple]:
    """What the summary of each of these contacts said at `as_of`: (touches, contact days, last day,
    last contact, median gap), from their touchpoints up to then. For judging an earlier moment."""
    ids = sorted(set(contact_ids))
    result: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        where = sa.and_(COUNTED, LINKS.c.contact_id.in_(ids[start : start + CHUNK]), LINKS.c.at <= as_of)
        totals = sa.select(LINKS.c.contact_id, sa.func.count(), sa.func.max(LINKS.c.at)).where(where).group_by(LINKS.c.contact_id)
        latest = {contact_id: (touches, last_at) for contact_id, touches, last_at in session.execute(totals)}
        for contact_id, days in contact_days(session, where):
            _, touches, count, _, last_day, last_at, rhythm, _ = _summary(contact_id, *latest[contact_id], days)
            result[contact_id] = (touches, count, last_day, last_at, rhythm)
    return result
