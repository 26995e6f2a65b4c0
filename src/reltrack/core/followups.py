"""Setting a contact's follow-up state: an explicit follow-up date, a snooze."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack.core.rules.dates import local_date
from reltrack.errors import Refused
from reltrack.store import contacts as stored
from reltrack.store.models import Contact


def check_followup_day(day: date, now: datetime, force: bool = False) -> None:
    """A follow-up date is a plan: one in the past is a typo (`2 weeks ago` for `in 2 weeks`), as for snooze."""
    if day < local_date(now) and not force:
        raise Refused(f"cannot follow up on {day.isoformat()}: that is in the past (--force sets it anyway)")


def set_followup(session: Session, now: datetime, contact_id: int, day: date | None, force: bool = False) -> Contact:
    """An explicit follow-up date; it holds until a touchpoint after this moment. None clears it."""
    if day is not None:
        check_followup_day(day, now, force)
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
