"""When is a contact due? Pure functions over plain values; `as_of` is always passed in.

A contact is due at last contact + cadence and overdue at last contact + max gap.
An explicit follow-up date replaces the cadence until a touchpoint after it was set.
The urgency that orders `reltrack due` is a sum of named terms (docs/due.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from reltrack.core.rules.dates import Duration, local_date

FOLLOWUP_GRACE_DAYS = 7  # an explicit follow-up with no cadence is overdue a week after its date
DEFAULT_URGENCY_SCALE_DAYS = 14  # lateness is measured against this when there is no cadence

# urgency = LATENESS_WEIGHT * lateness + OVERDUE_BONUS [if overdue] + REASON_WEIGHT[reason]
LATENESS_WEIGHT = 10.0
LATENESS_RANGE = (-1.0, 3.0)
OVERDUE_BONUS = 4.0
REASON_WEIGHT = {"promise": 5.0, "renewal": 4.0, "chase": 3.0, "followup": 2.0, "quiet": 1.0, "cadence": 0.0}
PROMISE_SCALE_DAYS = 7  # a promise a week late is as pressing as a contact one cadence late
CHASE_GRACE_DAYS = 7  # their promise is "due" for chasing the day after its deadline, "overdue" a week later
DEFAULT_RENEW_NOTICE = Duration(months=1)  # the notice an agreement needs when none was given


@dataclass(frozen=True)
class Rhythm:
    """The cadence in force for a contact and where it comes from (own, tag:NAME, kind)."""

    every: Duration | None
    max_gap: Duration | None
    source: str


def rhythm_for(
    own_every: Duration | None,
    own_max: Duration | None,
    tag_cadences: dict[str, Duration],
    kind_cadence: Duration | None,
    max_factor: float,
) -> Rhythm:
    """Own cadence first, then the most demanding of its tags' cadences, then its kind's default.
    The longest acceptable gap also bounds the cadence: a contact is never overdue before due."""
    if own_every is not None:
        every, source = own_every, "own"
    elif tag_cadences:
        tag, every = min(tag_cadences.items(), key=lambda item: (item[1].approx_days, item[0]))
        source = f"tag:{tag}"
    elif kind_cadence is not None:
        every, source = kind_cadence, "kind"
    elif own_max is not None:
        return Rhythm(own_max, own_max, "max")
    else:
        return Rhythm(None, None, "none")
    max_gap = own_max or every.scaled(max_factor)
    return Rhythm(min(every, max_gap, key=lambda span: span.approx_days), max_gap, source)


class ContactState(NamedTuple):
    """What the due list needs to know about one contact, as plain values (a tuple: there may be
    a hundred thousand of them)."""

    contact_id: int
    name: str
    kind: str
    created_at: datetime
    last_contact: datetime | None  # latest counted touchpoint at or before as_of
    rhythm: Rhythm
    followup_on: date | None = None
    followup_set_at: datetime | None = None
    snoozed_until: datetime | None = None
    last_day: date | None = None  # the day of the last contact, where it was logged (default: its local day)
    contact_days: int = 0  # distinct days with a counted touchpoint, and the median gap between them
    median_gap: float | None = None

    def start_day(self) -> date:
        """The day the cadence counts from: the last contact, else the day the contact was added."""
        if self.last_day is not None:
            return self.last_day
        return local_date(self.last_contact or self.created_at)


class NextDue(NamedTuple):  # one per contact in a listing of everyone: a tuple
    reason: str  # "followup" or "cadence"
    due_on: date
    overdue_on: date
    cadence_days: int | None


@dataclass(frozen=True)
class DueRow:
    contact: str
    status: str  # due, overdue, upcoming
    reason: str
    due_on: date
    days_overdue: int  # negative: days until due
    last_contact: datetime | None
    cadence_days: int | None
    urgency: float
    contact_id: int = 0
    detail: str = ""  # for people: why, in words (the promise, the rhythm); not in csv/json
    promise_id: int | None = None
    agreement_id: int | None = None


DUE_COLUMNS = ("contact", "status", "reason", "due_on", "days_overdue", "last_contact", "cadence_days", "urgency")


def followup_active(state: ContactState, as_of: datetime) -> bool:
    if state.followup_on is None or state.followup_set_at is None or state.followup_set_at > as_of:
        return False
    return state.last_contact is None or state.followup_set_at >= state.last_contact


def next_due(state: ContactState, as_of: datetime) -> NextDue | None:
    """The date this contact next needs attention, or None when nothing asks for it."""
    start = state.start_day()
    every, max_gap = state.rhythm.every, state.rhythm.max_gap
    cadence_due = every.after(start) if every else None
    cadence_days = (cadence_due - start).days if cadence_due else None
    if followup_active(state, as_of):
        assert state.followup_on is not None
        grace = (max_gap.after(start) - cadence_due).days if cadence_due and max_gap else FOLLOWUP_GRACE_DAYS
        return NextDue("followup", state.followup_on, state.followup_on + timedelta(days=grace), cadence_days)
    if cadence_due is None:
        return None
    overdue_on = max_gap.after(start) if max_gap else cadence_due
    return NextDue("cadence", cadence_due, max(overdue_on, cadence_due), cadence_days)


def urgency(days_overdue: int, cadence_days: int | None, overdue: bool, reason: str) -> float:
    """Relative lateness weighs most: 7 days late on a weekly rhythm beats 7 days late on a quarterly one."""
    scale = cadence_days or DEFAULT_URGENCY_SCALE_DAYS
    lateness = min(max(days_overdue / scale, LATENESS_RANGE[0]), LATENESS_RANGE[1])
    total = LATENESS_WEIGHT * lateness + (OVERDUE_BONUS if overdue else 0.0) + REASON_WEIGHT.get(reason, 0.0)
    return round(total, 2)


def snoozed(state: ContactState, as_of: datetime) -> bool:
    return state.snoozed_until is not None and as_of < state.snoozed_until


def assess(state: ContactState, as_of: datetime, within_days: int = 0) -> DueRow | None:
    """A row for `reltrack due` when the contact is due, overdue, or due within `within_days`.
    A snoozed contact is only ever upcoming: from the later of its due date and the snooze's end."""
    upcoming = next_due(state, as_of)
    if upcoming is None:
        return None
    today = local_date(as_of)
    if snoozed(state, as_of):
        assert state.snoozed_until is not None
        wakes_on = max(upcoming.due_on, local_date(state.snoozed_until))
        if wakes_on > today + timedelta(days=within_days):
            return None
        upcoming = NextDue(upcoming.reason, wakes_on, max(upcoming.overdue_on, wakes_on), upcoming.cadence_days)
        status: str | None = "upcoming"
    else:
        status = _status(today, upcoming.due_on, upcoming.overdue_on, within_days)
    if status is None:
        return None
    days_overdue = (today - upcoming.due_on).days
    return DueRow(
        contact=state.name,
        status=status,
        reason=upcoming.reason,
        due_on=upcoming.due_on,
        days_overdue=days_overdue,
        last_contact=state.last_contact,
        cadence_days=upcoming.cadence_days,
        urgency=urgency(days_overdue, upcoming.cadence_days, status == "overdue", upcoming.reason),
        contact_id=state.contact_id,
        detail="the follow-up date you set" if upcoming.reason == "followup" else f"time to get in touch (every {state.rhythm.every})",
    )


