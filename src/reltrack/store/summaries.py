"""Per-contact summaries: what `due`, `list`, `quiet` and the frequency report read instead of
every touchpoint. They are derived data, rebuilt from touchpoint_contact for each contact a write
touched, in the same transaction, just before it commits (store/db.py calls `refresh_changed`).

Every function here that writes touchpoints or their links calls `changed` with the contacts
concerned; `refresh` recomputes those contacts' rows from scratch, so a summary can never drift
from the rows it summarises (tests/store/test_summaries.py checks it after random writes).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime
from itertools import groupby, pairwise

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import TouchpointContact, contact_month, contact_summary
from reltrack.store.sql import count_if, days_between, month_start
from reltrack.vocab import COUNTED_CHANNELS

LINKS = TouchpointContact.__table__
COUNTED = LINKS.c.channel.in_(COUNTED_CHANNELS)
EVERYONE = "everyone"  # changed(session, EVERYONE): rebuild all summaries (restores, merges of many)
CHUNK = 500  # contact ids per statement: well below SQLite's limit on bound parameters
_KEY = "reltrack_changed_contacts"
_EPOCH = date(2000, 1, 1)


def changed(session: Session, contact_ids: Iterable[int] | str) -> None:
    """Note that these contacts' touchpoints changed: their summaries are rebuilt before commit."""
    pending = session.info.setdefault(_KEY, set())
    if pending == EVERYONE:
        return
    if contact_ids == EVERYONE:
        session.info[_KEY] = EVERYONE
    else:
        pending.update(contact_ids)  # type: ignore[union-attr]


def refresh_changed(session: Session) -> None:
    """Bring the summaries up to date with this transaction's writes (before commit, and before a
    read of summaries in the same transaction)."""
    pending = session.info.pop(_KEY, None)
    if pending:
        session.flush()
        refresh(session, None if pending == EVERYONE else pending)


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
    month = month_start(LINKS.c.day)
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
    totals = (
        sa.select(
            LINKS.c.contact_id,
            sa.func.count(),
            sa.func.count(sa.distinct(LINKS.c.day)),
            sa.func.min(LINKS.c.day),
            sa.func.max(LINKS.c.day),
            sa.func.max(LINKS.c.at),
        )
        .where(counted)
        .group_by(LINKS.c.contact_id)
    )
    names = ["contact_id", "touches", "contact_days", "first_day", "last_day", "last_at"]
    session.execute(sa.insert(contact_summary).from_select(names, totals))
    rhythms = [{"id": ident, "rhythm": rhythm} for ident, rhythm in median_gaps(session, counted)]
    if rhythms:
        session.execute(
            sa.update(contact_summary)
            .where(contact_summary.c.contact_id == sa.bindparam("id"))
            .values(rhythm_days=sa.bindparam("rhythm")),
            rhythms,
        )


def median_gaps(session: Session | sa.Connection, where: sa.ColumnElement[bool]) -> Iterable[tuple[int, float]]:
    """(contact id, median of the gaps in days between its distinct contact days), for contacts with
    two contact days or more, over the links that meet `where`."""
    day_number = days_between(LINKS.c.day, sa.literal(_EPOCH, sa.Date))
    query = (
        sa.select(LINKS.c.contact_id, day_number)
        .where(where)
        .group_by(LINKS.c.contact_id, LINKS.c.day)
        .order_by(LINKS.c.contact_id, LINKS.c.day)
    )
    for contact_id, rows in groupby(session.execute(query), key=lambda row: row[0]):
        days = [day for _, day in rows]
        if len(days) >= 2:
            yield contact_id, float(statistics.median(later - earlier for earlier, later in pairwise(days)))


def summarise_as_of(session: Session, contact_ids: Iterable[int], as_of: datetime) -> dict[int, tuple]:
    """What the summary of each of these contacts said at `as_of`: (touches, contact days, last day,
    last contact, median gap), from their touchpoints up to then. For judging an earlier moment."""
    ids = sorted(set(contact_ids))
    result: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        where = sa.and_(COUNTED, LINKS.c.contact_id.in_(chunk), LINKS.c.at <= as_of)
        query = (
            sa.select(
                LINKS.c.contact_id,
                sa.func.count(),
                sa.func.count(sa.distinct(LINKS.c.day)),
                sa.func.max(LINKS.c.day),
                sa.func.max(LINKS.c.at),
            )
            .where(where)
            .group_by(LINKS.c.contact_id)
        )
        gaps = dict(median_gaps(session, where))
        for contact_id, touches, days, last_day, last_at in session.execute(query):
            result[contact_id] = (touches, days, last_day, last_at, gaps.get(contact_id))
    return result
