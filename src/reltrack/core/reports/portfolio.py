"""The relationship portfolio: per contact (or group), what each relationship brought over a period
(won value, cost, profit, referrals, hours), how it stands (status, satisfaction, NPS, trust), and a
summary beside the same figures for the period before (docs/portfolio.md is the specification).

The store sums the deals, minutes and answers per contact in SQL; the pure rules in
core/rules/portfolio.py turn the sums into statuses, rates and shares. Money is exact throughout
and never summed across currencies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.reports.quiet import quiet_of
from reltrack.core.reports.trust import Scored, score_contacts
from reltrack.core.rules import cadence, money
from reltrack.core.rules import portfolio as rules
from reltrack.core.rules.dates import Duration, local_date, local_midnight
from reltrack.core.rules.scoring import MIN_DAYS_FOR_RHYTHM, QuietState
from reltrack.core.state import contact_states
from reltrack.errors import InvalidInput
from reltrack.store import contacts as stored_contacts
from reltrack.store import deals as stored_deals
from reltrack.store import portfolio as stored
from reltrack.vocab import PERSONAL_KINDS

GROUPINGS = ("kind", "tag", "org")
NO_ORG, NO_TAG = "(no org)", "(no tag)"
DEFAULT_PERIOD = Duration(months=12)


@dataclass(frozen=True)
class Relationship:
    """One contact's standing as of a moment."""

    state: cadence.ContactState
    started_on: date | None
    status: str | None  # None: not begun by then
    quiet: QuietState | None
    overdue: bool


def relationships(session: Session, config: Config, moment: datetime, contact_ids: Collection[int]) -> dict[int, Relationship]:
    """The standing of each of these contacts as of `moment` (docs/portfolio.md, status)."""
    today = local_date(moment)
    first_touch = stored.first_touch_days(session)
    won = stored_deals.won_days(session, today)
    standing = {}
    for _, state in contact_states(session, config, moment):
        if state.contact_id not in contact_ids:
            continue
        touched = first_touch.get(state.contact_id)
        first_won, last_won = won.get(state.contact_id, (None, None))
        started = min((day for day in (touched if touched and touched <= today else None, first_won) if day), default=None)
        last_active = max((day for day in (state.last_day, last_won) if day), default=None)
        if state.contact_days >= MIN_DAYS_FOR_RHYTHM and state.median_gap is not None:
            interval: float | None = state.median_gap
        else:
            interval = cadence.cadence_days_on(state, today)
        due = cadence.assess(state, moment)
        quiet = None if cadence.snoozed(state, moment) else quiet_of(state, moment, config.scoring)
        facts = rules.Standing(started, last_active, interval, due is not None and due.status == "overdue", quiet is not None)
        standing[state.contact_id] = Relationship(
            state, started, rules.status(facts, today, config.scoring.quiet_factor), quiet, facts.overdue
        )
    return standing


def held(standing: dict[int, Relationship]) -> set[int]:
    return {contact_id for contact_id, relation in standing.items() if relation.status in rules.HELD}


@dataclass(frozen=True)
class Contact:
    name: str
    kind: str
    org: str | None
    introduced_by: int | None


@dataclass
class Period:
    """One period's sums for the portfolio's contacts, and their standing at its start and end."""

    first: date
    last: date
    start: dict[int, Relationship]
    end: dict[int, Relationship]
    won: dict[int, dict[str, tuple[Decimal, Decimal, int]]]  # contact -> currency -> (value, cost, deals)
    minutes: dict[int, int]
    total_minutes: int  # each touchpoint once
    scores: dict[int, int]  # each contact's latest answer in the period
    trust: dict[int, Scored]  # as of the period's end
    referrals: dict[int, list[int]] = field(default_factory=dict)  # introducer -> introductions that began in the period

    def won_in(self, contact_id: int, currency: str) -> tuple[Decimal, Decimal, int]:
        return self.won.get(contact_id, {}).get(currency, (money.ZERO, money.ZERO, 0))

    def currencies(self) -> set[str]:
        return {currency for per_contact in self.won.values() for currency in per_contact}


def period_bounds(as_of: datetime, period: Duration) -> tuple[date, date]:
    """The days a period ending at `as_of` covers: the `period` up to and including as_of's day."""
    last = local_date(as_of)
    return period.before(last) + timedelta(days=1), last


def end_of_day_before(day: date) -> datetime:
    """The last second before `day` begins: the moment a period starting on `day` starts from."""
    return local_midnight(day) - timedelta(seconds=1)


