"""The morning list: everyone who needs attention, and why, most urgent first.

Reasons, per contact: an explicit `followup`, else the `cadence`, else gone `quiet` (one row at most);
plus one row per open promise of mine coming due (`promise`) and of theirs past due (`chase`).
Snoozing a contact hides the first kind only: a promise is kept whether or not you are in touch.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from reltrack.config import Config
from reltrack.core.rules import cadence
from reltrack.core.followups import contact_states
from reltrack.core.reports.trust import quiet_contacts
from reltrack.store import queries


def due(session: Session, config: Config, as_of: datetime, within_days: int = 0) -> list[cadence.DueRow]:
    states = contact_states(session, config, as_of)
    rows = [row for _, state in states if (row := cadence.assess(state, as_of, within_days)) is not None]
    # gone quiet is due now: it stands in for a follow-up or cadence row that is only upcoming
    due_now = {row.contact_id for row in rows if row.status != "upcoming"}
    candidates = [(c, s) for c, s in states if c.id not in due_now and not cadence.snoozed(s, as_of)]
    quiet = quiet_contacts(session, config, as_of, candidates)
    quiet_ids = {contact.id for contact, _, _ in quiet}
    rows = [row for row in rows if row.contact_id not in quiet_ids]
    rows += [cadence.quiet_row(state, q.quiet_on, q.rhythm_days, as_of) for _, state, q in quiet]

    by_id = {contact.id: state for contact, state in states}
    for contact_id, promise_id, what, owner, deadline, status, resolved_at in queries.promise_records(session, list(by_id)):
        still_open = status == "open" or (resolved_at is not None and resolved_at > as_of)
        state = by_id[contact_id]
        if still_open and (row := cadence.promise_row(state, owner, what, deadline, as_of, within_days, promise_id)):
            rows.append(row)
    return cadence.sort_due(rows)
