"""The morning list: everyone who needs attention, and why, most urgent first.

Reasons, per contact: an explicit `followup`, else the `cadence`, else gone `quiet` (one row at most);
plus one row per open promise of mine coming due (`promise`) and of theirs past due (`chase`), and
one per agreement whose notice day has come and that no later agreement replaces (`renewal`).
Snoozing a contact hides the first kind only: a promise is kept, and a contract renewed, whether
or not you are in touch.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.agreements import still_to_renew
from reltrack.core.reports.quiet import quiet_of
from reltrack.core.rules import cadence
from reltrack.core.rules.dates import local_date, parse_duration
from reltrack.core.state import contact_states
from reltrack.store import aggregates
from reltrack.store import touches as stored_touches


def due(session: Session, config: Config, as_of: datetime, within_days: int = 0, mine: str | None = None) -> list[cadence.DueRow]:
    """What needs attention; `mine` (a user name): only the contacts that user holds (`--mine`)."""
    held = stored_touches.held_by(session, mine) if mine is not None else None
    promises = aggregates.open_promises(session, as_of)
    agreements = still_to_renew(session, local_date(as_of))
    promised = {contact_id for contact_id, *_ in promises} | {contact_id for contact_id, *_ in agreements}
    states: dict[int, cadence.ContactState] = {}  # of contacts with open promises or agreements
    rows = []
    for _, state in contact_states(session, config, as_of):
        if held is not None and state.contact_id not in held:
            continue
        if state.contact_id in promised:
            states[state.contact_id] = state
        row = cadence.assess(state, as_of, within_days)
        if row is not None and row.status != "upcoming":
            rows.append(row)
            continue
        # gone quiet is due now: it stands in for a follow-up or cadence row that is only upcoming
        quiet = None if cadence.snoozed(state, as_of) else quiet_of(state, as_of, config.scoring)
        if quiet is not None:
            rows.append(cadence.quiet_row(state, quiet.quiet_on, quiet.rhythm_days, as_of))
        elif row is not None:
            rows.append(row)
    for contact_id, promise_id, what, owner, deadline in promises:
        state = states.get(contact_id)  # None: an archived contact's promise
        if state is not None and (row := cadence.promise_row(state, owner, what, deadline, as_of, within_days, promise_id)):
            rows.append(row)
    for contact_id, agreement_id, title, _, ends_on, notice in agreements:
        state = states.get(contact_id)
        span = parse_duration(notice) if notice else None
        if state is not None and (row := cadence.renewal_row(state, agreement_id, title, ends_on, span, as_of, within_days)):
            rows.append(row)
    return cadence.sort_due(rows)