def gather(
    session: Session,
    config: Config,
    contacts: dict[int, Contact],
    first: date,
    end: datetime,
    start_standing: dict[int, Relationship] | None = None,
    end_standing: dict[int, Relationship] | None = None,
) -> Period:
    """Everything the portfolio needs about the days first..end's day, for these contacts."""
    last = local_date(end)
    ids = set(contacts)
    start_standing = start_standing if start_standing is not None else relationships(session, config, end_of_day_before(first), ids)
    end_standing = end_standing if end_standing is not None else relationships(session, config, end, ids)
    won: dict[int, dict[str, tuple[Decimal, Decimal, int]]] = defaultdict(dict)
    for contact_id, currency, value, cost, deals in stored_deals.won_totals(session, first, last):
        if contact_id in ids:
            won[contact_id][currency] = (money.exact(value, currency), money.exact(cost or money.ZERO, currency), deals)
    minutes = stored.minutes_per_contact(session, first, last, rules.DEFAULT_MINUTES)
    total = stored.total_minutes(session, first, last, rules.DEFAULT_MINUTES, stored.portfolio_contacts(PERSONAL_KINDS))
    scores = stored.latest_scores(session, local_midnight(first), end)
    states = [relation.state for relation in end_standing.values()]
    trust = {state.contact_id: scored for state, scored in score_contacts(session, config, end, states)}
    referrals: dict[int, list[int]] = defaultdict(list)
    for introducer, introduced in stored.introductions(session):
        relation = end_standing.get(introduced)
        if relation is not None and relation.started_on is not None and first <= relation.started_on <= last:
            referrals[introducer].append(introduced)
    return Period(first, last, start_standing, end_standing, dict(won), minutes, total, scores, trust, dict(referrals))


# -- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    contact: str  # the contact, or the group's name with --by
    kind: str | None
    org: str | None
    status: str | None  # new, active, at-risk, lapsed; for a group, how many of each
    tenure_days: int | None  # since the relationship began; for a group, the mean
    won_value: Decimal
    cost: Decimal
    profit: Decimal
    currency: str
    won_deals: int
    referrals: int  # introductions whose relationship began in the period
    referred_value: Decimal  # won in the period by the contacts they introduced
    hours: float
    value_per_hour: Decimal | None
    satisfaction: float | None  # trust's satisfaction component, 0-100, when there is any evidence
    nps: float | None  # the latest answer (0-10) in the period; for a group, its NPS (-100 to 100)
    trust: float | None


PORTFOLIO_COLUMNS = (
    "contact", "kind", "org", "status", "tenure_days", "won_value", "cost", "profit", "currency", "won_deals",
    "referrals", "referred_value", "hours", "value_per_hour", "satisfaction", "nps", "trust",
)  # fmt: skip
MONEY_COLUMNS = ("won_value", "cost", "profit", "referred_value", "value_per_hour")


def _satisfaction(scored: Scored | None) -> float | None:
    if scored is None:
        return None
    part = scored.score.components["satisfaction"]
    return round(part.score, 1) if part.evidence else None


@dataclass(frozen=True)
class _Line:
    """One contact's figures in one currency, before they become a row."""

    contact_id: int
    currency: str
    won_value: Decimal
    cost: Decimal
    won_deals: int
    referred_value: Decimal


def _lines(period: Period, contacts: dict[int, Contact], currencies: Iterable[str] | None, report_currency: str) -> Iterator[_Line]:
    introduced: dict[int, list[int]] = defaultdict(list)
    for contact_id, contact in contacts.items():
        if contact.introduced_by is not None:
            introduced[contact.introduced_by].append(contact_id)
    for contact_id, relation in period.end.items():
        if relation.status is None:
            continue
        own = set(period.won.get(contact_id, {}))
        brought = {currency for other in introduced[contact_id] for currency in period.won.get(other, {})}
        shown = sorted(set(currencies) if currencies is not None else (own | brought) or {report_currency})
        for currency in shown:
            value, cost, deals = period.won_in(contact_id, currency)
            referred = money.total(period.won_in(other, currency)[0] for other in introduced[contact_id])
            yield _Line(contact_id, currency, money.exact(value, currency), money.exact(cost, currency), deals, money.exact(referred, currency))


