"""Setting a contact's follow-up state: an explicit follow-up date, a snooze."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack.errors import Refused
from reltrack.store import contacts as stored
from reltrack.store.models import Contact


def set_followup(session: Session, now: datetime, contact_id: int, day: date | None) -> Contact:
    """An explicit follow-up date; it holds until a touchpoint after this moment. None clears it."""
    contact = stored.get(session, contact_id)
    contact.followup_on = day
    contact.followup_set_at = now if day else None
    session.add(contact)
    return contact


def snooze(session: Session, now: datetime, contact_id: int, until: datetime | None) -> Contact:
    """Hide a contact from `due` until `until`; None wakes it now."""
    if until is not None and until <= now:
        raise Refused(f"cannot snooze until {until.astimezone():%Y-%m-%d}: that is not in the future")
    contact = stored.get(session, contact_id)
    contact.snoozed_until = until
    session.add(contact)
    return contact
