"""Read views of contacts: the `list` rows and the `show` page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from reltrack.config import Config
from reltrack.core import cadence
from reltrack.core.contacts import find_contact, find_tag
from reltrack.core.followups import contact_states
from reltrack.core.touches import TouchRow, list_touches
from reltrack.core.vocab import kind as valid_kind
from reltrack.errors import InvalidInput
from reltrack.store import queries

SORTS = ("name", "last", "due")


@dataclass(frozen=True)
class ContactRow:
    name: str
    kind: str
    org: str | None
    email: str | None
    phone: str | None
    tags: list[str]
    cadence: str | None
    last_contact: datetime | None
    due_on: date | None
    archived: bool


CONTACT_COLUMNS = ("name", "kind", "org", "email", "phone", "tags", "cadence", "last_contact", "due_on", "archived")


def list_contacts(
    session: Session,
    config: Config,
    as_of: datetime,
    kind: str | None = None,
    tag: str | None = None,
    archived: bool = False,
    sort: str = "name",
) -> list[ContactRow]:
    """Active contacts (or, with `archived`, the archived ones), filtered and sorted."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort '{sort}' (choose from {', '.join(SORTS)})")
    tag_id = find_tag(session, tag).id if tag else None
    wanted_kind = valid_kind(kind) if kind else None
    states = contact_states(session, config, as_of, include_archived=True)
    tags = queries.tags_by_contact(session)
    with_tag = set(queries.contacts_with_tag(session, tag_id)) if tag_id is not None else None
    rows = []
    for contact, state in states:
        if (contact.archived_at is not None) != archived:
            continue
        if wanted_kind and contact.kind != wanted_kind or with_tag is not None and contact.id not in with_tag:
            continue
        upcoming = cadence.next_due(state, as_of)
        rows.append(
            ContactRow(
                name=contact.name,
                kind=contact.kind,
                org=contact.org,
                email=contact.email,
                phone=contact.phone,
                tags=[name for name, _ in tags.get(contact.id, [])],  # type: ignore[arg-type]
                cadence=str(state.rhythm.every) if state.rhythm.every else None,
                last_contact=state.last_contact,
                due_on=upcoming.due_on if upcoming else None,
                archived=contact.archived_at is not None,
            )
        )
    if sort == "last":  # the longest-neglected first; never contacted at the very top
        rows.sort(key=lambda r: (r.last_contact is not None, r.last_contact or as_of))
    elif sort == "due":
        rows.sort(key=lambda r: (r.due_on is None, r.due_on or date.max))
    return rows


@dataclass(frozen=True)
class ContactDetail:
    fields: list[tuple[str, object]]
    recent: list[TouchRow]


def contact_detail(session: Session, config: Config, as_of: datetime, query: str) -> ContactDetail:
    contact = find_contact(session, query)
    [(_, state)] = contact_states(session, config, as_of, include_archived=True, contact_ids=[contact.id])
    upcoming = cadence.next_due(state, as_of)
    tags = [name for name, _ in queries.tags_by_contact(session, [contact.id]).get(contact.id, [])]  # type: ignore[list-item]
    rhythm = state.rhythm
    fields: list[tuple[str, object]] = [
        ("name", contact.name),
        ("kind", contact.kind),
        ("org", contact.org),
        ("email", contact.email),
        ("phone", contact.phone),
        ("tags", tags),
        ("cadence", f"{rhythm.every} (from {rhythm.source})" if rhythm.every else None),
        ("max_gap", str(rhythm.max_gap) if rhythm.max_gap else None),
        ("last_contact", state.last_contact),
        ("next_due", upcoming.due_on if upcoming else None),
        ("due_reason", upcoming.reason if upcoming else None),
        ("followup_on", contact.followup_on if cadence.followup_active(state, as_of) else None),
        ("snoozed_until", contact.snoozed_until if contact.snoozed_until and contact.snoozed_until > as_of else None),
        ("added", contact.created_at),
        ("archived", contact.archived_at),
        ("notes", contact.notes),
    ]
    return ContactDetail(fields, list_touches(session, contact.name, limit=10))
