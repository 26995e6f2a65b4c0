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

import json
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from itertools import accumulate, groupby, pairwise
from operator import itemgetter

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


def _summary(contact_id: int, touches: int, last_at: datetime, days: Sequence[int]) -> tuple:
    """A contact_summary row from the sorted distinct contact days (as day numbers)."""
    count, first, last, rhythm, gaps = _of_days(days)
    return (contact_id, touches, count, first, last, last_at, rhythm, gaps)


def _of_days(days: Sequence[int]) -> tuple[int, date, date, float | None, str]:
    """(contact days, first day, last day, rhythm, gaps) of the sorted distinct contact days."""
    gaps = [later - earlier for earlier, later in pairwise(days)]
    return len(days), date.fromordinal(days[0]), date.fromordinal(days[-1]), _median(gaps), _gaps_text(gaps)


# The gaps as stored, "7 7 14", made and read by C code (the list's repr, JSON): an import does it
# for each of a hundred thousand contacts, four times faster than str() and int() on each gap.
def _gaps_text(gaps: list[int]) -> str:
    return repr(gaps)[1:-1].replace(",", "")


def _gaps_of(text: str) -> list[int]:
    return json.loads(f"[{text.replace(' ', ',')}]")


def _median(gaps: list[int]) -> float | None:
    """statistics.median as a float, None for no gaps: the same arithmetic, without its checks (an
    import works it out for every contact it touches)."""
    if not gaps:
        return None
    ordered, middle = sorted(gaps), len(gaps) // 2
    return float(ordered[middle]) if len(gaps) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


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


def added(session: Session, links: Iterable[tuple]) -> None:
    """Add new links, as stored in touchpoint_contact (touchpoint id, contact id, at in epoch seconds,
    day number, channel, direction, rating), to their contacts' summaries, CHUNK contacts a
    statement. Contacts already due for a rebuild are left to it."""
    pending = _pending(session)
    if pending == EVERYONE:
        return
    bulk = Bulk(session.connection())
    month_of = _MonthOf(bulk.converter(contact_month.c.month))
    column = {channel: index for index, channel in enumerate(MONTH_COUNTS) if channel in COUNTED_CHANNELS}
    months: list[tuple] = []  # (contact id, month, *MONTH_COUNTS)
    contacts: list[tuple[int, int, int, list[int]]] = []  # (contact id, touches, latest epoch second, its new days)
    for contact_id, group in groupby(sorted(links, key=itemgetter(1)), key=itemgetter(1)):
        if contact_id in pending:
            continue
        counts: dict[object, list[int]] = {}
        days: set[int] = set()
        touches = latest = 0
        for _, _, at, day, channel, direction, _ in group:
            index = column.get(channel)
            if index is None:
                continue
            month = month_of[day]
            if month not in counts:
                counts[month] = [0] * len(MONTH_COUNTS)
            tally = counts[month]
            tally[0] += 1
            tally[1] += direction == "in"
            tally[index] += 1
            days.add(day)
            touches += 1
            latest = max(latest, at)
        if touches:
            months.extend((contact_id, month, *tally) for month, tally in sorted(counts.items()))
            contacts.append((contact_id, touches, latest, sorted(days)))
        if len(contacts) == CHUNK:
            _add(session, bulk, months, contacts)
            months, contacts = [], []
    if contacts:
        _add(session, bulk, months, contacts)


class _MonthOf(dict):
    """day number -> the stored value of the first day of its month, each worked out once."""

    def __init__(self, convert) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.convert = convert

    def __missing__(self, day: int) -> object:
        self[day] = self.convert(date.fromordinal(day).replace(day=1))
        return self[day]


def _add(session: Session, bulk: Bulk, months: list[tuple], contacts: list[tuple[int, int, int, list[int]]]) -> None:
    """Months' counts add up in the statement; each contact's new days join its stored ones, from
    which its gaps and rhythm are worked out again; touches and the latest moment are added up
    by the statement too."""
    bulk.upsert(contact_month, ("contact_id", "month", *MONTH_COUNTS), ("contact_id", "month"), months, {key: f"contact_month.{key} + excluded.{key}" for key in MONTH_COUNTS})
    query = sa.select(contact_summary.c.contact_id, contact_summary.c.first_day, contact_summary.c.gaps)
    query = query.where(contact_summary.c.contact_id.in_([contact_id for contact_id, *_ in contacts]))
    before = {contact_id: (first_day, gaps) for contact_id, first_day, gaps in session.execute(query).all()}
    day, instant = bulk.converter(contact_summary.c.first_day), bulk.converter(contact_summary.c.last_at)
    rows = []
    for contact_id, touches, latest, new_days in contacts:
        if contact_id in before:
            first_day, gaps = before[contact_id]
            days = list(accumulate(_gaps_of(gaps), initial=first_day.toordinal()))
            for new_day in new_days:
                place = bisect_left(days, new_day)
                if place == len(days) or days[place] != new_day:
                    days.insert(place, new_day)
        else:
            days = new_days
        count, first, last, rhythm, gaps = _of_days(days)
        rows.append((contact_id, touches, count, day(first), day(last), instant(datetime.fromtimestamp(latest, UTC)), rhythm, gaps))
    later = "CASE WHEN excluded.last_at > contact_summary.last_at THEN excluded.last_at ELSE contact_summary.last_at END"
    updates = {name: f"excluded.{name}" for name in SUMMARY_COLUMNS[2:]} | {"touches": "contact_summary.touches + excluded.touches", "last_at": later}
    bulk.upsert(contact_summary, SUMMARY_COLUMNS, ("contact_id",), rows, updates)


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
