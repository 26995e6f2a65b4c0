"""Touchpoints and who was there: every write to them goes through here.

A touchpoint's time, day, channel, direction and rating are copied onto each of its links
(touchpoint_contact), and the contacts concerned are noted for their summaries to be rebuilt:
both stay right only because nothing else writes these tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import summaries
from reltrack.store.models import Contact, Touchpoint, TouchpointContact, new_uids
from reltrack.store.sql import Bulk, day_number, epoch_seconds, plain_rows

TOUCHES = Touchpoint.__table__
LINKS = TouchpointContact.__table__
CONTACTS = Contact.__table__
COPIED = ("at", "day", "channel", "direction", "rating")  # on the touchpoint and on each of its links
BATCH = 300  # keys per lookup: three bound parameters each, well below SQLite's limit


class NewTouch(NamedTuple):
    at: datetime
    day: date  # the calendar day where it happened (the date of `at` as given)
    channel: str
    direction: str
    note: str | None
    rating: int | None
    minutes: int | None
    created_at: datetime
    contact_ids: tuple[int, ...]
    uid: str | None = None  # None: a new identity is made when it is stored
    author: str | None = None


def reserve_ids(session: Session, table: sa.Table, count: int) -> list[int]:
    """`count` new ids for explicit inserts: from the sequence on PostgreSQL; on SQLite the next ones
    after the largest, which is safe because a writer holds the database's write lock."""
    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        query = sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, count))
        return [ident for (ident,) in session.execute(query)]
    largest = session.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    return list(range(largest + 1, largest + 1 + count))


TOUCH_COLUMNS = ("id", "uid", "at", "day", "channel", "direction", "note", "rating", "minutes", "created_at", "author")
LINK_COLUMNS = ("touchpoint_id", "contact_id", *COPIED)


