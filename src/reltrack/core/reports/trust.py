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


def score_contacts(
    session: Session, config: Config, as_of: datetime, states: Sequence[ContactState], one: bool = False
) -> Iterator[tuple[ContactState, Scored]]:
    """Trust, with its trend, for each of these contacts (in contact id order), from four grouped
    queries over everyone read side by side, a contact at a time (with `one`, over the given
    contacts' rows only, through the index)."""
    settings = config.scoring
    moments = [_moment(as_of), _moment(scoring.trend_moment(as_of))]
    by_id = sorted(states, key=lambda state: state.contact_id)
    windows = {state.contact_id: scoring.window_length(cadence_days_on(state, local_date(as_of)), settings) for state in by_id}
    ids = list(windows) if one else None
    # first, and read whole: its temporary table can only be dropped while no other query is open
    filled = _Merged(aggregates.filled_windows(session, moments, windows, ids))
    touches = _Merged(aggregates.touch_totals(session, moments, scoring.CHANNEL_RICHNESS, settings.half_life_days, ids))
    answers = _Merged(aggregates.feedback_totals(session, moments, settings.half_life_days, ids))
    promises = _Merged(aggregates.promise_outcomes(session, moments, ids))
    for state in by_id:
        contact_id = state.contact_id
        touch, window, answer, promise = (source.take(contact_id) for source in (touches, filled, answers, promises))
        totals = [
            scoring.Totals(
                *(touch[1 + 10 * i : 11 + 10 * i] if touch else _NO_TOUCHES),
                *((window[1 + i],) if window else (0,)),
                *(answer[1 + 3 * i : 4 + 3 * i] if answer else (0, 0.0, 0.0)),
                *(promise[1 + 4 * i : 5 + 4 * i] if promise else (0, 0, 0, 0)),
            )
            for i in range(len(moments))
        ]
        score = scoring.score_with_trend(totals[0], totals[1], windows[contact_id], as_of, settings)
        yield state, Scored(score, totals[0], *(promise[-2:] if promise else (0, 0)))


# touches, weights, richness, channels, inbound, outbound, ratings, rating weights, rating values, first day
_NO_TOUCHES = (0, 0.0, 0.0, 0, 0, 0, 0, 0.0, 0.0, None)


@dataclass(frozen=True)
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


def _row(state: ContactState, scored: Scored) -> TrustRow:
    score = scored.score
    return TrustRow(
        contact=state.name,
        kind=state.kind,
        trust=round(score.trust, 1),
        confidence=score.confidence,
        trend=_one_decimal(score.trend),
        **{name: round(score.components[name].score, 1) for name in scoring.COMPONENTS},  # type: ignore[arg-type]
        promises_kept=scored.promises_kept,
        promises_broken=scored.promises_broken,
        touches=scored.totals.touches,
        last_contact=state.last_contact,
    )


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
    position = {state.contact_id: index for index, state in enumerate(states)}  # alphabetical, as people read
    scored = [(position[state.contact_id], _row(state, score)) for state, score in score_contacts(session, config, as_of, states)]
    rows = [row for _, row in sorted(scored, key=lambda pair: pair[0])]
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
