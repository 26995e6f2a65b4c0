"""Trust scoring and the quiet rule as pure functions: golden values worked by hand, then properties.

Every golden value below is redone by hand in a comment, the way docs/scoring.md does it.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reltrack.core.rules.scoring import (
    CHANNEL_RICHNESS,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    DIRECTIONS,
    PROMISE_OWNERS,
    PROMISE_STATUSES,
    TREND_DAYS,
    FeedbackRecord,
    PromiseRecord,
    QuietState,
    ScoringSettings,
    TouchRecord,
    TrendScorer,
    confidence_for,
    consistency,
    depth,
    quiet_state,
    reliability,
    score_contact,
    score_with_trend,
    totals_from_records,
    trend_moment,
    window_length,
)


@pytest.fixture(autouse=True, scope="module")
def utc_local_days():
    """Local days are UTC days here, so the golden dates mean what they say."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if previous is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = previous
    time.tzset()


AS_OF = datetime(2026, 6, 30, 12, tzinfo=UTC)
AS_OF_DAY = date(2026, 6, 30)


def noon(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def scores(result) -> dict[str, float]:
    """Component scores and trust rounded to one decimal, as a report shows them."""
    rounded = {name: round(component.score, 1) for name, component in result.components.items()}
    return rounded | {"trust": round(result.trust, 1)}


# --- golden values -----------------------------------------------------------------------------


def test_no_touchpoints_is_the_neutral_baseline():
    result = score_contact([], [], [], None, AS_OF)
    # reliability (0 + 1) / (0 + 2) = 50; consistency and depth 0; reciprocity and satisfaction neutral 50
    # trust = 0.30 x 50 + 0.25 x 0 + 0.15 x 0 + 0.10 x 50 + 0.20 x 50 = 15 + 5 + 10 = 30
    assert scores(result) == {
        "reliability": 50.0,
        "consistency": 0.0,
        "depth": 0.0,
        "reciprocity": 50.0,
        "satisfaction": 50.0,
        "trust": 30.0,
    }
    assert (result.confidence, result.evidence, result.trend) == ("low", 0, None)
    assert list(result.components) == list(COMPONENTS)


def test_one_touchpoint():
    touches = [TouchRecord(noon(2026, 6, 16), "call", "in", None)]  # 14 days before as_of
    result = score_contact(touches, [], [], 14, AS_OF)
    # consistency: range 06-16..06-30 = 15 days, ceil(15 / 14) = 2 windows: (06-16, 06-30] is empty,
    #   (06-02, 06-16] holds the call -> 1 / 2 = 50
    # depth: one call -> mean richness 65, one channel -> no bonus = 65
    # reciprocity: 1 in, 0 out -> 100 x (1 - 1 / 3) = 66.67
    # trust = 0.30 x 50 + 0.25 x 50 + 0.15 x 65 + 0.10 x 66.67 + 0.20 x 50 = 15 + 12.5 + 9.75 + 6.67 + 10 = 53.92
    assert scores(result) == {
        "reliability": 50.0,
        "consistency": 50.0,
        "depth": 65.0,
        "reciprocity": 66.7,
        "satisfaction": 50.0,
        "trust": 53.9,
    }
    assert (result.confidence, result.evidence) == ("low", 1)
    assert result.trend is None  # nothing had happened 90 days earlier


def test_two_touchpoints():
    touches = [
        TouchRecord(noon(2026, 6, 30), "video", "out", 4),  # age 0 days, weight 1
        TouchRecord(noon(2026, 1, 1), "email", "in", None),  # age 180 days, weight 0.5 ** 2 = 0.25
    ]
    result = score_contact(touches, [], [], None, AS_OF)
    # consistency: range 01-01..06-30 = 181 days, ceil(181 / 30) = 7 windows; the video is in window 1,
    #   the email in window 7 (days 180-209 back) -> 2 / 7 = 28.57
    # depth: (1 x 80 + 0.25 x 35) / 1.25 = 71, two channels +5 = 76
    # reciprocity: 1 in, 1 out -> 100
    # satisfaction: rating 4 -> 75, weight 1 -> (75 + 50) / (1 + 1) = 62.5
    # trust = 15 + 0.25 x 28.57 + 0.15 x 76 + 10 + 0.20 x 62.5 = 15 + 7.14 + 11.4 + 10 + 12.5 = 56.04
    assert scores(result) == {
        "reliability": 50.0,
        "consistency": 28.6,
        "depth": 76.0,
        "reciprocity": 100.0,
        "satisfaction": 62.5,
        "trust": 56.0,
    }
    assert (result.confidence, result.evidence) == ("low", 3)  # 2 touches + 1 rating
    # 90 days earlier (04-01) only the email existed, 90 days old (weight 0.5):
    # reliability 50, consistency 1 / ceil(91 / 30) = 1 / 4 = 25, depth 35, reciprocity 66.67, satisfaction 50
    # trust then = 15 + 6.25 + 5.25 + 6.67 + 10 = 43.17; trend = 56.04 - 43.17 = 12.88
    assert round(result.trend, 1) == 12.9


def test_all_promises_kept_late():
    promises = [
        PromiseRecord("mine", date(2026, 6, 1), "kept", noon(2026, 6, 3)),
        PromiseRecord("theirs", date(2026, 5, 10), "kept", noon(2026, 5, 20)),
        PromiseRecord("theirs", date(2026, 3, 1), "kept", noon(2026, 3, 2)),
        PromiseRecord("mine", date(2026, 6, 28), "kept", datetime(2026, 6, 29, 0, 30, tzinfo=UTC)),  # a day late
        PromiseRecord("mine", date(2026, 6, 1), "cancelled", noon(2026, 5, 1)),  # never counts
        PromiseRecord("mine", date(2026, 7, 10), "open"),  # not due yet
    ]
    result = score_contact([], promises, [], None, AS_OF)
    # 4 due, each kept late for 0.5: (0 + 2 + 1) / (4 + 2) = 50 -- always late is as good as knowing nothing
    assert result.components["reliability"].formula == "(0 + 2 + 1) / (4 + 2) x 100 = 50.0"
    assert result.components["reliability"].evidence == 4
    assert scores(result)["trust"] == 30.0
    # on 04-01 only the March promise had come due: also 50, so no change
    assert result.trend == 0.0


def test_only_inbound_contact():
    days = [(6, 30), (5, 31), (5, 1), (4, 1)]
    touches = [TouchRecord(noon(2026, month, day), "message", "in", None) for month, day in days]
    result = score_contact(touches, [], [], 30, AS_OF)
    # consistency: range 04-01..06-30 = 91 days -> 4 windows of 30 days, one message in each = 100
    # depth 45; reciprocity: 4 in, 0 out -> 100 x (1 - 4 / 6) = 33.33
    # trust = 15 + 25 + 6.75 + 3.33 + 10 = 60.08
    assert scores(result) == {
        "reliability": 50.0,
        "consistency": 100.0,
        "depth": 45.0,
        "reciprocity": 33.3,
        "satisfaction": 50.0,
        "trust": 60.1,
    }
    # on 04-01: one message that day -> consistency 1 / 1 = 100, reciprocity 100 x (1 - 1 / 3) = 66.67
    # trust then = 15 + 25 + 6.75 + 6.67 + 10 = 63.42; trend = 60.08 - 63.42 = -3.33
    assert round(result.trend, 1) == -3.3


# The worked example of docs/scoring.md: keep the two in step.
MIX_TOUCHES = [
    TouchRecord(noon(2026, 6, 30), "meeting", "out", 5),  # age 0: weight 1
    TouchRecord(noon(2026, 5, 16), "call", "in", 4),  # age 45: weight 0.5 ** 0.5 = 0.7071
    TouchRecord(noon(2026, 4, 1), "email", "out", None),  # age 90: weight 0.5
    TouchRecord(noon(2026, 1, 1), "message", "out", 2),  # age 180: weight 0.25
    TouchRecord(noon(2025, 6, 1), "video", "out", None),  # age 394: weight 0.0481, older than a year
    TouchRecord(noon(2026, 7, 5), "meeting", "in", 1),  # after as_of: ignored
]
MIX_PROMISES = [
    PromiseRecord("mine", date(2026, 6, 10), "kept", noon(2026, 6, 9)),  # on time: 1
    PromiseRecord("theirs", date(2026, 5, 1), "kept", noon(2026, 5, 4)),  # late: 0.5
    PromiseRecord("mine", date(2026, 3, 15), "broken", noon(2026, 3, 20)),  # 0
    PromiseRecord("theirs", date(2026, 6, 20), "open"),  # past due: 0
    PromiseRecord("mine", date(2026, 7, 15), "open"),  # not due yet: not counted
    PromiseRecord("mine", date(2026, 6, 1), "cancelled", noon(2026, 5, 25)),  # not counted
    PromiseRecord("mine", date(2026, 6, 25), "kept", noon(2026, 7, 2)),  # kept after as_of: open, past due: 0
]
MIX_FEEDBACK = [
    FeedbackRecord(noon(2026, 4, 1), 9),  # age 90: weight 0.5, value 90
    FeedbackRecord(noon(2026, 7, 1), 0),  # after as_of: ignored
]


def test_a_mix_of_everything():
    result = score_contact(MIX_TOUCHES, MIX_PROMISES, MIX_FEEDBACK, 30, AS_OF)
    components = result.components
    # reliability: 5 due, credits 1 + 0.5 -> (1 + 0.5 + 1) / (5 + 2) = 35.71
    assert components["reliability"].formula == "(1 + 0.5 + 1) / (5 + 2) x 100 = 35.7"
    # consistency: the video is over a year old, so the range is 2025-06-30..2026-06-30 = 366 days,
    #   ceil(366 / 30) = 13 windows; touches 0, 45, 90 and 180 days back fill windows 1, 2, 4, 7 -> 4 / 13
    assert components["consistency"].formula == "4 / 13 x 100 = 30.8"
    # depth: sum w x r = 100 + 0.7071 x 65 + 0.5 x 35 + 0.25 x 45 + 0.0481 x 80 = 178.56,
    #   sum w = 2.5052, mean 71.28; meeting, call, email, message in the last year: 4 channels, bonus 15
    assert components["depth"].formula == "min(100, 178.5601 / 2.5052 + 15) = 86.3"
    # reciprocity over the last year: 1 in, 3 out -> 100 x (1 - 2 / 6) = 66.67
    assert components["reciprocity"].formula == "100 x (1 - |1 - 3| / (1 + 3 + 2)) = 66.7"
    # satisfaction: 1 x 100 + 0.7071 x 75 + 0.25 x 25 + 0.5 x 90 = 204.28 over weights 2.4571
    assert components["satisfaction"].formula == "(204.283 + 1 x 50) / (2.4571 + 1) = 73.6"
    # trust = 0.30 x 35.71 + 0.25 x 30.77 + 0.15 x 86.28 + 0.10 x 66.67 + 0.20 x 73.55 = 52.73
    assert scores(result) == {
        "reliability": 35.7,
        "consistency": 30.8,
        "depth": 86.3,
        "reciprocity": 66.7,
        "satisfaction": 73.6,
        "trust": 52.7,
    }
    # evidence: 4 touches in the last year + 5 promises counted + 3 ratings + 1 answer = 13
    assert (result.evidence, result.confidence) == (13, "medium")
    # on 04-01 trust was 40.64 (docs/scoring.md works it out): trend 52.73 - 40.64 = 12.08
    assert round(result.trend, 1) == 12.1
    assert result.formula.endswith(") / 1 = 52.7")


def test_reliability_formula_reads_like_the_spec():
    promises = [PromiseRecord("mine", date(2026, 6, day), "kept", noon(2026, 6, day)) for day in (1, 2, 3)]
    promises += [
        PromiseRecord("theirs", date(2026, 6, 1), "kept", noon(2026, 6, 5)),
        PromiseRecord("theirs", date(2026, 6, 1), "broken", noon(2026, 6, 2)),
    ]
    assert reliability(promises, AS_OF).formula == "(3 + 0.5 + 1) / (5 + 2) x 100 = 64.3"
    assert round(reliability(promises[:1], AS_OF).score, 1) == 66.7  # one kept of one


def test_records_after_as_of_are_ignored():
    later = noon(2026, 7, 1)
    with_future = score_contact(
        MIX_TOUCHES + [TouchRecord(later, "letter", "in", 1)],
        MIX_PROMISES + [PromiseRecord("mine", date(2026, 6, 1), "broken", later)],  # broken later: open at as_of
        MIX_FEEDBACK + [FeedbackRecord(later, 0)],
        30,
        AS_OF,
    )
    still_open = PromiseRecord("mine", date(2026, 6, 1), "open")
    with_open = score_contact(MIX_TOUCHES, MIX_PROMISES + [still_open], MIX_FEEDBACK, 30, AS_OF)
    assert with_future == with_open


def test_consistency_window_boundaries():
    def filled(days_back: list[int]) -> str:
        touches = [TouchRecord(AS_OF - timedelta(days=back), "call", "out", None) for back in days_back]
        return consistency(touches, 7, AS_OF).formula

    # window 1 is as_of_day and the 6 days before it; 7 days back starts window 2
    assert filled([0, 6]) == "1 / 1 x 100 = 100.0"
    assert filled([0, 7]) == "2 / 2 x 100 = 100.0"
    assert filled([8]) == "1 / 2 x 100 = 50.0"
    # over a year of weekly touches: 366 days in range, 53 windows; the 53rd reaches back to 370 days,
    # and the touch 367 days back still fills it: the oldest window is judged whole
    assert filled(list(range(3, 368, 7))) == "53 / 53 x 100 = 100.0"
    assert consistency([], 7, AS_OF).score == 0.0


def test_depth_variety_bonus_is_capped_and_needs_the_last_year():
    channels = list(CHANNEL_RICHNESS)
    today = [TouchRecord(AS_OF, channel, "out", None) for channel in channels]
    # mean of all seven richnesses = 370 / 7 = 52.86, bonus capped at 15
    assert round(depth(today, AS_OF).score, 1) == 67.9
    old = [TouchRecord(AS_OF - timedelta(days=400), channel, "out", None) for channel in ("letter", "email")]
    assert depth(old, AS_OF).formula.endswith("+ 0) = 27.5")  # no channel in the last year: no bonus


def test_every_counted_channel_has_a_richness_richest_first():
    from reltrack import vocab

    assert tuple(CHANNEL_RICHNESS) == vocab.COUNTED_CHANNELS
    assert list(CHANNEL_RICHNESS.values()) == sorted(CHANNEL_RICHNESS.values(), reverse=True)


def test_depth_is_capped_at_100():
    touches = [
        TouchRecord(AS_OF, "meeting", "out", None),
        TouchRecord(AS_OF - timedelta(days=300), "video", "in", None),
    ]
    # mean richness just under 100, plus 5 for two channels
    assert depth(touches, AS_OF).score == 100.0


def test_depth_of_touches_centuries_old_is_0():
    ancient = TouchRecord(datetime(1700, 1, 1, tzinfo=UTC), "meeting", "out", None)  # its weight underflows to 0
    assert depth([ancient], AS_OF).score == 0.0


def test_the_last_365_days_include_both_ends():
    def reciprocity_terms(days_back: int) -> str:
        touch = TouchRecord(AS_OF - timedelta(days=days_back), "call", "in", None)
        return score_contact([touch], [], [], None, AS_OF).components["reciprocity"].formula

    assert reciprocity_terms(365) == "100 x (1 - |1 - 0| / (1 + 0 + 2)) = 66.7"
    assert reciprocity_terms(366) == "no touches in the last 365 days = 50.0"


def test_a_promise_due_today_is_not_late_yet():
    due_today = PromiseRecord("mine", AS_OF_DAY, "open")
    due_yesterday = PromiseRecord("mine", AS_OF_DAY - timedelta(days=1), "open")
    assert reliability([due_today], AS_OF).evidence == 0
    assert reliability([due_today, due_yesterday], AS_OF).formula == "(0 + 0 + 1) / (1 + 2) x 100 = 33.3"


def test_weights():
    promises = [PromiseRecord("mine", date(2026, 6, 1), "kept", noon(2026, 6, 1))]
    only_reliability = ScoringSettings(weights={name: 0.0 for name in COMPONENTS} | {"reliability": 2.0})
    result = score_contact([], promises, [], None, AS_OF, only_reliability)
    assert result.trust == result.components["reliability"].score  # a weight of 0 removes a component
    assert result.formula == "(2 x 66.6667) / 2 = 66.7"
    assert ScoringSettings(weights={"depth": 1.0}).weights == DEFAULT_WEIGHTS | {"depth": 1.0}
    for weights in ({"depth": -0.1}, {name: 0 for name in COMPONENTS}, {"warmth": 1.0}, {"depth": float("nan")}):
        with pytest.raises(ValueError):
            ScoringSettings(weights=weights)


@pytest.mark.parametrize("evidence, level", [(0, "low"), (4, "low"), (5, "medium"), (14, "medium"), (15, "high")])
def test_confidence_levels(evidence, level):
    assert confidence_for(evidence) == level


def test_records_refuse_what_cannot_be_scored():
    with pytest.raises(ValueError):
        TouchRecord(datetime(2026, 6, 1), "call", "out", None)  # naive
    with pytest.raises(ValueError):
        TouchRecord(AS_OF, "note", "out", None)
    with pytest.raises(ValueError):
        PromiseRecord("mine", date(2026, 6, 1), "kept")  # kept when?
    with pytest.raises(ValueError):
        FeedbackRecord(AS_OF, 11)
    with pytest.raises(ValueError):
        score_contact([], [], [], None, datetime(2026, 6, 30))


# --- gone quiet ------------------------------------------------------------------------------------


def days_before(*days_back: int) -> list[date]:
    return [AS_OF_DAY - timedelta(days=back) for back in days_back]


def test_quiet_by_own_rhythm():
    # contact days 40, 47, 54, 61 days back: intervals 7, 7, 7, median 7; quiet after 2.5 x 7 = 17.5 days
    state = quiet_state(days_before(61, 54, 47, 40), 30, AS_OF_DAY)
    assert state == QuietState(7.0, 40, 40 / 7, AS_OF_DAY - timedelta(days=40 - 18), "rhythm")
    # 17 days of silence is not yet quiet, 18 is (and at least 14)
    assert quiet_state(days_before(34, 27, 20, 17), None, AS_OF_DAY) is None
    assert quiet_state(days_before(35, 28, 21, 18), None, AS_OF_DAY).quiet_on == AS_OF_DAY


def test_quiet_example_in_the_docs():
    weekly = [date(2026, 4, 1), date(2026, 4, 8), date(2026, 4, 15), date(2026, 4, 22)]
    state = quiet_state(weekly, None, date(2026, 5, 22))
    assert (state.rhythm_days, state.gap_days, round(state.ratio, 2)) == (7.0, 30, 4.29)
    assert state.quiet_on == date(2026, 5, 10)  # 18 days after 04-22
    assert quiet_state(weekly, None, date(2026, 5, 9)) is None


def test_quiet_median_ignores_one_long_pause():
    # intervals 100, 3, 3: median 3; 8 days quiet beats 2.5 x 3 but not the 14-day minimum
    assert quiet_state(days_before(114, 14, 11, 8), None, AS_OF_DAY) is None
    state = quiet_state(days_before(120, 20, 17, 14), None, AS_OF_DAY)
    assert (state.rhythm_days, state.gap_days, state.quiet_on) == (3.0, 14, AS_OF_DAY)


def test_quiet_by_cadence_with_little_history():
    state = quiet_state(days_before(80, 40, 40), 14, AS_OF_DAY)  # two distinct days: the cadence decides
    assert (state.basis, state.rhythm_days, state.gap_days, state.ratio) == ("cadence", 14.0, 40, 40 / 14)
    assert state.quiet_on == AS_OF_DAY - timedelta(days=40) + timedelta(days=36)  # floor(35) + 1
    assert quiet_state(days_before(80, 40), None, AS_OF_DAY) is None  # no cadence: never quiet
    assert quiet_state(days_before(30, 25, 20), 100, AS_OF_DAY).basis == "rhythm"  # three days: its own rhythm
    assert quiet_state([], 14, AS_OF_DAY) is None
    assert quiet_state(days_before(40) + [AS_OF_DAY + timedelta(days=1)], 14, AS_OF_DAY).gap_days == 40


# --- properties -------------------------------------------------------------------------------------

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))])
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 31), timezones=ZONES)
as_ofs = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31), timezones=ZONES)
touch_records = st.builds(
    TouchRecord,
    at=moments,
    channel=st.sampled_from(list(CHANNEL_RICHNESS)),
    direction=st.sampled_from(DIRECTIONS),
    rating=st.none() | st.integers(1, 5),
)
feedback_records = st.builds(FeedbackRecord, at=moments, score=st.integers(0, 10))
cadences = st.none() | st.integers(1, 120)
scoring_settings = st.builds(
    ScoringSettings,
    weights=st.fixed_dictionaries({name: st.floats(0, 5) for name in COMPONENTS}).filter(lambda w: any(w.values())),
    half_life_days=st.floats(1, 1000),
    default_window_days=st.integers(1, 120),
    quiet_factor=st.floats(0.5, 10),
    quiet_min_gap_days=st.integers(0, 60),
)


