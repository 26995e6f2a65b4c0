"""The portfolio's figures: statuses, retention, repeat rate, concentration, time, value per hour. Pure.

docs/portfolio.md is the specification, with a worked example; every threshold is a named
constant here. Money stays exact (Decimal); shares, rates and the HHI are computed as exact
fractions and rounded once, to one decimal, at the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from reltrack.core.rules import money

STATUSES = ("new", "active", "at-risk", "lapsed")
HELD = ("new", "active", "at-risk")  # a relationship still held: counted at the start and end of a period
NEW_DAYS = 90  # a relationship that began fewer days ago than this is new
LAPSED_QUIET_MULTIPLE = 2.0  # lapsed: silent for twice as long as going quiet takes...
LAPSED_MIN_DAYS = 90  # ...and for at least this long
LAPSED_WITHOUT_RHYTHM_DAYS = 365  # with neither a rhythm nor a cadence: silent for a year

# minutes a touchpoint took when it was logged without --minutes; notes are not contact
DEFAULT_MINUTES = {"meeting": 60, "video": 30, "call": 15, "message": 5, "email": 10, "social": 5, "letter": 15}
REPEAT_FROM = 2  # a client with this many won deals in the period is a repeat client
DETRACTOR_UP_TO = 6  # NPS: 0-6 detractors, 7-8 passives, 9-10 promoters
PROMOTER_FROM = 9

# concentration of won value, per currency (HHI on the 0-10 000 scale, shares in %)
HHI_HIGH = 2500  # above: highly concentrated (the US merger guidelines' bound); always so when one client brings over half
HHI_MODERATE = 1500  # above: moderately concentrated
TOP_SHARE_MODERATE = 30.0
TOP3_SHARE_MODERATE = 75.0

TOP_FIFTH = 5  # valuable: the top fifth of contacts by won value (at least one)
TRUST_DROP = 10.0  # points of trust lost that count as falling
SUPPLIER_KINDS = ("supplier", "service")
AGREEMENT_SOON_DAYS = 90  # an agreement ending within this many days with no replacement is a risk
AGREEMENT_URGENT_DAYS = 30

Key = TypeVar("Key")


@dataclass(frozen=True)
class Standing:
    """What a relationship's status is judged from, as of one day."""

    started_on: date | None  # the first won deal or the first touchpoint, whichever came first
    last_active_on: date | None  # the last won deal or the last touchpoint, whichever came last
    interval_days: float | None  # its usual rhythm (median gap between contact days), else its cadence
    overdue: bool  # overdue for a follow-up by its cadence or an explicit date (docs/due.md)
    quiet: bool  # gone quiet (docs/scoring.md)


def lapse_days(interval_days: float | None, quiet_factor: float) -> float:
    """Silent for longer than this, a relationship has lapsed."""
    if interval_days is None:
        return LAPSED_WITHOUT_RHYTHM_DAYS
    return max(LAPSED_MIN_DAYS, LAPSED_QUIET_MULTIPLE * quiet_factor * interval_days)


def status(standing: Standing, today: date, quiet_factor: float) -> str | None:
    """new, active, at-risk or lapsed on `today`; None before the relationship began.
    The first that applies: lapsed, at-risk (overdue or gone quiet), new, active."""
    if standing.started_on is None or standing.started_on > today:
        return None
    last = standing.last_active_on or standing.started_on
    if (today - last).days > lapse_days(standing.interval_days, quiet_factor):
        return "lapsed"
    if standing.overdue or standing.quiet:
        return "at-risk"
    if (today - standing.started_on).days < NEW_DAYS:
        return "new"
    return "active"


def _percent(part: Fraction) -> float:
    """An exact fraction as a percentage, rounded once to one decimal (halves to even)."""
    return float(round(100 * part, 1))


@dataclass(frozen=True)
class Retention:
    at_start: int  # S: relationships held at the start of the period
    at_end: int  # E: held at its end
    new: int  # N: held at the end but not at the start (new ones, and lapsed ones won back)
    rate: float | None  # (E - N) / S x 100; None when S is 0


def retention(held_at_start: Iterable[Key], held_at_end: Iterable[Key]) -> Retention:
    """Retention rate = (E - N) / S x 100: with N counted as above, E - N is the relationships of
    the start still held at the end, so the rate is between 0 and 100."""
    start, end = set(held_at_start), set(held_at_end)
    new = len(end - start)
    rate = _percent(Fraction(len(end) - new, len(start))) if start else None
    return Retention(len(start), len(end), new, rate)


@dataclass(frozen=True)
class Repeat:
    clients: int  # contacts with at least one won deal in the period
    repeat_clients: int  # with REPEAT_FROM or more
    rate: float | None  # repeat_clients / clients x 100


