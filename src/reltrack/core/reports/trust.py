"""Trust and quiet, per contact: gather the records from the store, hand them to the pure scoring."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from reltrack.config import Config
from reltrack.core.rules import scoring
from reltrack import vocab
from reltrack.core.rules.cadence import ContactState, cadence_days_on
from reltrack.core.rules.dates import local_date
from reltrack.core.followups import contact_states
from reltrack.core.reports.listing import filter_contacts
from reltrack.errors import InvalidInput
from reltrack.store import queries
from reltrack.store.models import Contact

TRUST_SORTS = ("trust", "name", "trend")


@dataclass
class History:
    """Everything scoring needs about one contact, as plain records."""

    touches: list[scoring.TouchRecord] = field(default_factory=list)
    promises: list[scoring.PromiseRecord] = field(default_factory=list)
    feedback: list[scoring.FeedbackRecord] = field(default_factory=list)


def histories(session: Session, as_of: datetime, contact_ids: Iterable[int] | None = None) -> dict[int, History]:
    ids = list(contact_ids) if contact_ids is not None else None
    result: dict[int, History] = defaultdict(History)
    for contact_id, at, channel, direction, rating in queries.touch_records(session, vocab.COUNTED_CHANNELS, as_of, ids):
        result[contact_id].touches.append(scoring.TouchRecord(at, channel, direction, rating))
    for contact_id, _, _, owner, due_on, status, resolved_at in queries.promise_records(session, ids):
        result[contact_id].promises.append(scoring.PromiseRecord(owner, due_on, status, resolved_at))
    for contact_id, at, score in queries.feedback_records(session, as_of, ids):
        result[contact_id].feedback.append(scoring.FeedbackRecord(at, score))
    return result


def cadence_days(state: ContactState, as_of: datetime) -> int | None:
    return cadence_days_on(state, local_date(as_of))


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


def _row(contact: Contact, state: ContactState, history: History, score: scoring.TrustScore, as_of: datetime) -> TrustRow:
    settled = [p for p in history.promises if p.resolved_at is not None and p.resolved_at <= as_of]
    return TrustRow(
        contact=contact.name,
        kind=contact.kind,
        trust=round(score.trust, 1),
        confidence=score.confidence,
        trend=_one_decimal(score.trend),
        **{name: round(score.components[name].score, 1) for name in scoring.COMPONENTS},  # type: ignore[arg-type]
        promises_kept=sum(p.status == "kept" for p in settled),
        promises_broken=sum(p.status == "broken" for p in settled),
        touches=len(history.touches),
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
    states = filter_contacts(session, contact_states(session, config, as_of), kind, tag)
    records = histories(session, as_of, [contact.id for contact, _ in states])  # type: ignore[misc]
    rows = []
    for contact, state in states:
        history = records.get(contact.id, History())  # type: ignore[arg-type]
        score = scoring.score_contact(
            history.touches, history.promises, history.feedback, cadence_days(state, as_of), as_of, config.scoring
        )
        rows.append(_row(contact, state, history, score, as_of))
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
    [(contact, state)] = contact_states(session, config, as_of, include_archived=True, contact_ids=[contact_id])
    history = histories(session, as_of, [contact_id]).get(contact_id, History())
    score = scoring.score_contact(
        history.touches, history.promises, history.feedback, cadence_days(state, as_of), as_of, config.scoring
    )
    return Explanation(contact.name, as_of, score, config.scoring.weights)


@dataclass(frozen=True)
class QuietRow:
    contact: str
    rhythm_days: float
    gap_days: int
    ratio: float
    last_contact: datetime | None
    quiet_since: date
    basis: str  # rhythm: the median interval of its own history; cadence: too little history, the cadence


QUIET_COLUMNS = ("contact", "rhythm_days", "gap_days", "ratio", "last_contact", "quiet_since", "basis")


def contact_days(history: History) -> list[date]:
    return sorted({local_date(touch.at) for touch in history.touches})


def quiet_contacts(
    session: Session, config: Config, as_of: datetime, states: list[tuple[Contact, ContactState]] | None = None
) -> list[tuple[Contact, ContactState, scoring.QuietState]]:
    """Active contacts whose current silence is far longer than their own rhythm."""
    states = states if states is not None else contact_states(session, config, as_of)
    records = histories(session, as_of, [contact.id for contact, _ in states])  # type: ignore[misc]
    found = []
    for contact, state in states:
        days = contact_days(records.get(contact.id, History()))  # type: ignore[arg-type]
        quiet = scoring.quiet_state(days, cadence_days(state, as_of), local_date(as_of), config.scoring)
        if quiet is not None:
            found.append((contact, state, quiet))
    return found


def quiet_report(session: Session, config: Config, as_of: datetime) -> list[QuietRow]:
    rows = [
        QuietRow(contact.name, round(q.rhythm_days, 1), q.gap_days, round(q.ratio, 2), state.last_contact, q.quiet_on, q.basis)
        for contact, state, q in quiet_contacts(session, config, as_of)
    ]
    return sorted(rows, key=lambda r: (-r.ratio, r.contact.casefold()))
