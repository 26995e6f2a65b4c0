"""Import batches, what each added or changed, and the identities of merged contacts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.orm import Session

from reltrack.store.models import (
    Agreement, Contact, ContactTag, Deal, Feedback, ImportBatch, ImportItem, MergedUid, Promise, Tag, Touchpoint,
    TouchpointContact,
)  # fmt: skip
from reltrack.store.sql import Bulk

ITEMS = ImportItem.__table__
MODELS = {"contact": Contact, "touchpoint": Touchpoint, "promise": Promise, "feedback": Feedback}
CHUNK = 900  # bound parameters per IN list, below SQLite's limit


def largest_tag_id(session: Session) -> int:
    return session.execute(sa.select(sa.func.coalesce(sa.func.max(Tag.id), 0))).scalar_one()


def tags_after(session: Session, tag_id: int) -> list[int]:
    return list(session.execute(sa.select(Tag.id).where(Tag.id > tag_id)).scalars())


def add_batch(session: Session, batch: ImportBatch) -> ImportBatch:
    session.add(batch)
    session.flush()
    return batch


def add_items(session: Session, batch_id: int, items: Sequence[tuple[str, str, str, str | None, str | None]]) -> None:
    """Store some of the batch's items (record, uid, action, before, after), in one statement."""
    Bulk(session.connection()).insert(ITEMS, ("batch_id", "record", "row_uid", "action", "before", "after"), [(batch_id, *item) for item in items])


def batches(session: Session) -> list[ImportBatch]:
    return list(session.scalars(sa.select(ImportBatch).order_by(ImportBatch.id)))


def batch(session: Session, batch_id: int) -> ImportBatch | None:
    return session.get(ImportBatch, batch_id)


def items(session: Session, batch_id: int) -> list[tuple[str, str, str, str | None, str | None]]:
    query = sa.select(ITEMS.c.record, ITEMS.c.row_uid, ITEMS.c.action, ITEMS.c.before, ITEMS.c.after)
    return [tuple(row) for row in session.execute(query.where(ITEMS.c.batch_id == batch_id).order_by(ITEMS.c.id))]  # type: ignore[misc]


def ids_of(session: Session, record: str, uids: Iterable[str]) -> dict[str, int]:
    """uid -> id of the stored rows among these identities."""
    model = MODELS[record]
    wanted, found = list(uids), {}
    for start in range(0, len(wanted), CHUNK):
        query = sa.select(model.uid, model.id).where(model.uid.in_(wanted[start : start + CHUNK]))
        found.update(dict(session.execute(query).all()))
    return found


def dependants(session: Session, contact_ids: Sequence[int], touch_ids: set[int], promise_ids: set[int], feedback_ids: set[int]) -> list[str]:
    """What else refers to these contacts, besides the rows given: (kind of row, contact name) for each."""
    found = []
    for start in range(0, len(contact_ids), CHUNK):
        chunk = contact_ids[start : start + CHUNK]
        checks = [
            ("a touchpoint", TouchpointContact.contact_id, TouchpointContact.touchpoint_id, touch_ids),
            ("a promise", Promise.contact_id, Promise.id, promise_ids),
            ("a feedback answer", Feedback.contact_id, Feedback.id, feedback_ids),
            ("a deal", Deal.contact_id, Deal.id, set()),
            ("an agreement", Agreement.contact_id, Agreement.id, set()),
            ("an introduction", Contact.introduced_by_id, Contact.id, set()),
        ]
        for what, contact_column, id_column, allowed in checks:
            named = sa.orm.aliased(Contact)
            query = sa.select(contact_column, id_column, named.name).join(named, named.id == contact_column).where(contact_column.in_(chunk))
            found += [f"{what} of {name}" for _, ident, name in session.execute(query) if ident not in allowed]
    return found


def delete_rows(session: Session, record: str, ids: Sequence[int]) -> None:
    model = MODELS[record]
    for start in range(0, len(ids), CHUNK):
        session.execute(sa.delete(model).where(model.id.in_(ids[start : start + CHUNK])))


def delete_unused_tags(session: Session, tag_ids: Sequence[int]) -> None:
    used = sa.select(ContactTag.tag_id)
    session.execute(sa.delete(Tag).where(Tag.id.in_(tag_ids), Tag.id.not_in(used)))


def mark_undone(session: Session, batch_id: int, now: datetime) -> None:
    session.execute(sa.update(ImportBatch).where(ImportBatch.id == batch_id).values(undone_at=now))


def record_merge(session: Session, uids: Iterable[str], contact_id: int, now: datetime, name_key: str | None = None) -> None:
    """These identities now stand for contact_id (and those merged into them before, too)."""
    wanted = list(uids)
    session.execute(sa.update(MergedUid).where(MergedUid.contact_id.in_(
        sa.select(Contact.id).where(Contact.uid.in_(wanted)))).values(contact_id=contact_id))  # fmt: skip
    for uid in wanted:
        if session.get(MergedUid, uid) is None:
            session.add(MergedUid(uid=uid, contact_id=contact_id, merged_at=now, name_key=name_key))
    session.flush()


def merged_by_name(session: Session, name_key: str) -> int | None:
    """The contact a contact of this name was merged into."""
    query = sa.select(MergedUid.contact_id).where(MergedUid.name_key == name_key).order_by(MergedUid.merged_at.desc())
    return session.execute(query.limit(1)).scalar_one_or_none()
