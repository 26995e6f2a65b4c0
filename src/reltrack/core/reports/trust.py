"""Trust per contact: the store sums each contact's history in SQL, the pure rules score the sums."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
_TOUCH_TERMS = ("touches", "weight_sum", "weighted_richness", "channels", "inbound", "outbound",
                "ratings", "rating_weight", "rating_value", "first_day")  # fmt: skip
_PROMISE_TERMS = ("kept_on_time", "kept_late", "broken", "open_past_due")
_ANSWER_TERMS = ("answers", "answer_weight", "answer_value")


@dataclass(frozen=True)
class Scored:
    score: scoring.TrustScore
    totals: scoring.Totals  # as of the report's moment
    promises_kept: int  # settled by then
    promises_broken: int


def _moment(as_of: datetime) -> aggregates.Moment:
    return aggregates.Moment(as_of, local_date(as_of), scoring.lookback_start(as_of))


def _split(values: Sequence, names: Sequence[str], moments: int) -> list[dict]:
    width = len(names)
    return [dict(zip(names, values[i * width : (i + 1) * width], strict=True)) for i in range(moments)]


def score_contacts(
    session: Session, config: Config, as_of: datetime, states: Sequence[ContactState], one: bool = False
) -> dict[int, Scored]:
    """Trust, with its trend, for each of these contacts, from four grouped queries over everyone
    (or, with `one`, over the given contacts' rows only, through the index)."""
    settings = config.scoring
    moments = [_moment(as_of), _moment(scoring.trend_moment(as_of))]
    windows = {state.contact_id: scoring.window_length(cadence_days_on(state, local_date(as_of)), settings) for state in states}
    ids = list(windows) if one else None
    terms: dict[int, list[dict]] = {ident: [{}, {}] for ident in windows}
    settled: dict[int, tuple[int, int]] = {}

    def gather(rows: Iterable[Sequence], names: Sequence[str]) -> None:
        for contact_id, *values in rows:
            if contact_id in terms:
                for mine, theirs in zip(terms[contact_id], _split(values, names, len(moments)), strict=True):
                    mine.update(theirs)

    gather(aggregates.touch_totals(session, moments, scoring.CHANNEL_RICHNESS, settings.half_life_days, ids), _TOUCH_TERMS)
    gather(aggregates.filled_windows(session, moments, windows), ("filled_windows",))
    gather(aggregates.feedback_totals(session, moments, settings.half_life_days, ids), _ANSWER_TERMS)
    for contact_id, *values in aggregates.promise_outcomes(session, moments, ids):
        if contact_id in terms:
            gather([(contact_id, *values[:-2])], _PROMISE_TERMS)
            settled[contact_id] = (values[-2], values[-1])
    result = {}
    for contact_id, (now, earlier) in terms.items():
        totals = scoring.Totals(**now)
        score = scoring.score_with_trend(totals, scoring.Totals(**earlier), windows[contact_id], as_of, settings)
        result[contact_id] = Scored(score, totals, *settled.get(contact_id, (0, 0)))
    return result


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
    scored = score_contacts(session, config, as_of, states)
    rows = [_row(state, scored[state.contact_id]) for state in states]
    if sort == "trust":
        rows.sort(key=lambda r: (-r.trust, r.contact.casefold()))
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
    scored = score_contacts(session, config, as_of, [state], one=True)[contact_id]
    return Explanation(state.name, as_of, scored.score, config.scoring.weights)
