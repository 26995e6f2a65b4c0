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


def contacts(session: Session) -> Iterator[tuple]:
    """(name, org, kind, email, phone, tags, every, max, notes) by name."""
    tags = stored_contacts.tags_of(session)
    query = sa.select(
        CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.org, CONTACTS.c.kind, CONTACTS.c.email, CONTACTS.c.phone,
        CONTACTS.c.every, CONTACTS.c.max_gap, CONTACTS.c.notes,
    ).order_by(CONTACTS.c.name_key).execution_options(**BATCH)  # fmt: skip
    for ident, name, org, kind, email, phone, every, max_gap, notes in session.execute(query):
        yield name, org, kind, email, phone, [tag for tag, _ in tags.get(ident, ())], every, max_gap, notes


def touches(session: Session) -> Iterator[tuple]:
    """(names, at, via, direction, note, rating, minutes) in time order."""
    return stream_export(session)


def promises(session: Session) -> Iterator[tuple]:
    """(name, what, owner, due, status, resolved, resolved_on) by deadline."""
    query = (
        sa.select(
            CONTACTS.c.name, PROMISES.c.what, PROMISES.c.owner, PROMISES.c.due_on, PROMISES.c.status, PROMISES.c.resolved_at,
            PROMISES.c.resolved_on,
        )
        .join(CONTACTS, CONTACTS.c.id == PROMISES.c.contact_id)
        .order_by(PROMISES.c.due_on, PROMISES.c.id)
        .execution_options(**BATCH)
    )
    return (tuple(row) for row in session.execute(query))


def feedback(session: Session) -> Iterator[tuple]:
    """(name, at, score, note) in time order."""
    query = (
        sa.select(CONTACTS.c.name, FEEDBACK.c.at, FEEDBACK.c.score, FEEDBACK.c.note)
        .join(CONTACTS, CONTACTS.c.id == FEEDBACK.c.contact_id)
        .order_by(FEEDBACK.c.at, FEEDBACK.c.id)
        .execution_options(**BATCH)
    )
    return (tuple(row) for row in session.execute(query))