@st.composite
def promise_records(draw) -> PromiseRecord:
    status = draw(st.sampled_from(PROMISE_STATUSES))
    resolved_at = None if status == "open" else draw(moments)
    due_on = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 1, 31)))
    return PromiseRecord(draw(st.sampled_from(PROMISE_OWNERS)), due_on, status, resolved_at)


def settled_by(as_of: datetime) -> st.SearchStrategy[datetime]:
    return st.integers(0, 800 * 86400).map(lambda seconds: as_of - timedelta(seconds=seconds))


# touches, promises, feedback, cadence, as_of, settings
CONTACT_HISTORIES = (
    st.lists(touch_records, max_size=25),
    st.lists(promise_records(), max_size=10),
    st.lists(feedback_records, max_size=8),
    cadences,
    as_ofs,
    scoring_settings,
)
TOLERANCE = 1e-9  # the same sums in a different grouping may differ in the last bit


@settings(max_examples=300)
@given(*CONTACT_HISTORIES)
def test_every_score_stays_within_0_and_100(touches, promises, feedback, cadence_days, as_of, config):
    result = score_contact(touches, promises, feedback, cadence_days, as_of, config)
    for component in result.components.values():
        assert 0 <= component.score <= 100
    assert 0 <= result.trust <= 100 + TOLERANCE
    assert result.trend is None or -100 - TOLERANCE <= result.trend <= 100 + TOLERANCE
    assert result.confidence == confidence_for(result.evidence)


