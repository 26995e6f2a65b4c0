"""Promises and feedback answers: lookups and listings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import Contact, Feedback, Promise


def get(session: Session, promise_id: int) -> Promise | None:
    return session.get(Promise, promise_id)


def delete(session: Session, promise_id: int) -> None:
    session.execute(sa.delete(Promise).where(Promise.id == promise_id))


def with_names(
    session: Session, contact_id: int | None = None, only_open: bool = True, author: str | None = None
) -> list[tuple[Promise, str]]:
    """(promise, contact name), soonest deadline first; `author`: only the ones they recorded."""
    query = sa.select(Promise, Contact.name).join(Contact, Contact.id == Promise.contact_id)
    if author is not None:
        query = query.where(Promise.author == author)
    if contact_id is not None:
        query = query.where(Promise.contact_id == contact_id)
    if only_open:
        query = query.where(Promise.status == "open")
    query = query.order_by(Promise.due_on, Promise.id)
    return [(promise, name) for promise, name in session.execute(query)]


def of_contacts_or_uids(session: Session, contact_ids: Iterable[int], uids: Iterable[str]) -> list[Promise]:
    """The promises of these contacts, and those with these identities (an import's candidates)."""
    found: dict[int, Promise] = {}
    for column, values in ((Promise.contact_id, sorted(contact_ids)), (Promise.uid, sorted(uids))):
        for start in range(0, len(values), 900):
            found.update((p.id, p) for p in session.scalars(sa.select(Promise).where(column.in_(values[start : start + 900]))))
    return list(found.values())


def same_promise(session: Session, contact_id: int, what: str, due_on: date, owner: str) -> Promise | None:
    """The natural key of a promise: its contact, text, deadline and owner."""
    query = sa.select(Promise).where(
        Promise.contact_id == contact_id, Promise.what == what, Promise.due_on == due_on, Promise.owner == owner
    )
    return session.execute(query.limit(1)).scalar_one_or_none()


def existing_feedback(session: Session, keys: Iterable[tuple[int, datetime, int]]) -> set[tuple[int, datetime, int]]:
    """Which of these natural keys of a feedback answer (contact, time, score) are stored."""
    wanted = list(dict.fromkeys(keys))
    found = set()
    columns = sa.tuple_(Feedback.contact_id, Feedback.at, Feedback.score)
    for start in range(0, len(wanted), 300):
        query = sa.select(Feedback.contact_id, Feedback.at, Feedback.score).where(columns.in_(wanted[start : start + 300]))
        found.update(tuple(row) for row in session.execute(query))
    return found


def feedback_with_names(session: Session, contact_id: int | None = None, feedback_id: int | None = None) -> list[tuple]:
    """(id, contact name, score, at, note) of feedback answers, newest first."""
    query = sa.select(Feedback.id, Contact.name, Feedback.score, Feedback.at, Feedback.note).join(Contact, Contact.id == Feedback.contact_id)
    if contact_id is not None:
        query = query.where(Feedback.contact_id == contact_id)
    if feedback_id is not None:
        query = query.where(Feedback.id == feedback_id)
    return [tuple(row) for row in session.execute(query.order_by(Feedback.at.desc(), Feedback.id.desc()))]


def delete_feedback(session: Session, feedback_id: int) -> None:
    session.execute(sa.delete(Feedback).where(Feedback.id == feedback_id))


def by_uid(session: Session, uid: str) -> Promise | None:
    if not uid:
        return None
    return session.execute(sa.select(Promise).where(Promise.uid == uid)).scalar_one_or_none()


def feedback_uids(session: Session, uids: list[str]) -> set[str]:
    """Which of these identities of feedback answers are stored."""
    found = set()
    for start in range(0, len(uids), 900):
        found.update(session.execute(sa.select(Feedback.uid).where(Feedback.uid.in_(uids[start : start + 900]))).scalars())
    return found
