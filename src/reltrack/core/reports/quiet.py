"""Relationships gone quiet: silent far longer than their own rhythm (docs/scoring.md, gone quiet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.rules import scoring
from reltrack.core.rules.cadence import ContactState
from reltrack.core.rules.dates import local_date
from reltrack.core.state import contact_states


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


def quiet_of(state: ContactState, as_of: datetime, settings: scoring.ScoringSettings) -> scoring.QuietState | None:
    """Whether this contact has gone quiet as of `as_of`, from its summary."""
    # the cadence in days counted from the last contact, so the day it went quiet does not move with as_of
    cadence_days = state.rhythm.every.days_from(state.start_day()) if state.rhythm.every else None
    return scoring.quiet_from(state.last_day, state.contact_days, state.median_gap, cadence_days, local_date(as_of), settings)


def quiet_report(session: Session, config: Config, as_of: datetime) -> list[QuietRow]:
    """Active contacts whose current silence is far longer than their usual rhythm, the longest first."""
    rows = [
        QuietRow(state.name, round(q.rhythm_days, 1), q.gap_days, round(q.ratio, 2), state.last_contact, q.quiet_on, q.basis)
        for _, state in contact_states(session, config, as_of)
        if (q := quiet_of(state, as_of, config.scoring)) is not None
    ]
    return sorted(rows, key=lambda r: (-r.ratio, r.contact.casefold()))
