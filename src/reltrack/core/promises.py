"""Promises with deadlines, in both directions, and NPS-style feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack.core.rules.dates import local_date
from reltrack.errors import InvalidInput, NotFound, Refused
from reltrack.store import contacts as stored_contacts
from reltrack.store import promises as stored
from reltrack.store.models import Feedback, Promise
from reltrack.vocab import SETTLED_STATUSES


@dataclass(frozen=True)
class PromiseRow:
    id: int
    contact: str
    owner: str  # mine: I promised them; theirs: they promised me
    what: str
    due_on: date
    status: str  # open, kept, broken, cancelled
    outcome: str  # open, late (open past its date), kept, kept late, broken, cancelled
    resolved_on: date | None
    author: str | None = None  # who recorded it (config `user`); None: unknown


PROMISE_COLUMNS = ("id", "contact", "owner", "what", "due_on", "status", "outcome", "resolved_on")


def outcome(status: str, due_on: date, resolved_on: date | None, today: date) -> str:
    if status == "kept":
        return "kept late" if resolved_on and resolved_on > due_on else "kept"
    if status == "open":
        return "late" if due_on < today else "open"
    return status


def settled_day(moment: datetime) -> date:
    """The day a promise was settled on, where it was recorded: fixed with the record, so kept on
    time never turns into kept late when the laptop changes time zone."""
    return moment.date()


def _row(promise: Promise, contact_name: str, today: date) -> PromiseRow:
    resolved_on = promise.resolved_on if promise.resolved_at else None
    return PromiseRow(
        promise.id,  # type: ignore[arg-type]
        contact_name,
        promise.owner,
        promise.what,
        promise.due_on,
        promise.status,
        outcome(promise.status, promise.due_on, resolved_on, today),
        resolved_on,
        promise.author,
    )


def add_promise(
    session: Session, now: datetime, contact_id: int, what: str, due_on: date, mine: bool, author: str | None = None
) -> PromiseRow:
    text = " ".join(what.split())
    if not text:
        raise InvalidInput("say what was promised")
    contact = stored_contacts.get(session, contact_id)
    promise = Promise(
        contact_id=contact.id,  # type: ignore[arg-type]
        what=text,
        owner="mine" if mine else "theirs",
        due_on=due_on,
        created_at=now,
        author=author,
    )
    session.add(promise)
    session.flush()
    return _row(promise, contact.name, local_date(now))


def list_promises(
    session: Session, now: datetime, contact_id: int | None = None, only_open: bool = True, author: str | None = None
) -> list[PromiseRow]:
    """Open promises (or all), soonest deadline first; `author`: only those this user recorded."""
    today = local_date(now)
    found = stored.with_names(session, contact_id, only_open, author)
    return [_row(promise, contact_name, today) for promise, contact_name in found]


def _stored(session: Session, promise_id: int) -> Promise:
    promise = stored.get(session, promise_id)
    if promise is None:
        raise NotFound(f"no promise with id {promise_id} (see `reltrack promises --all` for ids)")
    return promise


def _row_of(session: Session, promise: Promise, now: datetime) -> PromiseRow:
    return _row(promise, stored_contacts.get(session, promise.contact_id).name, local_date(now))


def get_promise(session: Session, now: datetime, promise_id: int) -> PromiseRow:
    return _row_of(session, _stored(session, promise_id), now)


def resolve_promise(
    session: Session, now: datetime, promise_id: int, status: str, at: datetime | None = None, force: bool = False
) -> PromiseRow:
    """Mark an open promise kept (on time or late, by the day it was kept), broken or cancelled.
    A settled outcome is history: changing it takes `force`, so a second `kept` never rewrites the first."""
    if status not in SETTLED_STATUSES:
        raise InvalidInput(f"unknown promise status '{status}'")
    moment = at or now
    if moment > now:
        raise Refused("a promise cannot be kept in the future")
    promise = _stored(session, promise_id)
    if promise.status != "open" and not force:
        settled_on = promise.resolved_on.isoformat() if promise.resolved_on else "an unknown day"
        raise Refused(
            f"promise {promise_id} is already {promise.status} on {settled_on} "
            f"(--force changes it; `reltrack reopen {promise_id}` opens it again)"
        )
    promise.status, promise.resolved_at, promise.resolved_on = status, moment, settled_day(moment)
    session.add(promise)
    return _row_of(session, promise, now)


def reopen_promise(session: Session, now: datetime, promise_id: int) -> PromiseRow:
    """Settled by mistake: open again, with no outcome."""
    promise = _stored(session, promise_id)
    if promise.status == "open":
        raise Refused(f"promise {promise_id} is open already")
    promise.status, promise.resolved_at, promise.resolved_on = "open", None, None
    session.add(promise)
    return _row_of(session, promise, now)


def edit_promise(session: Session, now: datetime, promise_id: int, what: str | None, due_on: date | None) -> PromiseRow:
    """Correct what was promised or its deadline; a settled promise is then judged by the new deadline."""
    if what is None and due_on is None:
        raise InvalidInput("nothing to change: give --what or --due")
    promise = _stored(session, promise_id)
    if what is not None:
        text = " ".join(what.split())
        if not text:
            raise InvalidInput("say what was promised")
        promise.what = text
    if due_on is not None:
        promise.due_on = due_on
    session.add(promise)
    return _row_of(session, promise, now)


def delete_promise(session: Session, now: datetime, promise_id: int) -> PromiseRow:
    row = get_promise(session, now, promise_id)
    stored.delete(session, promise_id)
    return row


def check_feedback(now: datetime, score: int, at: datetime | None) -> datetime:
    if not 0 <= score <= 10:
        raise InvalidInput(f"score {score} is out of range (0 to 10)")
    moment = at or now
    if moment > now:
        raise Refused("feedback cannot come from the future")
    return moment


def add_feedback(
    session: Session, now: datetime, contact_id: int, score: int, at: datetime | None, note: str | None, author: str | None = None
) -> Feedback:
    moment = check_feedback(now, score, at)
    answer = Feedback(contact_id=contact_id, score=score, at=moment, note=(note or "").strip() or None, created_at=now, author=author)
    session.add(answer)
    return answer


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    contact: str
    score: int
    at: datetime
    note: str | None


FEEDBACK_COLUMNS = ("id", "contact", "score", "at", "note")


def list_feedback(session: Session, contact_id: int | None = None) -> list[FeedbackRow]:
    """Feedback answers (of one contact, or everyone's), newest first."""
    return [FeedbackRow(*row) for row in stored.feedback_with_names(session, contact_id)]


def get_feedback(session: Session, feedback_id: int) -> FeedbackRow:
    found = stored.feedback_with_names(session, feedback_id=feedback_id)
    if not found:
        raise NotFound(f"no feedback with id {feedback_id} (see `reltrack feedbacks` for ids)")
    return FeedbackRow(*found[0])


def delete_feedback(session: Session, feedback_id: int) -> FeedbackRow:
    row = get_feedback(session, feedback_id)
    stored.delete_feedback(session, feedback_id)
    return row
