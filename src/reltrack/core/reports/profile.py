"""The `show` page: one contact's details, rhythm, trust, promises and a year of contact at a glance.
Every part is an indexed lookup of this one contact: it costs the same with ten contacts or a
hundred thousand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.promises import FeedbackRow, PromiseRow, list_feedback, list_promises
from reltrack.core.reports.trust import Explanation, explain
from reltrack.core.rules import cadence, periods
from reltrack.core.rules.dates import Duration, local_date
from reltrack.core.state import state_of
from reltrack.core.touches import TouchRow, list_touches
from reltrack.store import aggregates
from reltrack.store import contacts as stored


@dataclass(frozen=True)
class ContactProfile:
    fields: list[tuple[str, object]]
    trust: Explanation
    open_promises: list[PromiseRow]
    feedback: list[FeedbackRow]  # every answer, newest first
    recent: list[TouchRow]
    months: list[tuple[str, int]]  # (YYYY-MM, counted touchpoints) over the last 12 months


def monthly_counts(session: Session, contact_id: int, as_of: datetime) -> list[tuple[str, int]]:
    this_month = periods.period_start(local_date(as_of), "month")
    starts = periods.period_starts(Duration(months=11).before(this_month), this_month, "month")
    counts = aggregates.months_of(session, contact_id, starts[0], starts[-1])
    return [(day.strftime("%Y-%m"), counts.get(day, 0)) for day in starts]


def card_properties(extra: str | None) -> list[str] | None:
    """The names of the vCard properties kept as they came (PHOTO, X-ABLABEL...): what they hold
    can be long (a picture) and is only for writing the card back."""
    if not extra:
        return None
    heads = (line.split(":", 1)[0].split(";", 1)[0] for line in extra.splitlines() if line.strip())
    return list(dict.fromkeys(head.rsplit(".", 1)[-1].upper() for head in heads))


def contact_profile(session: Session, config: Config, as_of: datetime, contact_id: int) -> ContactProfile:
    contact = stored.get(session, contact_id)
    _, state = state_of(session, config, as_of, contact_id)
    upcoming = cadence.next_due(state, as_of)
    tags = [name for name, _ in stored.tags_of(session, [contact_id]).get(contact_id, [])]
    rhythm = state.rhythm
    months = monthly_counts(session, contact_id, as_of)
    trust = explain(session, config, as_of, contact_id)
    fields: list[tuple[str, object]] = [
        ("name", contact.name),
        ("kind", contact.kind),
        ("org", contact.org),
        ("department", contact.department),
        ("title", contact.title),
        ("email", contact.email),
        ("phone", contact.phone),
        ("birthday", contact.birthday),
        ("url", contact.url),
        ("address", contact.address),
        ("tags", tags),
        ("introduced_by", stored.name_of(session, [contact.introduced_by_id])[contact.introduced_by_id] if contact.introduced_by_id else None),
        ("cadence", f"{rhythm.every} (from {rhythm.source})" if rhythm.every else None),
        ("max_gap", str(rhythm.max_gap) if rhythm.max_gap else None),
        ("last_contact", state.last_contact),
        ("next_due", upcoming.due_on if upcoming else None),
        ("due_reason", upcoming.reason if upcoming else None),
        ("followup_on", contact.followup_on if cadence.followup_active(state, as_of) else None),
        ("snoozed_until", contact.snoozed_until if contact.snoozed_until and contact.snoozed_until > as_of else None),
        ("trust", round(trust.score.trust, 1)),
        ("confidence", trust.score.confidence),
        ("trend", None if trust.score.trend is None else round(trust.score.trend, 1)),
        ("last_12_months", periods.sparkline([count for _, count in months])),
        ("added", contact.created_at),
        ("archived", contact.archived_at),
        ("notes", contact.notes),
        ("card_extra", card_properties(contact.card_extra)),
        ("uid", contact.uid),
    ]
    return ContactProfile(
        fields=fields,
        trust=trust,
        open_promises=list_promises(session, as_of, contact_id, only_open=True),
        feedback=list_feedback(session, contact_id),
        recent=list_touches(session, contact_id, limit=10),
        months=months,
    )