def repeat_rate(won_deals: Iterable[int]) -> Repeat:
    """From each contact's number of won deals in the period (in any currency)."""
    counts = [count for count in won_deals if count > 0]
    repeat = sum(1 for count in counts if count >= REPEAT_FROM)
    return Repeat(len(counts), repeat, _percent(Fraction(repeat, len(counts))) if counts else None)


@dataclass(frozen=True)
class Concentration:
    clients: int  # contacts with won value
    top_share: float  # % of the won value from the largest client
    top3_share: float  # % from the three largest
    hhi: float  # Herfindahl-Hirschman index: the sum of squared % shares, 0-10 000
    level: str  # high, moderate or low


def concentration(values: Iterable[Decimal]) -> Concentration | None:
    """How much of the won value (one currency) comes from a few clients; None without any."""
    ordered = sorted((Fraction(value) for value in values if value > 0), reverse=True)
    whole = sum(ordered, Fraction(0))
    if not whole:
        return None
    top, top3 = _percent(ordered[0] / whole), _percent(sum(ordered[:3], Fraction(0)) / whole)
    hhi = float(round(sum((100 * value / whole) ** 2 for value in ordered), 1))
    return Concentration(len(ordered), top, top3, hhi, concentration_level(top, top3, hhi))


def concentration_level(top_share: float, top3_share: float, hhi: float) -> str:
    if hhi > HHI_HIGH:  # one client above half gives more than 50 x 50 on its own
        return "high"
    if hhi > HHI_MODERATE or top_share > TOP_SHARE_MODERATE or top3_share > TOP3_SHARE_MODERATE:
        return "moderate"
    return "low"


def share(part: Decimal, whole: Decimal) -> float:
    """part / whole as a % to one decimal; 0 when whole is 0."""
    return _percent(Fraction(part) / Fraction(whole)) if whole else 0.0


def top_fifth(values: Mapping[Key, Decimal]) -> list[Key]:
    """The keys with the largest values: the top fifth of those above zero (at least one), largest
    first; a tie at the edge keeps everyone tied."""
    ranked = sorted(((value, key) for key, value in values.items() if value > 0), key=lambda pair: pair[0], reverse=True)
    if not ranked:
        return []
    count = math.ceil(len(ranked) / TOP_FIFTH)
    edge = ranked[count - 1][0]
    return [key for value, key in ranked if value >= edge]


def minutes_for(channel: str, minutes: int | None) -> int:
    """What a touchpoint counts for in hours: its own minutes, else its channel's default."""
    return minutes if minutes is not None else DEFAULT_MINUTES.get(channel, 0)


def hours(minutes: int) -> float:
    """Minutes as hours, to two decimals."""
    return float(round(Fraction(minutes, 60), 2))


def value_per_hour(value: Decimal, minutes: int, currency: str) -> Decimal | None:
    """Won value / hours, exact then rounded to the currency's decimals; None without time spent."""
    if minutes <= 0:
        return None
    return money.rounded(money.EXACT.divide(value * 60, Decimal(minutes)), currency)


def nps(scores: Iterable[int]) -> float | None:
    """% promoters - % detractors among these answers (each contact's latest), -100 to 100."""
    answers = list(scores)
    if not answers:
        return None
    promoters = sum(1 for score in answers if score >= PROMOTER_FROM)
    detractors = sum(1 for score in answers if score <= DETRACTOR_UP_TO)
    return _percent(Fraction(promoters - detractors, len(answers)))


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values given (None left out), to one decimal."""
    present = [Fraction(value) for value in values if value is not None]
    return float(round(sum(present, Fraction(0)) / len(present), 1)) if present else None


def failure_share(kept_on_time: int, kept_late: int, broken: int) -> float | None:
    """% of settled promises broken or kept late."""
    settled = kept_on_time + kept_late + broken
    return _percent(Fraction(kept_late + broken, settled)) if settled else None


SUPPLIER_FULL_COUNT = 3  # failures: from this many, the share counts in full


def supplier_severity(kept_on_time: int, kept_late: int, broken: int) -> float:
    """The share of promises failed (%) x min(failures, 3) / 3: one late delivery in one promise is
    not yet a pattern."""
    failed, settled = kept_late + broken, kept_on_time + kept_late + broken
    if not settled:
        return 0.0
    return _percent(Fraction(failed, settled) * Fraction(min(failed, SUPPLIER_FULL_COUNT), SUPPLIER_FULL_COUNT))


def status_counts(statuses: Sequence[str | None]) -> str:
    """'3 active, 1 at-risk' in STATUSES order."""
    return ", ".join(f"{statuses.count(name)} {name}" for name in STATUSES if statuses.count(name))

