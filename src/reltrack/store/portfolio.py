"""The SQL behind the portfolio, risk and review reports: time spent per contact, who introduced
whom, the latest answers, promises settled and broken in a period. Grouped by the database;
the rules (default minutes, what a detractor is) come in as plain values from core/rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import summaries
from reltrack.store.models import Contact, Feedback, Promise, Touchpoint, TouchpointContact, contact_summary
from reltrack.store.sql import count_if
from reltrack.vocab import COUNTED_CHANNELS

CONTACTS = Contact.__table__
TOUCHES = Touchpoint.__table__
LINKS = TouchpointContact.__table__
FEEDBACK = Feedback.__table__
PROMISES = Promise.__table__


def portfolio_contacts(excluded_kinds: Sequence[str]) -> sa.Select:
    """The ids of the contacts a portfolio covers: active, and not of the excluded kinds."""
    return sa.select(CONTACTS.c.id).where(CONTACTS.c.archived_at.is_(None), CONTACTS.c.kind.not_in(list(excluded_kinds)))


def contact_rows(session: Session, excluded_kinds: Sequence[str]) -> dict[int, tuple]:
    """id -> (name, kind, org, introduced_by_id) of the contacts a portfolio covers."""
    query = sa.select(CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.kind, CONTACTS.c.org, CONTACTS.c.introduced_by_id).where(
        CONTACTS.c.id.in_(portfolio_contacts(excluded_kinds))
    )
    return {ident: (name, kind, org, introducer) for ident, name, kind, org, introducer in session.execute(query)}


def first_touch_days(session: Session) -> dict[int, date]:
    """contact id -> the day of their first counted touchpoint."""
    summaries.refresh_changed(session)
    query = sa.select(contact_summary.c.contact_id, contact_summary.c.first_day)
    return dict(tuple(row) for row in session.execute(query))  # type: ignore[arg-type]


def _in_days(first: date, last: date) -> sa.ColumnElement[bool]:
    # the index on the instant narrows the range (a day is never more than a day from its instant),
    # the stored day decides
    return sa.and_(
        TOUCHES.c.at >= datetime.combine(first, time()).astimezone() - timedelta(days=1),
        TOUCHES.c.at < datetime.combine(last, time()).astimezone() + timedelta(days=2),
        TOUCHES.c.day >= first,
        TOUCHES.c.day <= last,
        TOUCHES.c.channel.in_(COUNTED_CHANNELS),
    )


def _minutes(defaults: Mapping[str, int]) -> sa.ColumnElement[int]:
    guess = sa.case(*[(TOUCHES.c.channel == channel, minutes) for channel, minutes in defaults.items()], else_=0)
    return sa.func.coalesce(TOUCHES.c.minutes, guess)


def minutes_per_contact(session: Session, first: date, last: date, defaults: Mapping[str, int]) -> dict[int, int]:
    """contact id -> minutes of counted touchpoints on days first..last (a touchpoint's own minutes,
    else its channel's default): the whole touchpoint for each contact who was there."""
    query = (
        sa.select(LINKS.c.contact_id, sa.func.sum(_minutes(defaults)))
        .join(TOUCHES, TOUCHES.c.id == LINKS.c.touchpoint_id)
        .where(_in_days(first, last))
        .group_by(LINKS.c.contact_id)
    )
    return {contact_id: int(minutes or 0) for contact_id, minutes in session.execute(query)}


def total_minutes(session: Session, first: date, last: date, defaults: Mapping[str, int], contacts: sa.Select) -> int:
    """Minutes of the counted touchpoints on days first..last with any of `contacts`, each touchpoint once."""
    linked = sa.select(LINKS.c.touchpoint_id).where(LINKS.c.contact_id.in_(contacts))
    query = sa.select(sa.func.sum(_minutes(defaults))).where(_in_days(first, last), TOUCHES.c.id.in_(linked))
    return int(session.execute(query).scalar() or 0)


def latest_scores(session: Session, since: datetime, until: datetime) -> dict[int, int]:
    """contact id -> their latest feedback score with a time in [since, until]."""
    newest_first = sa.func.row_number().over(partition_by=FEEDBACK.c.contact_id, order_by=(FEEDBACK.c.at.desc(), FEEDBACK.c.id.desc()))
    ranked = (
        sa.select(FEEDBACK.c.contact_id, FEEDBACK.c.score, newest_first.label("rank"))
        .where(FEEDBACK.c.at >= since, FEEDBACK.c.at <= until)
        .subquery()
    )
    query = sa.select(ranked.c.contact_id, ranked.c.score).where(ranked.c.rank == 1)
    return dict(tuple(row) for row in session.execute(query))  # type: ignore[arg-type]


def answers_up_to(session: Session, since: datetime, until: datetime, highest: int, after: bool = False) -> list[tuple]:
    """(contact id, score, at, note) of the answers scoring `highest` or less in [since, until]
    (`after`: strictly after `since`), oldest first."""
    start = FEEDBACK.c.at > since if after else FEEDBACK.c.at >= since
    query = (
        sa.select(FEEDBACK.c.contact_id, FEEDBACK.c.score, FEEDBACK.c.at, FEEDBACK.c.note)
        .where(start, FEEDBACK.c.at <= until, FEEDBACK.c.score <= highest)
        .order_by(FEEDBACK.c.at, FEEDBACK.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


def their_settled_promises(session: Session, first: date, last: date, kinds: Sequence[str]) -> list[tuple]:
    """(contact id, kept on time, kept late, broken) of the promises made to me by contacts of these
    kinds and settled on days first..last; cancelled ones do not count."""
    kept = PROMISES.c.status == "kept"
    query = (
        sa.select(
            PROMISES.c.contact_id,
            count_if(sa.and_(kept, PROMISES.c.resolved_on <= PROMISES.c.due_on)),
            count_if(sa.and_(kept, PROMISES.c.resolved_on > PROMISES.c.due_on)),
            count_if(PROMISES.c.status == "broken"),
        )
        .join(CONTACTS, CONTACTS.c.id == PROMISES.c.contact_id)
        .where(
            PROMISES.c.owner == "theirs",
            PROMISES.c.status.in_(("kept", "broken")),
            PROMISES.c.resolved_on >= first,
            PROMISES.c.resolved_on <= last,
            CONTACTS.c.kind.in_(list(kinds)),
            CONTACTS.c.archived_at.is_(None),
        )
        .group_by(PROMISES.c.contact_id)
    )
    return [tuple(row) for row in session.execute(query)]


def broken_between(session: Session, since: datetime, until: datetime) -> list[tuple]:
    """(contact id, promise id, what, owner, due_on) of promises marked broken in (since, until]."""
    query = (
        sa.select(PROMISES.c.contact_id, PROMISES.c.id, PROMISES.c.what, PROMISES.c.owner, PROMISES.c.due_on)
        .where(PROMISES.c.status == "broken", PROMISES.c.resolved_at > since, PROMISES.c.resolved_at <= until)
        .order_by(PROMISES.c.resolved_at, PROMISES.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


def introductions(session: Session) -> list[tuple[int, int]]:
    """(introducer id, introduced id) of every introduction recorded."""
    query = sa.select(CONTACTS.c.introduced_by_id, CONTACTS.c.id).where(CONTACTS.c.introduced_by_id.is_not(None))
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def introducer_of(session: Session, contact_id: int) -> int | None:
    return session.execute(sa.select(CONTACTS.c.introduced_by_id).where(CONTACTS.c.id == contact_id)).scalar_one_or_none()


def introduced_by(session: Session, contact_id: int) -> list[int]:
    """The contacts this one introduced, in alphabetical order."""
    query = sa.select(CONTACTS.c.id).where(CONTACTS.c.introduced_by_id == contact_id).order_by(CONTACTS.c.name_fold, CONTACTS.c.name_key)
    return list(session.execute(query).scalars())


def with_org(session: Session) -> list[tuple[int, str]]:
    """(id, org) of the active contacts with an organisation, in alphabetical order of their names."""
    query = (
        sa.select(CONTACTS.c.id, CONTACTS.c.org)
        .where(CONTACTS.c.org.is_not(None), CONTACTS.c.archived_at.is_(None))
        .order_by(CONTACTS.c.name_fold, CONTACTS.c.name_key)
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]
