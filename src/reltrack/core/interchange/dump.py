"""`export all`: a complete, versioned JSON dump of every table, and its restore.

Restoring into an empty database gives back every row with its id, so promise and touchpoint
ids people wrote down stay valid. Restoring into a database that has data merges: a row that is
already there (same natural key) is skipped, a new one is added with a new id.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from reltrack.core.rules import names
from reltrack.core.contacts import same_contact, tag_by_name, tag_name
from reltrack.core.rules.dates import check_year
from reltrack.errors import InvalidInput
from reltrack.store import queries
from reltrack.store.db import SCHEMA_HEAD
from reltrack.store.models import (
    Contact,
    ContactTag,
    Feedback,
    Promise,
    Tag,
    Touchpoint,
    TouchpointContact,
)

DUMP_FORMAT = "reltrack-dump"
DUMP_VERSION = 1


def _instant(value: datetime | None) -> str | None:
    """Full precision, in UTC: a restore must give back exactly the stored instant."""
    return value.isoformat() if value is not None else None


def dump(session: Session, now: datetime) -> dict[str, Any]:
    tags_of: dict[int, list[str]] = defaultdict(list)
    tag_names = {tag.id: tag.name for tag in session.exec(select(Tag))}
    for link in session.exec(select(ContactTag)):
        tags_of[link.contact_id].append(tag_names[link.tag_id])
    people_of: dict[int, list[int]] = defaultdict(list)
    for link in session.exec(select(TouchpointContact).order_by(TouchpointContact.contact_id)):
        people_of[link.touchpoint_id].append(link.contact_id)
    return {
        "format": DUMP_FORMAT,
        "version": DUMP_VERSION,
        "schema": SCHEMA_HEAD,
        "exported_at": _instant(now),
        "tags": [{"name": t.name, "every": t.every} for t in session.exec(select(Tag).order_by(Tag.id))],
        "contacts": [
            {
                "id": c.id, "name": c.name, "kind": c.kind, "org": c.org, "email": c.email, "phone": c.phone,
                "every": c.every, "max": c.max_gap, "notes": c.notes, "tags": sorted(tags_of[c.id]),  # type: ignore[index]
                "created_at": _instant(c.created_at), "archived_at": _instant(c.archived_at),
                "snoozed_until": _instant(c.snoozed_until),
                "followup_on": c.followup_on.isoformat() if c.followup_on else None,
                "followup_set_at": _instant(c.followup_set_at),
            }  # fmt: skip
            for c in session.exec(select(Contact).order_by(Contact.id))
        ],
        "touchpoints": [
            {
                "id": t.id, "at": _instant(t.at), "contacts": people_of[t.id], "via": t.channel,  # type: ignore[index]
                "direction": t.direction, "note": t.note, "rating": t.rating, "minutes": t.minutes,
                "created_at": _instant(t.created_at),
            }  # fmt: skip
            for t in session.exec(select(Touchpoint).order_by(Touchpoint.id))
        ],
        "promises": [
            {
                "id": p.id, "contact": p.contact_id, "what": p.what, "owner": p.owner, "due": p.due_on.isoformat(),
                "status": p.status, "created_at": _instant(p.created_at), "resolved_at": _instant(p.resolved_at),
            }  # fmt: skip
            for p in session.exec(select(Promise).order_by(Promise.id))
        ],
        "feedback": [
            {
                "id": f.id, "contact": f.contact_id, "score": f.score, "at": _instant(f.at), "note": f.note,
                "created_at": _instant(f.created_at),
            }  # fmt: skip
            for f in session.exec(select(Feedback).order_by(Feedback.id))
        ],
    }


def is_dump(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == DUMP_FORMAT


class _Reader:
    """Typed access to one dumped record, with `where` in every error message."""

    def __init__(self, record: object, where: str) -> None:
        if not isinstance(record, dict):
            raise InvalidInput(f"{where}: expected an object")
        self.record, self.where = record, where

    def get(self, key: str, kind: type, required: bool = False) -> Any:
        value = self.record.get(key)
        if value is None:
            if required:
                raise InvalidInput(f"{self.where}: '{key}' is missing")
            return None
        if kind is datetime or kind is date:
            try:
                parsed = datetime.fromisoformat(value) if kind is datetime else date.fromisoformat(value)
            except (TypeError, ValueError):
                raise InvalidInput(f"{self.where}: '{key}' is not an ISO {kind.__name__}: {value!r}") from None
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                raise InvalidInput(f"{self.where}: '{key}' has no time zone: {value!r}")
            try:
                check_year(parsed, value)
            except InvalidInput as problem:
                raise InvalidInput(f"{self.where}: {problem}") from None
            return parsed
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(f"{self.where}: '{key}' is not a whole number: {value!r}")
        if kind is str and not isinstance(value, str):
            raise InvalidInput(f"{self.where}: '{key}' is not text: {value!r}")
        if kind is list and not isinstance(value, list):
            raise InvalidInput(f"{self.where}: '{key}' is not a list: {value!r}")
        return value


def _free_id(session: Session, model: type, wanted: int | None) -> int | None:
    """Keep the dumped id when it is free, so a restore into an empty database is exact."""
    return wanted if wanted is not None and session.get(model, wanted) is None else None


def restore(session: Session, data: dict, source: str, note: Any) -> None:
    """Merge a dump into the database. `note(action, table, description)` hears about each row."""
    from reltrack import vocab
    from reltrack.core.rules.dates import parse_duration

    version = data.get("version")
    if version != DUMP_VERSION:
        raise InvalidInput(f"{source}: dump version {version!r} is not one this reltrack reads ({DUMP_VERSION})")
    tables = {}
    for table in ("tags", "contacts", "touchpoints", "promises", "feedback"):
        rows = data.get(table, [])
        if not isinstance(rows, list):
            raise InvalidInput(f"{source}: '{table}' is not a list")
        tables[table] = rows

    tag_ids: dict[str, int] = {}
    for index, raw in enumerate(tables["tags"]):
        record = _Reader(raw, f"{source}: tags[{index}]")
        try:
            name = tag_name(record.get("name", str, required=True))
        except InvalidInput as problem:
            raise InvalidInput(f"{record.where}: {problem}") from None
        every = record.get("every", str)
        if every:
            every = str(parse_duration(every))
        tag = tag_by_name(session, name)
        if tag is None:
            tag = Tag(name=name, name_key=names.name_key(name), every=every)
            session.add(tag)
            session.flush()
            note("add", "tag", name)
        else:
            note("skip", "tag", name)
        tag_ids[tag.name_key] = tag.id  # type: ignore[assignment]

    contact_ids: dict[int, int] = {}  # dumped id -> id here
    for index, raw in enumerate(tables["contacts"]):
        record = _Reader(raw, f"{source}: contacts[{index}]")
        name = names.clean_name(record.get("name", str, required=True))
        email = record.get("email", str)
        existing = same_contact(session, name, [email] if email else [])
        dumped_id = record.get("id", int, required=True)
        if existing is not None:
            contact_ids[dumped_id] = existing.id  # type: ignore[assignment]
            note("skip", "contact", name)
            continue
        every, max_gap = record.get("every", str), record.get("max", str)
        contact = Contact(
            id=_free_id(session, Contact, dumped_id),
            name=name,
            name_key=names.name_key(name),
            kind=vocab.kind(record.get("kind", str) or "other"),
            org=record.get("org", str),
            email=record.get("email", str),
            phone=record.get("phone", str),
            every=str(parse_duration(every)) if every else None,
            max_gap=str(parse_duration(max_gap)) if max_gap else None,
            notes=record.get("notes", str),
            created_at=record.get("created_at", datetime, required=True),
            archived_at=record.get("archived_at", datetime),
            snoozed_until=record.get("snoozed_until", datetime),
            followup_on=record.get("followup_on", date),
            followup_set_at=record.get("followup_set_at", datetime),
        )
        session.add(contact)
        session.flush()
        contact_ids[dumped_id] = contact.id  # type: ignore[assignment]
        for tag in record.get("tags", list) or []:
            key = names.name_key(str(tag))
            if key not in tag_ids:
                raise InvalidInput(f"{source}: contacts[{index}]: tag '{tag}' is not in 'tags'")
            session.add(ContactTag(contact_id=contact.id, tag_id=tag_ids[key]))  # type: ignore[arg-type]
        note("add", "contact", name)

    def contact_of(record: _Reader, key: str = "contact") -> int:
        dumped = record.get(key, int, required=True)
        if dumped not in contact_ids:
            raise InvalidInput(f"{record.where}: contact {dumped} is not in 'contacts'")
        return contact_ids[dumped]

    for index, raw in enumerate(tables["touchpoints"]):
        record = _Reader(raw, f"{source}: touchpoints[{index}]")
        dumped_people = record.get("contacts", list, required=True)
        people = [contact_of(_Reader({"contact": person}, record.where)) for person in dumped_people]
        if not people:
            raise InvalidInput(f"{record.where}: a touchpoint needs at least one contact")
        at, channel = record.get("at", datetime, required=True), vocab.channel(record.get("via", str) or "call")
        if queries.touch_exists(session, people[0], at, channel):
            note("skip", "touchpoint", f"{channel} {at.isoformat()}")
            continue
        touch = Touchpoint(
            id=_free_id(session, Touchpoint, record.get("id", int)),
            at=at,
            channel=channel,
            direction=_one_of(record, "direction", ("out", "in"), "out"),
            note=record.get("note", str),
            rating=_in_range(record, "rating", 1, 5),
            minutes=_in_range(record, "minutes", 0, None),
            created_at=record.get("created_at", datetime) or at,
        )
        session.add(touch)
        session.flush()
        for person in dict.fromkeys(people):
            session.add(TouchpointContact(touchpoint_id=touch.id, contact_id=person))  # type: ignore[arg-type]
        note("add", "touchpoint", f"{channel} {at.isoformat()}")

    for index, raw in enumerate(tables["promises"]):
        record = _Reader(raw, f"{source}: promises[{index}]")
        contact_id, what = contact_of(record), record.get("what", str, required=True)
        due_on, owner = record.get("due", date, required=True), _one_of(record, "owner", ("mine", "theirs"), "mine")
        if queries.same_promise(session, contact_id, what, due_on, owner) is not None:
            note("skip", "promise", what)
            continue
        status = _one_of(record, "status", ("open", "kept", "broken", "cancelled"), "open")
        resolved_at = record.get("resolved_at", datetime)
        if status != "open" and resolved_at is None:
            raise InvalidInput(f"{record.where}: a {status} promise needs 'resolved_at'")
        session.add(
            Promise(
                id=_free_id(session, Promise, record.get("id", int)),
                contact_id=contact_id,
                what=what,
                owner=owner,
                due_on=due_on,
                status=status,
                created_at=record.get("created_at", datetime, required=True),
                resolved_at=resolved_at,
            )
        )
        session.flush()
        note("add", "promise", what)

    for index, raw in enumerate(tables["feedback"]):
        record = _Reader(raw, f"{source}: feedback[{index}]")
        contact_id, at = contact_of(record), record.get("at", datetime, required=True)
        score = _in_range(record, "score", 0, 10)
        if score is None:
            raise InvalidInput(f"{record.where}: 'score' is missing")
        if queries.feedback_exists(session, contact_id, at, score):
            note("skip", "feedback", f"{score}/10")
            continue
        session.add(
            Feedback(
                id=_free_id(session, Feedback, record.get("id", int)),
                contact_id=contact_id,
                score=score,
                at=at,
                note=record.get("note", str),
                created_at=record.get("created_at", datetime) or at,
            )
        )
        session.flush()
        note("add", "feedback", f"{score}/10")
    queries.advance_id_sequences(session)


def _one_of(record: _Reader, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = record.get(key, str) or default
    if value not in allowed:
        raise InvalidInput(f"{record.where}: '{key}' must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _in_range(record: _Reader, key: str, low: int, high: int | None) -> int | None:
    value = record.get(key, int)
    if value is not None and (value < low or (high is not None and value > high)):
        raise InvalidInput(f"{record.where}: '{key}' {value} is out of range")
    return value
