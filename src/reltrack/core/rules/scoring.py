"""How far can I rely on this relationship? Pure functions; `as_of` is always passed in.

Trust is a weighted mean of five components, each 0-100 and each returned with its named
terms and a one-line formula, so `report trust --explain` can show the sum by hand
(docs/scoring.md is the specification). Records dated after `as_of` are ignored, which
is what lets the same history, scored 90 days earlier, give the trend.

The components are computed from `Totals`: the sums and counts of one contact's history as of
one moment. The database computes them for every contact at once (store/aggregates.py);
`totals_from_records` computes them from plain records, the straightforward way, and is what the
tests hold the database's sums to.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import NamedTuple

from reltrack.core.rules.dates import local_date
from reltrack.vocab import DIRECTIONS, PROMISE_OWNERS, PROMISE_STATUSES

COMPONENTS = ("reliability", "consistency", "depth", "reciprocity", "satisfaction")
DEFAULT_WEIGHTS = {"reliability": 0.30, "consistency": 0.25, "depth": 0.15, "reciprocity": 0.10, "satisfaction": 0.20}

# Richest first: how much presence a channel carries. Notes are not contact and never reach scoring.
CHANNEL_RICHNESS = {"meeting": 100, "video": 80, "call": 65, "message": 45, "email": 35, "social": 25, "letter": 20}

TREND_DAYS = 90
LOOKBACK_DAYS = 365  # "the last 365 days": local days from as_of_day - 365 to as_of_day, both included
NEUTRAL = 50.0  # the score of a component with nothing to go on, where silence is not a bad sign
# a promise that came due earns this credit; kept late is partly kept
PROMISE_CREDIT = {"kept on time": 1.0, "kept late": 0.5, "broken": 0.0, "open past due": 0.0}
VARIETY_STEP = 5.0  # depth bonus per channel beyond the first
VARIETY_CAP = 15.0
SATISFACTION_PRIOR_WEIGHT = 1.0  # one neutral pseudo-answer, so a single rating cannot swing the score to 0 or 100
MIN_DAYS_FOR_RHYTHM = 3  # two intervals at least before a contact's own rhythm replaces the cadence
CONFIDENCE_LEVELS = ((5, "low"), (15, "medium"))  # evidence below the bound gives the level; else "high"
# Confidence counts the touches of the last year (reciprocity's evidence), promises counted, ratings and answers.
CONFIDENCE_EVIDENCE = ("reciprocity", "reliability", "satisfaction")


def _require_aware(moment: datetime, what: str) -> None:
    # a naive datetime would silently mean local time here and fail to compare with aware ones
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got {moment!r}")


@dataclass(frozen=True)
class TouchRecord:
    """A counted touchpoint: `direction` is "in" when they reached out, "out" when I did."""

    at: datetime
    channel: str
    direction: str
    rating: int | None = None  # 1-5
    day: date | None = None  # the day it happened where it was logged; default: its local day

    def __post_init__(self) -> None:
        _require_aware(self.at, "a touchpoint time")
        if self.day is None:
            object.__setattr__(self, "day", local_date(self.at))
        if self.channel not in CHANNEL_RICHNESS:
            raise ValueError(f"channel {self.channel!r} is not scored (one of {', '.join(CHANNEL_RICHNESS)})")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction {self.direction!r} is not 'in' or 'out'")
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValueError(f"rating {self.rating} is not between 1 and 5")


@dataclass(frozen=True)
class PromiseRecord:
    """A commitment either way: `owner` "mine" (I promised) or "theirs"; `resolved_at` is when it was settled."""

    owner: str
    due_on: date
    status: str
    resolved_at: datetime | None = None
    resolved_on: date | None = None  # the day it was settled where it was recorded; default: local

    def __post_init__(self) -> None:
        if self.owner not in PROMISE_OWNERS:
            raise ValueError(f"promise owner {self.owner!r} is not 'mine' or 'theirs'")
        if self.status not in PROMISE_STATUSES:
            raise ValueError(f"promise status {self.status!r} is not one of {', '.join(PROMISE_STATUSES)}")
        if self.status != "open" and self.resolved_at is None:
            raise ValueError(f"a {self.status} promise needs resolved_at: without it, on time cannot be told from late")
        if self.resolved_at is not None:
            _require_aware(self.resolved_at, "a promise's resolved_at")
            if self.resolved_on is None:
                object.__setattr__(self, "resolved_on", local_date(self.resolved_at))


@dataclass(frozen=True)
class FeedbackRecord:
    """An NPS-style answer, 0-10."""

    at: datetime
    score: int

    def __post_init__(self) -> None:
        _require_aware(self.at, "a feedback time")
        if not 0 <= self.score <= 10:
            raise ValueError(f"feedback score {self.score} is not between 0 and 10")


@dataclass(frozen=True)
class ScoringSettings:
    """Tunable constants. A weight left out of `weights` keeps its default; a weight of 0 drops a component."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    half_life_days: float = 90.0
    default_window_days: int = 30
    quiet_factor: float = 2.5
    quiet_min_gap_days: int = 14

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown trust weight {', '.join(unknown)} (choose from {', '.join(COMPONENTS)})")
        weights = {name: float(self.weights.get(name, DEFAULT_WEIGHTS[name])) for name in COMPONENTS}
        for name, weight in weights.items():
            if not (math.isfinite(weight) and weight >= 0):
                raise ValueError(f"trust weight {name} must be a number of at least 0, got {weight}")
        if not any(weights.values()):
            raise ValueError("at least one trust weight must be above 0")
        if not (math.isfinite(self.half_life_days) and self.half_life_days > 0):
            raise ValueError(f"half_life_days must be above 0, got {self.half_life_days}")
        if self.default_window_days < 1:
            raise ValueError(f"default_window_days must be at least 1, got {self.default_window_days}")
        if not (math.isfinite(self.quiet_factor) and self.quiet_factor > 0):
            raise ValueError(f"quiet factor must be above 0, got {self.quiet_factor}")
        if self.quiet_min_gap_days < 0:
            raise ValueError(f"quiet min_gap_days must be at least 0, got {self.quiet_min_gap_days}")
        object.__setattr__(self, "weights", weights)  # complete and in COMPONENTS order