@given(st.lists(promise_records(), max_size=10), as_ofs, st.data())
def test_keeping_an_open_promise_never_lowers_reliability_and_breaking_never_raises(promises, as_of, data):
    open_at = [index for index, promise in enumerate(promises) if promise.status == "open"]
    if not open_at:
        promises = promises + [PromiseRecord("mine", data.draw(st.dates(date(2024, 1, 1), date(2027, 1, 31))), "open")]
        open_at = [len(promises) - 1]
    index = data.draw(st.sampled_from(open_at))
    resolved_at = data.draw(settled_by(as_of))

    def settled(status: str) -> list[PromiseRecord]:
        changed = PromiseRecord(promises[index].owner, promises[index].due_on, status, resolved_at)
        return promises[:index] + [changed] + promises[index + 1 :]

    before = reliability(promises, as_of).score
    assert reliability(settled("kept"), as_of).score >= before - TOLERANCE
    assert reliability(settled("broken"), as_of).score <= before + TOLERANCE


@given(st.lists(touch_records, max_size=25), as_ofs, moments, scoring_settings)
def test_a_meeting_never_lowers_depth(touches, as_of, meeting_at, config):
    meeting = TouchRecord(meeting_at, "meeting", "out", None)
    assert depth(touches + [meeting], as_of, config).score >= depth(touches, as_of, config).score - TOLERANCE


