"""Each contact's follow-up state (last contact, cadence, follow-up, snooze), and the commands that set it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session, select

from reltrack.config import Config
from reltrack.core.rules import cadence
from reltrack import vocab
from reltrack.core.contacts import find_contact
from reltrack.core.rules.dates import parse_duration
from reltrack.core.rules.names import fold
from reltrack.errors import Refused
from reltrack.store import queries
from reltrack.store.models import Contact


def contact_states(
    session: Session,
    config: Config,
    as_of: datetime,
    *,
    include_archived: bool = False,
    contact_ids: Iterable[int] | None = None,
) -> list[tuple[Contact, cadence.ContactState]]:
    """Each contact with the plain state the cadence rules work on, as of `as_of`."""
    # no filter on created_at: a contact added today may have back-dated history
    query = select(Contact)
    if not include_archived:
        query = query.where(Contact.archived_at.is_(None))  # type: ignore[union-attr]
    if contact_ids is not None:
        query = query.where(Contact.id.in_(list(contact_ids)))  # type: ignore[union-attr]
    # alphabetical as people read it: Łukasz among the Ls, Ólafur among the Os
    contacts = sorted(session.exec(query), key=lambda contact: (fold(contact.name), contact.name_key))
    last = queries.last_contacts(session, vocab.COUNTED_CHANNELS, as_of)
    tags = queries.tags_by_contact(session, [c.id for c in contacts] if contact_ids is not None else None)
    states = []
    for contact in contacts:
        tag_cadences = {name: parse_duration(every) for name, every in tags.get(contact.id, []) if every}
        rhythm = cadence.rhythm_for(
            parse_duration(contact.every) if contact.every else None,
            parse_duration(contact.max_gap) if contact.max_gap else None,
            tag_cadences,
            config.cadence_by_kind.get(contact.kind),
            config.max_factor,
        )
        state = cadence.ContactState(
            contact_id=contact.id,  # type: ignore[arg-type]
            name=contact.name,
            kind=contact.kind,
            created_at=contact.created_at,
            last_contact=last.get(contact.id),  # type: ignore[arg-type]
            rhythm=rhythm,
            followup_on=contact.followup_on,
            followup_set_at=contact.followup_set_at,
            snoozed_until=contact.snoozed_until,
        )
        states.append((contact, state))
    return states


def set_followup(session: Session, now: datetime, query: str, day: date | None) -> Contact:
    """An explicit follow-up date; it holds until a touchpoint after this moment. None clears it."""
    contact = find_contact(session, query)
    contact.followup_on = day
    contact.followup_set_at = now if day else None
    session.add(contact)
    return contact


def snooze(session: Session, now: datetime, query: str, until: datetime | None) -> Contact:
    """Hide a contact from `due` until `until`; None wakes it now."""
    if until is not None and until <= now:
        raise Refused(f"cannot snooze until {until.astimezone():%Y-%m-%d}: that is not in the future")
    contact = find_contact(session, query)
    contact.snoozed_until = until
    session.add(contact)
    return contact
