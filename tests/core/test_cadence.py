"""The due rules as pure functions, on fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reltrack.core.rules import cadence
from reltrack.core.rules.dates import Duration


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


AS_OF = datetime(2026, 6, 30, 12, tzinfo=UTC)
TWO_WEEKS = cadence.Rhythm(Duration(days=14), Duration(days=21), "own")


def state(last: datetime | None, rhythm=TWO_WEEKS, **extra) -> cadence.ContactState:
    return cadence.ContactState(1, "Ana", "client", datetime(2026, 1, 1, tzinfo=UTC), last, rhythm, **extra)


def test_rhythm_prefers_own_then_tag_then_kind():
    kind = Duration(months=1)
    assert cadence.rhythm_for(Duration(days=7), None, {"vip": Duration(days=3)}, kind, 1.5).source == "own"
    tagged = cadence.rhythm_for(None, None, {"vip": Duration(days=10), "x": Duration(months=2)}, kind, 1.5)
    assert (tagged.every, tagged.max_gap, tagged.source) == (Duration(days=10), Duration(days=15), "tag:vip")
    assert cadence.rhythm_for(None, None, {}, kind, 1.5) == cadence.Rhythm(kind, Duration(1, 15), "kind")
    assert cadence.rhythm_for(None, None, {}, None, 1.5).every is None


@pytest.mark.parametrize(
    "last_day, status, days_overdue",
    [
        (date(2026, 6, 20), None, None),  # 10 days: not yet
        (date(2026, 6, 16), "due", 0),  # 14 days: due today
        (date(2026, 6, 10), "due", 6),
        (date(2026, 6, 9), "overdue", 7),  # 21 days: overdue from last + max
    ],
)
def test_status_by_gap(last_day, status, days_overdue):
    row = cadence.assess(state(datetime.combine(last_day, datetime.min.time(), UTC)), AS_OF)
    assert (row.status, row.days_overdue) == (status, days_overdue) if row else status is None


def test_upcoming_within_window():
    last = datetime(2026, 6, 25, tzinfo=UTC)  # due 2026-07-09
    assert cadence.assess(state(last), AS_OF, within_days=8) is None
    row = cadence.assess(state(last), AS_OF, within_days=9)
    assert (row.status, row.days_overdue, row.due_on) == ("upcoming", -9, date(2026, 7, 9))


def test_months_use_calendar_arithmetic():
    monthly = cadence.Rhythm(Duration(months=1), Duration(months=1, days=15), "kind")
    row = cadence.assess(state(datetime(2026, 1, 31, tzinfo=UTC), monthly), datetime(2026, 2, 28, 9, tzinfo=UTC))
    assert (row.due_on, row.cadence_days) == (date(2026, 2, 28), 28)


def test_followup_overrides_until_a_later_touchpoint():
    last = datetime(2026, 6, 29, tzinfo=UTC)
    set_at = datetime(2026, 6, 29, 10, tzinfo=UTC)
    pending = state(last, followup_on=date(2026, 6, 30), followup_set_at=set_at)
    row = cadence.assess(pending, AS_OF)
    assert (row.reason, row.status, row.due_on) == ("followup", "due", date(2026, 6, 30))
    after = state(datetime(2026, 6, 29, 11, tzinfo=UTC), followup_on=date(2026, 6, 30), followup_set_at=set_at)
    assert cadence.assess(after, AS_OF) is None


def test_followup_without_cadence_has_a_week_of_grace():
    no_rhythm = cadence.Rhythm(None, None, "none")
    s = state(None, no_rhythm, followup_on=date(2026, 6, 20), followup_set_at=datetime(2026, 6, 1, tzinfo=UTC))
    assert cadence.assess(s, AS_OF).status == "overdue"  # 10 days past a follow-up date
    assert cadence.assess(state(None, no_rhythm), AS_OF) is None


def test_snoozed_until_later():
    s = state(datetime(2026, 5, 1, tzinfo=UTC), snoozed_until=datetime(2026, 7, 1, tzinfo=UTC))
    assert cadence.assess(s, AS_OF) is None
    assert cadence.assess(s, datetime(2026, 7, 1, tzinfo=UTC)).status == "overdue"


def test_urgency_terms():
    assert cadence.urgency(7, 7, True, "cadence") == 10.0 * 1 + 4.0
    assert cadence.urgency(7, 91, False, "cadence") == round(10.0 * 7 / 91, 2)
    assert cadence.urgency(0, None, False, "followup") == 2.0
    # the reason weights of docs/due.md: promise 5, renewal 4, chase 3, followup 2, quiet 1, cadence 0
    assert [cadence.urgency(0, 7, False, reason) for reason in ("promise", "renewal", "chase", "quiet", "cadence")] == [5.0, 4.0, 3.0, 1.0, 0.0]
    assert cadence.urgency(7, 7, True, "chase") == 10.0 + 4.0 + 3.0  # a week past their deadline, overdue
    assert cadence.urgency(500, 7, True, "cadence") == 10.0 * 3 + 4.0  # lateness is capped
    assert cadence.urgency(-500, 7, False, "cadence") == -10.0
