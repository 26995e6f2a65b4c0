"""The periodic review: what changed since the last one (or, the first time, over the last 30 days).

Relationships newly quiet, trust lost, promises broken, new detractors, valuable relationships at
risk, renewals coming, deals won and lost, and the biggest movers of trust either way. `review
--mark` records that it was done, so the next one starts from there (docs/portfolio.md, review).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.agreements import still_to_renew
from reltrack.core.reports.quiet import quiet_of
from reltrack.core.reports.risk import risk_report
from reltrack.core.reports.trust import score_contacts
from reltrack.core.rules import money
from reltrack.core.rules import portfolio as rules
from reltrack.core.rules.cadence import notice_day
from reltrack.core.rules.dates import local_date, parse_duration
from reltrack.core.state import contact_states
from reltrack.errors import InvalidInput
from reltrack.store import contacts as stored_contacts
from reltrack.store import deals as stored_deals
from reltrack.store import portfolio as stored
from reltrack.store import reviews as stored_reviews

FIRST_REVIEW_DAYS = 30  # the first review covers this many days
RENEWALS_AHEAD_DAYS = 30  # renewals whose notice day falls within this many days are coming
MOVERS = 3  # biggest movers listed each way
MIN_MOVE = 1.0  # points of trust: smaller changes are no movement

# (key, heading) in the order the review shows them; the keys are the json's
SECTIONS = (
    ("newly_quiet", "Newly quiet"),
    ("trust_drops", "Trust down 10 points or more"),
    ("promises_broken", "Promises broken"),
    ("new_detractors", "New detractors"),
    ("value_at_risk", "Valuable relationships at risk"),
    ("renewals", "Renewals coming"),
    ("deals", "Deals won and lost"),
    ("movers_up", "Biggest movers up"),
    ("movers_down", "Biggest movers down"),
)


@dataclass(frozen=True)
class ReviewItem:
    contact: str | None
    detail: str  # in words
    figure: float | None = None  # the trust change, for trust drops and movers
    amount: Decimal | None = None  # the deal's value
    currency: str | None = None
    day: date | None = None  # when it happened, or falls due


@dataclass(frozen=True)
class Review:
    since: datetime
    until: datetime
    last_review: datetime | None  # the last review marked done, if any
    first: bool  # no review was marked before: this one covers the last 30 days
    sections: dict[str, list[ReviewItem]] = field(default_factory=dict)

    @property
    def quiet_sections(self) -> list[str]:
        """The headings of the sections with nothing in them."""
        return [heading for key, heading in SECTIONS if not self.sections.get(key)]


def review_start(session: Session, now: datetime, since: datetime | None) -> tuple[datetime, datetime | None]:
    """Where a review starts: --since, else the last review marked done, else 30 days ago."""
    last = stored_reviews.last(session, before=now)
    if since is not None:
        if since >= now:
            raise InvalidInput("--since must be in the past: a review looks back")
        return since, last.at if last else None
    if last is not None:
        return last.at, last.at
    return now - timedelta(days=FIRST_REVIEW_DAYS), None


def review(session: Session, config: Config, now: datetime, since: datetime | None = None) -> Review:
    start, last = review_start(session, now, since)
    names = dict(stored_contacts.selected(session, stored_contacts.selection()))
    sections = {key: [] for key, _ in SECTIONS}  # type: dict[str, list[ReviewItem]]
    states_now = [state for _, state in contact_states(session, config, now)]
    since_day = local_date(start)
    for state in states_now:
        quiet = quiet_of(state, now, config.scoring)
        if quiet is not None and quiet.quiet_on > since_day:
            detail = f"silent for {quiet.gap_days} days, usually every {quiet.rhythm_days:g}"
            sections["newly_quiet"].append(ReviewItem(state.name, detail, figure=round(quiet.ratio, 2), day=quiet.quiet_on))
    sections["newly_quiet"].sort(key=lambda item: (-(item.figure or 0), item.contact.casefold()))  # type: ignore[union-attr]
    _trust_changes(session, config, now, start, states_now, sections)
    for contact_id, _, what, owner, due_on in stored.broken_between(session, start, now):
        whose = "you broke" if owner == "mine" else "they broke"
        sections["promises_broken"].append(ReviewItem(_name(session, names, contact_id), f"{whose}: {what} (due {due_on.isoformat()})", day=due_on))
    for contact_id, score, at, note in stored.answers_up_to(session, start, now, rules.DETRACTOR_UP_TO, after=True):
        detail = f"answered {score}/10" + (f": {note}" if note else "")
        sections["new_detractors"].append(ReviewItem(_name(session, names, contact_id), detail, figure=float(score), day=local_date(at)))
    for row in risk_report(session, config, now):
        if row.area == "value at risk":
            sections["value_at_risk"].append(ReviewItem(row.contact, row.reason, currency=row.currency))
    today = local_date(now)
    for contact_id, _, title, _, ends_on, notice in still_to_renew(session, today):
        notice_on = notice_day(ends_on, parse_duration(notice) if notice else None)
        if notice_on <= today + timedelta(days=RENEWALS_AHEAD_DAYS):
            when = "the notice day has passed" if notice_on < today else f"give notice by {notice_on.isoformat()}"
            detail = f"{title}: ends {ends_on.isoformat()}, {when}"
            sections["renewals"].append(ReviewItem(_name(session, names, contact_id), detail, day=notice_on))
    for contact_id, _, title, stage, value, currency, closed_on in stored_deals.closed_between(session, start, now):
        amount = money.exact(value, currency)
        detail = f"{stage}: {title}, {money.text(amount)} {currency}"
        sections["deals"].append(ReviewItem(_name(session, names, contact_id), detail, amount=amount, currency=currency, day=closed_on))
    return Review(start, now, last, last is None and since is None, sections)


def _name(session: Session, names: dict[int, str], contact_id: int) -> str:
    if contact_id not in names:  # an archived contact's
        names.update(stored_contacts.name_of(session, [contact_id]))
    return names[contact_id]


def _trust_changes(session: Session, config: Config, now: datetime, start: datetime, states_now: list, sections: dict[str, list[ReviewItem]]) -> None:
    """Trust now against trust at the start of the review, for the contacts there was evidence on then."""
    after = {state.contact_id: (state, scored) for state, scored in score_contacts(session, config, now, states_now)}
    states_then = [state for _, state in contact_states(session, config, start) if state.contact_id in after]
    changes = []
    for state, scored in score_contacts(session, config, start, states_then):
        if not scored.score.evidence:
            continue  # nothing was known then: trust was only the neutral baseline
        current = after[state.contact_id][1].score.trust
        changes.append((round(current - scored.score.trust, 1), state.name, round(scored.score.trust), round(current)))
    for change, name, then, current in sorted(changes, key=lambda item: (item[0], item[1].casefold())):
        if change <= -rules.TRUST_DROP:
            sections["trust_drops"].append(ReviewItem(name, f"trust from {then} to {current} ({change:+.1f})", figure=change))
    down = [item for item in sorted(changes, key=lambda item: (item[0], item[1].casefold())) if item[0] <= -MIN_MOVE][:MOVERS]
    up = [item for item in sorted(changes, key=lambda item: (-item[0], item[1].casefold())) if item[0] >= MIN_MOVE][:MOVERS]
    for key, movers in (("movers_up", up), ("movers_down", down)):
        sections[key] = [ReviewItem(name, f"trust from {then} to {current} ({change:+.1f})", figure=change) for change, name, then, current in movers]


def mark_review(session: Session, now: datetime, since: datetime) -> None:
    """Record that the review covering since..now was done: the next one starts from now."""
    stored_reviews.add(session, now, since)


def review_record(digest: Review) -> dict:
    """The review as one object for `--format json`."""
    def item(entry: ReviewItem) -> dict:
        return {
            "contact": entry.contact,
            "detail": entry.detail,
            "figure": entry.figure,
            "amount": money.text(entry.amount) if entry.amount is not None else None,
            "currency": entry.currency,
            "day": entry.day.isoformat() if entry.day else None,
        }

    def instant(moment: datetime | None) -> str | None:
        return moment.astimezone().isoformat(timespec="seconds") if moment else None

    return {
        "since": instant(digest.since),
        "until": instant(digest.until),
        "last_review": instant(digest.last_review),
        "first": digest.first,
        "sections": {key: [item(entry) for entry in digest.sections[key]] for key, _ in SECTIONS},
    }
