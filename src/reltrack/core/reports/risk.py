"""Where the business is exposed: income concentrated on a few clients, valuable relationships in
trouble, suppliers who let you down, agreements about to end with nothing to replace them.
Most serious first, each with its reason in words (docs/portfolio.md, risk)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.agreements import still_to_renew
from reltrack.core.reports.portfolio import DEFAULT_PERIOD, Contact, Period, gather, period_bounds, portfolio_contacts
from reltrack.core.rules import money
from reltrack.core.rules import portfolio as rules
from reltrack.core.rules.cadence import notice_day
from reltrack.core.rules.dates import Duration, in_words, local_date, local_midnight, parse_duration
from reltrack.store import contacts as stored_contacts
from reltrack.store import portfolio as stored

LEVELS = ("high", "medium")
AREAS = ("concentration", "value at risk", "supplier", "agreement")


@dataclass(frozen=True)
class RiskRow:
    level: str  # high or medium
    area: str  # concentration, value at risk, supplier, agreement
    contact: str | None
    currency: str | None
    severity: float  # 0-100, what orders the list
    reason: str


RISK_COLUMNS = ("level", "area", "contact", "currency", "severity", "reason")


def _amount(value: Decimal, currency: str) -> str:
    return f"{money.text(value)} {currency}"


def concentration_risks(period: Period, contacts: dict[int, Contact], span: Duration) -> list[RiskRow]:
    rows = []
    for currency in sorted(period.currencies()):
        values = {contact_id: period.won_in(contact_id, currency)[0] for contact_id in period.won}
        spread = rules.concentration(values.values())
        if spread is None or spread.level == "low":
            continue
        top_id = max(values, key=lambda contact_id: (values[contact_id], contacts[contact_id].name))
        how = "highly" if spread.hhi > rules.HHI_HIGH else "moderately" if spread.hhi > rules.HHI_MODERATE else "not"
        reason = (
            f"{contacts[top_id].name} brings {spread.top_share:g}% of the {currency} won in the last {in_words(span)}"
            + (f", the top 3 clients {spread.top3_share:g}%" if spread.clients > 1 else " (the only client)")
            + f"; HHI {spread.hhi:g}, {how} concentrated"
        )
        rows.append(
            RiskRow(
                "high" if spread.level == "high" else "medium", "concentration", contacts[top_id].name, currency,
                round(max(spread.top_share, spread.hhi / 100), 1), reason,
            )  # fmt: skip
        )
    return rows


def value_risks(period: Period, contacts: dict[int, Contact], detractors: dict[int, tuple[int, datetime]]) -> list[RiskRow]:
    """The top fifth of contacts by won value (per currency) that are quiet, overdue, losing trust or unhappy."""
    rows = []
    for currency in sorted(period.currencies()):
        values = {contact_id: period.won_in(contact_id, currency)[0] for contact_id in period.won}
        whole = money.total(values.values())
        for contact_id in rules.top_fifth(values):
            reasons = warning_signs(period, contact_id, detractors)
            if not reasons:
                continue
            share = rules.share(values[contact_id], whole)
            level = "high" if share >= 20 or len(reasons) >= 2 else "medium"
            reason = f"brings {share:g}% of the {currency} won ({_amount(values[contact_id], currency)}); " + "; ".join(reasons)
            rows.append(RiskRow(level, "value at risk", contacts[contact_id].name, currency, min(100.0, share + 15 * len(reasons)), reason))
    return rows


def warning_signs(period: Period, contact_id: int, detractors: dict[int, tuple[int, datetime]]) -> list[str]:
    """What is wrong with a relationship, in words: gone quiet, overdue, trust falling, a detractor's answer."""
    relation = period.end[contact_id]
    reasons = []
    if relation.quiet is not None:
        reasons.append(f"gone quiet (silent {relation.quiet.gap_days} days, usually every {relation.quiet.rhythm_days:g})")
    if relation.overdue:
        reasons.append("overdue for a follow-up")
    scored = period.trust.get(contact_id)
    trend = None if scored is None else scored.score.trend
    if trend is not None and trend <= -rules.TRUST_DROP:
        reasons.append(f"trust fell {-trend:.1f} points in 90 days (now {scored.score.trust:.0f})")  # type: ignore[union-attr]
    if contact_id in detractors:
        score, at = detractors[contact_id]
        reasons.append(f"answered {score}/10 on {at.astimezone():%Y-%m-%d}")
    return reasons


