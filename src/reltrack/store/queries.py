"""The aggregate SQL that listings and reports need. SQL does the counting; rows come back as plain tuples."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, func, select

from reltrack.store.models import (
    Contact,
    ContactTag,
    Feedback,
    Promise,
    Tag,
    Touchpoint,
    TouchpointContact,
)


def last_contacts(session: Session, channels: Sequence[str], as_of: datetime | None = None) -> dict[int, datetime]:
    """Latest touchpoint per contact over `channels`, at or before `as_of`: event time, not typing time."""
    query = (
        select(TouchpointContact.contact_id, func.max(Touchpoint.at))
        .join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
        .where(Touchpoint.channel.in_(channels))
        .group_by(TouchpointContact.contact_id)
    )
    if as_of is not None:
        query = query.where(Touchpoint.at <= as_of)
    return dict(session.exec(query).all())


def tags_by_contact(session: Session, contact_ids: Iterable[int] | None = None) -> dict[int, list[tuple[str, str | None]]]:
    """(tag name, tag cadence) per contact id, names sorted."""
    query = select(ContactTag.contact_id, Tag.name, Tag.every).join(Tag, Tag.id == ContactTag.tag_id)
    if contact_ids is not None:
        query = query.where(ContactTag.contact_id.in_(list(contact_ids)))
    result: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for contact_id, name, every in session.exec(query.order_by(Tag.name_key)):
        result[contact_id].append((name, every))
    return result


def has_contacts(session: Session) -> bool:
    return session.exec(select(Contact.id).limit(1)).first() is not None


def table_counts(session: Session) -> dict[str, int]:
    counts = {}
    for label, model in (
        ("contacts", Contact),
        ("tags", Tag),
        ("touchpoints", Touchpoint),
        ("promises", Promise),
        ("feedback", Feedback),
    ):
        counts[label] = session.exec(select(func.count()).select_from(model)).one()
    counts["archived"] = session.exec(select(func.count()).where(Contact.archived_at.is_not(None))).one()
    return counts


def contact_names(session: Session) -> list[tuple[int, str]]:
    return list(session.exec(select(Contact.id, Contact.name)))


def touch_contacts(session: Session, touchpoint_ids: Iterable[int]) -> dict[int, list[str]]:
    """Names of the contacts on each touchpoint."""
    query = (
        select(TouchpointContact.touchpoint_id, Contact.name)
        .join(Contact, Contact.id == TouchpointContact.contact_id)
        .where(TouchpointContact.touchpoint_id.in_(list(touchpoint_ids)))
        .order_by(Contact.name_key)
    )
    result: dict[int, list[str]] = defaultdict(list)
    for touchpoint_id, name in session.exec(query):
        result[touchpoint_id].append(name)
    return result


def delete_orphan_touchpoints(session: Session) -> int:
    """Touchpoints left with no contact (after a contact is deleted) go too."""
    linked = select(TouchpointContact.touchpoint_id)
    result = session.exec(sa.delete(Touchpoint).where(Touchpoint.id.not_in(linked)))  # type: ignore[call-overload]
    return result.rowcount or 0


def contacts_with_tag(session: Session, tag_id: int) -> list[int]:
    return list(session.exec(select(ContactTag.contact_id).where(ContactTag.tag_id == tag_id)))


def touch_records(
    session: Session, channels: Sequence[str], as_of: datetime, contact_ids: Iterable[int] | None = None
) -> list[tuple[int, datetime, str, str, int | None]]:
    """(contact id, at, channel, direction, rating) of every touchpoint over `channels` up to `as_of`."""
    query = (
        select(TouchpointContact.contact_id, Touchpoint.at, Touchpoint.channel, Touchpoint.direction, Touchpoint.rating)
        .join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
        .where(Touchpoint.channel.in_(channels), Touchpoint.at <= as_of)
        .order_by(TouchpointContact.contact_id, Touchpoint.at)
    )
    if contact_ids is not None:
        query = query.where(TouchpointContact.contact_id.in_(list(contact_ids)))
    return list(session.exec(query))


def promise_records(
    session: Session, contact_ids: Iterable[int] | None = None
) -> list[tuple[int, int, str, str, date, str, datetime | None]]:
    """(contact id, promise id, what, owner, due_on, status, resolved_at) of every promise."""
    query = select(
        Promise.contact_id, Promise.id, Promise.what, Promise.owner, Promise.due_on, Promise.status, Promise.resolved_at
    ).order_by(Promise.contact_id, Promise.due_on, Promise.id)
    if contact_ids is not None:
        query = query.where(Promise.contact_id.in_(list(contact_ids)))
    return list(session.exec(query))


def feedback_records(
    session: Session, as_of: datetime, contact_ids: Iterable[int] | None = None
) -> list[tuple[int, datetime, int]]:
    """(contact id, at, score) of every feedback answer up to `as_of`."""
    query = select(Feedback.contact_id, Feedback.at, Feedback.score).where(Feedback.at <= as_of)
    if contact_ids is not None:
        query = query.where(Feedback.contact_id.in_(list(contact_ids)))
    return list(session.exec(query.order_by(Feedback.contact_id, Feedback.at)))


def period_counts(
    session: Session,
    boundaries: Sequence[datetime],
    channels: Sequence[str],
    contact_ids: Iterable[int] | None = None,
    per_contact: bool = True,
) -> list[tuple[int | None, int, str, str, int]]:
    """(contact id, period index, channel, direction, touchpoints) for touchpoints in
    [boundaries[i], boundaries[i+1]). Buckets are computed in SQL with CASE over the given
    instants, so local-time periods work the same on SQLite and PostgreSQL.
    `per_contact=False` counts each touchpoint once, however many of the contacts were there
    (contact id None)."""
    if len(boundaries) < 2:
        return []
    bucket = sa.case(*[(Touchpoint.at < end, index) for index, end in enumerate(boundaries[1:])])
    keys = [bucket, Touchpoint.channel, Touchpoint.direction]
    who = TouchpointContact.contact_id if per_contact else sa.null()
    query = (
        select(who, *keys, func.count(sa.distinct(Touchpoint.id)))
        .select_from(TouchpointContact)
        .join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
        .where(Touchpoint.channel.in_(channels), Touchpoint.at >= boundaries[0], Touchpoint.at < boundaries[-1])
        .group_by(*([TouchpointContact.contact_id] if per_contact else []), *keys)
    )
    if contact_ids is not None:
        query = query.where(TouchpointContact.contact_id.in_(list(contact_ids)))
    return list(session.exec(query))


def touch_exists(session: Session, contact_id: int, at: datetime, channel: str) -> bool:
    """The natural key of a touchpoint: a contact on it, its time and its channel."""
    query = (
        select(Touchpoint.id)
        .join(TouchpointContact, TouchpointContact.touchpoint_id == Touchpoint.id)
        .where(TouchpointContact.contact_id == contact_id, Touchpoint.at == at, Touchpoint.channel == channel)
    )
    return session.exec(query).first() is not None


def same_promise(session: Session, contact_id: int, what: str, due_on: date, owner: str) -> Promise | None:
    """The natural key of a promise: its contact, text, deadline and owner."""
    query = select(Promise).where(
        Promise.contact_id == contact_id, Promise.what == what, Promise.due_on == due_on, Promise.owner == owner
    )
    return session.exec(query).first()


def feedback_exists(session: Session, contact_id: int, at: datetime, score: int) -> bool:
    """The natural key of a feedback answer: its contact, time and score."""
    query = select(Feedback.id).where(Feedback.contact_id == contact_id, Feedback.at == at, Feedback.score == score)
    return session.exec(query).first() is not None


def advance_id_sequences(session: Session) -> None:
    """After rows were inserted with explicit ids, make PostgreSQL's id sequences continue past them
    (SQLite needs nothing: it takes the next id from the largest one)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (Contact, Tag, Touchpoint, Promise, Feedback):
        table = model.__tablename__
        session.exec(  # type: ignore[call-overload]
            sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}")
        )
