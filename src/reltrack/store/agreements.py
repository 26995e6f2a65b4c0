"""Agreements: lookups and listings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import Agreement, Contact

AGREEMENTS = Agreement.__table__
CONTACTS = Contact.__table__


def get(session: Session, agreement_id: int) -> Agreement | None:
    return session.get(Agreement, agreement_id)


def same_agreement(session: Session, contact_id: int, title: str, starts_on: date) -> Agreement | None:
    """The natural key of an agreement: its contact, title and start."""
    query = sa.select(Agreement).where(Agreement.contact_id == contact_id, Agreement.title == title, Agreement.starts_on == starts_on)
    return session.execute(query.limit(1)).scalar_one_or_none()


def with_names(session: Session, contact_id: int | None = None) -> list[tuple[Agreement, str]]:
    """(agreement, contact name), soonest end first, open-ended ones last."""
    query = sa.select(Agreement, CONTACTS.c.name).join(CONTACTS, CONTACTS.c.id == Agreement.contact_id)
    if contact_id is not None:
        query = query.where(Agreement.contact_id == contact_id)
    query = query.order_by(Agreement.ends_on.is_(None), Agreement.ends_on, Agreement.id)
    return [(agreement, name) for agreement, name in session.execute(query)]


def ending_from(session: Session, first: date) -> list[tuple]:
    """(contact id, agreement id, title, starts_on, ends_on, renew_notice) of the agreements of active
    contacts that end on `first` or later, soonest first."""
    query = (
        sa.select(
            AGREEMENTS.c.contact_id, AGREEMENTS.c.id, AGREEMENTS.c.title, AGREEMENTS.c.starts_on,
            AGREEMENTS.c.ends_on, AGREEMENTS.c.renew_notice,
        )  # fmt: skip
        .join(CONTACTS, CONTACTS.c.id == AGREEMENTS.c.contact_id)
        .where(AGREEMENTS.c.ends_on >= first, CONTACTS.c.archived_at.is_(None))
        .order_by(AGREEMENTS.c.ends_on, AGREEMENTS.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


def spans(session: Session, contact_ids: list[int]) -> list[tuple]:
    """(contact id, agreement id, starts_on, ends_on) of every agreement of these contacts."""
    query = sa.select(AGREEMENTS.c.contact_id, AGREEMENTS.c.id, AGREEMENTS.c.starts_on, AGREEMENTS.c.ends_on).where(
        AGREEMENTS.c.contact_id.in_(contact_ids)
    )
    return [tuple(row) for row in session.execute(query)]


def export_rows(session: Session) -> Iterator[tuple]:
    """(name, title, starts, ends, renew_notice, payment_terms, note) by end date."""
    query = (
        sa.select(
            CONTACTS.c.name, AGREEMENTS.c.title, AGREEMENTS.c.starts_on, AGREEMENTS.c.ends_on,
            AGREEMENTS.c.renew_notice, AGREEMENTS.c.payment_terms_days, AGREEMENTS.c.note,
        )  # fmt: skip
        .join(CONTACTS, CONTACTS.c.id == AGREEMENTS.c.contact_id)
        .order_by(AGREEMENTS.c.ends_on.is_(None), AGREEMENTS.c.ends_on, AGREEMENTS.c.id)
    )
    return (tuple(row) for row in session.execute(query))
