"""The `list` view of contacts, and the kind/tag filter other reports share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from reltrack.config import Config
from reltrack.core.rules import cadence
from reltrack.core.rules.cadence import ContactState
from reltrack.core.contacts import find_tag
from reltrack.core.followups import contact_states
from reltrack.vocab import kind as valid_kind
from reltrack.errors import InvalidInput
from reltrack.store import queries
from reltrack.store.models import Contact

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
    states = [
        (contact, state)
        for contact, state in contact_states(session, config, as_of, include_archived=True)
        if (contact.archived_at is not None) == archived
    ]
    tags = queries.tags_by_contact(session)
    rows = []
    for contact, state in filter_contacts(session, states, kind, tag):
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


def filter_contacts(
    session: Session, states: list[tuple[Contact, ContactState]], kind: str | None, tag: str | None
) -> list[tuple[Contact, ContactState]]:
    """Only the contacts of `kind` and carrying `tag`, when given."""
    wanted_kind = valid_kind(kind) if kind else None
    with_tag = set(queries.contacts_with_tag(session, find_tag(session, tag).id)) if tag else None  # type: ignore[arg-type]
    return [
        (contact, state)
        for contact, state in states
        if (wanted_kind is None or contact.kind == wanted_kind) and (with_tag is None or contact.id in with_tag)
    ]