@dataclass(frozen=True)
class Term:
    label: str
    value: float


class Component(NamedTuple):
    """One component: `score` is unrounded; `terms` and `formula` (the calculation with its numbers,
    for --explain) are written out only when asked for: a report scores a hundred thousand."""

    name: str
    score: float
    evidence: int
    explained: Callable[[], tuple[tuple[Term, ...], str]]

    def __eq__(self, other: object) -> bool:  # what it says, not which function says it
        return isinstance(other, Component) and self[:3] == other[:3] and self.explained() == other.explained()

    def __hash__(self) -> int:
        return hash(self[:3])

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.explained()[0]

    @property
    def formula(self) -> str:
        return self.explained()[1]


class TrustScore(NamedTuple):
    trust: float
    confidence: str  # low, medium, high
    evidence: int
    components: dict[str, Component]  # in COMPONENTS order
    trend: float | None  # trust now minus trust TREND_DAYS earlier; None when there was no evidence then
    weights: dict[str, float] = DEFAULT_WEIGHTS

    @property
    def formula(self) -> str:
        """The weighted mean with its numbers, for --explain."""
        counted = [name for name in COMPONENTS if self.weights[name] > 0]
        total = math.fsum(self.weights.values())
        parts = " + ".join(f"{_num(self.weights[name])} x {_num(self.components[name].score)}" for name in counted)
        return f"({parts}) / {_num(total)} = {self.trust:.1f}"


@dataclass(frozen=True)
class QuietState:
    rhythm_days: float
    gap_days: int
    ratio: float  # gap_days / rhythm_days
    quiet_on: date  # the first day the contact counted as quiet
    basis: str  # "rhythm" (median interval of its own history) or "cadence"


