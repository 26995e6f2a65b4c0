"""Everything, read from cursors in export order, a batch of rows at a time."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import contacts as stored_contacts
from reltrack.store.models import Contact, Feedback, Promise
from reltrack.store.touches import stream_export

CONTACTS = Contact.__table__
PROMISES = Promise.__table__
FEEDBACK = Feedback.__table__
BATCH = {"yield_per": 2000}


CONTACT_COLUMNS = (
    CONTACTS.c.name, CONTACTS.c.org, CONTACTS.c.kind, CONTACTS.c.email, CONTACTS.c.phone, None, CONTACTS.c.every,
    CONTACTS.c.max_gap, CONTACTS.c.notes, CONTACTS.c.title, CONTACTS.c.department, CONTACTS.c.birthday, CONTACTS.c.url,
    CONTACTS.c.address, CONTACTS.c.followup_on, CONTACTS.c.snoozed_until, CONTACTS.c.uid,
    # for vCards only: the last change (REV), and the properties kept as they came
    sa.func.coalesce(CONTACTS.c.updated_at, CONTACTS.c.created_at), CONTACTS.c.card_extra,
)  # fmt: skip


def contacts(session: Session) -> Iterator[tuple]:
    """(name, org, kind, email, phone, tags, every, max, notes, title, department, birthday, url,
    address, followup, snoozed, uid, rev, card_extra) by name."""
    tags = stored_contacts.tags_of(session)
    columns = [column for column in CONTACT_COLUMNS if column is not None]
    query = sa.select(CONTACTS.c.id, *columns).order_by(CONTACTS.c.name_key).execution_options(**BATCH)
    for ident, *values in session.execute(query):
        values.insert(5, [tag for tag, _ in tags.get(ident, ())])
        yield tuple(values)


def touches(session: Session) -> Iterator[tuple]:
    """(names, at, via, direction, note, rating, minutes) in time order."""
    return stream_export(session)


def promises(session: Session) -> Iterator[tuple]:
    """(name, what, owner, due, status, resolved, resolved_on, uid) by deadline."""
    query = (
        sa.select(
            CONTACTS.c.name, PROMISES.c.what, PROMISES.c.owner, PROMISES.c.due_on, PROMISES.c.status, PROMISES.c.resolved_at,
            PROMISES.c.resolved_on, PROMISES.c.uid,
        )
        .join(CONTACTS, CONTACTS.c.id == PROMISES.c.contact_id)
        .order_by(PROMISES.c.due_on, PROMISES.c.id)
        .execution_options(**BATCH)
    )
    return (tuple(row) for row in session.execute(query))


def feedback(session: Session) -> Iterator[tuple]:
    """(name, at, score, note, uid) in time order."""
    query = (
        sa.select(CONTACTS.c.name, FEEDBACK.c.at, FEEDBACK.c.score, FEEDBACK.c.note, FEEDBACK.c.uid)
        .join(CONTACTS, CONTACTS.c.id == FEEDBACK.c.contact_id)
        .order_by(FEEDBACK.c.at, FEEDBACK.c.id)
        .execution_options(**BATCH)
    )
    return (tuple(row) for row in session.execute(query))


def calendar_uids(session: Session, contact_ids: list[int], promise_ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The uids of these contacts and promises, by id: what a calendar knows each event by."""
    contact_uids: dict[int, str] = {}
    promise_uids: dict[int, str] = {}
    for start in range(0, max(len(contact_ids), len(promise_ids)), 900):
        chunk = contact_ids[start : start + 900]
        contact_uids.update(session.execute(sa.select(CONTACTS.c.id, CONTACTS.c.uid).where(CONTACTS.c.id.in_(chunk))).all())
        chunk = promise_ids[start : start + 900]
        promise_uids.update(session.execute(sa.select(PROMISES.c.id, PROMISES.c.uid).where(PROMISES.c.id.in_(chunk))).all())
    return contact_uids, promise_uids


def settled_since(session: Session, since: object) -> list[tuple]:
    """(uid, contact name, what, due, status) of promises settled since then."""
    query = (
        sa.select(PROMISES.c.uid, CONTACTS.c.name, PROMISES.c.what, PROMISES.c.due_on, PROMISES.c.status)
        .join(CONTACTS, CONTACTS.c.id == PROMISES.c.contact_id)
        .where(PROMISES.c.status != "open", PROMISES.c.resolved_at >= since)
        .order_by(PROMISES.c.due_on, PROMISES.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


def touched_since(session: Session, since: object) -> list[tuple]:
    """(uid, name) of contacts with a touchpoint since then."""
    from reltrack.store.models import contact_summary

    query = (
        sa.select(CONTACTS.c.uid, CONTACTS.c.name)
        .join(contact_summary, contact_summary.c.contact_id == CONTACTS.c.id)
        .where(contact_summary.c.last_at >= since)
        .order_by(CONTACTS.c.name_key)
    )
    return [tuple(row) for row in session.execute(query)]