def add_touchpoints(session: Session, touches: Sequence[NewTouch], ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    """Insert touchpoints with their links, in two statements whatever their number; returns the
    (id, uid) of each, in the order given (`ids`: the ids to give them, when restoring a dump into
    an empty database).

    Rows go in in time order, and the new ids and uids are handed out in that order too: every
    index then takes them page after page instead of at random over millions of rows (at 2M
    touchpoints, three times faster). Touchpoints at the same moment keep the order given."""
    if not touches:
        return []
    bulk = Bulk(session.connection())
    instant, day = bulk.converter(TOUCHES.c.at), bulk.converter(TOUCHES.c.day)
    seconds, day_number = bulk.converter(LINKS.c.at), bulk.converter(LINKS.c.day)
    moments = [seconds(t.at) for t in touches]
    order = sorted(range(len(touches)), key=moments.__getitem__)
    if ids is None:
        ids = [0] * len(touches)
        for position, ident in zip(order, reserve_ids(session, TOUCHES, len(touches)), strict=True):
            ids[position] = ident
    fresh = iter(new_uids(sum(not t.uid for t in touches)))
    uids: list[str] = [t.uid or "" for t in touches]
    created: dict[datetime, object] = {}  # usually one moment for all: converted once
    rows, links = [], []
    for position in order:
        t, ident, at = touches[position], ids[position], moments[position]
        if not t.uid:
            uids[position] = next(fresh)
        if t.created_at not in created:
            created[t.created_at] = instant(t.created_at)
        rows.append((ident, uids[position], instant(t.at), day(t.day), t.channel, t.direction, t.note, t.rating, t.minutes, created[t.created_at], t.author))
        on = day_number(t.day)
        links.extend((ident, contact_id, at, on, t.channel, t.direction, t.rating) for contact_id in t.contact_ids)
    bulk.insert(TOUCHES, TOUCH_COLUMNS, rows)
    del rows  # a hundred thousand of them, in an import
    links.sort(key=itemgetter(1, 2))  # in the order of the per-contact index
    bulk.insert(LINKS, LINK_COLUMNS, links)
    summaries.added(session, links)
    return list(zip(ids, uids, strict=True))


def linked_contacts(session: Session, touch_id: int) -> list[int]:
    return list(session.execute(sa.select(LINKS.c.contact_id).where(LINKS.c.touchpoint_id == touch_id)).scalars())


def update_touchpoint(session: Session, touch_id: int, values: dict[str, object]) -> None:
    """Change a touchpoint's fields (a dict of column -> value) and the copies on its links."""
    if not values:
        return
    session.execute(sa.update(TOUCHES).where(TOUCHES.c.id == touch_id).values(**values))
    copied = {key: value for key, value in values.items() if key in COPIED}
    if copied:
        session.execute(sa.update(LINKS).where(LINKS.c.touchpoint_id == touch_id).values(**copied))
        summaries.changed(session, linked_contacts(session, touch_id))
    session.expire_all()  # ORM objects loaded before must not hide the new values


def link(session: Session, touch_id: int, contact_id: int) -> None:
    copied = {key: TOUCHES.c[key] for key in COPIED} | {"at": epoch_seconds(TOUCHES.c.at), "day": day_number(TOUCHES.c.day)}
    copy = sa.select(TOUCHES.c.id, sa.literal(contact_id), *copied.values()).where(TOUCHES.c.id == touch_id)
    session.execute(sa.insert(LINKS).from_select(["touchpoint_id", "contact_id", *COPIED], copy))
    summaries.changed(session, [contact_id])


def unlink(session: Session, touch_id: int, contact_id: int) -> None:
    session.execute(sa.delete(LINKS).where(LINKS.c.touchpoint_id == touch_id, LINKS.c.contact_id == contact_id))
    summaries.changed(session, [contact_id])


def delete_touchpoint(session: Session, touch_id: int) -> None:
    summaries.changed(session, linked_contacts(session, touch_id))
    session.execute(sa.delete(LINKS).where(LINKS.c.touchpoint_id == touch_id))
    session.execute(sa.delete(TOUCHES).where(TOUCHES.c.id == touch_id))


def delete_touchpoints(session: Session, touch_ids: Sequence[int]) -> None:
    """Many touchpoints at once (an import undone), a chunk of ids a statement."""
    ids = list(touch_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        summaries.changed(session, session.execute(sa.select(LINKS.c.contact_id).where(LINKS.c.touchpoint_id.in_(chunk)).distinct()).scalars())
        session.execute(sa.delete(LINKS).where(LINKS.c.touchpoint_id.in_(chunk)))
        session.execute(sa.delete(TOUCHES).where(TOUCHES.c.id.in_(chunk)))


def delete_orphan_touchpoints(session: Session) -> int:
    """Touchpoints left with no contact (after a contact is deleted) go too."""
    linked = sa.select(LINKS.c.touchpoint_id)
    return session.execute(sa.delete(TOUCHES).where(TOUCHES.c.id.not_in(linked))).rowcount or 0


# -- reading ----------------------------------------------------------------------


def timeline(
    session: Session,
    contact_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
    limit: int | None = None,
    touch_ids: Sequence[int] | None = None,
) -> list[tuple]:
    """(id, at, channel, direction, rating, minutes, note, author, contact names) newest first; one
    contact's through its index, without reading anyone else's."""
    query = sa.select(
        TOUCHES.c.id, TOUCHES.c.at, TOUCHES.c.channel, TOUCHES.c.direction,
        TOUCHES.c.rating, TOUCHES.c.minutes, TOUCHES.c.note, TOUCHES.c.author,
    )  # fmt: skip
    if contact_id is not None:
        query = query.join(LINKS, LINKS.c.touchpoint_id == TOUCHES.c.id).where(LINKS.c.contact_id == contact_id)
        at = LINKS.c.at
    else:
        at = TOUCHES.c.at
    if touch_ids is not None:
        query = query.where(TOUCHES.c.id.in_(list(touch_ids)))
    if since is not None:
        query = query.where(at >= since)
    if until is not None:
        query = query.where(at <= until)
    if channel is not None:
        query = query.where(TOUCHES.c.channel == channel)
    query = query.order_by(at.desc(), TOUCHES.c.id.desc())
    if limit:
        query = query.limit(limit)
    rows = list(session.execute(query))
    people = contact_names_of(session, [row.id for row in rows])
    return [(*row, people.get(row.id, [])) for row in rows]


def held_by(session: Session, author: str) -> set[int]:
    """The contacts `author` holds: whose latest touchpoint they logged, or with an open promise they recorded."""
    from reltrack.store.models import Promise

    newest = sa.func.row_number().over(partition_by=LINKS.c.contact_id, order_by=(LINKS.c.at.desc(), LINKS.c.touchpoint_id.desc()))
    latest = (
        sa.select(LINKS.c.contact_id, TOUCHES.c.author, newest.label("newest"))
        .join(TOUCHES, TOUCHES.c.id == LINKS.c.touchpoint_id)
        .subquery()
    )
    logged = sa.select(latest.c.contact_id).where(latest.c.newest == 1, latest.c.author == author)
    promised = sa.select(Promise.contact_id).where(Promise.status == "open", Promise.author == author)
    return set(session.execute(sa.union(logged, promised)).scalars())


def contact_names_of(session: Session, touch_ids: Sequence[int]) -> dict[int, list[str]]:
    """Names of the contacts on each touchpoint, in name order."""
    result: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(touch_ids), 3 * BATCH):
        query = (
            sa.select(LINKS.c.touchpoint_id, CONTACTS.c.name)
            .join(CONTACTS, CONTACTS.c.id == LINKS.c.contact_id)
            .where(LINKS.c.touchpoint_id.in_(touch_ids[start : start + 3 * BATCH]))
            .order_by(CONTACTS.c.name_key)
        )
        for touch_id, name in session.execute(query):
            result[touch_id].append(name)
    return result


def stored_already(session: Session, keys: Sequence[tuple[int, datetime, str]]) -> set[int]:
    """Which of these natural keys of a touchpoint (a contact on it, its time, its channel) are
    stored, by position in `keys`: one join through the per-contact index for all of them,
    not one query per row. They are looked up in the index's order, each page of it read once."""
    if not keys:
        return set()
    bulk = Bulk(session.connection())
    table = bulk.temporary(
        "reltrack_keys",
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("at", LINKS.c.at.type, nullable=False),
        sa.Column("channel", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    try:
        instant = bulk.converter(LINKS.c.at)
        bulk.insert(table, ("contact_id", "at", "channel", "position"), sorted((c, instant(at), ch, i) for i, (c, at, ch) in enumerate(keys)))
        match = sa.and_(LINKS.c.contact_id == table.c.contact_id, LINKS.c.at == table.c.at, LINKS.c.channel == table.c.channel)
        query = sa.select(table.c.position).where(sa.exists().where(match))
        return {position for (position,) in plain_rows(session, query)}
    finally:
        bulk.drop(table)


def stream_export(session: Session) -> Iterator[tuple]:
    """Every touchpoint in time order as (names, at, channel, direction, note, rating, minutes, uid),
    names in name order and `at` as local ISO text, read from a cursor a batch at a time: an
    export of millions of rows holds one batch in memory."""
    query = (
        sa.select(
            TOUCHES.c.id, TOUCHES.c.at, TOUCHES.c.channel, TOUCHES.c.direction, TOUCHES.c.note,
            TOUCHES.c.rating, TOUCHES.c.minutes, TOUCHES.c.uid, CONTACTS.c.name_key, CONTACTS.c.name,
        )  # fmt: skip
        .select_from(TOUCHES)
        # `id + 0`: SQLite, without statistics, would otherwise read the links first, look each
        # touchpoint up and sort all the rows at the end (at L a sort of 2M rows through temporary
        # files: 19 s against 9 s); like this it walks the touchpoints in time order on their index
        .join(LINKS, LINKS.c.touchpoint_id == TOUCHES.c.id + 0)
        .join(CONTACTS, CONTACTS.c.id == LINKS.c.contact_id)
        .order_by(TOUCHES.c.at, TOUCHES.c.id)
    )
    local = TOUCHES.c.at.type.local_text_processor(session.get_bind().dialect)
    last, touch, people = None, None, []
    for ident, at, channel, direction, note, rating, minutes, uid, key, name in plain_rows(session, query):
        if ident == last:
            people.append((key, name))  # another contact at the same touchpoint
            continue
        if touch is not None:
            yield touch if len(people) == 1 else (_named(people), *touch[1:])
        last, people = ident, [(key, name)]
        touch = ([name], local(at), channel, direction, note, rating, minutes, uid)
    if touch is not None:
        yield touch if len(people) == 1 else (_named(people), *touch[1:])


def _named(people: list[tuple[str, str]]) -> list[str]:
    return [name for _, name in sorted(people)]


def uids_stored(session: Session, uids: Sequence[str]) -> dict[str, int]:
    """The touchpoints among these identities that are stored: uid -> id."""
    return Bulk(session.connection()).pairs(TOUCHES, "uid", "id", uids)