def _status(today: date, due_on: date, overdue_on: date, within_days: int) -> str | None:
    if today >= overdue_on:
        return "overdue"
    if today >= due_on:
        return "due"
    if due_on <= today + timedelta(days=within_days):
        return "upcoming"
    return None


def promise_row(
    state: ContactState, owner: str, what: str, deadline: date, as_of: datetime, within_days: int = 0, promise_id: int | None = None
) -> DueRow | None:
    """My open promise: due on its deadline, overdue the day after. Their open promise: time to
    chase it the day after its deadline (reason `chase`), overdue a week later."""
    today = local_date(as_of)
    if owner == "mine":
        reason, due_on, overdue_on = "promise", deadline, deadline + timedelta(days=1)
    else:
        reason, due_on = "chase", deadline + timedelta(days=1)
        overdue_on = deadline + timedelta(days=CHASE_GRACE_DAYS)
    status = _status(today, due_on, overdue_on, within_days)
    if status is None:
        return None
    days_overdue = (today - deadline).days
    cadence_days = cadence_days_on(state, today)
    return DueRow(
        contact=state.name,
        status=status,
        reason=reason,
        due_on=deadline,
        days_overdue=days_overdue,
        last_contact=state.last_contact,
        cadence_days=cadence_days,
        urgency=urgency(days_overdue, PROMISE_SCALE_DAYS, status == "overdue", reason),
        contact_id=state.contact_id,
        detail=f"{'you promised' if owner == 'mine' else 'they promised'}: {what}",
        promise_id=promise_id,
    )


