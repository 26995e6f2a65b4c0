"""Touchpoints: record, list, correct and delete interactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from reltrack import vocab
from reltrack.core.contacts import find_contact, find_contacts
from reltrack.errors import InvalidInput, NotFound, Refused
from reltrack.store import queries
from reltrack.store.models import Contact, Touchpoint, TouchpointContact


@dataclass
class TouchFields:
    """What `log` and `edit-touch` can set; None means 'leave as it is' when editing."""

    at: datetime | None = None
    channel: str | None = None
    inbound: bool | None = None
    note: str | None = None
    rating: int | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class TouchRow:
    id: int
    at: datetime
    contacts: list[str]
    via: str
    direction: str
    rating: int | None
    minutes: int | None
    note: str | None


MAX_MINUTES = 7 * 24 * 60  # longer is a typo, and would overflow the database's integer

TOUCH_COLUMNS = ("id", "at", "contacts", "via", "direction", "rating", "minutes", "note")


def _check(fields: TouchFields, now: datetime) -> None:
    if fields.at is not None and fields.at > now:
        raise Refused(f"a touchpoint cannot be in the future ({fields.at.astimezone():%Y-%m-%d %H:%M}); use --next to plan one")
    if fields.rating is not None and not 1 <= fields.rating <= 5:
        raise InvalidInput(f"rating {fields.rating} is out of range (1 to 5)")
    if fields.minutes is not None and not 0 <= fields.minutes <= MAX_MINUTES:
        raise InvalidInput(f"minutes {fields.minutes} is out of range (0 to {MAX_MINUTES}, a week)")


def _apply(touch: Touchpoint, fields: TouchFields) -> None:
    if fields.at is not None:
        touch.at = fields.at
    if fields.channel is not None:
        touch.channel = vocab.channel(fields.channel)
    if fields.inbound is not None:
        touch.direction = "in" if fields.inbound else "out"
    if fields.note is not None:
        touch.note = fields.note.strip() or None
    if fields.rating is not None:
        touch.rating = fields.rating
    if fields.minutes is not None:
        touch.minutes = fields.minutes


def log_touch(
    session: Session, now: datetime, names: list[str], fields: TouchFields, next_followup: date | None = None
) -> tuple[Touchpoint, list[str]]:
    """One touchpoint shared by every named contact; `next_followup` sets their follow-up date."""
    contacts = find_contacts(session, names)
    touch = add_touchpoint(session, now, contacts, fields)
    if next_followup is not None:
        for contact in contacts:
            contact.followup_on, contact.followup_set_at = next_followup, now
            session.add(contact)
    return touch, [contact.name for contact in contacts]


def add_touchpoint(session: Session, now: datetime, contacts: list[Contact], fields: TouchFields) -> Touchpoint:
    """Store a checked touchpoint for contacts already found (log, import, demo)."""
    _check(fields, now)
    touch = Touchpoint(at=fields.at or now, created_at=now, channel="call", direction="out")
    _apply(touch, fields)
    session.add(touch)
    session.flush()
    for contact in contacts:
        session.add(TouchpointContact(touchpoint_id=touch.id, contact_id=contact.id))  # type: ignore[arg-type]
    return touch


def _rows(session: Session, touches: list[Touchpoint]) -> list[TouchRow]:
    people = queries.touch_contacts(session, [t.id for t in touches])  # type: ignore[misc]
    return [
        TouchRow(t.id, t.at, people.get(t.id, []), t.channel, t.direction, t.rating, t.minutes, t.note)  # type: ignore[arg-type]
        for t in touches
    ]


def list_touches(
    session: Session,
    name: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
    limit: int | None = None,
) -> list[TouchRow]:
    """The timeline, newest first."""
    query = select(Touchpoint)
    if name is not None:
        contact = find_contact(session, name)
        query = query.join(TouchpointContact).where(TouchpointContact.contact_id == contact.id)
    if since is not None:
        query = query.where(Touchpoint.at >= since)
    if until is not None:
        query = query.where(Touchpoint.at <= until)
    if channel is not None:
        query = query.where(Touchpoint.channel == vocab.channel(channel))
    query = query.order_by(Touchpoint.at.desc(), Touchpoint.id.desc())  # type: ignore[union-attr]
    if limit:
        query = query.limit(limit)
    return _rows(session, list(session.exec(query)))


def get_touch(session: Session, touch_id: int) -> Touchpoint:
    touch = session.get(Touchpoint, touch_id)
    if touch is None:
        raise NotFound(f"no touchpoint with id {touch_id} (see `reltrack touches` for ids)")
    return touch


def edit_touch(
    session: Session, now: datetime, touch_id: int, fields: TouchFields, add: list[str], remove: list[str]
) -> TouchRow:
    """Correct a touchpoint: its fields, and who was there."""
    _check(fields, now)
    touch = get_touch(session, touch_id)
    _apply(touch, fields)
    session.add(touch)
    linked = set(session.exec(select(TouchpointContact.contact_id).where(TouchpointContact.touchpoint_id == touch_id)))
    for contact in find_contacts(session, add):
        if contact.id not in linked:
            session.add(TouchpointContact(touchpoint_id=touch_id, contact_id=contact.id))  # type: ignore[arg-type]
            linked.add(contact.id)
    for contact in find_contacts(session, remove):
        if contact.id not in linked:
            raise NotFound(f"touchpoint {touch_id} is not with '{contact.name}'")
        session.delete(session.get_one(TouchpointContact, (touch_id, contact.id)))
        linked.discard(contact.id)
    if not linked:
        raise Refused(f"touchpoint {touch_id} would be left with no contact; delete it with `reltrack delete-touch {touch_id}`")
    session.flush()
    return _rows(session, [touch])[0]


def delete_touch(session: Session, touch_id: int) -> TouchRow:
    touch = get_touch(session, touch_id)
    row = _rows(session, [touch])[0]
    session.delete(touch)
    return row
