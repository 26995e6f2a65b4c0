"""The `show` page: one contact's details, rhythm, trust, promises and a year of contact at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from reltrack.config import Config
from reltrack.core.rules import cadence
from reltrack.core.rules import periods
from reltrack import vocab
from reltrack.core.contacts import find_contact
from reltrack.core.rules.dates import Duration, local_date, local_midnight
from reltrack.core.followups import contact_states
from reltrack.core.promises import PromiseRow, list_promises
from reltrack.core.touches import TouchRow, list_touches
from reltrack.core.reports.trust import Explanation, explain
from reltrack.store import queries


@dataclass(frozen=True)
class ContactProfile:
    fields: list[tuple[str, object]]
    trust: Explanation
    open_promises: list[PromiseRow]
    recent: list[TouchRow]
    months: list[tuple[str, int]]  # (YYYY-MM, counted touchpoints) over the last 12 months


def monthly_counts(session: Session, contact_id: int, as_of: datetime) -> list[tuple[str, int]]:
    today = local_date(as_of)
    first = Duration(months=11).before(periods.period_start(today, "month"))
    starts = periods.period_starts(first, today, "month")
    boundaries = [local_midnight(day) for day in starts] + [as_of]
    counts = [0] * len(starts)
    for _, index, _, _, touches in queries.period_counts(session, boundaries, vocab.COUNTED_CHANNELS, [contact_id]):
        counts[index] += touches
    return [(day.strftime("%Y-%m"), count) for day, count in zip(starts, counts, strict=True)]


def contact_profile(session: Session, config: Config, as_of: datetime, query: str) -> ContactProfile:
    contact = find_contact(session, query)
    [(_, state)] = contact_states(session, config, as_of, include_archived=True, contact_ids=[contact.id])
    upcoming = cadence.next_due(state, as_of)
    tags = [name for name, _ in queries.tags_by_contact(session, [contact.id]).get(contact.id, [])]  # type: ignore[list-item]
    rhythm = state.rhythm
    months = monthly_counts(session, contact.id, as_of)  # type: ignore[arg-type]
    trust = explain(session, config, as_of, contact.id)  # type: ignore[arg-type]
    fields: list[tuple[str, object]] = [
        ("name", contact.name),
        ("kind", contact.kind),
        ("org", contact.org),
        ("email", contact.email),
        ("phone", contact.phone),
        ("tags", tags),
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
    ]
    return ContactProfile(
        fields=fields,
        trust=trust,
        open_promises=list_promises(session, as_of, contact.name, only_open=True),
        recent=list_touches(session, contact.name, limit=10),
        months=months,
    )
