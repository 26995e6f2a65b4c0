"""Deals: lookups, listings and the exact sums the reports need (store/money.py sums amounts)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store.models import Contact, Deal
from reltrack.store.money import money_sum

DEALS = Deal.__table__
CONTACTS = Contact.__table__
BATCH = {"yield_per": 2000}
# a deal's date: when it was won or lost, else when it was opened
DEAL_DATE = sa.func.coalesce(DEALS.c.closed_at, DEALS.c.opened_at)


def get(session: Session, deal_id: int) -> Deal | None:
    return session.get(Deal, deal_id)


def same_deal(session: Session, contact_id: int, title: str, opened_at: datetime) -> Deal | None:
    """The natural key of a deal: its contact, title and the moment it was opened."""
    query = sa.select(Deal).where(Deal.contact_id == contact_id, Deal.title == title, Deal.opened_at == opened_at)
    return session.execute(query.limit(1)).scalar_one_or_none()


def name_of(session: Session, contact_id: int) -> str:
    return session.execute(sa.select(CONTACTS.c.name).where(CONTACTS.c.id == contact_id)).scalar_one()


def with_names(
    session: Session,
    contact_id: int | None = None,
    stage: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[tuple[Deal, str]]:
    """(deal, contact name), oldest first by the deal's date, filtered in SQL."""
    query = sa.select(Deal, CONTACTS.c.name).join(CONTACTS, CONTACTS.c.id == Deal.contact_id)
    if contact_id is not None:
        query = query.where(Deal.contact_id == contact_id)
    if stage is not None:
        query = query.where(Deal.stage == stage)
    date_column = sa.func.coalesce(Deal.closed_at, Deal.opened_at)
    if since is not None:
        query = query.where(date_column >= since)
    if until is not None:
        query = query.where(date_column <= until)
    query = query.order_by(date_column, Deal.id)
    return ((deal, name) for deal, name in session.execute(query))


def stage_totals(
    session: Session, contact_id: int | None = None, stage: str | None = None, since: datetime | None = None, until: datetime | None = None
) -> list[tuple]:
    """(currency, stage, deals, value, cost) over the deals `with_names` lists, summed exactly."""
    query = sa.select(DEALS.c.currency, DEALS.c.stage, sa.func.count(), money_sum(DEALS.c.value), money_sum(DEALS.c.cost))
    if contact_id is not None:
        query = query.where(DEALS.c.contact_id == contact_id)
    if stage is not None:
        query = query.where(DEALS.c.stage == stage)
    if since is not None:
        query = query.where(DEAL_DATE >= since)
    if until is not None:
        query = query.where(DEAL_DATE <= until)
    query = query.group_by(DEALS.c.currency, DEALS.c.stage).order_by(DEALS.c.currency, DEALS.c.stage)
    return [tuple(row) for row in session.execute(query)]


def won_totals(session: Session, first: date, last: date, contact_ids: list[int] | None = None) -> list[tuple]:
    """(contact id, currency, won value, cost, won deals) for deals won on days first..last."""
    query = (
        sa.select(DEALS.c.contact_id, DEALS.c.currency, money_sum(DEALS.c.value), money_sum(DEALS.c.cost), sa.func.count())
        .where(DEALS.c.stage == "won", DEALS.c.closed_on >= first, DEALS.c.closed_on <= last)
        .group_by(DEALS.c.contact_id, DEALS.c.currency)
        .order_by(DEALS.c.contact_id, DEALS.c.currency)
    )
    if contact_ids is not None:
        query = query.where(DEALS.c.contact_id.in_(contact_ids))
    return [tuple(row) for row in session.execute(query)]


def won_ever(session: Session, contact_ids: list[int]) -> list[tuple]:
    """(contact id, currency, won value, won deals) of every deal these contacts ever won."""
    query = (
        sa.select(DEALS.c.contact_id, DEALS.c.currency, money_sum(DEALS.c.value), sa.func.count())
        .where(DEALS.c.stage == "won", DEALS.c.contact_id.in_(contact_ids))
        .group_by(DEALS.c.contact_id, DEALS.c.currency)
        .order_by(DEALS.c.contact_id, DEALS.c.currency)
    )
    return [tuple(row) for row in session.execute(query)]


def won_days(session: Session, last: date) -> dict[int, tuple[date, date]]:
    """contact id -> (first, last) day a deal of theirs was won, up to the day `last`."""
    query = (
        sa.select(DEALS.c.contact_id, sa.func.min(DEALS.c.closed_on), sa.func.max(DEALS.c.closed_on))
        .where(DEALS.c.stage == "won", DEALS.c.closed_on <= last)
        .group_by(DEALS.c.contact_id)
    )
    return {contact_id: (first, latest) for contact_id, first, latest in session.execute(query)}


def closed_between(session: Session, since: datetime, until: datetime) -> list[tuple]:
    """(contact id, deal id, title, stage, value, currency, closed_on) of deals won or lost in (since, until]."""
    query = (
        sa.select(DEALS.c.contact_id, DEALS.c.id, DEALS.c.title, DEALS.c.stage, DEALS.c.value, DEALS.c.currency, DEALS.c.closed_on)
        .where(DEALS.c.closed_at > since, DEALS.c.closed_at <= until)
        .order_by(DEALS.c.closed_at, DEALS.c.id)
    )
    return [tuple(row) for row in session.execute(query)]


def export_rows(session: Session) -> Iterator[tuple]:
    """(name, title, stage, value, cost, currency, opened, closed, note) in date order."""
    query = (
        sa.select(
            CONTACTS.c.name, DEALS.c.title, DEALS.c.stage, DEALS.c.value, DEALS.c.cost, DEALS.c.currency,
            DEALS.c.opened_at, DEALS.c.closed_at, DEALS.c.note,
        )  # fmt: skip
        .join(CONTACTS, CONTACTS.c.id == DEALS.c.contact_id)
        .order_by(DEAL_DATE, DEALS.c.id)
        .execution_options(**BATCH)
    )
    return (tuple(row) for row in session.execute(query))
