"""The `list` view of contacts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.contacts import selection
from reltrack.core.rules import cadence
from reltrack.core.state import contact_states
from reltrack.errors import InvalidInput
from reltrack.store import contacts as stored

SORTS = ("name", "last", "due")


class ContactRow(NamedTuple):
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
) -> Iterator[ContactRow] | list[ContactRow]:
    """Active contacts (or, with `archived`, the archived ones), filtered and sorted; in name order
    they come one at a time, as the database reads them."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort '{sort}' (choose from {', '.join(SORTS)})")
    kind, tag_id = selection(session, kind, tag)
    tags = stored.tags_of(session)
    states = contact_states(session, config, as_of, archived_only=archived, kind=kind, tag_id=tag_id, tags=tags)
    rows = (_row(stored_row, state, tags, as_of, archived) for stored_row, state in states)
    if sort == "last":  # the longest-neglected first; never contacted at the very top
        return sorted(rows, key=lambda r: (r.last_contact is not None, r.last_contact or as_of))
    if sort == "due":
        return sorted(rows, key=lambda r: (r.due_on is None, r.due_on or date.max))
    return rows


def _row(stored_row, state: cadence.ContactState, tags: dict, as_of: datetime, archived: bool) -> ContactRow:  # type: ignore[no-untyped-def]
    upcoming = cadence.next_due(state, as_of)
    every = state.rhythm.every
    return ContactRow(
        state.name,
        state.kind,
        stored_row.org,
        stored_row.email,
        stored_row.phone,
        [name for name, _ in tags.get(state.contact_id, ())],
        str(every) if every else None,
        state.last_contact,
        upcoming.due_on if upcoming else None,
        archived,  # the listing is of the archived contacts, or of the others
    )
