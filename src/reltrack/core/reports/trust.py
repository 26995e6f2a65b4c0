"""Trust per contact: the store sums each contact's history in SQL, the pure rules score the sums."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.contacts import selection
from reltrack.core.rules import scoring
from reltrack.core.rules.cadence import ContactState, cadence_days_on
from reltrack.core.rules.dates import local_date
from reltrack.core.state import contact_states, state_of
from reltrack.errors import InvalidInput
from reltrack.store import aggregates

TRUST_SORTS = ("trust", "name", "trend")


@dataclass(frozen=True, slots=True)
class Scored:
    score: scoring.TrustScore
    totals: scoring.Totals  # as of the report's moment
    promises_kept: int  # settled by then
    promises_broken: int


def _moment(as_of: datetime) -> aggregates.Moment:
    return aggregates.Moment(as_of, local_date(as_of), scoring.lookback_start(as_of))


class _Merged:
    """One grouped query's rows, in contact id order, taken as the contacts come."""

    def __init__(self, rows: Iterator[Sequence]) -> None:
        self.rows = rows
        self.row = next(rows, None)

    def take(self, contact_id: int) -> Sequence | None:
        while self.row is not None and self.row[0] < contact_id:
            self.row = next(self.rows, None)
        if self.row is not None and self.row[0] == contact_id:
            return self.row
        return None


def _totals(
    session: Session, config: Config, as_of: datetime, states: Sequence[ContactState], one: bool
) -> Iterator[tuple[ContactState, scoring.Totals, scoring.Totals, int, int, int]]:
    """(state, totals now, totals TREND_DAYS earlier, window length, promises kept and broken by
    now) per contact, in contact id order, from three grouped queries over everyone, the touch sums
    read side by side a contact at a time (with `one`, over the given contacts' rows only, through
    the index)."""
    settings = config.scoring
    moments = [_moment(as_of), _moment(scoring.trend_moment(as_of))]
    as_of_day = local_date(as_of)
    by_id = sorted(states, key=lambda state: state.contact_id)
    windows = {state.contact_id: scoring.window_length(cadence_days_on(state, as_of_day), settings) for state in by_id}
    ids = list(windows) if one else None
    # read whole before the touch sums, whose temporary table can only be dropped while no other query is open
    answers = {row[0]: row[1:] for row in aggregates.feedback_totals(session, moments, settings.half_life_days, ids)}
    promises = {row[0]: row[1:] for row in aggregates.promise_outcomes(session, moments, ids)}
    totals_of = scoring.Totals._make
    with aggregates.touch_totals(session, moments, windows, scoring.CHANNEL_RICHNESS, settings.half_life_days, ids) as rows:
        touches = _Merged(rows)
        for state in by_id:
            contact_id = state.contact_id
            touch = touches.take(contact_id) or _NO_TOUCHES
            answer = answers.get(contact_id, _NO_ANSWERS)
            promise = promises.get(contact_id, _NO_PROMISES)
            now = totals_of(touch[1:12] + answer[:3] + promise[:4])
            then = totals_of(touch[12:23] + answer[3:6] + promise[4:8])
            yield state, now, then, windows[contact_id], promise[8], promise[9]


def score_contacts(
    session: Session, config: Config, as_of: datetime, states: Sequence[ContactState], one: bool = False
) -> Iterator[tuple[ContactState, Scored]]:
    """Trust, with its trend and explanations, for each of these contacts (in contact id order)."""
    score_of = scoring.TrendScorer(as_of, config.scoring)
    for state, now, then, window, kept, broken in _totals(session, config, as_of, states, one):
        yield state, Scored(score_of(now, then, window), now, kept, broken)


# per moment: touches, weights, richness, channels, inbound, outbound, ratings, rating weights,
# rating values, first day, filled windows (after the contact id)
_NO_TOUCHES = (None, *(0, 0.0, 0.0, 0, 0, 0, 0, 0.0, 0.0, None, 0) * 2)
_NO_ANSWERS = (0, 0.0, 0.0) * 2  # per moment: answers, weights, weighted scores
_NO_PROMISES = (0, 0, 0, 0) * 2 + (0, 0)  # per moment: the outcomes; then kept and broken by the first


@dataclass(slots=True)  # not frozen: a frozen dataclass costs several times as much to make, per row
class TrustRow:
    contact: str
    kind: str
    trust: float
    confidence: str
    trend: float | None
    reliability: float
    consistency: float
    depth: float
    reciprocity: float
    satisfaction: float
    promises_kept: int
    promises_broken: int
    touches: int
    last_contact: datetime | None


TRUST_COLUMNS = (
    "contact", "kind", "trust", "confidence", "trend", *scoring.COMPONENTS,
    "promises_kept", "promises_broken", "touches", "last_contact",
)  # fmt: skip


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def trust_report(
    session: Session,
    config: Config,
    as_of: datetime,
    kind: str | None = None,
    tag: str | None = None,
    sort: str = "trust",
) -> list[TrustRow]:
    """One row per active contact: trust, its components, and the evidence behind them."""
    if sort not in TRUST_SORTS:
        raise InvalidInput(f"unknown sort '{sort}' (choose from {', '.join(TRUST_SORTS)})")
    kind, tag_id = selection(session, kind, tag)
    states = [state for _, state in contact_states(session, config, as_of, kind=kind, tag_id=tag_id)]
    score_of = scoring.TrendScorer(as_of, config.scoring).plain  # the numbers only: --explain is for one contact
    by_id: dict[int, TrustRow] = {}
    for state, now, then, window, kept, broken in _totals(session, config, as_of, states, one=False):
        score = score_of(now, then, window)
        by_id[state.contact_id] = TrustRow(
            state.name,
            state.kind,
            round(score.trust, 1),
            score.confidence,
            _one_decimal(score.trend),
            *[round(part, 1) for part in score.scores],  # in COMPONENTS order, as the fields
            kept,
            broken,
            now.touches,
            state.last_contact,
        )
    rows = [by_id[state.contact_id] for state in states]  # alphabetical, as people read
    if sort == "trust":  # a score from a touchpoint or two says little: low confidence goes last
        rows.sort(key=lambda r: (r.confidence == "low", -r.trust, r.contact.casefold()))
    elif sort == "trend":
        rows.sort(key=lambda r: (r.trend is None, -(r.trend or 0.0), r.contact.casefold()))
    return rows


@dataclass(frozen=True)
class Explanation:
    contact: str
    as_of: datetime
    score: scoring.TrustScore
    weights: dict[str, float]


def explain(session: Session, config: Config, as_of: datetime, contact_id: int) -> Explanation:
    _, state = state_of(session, config, as_of, contact_id)
    [(_, scored)] = score_contacts(session, config, as_of, [state], one=True)
    return Explanation(state.name, as_of, scored.score, config.scoring.weights)