def _contact_row(line: _Line, period: Period, contacts: dict[int, Contact]) -> PortfolioRow:
    contact, relation = contacts[line.contact_id], period.end[line.contact_id]
    minutes = period.minutes.get(line.contact_id, 0)
    scored = period.trust.get(line.contact_id)
    score = period.scores.get(line.contact_id)
    return PortfolioRow(
        contact=contact.name,
        kind=contact.kind,
        org=contact.org,
        status=relation.status,
        tenure_days=(period.last - relation.started_on).days if relation.started_on else None,
        won_value=line.won_value,
        cost=line.cost,
        profit=line.won_value - line.cost,
        currency=line.currency,
        won_deals=line.won_deals,
        referrals=len(period.referrals.get(line.contact_id, [])),
        referred_value=line.referred_value,
        hours=rules.hours(minutes),
        value_per_hour=rules.value_per_hour(line.won_value, minutes, line.currency),
        satisfaction=_satisfaction(scored),
        nps=None if score is None else float(score),
        trust=None if scored is None else round(scored.score.trust, 1),
    )


def _group_row(name: str, by: str, lines: list[_Line], period: Period, contacts: dict[int, Contact]) -> PortfolioRow:
    currency = lines[0].currency
    members = [line.contact_id for line in lines]
    minutes = sum(period.minutes.get(member, 0) for member in members)
    won_value = money.exact(money.total(line.won_value for line in lines), currency)
    cost = money.exact(money.total(line.cost for line in lines), currency)
    tenures = [(period.last - period.end[m].started_on).days for m in members if period.end[m].started_on]  # type: ignore[operator]
    mean_tenure = rules.mean(tenures)
    return PortfolioRow(
        contact=name,
        kind=name if by == "kind" else None,
        org=None if by != "org" or name == NO_ORG else name,
        status=rules.status_counts([period.end[member].status for member in members]),
        tenure_days=None if mean_tenure is None else round(mean_tenure),
        won_value=won_value,
        cost=cost,
        profit=won_value - cost,
        currency=currency,
        won_deals=sum(line.won_deals for line in lines),
        referrals=sum(len(period.referrals.get(member, [])) for member in members),
        referred_value=money.exact(money.total(line.referred_value for line in lines), currency),
        hours=rules.hours(minutes),
        value_per_hour=rules.value_per_hour(won_value, minutes, currency),
        satisfaction=rules.mean(_satisfaction(period.trust.get(member)) for member in members),
        nps=rules.nps(period.scores[member] for member in members if member in period.scores),
        trust=rules.mean(round(period.trust[m].score.trust, 1) for m in members if m in period.trust),
    )


# -- the summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One summary figure for this period and the one before; `currency` for money figures."""

    figure: str
    currency: str | None
    value: object
    previous: object


FIGURE_COLUMNS = ("figure", "currency", "value", "previous")
# in the order the summary lists them: figures that concern every relationship, then per currency
FIGURES = (
    "relationships_start", "relationships_end", "new_relationships", "retention_rate", "clients", "repeat_clients",
    "repeat_rate", "referrals", "nps", "satisfaction", "hours",
)  # fmt: skip
CURRENCY_FIGURES = (
    "won_value", "cost", "profit", "won_deals", "referred_value", "value_per_hour", "top_client_share", "top3_share", "hhi",
)  # fmt: skip


def _figures(period: Period, contacts: dict[int, Contact], currencies: Iterable[str]) -> dict[tuple[str, str | None], object]:
    kept = rules.retention(held(period.start), held(period.end))
    begun = [contact_id for contact_id, relation in period.end.items() if relation.status is not None]
    repeat = rules.repeat_rate(sum(deals for _, _, deals in period.won.get(contact_id, {}).values()) for contact_id in begun)
    introduced = {contact_id for contact_id, contact in contacts.items() if contact.introduced_by is not None}
    values: dict[tuple[str, str | None], object] = {
        ("relationships_start", None): kept.at_start,
        ("relationships_end", None): kept.at_end,
        ("new_relationships", None): kept.new,
        ("retention_rate", None): kept.rate,
        ("clients", None): repeat.clients,
        ("repeat_clients", None): repeat.repeat_clients,
        ("repeat_rate", None): repeat.rate,
        ("referrals", None): sum(len(found) for found in period.referrals.values()),
        ("nps", None): rules.nps(period.scores[contact_id] for contact_id in begun if contact_id in period.scores),
        ("satisfaction", None): rules.mean(_satisfaction(period.trust.get(contact_id)) for contact_id in begun),
        ("hours", None): rules.hours(period.total_minutes),
    }
    for currency in currencies:
        won = {contact_id: period.won_in(contact_id, currency) for contact_id in begun}
        won_value = money.exact(money.total(value for value, _, _ in won.values()), currency)
        cost = money.exact(money.total(cost for _, cost, _ in won.values()), currency)
        spread = rules.concentration(value for value, _, _ in won.values())
        values |= {
            ("won_value", currency): won_value,
            ("cost", currency): cost,
            ("profit", currency): won_value - cost,
            ("won_deals", currency): sum(deals for _, _, deals in won.values()),
            ("referred_value", currency): money.exact(money.total(won[c][0] for c in introduced if c in won), currency),
            ("value_per_hour", currency): rules.value_per_hour(won_value, period.total_minutes, currency),
            ("top_client_share", currency): spread.top_share if spread else None,
            ("top3_share", currency): spread.top3_share if spread else None,
            ("hhi", currency): spread.hhi if spread else None,
        }
    return values