@given(
    st.lists(touch_records, max_size=25),
    st.lists(promise_records(), max_size=10),
    st.lists(feedback_records, max_size=8),
    cadences,
    as_ofs,
    st.randoms(use_true_random=False),
)
def test_shuffled_inputs_give_identical_scores(touches, promises, feedback, cadence_days, as_of, shuffler):
    expected = score_contact(touches, promises, feedback, cadence_days, as_of)
    for records in (touches, promises, feedback):
        shuffler.shuffle(records)
    assert score_contact(touches, promises, feedback, cadence_days, as_of) == expected


contact_day_lists = st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 1, 31)), max_size=20)
as_of_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@given(contact_day_lists, cadences, as_of_days, scoring_settings)
def test_a_touchpoint_today_is_never_quiet(contact_days, cadence_days, as_of_day, config):
    assert quiet_state(contact_days + [as_of_day], cadence_days, as_of_day, config) is None


@given(contact_day_lists, cadences, as_of_days, scoring_settings)
def test_quiet_on_is_the_first_quiet_day(contact_days, cadence_days, as_of_day, config):
    state = quiet_state(contact_days, cadence_days, as_of_day, config)
    if state is None:
        return
    assert state.quiet_on <= as_of_day
    assert state.ratio == state.gap_days / state.rhythm_days
    assert quiet_state(contact_days, cadence_days, state.quiet_on, config) is not None
    assert quiet_state(contact_days, cadence_days, state.quiet_on - timedelta(days=1), config) is None


