"""Touchpoints: record, list, correct and delete interactions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack import vocab
from reltrack.core.followups import check_followup_day
from reltrack.errors import InvalidInput, NotFound, Refused
from reltrack.store import contacts as stored_contacts
from reltrack.store import touches as stored


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
    author: str | None = None  # who logged it (config `user`); None: unknown


MAX_MINUTES = 7 * 24 * 60  # longer is a typo, and would overflow the database's integer

TOUCH_COLUMNS = ("id", "at", "contacts", "via", "direction", "rating", "minutes", "note")


def touch_day(at: datetime) -> date:
    """The day a touchpoint belongs to: the date of its time as given, in the offset it was given
    in (the local one when logged; the file's when imported). It is stored and never moves."""
    return at.date()


def check(fields: TouchFields, now: datetime) -> None:
    if fields.at is not None and fields.at > now:
        raise Refused(f"a touchpoint cannot be in the future ({fields.at.astimezone():%Y-%m-%d %H:%M}); use --next to plan one")
    if fields.rating is not None and not 1 <= fields.rating <= 5:
        raise InvalidInput(f"rating {fields.rating} is out of range (1 to 5)")
    if fields.minutes is not None and not 0 <= fields.minutes <= MAX_MINUTES:
        raise InvalidInput(f"minutes {fields.minutes} is out of range (0 to {MAX_MINUTES}, a week)")


def _changes(fields: TouchFields) -> dict[str, object]:
    """The columns `fields` sets, checked and cleaned."""
    values: dict[str, object] = {}
    if fields.at is not None:
        values["at"], values["day"] = fields.at, touch_day(fields.at)
    if fields.channel is not None:
        values["channel"] = vocab.channel(fields.channel)
    if fields.inbound is not None:
        values["direction"] = "in" if fields.inbound else "out"
    if fields.note is not None:
        values["note"] = fields.note.strip() or None
    if fields.rating is not None:
        values["rating"] = fields.rating
    if fields.minutes is not None:
        values["minutes"] = fields.minutes
    return values


def new_touch(now: datetime, contact_ids: Sequence[int], fields: TouchFields, author: str | None = None) -> stored.NewTouch:
    """A checked touchpoint, ready to store (log, import, demo)."""
    check(fields, now)
    values = {"at": now, "day": touch_day(now), "channel": "call", "direction": "out", "note": None, "rating": None, "minutes": None}
    values |= _changes(fields)
    return stored.NewTouch(created_at=now, contact_ids=tuple(dict.fromkeys(contact_ids)), author=author, **values)  # type: ignore[arg-type]


def log_touch(
    session: Session, now: datetime, contact_ids: Sequence[int], fields: TouchFields, next_followup: date | None = None,
    force: bool = False, author: str | None = None,
) -> int:
    """One touchpoint shared by every contact given; `next_followup` sets their follow-up date
    (one in the past only with `force`). Returns its id."""
    if next_followup is not None:
        check_followup_day(next_followup, now, force)
    [(touch_id, _)] = stored.add_touchpoints(session, [new_touch(now, contact_ids, fields, author)])
    if next_followup is not None:
        for contact_id in contact_ids:
            contact = stored_contacts.get(session, contact_id)
            contact.followup_on, contact.followup_set_at = next_followup, now
            session.add(contact)
    return touch_id


def _rows(rows: list[tuple]) -> list[TouchRow]:
    return [
        TouchRow(ident, at, people, channel, direction, rating, minutes, note, author)
        for ident, at, channel, direction, rating, minutes, note, author, people in rows
    ]


def list_touches(
    session: Session,
    contact_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
    limit: int | None = None,
) -> list[TouchRow]:
    """The timeline, newest first."""
    wanted = vocab.channel(channel) if channel is not None else None
    return _rows(stored.timeline(session, contact_id, since, until, wanted, limit))


def get_touch(session: Session, touch_id: int) -> TouchRow:
    rows = stored.timeline(session, touch_ids=[touch_id])
    if not rows:
        raise NotFound(f"no touchpoint with id {touch_id} (see `reltrack touches` for ids)")
    return _rows(rows)[0]


def edit_touch(
    session: Session, now: datetime, touch_id: int, fields: TouchFields, add: Sequence[int], remove: Sequence[int]
) -> TouchRow:
    """Correct a touchpoint: its fields, and who was there (contact ids to add and to take off)."""
    check(fields, now)
    get_touch(session, touch_id)
    stored.update_touchpoint(session, touch_id, _changes(fields))
    linked = set(stored.linked_contacts(session, touch_id))
    for contact_id in add:
        if contact_id not in linked:
            stored.link(session, touch_id, contact_id)
            linked.add(contact_id)
    for contact_id in remove:
        if contact_id not in linked:
            name = stored_contacts.get(session, contact_id).name
            raise NotFound(f"touchpoint {touch_id} is not with '{name}'")
        stored.unlink(session, touch_id, contact_id)
        linked.discard(contact_id)
    if not linked:
        raise Refused(f"touchpoint {touch_id} would be left with no contact; delete it with `reltrack delete-touch {touch_id}`")
    return get_touch(session, touch_id)


def delete_touch(session: Session, touch_id: int) -> TouchRow:
    row = get_touch(session, touch_id)
    stored.delete_touchpoint(session, touch_id)
    return row