def supplier_risks(session: Session, first: date, last: date, span: Duration) -> list[RiskRow]:
    """Suppliers and service providers who broke promises to you, or kept them late, in the period."""
    settled_promises = stored.their_settled_promises(session, first, last, rules.SUPPLIER_KINDS)
    names = stored_contacts.name_of(session, [row[0] for row in settled_promises])
    rows = []
    for contact_id, on_time, late, broken in settled_promises:
        failed = late + broken
        share = rules.failure_share(on_time, late, broken)
        if not failed or share is None:
            continue
        level = "high" if share >= 50 and failed >= 2 else "medium"
        settled = on_time + late + broken
        parts = [f"{broken} broken"] * bool(broken) + [f"{late} kept late"] * bool(late)
        promises = "the promise" if settled == 1 else f"the {settled} promises"
        reason = f"{' and '.join(parts)} of {promises} they made you, settled in the last {in_words(span)} ({share:g}%)"
        rows.append(RiskRow(level, "supplier", names[contact_id], None, rules.supplier_severity(on_time, late, broken), reason))
    return rows


def agreement_risks(session: Session, as_of: datetime) -> list[RiskRow]:
    """Agreements ending within AGREEMENT_SOON_DAYS that no later agreement replaces."""
    today = local_date(as_of)
    ending = [row for row in still_to_renew(session, today) if row[4] <= today + timedelta(days=rules.AGREEMENT_SOON_DAYS)]
    names = stored_contacts.name_of(session, {row[0] for row in ending})
    rows = []
    for contact_id, _, title, _, ends_on, notice in ending:
        days_left = (ends_on - today).days
        notice_on = notice_day(ends_on, parse_duration(notice) if notice else None)
        given = "the notice day has passed" if notice_on < today else f"notice by {notice_on.isoformat()}"
        reason = f"{title} ends {ends_on.isoformat()} (in {days_left} days) and nothing replaces it; {given}"
        level = "high" if days_left <= rules.AGREEMENT_URGENT_DAYS else "medium"
        severity = round(100 * (rules.AGREEMENT_SOON_DAYS - days_left) / rules.AGREEMENT_SOON_DAYS, 1)
        rows.append(RiskRow(level, "agreement", names[contact_id], None, severity, reason))
    return rows


def detractor_answers(session: Session, first: date, as_of: datetime) -> dict[int, tuple[int, datetime]]:
    """contact id -> (score, time) of their latest detractor's answer (0-6) on days first..as_of."""
    answers = stored.answers_up_to(session, local_midnight(first), as_of, rules.DETRACTOR_UP_TO)
    return {contact_id: (score, at) for contact_id, score, at, _ in answers}  # oldest first: the latest stays


def sort_risks(rows: list[RiskRow]) -> list[RiskRow]:
    return sorted(rows, key=lambda r: (LEVELS.index(r.level), -r.severity, AREAS.index(r.area), (r.contact or "").casefold()))


def risk_report(session: Session, config: Config, as_of: datetime, period: Duration = DEFAULT_PERIOD) -> list[RiskRow]:
    contacts = portfolio_contacts(session)
    first, last = period_bounds(as_of, period)
    now = gather(session, config, contacts, first, as_of, start_standing={})  # nothing here looks at the start
    rows = [
        *concentration_risks(now, contacts, period),
        *value_risks(now, contacts, detractor_answers(session, first, as_of)),
        *supplier_risks(session, first, last, period),
        *agreement_risks(session, as_of),
    ]
    return sort_risks(rows)