def test_trend_compares_with_trust_ninety_days_earlier():
    earlier = score_contact(MIX_TOUCHES, MIX_PROMISES, MIX_FEEDBACK, 30, AS_OF - timedelta(days=TREND_DAYS))
    now = score_contact(MIX_TOUCHES, MIX_PROMISES, MIX_FEEDBACK, 30, AS_OF)
    assert now.trend == now.trust - earlier.trust
    assert round(earlier.trust, 1) == 40.6


@settings(max_examples=300)
@given(*CONTACT_HISTORIES)
def test_the_plain_scores_of_a_report_are_exactly_the_explained_ones(touches, promises, feedback, cadence_days, as_of, config):
    window_days = window_length(cadence_days, config)
    now = totals_from_records(touches, promises, feedback, window_days, as_of, config)
    earlier = totals_from_records(touches, promises, feedback, window_days, trend_moment(as_of), config)
    scorer = TrendScorer(as_of, config)
    explained, plain = scorer(now, earlier, window_days), scorer.plain(now, earlier, window_days)
    assert explained == score_with_trend(now, earlier, window_days, as_of, config)
    assert (plain.trust, plain.confidence, plain.trend) == (explained.trust, explained.confidence, explained.trend)
    assert plain.scores == tuple(component.score for component in explained.components.values())
