"""Deals: the work offered to and sold to contacts, from lead to won or lost, in exact money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack import vocab
from reltrack.core.rules import money
from reltrack.core.rules.dates import local_date
from reltrack.errors import InvalidInput, NotFound, Refused
from reltrack.store import contacts as stored_contacts
from reltrack.store import deals as stored
from reltrack.store.models import Deal

MAX_TITLE = 200


@dataclass(frozen=True)
class DealRow:
    id: int
    contact: str
    title: str
    stage: str  # lead, proposal, won, lost
    value: Decimal
    cost: Decimal | None
    profit: Decimal | None  # value - cost, for won deals only
    currency: str
    opened_on: date
    closed_on: date | None  # the day it was won or lost
    note: str | None


DEAL_COLUMNS = ("id", "contact", "title", "stage", "value", "cost", "profit", "currency", "opened_on", "closed_on", "note")
MONEY_COLUMNS = ("value", "cost", "profit")


@dataclass
class DealFields:
    """What `deal` and `edit-deal` can set; None means 'leave as it is' when editing."""

    title: str | None = None
    value: Decimal | None = None
    cost: Decimal | None = None
    clear_cost: bool = False
    currency: str | None = None
    stage: str | None = None
    at: datetime | None = None  # when it was won or lost when closed, else when it was opened
    note: str | None = None
    contact_id: int | None = None  # edit: move the deal to another contact


@dataclass(frozen=True)
class DealTotals:
    """The deals of a listing, per currency."""

    currency: str
    open_deals: int
    open_value: Decimal
    won_deals: int
    won_value: Decimal
    cost: Decimal
    profit: Decimal
    lost_deals: int
    lost_value: Decimal


TOTAL_COLUMNS = ("currency", "open_deals", "open_value", "won_deals", "won_value", "cost", "profit", "lost_deals", "lost_value")


def profit_of(stage: str, value: Decimal, cost: Decimal | None) -> Decimal | None:
    return value - (cost or money.ZERO) if stage == "won" else None


def _row(deal: Deal, contact_name: str) -> DealRow:
    currency = deal.currency
    value = money.exact(deal.value, currency)
    cost = None if deal.cost is None else money.exact(deal.cost, currency)
    return DealRow(
        deal.id,  # type: ignore[arg-type]
        contact_name,
        deal.title,
        deal.stage,
        value,
        cost,
        profit_of(deal.stage, value, cost),
        currency,
        local_date(deal.opened_at),
        deal.closed_on,
        deal.note,
    )


def _title(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput("a deal needs a title (what the work is)")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(f"a deal title is at most {MAX_TITLE} characters")
    return cleaned


def closed_day(moment: datetime) -> date:
    """The day a deal was won or lost on, where it was recorded: fixed with the record, so the
    period it counts in never moves when the laptop changes time zone."""
    return moment.date()


def _close(deal: Deal, stage: str, moment: datetime, now: datetime) -> None:
    if moment > now:
        raise Refused(f"a deal cannot be {stage} in the future ({moment.astimezone():%Y-%m-%d %H:%M})")
    deal.stage, deal.closed_at, deal.closed_on = stage, moment, closed_day(moment)
    if moment < deal.opened_at:  # won before it was recorded as opened: it was opened by then
        deal.opened_at = moment


def _open(deal: Deal, stage: str, moment: datetime | None, now: datetime) -> None:
    if moment is not None:
        if moment > now:
            raise Refused(f"a deal cannot be opened in the future ({moment.astimezone():%Y-%m-%d %H:%M})")
        deal.opened_at = moment
    deal.stage, deal.closed_at, deal.closed_on = stage, None, None


def get_deal(session: Session, deal_id: int) -> Deal:
    deal = stored.get(session, deal_id)
    if deal is None:
        raise NotFound(f"no deal with id {deal_id} (see `reltrack deals` for ids)")
    return deal


def deal_row(session: Session, deal_id: int) -> DealRow:
    deal = get_deal(session, deal_id)
    return _row(deal, stored.name_of(session, deal.contact_id))


def new_deal(now: datetime, contact_id: int, fields: DealFields, default_currency: str) -> Deal:
    """A checked deal, not yet stored: a lead unless a stage is given; `at` is when it was opened,
    or won or lost for a deal recorded as closed."""
    currency = vocab.currency(fields.currency) if fields.currency else default_currency
    if fields.value is None:
        raise InvalidInput("a deal needs a value (--value 1200)")
    deal = Deal(
        contact_id=contact_id,
        title=_title(fields.title or ""),
        value=money.checked(fields.value, currency, what="a value"),
        cost=None if fields.cost is None else money.checked(fields.cost, currency, what="a cost"),
        currency=currency,
        opened_at=now,
        note=(fields.note or "").strip() or None,
        created_at=now,
    )
    stage = vocab.deal_stage(fields.stage or "lead")
    if stage in vocab.CLOSED_DEAL_STAGES:
        _close(deal, stage, fields.at or now, now)
    else:
        _open(deal, stage, fields.at, now)
    return deal


def add_deal(session: Session, now: datetime, contact_id: int, fields: DealFields, default_currency: str) -> DealRow:
    contact = stored_contacts.get(session, contact_id)
    deal = new_deal(now, contact.id, fields, default_currency)  # type: ignore[arg-type]
    session.add(deal)
    session.flush()
    return _row(deal, contact.name)


def close_deal(session: Session, now: datetime, deal_id: int, stage: str, at: datetime | None = None, value: Decimal | None = None) -> DealRow:
    """Mark a deal won (with its final value, when it changed) or lost."""
    deal = get_deal(session, deal_id)
    if stage not in vocab.CLOSED_DEAL_STAGES:
        raise InvalidInput(f"a deal is closed as won or lost, not '{stage}'")
    if value is not None:
        deal.value = money.checked(value, deal.currency, what="a value")
    _close(deal, stage, at or now, now)
    session.add(deal)
    session.flush()
    return _row(deal, stored.name_of(session, deal.contact_id))


def edit_deal(session: Session, now: datetime, deal_id: int, fields: DealFields) -> DealRow:
    deal = get_deal(session, deal_id)
    if fields.contact_id is not None:
        deal.contact_id = stored_contacts.get(session, fields.contact_id).id  # type: ignore[assignment]
    if fields.title is not None:
        deal.title = _title(fields.title)
    if fields.currency is not None:
        deal.currency = vocab.currency(fields.currency)
    if fields.value is not None:
        deal.value = fields.value
    if fields.clear_cost:
        deal.cost = None
    elif fields.cost is not None:
        deal.cost = fields.cost
    # checked against the currency they end up in
    deal.value = money.checked(deal.value, deal.currency, what="a value")
    if deal.cost is not None:
        deal.cost = money.checked(deal.cost, deal.currency, what="a cost")
    if fields.note is not None:
        deal.note = fields.note.strip() or None
    stage = vocab.deal_stage(fields.stage) if fields.stage is not None else deal.stage
    if stage in vocab.CLOSED_DEAL_STAGES:
        if fields.at is not None or deal.stage != stage or deal.closed_at is None:
            _close(deal, stage, fields.at or deal.closed_at or now, now)
    else:
        _open(deal, stage, fields.at, now)
    session.add(deal)
    session.flush()
    return _row(deal, stored.name_of(session, deal.contact_id))


def delete_deal(session: Session, deal_id: int) -> DealRow:
    row = deal_row(session, deal_id)
    session.delete(get_deal(session, deal_id))
    session.flush()
    return row


def list_deals(
    session: Session,
    contact_id: int | None = None,
    stage: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DealRow]:
    """Deals, oldest first by their date (won or lost, else opened)."""
    stage = vocab.deal_stage(stage) if stage else None
    return [_row(deal, name) for deal, name in stored.with_names(session, contact_id, stage, since, until)]


def deal_totals(
    session: Session,
    contact_id: int | None = None,
    stage: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DealTotals]:
    """What `list_deals` lists, summed per currency: open (leads and proposals), won with its cost and profit, lost."""
    stage = vocab.deal_stage(stage) if stage else None
    sums: dict[str, dict[str, tuple[int, Decimal, Decimal]]] = {}
    for currency, deal_stage, count, value, cost in stored.stage_totals(session, contact_id, stage, since, until):
        sums.setdefault(currency, {})[deal_stage] = (count, value or money.ZERO, cost or money.ZERO)
    totals = []
    for currency, stages in sorted(sums.items()):
        none = (0, money.ZERO, money.ZERO)
        lead, proposal, won, lost = (stages.get(name, none) for name in vocab.DEAL_STAGES)

        def exact(amount: Decimal, currency: str = currency) -> Decimal:
            return money.exact(amount, currency)

        totals.append(
            DealTotals(
                currency,
                lead[0] + proposal[0],
                exact(lead[1] + proposal[1]),
                won[0],
                exact(won[1]),
                exact(won[2]),
                exact(won[1] - won[2]),
                lost[0],
                exact(lost[1]),
            )
        )
    return totals