def _num(value: float) -> str:
    """A number for a formula: up to four decimals, trailing zeros dropped (2.5, 0.7071, 100)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _check_cadence(cadence_days: int | None) -> None:
    if cadence_days is not None and cadence_days < 1:
        raise ValueError(f"cadence_days must be at least 1, got {cadence_days}")


class Totals(NamedTuple):
    """One contact's history as of one moment, summed: what every component is computed from."""

    touches: int = 0  # counted touchpoints up to the moment
    weight_sum: float = 0.0  # their recency weights
    weighted_richness: float = 0.0  # sum of weight x channel richness
    channels: int = 0  # distinct channels in the last 365 days
    inbound: int = 0  # touchpoints in the last 365 days, by direction
    outbound: int = 0
    ratings: int = 0
    rating_weight: float = 0.0
    rating_value: float = 0.0  # sum of weight x (rating - 1) / 4 x 100
    first_day: date | None = None  # the day of the first touchpoint
    filled_windows: int = 0  # consistency windows holding a touchpoint
    answers: int = 0
    answer_weight: float = 0.0
    answer_value: float = 0.0  # sum of weight x score x 10
    kept_on_time: int = 0  # promises that came due, by outcome
    kept_late: int = 0
    broken: int = 0
    open_past_due: int = 0


def lookback_start(as_of: datetime) -> date:
    """The first day of "the last 365 days": local days from as_of_day - 365 to as_of_day, both included."""
    return local_date(as_of) - timedelta(days=LOOKBACK_DAYS)


def window_reach(window_days: int) -> int:
    """Touchpoints fewer days back than this can fill a window: the range is at most 366 days, and
    the oldest window is judged whole."""
    return math.ceil((LOOKBACK_DAYS + 1) / window_days) * window_days


def window_length(cadence_days: int | None, settings: ScoringSettings) -> int:
    _check_cadence(cadence_days)
    return cadence_days if cadence_days is not None else settings.default_window_days


def _recency_weight(at: datetime, as_of: datetime, half_life_days: float) -> float:
    age_days = (as_of - at).total_seconds() / 86400
    return 0.5 ** (age_days / half_life_days)


def _promise_outcome(promise: PromiseRecord, as_of: datetime) -> str | None:
    """How a promise stands at as_of (a key of PROMISE_CREDIT), or None when it does not count (yet)."""
    settled = promise.resolved_at is not None and promise.resolved_at <= as_of
    status = promise.status if settled else "open"  # settled after as_of: still open at as_of
    if status == "kept":
        assert promise.resolved_on is not None
        return "kept on time" if promise.resolved_on <= promise.due_on else "kept late"
    if status == "broken":
        return "broken"
    if status == "open" and promise.due_on < local_date(as_of):
        return "open past due"
    return None  # cancelled, or open and not yet due


