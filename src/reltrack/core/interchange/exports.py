"""What `reltrack export` writes: the import formats' rows, vCards, a calendar of what is due.

The csv/json columns here are exactly the columns `reltrack import` reads (docs/interchange.md),
so an export imported into an empty database gives the same data back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from reltrack.config import Config
from reltrack.core.rules.dates import local_date
from reltrack.store import queries
from reltrack.store.models import Contact, Feedback, Promise, Touchpoint

CONTACT_FIELDS = ("name", "org", "kind", "email", "phone", "tags", "every", "max", "notes")
TOUCH_FIELDS = ("name", "at", "via", "direction", "note", "rating", "minutes")
PROMISE_FIELDS = ("name", "what", "owner", "due", "status", "resolved")
FEEDBACK_FIELDS = ("name", "at", "score", "note")
FIELDS = {"contacts": CONTACT_FIELDS, "touches": TOUCH_FIELDS, "promises": PROMISE_FIELDS, "feedback": FEEDBACK_FIELDS}


def contact_rows(session: Session) -> list[dict]:
    tags = queries.tags_by_contact(session)
    return [
        {
            "name": c.name, "org": c.org, "kind": c.kind, "email": c.email, "phone": c.phone,
            "tags": [name for name, _ in tags.get(c.id, [])],  # type: ignore[arg-type]
            "every": c.every, "max": c.max_gap, "notes": c.notes,
        }  # fmt: skip
        for c in session.exec(select(Contact).order_by(Contact.name_key))
    ]


def touch_rows(session: Session) -> list[dict]:
    touches = list(session.exec(select(Touchpoint).order_by(Touchpoint.at, Touchpoint.id)))
    people = queries.touch_contacts(session, [t.id for t in touches])  # type: ignore[misc]
    return [
        {
            "name": people.get(t.id, []), "at": t.at, "via": t.channel, "direction": t.direction,  # type: ignore[arg-type]
            "note": t.note, "rating": t.rating, "minutes": t.minutes,
        }  # fmt: skip
        for t in touches
    ]


def promise_rows(session: Session) -> list[dict]:
    query = select(Promise, Contact.name).join(Contact, Contact.id == Promise.contact_id).order_by(Promise.due_on, Promise.id)
    return [
        {"name": name, "what": p.what, "owner": p.owner, "due": p.due_on, "status": p.status, "resolved": p.resolved_at}
        for p, name in session.exec(query)
    ]


def feedback_rows(session: Session) -> list[dict]:
    query = select(Feedback, Contact.name).join(Contact, Contact.id == Feedback.contact_id).order_by(Feedback.at, Feedback.id)
    return [{"name": name, "at": f.at, "score": f.score, "note": f.note} for f, name in session.exec(query)]


ROWS = {"contacts": contact_rows, "touches": touch_rows, "promises": promise_rows, "feedback": feedback_rows}


def vcards(session: Session) -> str:
    from reltrack.core.interchange.vcard import CardContact, write_vcards

    return write_vcards(
        CardContact(
            name=row["name"],
            org=row["org"],
            emails=[row["email"]] if row["email"] else [],
            phones=[row["phone"]] if row["phone"] else [],
            tags=row["tags"],
            notes=row["notes"],
        )
        for row in contact_rows(session)
    )


def due_calendar(session: Session, config: Config, now: datetime, within_days: int) -> str:
    """Follow-ups and promise deadlines as all-day events, each with a UID that stays the same
    from one export to the next, so a calendar subscribed to the file updates instead of duplicating."""
    from reltrack.core.reports.due import due
    from reltrack.core.interchange.ical import CalendarItem, write_ics

    today = local_date(now)
    items = []
    for row in due(session, config, now, within_days):
        uid = f"promise-{row.promise_id}@reltrack" if row.promise_id else f"contact-{row.contact_id}@reltrack"
        # what is already late goes on today, where it will be seen
        day = max(row.due_on + (timedelta(days=1) if row.reason == "chase" else timedelta()), today)
        items.append(CalendarItem(uid, day, f"{row.contact}: {row.detail}", f"reltrack due: {row.reason}, {row.status} (due {row.due_on})"))
    return write_ics(items, now)
