"""What `reltrack export` writes: the import formats' rows, vCards, a calendar of what is due.

The csv/json columns here are exactly the columns `reltrack import` reads (docs/interchange.md),
so an export imported into an empty database gives the same data back. Rows are read from a
cursor as they are written: memory does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.rules.dates import local_date
from reltrack.store import exports as stored


class ContactExport(NamedTuple):
    name: str
    org: str | None
    kind: str
    email: str | None
    phone: str | None
    tags: list[str]
    every: str | None
    max: str | None
    notes: str | None
    title: str | None
    department: str | None
    birthday: str | None
    url: str | None
    address: str | None
    followup: date | None
    snoozed: datetime | None
    uid: str


class TouchExport(NamedTuple):
    name: list[str]  # everyone who was there
    at: str  # local ISO time, as every export writes times (store/touches.py makes it)
    via: str
    direction: str
    note: str | None
    rating: int | None
    minutes: int | None
    uid: str


class PromiseExport(NamedTuple):
    name: str
    what: str
    owner: str
    due: date
    status: str
    resolved: datetime | None
    resolved_on: date | None  # the day it was settled where it was recorded: on time or late by this day
    uid: str


class FeedbackExport(NamedTuple):
    name: str
    at: datetime
    score: int
    note: str | None
    uid: str


class DealExport(NamedTuple):
    name: str
    title: str
    stage: str
    value: Decimal  # exact decimal text in csv and json ("1250.50")
    cost: Decimal | None
    currency: str
    opened: datetime
    closed: datetime | None
    note: str | None


class AgreementExport(NamedTuple):
    name: str
    title: str
    starts: date
    ends: date | None
    renew_notice: str | None
    payment_terms: int | None
    note: str | None


FIELDS = {
    "contacts": ContactExport._fields,
    "touches": TouchExport._fields,
    "promises": PromiseExport._fields,
    "feedback": FeedbackExport._fields,
    "deals": DealExport._fields,
    "agreements": AgreementExport._fields,
}
# written as they are: numbers, and words of a vocabulary (never mistaken for a formula)
PLAIN = {"rating", "minutes", "score", "value", "cost", "payment_terms", "via", "direction", "kind", "owner", "status", "stage"}


def contact_rows(session: Session) -> Iterator[ContactExport]:
    width = len(ContactExport._fields)
    return (ContactExport._make(row[:width]) for row in stored.contacts(session))


def touch_rows(session: Session) -> Iterator[tuple]:
    return stored.touches(session)  # plain tuples in TouchExport's order: millions, not each made a named tuple


def promise_rows(session: Session) -> Iterator[PromiseExport]:
    return map(PromiseExport._make, stored.promises(session))


def feedback_rows(session: Session) -> Iterator[FeedbackExport]:
    return map(FeedbackExport._make, stored.feedback(session))


def deal_rows(session: Session) -> Iterator[DealExport]:
    from reltrack.core.rules.money import exact
    from reltrack.store import deals as stored_deals

    for name, title, stage, value, cost, currency, opened, closed, note in stored_deals.export_rows(session):
        yield DealExport(name, title, stage, exact(value, currency), None if cost is None else exact(cost, currency), currency, opened, closed, note)


def agreement_rows(session: Session) -> Iterator[AgreementExport]:
    from reltrack.store import agreements as stored_agreements

    return (AgreementExport(*row) for row in stored_agreements.export_rows(session))


ROWS = {
    "contacts": contact_rows, "touches": touch_rows, "promises": promise_rows, "feedback": feedback_rows,
    "deals": deal_rows, "agreements": agreement_rows,
}  # fmt: skip


def cards(session: Session) -> Iterator:  # type: ignore[type-arg]
    """Every contact as a vcard.CardContact, by name."""
    from reltrack.core.interchange.vcard import CardContact

    width = len(ContactExport._fields)
    for values in stored.contacts(session):
        row, (rev, extra) = ContactExport._make(values[:width]), values[width:]
        yield CardContact(
            name=row.name, org=row.org, emails=[row.email] if row.email else [], phones=[row.phone] if row.phone else [],
            tags=row.tags, notes=row.notes, uid=row.uid, rev=rev, title=row.title, department=row.department,
            birthday=row.birthday, url=row.url, address=row.address, extra=extra,
        )  # fmt: skip


def vcards(session: Session) -> str:
    from reltrack.core.interchange.vcard import write_vcards

    return write_vcards(cards(session))


CANCELLED_FOR_DAYS = 14  # how long a settled promise or a contact just met stays in the feed, cancelled


def due_calendar(session: Session, config: Config, now: datetime, within_days: int) -> str:
    """Follow-ups, promise deadlines and renewals as all-day events, each with a UID that stays the same
    from one export to the next and from one database to another (the stored uids), so a calendar
    subscribed to the file updates instead of duplicating.

    What stopped being due lately is written as a cancelled event for CANCELLED_FOR_DAYS: a promise
    settled, a contact met. Calendars that import the file (rather than subscribe to it) then drop it
    too. Reltrack keeps no record of what each calendar was sent, so "lately" is a span of days."""
    from reltrack.core.interchange.ical import CalendarItem, write_ics
    from reltrack.core.reports.due import due

    today = local_date(now)
    rows = due(session, config, now, within_days)
    contact_uids, promise_uids = stored.calendar_uids(session, sorted({row.contact_id for row in rows}), sorted({row.promise_id for row in rows if row.promise_id}))
    items = []
    for row in rows:
        if row.agreement_id:
            uid = f"agreement-{row.agreement_id}-{contact_uids[row.contact_id]}@reltrack"
        else:
            uid = f"{promise_uids[row.promise_id] if row.promise_id else contact_uids[row.contact_id]}@reltrack"
        # what is already late goes on today, where it will be seen
        day = max(row.due_on + (timedelta(days=1) if row.reason == "chase" else timedelta()), today)
        items.append(CalendarItem(uid, day, f"{row.contact}: {row.detail}", f"reltrack due: {row.reason}, {row.status} (due {row.due_on})"))
    listed = {item.uid for item in items}
    since = now - timedelta(days=CANCELLED_FOR_DAYS)
    for uid, name, what, due_on, status in stored.settled_since(session, since):
        if f"{uid}@reltrack" not in listed:
            items.append(CalendarItem(f"{uid}@reltrack", max(due_on, today), f"{name}: {what}", f"reltrack: {status}", status="CANCELLED"))
    for uid, name in stored.touched_since(session, since):
        if f"{uid}@reltrack" not in listed:
            items.append(CalendarItem(f"{uid}@reltrack", today, f"{name}: in touch", "reltrack: no longer due", status="CANCELLED"))
    return write_ics(items, now)