def totals_from_records(
    touches: Iterable[TouchRecord],
    promises: Iterable[PromiseRecord],
    feedback: Iterable[FeedbackRecord],
    window_days: int,
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> Totals:
    """The sums of one contact's records as of `as_of`, one record at a time."""
    seen = [touch for touch in touches if touch.at <= as_of]
    as_of_day, first_recent = local_date(as_of), lookback_start(as_of)
    recent = [touch for touch in seen if touch.day >= first_recent]  # type: ignore[operator]
    weights = [_recency_weight(touch.at, as_of, settings.half_life_days) for touch in seen]
    rated = [(weight, (touch.rating - 1) / 4 * 100) for weight, touch in zip(weights, seen) if touch.rating is not None]
    answered = [
        (_recency_weight(answer.at, as_of, settings.half_life_days), answer.score * 10.0) for answer in feedback if answer.at <= as_of
    ]
    # a day later than as_of's (logged in a time zone ahead) counts as as_of's own day
    days_back = [max(0, (as_of_day - touch.day).days) for touch in seen]  # type: ignore[operator]
    reach = window_reach(window_days)
    outcomes = Counter(outcome for promise in promises if (outcome := _promise_outcome(promise, as_of)))
    return Totals(
        touches=len(seen),
        weight_sum=math.fsum(weights),
        weighted_richness=math.fsum(weight * CHANNEL_RICHNESS[touch.channel] for weight, touch in zip(weights, seen)),
        channels=len({touch.channel for touch in recent}),
        inbound=sum(1 for touch in recent if touch.direction == "in"),
        outbound=sum(1 for touch in recent if touch.direction == "out"),
        first_day=min((touch.day for touch in seen), default=None),  # type: ignore[type-var]
        filled_windows=len({back // window_days for back in days_back if back < reach}),
        ratings=len(rated),
        rating_weight=math.fsum(weight for weight, _ in rated),
        rating_value=math.fsum(weight * value for weight, value in rated),
        answers=len(answered),
        answer_weight=math.fsum(weight for weight, _ in answered),
        answer_value=math.fsum(weight * value for weight, value in answered),
        kept_on_time=outcomes["kept on time"],
        kept_late=outcomes["kept late"],
        broken=outcomes["broken"],
        open_past_due=outcomes["open past due"],
    )


# -- the components, from totals --------------------------------------------------------------
# Each component is a score function, (score, evidence) from totals and nothing else, which a
# report runs for every contact at two moments, and an `_of` function that adds its explanation:
# the terms and formula, worked out again from the same totals only when they are asked for.

_ON_TIME_CREDIT = PROMISE_CREDIT["kept on time"]
_LATE_CREDIT = PROMISE_CREDIT["kept late"]
_LOOKBACK = timedelta(days=LOOKBACK_DAYS)


def _promise_credits(totals: Totals) -> tuple[float, float, int]:
    """The credits of the promises kept on time and kept late, and how many promises count:
    settled (even before the deadline), or open past it."""
    counted = totals.kept_on_time + totals.kept_late + totals.broken + totals.open_past_due
    return _ON_TIME_CREDIT * totals.kept_on_time, _LATE_CREDIT * totals.kept_late, counted


def _reliability(totals: Totals) -> tuple[float, int]:
    on_time_credit, late_credit, counted = _promise_credits(totals)
    return 100 * (on_time_credit + late_credit + 1) / (counted + 2), counted


def _explain_reliability(totals: Totals, score: float) -> tuple[tuple[Term, ...], str]:
    on_time_credit, late_credit, counted = _promise_credits(totals)
    outcomes = {
        "kept on time": totals.kept_on_time,
        "kept late": totals.kept_late,
        "broken": totals.broken,
        "open past due": totals.open_past_due,
    }
    return (
        tuple(Term(outcome, outcomes[outcome]) for outcome in PROMISE_CREDIT) + (Term("promises counted", counted),),
        f"({_num(on_time_credit)} + {_num(late_credit)} + 1) / ({counted} + 2) x 100 = {score:.1f}",
    )


def reliability_of(totals: Totals) -> Component:
    """Share of counted promises kept, both directions, with a Laplace prior: 100 x (credits + 1) / (n + 2)."""
    score, counted = _reliability(totals)
    return Component("reliability", score, counted, partial(_explain_reliability, totals, score))


def _consistency_range(totals: Totals, window_days: int, as_of_day: date) -> tuple[int, int]:
    """The days in the range and the windows they make (at least 1: the range is at least a day)."""
    start_day = min(max(as_of_day - _LOOKBACK, totals.first_day), as_of_day)  # type: ignore[type-var]
    range_days = (as_of_day - start_day).days + 1
    return range_days, math.ceil(range_days / window_days)


def _consistency(totals: Totals, window_days: int, as_of_day: date) -> tuple[float, int]:
    if not totals.touches or totals.first_day is None:
        return 0.0, 0
    # Window k holds days_back in [(k-1) x L, k x L). The oldest window is judged whole, even where
    # it reaches before the range, so a steady rhythm is not penalised for where the year happens to cut.
    _, windows = _consistency_range(totals, window_days, as_of_day)
    # the evidence: the touchpoints in the range, those of the last 365 days
    return 100 * totals.filled_windows / windows, totals.inbound + totals.outbound


def _explain_consistency(totals: Totals, window_days: int, as_of_day: date, score: float) -> tuple[tuple[Term, ...], str]:
    if not totals.touches or totals.first_day is None:
        return (Term("window days", window_days),), "no touches = 0.0"
    range_days, windows = _consistency_range(totals, window_days, as_of_day)
    filled = totals.filled_windows
    terms = (
        Term("window days", window_days),
        Term("days in range", range_days),
        Term("windows", windows),
        Term("windows with a touch", filled),
    )
    return terms, f"{filled} / {windows} x 100 = {score:.1f}"


def consistency_of(totals: Totals, window_days: int, as_of: datetime) -> Component:
    """Share of cadence-long windows, counted back from as_of, that hold at least one touch."""
    return _consistency_of(totals, window_days, local_date(as_of))


def _consistency_of(totals: Totals, window_days: int, as_of_day: date) -> Component:
    score, evidence = _consistency(totals, window_days, as_of_day)
    return Component("consistency", score, evidence, partial(_explain_consistency, totals, window_days, as_of_day, score))


def _depth_terms(totals: Totals) -> tuple[float, float]:
    """The recency-weighted mean richness and the variety bonus (there are touches with weight)."""
    mean_richness = totals.weighted_richness / totals.weight_sum
    return mean_richness, min(VARIETY_CAP, VARIETY_STEP * max(0, totals.channels - 1))


def _depth(totals: Totals) -> tuple[float, int]:
    if not totals.touches:
        return 0.0, 0
    if not totals.weight_sum:  # every touch is centuries old: its weight underflowed to 0
        return 0.0, totals.touches
    mean_richness, variety_bonus = _depth_terms(totals)
    return min(100.0, mean_richness + variety_bonus), totals.touches


def _explain_depth(totals: Totals, score: float) -> tuple[tuple[Term, ...], str]:
    if not totals.touches:
        return (), "no touches = 0.0"
    if not totals.weight_sum:
        return (), "no touch recent enough to weigh anything = 0.0"
    mean_richness, variety_bonus = _depth_terms(totals)
    terms = (
        Term("sum of weight x richness", totals.weighted_richness),
        Term("sum of weights", totals.weight_sum),
        Term("mean richness", mean_richness),
        Term("channels in the last 365 days", totals.channels),
        Term("variety bonus", variety_bonus),
    )
    return terms, f"min(100, {_num(totals.weighted_richness)} / {_num(totals.weight_sum)} + {_num(variety_bonus)}) = {score:.1f}"


def depth_of(totals: Totals) -> Component:
    """Recency-weighted mean channel richness plus a bonus for variety in the last year."""
    score, evidence = _depth(totals)
    return Component("depth", score, evidence, partial(_explain_depth, totals, score))


def _reciprocity(totals: Totals) -> tuple[float, int]:
    inbound, outbound = totals.inbound, totals.outbound
    if not inbound + outbound:
        return NEUTRAL, 0
    return 100 * (1 - abs(inbound - outbound) / (inbound + outbound + 2)), inbound + outbound


def _explain_reciprocity(totals: Totals, score: float) -> tuple[tuple[Term, ...], str]:
    inbound, outbound = totals.inbound, totals.outbound
    terms = (Term("inbound", inbound), Term("outbound", outbound))
    if not inbound + outbound:
        return terms, f"no touches in the last 365 days = {NEUTRAL:.1f}"
    return terms, f"100 x (1 - |{inbound} - {outbound}| / ({inbound} + {outbound} + 2)) = {score:.1f}"


def reciprocity_of(totals: Totals) -> Component:
    """Balance of who reaches out over the last year; +2 in the denominator keeps one touch from scoring 0."""
    score, evidence = _reciprocity(totals)
    return Component("reciprocity", score, evidence, partial(_explain_reciprocity, totals, score))


def _satisfaction(totals: Totals) -> tuple[float, int]:
    weighted_value = totals.rating_value + totals.answer_value
    total_weight = totals.rating_weight + totals.answer_weight
    prior = SATISFACTION_PRIOR_WEIGHT
    return (weighted_value + prior * NEUTRAL) / (total_weight + prior), totals.ratings + totals.answers


def _explain_satisfaction(totals: Totals, score: float) -> tuple[tuple[Term, ...], str]:
    weighted_value = totals.rating_value + totals.answer_value
    total_weight = totals.rating_weight + totals.answer_weight
    prior = SATISFACTION_PRIOR_WEIGHT
    terms = (
        Term("ratings", totals.ratings),
        Term("feedback answers", totals.answers),
        Term("sum of weight x value", weighted_value),
        Term("sum of weights", total_weight),
    )
    return terms, f"({_num(weighted_value)} + {_num(prior)} x {_num(NEUTRAL)}) / ({_num(total_weight)} + {_num(prior)}) = {score:.1f}"


def satisfaction_of(totals: Totals) -> Component:
    """Recency-weighted mean of ratings (1-5 -> 0-100) and feedback (0-10 -> 0-100), pulled toward 50."""
    score, evidence = _satisfaction(totals)
    return Component("satisfaction", score, evidence, partial(_explain_satisfaction, totals, score))


# -- the components, from records (the specification's own terms) ---------------------------


def reliability(promises: Iterable[PromiseRecord], as_of: datetime) -> Component:
    return reliability_of(totals_from_records([], promises, [], 1, as_of))


def consistency(
    touches: Iterable[TouchRecord], cadence_days: int | None, as_of: datetime, settings: ScoringSettings = ScoringSettings()
) -> Component:
    window_days = window_length(cadence_days, settings)
    return consistency_of(totals_from_records(touches, [], [], window_days, as_of, settings), window_days, as_of)


def depth(touches: Iterable[TouchRecord], as_of: datetime, settings: ScoringSettings = ScoringSettings()) -> Component:
    return depth_of(totals_from_records(touches, [], [], 1, as_of, settings))


def reciprocity(touches: Iterable[TouchRecord], as_of: datetime) -> Component:
    return reciprocity_of(totals_from_records(touches, [], [], 1, as_of))


def satisfaction(
    touches: Iterable[TouchRecord],
    feedback: Iterable[FeedbackRecord],
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> Component:
    return satisfaction_of(totals_from_records(touches, [], feedback, 1, as_of, settings))


def confidence_for(evidence: int) -> str:
    for bound, level in CONFIDENCE_LEVELS:
        if evidence < bound:
            return level
    return "high"


_CONFIDENCE_PARTS = tuple(COMPONENTS.index(name) for name in CONFIDENCE_EVIDENCE)


class _Weighing:
    """Trust as the weighted mean of component scores (in COMPONENTS order), and confidence from
    their evidence; a weight of 0 leaves a component out of the mean."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.counted = tuple((index, weights[name]) for index, name in enumerate(COMPONENTS) if weights[name] > 0)
        self.total = math.fsum(weights.values())

    def trust(self, scores: Sequence[float]) -> float:
        return math.fsum([weight * scores[index] for index, weight in self.counted]) / self.total

    def score(self, parts: tuple[Component, ...], trust_then: float | None = None) -> TrustScore:
        """The trust score from the components; `trust_then`: the trust TREND_DAYS earlier, for the trend."""
        trust = self.trust([part.score for part in parts])
        evidence = sum([parts[index].evidence for index in _CONFIDENCE_PARTS])
        trend = None if trust_then is None else trust - trust_then
        return TrustScore(trust, confidence_for(evidence), evidence, dict(zip(COMPONENTS, parts)), trend, self.weights)


def _components(totals: Totals, window_days: int, as_of_day: date) -> tuple[Component, ...]:
    return (
        reliability_of(totals),
        _consistency_of(totals, window_days, as_of_day),
        depth_of(totals),
        reciprocity_of(totals),
        satisfaction_of(totals),
    )


def score_totals(totals: Totals, window_days: int, as_of: datetime, settings: ScoringSettings = ScoringSettings()) -> TrustScore:
    """Trust at one moment from that moment's totals (no trend)."""
    return _Weighing(settings.weights).score(_components(totals, window_days, local_date(as_of)))


def trend_moment(as_of: datetime) -> datetime:
    return as_of - timedelta(days=TREND_DAYS)


class TrendScorer:
    """`score_with_trend` for any number of contacts judged at one moment: what depends only on
    the moment and the settings (its local days, the weights) is worked out once."""

    def __init__(self, as_of: datetime, settings: ScoringSettings = ScoringSettings()) -> None:
        _require_aware(as_of, "as_of")
        self.as_of_day = local_date(as_of)
        self.earlier_day = local_date(trend_moment(as_of))
        self.weighing = _Weighing(settings.weights)

    def __call__(self, now: Totals, earlier: Totals, window_days: int) -> TrustScore:
        """Trust at as_of, with the change since TREND_DAYS earlier (`earlier`: the totals then)."""
        return self.weighing.score(_components(now, window_days, self.as_of_day), self._trust_then(earlier, window_days))

    def plain(self, now: Totals, earlier: Totals, window_days: int) -> PlainScore:
        """The same numbers as calling it, without the explanations: what a report of everyone shows."""
        parts = _scores(now, window_days, self.as_of_day)
        scores = tuple([score for score, _ in parts])
        trust = self.weighing.trust(scores)
        trust_then = self._trust_then(earlier, window_days)
        confidence = confidence_for(sum([parts[index][1] for index in _CONFIDENCE_PARTS]))
        return PlainScore(trust, confidence, None if trust_then is None else trust - trust_then, scores)

    def _trust_then(self, earlier: Totals, window_days: int) -> float | None:
        """Trust TREND_DAYS earlier; None with no evidence then: the earlier trust is then only the
        neutral baseline, and a change from it means nothing."""
        parts = _scores(earlier, window_days, self.earlier_day)
        if not sum([parts[index][1] for index in _CONFIDENCE_PARTS]):
            return None
        return self.weighing.trust([score for score, _ in parts])


class PlainScore(NamedTuple):
    trust: float
    confidence: str
    trend: float | None
    scores: tuple[float, ...]  # of the components, in COMPONENTS order


def _scores(totals: Totals, window_days: int, as_of_day: date) -> tuple[tuple[float, int], ...]:
    """(score, evidence) of each component, in COMPONENTS order."""
    return (
        _reliability(totals),
        _consistency(totals, window_days, as_of_day),
        _depth(totals),
        _reciprocity(totals),
        _satisfaction(totals),
    )


def score_with_trend(
    now: Totals, earlier: Totals, window_days: int, as_of: datetime, settings: ScoringSettings = ScoringSettings()
) -> TrustScore:
    """Trust at as_of, with the change since TREND_DAYS earlier (`earlier`: the totals then)."""
    return TrendScorer(as_of, settings)(now, earlier, window_days)


def score_contact(
    touches: Iterable[TouchRecord],
    promises: Iterable[PromiseRecord],
    feedback: Iterable[FeedbackRecord],
    cadence_days: int | None,
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> TrustScore:
    """Trust in one contact at as_of, its components, confidence, and the change over TREND_DAYS.

    The result does not depend on the order of the inputs: sums are exact (fsum) and order-free.
    """
    _require_aware(as_of, "as_of")
    window_days = window_length(cadence_days, settings)
    touches, promises, feedback = tuple(touches), tuple(promises), tuple(feedback)
    now = totals_from_records(touches, promises, feedback, window_days, as_of, settings)
    earlier = totals_from_records(touches, promises, feedback, window_days, trend_moment(as_of), settings)
    return score_with_trend(now, earlier, window_days, as_of, settings)


def quiet_state(
    contact_days: Sequence[date],
    cadence_days: int | None,
    as_of_day: date,
    settings: ScoringSettings = ScoringSettings(),
) -> QuietState | None:
    """Has this contact gone quiet: silent for much longer than its usual rhythm? None when not.
    From the contact days themselves; `quiet_from` does the same from their summary."""
    days = sorted({day for day in contact_days if day <= as_of_day})
    gaps = [(later - earlier).days for earlier, later in pairwise(days)]
    median_gap = float(statistics.median(gaps)) if gaps else None
    return quiet_from(days[-1] if days else None, len(days), median_gap, cadence_days, as_of_day, settings)


def quiet_from(
    last_day: date | None,
    day_count: int,
    median_gap: float | None,
    cadence_days: int | None,
    as_of_day: date,
    settings: ScoringSettings = ScoringSettings(),
) -> QuietState | None:
    """Quiet from a contact's last contact day, how many contact days it has and the median gap between them.

    The rhythm is the median interval between contact days once there are three of them
    (the median ignores one long holiday), else the cadence; no cadence then means never quiet.
    """
    _check_cadence(cadence_days)
    if last_day is None or not day_count:
        return None
    if day_count >= MIN_DAYS_FOR_RHYTHM and median_gap is not None:
        rhythm_days, basis = median_gap, "rhythm"
    elif cadence_days is not None:
        rhythm_days, basis = float(cadence_days), "cadence"
    else:
        return None
    threshold = settings.quiet_factor * rhythm_days
    gap_days = (as_of_day - last_day).days
    if gap_days <= threshold or gap_days < settings.quiet_min_gap_days:
        return None
    # the smallest whole gap above the threshold, and at least the minimum gap
    quiet_on = last_day + timedelta(days=max(math.floor(threshold) + 1, settings.quiet_min_gap_days))
    return QuietState(rhythm_days, gap_days, gap_days / rhythm_days, quiet_on, basis)