def notice_day(ends_on: date, notice: Duration | None) -> date:
    """The last day to give notice on an agreement ending on `ends_on`: to renew it, renegotiate or end it."""
    return (notice or DEFAULT_RENEW_NOTICE).before(ends_on)


def renewal_row(
    state: ContactState,
    agreement_id: int,
    title: str,
    ends_on: date,
    notice: Duration | None,
    as_of: datetime,
    within_days: int = 0,
) -> DueRow | None:
    """An agreement coming up for renewal: due on its notice day (the end date minus the notice
    period), overdue from the day after, listed until it ends; upcoming within `within_days` before."""
    today = local_date(as_of)
    if ends_on < today:
        return None
    notice_on = notice_day(ends_on, notice)
    status = _status(today, notice_on, notice_on + timedelta(days=1), within_days)
    if status is None:
        return None
    days_overdue = (today - notice_on).days
    return DueRow(
        contact=state.name,
        status=status,
        reason="renewal",
        due_on=notice_on,
        days_overdue=days_overdue,
        last_contact=state.last_contact,
        cadence_days=cadence_days_on(state, today),
        urgency=urgency(days_overdue, PROMISE_SCALE_DAYS, status == "overdue", "renewal"),
        contact_id=state.contact_id,
        detail=f"renew or end: {title}, ends {ends_on.isoformat()} ({notice or DEFAULT_RENEW_NOTICE} notice)",
        agreement_id=agreement_id,
    )


def quiet_row(state: ContactState, quiet_on: date, rhythm_days: float, as_of: datetime) -> DueRow:
    """A relationship gone quiet: listed from the day it counted as quiet."""
    today = local_date(as_of)
    days_overdue = (today - quiet_on).days
    return DueRow(
        contact=state.name,
        status="due",
        reason="quiet",
        due_on=quiet_on,
        days_overdue=days_overdue,
        last_contact=state.last_contact,
        cadence_days=cadence_days_on(state, today),
        urgency=urgency(days_overdue, round(rhythm_days) or None, False, "quiet"),
        contact_id=state.contact_id,
        detail=f"gone quiet (usually every {rhythm_days:g} days)",
    )


def cadence_days_on(state: ContactState, today: date) -> int | None:
    """The cadence in days for the period starting `today` (a month is 28 to 31 days)."""
    every = state.rhythm.every
    return every.days_from(today) if every else None


def sort_due(rows: list[DueRow]) -> list[DueRow]:
    """Due and overdue first, most urgent first; then what is only upcoming, soonest first."""

    def key(row: DueRow) -> tuple:
        if row.status == "upcoming":
            return (1, row.due_on.toordinal(), -row.urgency, row.contact.casefold())
        return (0, -row.urgency, row.due_on.toordinal(), row.contact.casefold())

    return sorted(rows, key=key)
