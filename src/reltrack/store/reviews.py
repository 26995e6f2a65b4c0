"""Reviews marked done: when the last one was."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import Review


def last(session: Session, before: datetime | None = None) -> Review | None:
    """The latest review marked done (at or before `before`, when given)."""
    query = sa.select(Review)
    if before is not None:
        query = query.where(Review.at <= before)
    return session.execute(query.order_by(Review.at.desc(), Review.id.desc()).limit(1)).scalar_one_or_none()


def add(session: Session, at: datetime, covered_from: datetime) -> Review:
    review = Review(at=at, covered_from=covered_from)
    session.add(review)
    session.flush()
    return review


def at(session: Session, moment: datetime) -> Review | None:
    return session.execute(sa.select(Review).where(Review.at == moment).limit(1)).scalar_one_or_none()
