"""How far can I rely on this relationship? Pure functions over plain records; `as_of` is always passed in.

Trust is a weighted mean of five components, each 0-100 and each returned with its named
terms and a one-line formula, so `report trust --explain` can show the sum by hand
(docs/scoring.md is the specification). Records dated after `as_of` are ignored, which
is what lets the same history, scored 90 days earlier, give the trend.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from reltrack.core.rules.dates import local_date

COMPONENTS = ("reliability", "consistency", "depth", "reciprocity", "satisfaction")
DEFAULT_WEIGHTS = {"reliability": 0.30, "consistency": 0.25, "depth": 0.15, "reciprocity": 0.10, "satisfaction": 0.20}

# Richest first: how much presence a channel carries. Notes are not contact and never reach scoring.
CHANNEL_RICHNESS = {"meeting": 100, "video": 80, "call": 65, "message": 45, "email": 35, "social": 25, "letter": 20}
DIRECTIONS = ("in", "out")
PROMISE_OWNERS = ("mine", "theirs")
PROMISE_STATUSES = ("open", "kept", "broken", "cancelled")

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
# Confidence counts the touches of the last year (reciprocity's evidence), promises due, ratings and answers.
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

    def __post_init__(self) -> None:
        _require_aware(self.at, "a touchpoint time")
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

    def __post_init__(self) -> None:
        if self.owner not in PROMISE_OWNERS:
            raise ValueError(f"promise owner {self.owner!r} is not 'mine' or 'theirs'")
        if self.status not in PROMISE_STATUSES:
            raise ValueError(f"promise status {self.status!r} is not one of {', '.join(PROMISE_STATUSES)}")
        if self.status != "open" and self.resolved_at is None:
            raise ValueError(f"a {self.status} promise needs resolved_at: without it, on time cannot be told from late")
        if self.resolved_at is not None:
            _require_aware(self.resolved_at, "a promise's resolved_at")


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


@dataclass(frozen=True)
class Component:
    """One component: `score` is unrounded; `formula` is the calculation with its numbers, for --explain."""

    name: str
    score: float
    evidence: int
    terms: tuple[Term, ...]
    formula: str


@dataclass(frozen=True)
class TrustScore:
    trust: float
    confidence: str  # low, medium, high
    evidence: int
    components: dict[str, Component]  # in COMPONENTS order
    trend: float | None  # trust now minus trust TREND_DAYS earlier; None when there was no evidence then
    formula: str = ""  # the weighted mean with its numbers, for --explain


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


def _touches_until(touches: Iterable[TouchRecord], as_of: datetime) -> list[TouchRecord]:
    """Touches that had happened by as_of, oldest first: later ones are ignored as if not yet happened."""
    seen = [touch for touch in touches if touch.at <= as_of]
    seen.sort(key=lambda touch: (touch.at, touch.channel, touch.direction, touch.rating or 0))
    return seen


def _within_lookback(touches: Iterable[TouchRecord], as_of: datetime) -> list[TouchRecord]:
    first_day = local_date(as_of) - timedelta(days=LOOKBACK_DAYS)
    return [touch for touch in touches if local_date(touch.at) >= first_day]


def _recency_weight(at: datetime, as_of: datetime, half_life_days: float) -> float:
    age_days = (as_of - at).total_seconds() / 86400
    return 0.5 ** (age_days / half_life_days)


def _promise_outcome(promise: PromiseRecord, as_of: datetime) -> str | None:
    """How a promise stands at as_of (a key of PROMISE_CREDIT), or None when it does not count (yet)."""
    settled = promise.resolved_at is not None and promise.resolved_at <= as_of
    status = promise.status if settled else "open"  # settled after as_of: still open at as_of
    if status == "kept":
        assert promise.resolved_at is not None
        return "kept on time" if local_date(promise.resolved_at) <= promise.due_on else "kept late"
    if status == "broken":
        return "broken"
    if status == "open" and promise.due_on < local_date(as_of):
        return "open past due"
    return None  # cancelled, or open and not yet due


def reliability(promises: Iterable[PromiseRecord], as_of: datetime) -> Component:
    """Share of due promises kept, both directions, with a Laplace prior: 100 x (credits + 1) / (n + 2)."""
    outcomes = Counter(outcome for promise in promises if (outcome := _promise_outcome(promise, as_of)))
    due = outcomes.total()
    on_time_credit = PROMISE_CREDIT["kept on time"] * outcomes["kept on time"]
    late_credit = PROMISE_CREDIT["kept late"] * outcomes["kept late"]
    score = 100 * (on_time_credit + late_credit + 1) / (due + 2)
    return Component(
        "reliability",
        score,
        due,
        tuple(Term(outcome, outcomes[outcome]) for outcome in PROMISE_CREDIT) + (Term("promises due", due),),
        f"({_num(on_time_credit)} + {_num(late_credit)} + 1) / ({due} + 2) x 100 = {score:.1f}",
    )


def consistency(
    touches: Iterable[TouchRecord],
    cadence_days: int | None,
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> Component:
    """Share of cadence-long windows, counted back from as_of, that hold at least one touch."""
    _check_cadence(cadence_days)
    window_days = cadence_days if cadence_days is not None else settings.default_window_days
    seen = _touches_until(touches, as_of)
    if not seen:
        return Component("consistency", 0.0, 0, (Term("window days", window_days),), "no touches = 0.0")
    as_of_day = local_date(as_of)
    start_day = max(as_of_day - timedelta(days=LOOKBACK_DAYS), local_date(seen[0].at))
    range_days = (as_of_day - start_day).days + 1
    windows = math.ceil(range_days / window_days)  # at least 1: range_days >= 1
    days_back = [(as_of_day - local_date(touch.at)).days for touch in seen]
    # Window k holds days_back in [(k-1) x L, k x L). The oldest window is judged whole, even where
    # it reaches before the range, so a steady rhythm is not penalised for where the year happens to cut.
    filled = len({back // window_days for back in days_back if back < windows * window_days})
    touches_in_range = sum(1 for back in days_back if back < range_days)
    score = 100 * filled / windows
    return Component(
        "consistency",
        score,
        touches_in_range,
        (
            Term("window days", window_days),
            Term("days in range", range_days),
            Term("windows", windows),
            Term("windows with a touch", filled),
        ),
        f"{filled} / {windows} x 100 = {score:.1f}",
    )


def depth(touches: Iterable[TouchRecord], as_of: datetime, settings: ScoringSettings = ScoringSettings()) -> Component:
    """Recency-weighted mean channel richness plus a bonus for variety in the last year."""
    seen = _touches_until(touches, as_of)
    if not seen:
        return Component("depth", 0.0, 0, (), "no touches = 0.0")
    weights = [_recency_weight(touch.at, as_of, settings.half_life_days) for touch in seen]
    weighted_richness = math.fsum(weight * CHANNEL_RICHNESS[touch.channel] for weight, touch in zip(weights, seen))
    total_weight = math.fsum(weights)
    if not total_weight:  # every touch is centuries old: its weight underflowed to 0
        return Component("depth", 0.0, len(seen), (), "no touch recent enough to weigh anything = 0.0")
    mean_richness = weighted_richness / total_weight
    channels = len({touch.channel for touch in _within_lookback(seen, as_of)})
    variety_bonus = min(VARIETY_CAP, VARIETY_STEP * max(0, channels - 1))
    score = min(100.0, mean_richness + variety_bonus)
    return Component(
        "depth",
        score,
        len(seen),
        (
            Term("sum of weight x richness", weighted_richness),
            Term("sum of weights", total_weight),
            Term("mean richness", mean_richness),
            Term("channels in the last 365 days", channels),
            Term("variety bonus", variety_bonus),
        ),
        f"min(100, {_num(weighted_richness)} / {_num(total_weight)} + {_num(variety_bonus)}) = {score:.1f}",
    )


def reciprocity(touches: Iterable[TouchRecord], as_of: datetime) -> Component:
    """Balance of who reaches out over the last year; +2 in the denominator keeps one touch from scoring 0."""
    recent = _within_lookback(_touches_until(touches, as_of), as_of)
    inbound = sum(1 for touch in recent if touch.direction == "in")
    outbound = len(recent) - inbound
    terms = (Term("inbound", inbound), Term("outbound", outbound))
    if not recent:
        return Component("reciprocity", NEUTRAL, 0, terms, f"no touches in the last 365 days = {NEUTRAL:.1f}")
    score = 100 * (1 - abs(inbound - outbound) / (inbound + outbound + 2))
    formula = f"100 x (1 - |{inbound} - {outbound}| / ({inbound} + {outbound} + 2)) = {score:.1f}"
    return Component("reciprocity", score, inbound + outbound, terms, formula)


def satisfaction(
    touches: Iterable[TouchRecord],
    feedback: Iterable[FeedbackRecord],
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> Component:
    """Recency-weighted mean of ratings (1-5 -> 0-100) and feedback (0-10 -> 0-100), pulled toward 50."""
    seen = _touches_until(touches, as_of)
    rated = [(touch.at, (touch.rating - 1) / 4 * 100) for touch in seen if touch.rating is not None]
    answered = [(answer.at, answer.score * 10.0) for answer in feedback if answer.at <= as_of]
    weighted = [(_recency_weight(at, as_of, settings.half_life_days), value) for at, value in rated + answered]
    weighted_value = math.fsum(weight * value for weight, value in weighted)
    total_weight = math.fsum(weight for weight, _ in weighted)
    prior = SATISFACTION_PRIOR_WEIGHT
    score = (weighted_value + prior * NEUTRAL) / (total_weight + prior)
    return Component(
        "satisfaction",
        score,
        len(weighted),
        (
            Term("ratings", len(rated)),
            Term("feedback answers", len(answered)),
            Term("sum of weight x value", weighted_value),
            Term("sum of weights", total_weight),
        ),
        f"({_num(weighted_value)} + {_num(prior)} x {_num(NEUTRAL)}) / ({_num(total_weight)} + {_num(prior)})"
        f" = {score:.1f}",
    )


def confidence_for(evidence: int) -> str:
    for bound, level in CONFIDENCE_LEVELS:
        if evidence < bound:
            return level
    return "high"


def _score_at(
    touches: Sequence[TouchRecord],
    promises: Sequence[PromiseRecord],
    feedback: Sequence[FeedbackRecord],
    cadence_days: int | None,
    as_of: datetime,
    settings: ScoringSettings,
) -> TrustScore:
    parts = (
        reliability(promises, as_of),
        consistency(touches, cadence_days, as_of, settings),
        depth(touches, as_of, settings),
        reciprocity(touches, as_of),
        satisfaction(touches, feedback, as_of, settings),
    )
    components = {part.name: part for part in parts}
    weights = settings.weights
    counted = [name for name in COMPONENTS if weights[name] > 0]
    trust = math.fsum(weights[name] * components[name].score for name in counted) / math.fsum(weights.values())
    formula = (
        "("
        + " + ".join(f"{_num(weights[name])} x {_num(components[name].score)}" for name in counted)
        + f") / {_num(math.fsum(weights.values()))} = {trust:.1f}"
    )
    evidence = sum(components[name].evidence for name in CONFIDENCE_EVIDENCE)
    return TrustScore(trust, confidence_for(evidence), evidence, components, None, formula)


def score_contact(
    touches: Iterable[TouchRecord],
    promises: Iterable[PromiseRecord],
    feedback: Iterable[FeedbackRecord],
    cadence_days: int | None,
    as_of: datetime,
    settings: ScoringSettings = ScoringSettings(),
) -> TrustScore:
    """Trust in one contact at as_of, its components, confidence, and the change over TREND_DAYS.

    The result does not depend on the order of the inputs: touches are sorted and sums are exact (fsum).
    """
    _require_aware(as_of, "as_of")
    _check_cadence(cadence_days)
    touches, promises, feedback = tuple(touches), tuple(promises), tuple(feedback)
    current = _score_at(touches, promises, feedback, cadence_days, as_of, settings)
    earlier = _score_at(touches, promises, feedback, cadence_days, as_of - timedelta(days=TREND_DAYS), settings)
    # With no evidence then, the earlier trust is only the neutral baseline: a change from it means nothing.
    trend = current.trust - earlier.trust if earlier.evidence else None
    return replace(current, trend=trend)


def quiet_state(
    contact_days: Sequence[date],
    cadence_days: int | None,
    as_of_day: date,
    settings: ScoringSettings = ScoringSettings(),
) -> QuietState | None:
    """Has this contact gone quiet: silent for much longer than its usual rhythm? None when not.

    The rhythm is the median interval between contact days once there are three of them
    (the median ignores one long holiday), else the cadence; no cadence then means never quiet.
    """
    _check_cadence(cadence_days)
    days = sorted({day for day in contact_days if day <= as_of_day})
    if not days:
        return None
    if len(days) >= MIN_DAYS_FOR_RHYTHM:
        rhythm_days = float(statistics.median((later - earlier).days for earlier, later in pairwise(days)))
        basis = "rhythm"
    elif cadence_days is not None:
        rhythm_days, basis = float(cadence_days), "cadence"
    else:
        return None
    threshold = settings.quiet_factor * rhythm_days
    gap_days = (as_of_day - days[-1]).days
    if gap_days <= threshold or gap_days < settings.quiet_min_gap_days:
        return None
    # the smallest whole gap above the threshold, and at least the minimum gap
    quiet_on = days[-1] + timedelta(days=max(math.floor(threshold) + 1, settings.quiet_min_gap_days))
    return QuietState(rhythm_days, gap_days, gap_days / rhythm_days, quiet_on, basis)
