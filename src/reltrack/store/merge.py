"""Moving everything of one contact onto another (`reltrack merge`), and the rows that find duplicates."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import summaries
from reltrack.store.models import Agreement, Contact, ContactTag, Deal, Feedback, Promise, TouchpointContact

LINKS = TouchpointContact.__table__


def identity_rows(session: Session) -> Iterator[tuple[int, str, str, str | None, str | None]]:
    """(id, name, name in ASCII, email, phone) of every contact, archived ones too, in id order."""
    query = sa.select(Contact.id, Contact.name, Contact.name_ascii, Contact.email, Contact.phone).order_by(Contact.id)
    return (tuple(row) for row in session.execute(query.execution_options(yield_per=2000)))  # type: ignore[misc]


def counts_of(session: Session, contact_id: int) -> dict[str, int]:
    """What hangs on a contact, by kind of row."""
    def count(column: sa.Column) -> int:  # type: ignore[type-arg]
        return session.execute(sa.select(sa.func.count()).where(column == contact_id)).scalar_one()

    return {
        "touchpoints": count(LINKS.c.contact_id), "promises": count(Promise.contact_id), "feedback": count(Feedback.contact_id),
        "deals": count(Deal.contact_id), "agreements": count(Agreement.contact_id), "tags": count(ContactTag.contact_id),
    }  # fmt: skip


def move_everything(session: Session, keep: int, other: int) -> None:
    """Every row of `other` onto `keep`: touchpoints they shared stay one touchpoint with `keep` on it."""
    shared = sa.select(LINKS.c.touchpoint_id).where(LINKS.c.contact_id == keep)
    session.execute(sa.delete(LINKS).where(LINKS.c.contact_id == other, LINKS.c.touchpoint_id.in_(shared)))
    session.execute(sa.update(LINKS).where(LINKS.c.contact_id == other).values(contact_id=keep))
    for model in (Promise, Feedback, Deal, Agreement):
        session.execute(sa.update(model).where(model.contact_id == other).values(contact_id=keep))
    tags = sa.select(ContactTag.tag_id).where(ContactTag.contact_id == keep)
    session.execute(sa.delete(ContactTag).where(ContactTag.contact_id == other, ContactTag.tag_id.in_(tags)))
    session.execute(sa.update(ContactTag).where(ContactTag.contact_id == other).values(contact_id=keep))
    session.execute(sa.update(Contact).where(Contact.introduced_by_id == other, Contact.id != keep).values(introduced_by_id=keep))
    session.execute(sa.update(Contact).where(Contact.id == keep, Contact.introduced_by_id == other).values(introduced_by_id=None))
    summaries.changed(session, [keep])
    session.execute(sa.delete(Contact).where(Contact.id == other))