# -- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Portfolio:
    as_of: datetime
    period: Duration
    first: date
    last: date
    previous_first: date
    previous_last: date
    rows: list[PortfolioRow]
    summary: list[Figure]
    currencies: list[str]  # those the summary covers
    other_currencies: list[str]  # won in the period but left out by --currency

    @property
    def empty(self) -> bool:
        return not self.rows


def portfolio_contacts(session: Session) -> dict[int, Contact]:
    return {ident: Contact(*values) for ident, values in stored.contact_rows(session, PERSONAL_KINDS).items()}


def _groups(session: Session, by: str, lines: list[_Line], contacts: dict[int, Contact]) -> dict[tuple[str, str], list[_Line]]:
    tags = stored_contacts.tags_of(session, [line.contact_id for line in lines]) if by == "tag" else {}
    groups: dict[tuple[str, str], list[_Line]] = defaultdict(list)
    for line in lines:
        contact = contacts[line.contact_id]
        if by == "kind":
            names = [contact.kind]
        elif by == "org":
            names = [" ".join(contact.org.split()) if contact.org else NO_ORG]
        else:
            names = [tag for tag, _ in tags.get(line.contact_id, [])] or [NO_TAG]
        for name in names:
            groups[(line.currency, name)].append(line)
    return groups


def portfolio_report(
    session: Session,
    config: Config,
    as_of: datetime,
    period: Duration = DEFAULT_PERIOD,
    by: str | None = None,
    currency: str | None = None,
) -> Portfolio:
    """One row per contact and currency (or per group and currency, `by` kind, tag or org), and the summary."""
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"invalid value for --by: '{by}' (choose from {', '.join(GROUPINGS)})")
    contacts = portfolio_contacts(session)
    first, last = period_bounds(as_of, period)
    previous_first = period.before(first - timedelta(days=1)) + timedelta(days=1)
    turn = end_of_day_before(first)  # the end of the previous period and the start of this one
    middle = relationships(session, config, turn, set(contacts))
    now = gather(session, config, contacts, first, as_of, start_standing=middle)
    before = gather(session, config, contacts, previous_first, turn, end_standing=middle)
    report_currency = currency or config.currency
    won_currencies = now.currencies() | before.currencies()
    currencies = [currency] if currency else sorted(won_currencies) or [report_currency]

    lines = list(_lines(now, contacts, [currency] if currency else None, report_currency))
    if by is None:
        rows = [_contact_row(line, now, contacts) for line in lines]
    else:
        rows = [_group_row(name, by, group, now, contacts) for (_, name), group in _groups(session, by, lines, contacts).items()]
    rows.sort(key=lambda row: (row.currency != report_currency, row.currency, -row.won_value, row.contact.casefold()))

    current, previous = _figures(now, contacts, currencies), _figures(before, contacts, currencies)
    summary = [Figure(name, None, current[(name, None)], previous[(name, None)]) for name in FIGURES]
    summary += [Figure(name, code, current[(name, code)], previous[(name, code)]) for code in currencies for name in CURRENCY_FIGURES]
    return Portfolio(
        as_of, period, first, last, previous_first, first - timedelta(days=1), rows, summary, currencies,
        sorted(won_currencies - set(currencies)),
    )  # fmt: skip


def summary_record(report: Portfolio) -> dict:
    """The summary as one object for `--summary --format json`: figures by name, money by currency
    (as exact decimal text: "1250.50")."""
    record: dict = {
        "as_of": report.as_of.astimezone().isoformat(timespec="seconds"),
        "period": str(report.period),
        "period_start": report.first.isoformat(),
        "period_end": report.last.isoformat(),
        "previous_start": report.previous_first.isoformat(),
        "previous_end": report.previous_last.isoformat(),
    }
    by_currency: dict[str, dict] = {}
    for figure in report.summary:
        pair = {"value": _json(figure.value), "previous": _json(figure.previous)}
        if figure.currency is None:
            record[figure.figure] = pair
        else:
            by_currency.setdefault(figure.currency, {})[figure.figure] = pair
    record["currencies"] = by_currency
    return record


def _json(value: object) -> object:
    return money.text(value) if isinstance(value, Decimal) else value
